"""The command line on any console: output never fails on an encoding (cp1252, cp850, ASCII),
control and bidi characters from the input are shown escaped, Ctrl+C and SIGTERM end a command
with exit code 130 and release what it held."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht import anwendung
from kibericht.cli import cli
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
KOPF = ("Datum;Stelle;Mitarbeiter/in;Handlungsfeld;Schwerpunkt;Tätigkeit;Kommune;Stunden;Teilnehmende;"
        "Beschreibung")


def _ki(root: Path) -> Path:
    """A KI whose March log (CSV, as Excel writes it) holds control, bidi and non-Latin characters
    (its file name is ASCII: in the C locale a name in UTF-8 is no text at all)."""
    (root / "nachweise").mkdir(parents=True)
    (root / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    rows = [KOPF,
            "03.03.2025;FK1;A;Bildung;SP1;Beratung;Alfter;2;;Beratung – erledigt ✓",
            "04.03.2025;FK1;A;Bildung;SP1;Beratung;Bornheim;1,5;;Netzwerk",
            "05.03.2025;F\x1b[2JK\u202e9;A;Bildung;SP1;Beratung;Alfter;2;;x",
            "06.03.2025;FK1;A;Bildung;SP1;Beratung;Лиса\x07;2;;x"]
    data = "\ufeff" + "\r\n".join(rows) + "\r\n"
    (root / "nachweise" / "Nachweis_Maerz_FK1.csv").write_bytes(data.encode("utf-8"))
    return root


def kibericht(*args: object, cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    umgebung = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    umgebung |= {"PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "kibericht", *map(str, args)], cwd=cwd, env=umgebung,
                          capture_output=True, timeout=300)


# an ASCII console (the C locale without UTF-8 mode): click writes UTF-8 there rather than fail
KONSOLEN = [({"PYTHONIOENCODING": "cp1252"}, "cp1252"), ({"PYTHONIOENCODING": "cp850"}, "cp850"),
            ({"PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0"}, "utf-8")]


@pytest.mark.parametrize(("konsole", "encoding"), KONSOLEN, ids=["cp1252", "cp850", "ascii"])
def test_pruefen_bericht_and_verifizieren_on_any_console(tmp_path, konsole, encoding):
    ki = _ki(tmp_path / "ki")
    geprueft = kibericht("pruefen", "nachweise", "--config", "ki.toml", cwd=ki, **konsole)
    assert geprueft.returncode == 1, geprueft.stderr
    text = geprueft.stdout.decode(encoding)
    assert "Traceback" not in text + geprueft.stderr.decode(encoding)
    # the faulty cells' values are shown escaped: no ESC, no BEL, no direction change reaches the console
    assert "\\x1b[2JK\\u202e9" in text and "\\x07" in text
    assert b"\x1b" not in geprueft.stdout and b"\x07" not in geprueft.stdout
    assert "[stelle-unbekannt]" in text and "[kommune-unbekannt]" in text

    bericht = kibericht("bericht", "nachweise", "--config", "ki.toml", "--monat", "2025-03", "--ausgabe",
                        "berichte", "--trotz-fehlern", cwd=ki, **konsole)
    assert bericht.returncode == 0, bericht.stderr
    ausgabe = bericht.stdout.decode(encoding)
    assert "Traceback" not in ausgabe + bericht.stderr.decode(encoding)
    assert "Monatsbericht_2025-03.xlsx" in ausgabe
    assert (ki / "berichte" / "Monatsbericht_2025-03.xlsx").is_file()
    assert "Nicht gezählt: 2 Zeilen mit Fehlern" in ausgabe or "Nicht gez\\xe4hlt" in ausgabe

    # JSON stays UTF-8 bytes, whatever the console
    dokument = kibericht("pruefen", "nachweise", "--config", "ki.toml", "--format", "json", cwd=ki, **konsole)
    befunde = json.loads(dokument.stdout.decode("utf-8"))["fehler"]
    assert [f["wert"] for f in befunde] == ["F\x1b[2JK\u202e9", "Лиса\x07"]

    assert kibericht("abschliessen", "nachweise", "--config", "ki.toml", "--monat", "2025-04", cwd=ki,
                     **konsole).returncode == 1  # nothing in April
    geschlossen = kibericht("abschliessen", "nachweise", "--config", "ki.toml", "--monat", "2025-03",
                            cwd=ki, **konsole)
    assert geschlossen.returncode == 1  # errors in March: nothing filed
    (ki / "nachweise" / "Nachweis_Maerz_FK1.csv").write_bytes(
        ("\ufeff" + KOPF + "\r\n03.03.2025;FK1;A;Bildung;SP1;Beratung;Alfter;2;;ok ✓\r\n").encode("utf-8"))
    assert kibericht("abschliessen", "nachweise", "--config", "ki.toml", "--monat", "2025-03", cwd=ki,
                     **konsole).returncode == 0
    grund = "Stunden\rkorrigiert \x1b[31m\u202e rot"
    wieder = kibericht("abschliessen", "--config", "ki.toml", "--monat", "2025-03", "--wiedereroeffnen",
                       "--grund", grund, cwd=ki, **konsole)
    assert wieder.returncode == 0, wieder.stderr
    assert "Grund:     Stunden\\rkorrigiert \\x1b[31m\\u202e rot" in wieder.stdout.decode(encoding)

    verifiziert = kibericht("verifizieren", "nachweise", "--config", "ki.toml", cwd=ki, **konsole)
    assert verifiziert.returncode == 0, verifiziert.stderr
    zeilen = verifiziert.stdout.decode(encoding)
    assert "Grund: Stunden\\rkorrigiert \\x1b[31m\\u202e rot" in zeilen
    assert b"\r" not in verifiziert.stdout and b"\x1b" not in verifiziert.stdout


def test_ctrl_c_ends_a_command_with_130(tmp_path, monkeypatch):
    def unterbrochen(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(anwendung, "pruefen", unterbrochen)
    result = CliRunner().invoke(cli, ["pruefen", str(tmp_path)])
    assert result.exit_code == 130 and result.stderr.strip().endswith("Abgebrochen.")


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_sigterm_while_filing_releases_the_lock_and_exits_130(tmp_path):
    import fcntl

    ki = tmp_path / "ki"
    ki.mkdir()
    (ki / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(ki / "nachweise" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(4, stunden=1.5)]})
    bereit = ki / "bereit"
    # the filing waits inside the lock of the Ablage until it is ended
    skript = (
        "import pathlib, sys, time\n"
        "import kibericht.ablage.ablegen as ablegen\n"
        "def langsam(*args, **kwargs):\n"
        f"    pathlib.Path({str(bereit)!r}).touch()\n"
        "    time.sleep(60)\n"
        "ablegen.abschluss_ablegen = langsam\n"
        "from kibericht.cli import main\n"
        "sys.argv = ['kibericht', 'abschliessen', 'nachweise', '--config', 'ki.toml', '--monat', '2025-03']\n"
        "main()\n")
    process = subprocess.Popen([sys.executable, "-c", skript], cwd=ki, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=os.environ | {"PYTHONPATH": str(ROOT)})
    frist = time.monotonic() + 120
    while not bereit.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < frist
        time.sleep(0.05)
    with open(ki / "abschluesse" / ".sperre", "a+b") as sperre:  # held now
        with pytest.raises(BlockingIOError):
            fcntl.flock(sperre.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.decode("utf-8").strip().endswith("Abgebrochen.") and b"Traceback" not in stderr
    with open(ki / "abschluesse" / ".sperre", "a+b") as sperre:  # released: taken at once
        fcntl.flock(sperre.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(sperre.fileno(), fcntl.LOCK_UN)
    assert [p.name for p in (ki / "abschluesse").iterdir()] == [".sperre"]
    # the next run files the month at once
    assert CliRunner().invoke(cli, ["abschliessen", str(ki / "nachweise"), "--config", str(ki / "ki.toml"),
                                    "--monat", "2025-03"]).exit_code == 0


def test_a_file_the_system_refuses_is_a_german_message_not_a_traceback(tmp_path, monkeypatch):
    def verweigert(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "nachweise/FK1.xlsx")

    monkeypatch.setattr(anwendung, "pruefen", verweigert)
    result = CliRunner().invoke(cli, ["pruefen", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert ("„nachweise/FK1.xlsx“ kann nicht gelesen oder geschrieben werden (keine Berechtigung)"
            in result.stderr)
    document = json.loads(CliRunner().invoke(cli, ["pruefen", str(tmp_path), "--format", "json"]).stdout)
    assert [f["code"] for f in document["fehler"]] == ["aufruf-ungueltig"]
