"""The month page: the figures of `kibericht bericht --monat` for the same sample, the report's
sections and charts; a month stopped by its errors; closing with a confirmation and its
checksum, refused twice; reopening only with a reason."""

from __future__ import annotations

import hashlib
import json
import re
import threading

import pytest

from kibericht import anwendung
from kibericht.zahlen import de_prozent, de_zahl
from tests.web_helfer import fehler_pflanzen, fertig, im_prozess, tabelle


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_the_page_and_its_json_twin_show_the_figures_of_the_command_line(web, tmp_path):
    code, cli = web.cli_json("bericht", "--monat", "2025-03", "--ausgabe", str(tmp_path / "aus"))
    seite = web.client.get("/monat/2025-03.json").json()
    assert code == 0 and seite["dateien"] == [] and cli["dateien"]
    ohne_dateien = {k: v for k, v in cli.items() if k != "dateien"}
    assert {k: v for k, v in seite.items() if k != "dateien"} == ohne_dateien
    html = web.client.get("/monat/2025-03").text
    zeilen = tabelle(html, "Kennzahlen und Vergleich")
    assert zeilen[0][1:] == ["März 2025", "Vormonat Februar 2025", "Vorjahresmonat (keine Einträge)",
                             "Januar bis März 2025"]
    spalte = {z[0]: z[1] for z in zeilen[1:]}
    assert spalte == {"Tätigkeiten (Einträge)": de_zahl(cli["eintraege"], 0),
                      "Teilnehmende": de_zahl(cli["teilnehmende"], 0), "Stunden": de_zahl(cli["stunden"]),
                      "davon mit Themenschwerpunkt": de_zahl(cli["stunden_schwerpunkte"]),
                      "Schwerpunktanteil": de_prozent(cli["schwerpunktanteil"])}
    assert spalte["Stunden"] == "889,25" and spalte["Schwerpunktanteil"] == "58,7 %"
    vormonat = {z[0]: z[2] for z in zeilen[1:]}
    assert vormonat["Stunden"] == de_zahl(cli["vormonat"]["stunden"])
    stellen = {z[0]: z for z in tabelle(html, "Stunden nach Stelle")[1:]}
    assert {s: stellen[s][5] for s in cli["nach_stelle"]} == {s: de_zahl(h)
                                                              for s, h in cli["nach_stelle"].items()}
    foerderung = tabelle(html, "Programme gegen den Höchstbetrag")
    assert foerderung[1][1:3] == [f"{de_zahl(cli['foerderung']['KI'][k])} €" for k in ("monat", "bis_monat")]
    from kibericht.ausgabe.texte import kurzfassung

    b = anwendung.bericht([str(web.nachweise)], web.toml, anwendung.monat("2025-03"), None).bericht
    for satz in kurzfassung(b):
        assert satz in html.replace("&#34;", '"')


def test_the_charts_of_the_report_with_their_descriptions(web):
    from kibericht.ausgabe.diagramme import report_charts

    html = web.client.get("/monat/2025-03").text
    b = anwendung.bericht([str(web.nachweise)], web.toml, anwendung.monat("2025-03"), None).bericht
    for chart in report_charts(b):
        url = f"/monat/2025-03/diagramme/{chart.name}.png"
        assert f'src="{url}"' in html and chart.beschreibung.split(".")[0] in html
        png = web.client.get(url)
        assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert web.client.get("/monat/2025-03/diagramme/gibtsnicht.png").status_code == 404


def test_a_month_with_an_error_says_where_and_offers_the_preview_without_it(web):
    fehler_pflanzen(web.nachweise / "Taetigkeitsnachweis_2025_L2_Becker.xlsx", "Mär 2025", 10, 8, "abc")
    html = web.client.get("/monat/2025-03").text
    assert "Der Monatsbericht ist nicht möglich" in html
    assert "Blatt Mär 2025, Zeile 10, Spalte Stunden" in html
    assert "Monat abschließen" not in html and "?trotz_fehlern=ja" in html
    vorschau = web.client.get("/monat/2025-03?trotz_fehlern=ja").text
    assert "Vorschau ohne die fehlerhaften Zeilen" in vorschau and "Monat abschließen" not in vorschau
    assert web.client.get("/monat/2025-04").status_code == 200  # other months are not blocked
    assert "Monat abschließen" in web.client.get("/monat/2025-04").text


def test_the_newest_month_and_wrong_months(web):
    antwort = web.client.get("/monat", follow_redirects=False)
    assert antwort.headers["location"] == "/monat/2025-12"
    assert web.client.get("/monat/2025-13").status_code == 404
    assert "keinen Eintrag" in web.client.get("/monat/2030-01").text


def _schliessen(web, monat="2025-03"):
    return web.post(f"/monat/{monat}/abschliessen", {"bestaetigt": "ja"})


def test_a_second_close_of_the_same_month_is_refused_while_the_first_waits_or_runs(web):
    tor = threading.Event()
    erster = web.ap.auftraege.starten("März 2025 abschließen", "abschluss", lambda _: tor.wait(30), "/",
                                      schluessel="ablage:2025-03")
    try:
        antwort = _schliessen(web)
        assert antwort.status_code == 409 and "läuft gerade" in antwort.text
        assert f"/auftraege/{erster.id}" in antwort.text
        wieder = web.post("/monat/2025-03/wiedereroeffnen", {"bestaetigt": "ja", "grund": "x"})
        assert wieder.status_code == 409
    finally:
        tor.set()
    assert not (web.ki / "abschluesse").exists()


def test_closing_asks_first_files_shows_the_checksum_refuses_twice_and_reopens_only_with_a_reason(web):
    frage = web.client.get("/monat/2025-03/abschliessen").text
    assert "Was beim Abschließen passiert" in frage and "297 Einträge" in frage
    assert 'name="bestaetigt"' in frage and "required" in frage
    ohne = web.post("/monat/2025-03/abschliessen")
    assert ohne.status_code == 400 and "bestätigen" in ohne.text and not (web.ki / "abschluesse").exists()
    html, zustand = fertig(web, _schliessen(web))
    manifest = next((web.ki / "abschluesse" / "0001_2025-03_Abschluss").glob("*.json"))
    pruefsumme = hashlib.sha256(manifest.read_bytes()).hexdigest()
    assert zustand["status"] == "fertig" and zustand["dokument"]["pruefsumme"] == pruefsumme
    assert "März 2025 ist abgeschlossen" in html and pruefsumme in html
    code = json.loads(manifest.read_text("utf-8"))["pruefcode"]
    assert zustand["dokument"]["pruefcode"] == code and f'id="pruefcode">{code}<' in html
    # the months before are open: no Meldung yet, and the page says why
    assert "Die Meldung an das Land fehlt noch" in html and "Februar 2025" in html
    monat = web.client.get("/monat/2025-03").text
    assert "Abgeschlossen" in monat and pruefsumme in monat and "Monat abschließen …" not in monat
    assert code in monat and 'href="/ablage/meldung/2025-03"' in monat
    pdf = re.search(r'href="(/ablage/1/\d+)" download>Abgelegter Bericht mit Prüfcode', monat)
    assert pdf and web.client.get(pdf.group(1)).content[:4] == b"%PDF"
    uebersicht = web.client.get("/uebersicht").text
    assert "abgeschlossen (Nr. 0001)" in tabelle(uebersicht, "Die Monate 2025")[3][7]
    # twice: refused, nothing filed
    html, zustand = fertig(web, _schliessen(web))
    assert zustand["status"] == "fehler" and "bereits abgeschlossen" in zustand["fehler"][0]["meldung"]
    assert "bereits abgeschlossen" in html
    assert [p.name for p in (web.ki / "abschluesse").glob("0*")] == ["0001_2025-03_Abschluss"]
    # reopening: only with a reason and the confirmation
    frage = web.client.get("/monat/2025-03/wiedereroeffnen").text
    assert 'id="grund"' in frage and "Grund (Pflichtangabe)" in frage
    for daten in ({"bestaetigt": "ja"}, {"bestaetigt": "ja", "grund": "   "}, {"grund": "Korrektur"}):
        assert web.post("/monat/2025-03/wiedereroeffnen", daten).status_code == 400
    assert [p.name for p in (web.ki / "abschluesse").glob("0*")] == ["0001_2025-03_Abschluss"]
    html, zustand = fertig(web, web.post("/monat/2025-03/wiedereroeffnen",
                                         {"bestaetigt": "ja", "grund": "Stunden L2 korrigiert"}))
    assert zustand["dokument"]["grund"] == "Stunden L2 korrigiert" and "wieder geöffnet" in html
    assert "wieder geöffnet" in web.client.get("/monat/2025-03").text
    ablage = web.client.get("/ablage").text
    assert "Grund: Stunden L2 korrigiert" in ablage


def test_the_first_month_closed_offers_its_meldung_with_its_checksum(web):
    html, zustand = fertig(web, _schliessen(web, "2025-01"))
    datei = next((web.ki / "meldungen").glob("Meldung_*_2025-01.zip"))
    sha = hashlib.sha256(datei.read_bytes()).hexdigest()
    assert zustand["dokument"]["meldung"]["sha256"] == sha and f'id="meldung-pruefsumme">{sha}<' in html
    assert f">Meldung an das Land herunterladen ({datei.name})<" in html
    assert web.client.get("/ablage/meldung/2025-01").content == datei.read_bytes()
