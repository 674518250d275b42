"""The keys of ki.toml, described once: name, type, range, default, German label and help text.

`konfig.laden` checks every key of the file with these descriptions, and a form (the setup
assistant, in the browser or on the command line) checks one field with the same rules and the
same German sentences — one set of rules, two faces::

    >>> pruefe_feld("stellen", "umfang", 0.5)
    Feldpruefung(wert=0.5, meldung=None)
    >>> print(pruefe_feld("stellen", "umfang", float("nan")).meldung)
    „umfang“ in [[stellen]] ist keine gültige Zahl (nan). Schreiben Sie eine Zahl, z. B. umfang = 0.5.
    >>> aus_formular("stellen", "umfang", "0,5").wert
    0.5

What one key cannot know is checked by the loader across keys: a Stelle's `foerderung` names a
programme of the same file, a period's `umfang` is at most the Stelle's, a milestone's year lies
in its Schwerpunkt's years, IDs are unique. `schluessel_tabelle()` writes the key table of the
documentation from the same descriptions.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from kibericht.konfig.ki_kennung import KENNUNG_LAENGE, KENNUNG_MUSTER
from kibericht.konfig.modell import (
    ABLAGE_STANDARD,
    ANTEILIG,
    SOLL_LEHRKRAEFTE,
    TERMINE,
    ZAEHLT,
    JahresWert,
)
from kibericht.schema import load_schema, norm_key
from kibericht.zahlen import de_kurz, de_zahl

# kinds of value
TEXT = "text"
TEXTE = "texte"  # a list of texts
ZAHL = "zahl"
GANZZAHL = "ganzzahl"
BETRAG = "betrag"  # euros a year: a number, or one per year { 2025 = 57000 }
DATUM = "datum"
AUSWAHL = "auswahl"  # one of a few texts
TABELLEN = "tabellen"  # a list of tables (besetzt, meilensteine)

MINDESTBETRAG = 1000  # € a year; less is a typo such as 57.000 (TOML reads 57.0)
HOECHSTBETRAG = 10_000_000  # € a year; a KI's whole funding is some hundred thousand euros
ERSTES_JAHR, LETZTES_JAHR = 1990, 2099  # as the dates of entries (`datum-unplausibel`)
MEILENSTEIN_HOECHSTZAHL = 10_000  # countable things in one year

_BETRAG_TEXT = re.compile(r"\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?\s*(?:€|EUR|Euro)?\s*", re.I)


@dataclass(frozen=True)
class Tabelle:
    """A table of ki.toml: `[ki]` (one) or `[[stellen]]` (a list of tables)."""

    name: str  # the path in the file: "ki", "stellen", "schwerpunkte.meilensteine"
    liste: bool
    label: str
    hilfe: str
    pflicht: bool = False

    @property
    def toml(self) -> str:
        """How the table is written in ki.toml: `[ki]`, `[[stellen]]`, `besetzt = [ { … } ]`."""
        if self.name == "stellen.besetzt":
            return "[[stellen]] besetzt = [ { … } ]"
        return f"[[{self.name}]]" if self.liste else f"[{self.name}]"


@dataclass(frozen=True)
class Schluessel:
    """One key of ki.toml with everything needed to check a value and to document it."""

    tabelle: str
    name: str
    art: str
    label: str  # a German name for a form field
    hilfe: str  # one or two German sentences: what it means
    beispiel: str = ""  # as written in ki.toml, e.g. "0.5" or '"tagesgenau"'
    pflicht: bool = False
    pflicht_text: str = ""  # for the docs where "ja"/"nein" does not say it ("bei Programm")
    standard: object = None
    standard_text: str = ""  # for the docs where the default is no value ("die id")
    minimum: float | None = None
    maximum: float | None = None
    ueber_minimum: bool = False  # the minimum itself is not allowed
    auswahl: tuple[str, ...] | str = ()  # the allowed texts, or the name of a list in schemas/
    leer_erlaubt: bool = False  # a text may be empty
    hoechstlaenge: int | None = None
    muster: str | None = None  # a text must match it whole
    muster_text: str = ""  # what the pattern asks for, in German
    teilt: Fraction | None = None  # the value must divide this into whole parts (stundentakt: 1 h)
    nachkommastellen: int | None = None

    @property
    def ort(self) -> str:
        """Where the key stands, for messages: „in [[stellen]]“."""
        return f"in {TABELLEN_DER_DATEI[self.tabelle].toml}"

    def erlaubt(self) -> tuple[str, ...]:
        """The allowed texts of an AUSWAHL key."""
        if isinstance(self.auswahl, str):
            return tuple(getattr(load_schema(), self.auswahl))
        return self.auswahl


@dataclass(frozen=True)
class Feldpruefung:
    """The checked value of one key (`wert`, typed) or why it is wrong (`meldung`, German)."""

    wert: object
    meldung: str | None = None

    @property
    def ok(self) -> bool:
        return self.meldung is None


_T = Tabelle
TABELLEN_DER_DATEI: dict[str, Tabelle] = {t.name: t for t in (
    _T("ki", False, "Das KI", "Name, Kommunen und Tätigkeiten des Kommunalen Integrationszentrums.", True),
    _T("regeln", False, "Prüfregeln", "Schwerpunktquote, Höchststunden, Kürzung der Pauschale."),
    _T("programme", True, "Förderprogramme", "Förderprogramme mit ihrem Höchstbetrag je Jahr."),
    _T("stellen", True, "Stellenplan", "Jede Stelle des Stellenplans, mit Förderung und Besetzung.", True),
    _T("stellen.besetzt", True, "Besetzung", "Zeiträume, in denen eine Stelle besetzt ist."),
    _T("schwerpunkte", True, "Themenschwerpunkte", "Die vom Ausschuss beschlossenen Schwerpunkte."),
    _T("schwerpunkte.meilensteine", True, "Meilensteine", "Ein Meilenstein je Schwerpunkt und Jahr."),
    _T("ablage", False, "Ablage", "Wo abgeschlossene Monate abgelegt werden."),
    _T("nachweise", False, "Nachweise", "Wo die Tätigkeitsnachweise liegen."),
    _T("oeffentlich", False, "Öffentliche Fassung", "Geheimhaltung in allem, was veröffentlicht wird."),
)}

_S = Schluessel
SCHLUESSEL: tuple[Schluessel, ...] = (
    # [ki]
    _S("ki", "name", TEXT, "Name des KI", "Name des KI, steht auf jedem Bericht.",
       '"Kommunales Integrationszentrum Kreis Beispiel"', pflicht=True, hoechstlaenge=200),
    _S("ki", "kommunen", TEXTE, "Kommunen", "Die Kommunen des Kreises; „kreisweit“ ist immer zusätzlich "
       "erlaubt.", '["Alfter", "Bornheim"]', pflicht=True),
    _S("ki", "taetigkeiten", TEXTE, "Tätigkeiten", "Eigene Liste der Tätigkeiten.", '["Beratung", '
       '"Netzwerktreffen"]', standard_text="Beratung, Veranstaltung, Fortbildung, Netzwerktreffen, "
       "Gremienarbeit, Konzeptentwicklung, Projektarbeit, Öffentlichkeitsarbeit, Verwaltung, Sonstiges"),
    _S("ki", "kennung", TEXT, "Kennung des KI", "Feste Kurzbezeichnung des KI (Buchstaben, Ziffern und "
       "Bindestrich), z. B. für die Meldung an das Land; ohne Angabe aus dem Namen gebildet: „KI-“ und "
       "die Wörter des Namens ohne „Kommunales Integrationszentrum“ und ohne Klammern, in "
       "Großbuchstaben, Umlaute ausgeschrieben, höchstens 32 Zeichen.", '"KI-AC"',
       standard_text="aus dem Namen gebildet", hoechstlaenge=KENNUNG_LAENGE[1], muster=KENNUNG_MUSTER,
       muster_text=f"nur Buchstaben A–Z, Ziffern und Bindestriche dazwischen, {KENNUNG_LAENGE[0]} bis "
                   f"{KENNUNG_LAENGE[1]} Zeichen"),
    # [regeln]
    _S("regeln", "schwerpunkt_mindestanteil", ZAHL, "Mindestanteil der Schwerpunkte", "Mindestanteil "
       "der Stunden mit Schwerpunkt (0.5 = 50 %).", "0.5", standard=0.5, minimum=0, maximum=1),
    _S("regeln", "max_stunden_pro_tag", ZAHL, "Höchststunden je Tag", "Mehr Stunden je Stelle und Tag "
       "ergeben eine Warnung (Arbeitszeitgesetz).", "10", standard=10.0, minimum=0, ueber_minimum=True,
       maximum=24),
    _S("regeln", "anteilig", AUSWAHL, "Kürzung der Pauschale", "Kürzung der Pauschale bei Vakanz und "
       "Teilzeit: „tagesgenau“ oder „volle_monate“.", '"tagesgenau"', standard="tagesgenau",
       auswahl=ANTEILIG),
    _S("regeln", "soll_lehrkraefte", AUSWAHL, "Soll-Stunden der Lehrkräfte", "„wochenstunden“: wie "
       "alle Stellen; „keine“: kein Soll (z. B. bei Abordnung mit Unterrichtsverpflichtung).",
       '"wochenstunden"', standard="wochenstunden", auswahl=SOLL_LEHRKRAEFTE),
    _S("regeln", "stundentakt", ZAHL, "Stundentakt", "Takt, in dem Stunden erfasst werden, z. B. 0.25 "
       "(Viertelstunde); Stunden, die nicht darauf liegen, ergeben einen Hinweis. Ohne Angabe kein "
       "solcher Hinweis.", "0.25", standard_text="kein Takt", minimum=0, ueber_minimum=True, maximum=1,
       teilt=Fraction(1)),
    # [[programme]]
    _S("programme", "name", TEXT, "Name des Programms", "Name des Förderprogramms (z. B. „KI“, „KIM“, "
       "„KOMM-AN“); „Land“ und „Eigenmittel“ sind reserviert.", '"KI"', pflicht=True, hoechstlaenge=60),
    _S("programme", "hoechstbetrag", BETRAG, "Höchstbetrag je Jahr", "Höchstbetrag in € je Jahr für alle "
       "Stellen des Programms, fest oder je Jahr.", "170000", pflicht=True, minimum=MINDESTBETRAG,
       maximum=HOECHSTBETRAG, nachkommastellen=2),
    # [[stellen]]
    _S("stellen", "id", TEXT, "Kürzel der Stelle", "Kürzel, wie es in der Spalte „Stelle“ steht "
       "(eindeutig).", '"FK1"', pflicht=True, hoechstlaenge=30),
    _S("stellen", "bezeichnung", TEXT, "Bezeichnung", "Bezeichnung der Stelle.", '"Fachkraft"',
       standard_text="die id", leer_erlaubt=True, hoechstlaenge=200),
    _S("stellen", "art", AUSWAHL, "Art der Stelle", "Lehrkraft, Fachkraft, Verwaltung oder Assistenz.",
       '"Fachkraft"', pflicht=True, auswahl="stellenarten"),
    _S("stellen", "umfang", ZAHL, "Stellenanteil (VZÄ)", "Stellenanteil in Vollzeitäquivalenten.", "0.5",
       standard=1.0, minimum=0, ueber_minimum=True, maximum=10),
    _S("stellen", "wochenstunden", ZAHL, "Wochenstunden bei Vollzeit", "Wochenarbeitszeit bei Vollzeit "
       "(39 nach TVöD-VKA, 41 für Beamtinnen und Beamte in NRW).", "39", standard=39.0, minimum=0,
       ueber_minimum=True, maximum=60),
    _S("stellen", "foerderung", TEXT, "Förderung", "Ein Programm aus [[programme]], „Land“ (vom Land "
       "bezahlt, keine Pauschale) oder „Eigenmittel“.", '"KI"', pflicht=True),
    _S("stellen", "pauschale", BETRAG, "Pauschale je Jahr", "€ je Jahr bei voller Besetzung, fest oder "
       "je Jahr.", "57000", pflicht_text="bei Programm", minimum=MINDESTBETRAG, maximum=HOECHSTBETRAG,
       nachkommastellen=2),
    _S("stellen", "besetzt", TABELLEN, "Besetzung", "Besetzungszeiträume; ohne Angabe ganzjährig "
       "besetzt.", "[ { von = 2025-01-01, bis = 2025-06-30 } ]", standard_text="ganzjährig besetzt"),
    # besetzt = [ { von, bis, umfang } ]
    _S("stellen.besetzt", "von", DATUM, "besetzt ab", "Erster Tag des Zeitraums.", "2025-01-01",
       pflicht=True),
    _S("stellen.besetzt", "bis", DATUM, "besetzt bis", "Letzter Tag des Zeitraums (einschließlich); ohne "
       "Angabe weiterhin besetzt.", "2025-06-30", standard_text="weiterhin besetzt"),
    _S("stellen.besetzt", "umfang", ZAHL, "Umfang im Zeitraum", "Besetzter Anteil in VZÄ, höchstens der "
       "Umfang der Stelle.", "0.5", standard_text="Umfang der Stelle", minimum=0, ueber_minimum=True,
       maximum=10),
    # [[schwerpunkte]]
    _S("schwerpunkte", "id", TEXT, "Kürzel des Schwerpunkts", "Kürzel; in den Nachweisen zählt es wie der "
       "Titel.", '"SP1"', pflicht=True, hoechstlaenge=30),
    _S("schwerpunkte", "titel", TEXT, "Titel", "Titel des Schwerpunkts.", '"Bildung verbessern"',
       pflicht=True, hoechstlaenge=500),
    _S("schwerpunkte", "handlungsfeld", AUSWAHL, "Handlungsfeld", "Bildung, Querschnitt, KIM oder "
       "Übergreifend.", '"Bildung"', pflicht=True, auswahl="handlungsfelder"),
    _S("schwerpunkte", "zieldimension", AUSWAHL, "Zieldimension", "I Erstintegration, II Nachhaltige "
       "Integration in die Regelsysteme, III Migrationsgesellschaft gestalten.", '"I"', pflicht=True,
       auswahl="zieldimensionen"),
    _S("schwerpunkte", "von", GANZZAHL, "erstes Jahr", "Erstes Jahr des Zweijahreszeitraums.", "2025",
       pflicht=True, minimum=ERSTES_JAHR, maximum=LETZTES_JAHR),
    _S("schwerpunkte", "bis", GANZZAHL, "letztes Jahr", "Letztes Jahr des Zweijahreszeitraums.", "2026",
       pflicht=True, minimum=ERSTES_JAHR, maximum=LETZTES_JAHR),
    _S("schwerpunkte", "zielbezug", TEXT, "Zielbezug", "Text aus dem Ausschussbeschluss.", '"…"',
       leer_erlaubt=True, hoechstlaenge=2000),
    _S("schwerpunkte", "ziel", TEXT, "Ziel", "Text aus dem Ausschussbeschluss.", '"…"', leer_erlaubt=True,
       hoechstlaenge=2000),
    _S("schwerpunkte", "meilensteine", TABELLEN, "Meilensteine", "Ein Meilenstein je Jahr.",
       "[[schwerpunkte.meilensteine]]"),
    # [[schwerpunkte.meilensteine]]
    _S("schwerpunkte.meilensteine", "jahr", GANZZAHL, "Jahr", "Das Jahr des Meilensteins.", "2025",
       pflicht=True, minimum=ERSTES_JAHR, maximum=LETZTES_JAHR),
    _S("schwerpunkte.meilensteine", "text", TEXT, "Meilenstein", "Der Meilenstein, wie beschlossen.",
       '"4–6 Netzwerktreffen"', pflicht=True, hoechstlaenge=2000),
    _S("schwerpunkte.meilensteine", "taetigkeit", TEXT, "gezählte Tätigkeit", "Macht den Meilenstein "
       "zusammen mit „mindestens“ zählbar: gezählt werden Termine (oder Einträge, siehe „zaehlt“) dieser "
       "Tätigkeit mit diesem Schwerpunkt im Jahr.", '"Netzwerktreffen"'),
    _S("schwerpunkte.meilensteine", "mindestens", GANZZAHL, "mindestens", "Zahl, die im Jahr erreicht "
       "werden soll.", "4", minimum=0, maximum=MEILENSTEIN_HOECHSTZAHL),
    _S("schwerpunkte.meilensteine", "hoechstens", GANZZAHL, "höchstens", "Obergrenze (z. B. 4–6 "
       "Treffen).", "6", minimum=0, maximum=MEILENSTEIN_HOECHSTZAHL),
    _S("schwerpunkte.meilensteine", "zaehlt", AUSWAHL, "gezählt werden", "„termine“: Einträge mit "
       "gleichem Datum, gleicher Tätigkeit, gleichem Schwerpunkt und gleicher Kommune sind ein Termin "
       "(ein Netzwerktreffen, das drei Mitarbeitende eintragen, zählt einmal); „eintraege“: jeder Eintrag "
       "zählt.", '"termine"', standard=TERMINE, auswahl=ZAEHLT),
    # [ablage], [nachweise], [oeffentlich]
    _S("ablage", "ordner", TEXT, "Ordner der Ablage", "Ordner der abgeschlossenen Monate, relativ zum "
       "Ordner der ki.toml oder absolut.", '"abschluesse"', standard=ABLAGE_STANDARD,
       standard_text=f"„{ABLAGE_STANDARD}“ neben der ki.toml"),
    _S("nachweise", "ordner", TEXT, "Ordner der Nachweise", "Ordner der Tätigkeitsnachweise, relativ "
       "zum Ordner der ki.toml oder absolut; wird genutzt, wenn ein Befehl ohne Eingabe aufgerufen wird.",
       '"nachweise"', standard_text="keiner"),
    _S("oeffentlich", "mindestens_stellen", GANZZAHL, "Mindestzahl der Stellen", "Eine Zahl der "
       "öffentlichen Fassung wird nur gezeigt, wenn mindestens so viele Stellen zu ihr beitragen "
       "(Fallzahlregel der amtlichen Statistik; strenger ja, weniger als 3 nicht).", "3", standard=3,
       minimum=3, maximum=50),
    _S("oeffentlich", "hoechstanteil", ZAHL, "Höchstanteil einer Stelle", "Eine Zahl der öffentlichen "
       "Fassung wird nur gezeigt, wenn keine einzelne Stelle mehr als diesen Anteil beiträgt "
       "(Dominanzregel; strenger ja, mehr als 0.85 nicht).", "0.85", standard=0.85, minimum=0.5,
       maximum=0.85),
)
_NACH_NAME = {(s.tabelle, s.name): s for s in SCHLUESSEL}


def schluessel(tabelle: str, name: str) -> Schluessel:
    """The description of one key, e.g. `schluessel("stellen", "umfang")`."""
    return _NACH_NAME[(tabelle, name)]


def schluessel_von(tabelle: str) -> tuple[Schluessel, ...]:
    """The keys a table may hold, in the order of the documentation."""
    return tuple(s for s in SCHLUESSEL if s.tabelle == tabelle)


def oberste_tabellen() -> tuple[str, ...]:
    """The tables a ki.toml may hold at its top level."""
    return tuple(name for name in TABELLEN_DER_DATEI if "." not in name)


# ---------------------------------------------------------------------------- checking one value

def _zeige(value: object) -> str:
    """A value as a message shows it: shortened, numbers as written."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


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


def _bereich_text(s: Schluessel) -> str:
    """„über 0 und höchstens 10“, „zwischen 0 und 1“, „mindestens 3“."""
    unten = None if s.minimum is None else de_kurz(s.minimum)
    oben = None if s.maximum is None else de_kurz(s.maximum)
    if s.art == GANZZAHL and s.minimum is not None and s.minimum >= ERSTES_JAHR:
        unten, oben = str(int(s.minimum)), str(int(s.maximum or 0))  # years without a thousands dot
    elif s.art == BETRAG:
        unten, oben = f"{de_zahl(s.minimum or 0, 0)} €", f"{de_zahl(s.maximum or 0, 0)} €"
    if unten is not None and oben is not None:
        return f"über {unten} und höchstens {oben}" if s.ueber_minimum else f"zwischen {unten} und {oben}"
    if unten is not None:
        return f"über {unten}" if s.ueber_minimum else f"mindestens {unten}"
    return f"höchstens {oben}"


def _zahl_problem(s: Schluessel, value: object, ort: str, name: str) -> str | None:
    """Why a number is not allowed for `s` (finite, in range, whole parts), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return (f"„{name}“ {ort} ist keine gültige Zahl ({value}). Schreiben Sie eine Zahl, z. B. "
                f"{s.name} = {s.beispiel}.")
    assert isinstance(value, (int, float))
    low_ok = s.minimum is None or (value > s.minimum if s.ueber_minimum else value >= s.minimum)
    high_ok = s.maximum is None or value <= s.maximum
    if not (low_ok and high_ok):
        return (f"„{name}“ {ort} muss {_bereich_text(s)} liegen ({s.label}, z. B. {s.name} = "
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
    return Feldpruefung(JahresWert(float(value)))


def _pruefe_text(s: Schluessel, value: str, ort: str) -> Feldpruefung:
    text = value.strip()
    if not text and not s.leer_erlaubt:
        standard = f"; ohne den Schlüssel gilt {s.standard_text}" if s.standard_text else ""
        return Feldpruefung(None, f"„{s.name}“ {ort} darf nicht leer sein{standard}.")
    if s.hoechstlaenge is not None and len(text) > s.hoechstlaenge:
        return Feldpruefung(None, f"„{s.name}“ {ort} ist mit {len(text)} Zeichen zu lang (höchstens "
                                  f"{s.hoechstlaenge}).")
    if s.muster is not None and not re.fullmatch(s.muster, text):
        return Feldpruefung(None, f"„{s.name}“ = „{_zeige(text)[1:-1]}“ {ort} ist nicht erlaubt: "
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
        return Feldpruefung(None, f"„{s.name}“ = „{_zeige(value)[1:-1]}“ {ort} ist unbekannt; erlaubt "
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
            if s.art == GANZZAHL and re.fullmatch(r"[+-]?\d+", number):
                return int(number)
            return float(number)
        return text
    if s.art == BETRAG:
        match = _BETRAG_TEXT.fullmatch(text)
        if match:
            euros = int(match.group(1).replace(".", ""))
            return euros + int(match.group(2).ljust(2, "0")) / 100 if match.group(2) else euros
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


def aus_formular(tabelle: str, name: str, text: str, ort: str | None = None) -> Feldpruefung:
    """Check one form field given as text: the same rules and messages as ki.toml, after
    reading German number and date habits (`0,5`, `57.000 €`, `01.03.2025`) as meant.

        >>> aus_formular("stellen", "pauschale", "57.000 €").wert
        JahresWert(immer=57000.0, je_jahr=())
    """
    s = schluessel(tabelle, name)
    return pruefe_wert(s, _aus_text(s, text), ort)


# ---------------------------------------------------------------------------- documentation

def _standard(s: Schluessel) -> str:
    if s.standard_text:
        return s.standard_text
    if s.standard is None:
        return "–"
    return f"`{s.standard}`"  # as written in ki.toml: `1.0`, `tagesgenau`


def _bereich(s: Schluessel) -> str:
    if s.art == AUSWAHL:
        return ", ".join(f"`{e}`" for e in s.erlaubt())
    if s.minimum is None and s.maximum is None:
        return {TEXT: "Text", TEXTE: "Liste von Texten", DATUM: "Datum JJJJ-MM-TT",
                TABELLEN: "Liste von Zeiträumen" if s.name == "besetzt" else "Tabellen"}.get(s.art, "")
    bereich = _bereich_text(s)
    if s.art == BETRAG:
        bereich += ", höchstens Cent, fest oder je Jahr `{ 2025 = 57000 }`"
    if s.teilt is not None:
        bereich += ", teilt eine Stunde in gleiche Teile"
    return bereich


def schluessel_tabelle(pruefe: Callable[[Schluessel], bool] = lambda s: True) -> str:
    """The key table of the documentation (Markdown), from the descriptions above:
    Schlüssel | Pflicht | Standard | Werte | Bedeutung."""
    zeilen = ["| Schlüssel | Pflicht | Standard | Werte | Bedeutung |", "| --- | --- | --- | --- | --- |"]
    for s in SCHLUESSEL:
        if not pruefe(s):
            continue
        tabelle = TABELLEN_DER_DATEI[s.tabelle]
        ort = "`[[stellen]] besetzt`" if s.tabelle == "stellen.besetzt" else f"`{tabelle.toml}`"
        pflicht = s.pflicht_text or ("ja" if s.pflicht else "nein")
        zeilen.append(f"| {ort} `{s.name}` | {pflicht} | {_standard(s)} | {_bereich(s)} | {s.hilfe} |")
    return "\n".join(zeilen) + "\n"
