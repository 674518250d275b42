"""The desktop build (packaging/): built once with PyInstaller into a temporary folder, then run as
the office PC runs it. It answers `--version`, `pruefen` finds what the installed package finds,
`bericht` writes byte for byte the files of the installed package (with fork, and with spawned
worker processes as on Windows), and `kibericht web` answers on its port.

Slow (the build takes minutes): `python -m pytest -m slow tests/test_desktop.py`. Skipped where
PyInstaller is not installed (`pip install ".[desktop]"`), unless KIBERICHT_PROGRAMM names a program
built before (then that one is tested, and nothing is built).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import queue
import random
import re
import shutil
import signal
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from kibericht import __version__
from kibericht.pruefen import arbeiter
from tests.conftest import HEADER, entry, write_xlsx
from tests.prozesse import aufraeumen, in_sitzung, warte_bis_leer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
LINUX = sys.platform.startswith("linux")

GEBAUT = os.environ.get("KIBERICHT_PROGRAMM")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not GEBAUT and importlib.util.find_spec("PyInstaller") is None,
                       reason='PyInstaller is not installed (pip install ".[desktop]")'),
]


@pytest.fixture(scope="module")
def programm(tmp_path_factory) -> Path:
    """The built program (one build for the module); its folder is removed afterwards. With
    KIBERICHT_PROGRAMM (the path of a built kibericht or kibericht.exe) that build is tested
    instead, as a release pipeline does with what it ships."""
    if GEBAUT:
        yield Path(GEBAUT).resolve()
        return
    bau = tmp_path_factory.mktemp("desktop")
    # PyInstaller's cache of processed libraries goes with the build, not into the home folder
    env = {**os.environ, "PYINSTALLER_CONFIG_DIR": str(bau / "pyinstaller-cache")}
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "bauen.py"), "--ziel", str(bau / "dist"),
             "--arbeit", str(bau / "arbeit")],
            capture_output=True, text=True, env=env, timeout=1800)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
        exe = bau / "dist" / "kibericht" / ("kibericht.exe" if sys.platform == "win32" else "kibericht")
        assert exe.is_file()
        print(done.stdout.strip().splitlines()[-1])  # "Gebaut: … (N MiB)"
        yield exe
    finally:
        shutil.rmtree(bau, ignore_errors=True)


def _umgebung(**extra: str) -> dict[str, str]:
    """This environment without kibericht's own switches (a run of the suite with spawn or without
    the shortcuts must not change what these tests compare), plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("KIBERICHT_STARTMETHODE", "KIBERICHT_OHNE_ABKUERZUNGEN")}
    return {**env, **extra}


def _run(befehl: list, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(t) for t in befehl], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env=_umgebung(**extra), timeout=300)


def installiert(*args) -> list:
    """The same command with the installed package, in the environment the tests run in."""
    return [sys.executable, "-m", "kibericht", *args]


def _kopie(ziel: Path) -> Path:
    """A copy of the sample (ki.toml and the logs): the commands run in it with relative paths, so
    that the installed package and the built program print the same paths."""
    shutil.copytree(SAMPLE, ziel, ignore=shutil.ignore_patterns("abschluesse", "__pycache__"))
    return ziel


def _hashes(ordner: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(ordner.iterdir())}


def test_the_folder_holds_the_program_and_none_of_what_was_left_out(programm):
    intern = programm.parent / "_internal"
    assert (intern / "kibericht" / "schemas" / "taetigkeitsnachweis.toml").is_file()
    assert (intern / "matplotlib" / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf").is_file()
    # the Land's store, windows of other backends, the test tools: not part of the desktop build
    for weg in ("duckdb", "tkinter", "_tkinter", "pytest", "hypothesis", "PyInstaller"):
        assert not (intern / weg).exists(), weg
    groesse = sum(p.stat().st_size for p in programm.parent.rglob("*") if p.is_file())
    assert groesse < 400 * 2**20  # about 260 MiB on Linux; more means something came in by mistake


def test_version(programm, tmp_path):
    done = _run([programm, "--version"], tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"kibericht {__version__}\n", "")


def test_pruefen_finds_what_the_installed_package_finds(programm, tmp_path):
    ordner = _kopie(tmp_path / "sample")
    ausgaben = {}
    for fmt in ("json", "text"):
        args = ["pruefen", "nachweise", "--config", "ki.toml", "--format", fmt]
        gebaut, pip = _run([programm, *args], ordner), _run(installiert(*args), ordner)
        assert (gebaut.returncode, gebaut.stdout, gebaut.stderr) == (pip.returncode, pip.stdout, pip.stderr)
        ausgaben[fmt] = gebaut
    dokument = json.loads(ausgaben["json"].stdout)
    assert ausgaben["json"].returncode == 0 and dokument["fehler"] == [] and dokument["eintraege"] > 3000
    warnungen = [f"{w['datei']}:{w['blatt']}:{w['zeile']}: warnung [{w['code']}]"
                 for w in dokument["warnungen"]]
    assert len(warnungen) == 4  # the sample's deliberate warnings (sample_data/LIESMICH.md)
    for warnung in warnungen:
        assert warnung in ausgaben["text"].stdout


def test_bericht_writes_the_bytes_of_the_installed_package(programm, tmp_path):
    """Workbook, PDF and charts: the same sha256 as from the installed package. matplotlib's font
    list goes to the MPLCONFIGDIR the user set and stays there (the build's run-time hook does not
    move it to a new temporary folder on every start)."""
    args = ["bericht", "nachweise", "--config", "ki.toml", "--monat", "2025-03", "--ausgabe", "berichte",
            "--format", "json"]
    mpl = tmp_path / "mpl"
    gebaut = _run([programm, *args], _kopie(tmp_path / "gebaut"), MPLCONFIGDIR=str(mpl))
    pip = _run(installiert(*args), _kopie(tmp_path / "pip"))
    assert gebaut.returncode == pip.returncode == 0, gebaut.stderr
    assert gebaut.stdout == pip.stdout and gebaut.stderr == pip.stderr == ""
    dateien = _hashes(tmp_path / "gebaut" / "berichte")
    assert dateien == _hashes(tmp_path / "pip" / "berichte")
    assert {"Monatsbericht_2025-03.xlsx", "Monatsbericht_2025-03.pdf"} <= set(dateien)
    assert len([n for n in dateien if n.endswith(".png")]) >= 5
    assert list(mpl.glob("fontlist-*.json"))


def _gross_genug(ordner: Path) -> None:
    """One more log, a year of many short entries with long descriptions, so that the logs are
    large enough for worker processes (`arbeiter.MIN_BYTES`); the sample alone is read in one."""
    zufall = random.Random(21)
    zeilen = [HEADER]
    for monat in range(1, 13):
        for tag in range(1, 29):
            for _ in range(20):
                text = "".join(zufall.choices(string.ascii_letters + " ", k=120))
                zeilen.append(entry(tag, "L1", sp="", taet="Beratung", kommune="kreisweit", stunden=0.25,
                                    text=text, month=monat, year=2026))
    write_xlsx(ordner / "nachweise" / "Nachweis_L1_2026.xlsx", {"2026": zeilen})
    groesse = sum(p.stat().st_size for p in (ordner / "nachweise").iterdir())
    assert groesse >= arbeiter.MIN_BYTES


def _beobachten(proc: subprocess.Popen, gesehen: set, halt: threading.Event) -> None:
    """Note the command lines of the processes the program starts while it runs."""
    while not halt.is_set():
        for pid in in_sitzung(proc.pid):
            try:
                gesehen.add(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                pass
        time.sleep(0.02)


def test_bericht_with_spawned_workers_as_on_windows(programm, tmp_path):
    """KIBERICHT_STARTMETHODE=spawn (on Windows always): the built program starts itself again as
    each worker (`freeze_support` in kibericht/__main__.py makes it the worker), and the report is
    byte for byte the one of the installed package (on Linux with forked workers)."""
    if arbeiter.cores() < 2:
        pytest.skip("one core: kibericht reads every file in its own process, starting no worker")
    args = ["bericht", "nachweise", "--config", "ki.toml", "--monat", "2025-03", "--ausgabe", "berichte",
            "--format", "json"]
    gebaut_ordner, pip_ordner = _kopie(tmp_path / "gebaut"), _kopie(tmp_path / "pip")
    _gross_genug(gebaut_ordner)
    _gross_genug(pip_ordner)
    proc = subprocess.Popen([str(programm), *args], cwd=gebaut_ordner, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", start_new_session=True,
                            env=_umgebung(KIBERICHT_STARTMETHODE="spawn"))
    gesehen: set[str] = set()
    halt = threading.Event()
    beobachter = threading.Thread(target=_beobachten, args=(proc, gesehen, halt), daemon=True)
    if LINUX:  # the processes it starts, seen through /proc
        beobachter.start()
    try:
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        halt.set()
        if LINUX:
            beobachter.join()
            uebrig = warte_bis_leer(proc.pid)
            aufraeumen(uebrig)
    assert proc.returncode == 0, stderr
    if LINUX:
        assert uebrig == []  # no worker outlives the program
        arbeiter_zeilen = [z for z in gesehen if "--multiprocessing-fork" in z]
        assert len(arbeiter_zeilen) >= 2, gesehen  # spawned: the program itself, started as a worker
    pip = _run(installiert(*args), pip_ordner)
    assert pip.returncode == 0, pip.stderr
    assert stdout == pip.stdout and stderr == pip.stderr == ""
    assert _hashes(gebaut_ordner / "berichte") == _hashes(pip_ordner / "berichte")


def test_a_month_closed_by_the_program_is_verified_by_the_installed_package(programm, tmp_path):
    """`abschliessen` files January to March in the Ablage (its lock, its chain); `verifizieren`
    of the installed package and of the program find it intact and say the same. Where the build
    has the command `meldung`, the Meldung of March written from that Ablage (the disclosure
    control: scipy, HiGHS) has the bytes of the installed package's."""
    ordner = _kopie(tmp_path / "sample")
    monate = ["2025-01", "2025-02", "2025-03"]
    for monat in monate:
        abschluss = _run([programm, "abschliessen", "nachweise", "--config", "ki.toml", "--monat", monat],
                         ordner)
        assert abschluss.returncode == 0, abschluss.stderr
    args = ["verifizieren", "nachweise", "--config", "ki.toml", "--format", "json"]
    gebaut, pip = _run([programm, *args], ordner), _run(installiert(*args), ordner)
    assert (gebaut.returncode, gebaut.stdout, gebaut.stderr) == (pip.returncode, pip.stdout, pip.stderr)
    dokument = json.loads(gebaut.stdout)
    assert gebaut.returncode == 0 and dokument["intakt"] and sorted(dokument["geschlossen"]) == monate

    if _run([programm, "meldung", "--help"], ordner).returncode != 0:
        return  # not in this build yet
    for wer, befehl in (("gebaut", [programm]), ("pip", installiert())):
        done = _run([*befehl, "meldung", "--config", "ki.toml", "--monat", "2025-03", "--ausgabe", wer],
                    ordner)
        assert done.returncode == 0, done.stderr
    assert _hashes(ordner / "gebaut") == _hashes(ordner / "pip") != {}


def test_the_lands_consolidation_says_what_is_missing(programm, tmp_path):
    """duckdb is not part of the desktop build: `zusammenfassen` (the Land's command) says so in
    German and how to get it, without a traceback."""
    eingang = tmp_path / "eingang"
    eingang.mkdir()
    (eingang / "Meldung_KI-TEST_2025-03.zip").write_bytes(b"x")
    done = _run([programm, "zusammenfassen", "eingang", "--ausgabe", "uebersicht"], tmp_path)
    assert done.returncode == 2
    assert "DuckDB" in done.stderr and 'pip install "kibericht[land]"' in done.stderr
    assert "Traceback" not in done.stderr


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _zeilen_lesen(strom, ziel: queue.Queue) -> None:
    for zeile in strom:
        ziel.put(zeile)
    ziel.put(None)


def test_web_answers_on_its_port(programm, tmp_path):
    """`kibericht web`: the address it prints answers with the first page (the template from the
    package) and a static file, and Strg+C / SIGTERM ends it with exit code 0."""
    hilfe = _run([programm, "web", "--help"], tmp_path)
    if hilfe.returncode != 0:
        pytest.skip(f"the build has no command `kibericht web` yet (`kibericht web --help` exits "
                    f"{hilfe.returncode})")
    ordner = _kopie(tmp_path / "sample")
    port = _freier_port()
    proc = subprocess.Popen([str(programm), "web", "nachweise", "--config", "ki.toml", "--port", str(port),
                             "--kein-browser"], cwd=ordner, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", start_new_session=True, env=_umgebung())
    zeilen: queue.Queue = queue.Queue()
    threading.Thread(target=_zeilen_lesen, args=(proc.stdout, zeilen), daemon=True).start()
    try:
        adresse, gelesen, ende = None, [], time.monotonic() + 120
        while adresse is None and time.monotonic() < ende:
            try:
                zeile = zeilen.get(timeout=max(0.1, ende - time.monotonic()))
            except queue.Empty:
                break
            if zeile is None:
                break
            gelesen.append(zeile)
            treffer = re.search(r"http://127\.0\.0\.1:(\d+)/\?\S+", zeile)
            if treffer:
                adresse = treffer.group(0)
        assert adresse is not None, "".join(gelesen) + (proc.stderr.read() if proc.poll() is not None else "")
        assert f"127.0.0.1:{port}/" in adresse
        # the one-time address gives the session cookie and leads on to the first page
        browser = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                              urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(adresse, timeout=60) as antwort:
            seite = antwort.read().decode("utf-8")
            assert antwort.status == 200
        assert "<html" in seite and "kibericht" in seite
        with browser.open(f"http://127.0.0.1:{port}/statisch/kibericht.css", timeout=60) as antwort:
            assert antwort.status == 200 and antwort.read()
        if LINUX:  # SIGTERM ends the server as Strg+C does: its normal end
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
            assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if LINUX:
            aufraeumen(in_sitzung(proc.pid))
