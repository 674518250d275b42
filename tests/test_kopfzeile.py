"""The header row as a person reads it: merged over two rows, two rows under a group title,
without merge information (OpenDocument), with text LibreOffice keeps hidden in covered cells."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from kibericht.ablauf import load_entries
from kibericht.ausgabe.markiert import write_marked_copies
from kibericht.lesen.rohblatt import RawSheet
from kibericht.pruefen.kopfzeile import find_header
from tests.conftest import HEADER, entry
from tests.helpers_xlsx import rewrite_parts, write_ods

NAMES = ["Datum", "Stelle", "Mitarbeiter/in", "Handlungsfeld", "Schwerpunkt", "Tätigkeit", "Kommune",
         "Stunden", "Teilnehmende", "Beschreibung"]


def positions(result):
    return [(f.zeile, f.spalte, f.code) for f in result.findings]


def workbook(path, rows, merged=()):
    """A workbook written by openpyxl with real merged cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "März 2025"
    for row in rows:
        ws.append(row)
    for area in merged:
        ws.merge_cells(area)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


DATUM_OVER_TWO_ROWS = [["Datum"], [None, *HEADER[1:]], entry(3), entry(4, stunden=1.5)]
GROUP_TITLE = [
    ["Tätigkeitsnachweis März 2025"],
    ["Datum", "Stelle", "Mitarbeiter/in", "Angaben zur Tätigkeit", None, None, None, "Stunden",
     "Teilnehmende", "Beschreibung"],
    [None, None, None, "Handlungsfeld", "Schwerpunkt", "Tätigkeit", "Kommune"],
    entry(3), entry(4, stunden=1.5)]
GROUP_MERGES = ["A2:A3", "B2:B3", "C2:C3", "D2:G2", "H2:H3", "I2:I3", "J2:J3"]


def assert_read(result, first_row):
    assert positions(result) == []
    assert result.entries["stunden"].tolist() == [2.0, 1.5]
    assert result.entries["_zeile"].tolist() == [first_row, first_row + 1]
    assert result.entries["datum"].dt.day.tolist() == [3, 4]


def test_datum_merged_over_two_rows(tmp_path, config):
    path = workbook(tmp_path / "a.xlsx", DATUM_OVER_TWO_ROWS, ["A1:A2"])
    assert_read(load_entries([path], config), 3)


def test_two_row_header_under_a_group_title(tmp_path, config):
    path = workbook(tmp_path / "a.xlsx", GROUP_TITLE, GROUP_MERGES)
    assert_read(load_entries([path], config), 4)


def test_every_header_merged_over_two_rows_is_no_merged_data(tmp_path, config):
    rows = [HEADER, [None] * 10, entry(3), entry(4, stunden=1.5)]
    path = workbook(tmp_path / "a.xlsx", rows, [f"{c}1:{c}2" for c in "ABCDEFGHIJ"])
    assert_read(load_entries([path], config), 3)  # and no `zellen-verbunden` note


def test_without_merge_information_the_header_above_an_empty_cell_counts(tmp_path, config):
    """What an OpenDocument reader sees of a merged header: the value in its first row only."""
    assert_read(load_entries([write_ods(tmp_path / "a.ods", {"März 2025": DATUM_OVER_TWO_ROWS})],
                             config), 3)
    assert_read(load_entries([write_ods(tmp_path / "b.ods", {"März 2025": GROUP_TITLE})], config), 4)
    path = workbook(tmp_path / "c.xlsx", DATUM_OVER_TWO_ROWS)  # typed one row higher, not merged
    assert_read(load_entries([path], config), 3)


def test_text_kept_hidden_in_a_covered_cell_does_not_count(tmp_path, config):
    """LibreOffice can keep the contents of cells it merges; they are hidden, the user sees Datum."""
    rows = [row[:] for row in DATUM_OVER_TWO_ROWS]
    rows[1][0] = "alter Text"
    path = workbook(tmp_path / "a.xlsx", rows)  # openpyxl would drop the covered text: merge in the XML

    def merge(name, data):
        return data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/>'
                            b"</mergeCells>") if name == "xl/worksheets/sheet1.xml" else data

    rewrite_parts(path, tmp_path / "b.xlsx", merge)
    assert_read(load_entries([tmp_path / "b.xlsx"], config), 3)
    assert positions(load_entries([path], config))[0][2] == "spalte-fehlt"  # unmerged: no Datum


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_saved_by_libreoffice(tmp_path, config, fmt):
    source = workbook(tmp_path / "src" / "a.xlsx", GROUP_TITLE, GROUP_MERGES)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", fmt, "--outdir", str(tmp_path / "lo_out"), str(source)],
                   check=True, capture_output=True, timeout=180)
    assert_read(load_entries([tmp_path / "lo_out" / f"a.{fmt}"], config), 4)


def test_a_header_with_a_unit_row_below_keeps_its_names(tmp_path, config):
    rows = [HEADER, [None, None, None, None, None, None, None, "(h)"], entry(3), entry(4, stunden=1.5)]
    result = load_entries([workbook(tmp_path / "a.xlsx", rows)], config)
    # "(h)" is no second header row (it names no new column): a row of its own, as before
    assert result.entries["stunden"].tolist() == [2.0, 1.5]


def test_a_data_row_is_never_taken_for_a_second_header_row():
    raw = RawSheet("a", "b", [NAMES, ["03.03.2025", "FK1", "Name", "Bildung", "SP", "Beratung",
                                      "Ort", "2", None, "Text"]], 1, 0)
    header = find_header(raw)
    assert header.index == 0 and header.spalten[7] == "Stunden"


def test_a_group_title_or_a_title_row_is_no_unknown_column():
    raw = RawSheet("a", "b", GROUP_TITLE[:3], 1, 0)
    header = find_header(raw)
    assert header.index == 2 and header.unbekannt == []
    assert [header.spalten[j] for j in range(10)] == NAMES[:3] + ["Handlungsfeld", "Schwerpunkt",
                                                                  "Tätigkeit", "Kommune"] + NAMES[7:]
    # an unknown column header merged over both rows is still named
    rows = [row[:] for row in GROUP_TITLE[:3]]
    rows[1][9] = "Bemerkung intern"
    assert find_header(RawSheet("a", "b", rows, 1, 0)).unbekannt == [(9, "Bemerkung intern")]


def test_the_marked_copy_finds_the_merged_header_too(tmp_path, config):
    rows = [row[:] for row in DATUM_OVER_TWO_ROWS]
    rows[3] = entry(4, stunden="abc")
    rows[2][0] = "kein Datum"
    path = workbook(tmp_path / "in" / "a.xlsx", rows, ["A1:A2"])
    result = load_entries([path], config)
    assert positions(result) == [(3, "Datum", "datum-ungueltig"), (4, "Stunden", "stunden-ungueltig")]
    [copy] = write_marked_copies(result.findings, tmp_path / "markiert", [tmp_path / "in"]).geschrieben
    ws = openpyxl.load_workbook(copy)["März 2025"]
    assert ws["A3"].comment is not None and ws["H4"].comment is not None


def test_a_stelle_named_above_the_header_counts_for_every_row(tmp_path, config):
    """A form-like sheet: „Stelle: FK2“ above a header without a Stelle column."""
    no_stelle = [HEADER[0], *HEADER[2:]]
    rows = [["Tätigkeitsnachweis"], ["Stelle:", None, "FK2", "Fachkraft 2"], no_stelle,
            *([r[0], *r[2:]] for r in (entry(3, stelle=None), entry(4, stelle=None, stunden=1.5)))]
    result = load_entries([workbook(tmp_path / "a.xlsx", rows)], config)
    assert positions(result) == []
    assert result.entries["stelle"].tolist() == ["FK2", "FK2"]
    # a Stelle column wins over the label; a label without a value leaves the column missing
    with_column = [row[:] for row in rows[:2]] + [HEADER, entry(3), entry(4, stelle="FK1")]
    result = load_entries([workbook(tmp_path / "b.xlsx", with_column)], config)
    assert result.entries["stelle"].tolist() == ["FK1", "FK1"]
    rows[1] = ["Stelle:"]
    result = load_entries([workbook(tmp_path / "c.xlsx", rows)], config)
    assert positions(result) == [(3, "Stelle", "spalte-fehlt")]
