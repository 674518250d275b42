"""Reports to download: the month's PDF to sign and its workbook (one report written for both;
asked again with nothing changed, not written again), the public version written by the report
use case with `oeffentlich` (no figure per Stelle, no name), the year's report as a background
job, and no report for a month with errors."""

from __future__ import annotations

import io

import openpyxl
import pytest
from pypdf import PdfReader

from tests.web_helfer import download, fertig, im_prozess

STELLEN = ("L1", "L2", "FK1", "FK2", "VW1", "VA1")
NAMEN = ("Hoffmann", "Yilmaz", "Becker")


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def _bericht(web, datei: str, url: str = "/monat/2025-03/bericht"):
    return download(web, web.post(url, {"datei": datei}), "." + datei.split("_")[0])


def test_the_pdf_to_sign_and_the_workbook_written_once(web):
    antwort = _bericht(web, "pdf")
    assert antwort.headers["content-type"] == "application/pdf"
    assert 'filename="Monatsbericht_2025-03.pdf"' in antwort.headers["content-disposition"]
    pdf = PdfReader(io.BytesIO(antwort.content))
    text = "\n".join(seite.extract_text() for seite in pdf.pages)
    assert len(pdf.pages) >= 2 and "Monatsbericht März 2025" in text and "Unterschrift" in text
    # the workbook of the same report: not written again, at once
    mappe = web.post("/monat/2025-03/bericht", {"datei": "xlsx"})
    assert "/dateien/" in str(mappe.url) and 'filename="Monatsbericht_2025-03.xlsx"' in \
        mappe.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(mappe.content))
    assert {"Übersicht", "Schwerpunkte", "Stellen", "Daten", "Prüfprotokoll"} <= set(wb.sheetnames)
    assert web.post("/monat/2025-03/bericht", {"datei": "pdf"}).content == antwort.content


@pytest.mark.parametrize("url", ["/monat/2025-03/bericht", "/jahr/2025/bericht"])
def test_no_figure_per_stelle_and_no_name_leaves_for_the_public_version(web, url):
    for datei in ("xlsx_oeffentlich", "pdf_oeffentlich"):  # one report written, both files offered
        antwort = _bericht(web, datei, url)
        assert "oeffentlich" in antwort.headers["content-disposition"]
        if datei.startswith("xlsx"):
            wb = openpyxl.load_workbook(io.BytesIO(antwort.content))
            assert "Daten" not in wb.sheetnames and "Stellen" not in wb.sheetnames
            texte = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None]
        else:
            texte = [seite.extract_text() for seite in PdfReader(io.BytesIO(antwort.content)).pages]
        assert "Öffentliche Fassung" in "\n".join(texte)
        for wort in (*STELLEN, *NAMEN):
            assert not [t for t in texte if wort in t.split() or f"{wort}:" in t], (datei, wort)


def test_a_month_with_errors_writes_no_report(web):
    from tests.web_helfer import fehler_pflanzen

    fehler_pflanzen(web.nachweise / "Taetigkeitsnachweis_2025_L2_Becker.xlsx", "Mär 2025", 10, 8, "abc")
    html, zustand = fertig(web, web.post("/monat/2025-03/bericht", {"datei": "pdf"}))
    assert zustand["downloads"] == [] and zustand["dokument"]["fehler"][0]["code"] == "stunden-ungueltig"
    assert "Der Bericht ist nicht möglich" in html and "Zeile 10" in html


def test_the_year_report_runs_as_a_job_with_progress(web):
    antwort = web.post("/jahr/2025/bericht", {"datei": "pdf"})
    pdf = download(web, antwort, ".pdf")
    assert "Jahresbericht_2025.pdf" in pdf.headers["content-disposition"]
    assert "Jahresbericht 2025" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_a_wrong_choice_or_period(web):
    assert web.post("/monat/2025-03/bericht", {"datei": "exe"}).status_code == 400
    assert web.post("/monat/2025-3x/bericht", {"datei": "pdf"}).status_code == 404
