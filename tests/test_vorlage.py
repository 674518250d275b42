"""The blank template: sheets, dropdowns, checks, print setup; and it reads back without findings."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kibericht.ausgabe.vorlage import KOPFZEILE, VorlageError, build_template, write_template
from kibericht.cli import cli
from kibericht.konfig.laden import load_config
from kibericht.lesen.arbeitsmappe import read_workbook
from kibericht.pruefen.blatt import find_header
from kibericht.pruefen.pipeline import load_entries
from kibericht.schema import load_schema
from tests.helpers_xlsx import assert_no_formulas, formula_cells

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
    return write_template(config, 2025, tmp_path / "out" / "Vorlage.xlsx", stelle="FK1")


def validations(ws) -> dict[str, object]:
    """Data validation per first column letter."""
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
            for dv in ws.data_validations.dataValidation}


def test_sheets_header_and_titles(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Anleitung", *(f"{m} 2025" for m in MONTHS), "Listen"]
    ws = wb["Mär 2025"]
    assert ws["A1"].value == "Tätigkeitsnachweis März 2025"
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == load_schema().names
    assert wb["Listen"].sheet_state == "hidden"


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


def test_value_checks_per_column(template):
    wb = openpyxl.load_workbook(template)
    dv = validations(wb["Feb 2025"])
    first = (dt.datetime(2025, 2, 1) - dt.datetime(1899, 12, 30)).days
    last = (dt.datetime(2025, 2, 28) - dt.datetime(1899, 12, 30)).days
    assert (dv["A"].type, dv["A"].formula1, dv["A"].formula2) == ("date", str(first), str(last))
    assert "Februar 2025" in dv["A"].error and dv["A"].showErrorMessage
    assert (dv["H"].type, float(dv["H"].formula1), float(dv["H"].formula2)) == ("decimal", 0.25, 24.0)
    assert dv["H"].prompt and dv["H"].showInputMessage
    assert (dv["I"].type, dv["I"].operator, dv["I"].formula1) == ("whole", "greaterThanOrEqual", "0")
    assert str(dv["A"].sqref) == f"A{HEADER_ROW + 1}:A{HEADER_ROW + 200}"


def test_layout_for_screen_and_print(template):
    ws = openpyxl.load_workbook(template)["Jan 2025"]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:J{HEADER_ROW + 200}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    widths = {c.name: c.breite for c in load_schema().columns}
    assert round(ws.column_dimensions["J"].width) == widths["Beschreibung"] + 1
    assert ws[f"A{HEADER_ROW + 1}"].number_format == "DD.MM.YYYY"


def test_stelle_prefilled_only_where_a_date_is_entered(template, tmp_path, config):
    ws = openpyxl.load_workbook(template)["Jan 2025"]
    assert ws[f"B{HEADER_ROW + 1}"].value == f'=IF($A{HEADER_ROW + 1}="","","FK1")'
    assert ws[f"B{HEADER_ROW + 200}"].value.endswith('"FK1")')
    blank = write_template(config, 2025, tmp_path / "ohne.xlsx")
    assert_no_formulas(blank)
    assert len(formula_cells(template)) == 12 * 200


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
    with pytest.raises(OSError):
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
    from kibericht.lesen.arbeitsmappe import RawSheet

    anleitung = [list(r) for r in wb["Anleitung"].iter_rows(values_only=True)]
    assert find_header(RawSheet("V", "Anleitung", anleitung, 1, 0)) is None
    # even when a user unhides it, the lists sheet has no header row
    rows = [list(r) for r in wb["Listen"].iter_rows(values_only=True)]
    assert find_header(RawSheet("V", "Listen", rows, 1, 0)) is None


def fill(template: Path, target: Path, rows_by_sheet: dict[str, list[list]], keep_formula=False) -> Path:
    """Fill template rows as staff would; the Stelle formula is replaced by its result unless kept."""
    wb = openpyxl.load_workbook(template)
    for sheet, rows in rows_by_sheet.items():
        ws = wb[sheet]
        for i, values in enumerate(rows):
            r = HEADER_ROW + 1 + i
            for j, value in enumerate(values, start=1):
                if j == 2 and keep_formula:
                    continue
                ws.cell(r, j).value = value
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
    wb["Jan 2025"]["J5"].data_type = "s"
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
    assert openpyxl.load_workbook(out)["Jan 2025"]["B4"].value.endswith('"FK2")')
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
    """LibreOffice opens the template, computes the Stelle formulas, and the result reads back."""
    filled = fill(template, tmp_path / "in" / "Nachweis.xlsx", VALID_ROWS, keep_formula=True)
    out = tmp_path / "lo"
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profil'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
                   check=True, capture_output=True, timeout=180)
    result = load_entries([out / "Nachweis.xlsx"], config)
    assert [f.code for f in result.findings if f.schwere != "hinweis"] == []
    assert result.entries["stelle"].tolist() == ["FK1"] * 4
    assert result.entries["stunden"].sum() == 10.0
