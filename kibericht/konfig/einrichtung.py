r"""A ki.toml in the making (`Entwurf`): what a KI knows, as typed values, item by item.

The steps of `kibericht einrichten` (on the command line or in the browser) fill one part each:
the KI (`ki`), a programme (`programm`), a Stelle (`stelle`), a Schwerpunkt (`schwerpunkt`), one
of its milestones (`meilenstein`), the folders (`ordner`); `konfig.einrichtung_formular` reads a
form's answers into the draft with the rules and messages of ki.toml, and a finding names its
step, item and field (`Feldbefund`). `entwurf_aus_text` reads an existing ki.toml to edit it: a
value that fails its check is kept as a `Rohwert` (never dropped) with the loader's message::

    >>> e = entwurf_aus_text('[ki]\nname = "KI"\nkommunen = ["Olpe"]\n')
    >>> e.name, e.kommunen, e.stellen
    ('KI', ('Olpe',), ())

What concerns several keys (a Stelle's programme exists, periods do not overlap) is checked by
the loader itself on the written text (`konfig.einrichtung_toml.pruefe_entwurf`): one set of
rules, two faces.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from kibericht.konfig.feldpruefung import pruefe_feld
from kibericht.konfig.modell import ConfigError, JahresWert
from kibericht.konfig.toml_zeilen import toml_syntaxfehler

FEHLER, WARNUNG = "fehler", "warnung"


@dataclass(frozen=True)
class Rohwert:
    """A value read from an existing ki.toml that fails its key's check: written back as it
    was until it is answered again, and reported with the loader's message."""

    wert: object
    meldung: str


@dataclass(frozen=True)
class Feldbefund:
    """A problem of one field: its step (`ki`, `programm`, `stelle`, …), the item (`nr`, from 0;
    `eltern` the Schwerpunkt of a milestone), the field as the form names it (None: the item as
    a whole) and the German message of ki.toml."""

    schritt: str | None
    nr: int | None
    feld: str | None
    meldung: str
    schwere: str = FEHLER
    eltern: int | None = None


@dataclass(frozen=True)
class BesetzungEntwurf:
    """A besetzt period; `notiz` (e.g. „neue Person“) is written as a comment only."""

    von: object = None
    bis: object = None
    umfang: object = None
    notiz: str = ""


@dataclass(frozen=True)
class ProgrammEntwurf:
    name: object = None
    hoechstbetrag: object = None  # JahresWert
    herkunft: int | None = None  # its index in the edited file's [[programme]]


@dataclass(frozen=True)
class StelleEntwurf:
    id: object = None
    bezeichnung: object = None
    art: object = None
    umfang: object = None
    wochenstunden: object = None
    foerderung: object = None
    pauschale: object = None  # JahresWert
    besetzt: tuple[BesetzungEntwurf, ...] | Rohwert | None = None  # None: filled all the time
    herkunft: int | None = None


@dataclass(frozen=True)
class MeilensteinEntwurf:
    jahr: object = None
    text: object = None
    taetigkeit: object = None
    mindestens: object = None
    hoechstens: object = None
    herkunft: int | None = None


@dataclass(frozen=True)
class SchwerpunktEntwurf:
    id: object = None
    titel: object = None
    handlungsfeld: object = None
    zieldimension: object = None
    von: object = None
    bis: object = None
    zielbezug: object = None
    ziel: object = None
    meilensteine: tuple[MeilensteinEntwurf, ...] = ()
    herkunft: int | None = None


@dataclass(frozen=True)
class Entwurf:
    """The answers so far. `vorlage` is the text of the ki.toml being edited (None: a new file);
    `gelesen` the file's text as it was read, where the assistant removed something from
    `vorlage` (None: `vorlage` itself); `kreis` and `jahre` are not keys of ki.toml: they choose
    the suggestions (towns, amounts)."""

    name: object = None
    kommunen: object = None
    kreis: str = ""
    jahre: tuple[int, ...] = ()
    anteilig: object = None
    programme: tuple[ProgrammEntwurf, ...] = ()
    stellen: tuple[StelleEntwurf, ...] = ()
    schwerpunkte: tuple[SchwerpunktEntwurf, ...] = ()
    nachweise: object = None
    ablage: object = None
    vorlage: str | None = None
    gelesen: str | None = None

    @property
    def wie_gelesen(self) -> str | None:
        """The text of the file as it was read for editing (None: a new file)."""
        return self.gelesen if self.gelesen is not None else self.vorlage


# which table of ki.toml each step fills, and the keys a form field stands for
SCHRITT_TABELLE = {"ki": "ki", "programm": "programme", "stelle": "stellen", "schwerpunkt": "schwerpunkte",
                   "meilenstein": "schwerpunkte.meilensteine", "ordner": None}
FELDER: dict[str, tuple[str, ...]] = {
    "ki": ("name", "kreis", "kommunen", "jahre", "anteilig"),
    "programm": ("name", "hoechstbetrag"),
    "stelle": ("id", "bezeichnung", "art", "umfang", "wochenstunden", "foerderung", "pauschale", "besetzt"),
    "schwerpunkt": ("id", "titel", "handlungsfeld", "zieldimension", "von", "bis", "zielbezug", "ziel"),
    "meilenstein": ("jahr", "text", "taetigkeit", "mindestens", "hoechstens"),
    "ordner": ("nachweise", "ablage"),
}


# ---------------------------------------------------------------------------- reading a file

def _wert(tabelle: str, name: str, raw: Mapping[str, object], ort: str | None = None) -> object:
    """The checked value of a key in `raw`, a Rohwert when it fails, None when missing."""
    if name not in raw:
        return None
    result = pruefe_feld(tabelle, name, raw[name], ort)
    return result.wert if result.ok else Rohwert(raw[name], result.meldung or "")


def _tabellen(raw: Mapping[str, object], name: str) -> list[dict]:
    value = raw.get(name)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _besetzt(raw: Mapping[str, object], ort: str) -> tuple[BesetzungEntwurf, ...] | Rohwert | None:
    if "besetzt" not in raw:
        return None
    value = raw["besetzt"]
    items = [value] if isinstance(value, dict) else value
    if not isinstance(items, list) or not all(isinstance(p, dict) and set(p) <= {"von", "bis", "umfang"}
                                              for p in items):
        check = pruefe_feld("stellen", "besetzt", value, ort)
        return Rohwert(value, check.meldung or f"„besetzt“ {ort} enthält unbekannte Schlüssel.")
    return tuple(BesetzungEntwurf(*(_wert("stellen.besetzt", k, p, f"{ort}, besetzt Nr. {j}")
                                    for k in ("von", "bis", "umfang")))
                 for j, p in enumerate(items, start=1))


def _kennung(raw: Mapping[str, object], tabelle: str, wort: str, index: int) -> str:
    """Where the keys of an item stand, as the loader names it: „bei Stelle „FK1““ or, without a
    usable id, „in [[stellen]] Nr. 2“."""
    kennung = raw.get("id")
    if isinstance(kennung, str) and pruefe_feld(tabelle, "id", kennung).ok:
        return f"bei {wort} „{kennung.strip()}“"
    return f"in [[{tabelle}]] Nr. {index + 1}"


def _stelle(s: Mapping[str, object], i: int) -> StelleEntwurf:
    ort = _kennung(s, "stellen", "Stelle", i)
    return StelleEntwurf(*(_wert("stellen", k, s, ort) for k in FELDER["stelle"][:-1]),
                         besetzt=_besetzt(s, ort), herkunft=i)


def _schwerpunkt(sp: Mapping[str, object], i: int) -> SchwerpunktEntwurf:
    ort = _kennung(sp, "schwerpunkte", "Schwerpunkt", i)
    wort = ort.removeprefix("bei ") if ort.startswith("bei ") else f"[[schwerpunkte]] Nr. {i + 1}"
    meilensteine = tuple(
        MeilensteinEntwurf(*(_wert("schwerpunkte.meilensteine", k, m, _mort(wort, j))
                             for k in FELDER["meilenstein"]), herkunft=j)
        for j, m in enumerate(_tabellen(sp, "meilensteine")))
    return SchwerpunktEntwurf(*(_wert("schwerpunkte", k, sp, ort) for k in FELDER["schwerpunkt"]),
                              meilensteine=meilensteine, herkunft=i)


def _mort(label: str, j: int) -> str:
    label = f"{label}, Meilenstein Nr. {j + 1}"
    return f"in {label}" if label.startswith("[") else f"bei {label}"


def entwurf_aus_text(text: str, datei: str = "ki.toml") -> Entwurf:
    """The draft of an existing ki.toml (to edit it). Raises ConfigError when the text is no
    TOML at all; values that fail their check stay in the draft as `Rohwert`, with the
    loader's message."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([toml_syntaxfehler(str(exc), text, datei)]) from None
    ki = raw.get("ki") if isinstance(raw.get("ki"), dict) else {}
    regeln = raw.get("regeln") if isinstance(raw.get("regeln"), dict) else {}
    assert isinstance(ki, dict) and isinstance(regeln, dict)
    programme = tuple(ProgrammEntwurf(*(_wert("programme", k, p, f"in [[programme]] Nr. {i + 1}")
                                        for k in FELDER["programm"]), herkunft=i)
                      for i, p in enumerate(_tabellen(raw, "programme")))
    stellen = tuple(_stelle(s, i) for i, s in enumerate(_tabellen(raw, "stellen")))
    schwerpunkte = tuple(_schwerpunkt(sp, i) for i, sp in enumerate(_tabellen(raw, "schwerpunkte")))
    ordner = {t: (raw[t] if isinstance(raw.get(t), dict) else {}) for t in ("nachweise", "ablage")}
    entwurf = Entwurf(
        name=_wert("ki", "name", ki), kommunen=_wert("ki", "kommunen", ki),
        anteilig=_wert("regeln", "anteilig", regeln), programme=programme, stellen=stellen,
        schwerpunkte=schwerpunkte, nachweise=_wert("nachweise", "ordner", ordner["nachweise"]),
        ablage=_wert("ablage", "ordner", ordner["ablage"]), vorlage=text)
    return dataclasses.replace(entwurf, jahre=_jahre_der_datei(entwurf))


def _jahre_der_datei(e: Entwurf) -> tuple[int, ...]:
    """The years a file gives amounts for, else the years of its Schwerpunkte."""
    jahre: set[int] = set()
    for wert in [*(p.hoechstbetrag for p in e.programme), *(s.pauschale for s in e.stellen)]:
        if isinstance(wert, JahresWert):
            jahre.update(j for j, _ in wert.je_jahr)
    if not jahre:
        for sp in e.schwerpunkte:
            if isinstance(sp.von, int) and isinstance(sp.bis, int) and sp.von <= sp.bis <= sp.von + 10:
                jahre.update(range(sp.von, sp.bis + 1))
    return tuple(sorted(jahre))
