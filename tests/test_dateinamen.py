"""File names the system could not decode are shown read as UTF-8 wherever text leaves kibericht:
the report under the C locale, its JSON, and a closing that cannot file such a name says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from kibericht.dateinamen import hat_unlesbares, lesbar
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def test_undecodable_bytes_are_read_as_utf8_else_replaced():
    assert lesbar("n\udcc3\udca4/TN.xlsx") == "nä/TN.xlsx"
    assert lesbar("n\udce4.xlsx") == "n\ufffd.xlsx"  # Latin-1 „ä“: no UTF-8
    assert lesbar("\ud800x") == "?x"  # a surrogate standing for no byte
    assert lesbar("Büro – „ok“") == "Büro – „ok“"
    assert hat_unlesbares("n\udcc3") and not hat_unlesbares("nä")


def _kibericht(args, cwd: Path) -> subprocess.CompletedProcess:
    """kibericht in the C locale without UTF-8 mode: Python keeps undecodable names as surrogates."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kibericht", *args], cwd=cwd, capture_output=True, env=env,
                          timeout=300)


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes: POSIX")
def test_a_utf8_folder_name_under_the_c_locale(tmp_path):
    (tmp_path / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(tmp_path / "Nachweise Büro" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(4, stunden=3.0)]})
    lauf = _kibericht(["bericht", "Nachweise Büro", "--monat", "2025-03", "--ausgabe", "berichte",
                       "--format", "json"], tmp_path)
    assert lauf.returncode == 0, lauf.stderr.decode("utf-8", "replace")
    dokument = json.loads(lauf.stdout.decode("utf-8"))
    assert dokument["dateien"][0].endswith("Monatsbericht_2025-03.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "berichte" / "Monatsbericht_2025-03.xlsx", read_only=True)
    texte = {c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert "Nachweise Büro/FK1.xlsx" in texte
    # filed for good, a name must be readable: a German message, nothing filed
    lauf = _kibericht(["abschliessen", "Nachweise Büro", "--monat", "2025-03", "--format", "json"], tmp_path)
    assert lauf.returncode == 2, lauf.stderr.decode("utf-8", "replace")
    [fehler] = json.loads(lauf.stdout.decode("utf-8"))["fehler"]
    assert "„Nachweise Büro/FK1.xlsx“ enthält Zeichen, die das System nicht lesen kann" in fehler["meldung"]
    assert "PYTHONUTF8=1" in fehler["meldung"] and lauf.stderr == b""


def test_the_examples_in_the_docstring():
    import doctest

    import kibericht.dateinamen

    assert doctest.testmod(kibericht.dateinamen).failed == 0
