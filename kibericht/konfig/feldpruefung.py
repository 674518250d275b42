"""One value of a ki.toml key checked with its description (`konfig.schluessel`): one set of rules,
two faces. The loader checks every key of the file with it; a form (the setup assistant) checks
one field, and gets the same German sentence::

    >>> pruefe_feld("stellen", "umfang", 0.5)
    Feldpruefung(wert=0.5, meldung=None)
    >>> print(pruefe_feld("stellen", "umfang", float("nan")).meldung)
    „umfang“ in [[stellen]] ist keine gültige Zahl (nan). Schreiben Sie eine Zahl, z. B. umfang = 0.5.
    >>> aus_formular("stellen", "umfang", "0,5").wert
    0.5

What one key cannot know is checked by the loader across keys: a Stelle's `foerderung` names a
programme of the same file, a period's `umfang` is at most the Stelle's, a milestone's year lies
in its Schwerpunkt's years, IDs are unique.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from kibericht.konfig.modell import JahresWert
from kibericht.konfig.schluessel import (
    AUSWAHL,
    BETRAG,
    DATUM,
    ERSTES_JAHR,
    GANZZAHL,
    HOECHSTBETRAG,
    LETZTES_JAHR,
    MINDESTBETRAG,
    TABELLEN,
    TEXT,
    TEXTE,
    ZAHL,
    Schluessel,
    bereich_text,
    schluessel,
)
from kibericht.schema import load_schema, norm_key
from kibericht.zahlen import de_zahl

_BETRAG_TEXT = re.compile(r"\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?\s*(?:€|EUR|Euro)?\s*", re.I)


@dataclass(frozen=True)
class Feldpruefung:
    """The checked value of one key (`wert`, typed) or why it is wrong (`meldung`, German)."""

    wert: object
    meldung: str | None = None

    @property
    def ok(self) -> bool:
        return self.meldung is None


def _zeige(value: object) -> str:
    """A value as a message shows it: text in German quotes, shortened; numbers as written."""
    text = str(value)
    if len(text) > 40:
        text = text[:39] + "…"
    return f"„{text}“" if isinstance(value, str) else text


def typname(value: object) -> str:
    """The German name of a TOML value's type."""
    return {
        str: "Text", int: "ganze Zahl", float: "Zahl", bool: "Wahrheitswert", list: "Liste",
        dict: "Tabelle", dt.date: "Datum", dt.datetime: "Zeitpunkt", dt.time: "Uhrzeit",
    }.get(type(value), type(value).__name__)


_ERWARTET = {TEXT: "Text", TEXTE: "Liste von Texten", ZAHL: "Zahl", GANZZAHL: "ganze Zahl",
             BETRAG: "Betrag in Euro (Zahl)", DATUM: "Datum JJJJ-MM-TT", AUSWAHL: "Text",
             TABELLEN: "Liste von Tabellen"}


def _falscher_typ(s: Schluessel, value: object, ort: str) -> str:
    beispiel = f" Beispiel: {s.name} = {s.beispiel}." if s.beispiel else ""
    return (f"„{s.name}“ {ort} hat den falschen Typ ({typname(value)}); erwartet: {_ERWARTET[s.art]}."
            f"{beispiel}")


def _zahl_problem(s: Schluessel, value: object, ort: str, name: str) -> str | None:
    """Why a number is not allowed for `s` (finite, in range, whole parts), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return (f"„{name}“ {ort} ist keine gültige Zahl ({value}). Schreiben Sie eine Zahl, z. B. "
                f"{s.name} = {s.beispiel}.")
    assert isinstance(value, (int, float))
    low_ok = s.minimum is None or (value > s.minimum if s.ueber_minimum else value >= s.minimum)
    high_ok = s.maximum is None or value <= s.maximum
    if not (low_ok and high_ok):
        return (f"„{name}“ {ort} muss {bereich_text(s)} liegen ({s.label}, z. B. {s.name} = "
                f"{s.beispiel}), nicht {_zeige(value)}.")
    if s.teilt is not None:
        teile = s.teilt / Fraction(str(value))
        if teile.denominator != 1:
            return (f"„{name}“ {ort} muss eine Stunde in gleiche Teile teilen (0.25, 0.5, 0.1 …), nicht "
                    f"{_zeige(value)}.")
    if s.nachkommastellen is not None and isinstance(value, float):
        if Fraction(str(value)) * 10 ** s.nachkommastellen % 1:
            return (f"„{name}“ {ort} hat mehr als {s.nachkommastellen} Nachkommastellen "
                    f"({_zeige(value)}); ein Betrag in Euro hat höchstens Cent.")
    return None


def _betrag_problem(s: Schluessel, name: str, ort: str, amount: object) -> str | None:
    """Why `amount` is not a plausible euro amount, or None; with the likely meaning where the
    German habit explains it (57.000 is 57 € in TOML: „Meinten Sie 57000?“)."""
    if isinstance(amount, str):
        text = (f"„{name} = \"{amount}\"“ {ort} ist ein Text. Schreiben Sie den Betrag als Zahl ohne "
                "Anführungszeichen, Tausenderpunkt und €")
        match = _BETRAG_TEXT.fullmatch(amount)
        if match:
            number = match.group(1).replace(".", "") + (f".{match.group(2)}" if match.group(2) else "")
            return f"{text}: {s.name} = {number}."
        return f"{text}, z. B. {s.name} = 57000."
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        return f"„{name}“ {ort} muss ein Betrag in Euro sein (eine Zahl, z. B. {s.name} = 57000)."
    if isinstance(amount, float) and not math.isfinite(amount):
        return (f"„{name}“ {ort} ist kein Betrag ({amount}). Schreiben Sie den Betrag in Euro als Zahl, "
                f"z. B. {s.name} = 57000.")
    if amount < MINDESTBETRAG:
        guess = amount * 1000
        hint = f" Meinten Sie {guess:.0f}?" if guess >= MINDESTBETRAG and guess == round(guess) else ""
        return (f"„{name}“ {ort} ergibt {de_zahl(amount)} € – weniger als 1.000 € im Jahr.{hint} In "
                f"ki.toml ist der Punkt das Dezimalzeichen (57.000 bedeutet 57 €): schreiben Sie Beträge "
                f"ohne Tausenderpunkt, z. B. {s.name} = 57000.")
    if amount > HOECHSTBETRAG:
        return (f"„{name}“ {ort} ergibt {_zeige(amount)} € – mehr als {de_zahl(HOECHSTBETRAG, 0)} € im "
                f"Jahr ist kein plausibler Betrag. Prüfen Sie die Ziffern, z. B. {s.name} = 57000.")
    return _zahl_problem(s, amount, ort, name)


def _pruefe_betrag(s: Schluessel, value: object, ort: str) -> Feldpruefung:
    if isinstance(value, dict):
        pairs = []
        for year, amount in value.items():
            if not re.fullmatch(r"\d{4}", str(year)) or not ERSTES_JAHR <= int(year) <= LETZTES_JAHR:
                return Feldpruefung(None, f"„{s.name}“ {ort}: jeder Eintrag muss JAHR = Betrag sein "
                                          f"(z. B. {{ 2025 = 57000 }}), nicht {_zeige(year)} = "
                                          f"{_zeige(amount)}.")
            problem = _betrag_problem(s, f"{s.name} für {year}", ort, amount)
            if problem:
                return Feldpruefung(None, problem)
            pairs.append((int(year), float(amount)))
        return Feldpruefung(JahresWert(None, tuple(sorted(pairs))))
    problem = _betrag_problem(s, s.name, ort, value)
    if problem:
        return Feldpruefung(None, problem)
    return Feldpruefung(JahresWert(float(cast(float, value))))  # a number: `_betrag_problem` found none


def _pruefe_text(s: Schluessel, value: str, ort: str) -> Feldpruefung:
    text = value.strip()
    if not text and not s.leer_erlaubt:
        standard = f"; ohne den Schlüssel gilt {s.standard_text}" if s.standard_text else ""
        return Feldpruefung(None, f"„{s.name}“ {ort} darf nicht leer sein{standard}.")
    if s.hoechstlaenge is not None and len(text) > s.hoechstlaenge:
        return Feldpruefung(None, f"„{s.name}“ {ort} ist mit {len(text)} Zeichen zu lang (höchstens "
                                  f"{s.hoechstlaenge}).")
    if s.muster is not None and not re.fullmatch(s.muster, text):
        return Feldpruefung(None, f"„{s.name}“ = {_zeige(text)} {ort} ist nicht erlaubt: "
                                  f"{s.muster_text}, z. B. {s.name} = {s.beispiel}.")
    return Feldpruefung(text)


def _pruefe_auswahl(s: Schluessel, value: str, ort: str) -> Feldpruefung:
    erlaubt = s.erlaubt()
    if s.auswahl == "handlungsfelder":  # the long official names count as well
        gefunden = load_schema().handlungsfeld_lookup().get(norm_key(value))
    else:
        gefunden = value if value in erlaubt else None
    if gefunden is None:
        liste = ", ".join(f"„{e}“" for e in erlaubt[:-1]) + f" und „{erlaubt[-1]}“" if len(erlaubt) > 1 \
            else f"„{erlaubt[0]}“"
        return Feldpruefung(None, f"„{s.name}“ = {_zeige(value)} {ort} ist unbekannt; erlaubt "
                                  f"sind {liste}.")
    return Feldpruefung(gefunden)


def pruefe_wert(s: Schluessel, value: object, ort: str | None = None) -> Feldpruefung:
    """Check one TOML value of key `s`: the typed value, or a German sentence naming the key,
    `ort` (where it stands, with its preposition: „bei Stelle „FK1““; default: its table) and how
    to write it instead."""
    ort = ort or s.ort
    if s.art == BETRAG:
        return _pruefe_betrag(s, value, ort)
    if isinstance(value, bool):
        return Feldpruefung(None, _falscher_typ(s, value, ort))
    if s.art in (TEXT, AUSWAHL):
        if not isinstance(value, str):
            return Feldpruefung(None, _falscher_typ(s, value, ort))
        return _pruefe_text(s, value, ort) if s.art == TEXT else _pruefe_auswahl(s, value, ort)
    if s.art == TEXTE:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return Feldpruefung(None, f"„{s.name}“ {ort} muss eine Liste von Texten sein, z. B. "
                                      f"{s.name} = {s.beispiel}.")
        return Feldpruefung(tuple(v.strip() for v in value))
    if s.art == ZAHL:
        if not isinstance(value, (int, float)):
            return Feldpruefung(None, _falscher_typ(s, value, ort))
        problem = _zahl_problem(s, value, ort, s.name)
        return Feldpruefung(None, problem) if problem else Feldpruefung(float(value))
    if s.art == GANZZAHL:
        if not isinstance(value, int):
            return Feldpruefung(None, _falscher_typ(s, value, ort))
        problem = _zahl_problem(s, value, ort, s.name)
        return Feldpruefung(None, problem) if problem else Feldpruefung(value)
    if s.art == DATUM:
        return _pruefe_datum(s, value, ort)
    if s.art == TABELLEN:
        items = [value] if isinstance(value, dict) else value
        if not isinstance(items, list) or not all(isinstance(v, dict) for v in items):
            return Feldpruefung(None, _falscher_typ(s, value, ort))
        return Feldpruefung(items)
    raise ValueError(f"unknown kind of key {s.art!r}")


def _pruefe_datum(s: Schluessel, value: object, ort: str) -> Feldpruefung:
    datum = None
    if isinstance(value, dt.datetime):
        datum = value.date()
    elif isinstance(value, dt.date):
        datum = value
    elif isinstance(value, str):
        try:
            datum = dt.date.fromisoformat(value.strip())
        except ValueError:
            datum = None
    if datum is None:
        return Feldpruefung(None, f"„{s.name}“ {ort} ist kein Datum ({_zeige(value)}); schreiben Sie "
                                  f"JJJJ-MM-TT, z. B. {s.name} = {s.beispiel}.")
    if not ERSTES_JAHR <= datum.year <= LETZTES_JAHR:
        return Feldpruefung(None, f"„{s.name}“ {ort}: das Datum {datum.isoformat()} liegt nicht zwischen "
                                  f"{ERSTES_JAHR} und {LETZTES_JAHR}.")
    return Feldpruefung(datum)


def fehlt_meldung(s: Schluessel, ort: str | None = None) -> str:
    """The message for a required key that is missing (in the file) or empty (in a form)."""
    ort = ort or s.ort
    return f"{ort[0].upper()}{ort[1:]} fehlt der Schlüssel „{s.name}“."


def pruefe_feld(tabelle: str, name: str, value: object, ort: str | None = None) -> Feldpruefung:
    """Check the value of one key, as ki.toml holds it (a TOML value): the rules and messages
    of the file, for one form field."""
    return pruefe_wert(schluessel(tabelle, name), value, ort)


# ---------------------------------------------------------------------------- the form's face

_ZAHL_TEXT = re.compile(r"[+-]?(\d+(?:[.,]\d*)?|[.,]\d+)")


def _aus_text(s: Schluessel, text: str) -> object:
    """A form's text as the TOML value it stands for; a German number („0,5“, „57.000 €“) is
    read as a person means it. Text that is no such value stays text (its check names the type)."""
    text = text.strip()
    if s.art in (ZAHL, GANZZAHL):
        if _ZAHL_TEXT.fullmatch(text):
            number = text.replace(",", ".")
            if re.fullmatch(r"[+-]?\d+", number):  # „0“ is the TOML value 0, as `umfang = 0`
                return int(number)
            return float(number)
        return text
    if s.art == BETRAG:
        match = _BETRAG_TEXT.fullmatch(text)
        if match:
            euros = int(match.group(1).replace(".", ""))
            return euros + int(match.group(2).ljust(2, "0")) / 100 if match.group(2) else euros
        # „57.000,505 €“ or „57.0“: the number it is, so that the check says what is wrong with it
        genau = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+),(\d+)\s*(?:€|EUR|Euro)?", text, re.I)
        if genau:
            return float(f"{genau.group(1).replace('.', '')}.{genau.group(2)}")
        if _ZAHL_TEXT.fullmatch(text):
            return float(text.replace(",", "."))
        return text
    if s.art == TEXTE:
        return [t.strip() for t in re.split(r"[\n;]", text) if t.strip()]
    if s.art == DATUM:
        german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if german:
            try:
                return dt.date(int(german.group(3)), int(german.group(2)), int(german.group(1)))
            except ValueError:
                return text
        return text
    return text


def formularwert(tabelle: str, name: str, text: str) -> object:
    """The TOML value a form's text stands for (`0,5` → 0.5, `01.03.2025` → a date); text that
    is no such value stays text, so that its check names the type."""
    return _aus_text(schluessel(tabelle, name), text)


def aus_formular(tabelle: str, name: str, text: str, ort: str | None = None) -> Feldpruefung:
    """Check one form field given as text: the same rules and messages as ki.toml, after
    reading German number and date habits (`0,5`, `57.000 €`, `01.03.2025`) as meant.

        >>> aus_formular("stellen", "pauschale", "57.000 €").wert
        JahresWert(immer=57000.0, je_jahr=())
    """
    s = schluessel(tabelle, name)
    return pruefe_wert(s, _aus_text(s, text), ort)


