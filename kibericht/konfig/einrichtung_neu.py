"""A new ki.toml from a draft (`konfig.einrichtung.Entwurf`), commented for the reader: every
table and key with its help text (`konfig.schluessel`), the Kreis, and beside every amount where
it comes from — the suggestion of `schemas/foerdersaetze.toml` with its source and date, or the
KI's own entry from its Bescheid. Also the TOML values of the draft, for editing a file
(`konfig.einrichtung_toml`).
"""

from __future__ import annotations

import textwrap
from typing import Any

import tomlkit
from tomlkit.items import Array, Table

from kibericht.konfig.einrichtung import (
    BesetzungEntwurf,
    Entwurf,
    MeilensteinEntwurf,
    ProgrammEntwurf,
    Rohwert,
    SchwerpunktEntwurf,
    StelleEntwurf,
)
from kibericht.konfig.modell import ABLAGE_STANDARD, JahresWert
from kibericht.konfig.schluessel import TABELLEN_DER_DATEI, schluessel_von
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


def toml_wert(wert: object) -> object:
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


def besetzt_array(perioden: tuple[BesetzungEntwurf, ...]) -> Array:
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


def werte(item: object, namen: tuple[str, ...]) -> dict[str, object]:
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

def neue_datei(e: Entwurf) -> tomlkit.TOMLDocument:
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
            ki.add(key, toml_wert(getattr(e, key)))
    ki.add(tomlkit.comment('taetigkeiten = ["Beratung", "Veranstaltung", …]  (ohne Angabe: Standardliste)'))
    doc.add("ki", ki)

    _tabellen_kommentar(doc, "regeln")
    regeln = tomlkit.table()
    regeln.add("schwerpunkt_mindestanteil", 0.5)
    regeln.add("anteilig", toml_wert(e.anteilig) if e.anteilig is not None else "tagesgenau")
    doc.add("regeln", regeln)

    if e.programme:
        _tabellen_kommentar(doc, "programme")
        programme = tomlkit.aot()
        for p in e.programme:
            programme.append(neues_programm(e, p))
        doc.add("programme", programme)
    if e.stellen:
        _tabellen_kommentar(doc, "stellen")
        stellen = tomlkit.aot()
        for s in e.stellen:
            stellen.append(neue_stelle(s))
        doc.add("stellen", stellen)
    if e.schwerpunkte:
        _tabellen_kommentar(doc, "schwerpunkte")
        _tabellen_kommentar(doc, "schwerpunkte.meilensteine")
        schwerpunkte = tomlkit.aot()
        for sp in e.schwerpunkte:
            schwerpunkte.append(neuer_schwerpunkt(sp))
        doc.add("schwerpunkte", schwerpunkte)
    for tabelle, wert in (("nachweise", e.nachweise), ("ablage", e.ablage)):
        if wert is not None:
            _tabellen_kommentar(doc, tabelle)
            table = tomlkit.table()
            table.add("ordner", toml_wert(wert))
            doc.add(tabelle, table)
    doc.add(tomlkit.nl())
    _kommentare(doc, "Weitere Angaben (siehe Dokumentation), z. B. [oeffentlich] mindestens_stellen = 3 "
                     "und hoechstanteil = 0.85 für die Geheimhaltung der öffentlichen Fassung; [regeln] "
                     "stundentakt = 0.25 für einen Hinweis bei Stunden neben der Viertelstunde.")
    if e.ablage is None:
        _kommentare(doc, f"Die Ablage der abgeschlossenen Monate ist der Ordner „{ABLAGE_STANDARD}“ neben "
                         "dieser Datei ([ablage] ordner).")
    return doc


def neues_programm(e: Entwurf, p: ProgrammEntwurf) -> Table:
    table = tomlkit.table()
    quelle = _betrag_kommentar(p.hoechstbetrag, lambda jahr: vorschlag_hoechstbetrag(
        str(p.name), _art_von(e), jahr))
    if quelle:
        _kommentare(table, f"Höchstbetrag {quelle}")
    for key, wert in werte(p, PROGRAMM_KEYS).items():
        if wert is not None:
            table.add(key, toml_wert(wert))
    return table


def neue_stelle(s: StelleEntwurf) -> Table:
    table = tomlkit.table()
    if isinstance(s.art, str) and isinstance(s.foerderung, str):
        umfang = s.umfang if isinstance(s.umfang, float) else 1.0
        quelle = _betrag_kommentar(s.pauschale, lambda jahr: vorschlag_pauschale(
            str(s.foerderung), str(s.art), umfang, jahr))
        if quelle:
            _kommentare(table, f"Pauschale {quelle}")
    for key, wert in werte(s, STELLE_KEYS).items():
        if wert is not None:
            table.add(key, toml_wert(wert))
    if isinstance(s.besetzt, tuple):
        table.add("besetzt", besetzt_array(s.besetzt))
    elif isinstance(s.besetzt, Rohwert):
        table.add("besetzt", toml_wert(s.besetzt))
    return table


def neuer_meilenstein(m: MeilensteinEntwurf) -> Table:
    table = tomlkit.table()
    for key, wert in werte(m, MEILENSTEIN_KEYS).items():
        if wert is not None:
            table.add(key, toml_wert(wert))
    return table


def neuer_schwerpunkt(sp: SchwerpunktEntwurf) -> Table:
    table = tomlkit.table()
    for key, wert in werte(sp, SCHWERPUNKT_KEYS).items():
        if wert is not None:
            table.add(key, toml_wert(wert))
    if sp.meilensteine:
        meilensteine = tomlkit.aot()
        for m in sp.meilensteine:
            meilensteine.append(neuer_meilenstein(m))
        table.add("meilensteine", meilensteine)
    return table
