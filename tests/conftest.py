"""Shared test fixtures: a small KI configuration and a workbook writer."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from kibericht.konfig import KIConfig, load_config

# tests/mutation/ holds the mutation tool, not tests: never collect or import it
collect_ignore = ["mutation"]

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"

KI_TOML = """
[ki]
name = "KI Testkreis"
kommunen = ["Alfter", "Bornheim", "Eitorf"]

[regeln]
schwerpunkt_mindestanteil = 0.5
max_stunden_pro_tag = 10
anteilig = "tagesgenau"

[[programme]]
name = "KI"
hoechstbetrag = 170000

[[stellen]]
id = "FK1"
bezeichnung = "Fachkraft"
art = "Fachkraft"
umfang = 1.0
wochenstunden = 39.0
foerderung = "KI"
pauschale = 50000

[[stellen]]
id = "FK2"
bezeichnung = "Fachkraft 2"
art = "Fachkraft"
umfang = 1.0
wochenstunden = 39.0
foerderung = "KI"
pauschale = 50000
besetzt = [ { von = 2025-01-01, bis = 2025-06-30 } ]

[[stellen]]
id = "L1"
bezeichnung = "Lehrkraft"
art = "Lehrkraft"
umfang = 1.0
wochenstunden = 41.0
foerderung = "Land"

[[schwerpunkte]]
id = "SP1"
titel = "Teilhabechancen neu zugewanderter Kinder verbessern"
handlungsfeld = "Bildung"
zieldimension = "I"
von = 2025
bis = 2026

[[schwerpunkte.meilensteine]]
jahr = 2025
text = "Netzwerktreffen für Lehrkräfte (4–6)"
taetigkeit = "Netzwerktreffen"
mindestens = 4

[[schwerpunkte]]
id = "SP2"
titel = "Ehrenamt stärken"
handlungsfeld = "Querschnitt"
zieldimension = "II"
von = 2025
bis = 2026
"""

HEADER = ["Datum", "Stelle", "Mitarbeiter/in", "Handlungsfeld", "Schwerpunkt", "Tätigkeit",
          "Kommune", "Stunden", "Teilnehmende", "Beschreibung"]


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "ki.toml"
    path.write_text(KI_TOML, encoding="utf-8")
    return path


@pytest.fixture
def config(config_path: Path) -> KIConfig:
    return load_config(config_path)


def write_xlsx(path: Path, sheets: dict[str, list[list]], formats: dict | None = None,
               formulas: bool = False) -> Path:
    """Write sheets of rows with openpyxl (dates become Excel dates)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for line in ws.iter_rows():
            for cell in line:
                # text that merely looks like a formula is text, as a user typed it with a quote
                if isinstance(cell.value, str) and cell.value.startswith("=") and not formulas:
                    cell.data_type = "s"
        for (cell, number_format) in (formats or {}).get(name, {}).items():
            ws[cell].number_format = number_format
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def entry(day: int, stelle="FK1", hf="Bildung", sp="SP1", taet="Beratung", kommune="Alfter",
          stunden=2.0, tn=None, text="Beratung", month=3, year=2025, name="A. B.") -> list:
    return [dt.date(year, month, day), stelle, name, hf, sp, taet, kommune, stunden, tn, text]


@contextlib.contextmanager
def tmpfs(punkt: Path, groesse: str) -> Iterator[Path]:
    """A small tmpfs of `groesse` (e.g. "64k") mounted at the fresh folder `punkt`, to fill a real
    file system; the test is skipped where mounting is not allowed (it needs root on Linux)."""
    punkt.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={groesse}", "tmpfs", str(punkt)]
    if sys.platform != "linux" or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("no tmpfs can be mounted here (needs root on Linux)")
    try:
        yield punkt
    finally:
        subprocess.run(["umount", "-l", str(punkt)], capture_output=True)
