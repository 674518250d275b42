"""The Übersicht: the figures the command line gives for the same sample (`quote --jahr`,
`quote --monat`, `pruefen`), German-formatted as the reports; a workbook changed on disk shows
at the next page without a restart (and only that file is read again)."""

from __future__ import annotations

import os

import pytest

from kibericht.zahlen import de_zahl
from tests.web_helfer import fehler_pflanzen, im_prozess, tabelle

MONATE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_the_page_shows_the_figures_of_the_command_line(web):
    code, jahr = web.cli_json("quote", "--jahr", "2025")
    assert code == 0
    _, pruefen = web.cli_json("pruefen")
    html = web.client.get("/uebersicht").text
    zeilen = tabelle(html, "Die Monate 2025")[1:]
    assert [z[0] for z in zeilen] == [f"{m} 2025" for m in MONATE]
    for zeile, (monat, anteil) in zip(zeilen, jahr["monate"].items(), strict=True):
        # the page rounds the exact share once, as the reports do; JSON holds it to 4 decimals
        gezeigt = float(zeile[4].removesuffix(" %").replace(",", "."))
        assert abs(gezeigt / 100 - anteil) <= 0.0005 + 1e-9, monat
        erreicht = "✓ erreicht" if monat not in jahr["fehlstunden"] else \
            f"✗ nicht erreicht (es fehlen {de_zahl(jahr['fehlstunden'][monat])} Std.)"
        assert zeile[5] == erreicht, monat
    august = zeilen[7]
    _, quote_august = web.cli_json("quote", "--monat", "2025-08")
    assert august[2:4] == [de_zahl(quote_august["stunden"]), de_zahl(quote_august["stunden_schwerpunkte"])]
    assert august[2:6] == ["555,25", "182,25", "32,8 %", "✗ nicht erreicht (es fehlen 95,38 Std.)"]
    # the year's share rounded once from the exact value (5.488 of 9.705 hours: 56,5 %), as the
    # reports and the Quote page show it, not again from JSON's 0.5655
    assert '<p class="gross">56,5 %</p>' in html and "Mindestanteil 50 %" in html
    assert (jahr["stunden_schwerpunkte"], jahr["stunden"], jahr["anteil"]) == (5488.0, 9705.0, 0.5655)
    assert f"{de_zahl(pruefen['eintraege'], 0)} gültige Einträge aus 6 Dateien" in html
    assert f"{len(pruefen['warnungen'])} Warnungen" in html and f"{len(pruefen['hinweise'])} Hinweise" in html
    assert all(z[7] == "offen" for z in zeilen)


def test_the_json_twin_is_the_use_cases_document(web):
    from kibericht import anwendung

    d = web.client.get("/uebersicht.json").json()
    assert d == anwendung.uebersicht([str(web.nachweise)], web.toml).dokument
    _, jahr = web.cli_json("quote", "--jahr", "2025")
    assert {m["monat"]: m["anteil"] for m in d["monate"]} == jahr["monate"]
    felder = ("stunden", "stunden_schwerpunkte", "anteil")
    assert [d[k] for k in felder] == [jahr[k] for k in felder]


def test_a_changed_workbook_shows_without_restart_and_only_it_is_read_again(web):
    assert "✓ keine Fehler" in web.client.get("/uebersicht").text
    mappe = web.nachweise / "Taetigkeitsnachweis_2025_L2_Becker.xlsx"
    fehler_pflanzen(mappe, "Mär 2025", 10, 8, "abc")
    st = mappe.stat()
    os.utime(mappe, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    html = web.client.get("/uebersicht").text
    assert [p.name for p in web.ap.cache.gelesen] == [mappe.name]
    assert "✗ 1 Fehler" in html
    maerz = tabelle(html, "Die Monate 2025")[3]
    maerz_json = web.client.get("/uebersicht.json").json()["monate"][2]
    assert (maerz_json["fehler"], maerz_json["warnungen"]) == (1, 1)  # the Summe row no longer matches
    assert maerz[0] == "März 2025" and maerz[6] == "1 Fehler, 1 Warnung"


def test_another_year_and_the_way_to_each_month(web):
    html = web.client.get("/uebersicht?jahr=2024").text
    assert "Übersicht 2024" in html and 'href="/monat/2024-03"' in html
    assert all(z[1:5] == ["0", "0,00", "0,00", "–"] for z in tabelle(html, "Die Monate 2024")[1:])
    assert web.client.get("/uebersicht?jahr=20x").status_code == 400


def test_without_a_usable_configuration_the_start_is_the_settings_page(web):
    web.toml.write_text("[ki]\nname = 1\n", "utf-8")
    antwort = web.client.get("/", follow_redirects=False)
    assert antwort.status_code == 303 and antwort.headers["location"] == "/einstellungen"
    seite = web.client.get("/uebersicht")
    assert seite.status_code == 400 and "hat Fehler" in seite.text and 'href="/einstellungen"' in seite.text
    assert web.client.get("/uebersicht.json").json()["fehler"][0]["code"] == "konfig-ungueltig"


def test_without_logs_given_the_folder_comes_from_the_configuration(tmp_path):
    from tests.web_helfer import beispiel_ki, starten

    ki = beispiel_ki(tmp_path / "ki2")
    (ki / "nachweise").rename(ki / "logs")
    toml = ki / "ki.toml"
    text = toml.read_text("utf-8")
    assert '[nachweise]\nordner = "nachweise"' in text  # the sample names its folder
    toml.write_text(text.replace('ordner = "nachweise"', 'ordner = "logs"'), "utf-8")
    w = starten(ki, eingabe=())
    try:
        d = w.client.get("/uebersicht.json").json()
        assert (d["dateien"], d["eintraege"]) == (6, 3505)
        assert "Taetigkeitsnachweis_2025_L2_Becker.xlsx" in w.client.get("/pruefung").text
        toml.write_text(toml.read_text("utf-8").replace('ordner = "logs"', 'ordner = "fehlt"'), "utf-8")
        antwort = w.client.get("/uebersicht")
        assert antwort.status_code == 400 and "[nachweise] ordner" in antwort.text
    finally:
        w.ap.beenden()
