"""Einstellungen: the configuration's errors at their lines, read again when ki.toml changes;
the place where the guided setup plugs in."""

from __future__ import annotations

import pytest

from tests.web_helfer import im_prozess


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_a_usable_configuration(web):
    html = web.client.get("/einstellungen").text
    assert "✓ Die Konfiguration ist in Ordnung" in html and "L1, L2, FK1, FK2, VW1, VA1" in html
    assert 'href="/einstellungen/einrichten">Konfiguration ändern' in html  # the guided setup
    assert web.client.get("/einstellungen.json").json()["gueltig"] is True


def test_errors_with_their_lines_and_the_fix_picked_up_without_restart(web):
    gut = web.toml.read_text("utf-8")
    web.toml.write_text(gut.replace("max_stunden_pro_tag = 10", "max_stunden_pro_tag = 10\npauschal = 1"),
                        "utf-8")
    zeile = gut.splitlines().index("max_stunden_pro_tag = 10") + 2
    html = web.client.get("/einstellungen").text
    assert "✗ Die Konfiguration hat 1 Fehler" in html and f"Zeile {zeile}, Schlüssel pauschal" in html
    antwort = web.client.get("/einstellungen.json")
    assert antwort.status_code == 400 and antwort.json()["fehler"][0]["zeile"] == zeile
    assert web.client.get("/uebersicht").status_code == 400
    web.toml.write_text(gut, "utf-8")
    assert web.client.get("/uebersicht").status_code == 200


def test_a_missing_configuration(web):
    web.toml.unlink()
    html = web.client.get("/einstellungen").text
    assert "gibt es nicht" in html and web.client.get("/einstellungen.json").json()["vorhanden"] is False


def test_a_missing_configuration_leads_to_the_guided_setup(web):
    web.toml.unlink()
    html = web.client.get("/einstellungen").text
    assert 'href="/einstellungen/einrichten">Konfiguration einrichten' in html
