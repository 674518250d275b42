"""The guided setup in the browser (seiten/einrichten, seiten/einrichten_schritte): a small KI set up
from nothing and saved as the server's ki.toml, its Förderung equal to `kibericht foerderung` and
to a hand computation; each field's message that of ki.toml, at its field; the sample's ki.toml
edited with its comments kept; writing only after a confirmation, only to the server's file,
never over a change made on disk meanwhile."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from click.testing import CliRunner

from kibericht.cli import cli
from kibericht.konfig import load_config
from tests.test_einrichtung_formular import loader_meldungen
from tests.web_helfer import im_prozess, starten

E = "/einstellungen/einrichten"
KI = {"kreis": "Kreis Olpe", "name": "KI Kreis Olpe", "kommunen": "Olpe, Attendorn", "jahre": "2025",
      "anteilig": "tagesgenau"}
FK1 = {"id": "FK1", "art": "Fachkraft", "umfang": "1", "wochenstunden": "39", "foerderung": "KI",
       "pauschale_2025": "57.000", "besetzt_1_von": "01.03.2025"}
VA1 = {"id": "VA1", "art": "Assistenz", "umfang": "0,5", "wochenstunden": "39", "foerderung": "KI",
       "pauschale_2025": "22.500", "besetzt_1_von": "01.01.2025", "besetzt_1_bis": "15.05.2025"}


@pytest.fixture
def leer(tmp_path):
    """A server started in an empty folder: no ki.toml yet, no logs given."""
    ordner = tmp_path / "neu"
    ordner.mkdir()
    w = starten(ordner, eingabe=())
    yield w
    w.ap.beenden()


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def meldung(html: str, feld: str) -> list[str]:
    """The messages shown at a field of a form."""
    block = re.search(rf'<div id="meldung-{feld}"[^>]*>(.*?)</div>', html, re.S)
    assert block, feld
    return [unescape(re.sub(r"<[^>]+>", "", m)).split(": ", 1)[1] for m in re.findall(r"<p[^>]*>(.*?)</p>",
                                                                                       block.group(1), re.S)]


def wert(html: str, feld: str) -> str:
    m = re.search(rf'id="feld-{feld}"[^>]*value="([^"]*)"', html)
    assert m, feld
    return unescape(m.group(1))


def uebernehmen(w, url: str, daten: dict) -> str:
    """Send a form and expect it taken (a redirect to the overview); its status line."""
    antwort = w.post(url, {"vorschlag_gezeigt": "ja", **daten}, follow_redirects=False)
    assert antwort.status_code == 303, (url, re.findall(r'class="fehler">(.*?)</p>', antwort.text))
    assert antwort.headers["location"].startswith(E)
    return antwort.headers["location"]


def kleines_ki(w) -> None:
    """A small KI: two Stellen with Pauschale (FK1 from 01.03., VA1 ½ until 15.05.), a Lehrkraft,
    one Schwerpunkt with a milestone, the logs folder „nachweise“."""
    uebernehmen(w, f"{E}/ki", KI)
    uebernehmen(w, f"{E}/programm/neu", {"name": "KI", "hoechstbetrag_2025": "100.000"})
    uebernehmen(w, f"{E}/stelle/neu", FK1)
    uebernehmen(w, f"{E}/stelle/neu", VA1)
    uebernehmen(w, f"{E}/stelle/neu", {"id": "L1", "art": "Lehrkraft", "umfang": "1", "wochenstunden": "41",
                                      "foerderung": "Land"})
    uebernehmen(w, f"{E}/schwerpunkt/neu", {"id": "SP1", "titel": "Übergang Kita – Grundschule",
                                            "handlungsfeld": "Bildung", "zieldimension": "II", "von": "2025",
                                            "bis": "2026"})
    uebernehmen(w, f"{E}/schwerpunkt/1/meilenstein/neu", {"jahr": "2025", "text": "Vier Netzwerktreffen",
                                                          "taetigkeit": "Netzwerktreffen", "mindestens": "4"})
    uebernehmen(w, f"{E}/ordner", {"nachweise": "nachweise", "ablage": ""})


def test_a_small_ki_from_nothing_saved_and_used(leer):
    w = leer
    assert w.client.get("/", follow_redirects=False).headers["location"] == "/einstellungen"
    assert f'href="{E}">Konfiguration einrichten' in w.client.get("/einstellungen").text
    kleines_ki(w)
    entwurf = w.client.get(f"{E}.json").json()
    assert entwurf["fehler"] == [] and entwurf["neu"] is True
    # by hand, tagesgenau: FK1 57 000 / 12 = 4 750,00 from March; VA1 22 500 / 12 = 1 875,00 January to
    # April, May 1 875 × 15/31 = 907,26; L1 from the Land: no Pauschale
    f = entwurf["foerderung"]
    assert f["stellen"]["FK1"]["monate"] == [0.0, 0.0] + [4750.0] * 10
    assert f["stellen"]["VA1"]["monate"] == [1875.0] * 4 + [907.26] + [0.0] * 7
    assert (f["programme"]["KI"]["anspruch"], f["ohne_pauschale"]) == (55907.26, {"L1": "Land"})
    seite = w.client.get(E).text
    assert "907,26 €" in seite and "55.907,26 €" in seite and "Was noch fehlt" not in seite
    assert not w.toml.exists()  # nothing written before the confirmation
    assert w.client.get(f"{E}/speichern").status_code == 200
    assert w.post(f"{E}/speichern", {}).status_code == 400 and not w.toml.exists()
    antwort = w.post(f"{E}/speichern", {"bestaetigt": "ja"}, follow_redirects=False)
    assert (antwort.status_code, antwort.headers["location"]) == (303, f"{E}/gespeichert")
    gespeichert = w.client.get(f"{E}/gespeichert.json").json()
    assert (gespeichert["neu"], gespeichert["stellen"], gespeichert["warnungen"]) == (True, 3, [])
    assert sorted(p.name for p in w.ki.iterdir()) == ["ki.toml", "nachweise"]
    assert load_config(w.toml).befunde == ()
    # the same figures from the written file, through the command line
    cli_json = CliRunner().invoke(cli, ["foerderung", "--jahr", "2025", "--config", str(w.toml), "--format",
                                        "json"], catch_exceptions=False)
    assert {k: v for k, v in json.loads(cli_json.output).items() if k != "soll_ist"} == f  # soll_ist: no logs
    # every page works with it at once, without a restart
    assert w.client.get("/uebersicht").status_code == 200
    assert w.client.get("/einstellungen.json").json()["gueltig"] is True
    assert w.client.get("/foerderung.json?jahr=2025").json()["stellen"]["VA1"]["anspruch"] == 8407.26


def test_a_field_error_is_shown_at_its_field_with_the_message_of_ki_toml(leer, tmp_path):
    w = leer
    uebernehmen(w, f"{E}/ki", KI)
    uebernehmen(w, f"{E}/programm/neu", {"name": "KI", "hoechstbetrag": "170000"})
    stelle = {"id": "FK1", "art": "Fachkraft", "foerderung": "KI", "pauschale": "57000", "umfang": "abc"}
    antwort = w.post(f"{E}/stelle/neu", stelle)
    erwartet = loader_meldungen(tmp_path, stelle={"umfang": '"abc"'})
    assert antwort.status_code == 400 and meldung(antwort.text, "umfang") == erwartet
    feld = re.search(r'<input[^>]*id="feld-umfang"[^>]*>', antwort.text)
    assert feld and 'aria-invalid="true"' in feld.group(0) and "meldung-umfang" in feld.group(0)
    assert wert(antwort.text, "umfang") == "abc" and wert(antwort.text, "id") == "FK1"  # kept to correct
    assert w.client.get(f"{E}.json").json()["stellen"] == []  # not taken
    # left by the keyboard with JavaScript: the same message, for that field only
    live = w.post(f"{E}/stelle/neu/pruefen", stelle,
                  headers={"HX-Request": "true", "HX-Trigger-Name": "umfang"})
    assert live.status_code == 200 and meldung(live.text, "umfang") == erwartet
    assert 'id="meldung-umfang" ' in live.text and 'hx-swap-oob="innerHTML"' in live.text
    assert "meldung-id" not in live.text
    korrigiert = w.post(f"{E}/stelle/neu/pruefen", {**stelle, "umfang": "0,5"},
                        headers={"HX-Trigger-Name": "umfang"})
    assert meldung(korrigiert.text, "umfang") == []
    assert "bei voller Besetzung 4.750,00 € im Monat" in korrigiert.text  # the preview of the Stelle


def test_a_message_across_keys_names_its_field(leer):
    w = leer
    uebernehmen(w, f"{E}/ki", KI)
    uebernehmen(w, f"{E}/programm/neu", {"name": "KI", "hoechstbetrag": "170000"})
    antwort = w.post(f"{E}/stelle/neu", {**FK1, "besetzt_1_von": "01.06.2025", "besetzt_1_bis": "01.01.2025"})
    assert antwort.status_code == 400
    assert meldung(antwort.text, "besetzt")  # the periods as a whole: the loader's check across keys


def test_suggested_amounts_are_put_in_and_shown_once_more_to_be_checked(leer):
    w = leer
    uebernehmen(w, f"{E}/ki", KI)
    neu = w.client.get(f"{E}/programm/neu").text
    assert wert(neu, "name") == "KI" and wert(neu, "hoechstbetrag_2025") == "364.500"  # a Kreis, 2025
    assert "Quelle: Bezirksregierung Arnsberg" in neu
    uebernehmen(w, f"{E}/programm/neu", {"name": "KI", "hoechstbetrag_2025": "120.000"})
    stelle = {"id": "VA1", "art": "Assistenz", "umfang": "0,5", "foerderung": "KI", "pauschale_2025": ""}
    vorschlag = w.post(f"{E}/stelle/neu", {**stelle, "aktion": "vorschlag"})
    assert vorschlag.status_code == 200 and wert(vorschlag.text, "pauschale_2025") == "22.500"
    assert "22.500 € je 0,5 Stelle" in unescape(vorschlag.text)
    # „Übernehmen“ with the amount left empty: put in, shown again, not taken yet
    erst = w.post(f"{E}/stelle/neu", stelle)
    assert erst.status_code == 200 and wert(erst.text, "pauschale_2025") == "22.500"
    assert "vorgeschlagenen Beträge sind eingesetzt" in erst.text and 'name="vorschlag_gezeigt"' in erst.text
    assert w.client.get(f"{E}.json").json()["stellen"] == []
    dann = w.post(f"{E}/stelle/neu", {**stelle, "pauschale_2025": "21.000", "vorschlag_gezeigt": "ja"},
                  follow_redirects=False)
    assert dann.status_code == 303  # the amount typed over the suggestion counts
    assert w.client.get(f"{E}.json").json()["foerderung"]["stellen"]["VA1"]["pauschale"] == 21000.0


def test_another_period_and_the_kommunen_of_the_kreis(leer):
    w = leer
    ki = w.post(f"{E}/ki", {"kreis": "Rhein-Sieg-Kreis", "name": "", "kommunen": "", "jahre": "2025",
                            "aktion": "vorschlag"})
    assert wert(ki.text, "name") == "Kommunales Integrationszentrum Rhein-Sieg-Kreis"
    assert re.search(r'id="feld-kommunen"[^>]*>Alfter, Bad Honnef, Bornheim', ki.text)
    zeitraum = w.post(f"{E}/stelle/neu", {**FK1, "aktion": "zeitraum"})
    feld = re.search(r'<input[^>]*name="besetzt_2_von"[^>]*>', zeitraum.text)
    assert feld and "autofocus" in feld.group(0)  # the cursor in the new period


def test_the_samples_ki_toml_edited_keeps_its_comments(web):
    vorher = web.toml.read_text("utf-8")
    seite = web.client.get(E).text
    assert "Konfiguration bearbeiten" in seite and "Kommentare" in seite and "FK2" in seite
    formular = web.client.get(f"{E}/stelle/3").text  # FK1
    werte = dict(re.findall(r'name="([a-z_0-9]+)"[^>]*value="([^"]*)"', formular))
    werte = {k: unescape(v) for k, v in werte.items() if k not in ("csrf", "aktion", "vorschau_jahr")}
    assert werte["id"] == "FK1" and werte["besetzt_2_von"] == "01.09.2025"
    uebernehmen(web, f"{E}/stelle/3", {**werte, "art": "Fachkraft", "foerderung": "KI",
                                       "wochenstunden": "41"})
    aenderungen = web.client.get(f"{E}/speichern").text
    assert "-wochenstunden = 39" in aenderungen and "+wochenstunden = 41" in aenderungen
    assert web.post(f"{E}/speichern", {"bestaetigt": "ja"}, follow_redirects=False).status_code == 303
    nachher = web.toml.read_text("utf-8")
    geaendert = [z for z in zip(vorher.splitlines(), nachher.splitlines(), strict=True) if z[0] != z[1]]
    assert len(geaendert) == 1 and geaendert[0][1].strip() in ("wochenstunden = 41", "wochenstunden = 41.0")
    assert load_config(web.toml).stelle("FK1").wochenstunden == 41
    assert web.client.get("/uebersicht").status_code == 200


def test_nothing_is_written_over_a_change_on_disk_or_to_a_path_from_the_browser(web, tmp_path):
    web.client.get(E)  # the draft begins from the file
    uebernehmen(web, f"{E}/ordner", {"nachweise": "nachweise", "ablage": ""})
    fremd = web.toml.read_text("utf-8") + "\n# in Excel-Nähe von Hand ergänzt\n"
    web.toml.write_text(fremd, "utf-8")
    antwort = web.post(f"{E}/speichern", {"bestaetigt": "ja"})
    assert antwort.status_code == 400 and "geändert, seit sie zum Bearbeiten gelesen wurde" in antwort.text
    assert web.toml.read_text("utf-8") == fremd
    # a path in the form is no answer: the server writes its own ki.toml and nothing else
    web.post(f"{E}/verwerfen", {})
    anderswo = tmp_path / "anderswo.toml"
    antwort = web.post(f"{E}/speichern", {"bestaetigt": "ja", "datei": str(anderswo),
                                         "pfad": str(anderswo)}, follow_redirects=False)
    assert antwort.status_code == 303 and not anderswo.exists()
    # without the CSRF token: refused, nothing written
    web.toml.write_text("[ki]\n", "utf-8")
    for url in (f"{E}/speichern", f"{E}/stelle/neu", f"{E}/verwerfen", f"{E}/stelle/1/entfernen"):
        assert web.client.post(url, data={"bestaetigt": "ja", "id": "X"}).status_code == 403, url
    assert web.toml.read_text("utf-8") == "[ki]\n"


def test_a_draft_with_errors_cannot_be_saved(leer):
    w = leer
    uebernehmen(w, f"{E}/ki", KI)
    bestaetigung = w.client.get(f"{E}/speichern").text
    assert "noch keine gültige Konfiguration" in bestaetigung
    assert "ki.toml jetzt schreiben" not in bestaetigung
    antwort = w.post(f"{E}/speichern", {"bestaetigt": "ja"})
    assert antwort.status_code == 400 and not w.toml.exists()
    uebersicht = w.client.get(E).text
    assert "Was noch fehlt" in uebersicht and f'href="{E}/ordner' not in uebersicht.split("Was noch fehlt")[0]


def test_items_removed_the_draft_dropped_and_wrong_addresses(web):
    assert web.post(f"{E}/stelle/1/entfernen", {}, follow_redirects=False).status_code == 303
    stellen = web.client.get(f"{E}.json").json()["foerderung"]["ohne_pauschale"]
    assert "L1" not in stellen and "L2" in stellen
    assert web.post(f"{E}/verwerfen", {}, follow_redirects=False).status_code == 303
    assert "L1" in web.client.get(f"{E}.json").json()["foerderung"]["ohne_pauschale"]
    for url in (f"{E}/stelle/99", f"{E}/stelle/0", f"{E}/stelle/x", f"{E}/gibtsnicht", f"{E}/ki/1",
                f"{E}/schwerpunkt/9/meilenstein/neu"):
        assert web.client.get(url).status_code == 404, url
    assert web.post(f"{E}/ki/entfernen", {}).status_code in (404, 405)
