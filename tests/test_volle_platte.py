"""A full disk, an exhausted quota or a file-size limit while any output is written — the report's
workbook, charts and PDF, marked copies, the template, the Landesübersicht, the Ablage — is a
German message with exit code 2 (with `--format json` one JSON document), never a traceback or a
library's English text, and nothing half-written is left visible.

Where the tests may mount a file system (as root), a real small one (tmpfs) is filled; a file-size
limit (RLIMIT_FSIZE) works without; and the error is injected at each write site in turn.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kibericht.ausgabe import atomar, wechsel
from kibericht.cli import cli
from tests.conftest import HEADER, KI_TOML, entry, tmpfs, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"Traceback|Exception|Error\b|No space|device|quota|ignored", re.IGNORECASE)


@pytest.fixture
def ki(tmp_path) -> Path:
    """A KI with March logs (one faulty row, for marked copies)."""
    (tmp_path / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(tmp_path / "nachweise" / "FK1.xlsx",
               {"März": [HEADER, entry(3), entry(4, stunden=3.5), entry(5, sp="SP2", kommune="Bornheim")]})
    write_xlsx(tmp_path / "fehlerhaft" / "FK2.xlsx",
               {"März": [HEADER, entry(3, "FK2"), entry(4, "FK2", stunden="x")]})
    return tmp_path


def _befehl(ki: Path, art: str, ausgabe: Path) -> list[str]:
    config = ["--config", str(ki / "ki.toml"), "--format", "json"]
    return {
        "bericht": ["bericht", str(ki / "nachweise"), "--monat", "2025-03", "--ausgabe", str(ausgabe)],
        "jahresbericht": ["bericht", str(ki / "nachweise"), "--jahr", "2025", "--ausgabe", str(ausgabe)],
        "abschliessen": ["abschliessen", str(ki / "nachweise"), "--monat", "2025-03"],
        "markiert": ["pruefen", str(ki / "fehlerhaft"), "--markiert", str(ausgabe)],
        "vorlage": ["vorlage", "--jahr", "2025", "--ausgabe", str(ausgabe / "Vorlage.xlsx")],
    }[art] + config


def _ein_fehler(stdout: str) -> dict:
    """The one JSON document of a failed run, and its one finding."""
    [fehler] = json.loads(stdout)["fehler"]
    assert fehler["code"] == "ausgabe-nicht-schreibbar", fehler
    assert not ENGLISH.search(fehler["meldung"]), fehler["meldung"]
    return fehler


def _sichtbar(ordner: Path) -> list[str]:
    """What a user finds in the folder (everything, hidden files too)."""
    return sorted(p.name for p in ordner.iterdir()) if ordner.exists() else []


# --- a real full file system ------------------------------------------------------------------

@pytest.fixture
def laufwerk(tmp_path):
    """Mount a small tmpfs (64 KB) at a fresh folder; skipped where mounting is not allowed."""
    with tmpfs(tmp_path / "laufwerk", "64k") as punkt:
        yield punkt


def _fuellen(ordner: Path, frei: int = 0) -> None:
    """Fill the file system of `ordner`, all but `frei` bytes."""
    with open(ordner / "fueller", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
        f.truncate(max(f.tell() - frei, 0))


def _kibericht(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kibericht", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, timeout=300)


@pytest.mark.parametrize("art", ["bericht", pytest.param("markiert", marks=pytest.mark.slow),
                                 pytest.param("vorlage", marks=pytest.mark.slow)])
def test_a_real_full_disk_under_the_output(ki, laufwerk, art):
    _fuellen(laufwerk)
    ausgabe = laufwerk / "aus"
    lauf = _kibericht(_befehl(ki, art, ausgabe), ki)
    assert lauf.returncode == 2, lauf.stderr
    fehler = _ein_fehler(lauf.stdout)
    assert "kein Platz mehr frei" in fehler["meldung"]
    assert lauf.stderr == ""
    assert _sichtbar(ausgabe) == [] and _sichtbar(laufwerk) in (["aus", "fueller"], ["fueller"])


@pytest.mark.slow
@pytest.mark.parametrize("art", ["jahresbericht", "markiert"])
def test_a_real_full_folder_for_temporary_files(ki, laufwerk, art):
    # one page left: Python still takes the folder for temporary files (it tries a tiny file
    # first, else it would quietly use another one), the sheets' parts do not fit
    _fuellen(laufwerk, frei=4096)
    write_xlsx(ki / "fehlerhaft" / "FK3.xlsx", {"März": [HEADER] + [entry(1 + i % 28, "FK3", stunden="x")
                                                                   for i in range(300)]})
    ausgabe = ki / "aus"
    lauf = _kibericht(_befehl(ki, art, ausgabe), ki, TMPDIR=str(laufwerk))
    assert lauf.returncode == 2, lauf.stderr
    fehler = _ein_fehler(lauf.stdout)
    assert f"Ordner für temporäre Dateien „{laufwerk.as_posix()}“" in fehler["meldung"]
    assert lauf.stderr == ""  # not "Exception ignored in: <… ZipFile.__del__>"
    assert _sichtbar(laufwerk) == ["fueller"]  # no part left behind
    # a report is all or nothing; of the marked copies, those made before the failure are whole
    assert _sichtbar(ausgabe) == ([] if art == "jahresbericht" else ["FK2.xlsx"])
    for kopie in ausgabe.glob("*.xlsx"):
        openpyxl.load_workbook(kopie)


@pytest.mark.slow
def test_a_real_full_ablage(ki, laufwerk):
    (ki / "ki.toml").write_text(KI_TOML + f'\n[ablage]\nordner = "{laufwerk.as_posix()}"\n', encoding="utf-8")
    lauf = _kibericht(_befehl(ki, "abschliessen", ki), ki)
    assert lauf.returncode == 2, lauf.stderr
    fehler = _ein_fehler(lauf.stdout)
    assert "kein Platz mehr frei" in fehler["meldung"] and ".neu-" not in fehler["meldung"]
    assert "Es wurde nichts abgelegt" in fehler["meldung"] and lauf.stderr == ""
    assert _sichtbar(laufwerk) == [".sperre"]  # the lock of the Ablage, nothing else
    assert _kibericht(["verifizieren", "--config", str(ki / "ki.toml")], ki).returncode == 0


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE: Linux")
def test_a_file_size_limit(ki):
    import resource

    def begrenzen():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    ausgabe = ki / "aus"
    lauf = subprocess.run([sys.executable, "-m", "kibericht", *_befehl(ki, "bericht", ausgabe)], cwd=ki,
                          capture_output=True, text=True, preexec_fn=begrenzen, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"})
    assert lauf.returncode == 2, lauf.stderr
    meldung = _ein_fehler(lauf.stdout)["meldung"]
    assert "größer, als das Laufwerk oder die Einstellungen des Systems" in meldung
    assert lauf.stderr == "" and _sichtbar(ausgabe) == []


# --- injected at each write site -----------------------------------------------------------------

def _voll(code: int = errno.ENOSPC, filename: str | None = None) -> OSError:
    return OSError(code, os.strerror(code), filename)


def _schreiben_scheitert(monkeypatch, passt, code: int = errno.ENOSPC) -> None:
    """Every `Path.write_bytes` whose data `passt` fails with `code`."""
    echt = Path.write_bytes

    def write_bytes(self, data):
        if passt(bytes(data[:16])):
            raise _voll(code)
        return echt(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def _workbook_scheitert(monkeypatch, code: int = errno.ENOSPC) -> None:
    """The workbook's file fails as a full disk does: this write, and every one after it."""
    echt = atomar.Schreibziel.write

    def write(self, data):
        if self.tell() > 0 and self.fehler is None:
            echt(self, b"")
            self._datei.close()  # the disk is full: nothing more gets through
            self.fehler = _voll(code)
            raise self.fehler
        return echt(self, data)

    monkeypatch.setattr(atomar.Schreibziel, "write", write)


SITES = {
    "arbeitsmappe": ("bericht", lambda mp: _workbook_scheitert(mp)),
    "diagramm": ("bericht", lambda mp: _schreiben_scheitert(mp, lambda d: d.startswith(b"\x89PNG"))),
    "pdf": ("bericht", lambda mp: _schreiben_scheitert(mp, lambda d: d.startswith(b"%PDF"))),
    "journal": ("bericht", lambda mp: _schreiben_scheitert(mp, lambda d: d.startswith(b'{"kibericht"'))),
    "kontingent": ("bericht", lambda mp: _workbook_scheitert(mp, getattr(errno, "EDQUOT", errno.ENOSPC))),
    "flush": ("bericht", lambda mp: mp.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(_voll()))),
    "markierte-kopie": ("markiert", lambda mp: _schreiben_scheitert(mp, lambda d: d.startswith(b"PK"))),
    "vorlage": ("vorlage", lambda mp: _schreiben_scheitert(mp, lambda d: d.startswith(b"PK"))),
    "ablage-bericht": ("abschliessen", lambda mp: _workbook_scheitert(mp)),
    "ablage-manifest": ("abschliessen", lambda mp: _schreiben_scheitert(mp, lambda d: d.startswith(b"{"))),
}
VORHER = ("pdf", "journal")  # a report is there already: it stays as it was
LANGSAM = ("diagramm", "kontingent", "flush", "ablage-bericht")


@pytest.mark.parametrize("site", [pytest.param(s, marks=pytest.mark.slow) if s in LANGSAM else s
                                  for s in SITES])
def test_a_full_disk_at_each_write_site_is_a_german_json_error(ki, monkeypatch, site):
    art, scheitern = SITES[site]
    ausgabe = ki / "aus"
    if site in VORHER:
        assert CliRunner().invoke(cli, _befehl(ki, art, ausgabe)).exit_code == 0
    vorher = {p.name: p.read_bytes() for p in ausgabe.iterdir()} if ausgabe.exists() else {}
    scheitern(monkeypatch)
    result = CliRunner().invoke(cli, _befehl(ki, art, ausgabe))
    assert result.exit_code == 2, result.output
    fehler = _ein_fehler(result.stdout)
    kontingent = site == "kontingent" and hasattr(errno, "EDQUOT")
    text = "Speicherkontingent" if kontingent else "kein Platz mehr frei"
    assert text in fehler["meldung"], fehler["meldung"]
    monkeypatch.undo()
    jetzt = {p.name: p.read_bytes() for p in ausgabe.iterdir()} if ausgabe.exists() else {}
    assert jetzt == vorher  # no temporary file, no journal, no half-written or half-switched report
    if art == "abschliessen":
        assert _sichtbar(ki / "abschluesse") == [".sperre"]


def test_a_full_folder_for_temporary_files_while_a_copy_is_marked(ki, monkeypatch):
    import openpyxl.worksheet._writer as writer

    temp = ki / "temp"

    def voll(*args, **kwargs):
        raise _voll(filename=str(temp / "openpyxl.abc"))

    monkeypatch.setattr(writer, "create_temporary_file", voll)
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    result = CliRunner().invoke(cli, _befehl(ki, "markiert", ki / "aus"))
    assert result.exit_code == 2
    assert f"„{temp.as_posix()}“ ist kein Platz mehr frei" in _ein_fehler(result.stdout)["meldung"]


def test_a_full_disk_while_the_landesuebersicht_is_written(tmp_path, monkeypatch):
    pytest.importorskip("duckdb")
    import dataclasses

    from kibericht.konfig import load_config
    from kibericht.land.schreiben import meldung_schreiben
    from tests.meldung_helfer import inhalt

    (tmp_path / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    config = load_config(tmp_path / "ki.toml")
    meldung_schreiben(dataclasses.replace(inhalt(tmp_path / "a", config)), tmp_path / "eingang")
    _schreiben_scheitert(monkeypatch, lambda d: d.startswith(b"%PDF"))
    result = CliRunner().invoke(cli, ["zusammenfassen", str(tmp_path / "eingang"), "--ausgabe",
                                      str(tmp_path / "aus"), "--format", "json"])
    assert result.exit_code == 2, result.output
    assert "kein Platz mehr frei" in _ein_fehler(result.stdout)["meldung"]
    assert _sichtbar(tmp_path / "aus") == []


def test_the_retry_waits_only_for_files_held_by_a_program():
    assert wechsel.belegt(PermissionError(errno.EACCES, "x"))
    assert not wechsel.belegt(_voll()) and not wechsel.belegt(_voll(errno.EROFS))
