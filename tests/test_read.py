"""Reading sheets as they are: hidden sheets and rows, merged cells, wide and long sheets."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from kibericht.ablauf import load_entries
from kibericht.lesen import arbeitsmappe as read
from kibericht.lesen.arbeitsmappe import LISTEN_KENNUNG, read_workbook
from kibericht.lesen.dateien import find_files
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import prefixed_copy, replace_cell, rewrite_parts


def positions(result):
    return [(f.blatt, f.zeile, f.spalte, f.code) for f in result.findings]


def test_hidden_sheet_and_rows_are_read_and_reported(tmp_path, config):
    path = write_xlsx(tmp_path / "a.xlsx", {"März": [HEADER, entry(3), entry(4), entry(5)],
                                            "Alt": [HEADER, entry(6)]})
    wb = openpyxl.load_workbook(path)
    wb["März"].row_dimensions[3].hidden = True
    wb["März"].row_dimensions[4].hidden = True
    wb["Alt"].sheet_state = "hidden"
    wb.save(path)
    result = load_entries([path], config)
    assert sorted(positions(result), key=str) == [("Alt", None, None, "blatt-ausgeblendet"),
                                                  ("März", 3, None, "zeilen-ausgeblendet")]
    assert len(result.entries) == 4


def test_merged_cells_in_the_data_area_are_a_hint(tmp_path, config):
    rows = [["Tätigkeitsnachweis"], HEADER, entry(3), entry(4), entry(5)]
    path = write_xlsx(tmp_path / "m.xlsx", {"März": rows})
    wb = openpyxl.load_workbook(path)
    wb["März"].merge_cells("A1:J1")  # a merged title: no hint
    wb["März"].merge_cells("G3:G4")  # Kommune merged over two entries
    wb.save(path)
    result = load_entries([path], config)
    assert positions(result) == [("März", 3, "Kommune", "zellen-verbunden")]
    kommunen = result.entries["kommune"].tolist()
    assert kommunen[0] == kommunen[2] == "Alfter" and pd.isna(kommunen[1])  # top-left cell only


def test_wide_sheet_is_cut_and_still_read(tmp_path, config):
    path = write_xlsx(tmp_path / "w.xlsx", {"März": [HEADER, entry(3)]})
    path = rewrite_parts(path, tmp_path / "breit.xlsx", lambda n, d: d.replace(
        b"</sheetData>", b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
        if n.endswith("sheet1.xml") else d)
    result = load_entries([path], config)
    assert positions(result) == [("März", None, None, "blatt-zu-breit")]
    assert result.entries["stunden"].tolist() == [2.0]


def test_long_sheet_is_refused_before_loading(tmp_path, config, monkeypatch):
    monkeypatch.setattr(read, "MAX_CELLS", 1000)
    rows = [HEADER] + [entry(3 + i % 20) for i in range(150)]
    path = write_xlsx(tmp_path / "lang.xlsx", {"März": rows, "April": [HEADER, entry(1, month=4)]})
    result = load_entries([path], config)
    assert [(f.schwere, f.blatt, f.code) for f in result.findings] == [("fehler", "März", "blatt-zu-gross")]
    assert len(result.entries) == 1  # the other sheet is still read


def test_template_lists_sheet_is_skipped_only_when_hidden(tmp_path):
    rows = [[LISTEN_KENNUNG], ["Liste Stelle"], ["FK1"]]
    path = write_xlsx(tmp_path / "v.xlsx", {"Jan": [HEADER], "Listen": rows})
    assert [s.blatt for s in read_workbook(path)[0]] == ["Jan", "Listen"]
    wb = openpyxl.load_workbook(path)
    wb["Listen"].sheet_state = "hidden"
    wb.save(path)
    assert [s.blatt for s in read_workbook(path)[0]] == ["Jan"]


def test_offsets_when_the_sheet_starts_late(tmp_path):
    path = write_xlsx(tmp_path / "o.xlsx", {"S": [[], [], [None, None, "x"]]})
    [sheet], _ = read_workbook(path)
    assert (sheet.erste_zeile, sheet.erste_spalte, sheet.rows) == (3, 2, [["x"]])


def test_unreadable_row_keeps_the_row_numbers_of_the_others(tmp_path):
    import xlsxwriter

    path = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("S")
    ws.write_string(3, 1, "oben")
    ws.write_number(4, 1, 1e300, wb.add_format({"num_format": "[h]:mm"}))
    ws.write_string(5, 2, "unten")
    wb.close()
    [sheet], findings = read_workbook(path)
    assert [(f.zeile, f.code) for f in findings] == [(5, "zeile-unlesbar")]
    cells = {(sheet.erste_zeile + i, sheet.erste_spalte + j): v for i, row in enumerate(sheet.rows)
             for j, v in enumerate(row) if v != ""}
    assert cells == {(4, 1): "oben", (6, 2): "unten"}


def test_find_files_is_stable_and_names_lock_files(tmp_path):
    for name in ("b.xlsx", "a/c.xlsm", "~$b.xlsx", ".versteckt.xlsx", "notiz.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    files, findings = find_files([tmp_path, tmp_path / "b.xlsx", tmp_path / "fehlt.xlsx"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/c.xlsm", "b.xlsx"]
    # the owner file of an open workbook is not read, but named (lesen.dateien)
    assert [(f.code, f.datei.rsplit("/", 1)[-1]) for f in findings] == [
        ("datei-geoeffnet", "~$b.xlsx"), ("datei-fehlt", "fehlt.xlsx")]


# Some writers bind the SpreadsheetML namespace to a prefix: <x:row r="2"><x:c r="H2" t="e">…
# calamine reads such sheets like any other; the scan of the sheet XML must see them too.


@pytest.fixture
def checked_sheet(tmp_path):
    """An error value in H2, a formula without a cached value in H3 and a hidden row 5."""
    path = write_xlsx(tmp_path / "ohne" / "p.xlsx", {"März": [HEADER, entry(3, stunden=777),
                                                            entry(4, stunden=777), entry(5), entry(6)]})
    wb = openpyxl.load_workbook(path)
    wb["März"].row_dimensions[5].hidden = True
    wb.save(path)
    replace_cell(path, "H2", b'<c r="H2" t="e"><v>#DIV/0!</v></c>')
    replace_cell(path, "H3", b'<c r="H3"><f>1+1</f></c>')
    return path


@pytest.fixture
def prefixed(checked_sheet, tmp_path):
    return prefixed_copy(checked_sheet, tmp_path / "mit" / "p.xlsx")


def findings_at(result, code):
    return [(f.blatt, f.zeile, f.spalte, f.wert) for f in result.findings if f.code == code]


def test_prefixed_sheet_error_value_is_found(prefixed, config):
    result = load_entries([prefixed], config)
    assert findings_at(result, "fehlerwert") == [("März", 2, "Stunden", "#DIV/0!")]
    assert findings_at(result, "pflichtfeld-leer") == []


def test_prefixed_sheet_formula_without_value_is_found(prefixed, config):
    result = load_entries([prefixed], config)
    assert findings_at(result, "formel-ohne-wert") == [("März", 3, "Stunden", "=1+1")]


def test_prefixed_sheet_hidden_row_is_reported(prefixed, config):
    result = load_entries([prefixed], config)
    assert findings_at(result, "zeilen-ausgeblendet") == [("März", 5, None, None)]


def test_prefixed_and_plain_copies_read_the_same(checked_sheet, prefixed, config):
    plain, pref = load_entries([checked_sheet], config), load_entries([prefixed], config)

    def without_file(result):
        return ([(f.code, f.schwere, f.blatt, f.zeile, f.spalte, f.wert, f.meldung) for f in result.findings],
                result.entries.drop(columns="_datei"), result.rejected.drop(columns="_datei"))

    (plain_findings, plain_entries, plain_rejected) = without_file(plain)
    (pref_findings, pref_entries, pref_rejected) = without_file(pref)
    assert pref_findings == plain_findings
    assert len(plain_entries) == 2 and len(plain_rejected) == 2
    pd.testing.assert_frame_equal(pref_entries, plain_entries)
    pd.testing.assert_frame_equal(pref_rejected, plain_rejected)
