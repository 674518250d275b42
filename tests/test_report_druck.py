"""The report as a Leitung signs and files it: print setup of every sheet, formats, alt text, the
PDF (pages, fonts, determinism, signature, figures) and the public version without any figure per
person."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from kibericht.ablauf import load_entries
from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.conftest import SAMPLE, write_xlsx
from tests.test_report import HEADER, entry

NAMEN = ("Hoffmann", "Yilmaz", "Becker")  # staff names in the sample's file names and logs


@pytest.fixture(scope="module")
def sample():
    config = load_config(SAMPLE / "ki.toml")
    return config, load_entries([SAMPLE / "nachweise"], config)


@pytest.fixture(scope="module")
def maerz(sample, tmp_path_factory):
    config, result = sample
    b = berechne_bericht(result.entries, config, Periode.parse_monat("2025-03"), result.rejected,
                         tuple(result.findings), tuple(result.files))
    out = tmp_path_factory.mktemp("maerz")
    return b, write_report(out, b), write_report(out, b, oeffentlich=True)


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_every_sheet_prints_with_header_footer_and_a4(maerz):
    _, paths, _ = maerz
    wb = openpyxl.load_workbook(paths[0])
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        assert "Kommunales Integrationszentrum StädteRegion Aachen" in ws.oddHeader.left.text, ws.title
        assert "Monatsbericht März 2025" in ws.oddHeader.right.text, ws.title
        assert ws.oddFooter.left.text == "Stand 31.03.2025", ws.title  # the newest entry, not today
        assert ws.oddFooter.right.text == "Seite &P von &N", ws.title
    assert wb["Übersicht"].page_setup.orientation == "portrait"
    assert wb["Daten"].page_setup.orientation == "landscape"
    assert wb["Daten"].print_title_rows == "$1:$1"
    assert wb["Diagramme"].row_breaks.brk  # a page break after every second chart


def test_formats_dates_euros_and_wrapping(maerz):
    _, paths, _ = maerz
    wb = openpyxl.load_workbook(paths[0])
    ws = wb["Meilensteine"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Schwerpunkt")
    stichtag = [c.column for c in header if c.value == "Stichtag"][0]
    cell = ws.cell(header[0].row + 1, stichtag)
    assert cell.is_date and cell.number_format == "dd.mm.yyyy"
    ws = wb["Förderung"]
    amounts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, float)]
    assert amounts and all(c.number_format == '#,##0.00 "€"' for c in amounts)
    # the protocol fits one landscape page wide at nearly full size: its columns add up to little
    # more than the page (about 135 characters), and the long texts wrap instead
    protocol = wb["Prüfprotokoll"]
    widths = [protocol.column_dimensions[c].width for c in "ABCDEFGH"]
    assert sum(widths) <= 155 and protocol.page_setup.orientation == "landscape"
    header = next(r for r in protocol.iter_rows() if r[0].value == "Schwere" and r[7].value == "Meldung")
    assert all(c.alignment.wrap_text for c in protocol[header[0].row + 1][2:8:5])


def test_charts_carry_alt_text(maerz):
    _, paths, _ = maerz
    with zipfile.ZipFile(paths[0]) as z:
        drawing = next(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    descriptions = re.findall(r'descr="([^"]*)"', drawing)
    assert len(descriptions) == 7
    assert any("Schwerpunktanteil je Monat" in d and "58,7 %" in d for d in descriptions)


def test_the_pdf_fits_four_pages_embeds_its_fonts_and_holds_the_figures(maerz):
    _, paths, _ = maerz
    pdf = paths[-1]
    assert pdf.name == "Monatsbericht_2025-03.pdf"
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 4
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else \
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile2", "/FontFile", "/FontFile3")), name
    text = _pdf_text(pdf)
    assert "Datum, Unterschrift Leitung" in text
    # the Pauschale by hand (2025 amounts): 3 × 57 000 / 12 + 22 500 / 12 = 16 125,00 in March, 48 375,00
    # January to March, 181 548,39 in the year (FK1 52 250, FK2 49 798,39, VW1 57 000, VA1 22 500)
    for figure in ("889,25", "888,00", "2.747,50", "58,7 %", "16.125,00 €", "48.375,00 €", "181.548,39 €",
                   "Seite 4 von 4"):
        assert figure in text, figure


def test_the_same_report_gives_the_same_bytes(sample, maerz, tmp_path):
    b, paths, public = maerz
    again = write_report(tmp_path, b) + write_report(tmp_path, b, oeffentlich=True)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in [*paths, *public]]


def test_public_version_shows_no_figure_per_person(sample, maerz):
    config, _ = sample
    b, internal, public = maerz
    assert [p.name for p in public][:1] == ["Monatsbericht_2025-03_oeffentlich.xlsx"]
    assert public[-1].name == "Monatsbericht_2025-03_oeffentlich.pdf"
    wb = openpyxl.load_workbook(public[0])
    assert not {"Daten", "Stellen", "Prüfprotokoll", "Nicht gezählt"} & set(wb.sheetnames)
    ids = [s.id for s in config.stellen]
    for text in (_xml(public[0]), _pdf_text(public[-1])):
        for word in (*ids, *NAMEN, "Sozialpädagogik", "Verwaltungswirt"):
            assert not re.search(rf"\b{re.escape(word)}\b", text), word
    for path in public:
        for name in NAMEN:
            assert name not in path.name
    # the totals are those of the internal report
    groups = {r[0]: r for r in wb["Stellengruppen"].iter_rows(values_only=True) if r[0]}
    assert groups["alle Stellen"][1] == 6 and groups["alle Stellen"][4] == 889.25
    assert groups["Summe"][4] == b.summary.stunden == 889.25
    uebersicht = openpyxl.load_workbook(internal[0])["Übersicht"]
    intern = {r[0]: r[1:] for r in uebersicht.iter_rows(values_only=True) if r[0]}
    oeffentlich = {r[0]: r[1:] for r in wb["Übersicht"].iter_rows(values_only=True) if r[0]}
    for key in ("Tätigkeiten (Einträge)", "Teilnehmende", "Stunden", "davon mit Themenschwerpunkt"):
        assert oeffentlich[key] == intern[key], key



def test_a_long_header_keeps_the_whole_ki_name(sample, maerz):
    # "Monatsbericht März 2025 – Öffentliche Fassung" leaves no room beside the KI's name: the
    # title moves above it, the name stays whole on every page
    config, _ = sample
    _, _, public = maerz
    pages = [page.extract_text() for page in PdfReader(public[-1]).pages]
    assert all(config.name in text and "Öffentliche Fassung" in text for text in pages)

def _stelle(sid: str, art: str) -> str:
    return f'\n[[stellen]]\nid = "{sid}"\nbezeichnung = "{art}"\nart = "{art}"\nfoerderung = "Eigenmittel"\n'


def test_public_groups_of_a_bigger_ki(tmp_path, config_path):
    """4 Fachkräfte form their own group; 3 Lehrkräfte would too, but the single Verwaltung
    Stelle must not stand alone: the Lehrkräfte (the smallest Art) join it as „weitere Stellen“."""
    extra = [("FK3", "Fachkraft"), ("FK4", "Fachkraft"), ("L2", "Lehrkraft"), ("L3", "Lehrkraft"),
             ("VW9", "Verwaltung")]
    config_path.write_text(config_path.read_text("utf-8") + "".join(_stelle(*s) for s in extra), "utf-8")
    config = load_config(config_path)
    rows = [HEADER, entry(3, stelle="FK1"), entry(4, stelle="L1", stunden=3.0),
            entry(5, stelle="VW9", stunden=1.5)]
    write_xlsx(tmp_path / "in.xlsx", {"A": rows})
    result = load_entries([tmp_path / "in.xlsx"], config)
    b = berechne_bericht(result.entries, config, Periode.parse_monat("2025-03"))
    paths = write_report(tmp_path / "out", b, oeffentlich=True)
    rows = {r[0]: r for r in openpyxl.load_workbook(paths[0])["Stellengruppen"].iter_rows(values_only=True)
            if r[0]}
    # one Stelle worked in the group Fachkraft, two in „weitere Stellen“: both kept secret; the
    # three together are the total, published
    assert (rows["Fachkraft"][1], rows["Fachkraft"][4]) == (4, ".")
    assert (rows["weitere Stellen"][1], rows["weitere Stellen"][4]) == (4, ".")
    assert rows["Summe"][4] == 6.5 == bericht_dokument(b, paths, oeffentlich=True)["stunden"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_workbook(maerz, tmp_path):
    _, paths, _ = maerz
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(paths[0])],
                   check=True, capture_output=True, timeout=180)
    pages = len(PdfReader(tmp_path / "Monatsbericht_2025-03.pdf").pages)
    assert pages <= 25


def test_an_unfinished_year_names_its_months_and_a_ki_name_with_ampersand_prints(tmp_path, config_path):
    config_path.write_text(config_path.read_text("utf-8").replace('name = "KI Testkreis"',
                                                                    'name = "KI Stadt & Kreis"'), "utf-8")
    config = load_config(config_path)
    rows = [HEADER, entry(3, month=1), entry(4, month=2), entry(5, month=3, sp="")]
    write_xlsx(tmp_path / "in.xlsx", {"A": rows})
    result = load_entries([tmp_path / "in.xlsx"], config)
    b = berechne_bericht(result.entries, config, Periode.parse_jahr("2025"))
    paths = write_report(tmp_path / "out", b)
    wb = openpyxl.load_workbook(paths[0])
    assert wb["Übersicht"]["A1"].value == "Jahresbericht Januar bis März 2025"
    header = wb["Übersicht"].oddHeader
    assert "KI Stadt && Kreis" in header.left.text  # a single & would start a header code
    stellen = [r for r in wb["Stellen"].iter_rows(values_only=True) if r[0] and "Soll/Ist" in str(r[0])]
    assert stellen[0][0] == "Soll/Ist-Stunden je Stelle – Januar bis März 2025"
    text = _pdf_text(paths[-1])
    assert "Jahresbericht Januar bis März 2025" in text and "Jahr 2025" not in text
    with zipfile.ZipFile(paths[0]) as z:
        drawing = next(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    assert "Januar bis März 2025" in drawing and "Jahr 2025" not in drawing
