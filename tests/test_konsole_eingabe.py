"""Answers typed into `kibericht einrichten` on any console: a console that claims ASCII is read
as UTF-8 (a byte above 127 typed there is UTF-8), a byte a code page lacks becomes U+FFFD; never
a UnicodeDecodeError traceback. Output on these consoles is `test_cli_konsole`'s."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the Kreis, its suggested name, towns and years, Kürzung; the programme KI with the suggested amount;
# one Stelle FK1 (Bezeichnung from the console), no periods; no Schwerpunkt; the folders; write
ANTWORTEN = ["Rhein-Sieg-Kreis", "", "", "2025", "", "KI", "", "", "FK1", "{bezeichnung}", "Fachkraft",
             "", "", "", "", "nein", "", "", "", "", "ja"]


def _einrichten(tmp_path: Path, encoding: str, bezeichnung: bytes) -> subprocess.CompletedProcess[bytes]:
    eingabe = "\n".join(ANTWORTEN).encode("utf-8").replace(b"{bezeichnung}", bezeichnung) + b"\n"
    umgebung = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    umgebung |= {"PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "kibericht", "einrichten", "--config", "ki.toml"],
                          cwd=tmp_path, input=eingabe, env=umgebung, capture_output=True, timeout=300)


@pytest.mark.parametrize(("encoding", "bezeichnung", "erwartet"), [
    ("ascii", "Fachkräfte".encode(), "Fachkräfte"),  # UTF-8 typed into a console that claims ASCII
    ("ascii", b"Fachkr\xe4fte", "Fachkr\ufffdfte"),  # a byte that is no UTF-8 either
    ("cp1252", b"Fachkr\x81fte", "Fachkr\ufffdfte"),  # 0x81 is no character of cp1252
    ("cp850", "Fachkräfte".encode("cp850"), "Fachkräfte"),  # as a Windows console sends it
], ids=["ascii-utf8", "ascii-latin1", "cp1252-luecke", "cp850"])
def test_answers_are_read_whatever_the_console(tmp_path, encoding, bezeichnung, erwartet):
    lauf = _einrichten(tmp_path, encoding, bezeichnung)
    assert b"Traceback" not in lauf.stdout + lauf.stderr, lauf.stderr.decode("utf-8", "replace")
    assert lauf.returncode == 0, (lauf.stdout + lauf.stderr).decode("utf-8", "replace")
    config = tomllib.loads((tmp_path / "ki.toml").read_text("utf-8"))
    assert config["stellen"][0]["bezeichnung"] == erwartet
