"""`kibericht web` as a user starts it: bound to 127.0.0.1 whatever happens, the address with its
one-time token printed, a busy port a German usage error, Ctrl+C a clean stop (exit code 0, the
server's private folder gone), no logs known a German usage error (exit 2)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht.anwendung import Aufruffehler
from kibericht.cli import cli
from kibericht.web.server import binden
from tests.conftest import KI_TOML
from tests.web_helfer import beispiel_ki

ROOT = Path(__file__).resolve().parent.parent


def test_the_socket_is_bound_to_the_loopback_address_only():
    sock = binden(None)
    try:
        host, port = sock.getsockname()
        assert host == "127.0.0.1" and port > 0
    finally:
        sock.close()


def test_a_busy_port_is_a_german_usage_error():
    belegt = binden(None)
    try:
        with pytest.raises(Aufruffehler) as fehler:
            binden(belegt.getsockname()[1])
        assert "schon belegt" in fehler.value.meldung and fehler.value.exit_code == 2
    finally:
        belegt.close()


def test_without_logs_the_command_exits_2_in_german(tmp_path):
    (tmp_path / "ki.toml").write_text(KI_TOML, "utf-8")
    result = CliRunner().invoke(cli, ["web", "--config", str(tmp_path / "ki.toml"), "--kein-browser"])
    assert result.exit_code == 2 and "Geben Sie die Tätigkeitsnachweise an" in result.output
    assert "kibericht web nachweise/" in result.output


def _lesen(url: str, cookie: str | None = None, host: str | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", cookie)
    if host:
        request.add_header("Host", host)

    class OhneWeiter(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(OhneWeiter).open(request, timeout=60) as antwort:
            return antwort.status, antwort.read().decode(), dict(antwort.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def test_the_server_serves_the_sample_and_stops_cleanly_on_ctrl_c(tmp_path):
    ki = beispiel_ki(tmp_path / "ki")
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    prozess = subprocess.Popen([sys.executable, "-m", "kibericht", "web", "nachweise", "--kein-browser"],
                               cwd=ki,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        zeilen = [prozess.stdout.readline() for _ in range(3)]
        adresse = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=(\S+)", zeilen[1])
        assert adresse, zeilen
        basis, token = adresse.group(1), adresse.group(2)
        assert "nur auf diesem Rechner" in zeilen[0] and "Strg+C" in zeilen[2]
        assert [p.name.startswith("kibericht-web-") for p in temp.iterdir()] == [True]
        assert _lesen(basis + "uebersicht")[0] == 403
        assert _lesen(basis, host="evil.example")[0] == 403
        status, _, headers = _lesen(f"{basis}?token={token}")
        assert status == 303
        cookie = headers["set-cookie"].split(";")[0]
        status, html, _ = _lesen(basis + "uebersicht", cookie)
        assert status == 200 and "Übersicht 2025" in html and "9.705,00 Std." in html
        assert _lesen(f"{basis}?token={token}")[0] == 403  # used up
        # nothing listens on another address
        port = int(basis.rsplit(":", 1)[1].strip("/"))
        andere = socket.socket()
        andere.settimeout(2)
        try:
            eigene = socket.gethostbyname(socket.gethostname())
            if not eigene.startswith("127."):
                assert andere.connect_ex((eigene, port)) != 0
        finally:
            andere.close()
        prozess.send_signal(signal.SIGINT)
        out, err = prozess.communicate(timeout=60)
    finally:
        if prozess.poll() is None:
            prozess.kill()
            prozess.communicate()
    assert prozess.returncode == 0, err
    assert "kibericht web ist beendet." in out and "Traceback" not in err
    assert not re.search(r"\b(INFO|Started|Shutting|Waiting|Application)\b", out + err)  # no English
    assert list(temp.iterdir()) == []


def test_the_server_starts_without_the_core():
    """The address comes at once: pandas, matplotlib and the readers are imported by the first
    page (or while the browser opens, by the reading in the background), not before."""
    heavy = ("pandas", "numpy", "pandera", "matplotlib", "reportlab", "xlsxwriter", "openpyxl",
             "python_calamine")
    code = ("import sys; from pathlib import Path; from kibericht.web.server import bereitstellen; "
            "d = bereitstellen(Path('ki.toml'), ('n',), None); d.aufraeumen(); "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_the_warm_up_reads_the_logs_once_for_the_first_page_and_waits_for_it(tmp_path):
    import threading
    import time

    from kibericht.web.darstellung import UMGEBUNG
    from kibericht.web.server import ERSTE_VORLAGEN, vorwaermen
    from tests.web_helfer import starten

    w = starten(beispiel_ki(tmp_path / "ki"))
    try:
        fertig = threading.Event()
        faden = threading.Thread(target=lambda: (vorwaermen(w.ap, warten=30), fertig.set()))
        faden.start()
        ende = time.monotonic() + 60
        while w.ap.speicher.berechnet == 0:  # the logs read and checked
            assert time.monotonic() < ende
            time.sleep(0.05)
        # the report modules wait for the first page: the warm-up is not done before it
        assert not fertig.wait(1.0)
        assert w.client.get("/uebersicht").status_code == 200 and w.ap.erste_seite.is_set()
        faden.join(60)
        assert fertig.is_set() and w.ap.speicher.berechnet == 1  # the page took the warm-up's result
        assert all(name in {v.name for v in UMGEBUNG.cache.values()} for name in ERSTE_VORLAGEN)
    finally:
        w.ap.beenden()
