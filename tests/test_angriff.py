"""The attack run (benchmarks/angriff.py) in its short form: kills of `bericht`, `abschliessen`
and reopening at random and at chosen moments, full disks, hostile strings, odd files and odd
consoles against kibericht as installed — no traceback, orphan, stale lock, mixed report folder,
changed filing or fault without a German message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and signals: Linux only")
def test_the_short_attack_run_finds_nothing(tmp_path):
    skript = ROOT / "benchmarks" / "angriff.py"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    lauf = subprocess.run([sys.executable, str(skript), "--schnell", "--seed", "17"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=1800, env=env)
    assert lauf.returncode == 0, lauf.stdout[-3000:] + lauf.stderr[-2000:]
    assert "Keine Funde." in lauf.stdout and "Abbrüche: abschliessen" in lauf.stdout
