"""The checks before parsing and the streaming scan of the sheet XML."""

from __future__ import annotations

import zipfile

import pytest

from kibericht.lesen import paket as package_check
from kibericht.lesen import xml_scan
from kibericht.lesen.paket import check_package
from kibericht.lesen.xml_scan import column_index, quick_box_cells, scan_sheets
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import lie_about_size, patch_zip_header, prefixed_copy, replace_cell, rewrite_parts


def codes(path):
    return [f.code for f in check_package(path, path.name)]


@pytest.fixture
def workbook(tmp_path):
    return write_xlsx(tmp_path / "gut.xlsx", {"März": [HEADER, entry(3), entry(4)]})


def test_sane_workbook_passes(workbook):
    assert codes(workbook) == []


def test_column_index():
    assert [column_index(c) for c in ("A", "Z", "AA", "XFD")] == [0, 25, 26, 16383]


@pytest.mark.parametrize("content, code", [
    (b"", "datei-leer"),
    (b"Datum;Stelle\n", "datei-kein-excel"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "datei-kein-excel"),
    (b"PK\x03\x04" + b"\x00" * 100, "datei-beschaedigt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "datei-altformat"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"),
     "datei-verschluesselt"),
])
def test_not_a_workbook(tmp_path, content, code):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    assert codes(path) == [code]


def test_xlsb_and_encrypted_members(tmp_path):
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.bin", b"\x00")
    assert codes(path) == ["datei-altformat"]


def test_declared_size_must_match_the_real_size(workbook):
    lie_about_size(workbook, "xl/styles.xml", 10)
    assert codes(workbook) == ["datei-beschaedigt"]


def test_ratio_and_total_limits(tmp_path, monkeypatch):
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (21 * 1024**2))
    assert codes(path) == ["datei-zu-gross"]
    monkeypatch.setattr(package_check, "RATIO_FLOOR_BYTES", 10**12)
    assert codes(path) == []
    monkeypatch.setattr(package_check, "MAX_TOTAL_BYTES", 1024**2)
    assert codes(path) == ["datei-zu-gross"]


def test_dtd_only_in_the_prologue_counts(tmp_path, workbook):
    text = b"<!DOCTYPE is fine as text inside a cell"
    ok = rewrite_parts(workbook, tmp_path / "ok.xlsx", lambda n, d: d.replace(
        b"</sheetData>", b'<row r="9"><c r="A9" t="inlineStr"><is><t>' + text.replace(b"<", b"&lt;")
        + b"</t></is></c></row></sheetData>") if n == "xl/worksheets/sheet1.xml" else d)
    assert codes(ok) == []
    bad = rewrite_parts(workbook, tmp_path / "bad.xlsx", lambda n, d: b'<!DOCTYPE r [<!ENTITY e "x">]>'
                        + d if n == "xl/styles.xml" else d)
    assert codes(bad) == ["datei-xml-angriff"]


def test_shared_string_count_must_fit_the_part(tmp_path):
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/sharedStrings.xml", b'<sst count="5" uniqueCount="99999"><si><t>a</t></si></sst>')
    assert codes(path) == ["datei-beschaedigt"]


def scan(path):
    scans, findings = scan_sheets(path, path.name)
    assert findings == []
    return scans["März"]


def test_scan_finds_error_values_formulas_and_hidden_rows(workbook):
    replace_cell(workbook, "H2", b'<c r="H2" t="e"><v>#DIV/0!</v></c>')
    replace_cell(workbook, "H3", b'<c r="H3"><f>SUM(A1:A2)</f><v></v></c>')
    replace_cell(workbook, "J3", b'<c r="J3" t="str"><f>IF(A3="","","x")</f><v></v></c>')  # cached ""
    rewrite_parts(workbook, workbook.with_name("h.xlsx"), lambda n, d: d.replace(
        b'<row r="3"', b'<row r="3" hidden="1"') if n.endswith("sheet1.xml") else d)
    result = scan(workbook.with_name("h.xlsx"))
    assert result.cells == {(2, 7): ("fehlerwert", "#DIV/0!"), (3, 7): ("formel-ohne-wert", "=SUM(A1:A2)")}
    assert result.hidden_rows == {3}
    assert (result.first_row, result.last_row, result.first_col, result.last_col) == (1, 3, 0, 9)


def test_scan_box_follows_cells_without_references(tmp_path, workbook):
    rows = b'<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row><c><v>2</v></c></row>'
    path = rewrite_parts(workbook, tmp_path / "ohne_r.xlsx", lambda n, d: d.replace(
        d[d.index(b"<sheetData>"):d.index(b"</sheetData>") + 12], b"<sheetData>" + rows + b"</sheetData>")
        if n.endswith("sheet1.xml") else d)
    result = scan(path)
    assert (result.first_row, result.last_row, result.first_col, result.last_col) == (1, 2, 0, 1)
    assert result.box_cells == 4


def test_scan_refuses_an_endless_row(tmp_path, workbook, monkeypatch):
    monkeypatch.setattr(package_check, "MAX_ROW_BYTES", 1000)
    monkeypatch.setattr(package_check, "CHUNK", 256)
    path = rewrite_parts(workbook, tmp_path / "lang.xlsx", lambda n, d: d.replace(
        b"</sheetData>", b'<row r="99">' + b"<c/>" * 1000 + b"</row></sheetData>")
        if n.endswith("sheet1.xml") else d)
    scans, _ = scan_sheets(path, path.name)
    assert scans["März"].error


@pytest.mark.parametrize("chunk", [256, package_check.CHUNK])
@pytest.mark.parametrize("numpy_from", [0, xml_scan.NUMPY_FROM_BYTES])
def test_prefixed_sheet_scans_like_the_plain_one(tmp_path, monkeypatch, chunk, numpy_from):
    """<x:row>, <x:c>: the same rows, cells, findings and area, in small and large chunks, on the
    fast and on the cell-by-cell path (a row without reference)."""
    rows = [["Titel"], [], HEADER, *[entry(d) for d in range(3, 30)]]
    plain = write_xlsx(tmp_path / "plain.xlsx", {"März": rows, "Leer": []})
    replace_cell(plain, "H5", b'<c r="H5" t="e"><v>#DIV/0!</v></c>')
    replace_cell(plain, "H6", b'<c r="H6"><f>SUM(A1:A2)</f></c>')
    plain = rewrite_parts(plain, tmp_path / "plain2.xlsx", lambda n, d: d.replace(
        b'<row r="9"', b'<row r="9" hidden="1"').replace(b'<row r="30">', b"<row>")
        if n.endswith("sheet1.xml") else d)
    prefixed = prefixed_copy(plain, tmp_path / "x.xlsx")
    monkeypatch.setattr(package_check, "CHUNK", chunk)
    monkeypatch.setattr(package_check, "MAX_ROW_BYTES", 4096)  # the whole sheet is larger
    monkeypatch.setattr(xml_scan, "NUMPY_FROM_BYTES", numpy_from)
    expected = scan(plain)
    assert expected.error is None and expected.hidden_rows == {9}
    assert expected.cells == {(5, 7): ("fehlerwert", "#DIV/0!"), (6, 7): ("formel-ohne-wert", "=SUM(A1:A2)")}
    assert (expected.first_row, expected.last_row, expected.box_cells) == (1, 30, 300)
    assert scan(prefixed) == expected
    assert quick_box_cells(prefixed) == quick_box_cells(plain)


SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize("damage", ids=["no-relationships", "workbook-not-xml"], argvalues=[
    lambda n, d: None if n == "xl/_rels/workbook.xml.rels" else d,  # a missing part
    lambda n, d: b"<workbook><sheets>" if n == "xl/workbook.xml" else d,  # ParseError
])
def test_scan_reports_a_damaged_structure(tmp_path, workbook, damage):
    path = rewrite_parts(workbook, tmp_path / "kaputt.xlsx", damage)
    scans, findings = scan_sheets(path, path.name)
    assert scans == {} and [f.code for f in findings] == ["datei-beschaedigt"]
    assert quick_box_cells(path) is None


@pytest.mark.parametrize("damage", ids=["crc", "patched-data"], argvalues=[
    lambda p: p.write_bytes(p.read_bytes().replace(b"<v>45719</v>", b"<v>45718</v>")),  # BadZipFile
    lambda p: patch_zip_header(p, SHEET, central={8: b"\x20\x00"}),  # NotImplementedError
])
def test_scan_refuses_a_damaged_sheet(tmp_path, workbook, damage):
    path = tmp_path / "kaputt.xlsx"
    with zipfile.ZipFile(workbook) as old, zipfile.ZipFile(path, "w") as new:  # stored, not deflated
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
    damage(path)
    scans, findings = scan_sheets(path, path.name)
    assert findings == [] and scans["März"].error
    assert quick_box_cells(path) is None


def test_a_bug_in_the_scan_is_raised_not_reported(workbook, monkeypatch):
    def broken(*args):
        raise TypeError("a bug")

    monkeypatch.delenv("KIBERICHT_OHNE_ABKUERZUNGEN", raising=False)  # the fast scan and quick bound too
    monkeypatch.setattr(xml_scan, "_scan_rows_fast", broken)
    with pytest.raises(TypeError, match="a bug"):
        scan_sheets(workbook, workbook.name)
    monkeypatch.setattr(xml_scan, "_sheet_parts", broken)
    with pytest.raises(TypeError, match="a bug"):
        scan_sheets(workbook, workbook.name)
    with pytest.raises(TypeError, match="a bug"):
        quick_box_cells(workbook)
