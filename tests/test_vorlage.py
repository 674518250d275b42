"""The blank template: sheets, dropdowns, checks, print setup; and it reads back without findings."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.ausgabe.atomar import AusgabeFehler
from kibericht.ausgabe.vorlage import KOPFZEILE, VorlageError, build_template, write_template
from kibericht.cli import cli
from kibericht.konfig import load_config
from kibericht.lesen.arbeitsmappe import read_workbook
from kibericht.pruefen.kopfzeile import find_header
from kibericht.schema import load_schema
from tests.helpers_xlsx import assert_no_formulas

# openpyxl cannot keep the template's dynamic print area and says so; what it keeps is tested here
pytestmark = pytest.mark.filterwarnings("ignore:Print area cannot be set:UserWarning")

MONTHS = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
HEADER_ROW = KOPFZEILE + 1  # Excel row of the header

EXTRA_SCHWERPUNKT = """
[[schwerpunkte]]
id = "SP9"
titel = "Ein Schwerpunkt der nächsten Periode"
handlungsfeld = "KIM"
zieldimension = "III"
von = 2027
bis = 2028
"""


@pytest.fixture
def template(tmp_path, config) -> Path:
    """The template for one Stelle: no Stelle column, the Stelle above the header."""
    return write_template(config, 2025, tmp_path / "out" / "Vorlage.xlsx", stelle="FK1")


@pytest.fixture
def blank(tmp_path, config) -> Path:
    """The template for every Stelle: a Stelle column with a dropdown."""
    return write_template(config, 2025, tmp_path / "out" / "Vorlage_alle.xlsx")


def validations(ws) -> dict[str, object]:
    """Data validation per first column letter."""
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
            for dv in ws.data_validations.dataValidation}


def test_sheets_header_and_titles(template, blank):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Anleitung", *(f"{m} 2025" for m in MONTHS), "Listen"]
    ws = wb["Mär 2025"]
    assert ws["A1"].value == "Tätigkeitsnachweis März 2025"
    assert [ws["A2"].value, ws["B2"].value] == ["Stelle", "FK1"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == [n for n in load_schema().names if n != "Stelle"]
    assert wb["Listen"].sheet_state == "hidden"
    ws = openpyxl.load_workbook(blank)["Mär 2025"]
    assert [c.value for c in ws[HEADER_ROW]] == load_schema().names
    assert (ws["A2"].value, ws["B2"].value) == ("KI Testkreis", None)


def test_dropdowns_come_from_the_configuration(tmp_path, config_path):
    config_path.write_text(config_path.read_text("utf-8") + EXTRA_SCHWERPUNKT, "utf-8")
    config = load_config(config_path)
    path = write_template(config, 2025, tmp_path / "V.xlsx")
    wb = openpyxl.load_workbook(path)
    lists = wb["Listen"]
    columns = {lists.cell(2, j).value: [lists.cell(r, j).value for r in range(3, lists.max_row + 1)
                                        if lists.cell(r, j).value is not None]
               for j in range(1, 6)}
    assert columns == {
        "Liste Stelle": ["FK1", "FK2", "L1"],
        "Liste Handlungsfeld": ["Bildung", "Querschnitt", "KIM", "Übergreifend"],
        "Liste Schwerpunkt": ["SP1", "SP2"],  # SP9 is valid only 2027–2028
        "Liste Tätigkeit": list(config.taetigkeiten),
        "Liste Kommune": ["Alfter", "Bornheim", "Eitorf", "kreisweit"],
    }
    dv = validations(wb["Jan 2025"])
    assert {k: (v.type, v.formula1) for k, v in dv.items() if v.type == "list"} == {
        "B": ("list", "Listen!$A$3:$A$5"), "D": ("list", "Listen!$B$3:$B$6"),
        "E": ("list", "Listen!$C$3:$C$4"), "F": ("list", "Listen!$D$3:$D$12"),
        "G": ("list", "Listen!$E$3:$E$6"),
    }
    # 2027: only SP9
    wb27 = openpyxl.load_workbook(write_template(config, 2027, tmp_path / "V27.xlsx"))
    assert [wb27["Listen"].cell(r, 3).value for r in (3, 4)] == ["SP9", None]


def test_value_checks_per_column(blank, template):
    assert "B" not in validations(openpyxl.load_workbook(template)["Feb 2025"])  # no Stelle to pick
    assert validations(openpyxl.load_workbook(template)["Feb 2025"])["A"].type == "date"
    wb = openpyxl.load_workbook(blank)
    dv = validations(wb["Feb 2025"])
    first = (dt.datetime(2025, 2, 1) - dt.datetime(1899, 12, 30)).days
    last = (dt.datetime(2025, 2, 28) - dt.datetime(1899, 12, 30)).days
    assert (dv["A"].type, dv["A"].formula1, dv["A"].formula2) == ("date", str(first), str(last))
    assert "Februar 2025" in dv["A"].error and dv["A"].showErrorMessage
    assert (dv["H"].type, dv["H"].operator or "between") == ("decimal", "between")
    low, high = float(dv["H"].formula1), float(dv["H"].formula2)
    # what the instructions allow passes the cell check: 1,5 and 0,25 typed as numbers, 1:30 and
    # 0:15 typed as durations (Excel stores a sixteenth and a ninety-sixth of a day), up to 24
    for typed in (1.5, 0.25, 24.0, 1.5 / 24, 0.25 / 24):
        assert low <= typed <= high, typed
    assert "1:30" in dv["H"].prompt
    assert dv["H"].prompt and dv["H"].showInputMessage
    assert (dv["I"].type, dv["I"].operator, dv["I"].formula1) == ("whole", "greaterThanOrEqual", "0")
    assert str(dv["A"].sqref) == f"A{HEADER_ROW + 1}:A{HEADER_ROW + 200}"


def test_layout_for_screen_and_print(blank):
    ws = openpyxl.load_workbook(blank)["Jan 2025"]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:J{HEADER_ROW + 200}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    widths = {c.name: c.breite for c in load_schema().columns}
    assert round(ws.column_dimensions["J"].width) == widths["Beschreibung"] + 1
    assert ws[f"A{HEADER_ROW + 1}"].number_format == "DD.MM.YYYY"
    # General, so that a typed 1:30 keeps the time format the spreadsheet gives it
    assert ws[f"H{HEADER_ROW + 1}"].number_format == "General"


def test_instructions_print_on_one_page_and_speak_to_staff(template):
    ws = openpyxl.load_workbook(template)["Anleitung"]
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # 1 × 1 page (1 is the default, which the file leaves out)
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight in (None, 1)
    assert ws.page_setup.paperSize == 9
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if "--" in t]  # no command-line options for staff
    assert any("1:30" in t for t in texts)
    # long texts wrap inside the page: merged over the width or in the wide third column
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 30 and cell.column == 1:
                assert any(cell.coordinate in r for r in ws.merged_cells.ranges), cell.value


def test_a_duration_typed_into_the_template_reads_as_hours(tmp_path, config):
    path = write_template(config, 2025, tmp_path / "V.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Mär 2025"]
    r = HEADER_ROW + 1
    values = {"A": dt.datetime(2025, 3, 3), "B": "FK1", "D": "Bildung", "F": "Beratung", "H": dt.time(1, 30)}
    for col, value in values.items():
        ws[f"{col}{r}"] = value
    ws[f"H{r}"].number_format = "h:mm"  # what Excel sets when 1:30 is typed into a General cell
    wb.save(path)
    result = load_entries([path], config)
    assert result.errors == []
    assert result.entries["stunden"].tolist() == [1.5]


def test_the_stelle_stands_above_the_header_and_counts_for_every_row(template, blank, tmp_path, config):
    assert_no_formulas(template)  # no formula fills hundreds of empty rows
    assert_no_formulas(blank)
    filled = fill(template, tmp_path / "in" / "Nachweis.xlsx", VALID_ROWS)
    result = load_entries([filled], config)
    assert result.findings == []
    assert result.entries["stelle"].tolist() == ["FK1"] * 4
    assert result.entries["_zeile"].tolist() == [HEADER_ROW + 1, HEADER_ROW + 2, HEADER_ROW + 3,
                                                 HEADER_ROW + 1]
    # the Stelle above the header must be one of the Stellenplan like any other
    wb = openpyxl.load_workbook(filled)
    wb["Mär 2025"]["B2"] = "FK9"
    wb.save(filled)
    assert [(f.blatt, f.zeile, f.spalte, f.code) for f in load_entries([filled], config).findings] == [
        ("Mär 2025", HEADER_ROW + 1, "Stelle", "stelle-unbekannt")]


def test_instructions_fit_the_template_for_one_stelle(template, blank):
    def texts(path):
        ws = openpyxl.load_workbook(path)["Anleitung"]
        return "\n".join(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str))

    own, every = texts(template), texts(blank)
    assert "Vorlage für die Stelle FK1 (Fachkraft)" in own
    assert "Die Stelle ist schon eingetragen: FK1 steht oben auf jedem Monatsblatt" in own
    assert "In den Spalten Handlungsfeld, Schwerpunkt" in own and "Spalten Stelle" not in own
    assert "Pflichtangaben sind Datum, Stelle" not in own and "Pflichtangaben sind Datum, Stelle" in every
    assert "FK2" not in own and "FK2" in every  # only the own Stelle is listed
    assert "In den Spalten Stelle, Handlungsfeld" in every
    assert "keine leeren Seiten" in own and "keine leeren Seiten" in every


def test_the_print_area_grows_with_the_filled_rows(template, blank):
    for path, width in ((template, "I"), (blank, "J")):
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/workbook.xml").decode()
        names = dict(re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]+)<', xml))
        assert len(names) == 12  # every month sheet, not Anleitung (index 0) or Listen
        assert names["3"] == (f"OFFSET('Mär 2025'!$A$1,0,0,MAX({HEADER_ROW},SUMPRODUCT(MAX(ROW("
                              f"'Mär 2025'!$A${HEADER_ROW + 1}:${width}$2000)*(LEN(TRIM('Mär 2025'!"
                              f"$A${HEADER_ROW + 1}:${width}$2000))&gt;0)))),{ord(width) - 64})")


def test_unknown_stelle_is_refused(config):
    with pytest.raises(VorlageError, match="XX"):
        build_template(config, 2025, stelle="XX")


def test_deterministic_and_atomic(tmp_path, config, monkeypatch):
    out = tmp_path / "out"
    a = write_template(config, 2025, out / "a.xlsx").read_bytes()
    b = write_template(config, 2025, out / "b.xlsx").read_bytes()
    assert a == b
    target = out / "a.xlsx"

    def broken(*args, **kwargs):
        raise OSError("Platte voll")

    monkeypatch.setattr("kibericht.ausgabe.vorlage.build_template", lambda *a, **k: b"halb")
    monkeypatch.setattr(Path, "write_bytes", broken)
    with pytest.raises(AusgabeFehler, match="a.xlsx"):
        write_template(config, 2025, target)
    assert target.read_bytes() == a  # the old file is untouched
    assert sorted(p.name for p in out.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temp file left


def test_blank_template_reads_back_without_findings(template, config):
    result = load_entries([template], config)
    assert result.findings == []  # the template's own Anleitung and Listen sheets are known
    assert result.rows_in == 0


def test_lists_and_anleitung_have_no_header_row(template):
    sheets, findings = read_workbook(template)
    assert findings == []
    # kibericht's own lists and instructions are skipped
    assert "Listen" not in [s.blatt for s in sheets] and "Anleitung" not in [s.blatt for s in sheets]
    wb = openpyxl.load_workbook(template)
    from kibericht.lesen.rohblatt import RawSheet

    anleitung = [list(r) for r in wb["Anleitung"].iter_rows(values_only=True)]
    assert find_header(RawSheet("V", "Anleitung", anleitung, 1, 0)) is None
    # even when a user unhides it, the lists sheet has no header row
    rows = [list(r) for r in wb["Listen"].iter_rows(values_only=True)]
    assert find_header(RawSheet("V", "Listen", rows, 1, 0)) is None


def fill(template: Path, target: Path, rows_by_sheet: dict[str, list[list]]) -> Path:
    """Fill template rows as staff would; a template for one Stelle has no Stelle column, so the
    second value of each row is left out there."""
    wb = openpyxl.load_workbook(template)
    for sheet, rows in rows_by_sheet.items():
        ws = wb[sheet]
        own_stelle = ws[f"B{HEADER_ROW}"].value != "Stelle"
        for i, values in enumerate(rows):
            r = HEADER_ROW + 1 + i
            for j, value in enumerate([v for k, v in enumerate(values) if not (own_stelle and k == 1)],
                                      start=1):
                ws.cell(r, j).value = value
                if isinstance(value, str) and value.startswith("="):
                    ws.cell(r, j).data_type = "s"  # typed as text, as staff do with a leading quote
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


VALID_ROWS = {
    "Jan 2025": [
        [dt.date(2025, 1, 7), "FK1", "A. Muster", "Bildung", "SP1", "Beratung", "Alfter", 1.5, 1,
         "Beratung einer Familie"],
        [dt.date(2025, 1, 8), "FK1", "A. Muster", "Querschnitt", "SP2", "Netzwerktreffen", "kreisweit",
         2.25, 14, "=HYPERLINK(\"http://x\")"],
        [dt.date(2025, 1, 9), "FK1", None, "Übergreifend", None, "Verwaltung", None, 0.25, None, None],
    ],
    "Mär 2025": [
        [dt.date(2025, 3, 31), "FK1", "A. Muster", "Bildung", "SP1", "Fortbildung", "Eitorf", 6, 20,
         "Fortbildung Lehrkräfte"],
    ],
}


def test_filled_template_passes_pruefen(template, tmp_path, config_path):
    filled = fill(template, tmp_path / "Nachweis_FK1.xlsx", VALID_ROWS)
    # the Beschreibung typed as "=HYPERLINK(...)" is text for openpyxl only with data_type "s"
    wb = openpyxl.load_workbook(filled)
    wb["Jan 2025"]["I5"].data_type = "s"
    wb.save(filled)
    result = CliRunner().invoke(cli, ["pruefen", str(filled), "--config", str(config_path),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["eintraege"], document["fehler"], document["warnungen"]) == (4, [], [])
    assert document["hinweise"] == []


def test_cli_writes_template_and_refuses_unknown_stelle(tmp_path, config_path):
    runner = CliRunner()
    out = tmp_path / "neu" / "Vorlage.xlsx"
    result = runner.invoke(cli, ["vorlage", "--jahr", "2025", "--ausgabe", str(out), "--stelle", "FK2",
                                 "--config", str(config_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["blaetter"][1] == "Jan 2025"
    assert openpyxl.load_workbook(out)["Jan 2025"]["B2"].value == "FK2"
    result = runner.invoke(cli, ["vorlage", "--jahr", "2025", "--ausgabe", str(tmp_path / "x.xlsx"),
                                 "--stelle", "XX", "--config", str(config_path)])
    assert result.exit_code == 2
    assert "XX" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.xlsx").exists()
    result = runner.invoke(cli, ["vorlage", "--jahr", "2025", "--ausgabe", str(tmp_path / "x.csv"),
                                 "--config", str(config_path)])
    assert result.exit_code == 2


def test_configuration_text_is_written_as_text(tmp_path, config_path):
    text = config_path.read_text("utf-8").replace('name = "KI Testkreis"', 'name = "=HYPERLINK(1)"')
    text = text.replace('"Eitorf"', '"+Eitorf"')
    config_path.write_text(text, "utf-8")
    path = write_template(load_config(config_path), 2025, tmp_path / "V.xlsx")
    assert_no_formulas(path)
    assert openpyxl.load_workbook(path)["Anleitung"]["A2"].value == "=HYPERLINK(1)"


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice ist nicht installiert")
def test_opens_and_recalculates_in_libreoffice(template, tmp_path, config):
    """A template filled and saved again by LibreOffice reads back with its Stelle."""
    filled = fill(template, tmp_path / "in" / "Nachweis.xlsx", VALID_ROWS)
    out = tmp_path / "lo"
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profil'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
                   check=True, capture_output=True, timeout=180)
    result = load_entries([out / "Nachweis.xlsx"], config)
    assert [f.code for f in result.findings if f.schwere != "hinweis"] == []
    assert result.entries["stelle"].tolist() == ["FK1"] * 4
    assert result.entries["stunden"].sum() == 10.0


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice ist nicht installiert")
def test_printed_through_libreoffice_an_empty_template_is_its_header_rows(template, tmp_path):
    """One page per sheet when empty (no 200 blank rows); a filled month grows by its rows."""
    from pypdf import PdfReader

    rows = [[dt.date(2025, 1, 2 + i % 28), "FK1", "A. Muster", "Bildung", "SP1", "Beratung", "kreisweit",
             1.5, 3, "Beratung einer Familie"] for i in range(60)]
    filled = fill(template, tmp_path / "in" / "Gefuellt.xlsx", {"Jan 2025": rows})
    out = tmp_path / "pdf"
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profil'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(template), str(filled)],
                   check=True, capture_output=True, timeout=180)
    empty = PdfReader(out / "Vorlage.pdf")
    assert len(empty.pages) == 13  # Anleitung + 12 months
    assert "Datum" in empty.pages[1].extract_text() and "FK1" in empty.pages[1].extract_text()
    pages = PdfReader(out / "Gefuellt.pdf").pages
    assert len(pages) == 14  # January's 60 rows take two pages, each with the header
    assert "Beratung einer Familie" in pages[2].extract_text() and "Datum" in pages[2].extract_text()
