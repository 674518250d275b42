"""The Prüfung page: the command line's findings for the same logs, grouped by workbook and by
Stelle with sheet, row, column and message; the marked copy of a workbook by its ID; „Erneut
prüfen“ reads only what changed; text from a cell is shown escaped."""

from __future__ import annotations

import io
import os
import re

import openpyxl
import pytest

from kibericht.web.seiten.pruefung import datei_id
from tests.web_helfer import download, fehler_pflanzen, fertig, im_prozess

L2 = "Taetigkeitsnachweis_2025_L2_Becker.xlsx"


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def _planted(web, wert="abc"):
    mappe = web.nachweise / L2
    fehler_pflanzen(mappe, "Mär 2025", 10, 8, wert)
    st = mappe.stat()
    os.utime(mappe, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    return mappe


def test_the_json_twin_is_the_command_lines_document(web):
    _planted(web)
    code, cli = web.cli_json("pruefen")
    assert code == 1 and web.client.get("/pruefung.json").json() == cli


def test_findings_by_workbook_and_by_stelle_with_their_cell(web):
    _planted(web)
    html = web.client.get("/pruefung").text
    assert "✗ 1 Fehler" in html
    abschnitt = html[html.index("<h3 id=\"g"):]
    assert re.search(rf">{L2}</h3>", html)
    assert "Blatt Mär 2025, Zeile 10, Spalte Stunden" in abschnitt
    assert "„abc“ ist keine Stundenzahl" in html or "abc" in html
    nach_stelle = web.client.get("/pruefung?ansicht=stelle").text
    l2 = nach_stelle[nach_stelle.index("Stelle L2 – Lehrkraft (abgeordnet)"):]
    l2 = l2[:l2.index("</section>")]
    assert "Blatt Mär 2025, Zeile 10, Spalte Stunden" in l2 and L2 in l2
    # all four warnings of the sample are there, each under its workbook
    for datei, ort in [("TN_VW1_2025.xlsx", "Blatt 2025, Zeile 611, Spalte Stunden"),
                       ("Taetigkeitsnachweis_2025_L2_Becker.xlsx", "Blatt Sep 2025, Zeile 60, Spalte Datum")]:
        teil = html[html.index(f">{datei}</h3>"):]
        assert ort in teil[:teil.index("</section>")]


def test_the_marked_copy_of_a_workbook_is_downloaded_by_its_id(web):
    _planted(web)
    html = web.client.get("/pruefung").text
    datei = next(f["datei"] for f in web.client.get("/pruefung.json").json()["fehler"])
    assert f'value="{datei_id(datei)}"' in html and str(web.nachweise) not in html.split("<main")[1].split(
        'value="')[0]
    antwort = download(web, web.post("/pruefung/markiert", {"datei": datei_id(datei)}))
    assert antwort.status_code == 200 and antwort.headers["content-type"].startswith(
        "application/vnd.openxmlformats")
    assert "Becker_markiert.xlsx" in antwort.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(antwort.content))
    zelle = wb["Mär 2025"].cell(10, 8)
    assert zelle.value == "abc" and zelle.comment is not None and "Stundenzahl" in zelle.comment.text
    # the original is untouched
    assert openpyxl.load_workbook(web.nachweise / L2)["Mär 2025"].cell(10, 8).comment is None


def test_an_unknown_workbook_id_or_a_path_is_404(web):
    for wert in ("x", str(web.nachweise / L2), "../ki.toml"):
        antwort = web.post("/pruefung/markiert", {"datei": wert})
        assert antwort.status_code == 404 and "Befunde" in antwort.text


def test_erneut_pruefen_reads_only_the_changed_workbook(web):
    web.client.get("/pruefung")
    _planted(web)
    antwort = web.post("/pruefung/erneut")
    if "/auftraege/" in str(antwort.url):
        fertig(web, antwort)
        antwort = web.client.get("/pruefung?erneut=" + str(antwort.url).rsplit("/", 1)[1])
    assert "/pruefung" in str(antwort.url)
    assert f"1 Datei neu gelesen ({L2})" in antwort.text
    nochmal = web.post("/pruefung/erneut")
    if "/auftraege/" in str(nochmal.url):
        fertig(web, nochmal)
        nochmal = web.client.get("/pruefung?erneut=" + str(nochmal.url).rsplit("/", 1)[1])
    assert "keine Datei hat sich seit der letzten Prüfung geändert" in nochmal.text


def test_text_from_a_cell_is_escaped(web):
    _planted(web, "<script>alert(1)</script>\u202e")
    html = web.client.get("/pruefung").text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html and "\\u202e" in html
