"""Builders for the funding, Soll/Ist, quota and milestone tests: a ki.toml from a few Stellen, and
entries as a small DataFrame shaped like `load_entries(...).entries`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from kibericht.konfig import KIConfig, load_config
from kibericht.pruefen.kopfzeile import ENTRY_COLUMNS

KOPF = """
[ki]
name = "KI Testkreis"
kommunen = ["Alfter", "Bornheim"]
"""

SCHWERPUNKTE = """
[[schwerpunkte]]
id = "SP1"
titel = "Bildung verbessern"
handlungsfeld = "Bildung"
zieldimension = "I"
von = 2025
bis = 2026

[[schwerpunkte]]
id = "SP2"
titel = "Ehrenamt stärken"
handlungsfeld = "Querschnitt"
zieldimension = "II"
von = 2025
bis = 2026
"""


def stelle(sid: str, pauschale: str | None = "60000", foerderung: str = "KI", umfang: float = 1.0,
           besetzt: str | None = None, art: str = "Fachkraft", wochenstunden: float = 39.0) -> str:
    """One [[stellen]] block; `besetzt` and `pauschale` are TOML text as in ki.toml."""
    lines = ["[[stellen]]", f'id = "{sid}"', f'bezeichnung = "Stelle {sid}"', f'art = "{art}"',
             f"umfang = {umfang}", f"wochenstunden = {wochenstunden}", f'foerderung = "{foerderung}"']
    if pauschale is not None:
        lines.append(f"pauschale = {pauschale}")
    if besetzt is not None:
        lines.append(f"besetzt = {besetzt}")
    return "\n".join(lines) + "\n"


def programm(name: str = "KI", hoechstbetrag: str = "170000") -> str:
    return f'[[programme]]\nname = "{name}"\nhoechstbetrag = {hoechstbetrag}\n'


def konfig(tmp_path: Path, *bloecke: str, regeln: str = "", schwerpunkte: str = SCHWERPUNKTE) -> KIConfig:
    """Write ki.toml (head, [regeln], the blocks, the Schwerpunkte) to tmp_path and load it."""
    text = "\n".join([KOPF, f"[regeln]\n{regeln}\n", *bloecke, schwerpunkte])
    path = tmp_path / "ki.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def eintraege(*zeilen: tuple) -> pd.DataFrame:
    """Entries from (datum, stelle, schwerpunkt, taetigkeit, stunden[, kommune[, teilnehmende]])
    tuples."""
    def voll(zeile: tuple) -> tuple:
        return (*zeile, *(None, float("nan"))[len(zeile) - 5:])

    rows = [{
        "datum": pd.Timestamp(datum), "stelle": sid, "mitarbeiter": None, "handlungsfeld": "Bildung",
        "schwerpunkt": sp, "taetigkeit": taetigkeit, "kommune": kommune, "stunden": float(stunden),
        "teilnehmende": float(tn), "beschreibung": "", "_datei": "log.xlsx", "_blatt": "A",
        "_zeile": i + 2,
    } for i, (datum, sid, sp, taetigkeit, stunden, kommune, tn) in enumerate(map(voll, zeilen))]
    frame = pd.DataFrame(rows, columns=ENTRY_COLUMNS)
    frame["datum"] = frame["datum"].astype("datetime64[ns]")
    return frame


def tag(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
