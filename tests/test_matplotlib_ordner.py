"""matplotlib's folder where HOME is read-only: the report is written and nothing English (nor
anything else) reaches stderr; a planted folder is never used."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kibericht.ausgabe import matplotlib_ordner
from kibericht.ausgabe.matplotlib_ordner import PRAEFIX, eigener_ordner, ordner_fuer
from tests.conftest import HEADER, entry, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def _schreibgeschuetztes_home(tmp_path: Path) -> Path:
    """A HOME nobody can make matplotlib's folders in: read-only, and (for a test run as root,
    whom a read-only mode does not stop) `.config` and `.cache` are files, not folders."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".config").write_text("", "utf-8")
    (home / ".cache").write_text("", "utf-8")
    home.chmod(0o555)
    return home


def _umgebung(home: Path, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME", "TMPDIR")}
    return {**env, "HOME": str(home), "TMPDIR": str(tmp)}


def test_a_report_with_a_read_only_home_writes_nothing_to_stderr(tmp_path, config_path):
    home = _schreibgeschuetztes_home(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    write_xlsx(tmp_path / "in.xlsx", {"A": [HEADER, entry(3), entry(4, sp=""), entry(5, stelle="FK2")]})
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kibericht", "bericht", str(tmp_path / "in.xlsx"), "--config",
             str(config_path), "--monat", "2025-03", "--ausgabe", str(tmp_path / "out")],
            capture_output=True, text=True, cwd=ROOT, env=_umgebung(home, tmp), timeout=300)
    finally:
        home.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no "Matplotlib created a temporary cache directory …"
    assert "Geschrieben:" in done.stdout
    assert (tmp_path / "out" / "Monatsbericht_2025-03_schwerpunktanteil.png").stat().st_size > 0
    assert (tmp_path / "out" / "Monatsbericht_2025-03.pdf").stat().st_size > 0
    # matplotlib's folder is this user's own under TMPDIR, kept for the next run
    ordner = tmp / f"{PRAEFIX}{os.getuid()}"
    assert ordner.is_dir() and not ordner.stat().st_mode & 0o077
    assert list(ordner.glob("fontlist-*.json"))


def test_writable_defaults_and_a_set_mplconfigdir_are_left_alone(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    assert ordner_fuer({"HOME": str(home)}) is None
    assert ordner_fuer({"HOME": "/nonexistent", "MPLCONFIGDIR": str(tmp_path)}) is None


def test_an_unwritable_home_gets_a_private_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(matplotlib_ordner.tempfile, "gettempdir", lambda: str(tmp_path))
    home = _schreibgeschuetztes_home(tmp_path)
    try:
        ordner = ordner_fuer({"HOME": str(home)})
    finally:
        home.chmod(0o755)
    assert ordner == tmp_path / f"{PRAEFIX}{os.getuid()}"
    assert stat.S_IMODE(ordner.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folders of a user only where there are uids")
def test_a_planted_folder_is_never_used(tmp_path):
    # someone made the folder before us, readable by others: a fresh private folder instead
    geplant = tmp_path / f"{PRAEFIX}{os.getuid()}"
    geplant.mkdir()
    geplant.chmod(0o777)
    ordner = eigener_ordner(tmp_path)
    assert ordner is not None and ordner != geplant and ordner.parent == tmp_path
    assert stat.S_IMODE(ordner.stat().st_mode) == 0o700
    # a link of that name is not used either, wherever it points
    geplant.rmdir()
    ziel = tmp_path / "ziel"
    ziel.mkdir(mode=0o700)
    geplant.symlink_to(ziel)
    assert eigener_ordner(tmp_path) not in (geplant, ziel)
