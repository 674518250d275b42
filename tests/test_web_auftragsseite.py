"""A job's page: progress while it runs (htmx asks for the box every second; without
JavaScript the page reloads itself), then the result; its JSON; unknown jobs and files are 404."""

from __future__ import annotations

import threading

import pytest

from kibericht.ablauf import Fortschritt
from tests.web_helfer import im_prozess


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_progress_while_it_runs_then_the_result(web):
    from pathlib import Path

    tor = threading.Event()

    def arbeit(auftrag):
        auftrag.melden(Fortschritt("lese", (Path("a.xlsx"), Path("b.xlsx")), 1, Path("a.xlsx")))
        tor.wait(30)
        return {"dokument": {"x": 1}, "gelesen": [], "weiter": None}

    a = web.ap.auftraege.starten("Erneut prüfen", "erneut", arbeit, "/pruefung")
    while a.gelesen != 1:
        threading.Event().wait(0.01)
    html = web.client.get(f"/auftraege/{a.id}").text
    assert f'hx-get="/auftraege/{a.id}/stand"' in html and 'hx-trigger="every 1s"' in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "Nachweise lesen: 1 von 2 Dateien (a.xlsx)" in html and 'role="status"' in html
    assert '<progress id="fortschritt" max="2" value="1">' in html and 'for="fortschritt"' in html
    assert web.client.get(f"/auftraege/{a.id}.json").json()["status"] == "läuft"
    tor.set()
    assert a.warten(30)
    box = web.client.get(f"/auftraege/{a.id}/stand").text
    assert "hx-get" not in box and "Erneut geprüft" in box
    assert "http-equiv=\"refresh\"" not in web.client.get(f"/auftraege/{a.id}").text
    assert web.client.get(f"/auftraege/{a.id}.json").json()["dokument"] == {"x": 1}


def test_unknown_jobs_and_files(web):
    assert web.client.get("/auftraege/abc").status_code == 404
    assert web.client.get("/auftraege/abc/stand").status_code == 404
    assert web.client.get("/dateien/abc").status_code == 404
