"""A draft (`konfig.einrichtung.Entwurf`) as the text of ki.toml, and its check by the loader.

A new file is written with comments (`konfig.einrichtung_neu`). An existing file is
edited in place with tomlkit: what the draft does not change keeps its text and comments, keys
and tables the draft does not know (`[oeffentlich]`, `stundentakt`, a milestone's `zaehlt` …)
stay as they are; a removed Stelle leaves the file, a new one is appended.

`pruefe_entwurf` checks the whole draft the only way that cannot differ from ki.toml: it writes
the text and reads it with the loader (`konfig.laden.parse_config`); every finding is mapped
back to the step, item and field whose line it names.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import tomlkit
from tomlkit.items import AoT, Comment, Table, Whitespace

from kibericht.konfig.einrichtung import (
    FEHLER,
    FELDER,
    Entwurf,
    Feldbefund,
    MeilensteinEntwurf,
    ProgrammEntwurf,
    Rohwert,
    SchwerpunktEntwurf,
    StelleEntwurf,
)
from kibericht.konfig.einrichtung_neu import (
    MEILENSTEIN_KEYS,
    PROGRAMM_KEYS,
    SCHWERPUNKT_KEYS,
    STELLE_KEYS,
    besetzt_array,
    neue_datei,
    neue_stelle,
    neuer_meilenstein,
    neuer_schwerpunkt,
    neues_programm,
    toml_wert,
    werte,
)
from kibericht.konfig.feldpruefung import pruefe_feld
from kibericht.konfig.laden import parse_config
from kibericht.konfig.modell import ConfigError, KIConfig
from kibericht.konfig.schluessel import TABELLEN_DER_DATEI
from kibericht.konfig.toml_zeilen import Lines

# ---------------------------------------------------------------------------- editing a file

def _gleich(tabelle: str, key: str, alt: object, neu: object) -> bool:
    """Whether the file's value `alt` already says what the draft says (then its text stays)."""
    if key == "besetzt":
        if not isinstance(alt, list) or not isinstance(neu, tuple):
            return False
        altes = [tuple(pruefe_feld("stellen.besetzt", k, p[k]).wert if k in p else None
                       for k in ("von", "bis", "umfang")) if isinstance(p, dict) else None for p in alt]
        return altes == [(p.von, p.bis, p.umfang) for p in neu]
    return pruefe_feld(tabelle, key, alt).wert == neu


def _setze_schluessel(table: Any, tabelle: str, key: str, neu: object) -> None:
    """Write one key of an existing table: untouched when the draft keeps its value."""
    if isinstance(neu, Rohwert):
        return  # as it stood in the file
    if neu is None:
        if key in table:
            del table[key]
        return
    if key in table:
        if _gleich(tabelle, key, table[key].unwrap() if hasattr(table[key], "unwrap") else table[key], neu):
            return
        table[key] = besetzt_array(neu) if key == "besetzt" else toml_wert(neu)  # type: ignore[arg-type]
        return
    item = besetzt_array(neu) if key == "besetzt" else toml_wert(neu)  # type: ignore[arg-type]
    letzter = [k for k in table if not isinstance(table[k], (Table, AoT))]
    try:  # right after the table's last key, not after the comments that lead to the next table
        container = table.value if isinstance(table, Table) else table
        container._insert_after(letzter[-1], key, item)
    except (AttributeError, IndexError, KeyError):
        table[key] = item


def _tabelle(doc: Any, name: str) -> Any:
    if name not in doc:
        doc.add(name, tomlkit.table())
    return doc[name]


def _nachlauf(table: Any) -> list[Any]:
    """Take the comments and blank lines after a table's last key: in a file they lead to what
    follows (the next Stelle, the next section), so they move when the table goes or gets a
    new neighbour after it. Empty when the table's parts cannot be seen (a cosmetic step only)."""
    body = getattr(getattr(table, "value", None), "body", None)
    if not isinstance(body, list):
        return []
    ende = len(body)
    while ende > 0 and body[ende - 1][0] is None and isinstance(body[ende - 1][1], (Comment, Whitespace)):
        ende -= 1
    nachlauf = [item for _, item in body[ende:]]
    del body[ende:]
    return nachlauf


def _anhaengen(table: Any, items: list[Any]) -> None:
    for item in items:
        table.value.append(None, item)


class _AusDerDatei(Protocol):
    """An item of the draft: `herkunft` is its index in the file's array of tables (None: new)."""

    @property
    def herkunft(self) -> int | None: ...


def _bearbeite_liste(eltern: Any, key: str, items: Sequence[_AusDerDatei], neu: Any, setze: Any) -> None:
    """Update the array of tables `key`: items from the file in place, removed ones deleted (the
    comments that led to the next one stay), new ones appended."""
    if key not in eltern:
        if items:
            aot = tomlkit.aot()
            for item in items:
                aot.append(neu(item))
            eltern[key] = aot
        return
    aot = eltern[key]
    behalten = {item.herkunft for item in items if item.herkunft is not None}
    for index in sorted(set(range(len(aot))) - behalten, reverse=True):
        nachlauf = _nachlauf(aot[index])
        del aot[index]
        if index > 0:
            _anhaengen(aot[index - 1], nachlauf)
    neue_nummer = {alt: i for i, alt in enumerate(sorted(behalten))}
    for item in items:
        if item.herkunft is not None:
            setze(aot[neue_nummer[item.herkunft]], item)
    for item in items:
        if item.herkunft is None:
            nachlauf = _nachlauf(aot[-1]) if len(aot) else []
            if len(aot):
                aot[-1].add(tomlkit.nl())
            aot.append(neu(item))
            _anhaengen(aot[-1], nachlauf or [tomlkit.nl()])
    if not items:
        del eltern[key]


def _wie_vorher(vorher: str, nachher: str) -> str:
    """`nachher` with every line that differs from its line in `vorher` only by the blanks before
    a closing brace put back as it was: tomlkit drops the blank between a date and `}` in an
    inline table (`{ von = 2025-07-01 }`) even where nothing changed."""
    alt, neu = vorher.splitlines(keepends=True), nachher.splitlines(keepends=True)
    ergebnis: list[str] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, alt, neu, autojunk=False).get_opcodes():
        if tag == "replace" and a2 - a1 == b2 - b1:
            ergebnis.extend(a if _ohne_blank_vor_klammer(a) == _ohne_blank_vor_klammer(b) else b
                            for a, b in zip(alt[a1:a2], neu[b1:b2], strict=True))
        else:
            ergebnis.extend(neu[b1:b2])
    return "".join(ergebnis)


def _ohne_blank_vor_klammer(zeile: str) -> str:
    return re.sub(r"\s+}", "}", zeile)


_DATUM_KLAMMER = re.compile(r"^(\s*\{ .*\d{4}-\d{2}-\d{2})}")


def _blank_vor_klammer(text: str) -> str:
    """Put back the blank tomlkit drops between a date and `}` in a period written as
    `{ von = 2025-07-01 }` (only in lines that open such a table)."""
    return "".join(_DATUM_KLAMMER.sub(r"\1 }", zeile) for zeile in text.splitlines(keepends=True))


def _bearbeite(e: Entwurf) -> tomlkit.TOMLDocument:
    assert e.vorlage is not None
    doc = tomlkit.parse(e.vorlage)
    ki = _tabelle(doc, "ki")
    _setze_schluessel(ki, "ki", "name", e.name)
    _setze_schluessel(ki, "ki", "kommunen", e.kommunen)
    if e.anteilig is not None or "regeln" in doc:
        _setze_schluessel(_tabelle(doc, "regeln"), "regeln", "anteilig", e.anteilig)

    def programm(table: Any, p: ProgrammEntwurf) -> None:
        for key, wert in werte(p, PROGRAMM_KEYS).items():
            _setze_schluessel(table, "programme", key, wert)

    def stelle(table: Any, s: StelleEntwurf) -> None:
        for key, wert in werte(s, STELLE_KEYS).items():
            _setze_schluessel(table, "stellen", key, wert)
        _setze_schluessel(table, "stellen", "besetzt", s.besetzt)

    def meilenstein(table: Any, m: MeilensteinEntwurf) -> None:
        for key, wert in werte(m, MEILENSTEIN_KEYS).items():
            _setze_schluessel(table, "schwerpunkte.meilensteine", key, wert)

    def schwerpunkt(table: Any, sp: SchwerpunktEntwurf) -> None:
        for key, wert in werte(sp, SCHWERPUNKT_KEYS).items():
            _setze_schluessel(table, "schwerpunkte", key, wert)
        _bearbeite_liste(table, "meilensteine", sp.meilensteine, neuer_meilenstein, meilenstein)

    _bearbeite_liste(doc, "programme", e.programme, lambda p: neues_programm(e, p), programm)
    _bearbeite_liste(doc, "stellen", e.stellen, neue_stelle, stelle)
    _bearbeite_liste(doc, "schwerpunkte", e.schwerpunkte, neuer_schwerpunkt, schwerpunkt)
    for name, wert in (("nachweise", e.nachweise), ("ablage", e.ablage)):
        if wert is not None or name in doc:
            _setze_schluessel(_tabelle(doc, name), name, "ordner", wert)
            if not doc[name]:
                del doc[name]
    return doc


def als_toml(entwurf: Entwurf) -> str:
    """The text of ki.toml for the draft: a new commented file, or the edited `vorlage`."""
    if entwurf.vorlage is None:
        return _blank_vor_klammer(tomlkit.dumps(neue_datei(entwurf)))
    return _wie_vorher(entwurf.vorlage, _blank_vor_klammer(tomlkit.dumps(_bearbeite(entwurf))))


# ---------------------------------------------------------------------------- the loader's check

SCHRITT_DER_TABELLE = {"ki": "ki", "regeln": "ki", "programme": "programm", "stellen": "stelle",
                       "schwerpunkte": "schwerpunkt", "nachweise": "ordner", "ablage": "ordner"}
FELD_DER_TABELLE = {"nachweise": "nachweise", "ablage": "ablage"}


@dataclass(frozen=True)
class Entwurfspruefung:
    """The draft checked by the loader: its configuration (None while it has errors), every
    finding mapped to step, item and field, and the text that was checked."""

    config: KIConfig | None
    befunde: tuple[Feldbefund, ...]
    text: str

    @property
    def ok(self) -> bool:
        return self.config is not None


def _orte(text: str) -> dict[int, tuple[str, int, str | None]]:
    """Line → (table, index, key) of the written text."""
    lines = Lines(text)
    orte: dict[int, tuple[str, int, str | None]] = {}
    for (table, index), line in lines.tables.items():
        orte.setdefault(line, (table, index, None))
    for (table, index, key), line in lines.keys.items():
        if table or key not in TABELLEN_DER_DATEI:
            orte[line] = (table, index, key)
    return orte


def _feldbefund(orte: dict[int, tuple[str, int, str | None]], zeile: int | None, spalte: str | None,
                meldung: str, schwere: str) -> Feldbefund:
    ort = orte.get(zeile) if zeile is not None else None
    if ort is None:
        return Feldbefund(None, None, spalte, meldung, schwere)
    table, index, key = ort
    key = spalte or key
    if table.startswith("schwerpunkte.meilensteine@"):
        return Feldbefund("meilenstein", index, key, meldung, schwere, eltern=int(table.rsplit("@", 1)[1]))
    schritt = SCHRITT_DER_TABELLE.get(table)
    nr = index if table in ("programme", "stellen", "schwerpunkte") else None
    return Feldbefund(schritt, nr, FELD_DER_TABELLE.get(table, key), meldung, schwere)


def pruefe_entwurf(entwurf: Entwurf, datei: str = "ki.toml") -> Entwurfspruefung:
    """Check the whole draft with the loader, as `load_config` would check the written file."""
    text = als_toml(entwurf)
    orte = _orte(text)
    try:
        config = parse_config(tomllib.loads(text), text, datei)
    except ConfigError as exc:
        return Entwurfspruefung(None, tuple(_feldbefund(orte, f.zeile, f.spalte, f.meldung, f.schwere)
                                            for f in exc.befunde), text)
    warnungen = tuple(_feldbefund(orte, f.zeile, f.spalte, f.meldung, f.schwere) for f in config.befunde)
    return Entwurfspruefung(config, warnungen, text)


# ---------------------------------------------------------------------------- what no question asks

@dataclass(frozen=True)
class Dateifehler:
    """An error of the file being edited that no question of the assistant can correct: a key or
    table it does not ask about (unknown, mistyped, or with a value the loader refuses), e.g.
    `pauschale` written in [ki]. `pfad` is where it stands, as `Lines` names it: (table, index,
    key), the table "" for the top level."""

    zeile: int
    meldung: str
    pfad: tuple[str, int, str]

    @property
    def was(self) -> str:
        """What removing it removes, in German: „der Schlüssel „pauschale“ in [ki]“."""
        tabelle, index, key = self.pfad
        if not tabelle:
            return f"„{key}“ (Zeile {self.zeile}) mit allem, was darin steht"
        name, _, eltern = tabelle.partition("@")
        bekannt = TABELLEN_DER_DATEI.get(name)
        ort = bekannt.toml if bekannt is not None else f"[{name}]"
        if bekannt is not None and bekannt.liste:
            ort += f" Nr. {index + 1}" + (f" (Schwerpunkt Nr. {int(eltern) + 1})" if eltern else "")
        return f"der Schlüssel „{key}“ in {ort} (Zeile {self.zeile})"


def nicht_erfragt(entwurf: Entwurf, datei: str = "ki.toml") -> tuple[Dateifehler, ...]:
    """The errors of the edited file that name a key no step asks (`FELDER`): answering the
    questions can never correct them, so the assistant must offer to remove them. None for a new
    file, whose every key is asked."""
    if entwurf.vorlage is None:
        return ()
    text = als_toml(entwurf)
    try:
        parse_config(tomllib.loads(text), text, datei)
    except ConfigError as exc:
        befunde = exc.befunde
    else:
        return ()
    orte = _orte(text)
    fehler = []
    for f in befunde:
        if f.schwere != FEHLER or f.zeile is None or f.zeile not in orte:
            continue
        tabelle, index, key = orte[f.zeile]
        feld = _feldbefund(orte, f.zeile, f.spalte, f.meldung, f.schwere)
        if key is None or (feld.schritt is not None and feld.feld in FELDER[feld.schritt]):
            continue  # a question asks it, or it is about a whole item: the steps correct it
        fehler.append(Dateifehler(f.zeile, f.meldung, (tabelle, index, key)))
    return tuple(fehler)


def ohne(entwurf: Entwurf, fehler: Dateifehler) -> Entwurf:
    """The draft with the key (or top-level table) of `fehler` removed from the edited file; the
    rest of the file, its comments included, stays as it was."""
    assert entwurf.vorlage is not None
    doc = tomlkit.parse(entwurf.vorlage)
    tabelle, index, key = fehler.pfad
    container: Any = doc
    if tabelle:
        name, _, eltern = tabelle.partition("@")  # milestones: schwerpunkte.meilensteine@<Schwerpunkt>
        teile = name.split(".")
        for n, teil in enumerate(teile):
            container = container[teil]
            if isinstance(container, (AoT, list)):
                container = container[int(eltern) if eltern and n < len(teile) - 1 else index]
    del container[key]
    if tabelle and "." not in tabelle and isinstance(doc.get(tabelle), Table) and not doc[tabelle]:
        del doc[tabelle]  # [oeffentlich] without its only key: no empty table is left behind
    return replace(entwurf, vorlage=_wie_vorher(entwurf.vorlage, _blank_vor_klammer(tomlkit.dumps(doc))),
                   gelesen=entwurf.wie_gelesen)
