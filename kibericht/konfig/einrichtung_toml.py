"""A draft (`konfig.einrichtung.Entwurf`) as the text of ki.toml, and its check by the loader.

A new file is written with a comment on every table and key (the help texts of
`konfig.schluessel`), the Kreis, and the source of every suggested amount. An existing file is
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
import textwrap
import tomllib
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Comment, Table, Whitespace

from kibericht.befunde import FEHLER
from kibericht.konfig.einrichtung import (
    BesetzungEntwurf,
    Entwurf,
    Feldbefund,
    MeilensteinEntwurf,
    ProgrammEntwurf,
    Rohwert,
    SchwerpunktEntwurf,
    StelleEntwurf,
)
from kibericht.konfig.feldpruefung import pruefe_feld
from kibericht.konfig.laden import parse_config
from kibericht.konfig.modell import ABLAGE_STANDARD, ConfigError, JahresWert, KIConfig
from kibericht.konfig.schluessel import TABELLEN_DER_DATEI, schluessel_von
from kibericht.konfig.toml_zeilen import Lines
from kibericht.konfig.vorschlaege import gebiet, vorschlag_hoechstbetrag, vorschlag_pauschale

BREITE = 98  # comment lines are wrapped to this width

# ---------------------------------------------------------------------------- values

def _zahl(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _roh(value: object) -> object:
    """A raw TOML value for tomlkit, with tables inline (as they stood in `{ … }`)."""
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update({k: _roh(v) for k, v in value.items()})
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend([_roh(v) for v in value])
        return array
    return value


def _item(wert: object) -> object:
    """A draft value as a TOML value: amounts as numbers or `{ 2025 = 57000 }`, lists as arrays."""
    if isinstance(wert, Rohwert):
        return _roh(wert.wert)
    if isinstance(wert, JahresWert):
        if wert.immer is not None and not wert.je_jahr:
            return _zahl(wert.immer)
        table = tomlkit.inline_table()
        table.update({str(jahr): _zahl(betrag) for jahr, betrag in wert.je_jahr})
        return table
    if isinstance(wert, tuple) and all(isinstance(w, str) for w in wert):
        array = tomlkit.array()
        array.extend(list(wert))
        if sum(len(w) + 4 for w in wert) > 80:
            array.multiline(True)
        return array
    return wert


def _toml_text(wert: object) -> str:
    """A period's value as TOML text: a date as 2025-03-01, a number as written in ki.toml."""
    if isinstance(wert, Rohwert):
        wert = wert.wert
    return wert.isoformat() if hasattr(wert, "isoformat") else repr(wert)


def _besetzt_item(perioden: tuple[BesetzungEntwurf, ...]) -> Array:
    """The periods one per line in the style of the documentation, `{ von = 2025-01-01 }`, a
    note as the line's comment."""
    zeilen = []
    for p in perioden:
        teile = ", ".join(f"{k} = {_toml_text(getattr(p, k))}" for k in ("von", "bis", "umfang")
                          if getattr(p, k) is not None)
        notiz = " ".join(p.notiz.split())
        zeilen.append(f"  {{ {teile} }}," + (f"  # {notiz}" if notiz else ""))
    array = tomlkit.parse("besetzt = [\n" + "\n".join(zeilen) + "\n]\n")["besetzt"]
    assert isinstance(array, Array)
    return array


def _werte(item: object, namen: tuple[str, ...]) -> dict[str, object]:
    return {k: getattr(item, k) for k in namen}


PROGRAMM_KEYS = ("name", "hoechstbetrag")
STELLE_KEYS = ("id", "bezeichnung", "art", "umfang", "wochenstunden", "foerderung", "pauschale")
SCHWERPUNKT_KEYS = ("id", "titel", "handlungsfeld", "zieldimension", "von", "bis", "zielbezug", "ziel")
MEILENSTEIN_KEYS = ("jahr", "text", "taetigkeit", "mindestens", "hoechstens")

# ---------------------------------------------------------------------------- comments

def _kommentare(container: Any, text: str, einzug: str = "") -> None:
    for zeile in textwrap.wrap(text, BREITE - len(einzug) - 2) or [""]:
        container.add(tomlkit.comment(f"{einzug}{zeile}"))


def _tabellen_kommentar(container: Any, tabelle: str, mit_schluesseln: bool = True) -> None:
    t = TABELLEN_DER_DATEI[tabelle]
    if "." not in tabelle:
        container.add(tomlkit.nl())
    _kommentare(container, f"{t.toml} – {t.label}: {t.hilfe}")
    if mit_schluesseln:
        for s in schluessel_von(tabelle):
            if s.name not in ("meilensteine",):
                _kommentare(container, f"{s.name}: {s.hilfe}", "  ")


def _betrag_kommentar(wert: object, vorschlag_von: Any) -> str | None:
    """Where each year's amount comes from: a suggestion of the amounts table (with its source)
    when the amount is the suggested one, else the KI's own entry (its Bescheid); years with
    the same origin together („2025, 2026: Vorschlag …“)."""
    if not isinstance(wert, JahresWert):
        return None
    herkunft: dict[str, list[str]] = {}
    for jahr, betrag in wert.je_jahr:
        v = vorschlag_von(jahr)
        text = v.kommentar if v is not None and v.betrag == betrag else "eingetragener Betrag (laut Bescheid)"
        herkunft.setdefault(text, []).append(str(jahr))
    return "; ".join(f"{', '.join(jahre)}: {text}" for text, jahre in herkunft.items()) or None


def _art_von(e: Entwurf) -> str:
    g = gebiet(e.kreis) if e.kreis else None
    return g.art if g is not None else "Kreis"


# ---------------------------------------------------------------------------- a new file

def _neue_datei(e: Entwurf) -> tomlkit.TOMLDocument:
    doc = tomlkit.document()
    kopf = ["Konfiguration des Kommunalen Integrationszentrums für kibericht, erstellt mit „kibericht "
            "einrichten“. Ändern Sie sie mit „kibericht einrichten“ (Kommentare bleiben erhalten) oder in "
            "einem Texteditor; „kibericht pruefen“ nennt jeden Fehler mit Zeile."]
    if e.kreis:
        kopf.append(f"Kreis oder kreisfreie Stadt: {e.kreis}")
    for text in kopf:
        _kommentare(doc, text)

    _tabellen_kommentar(doc, "ki", mit_schluesseln=False)
    ki = tomlkit.table()
    for key in ("name", "kommunen"):
        if getattr(e, key) is not None:
            ki.add(key, _item(getattr(e, key)))
    ki.add(tomlkit.comment('taetigkeiten = ["Beratung", "Veranstaltung", …]  (ohne Angabe: Standardliste)'))
    doc.add("ki", ki)

    _tabellen_kommentar(doc, "regeln")
    regeln = tomlkit.table()
    regeln.add("schwerpunkt_mindestanteil", 0.5)
    regeln.add("anteilig", _item(e.anteilig) if e.anteilig is not None else "tagesgenau")
    doc.add("regeln", regeln)

    if e.programme:
        _tabellen_kommentar(doc, "programme")
        programme = tomlkit.aot()
        for p in e.programme:
            programme.append(_neues_programm(e, p))
        doc.add("programme", programme)
    if e.stellen:
        _tabellen_kommentar(doc, "stellen")
        stellen = tomlkit.aot()
        for s in e.stellen:
            stellen.append(_neue_stelle(s))
        doc.add("stellen", stellen)
    if e.schwerpunkte:
        _tabellen_kommentar(doc, "schwerpunkte")
        _tabellen_kommentar(doc, "schwerpunkte.meilensteine")
        schwerpunkte = tomlkit.aot()
        for sp in e.schwerpunkte:
            schwerpunkte.append(_neuer_schwerpunkt(sp))
        doc.add("schwerpunkte", schwerpunkte)
    for tabelle, wert in (("nachweise", e.nachweise), ("ablage", e.ablage)):
        if wert is not None:
            _tabellen_kommentar(doc, tabelle)
            table = tomlkit.table()
            table.add("ordner", _item(wert))
            doc.add(tabelle, table)
    doc.add(tomlkit.nl())
    _kommentare(doc, "Weitere Angaben (siehe Dokumentation), z. B. [oeffentlich] mindestens_stellen = 3 "
                     "und hoechstanteil = 0.85 für die Geheimhaltung der öffentlichen Fassung; [regeln] "
                     "stundentakt = 0.25 für einen Hinweis bei Stunden neben der Viertelstunde.")
    if e.ablage is None:
        _kommentare(doc, f"Die Ablage der abgeschlossenen Monate ist der Ordner „{ABLAGE_STANDARD}“ neben "
                         "dieser Datei ([ablage] ordner).")
    return doc


def _neues_programm(e: Entwurf, p: ProgrammEntwurf) -> Table:
    table = tomlkit.table()
    quelle = _betrag_kommentar(p.hoechstbetrag, lambda jahr: vorschlag_hoechstbetrag(
        str(p.name), _art_von(e), jahr))
    if quelle:
        _kommentare(table, f"Höchstbetrag {quelle}")
    for key, wert in _werte(p, PROGRAMM_KEYS).items():
        if wert is not None:
            table.add(key, _item(wert))
    return table


def _neue_stelle(s: StelleEntwurf) -> Table:
    table = tomlkit.table()
    if isinstance(s.art, str) and isinstance(s.foerderung, str):
        umfang = s.umfang if isinstance(s.umfang, float) else 1.0
        quelle = _betrag_kommentar(s.pauschale, lambda jahr: vorschlag_pauschale(
            str(s.foerderung), str(s.art), umfang, jahr))
        if quelle:
            _kommentare(table, f"Pauschale {quelle}")
    for key, wert in _werte(s, STELLE_KEYS).items():
        if wert is not None:
            table.add(key, _item(wert))
    if isinstance(s.besetzt, tuple):
        table.add("besetzt", _besetzt_item(s.besetzt))
    elif isinstance(s.besetzt, Rohwert):
        table.add("besetzt", _item(s.besetzt))
    return table


def _neuer_meilenstein(m: MeilensteinEntwurf) -> Table:
    table = tomlkit.table()
    for key, wert in _werte(m, MEILENSTEIN_KEYS).items():
        if wert is not None:
            table.add(key, _item(wert))
    return table


def _neuer_schwerpunkt(sp: SchwerpunktEntwurf) -> Table:
    table = tomlkit.table()
    for key, wert in _werte(sp, SCHWERPUNKT_KEYS).items():
        if wert is not None:
            table.add(key, _item(wert))
    if sp.meilensteine:
        meilensteine = tomlkit.aot()
        for m in sp.meilensteine:
            meilensteine.append(_neuer_meilenstein(m))
        table.add("meilensteine", meilensteine)
    return table


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
        table[key] = _besetzt_item(neu) if key == "besetzt" else _item(neu)  # type: ignore[arg-type]
        return
    item = _besetzt_item(neu) if key == "besetzt" else _item(neu)  # type: ignore[arg-type]
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


def _nachlauf(table: Any) -> list:
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


def _anhaengen(table: Any, items: list) -> None:
    for item in items:
        table.value.append(None, item)


def _bearbeite_liste(eltern: Any, key: str, items: tuple, neu: Any, setze: Any) -> None:
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
        for key, wert in _werte(p, PROGRAMM_KEYS).items():
            _setze_schluessel(table, "programme", key, wert)

    def stelle(table: Any, s: StelleEntwurf) -> None:
        for key, wert in _werte(s, STELLE_KEYS).items():
            _setze_schluessel(table, "stellen", key, wert)
        _setze_schluessel(table, "stellen", "besetzt", s.besetzt)

    def meilenstein(table: Any, m: MeilensteinEntwurf) -> None:
        for key, wert in _werte(m, MEILENSTEIN_KEYS).items():
            _setze_schluessel(table, "schwerpunkte.meilensteine", key, wert)

    def schwerpunkt(table: Any, sp: SchwerpunktEntwurf) -> None:
        for key, wert in _werte(sp, SCHWERPUNKT_KEYS).items():
            _setze_schluessel(table, "schwerpunkte", key, wert)
        _bearbeite_liste(table, "meilensteine", sp.meilensteine, _neuer_meilenstein, meilenstein)

    _bearbeite_liste(doc, "programme", e.programme, lambda p: _neues_programm(e, p), programm)
    _bearbeite_liste(doc, "stellen", e.stellen, _neue_stelle, stelle)
    _bearbeite_liste(doc, "schwerpunkte", e.schwerpunkte, _neuer_schwerpunkt, schwerpunkt)
    for name, wert in (("nachweise", e.nachweise), ("ablage", e.ablage)):
        if wert is not None or name in doc:
            _setze_schluessel(_tabelle(doc, name), name, "ordner", wert)
            if not doc[name]:
                del doc[name]
    return doc


def als_toml(entwurf: Entwurf) -> str:
    """The text of ki.toml for the draft: a new commented file, or the edited `vorlage`."""
    if entwurf.vorlage is None:
        return _blank_vor_klammer(tomlkit.dumps(_neue_datei(entwurf)))
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


def fehler(befunde: tuple[Feldbefund, ...]) -> tuple[Feldbefund, ...]:
    """The errors among `befunde` (not the warnings)."""
    return tuple(b for b in befunde if b.schwere == FEHLER)
