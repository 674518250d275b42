"""The cheap bound that lets calamine read while the exact scan runs agrees with the scan."""

from __future__ import annotations

import pytest

from kibericht import abkuerzungen
from kibericht.lesen import arbeitsmappe
from kibericht.lesen.arbeitsmappe import MAX_CELLS, read_workbook
from kibericht.lesen.xml_scan import quick_box_cells, scan_sheets
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import SPREADSHEETML, prefixed_copy, rewrite_parts, with_prefix


@pytest.fixture(autouse=True)
def mit_abkuerzungen(monkeypatch):
    """The quick bound and the reading meanwhile are shortcuts (see `abkuerzungen`)."""
    monkeypatch.delenv(abkuerzungen.SCHALTER, raising=False)


def test_quick_bound_is_never_below_the_exact_box(tmp_path):
    rows = [["Titel"], [], HEADER, *[entry(d) for d in range(3, 8)], [None] * 12 + ["weit rechts"]]
    path = write_xlsx(tmp_path / "a.xlsx", {"A": rows, "B": [HEADER]})
    bounds = quick_box_cells(path)
    scans, _ = scan_sheets(path, "a.xlsx")
    assert set(bounds) == set(scans) == {"A", "B"}
    for name, scan in scans.items():
        assert bounds[name] >= scan.box_cells
        assert bounds[name] <= MAX_CELLS


def test_huge_far_cell_is_refused_before_calamine(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [HEADER, entry(3)]:
        ws.append(row)
    ws["XFD1048576"] = "x"
    wb.save(tmp_path / "weit.xlsx")
    assert quick_box_cells(tmp_path / "weit.xlsx") is None  # multi-letter column: exact scan decides
    sheets, findings = read_workbook(tmp_path / "weit.xlsx")
    assert sheets == [] and [f.code for f in findings] == ["blatt-zu-gross"]


def far_cell(ref: str, prefix: bytes = b""):
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").encode()
    p = prefix + b":" if prefix else b""
    xml = (b"<" + p + b'row r="' + row + b'"><' + p + b'c r="' + ref.encode() + b'"><' + p + b"v>1</"
           + p + b"v></" + p + b"c></" + p + b"row></" + p + b"sheetData>")
    return lambda name, data: data.replace(b"</" + p + b"sheetData>", xml) if name.endswith("sheet1.xml") \
        else data


def test_prefixed_sheet_area_is_measured(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, entry(3), entry(4)]})
    copy = prefixed_copy(path, tmp_path / "x.xlsx")
    scans, findings = scan_sheets(copy, "x.xlsx")
    assert findings == [] and scans["A"].box_cells == 30
    assert quick_box_cells(copy) == {"A": 30}
    # a value far down column Z: the bound and the scan see it, calamine is never asked
    far = rewrite_parts(copy, tmp_path / "weit.xlsx", far_cell("Z1048576", b"x"))
    assert quick_box_cells(far) == {"A": 1048576 * 26}
    assert scan_sheets(far, "weit.xlsx")[0]["A"].box_cells == 1048576 * 26
    sheets, findings = read_workbook(far)
    assert sheets == [] and [f.code for f in findings] == ["blatt-zu-gross"]


@pytest.mark.parametrize("namespace", [SPREADSHEETML, b"http://purl.oclc.org/ooxml/spreadsheetml/main"])
def test_prefixed_sheet_with_a_value_in_the_last_cell_is_refused(tmp_path, namespace):
    path = write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, entry(3)]})
    path = rewrite_parts(path, tmp_path / "weit.xlsx", lambda n, d: with_prefix(d, b"x").replace(
        SPREADSHEETML, namespace) if n.endswith("sheet1.xml") else d)
    path = rewrite_parts(path, tmp_path / "weiter.xlsx", far_cell("XFD1048576", b"x"))
    assert scan_sheets(path, "weiter.xlsx")[0]["A"].box_cells == 1048576 * 16384
    sheets, findings = read_workbook(path)
    assert sheets == [] and [f.code for f in findings] == ["blatt-zu-gross"]


def test_rows_in_any_namespace_count_as_calamine_reads_them(tmp_path):
    """calamine matches element names without their namespace: <y:row> is a row to it."""
    path = write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, entry(3)]})
    foreign = (b'<y:row r="1048576" xmlns:y="urn:anything"><y:c r="Z1048576"><y:v>1</y:v></y:c></y:row>'
               b"</sheetData>")
    path = rewrite_parts(path, tmp_path / "fremd.xlsx", lambda n, d: d.replace(b"</sheetData>", foreign)
                         if n.endswith("sheet1.xml") else d)
    assert quick_box_cells(path) == {"A": 1048576 * 26}
    assert scan_sheets(path, "fremd.xlsx")[0]["A"].box_cells == 1048576 * 26
    sheets, findings = read_workbook(path)
    assert sheets == [] and [f.code for f in findings] == ["blatt-zu-gross"]


def test_a_bug_in_the_reading_thread_is_raised_not_reported(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, entry(3)]})
    monkeypatch.setattr(arbeitsmappe, "OVERLAP_FROM_BYTES", 0)  # read on the second thread

    def broken(*args):
        raise TypeError("a bug")

    monkeypatch.setattr(arbeitsmappe, "_read_sheet", broken)
    with pytest.raises(TypeError, match="a bug"):
        read_workbook(path)


@pytest.mark.parametrize("far", ids=["tab", "reference-not-first", "no-reference", "empty-prefix",
                                     "single-quotes", "blanks-around-equals", "quoted-greater-than",
                                     "lower-case", "four-letters", "reference-of-the-cell-before",
                                     "second-reference"],
                         argvalues=[
    b'<row r="1048576"><c\tr="Z1048576"><v>1</v></c></row>',
    b'<row r="1048576"><c t="n" r="Z1048576"><v>1</v></c></row>',
    b'<row r="1048576"><c r="A1048576"><v>1</v></c>' + b"<c><v>1</v></c>" * 30 + b"</row>",
    b'<:row r="1048576"><:c r="Z1048576"><:v>1</:v></:c></:row>',
    b"<row r='1048576'><c r='Z1048576'><v>1</v></c></row>",
    b'<row r = "1048576"><c r = "Z1048576"><v>1</v></c></row>',
    b'<row r="1048576"><c x="a>b" r="Z1048576"><v>1</v></c></row>',
    b'<row r="1048576"><c r="z1048576"><v>1</v></c></row>',
    b'<row r="1048576"><c r="AAAA1048576"><v>1</v></c></row>',
    b'<row r="1048576"><c r="A1"><v>1</v></c>' + b"<c><v>1</v></c>" * 30 + b"</row>",
    b'<row r="1048576"><c r="A1048576" r="XFD1048576"><v>1</v></c></row>',
])
def test_every_cell_calamine_places_counts(tmp_path, monkeypatch, far):
    """Cells written unusually (valid XML all the same) count where calamine places them; the
    quick bound is then None (the exact scan decides)."""
    path = write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, entry(3)]})
    path = rewrite_parts(path, tmp_path / "weit.xlsx", lambda n, d: d.replace(
        b"</sheetData>", far + b"</sheetData>") if n.endswith("sheet1.xml") else d)
    bound = quick_box_cells(path)
    box = scan_sheets(path, "weit.xlsx")[0]["A"].box_cells
    assert box > MAX_CELLS
    assert bound is None or bound["A"] >= box
    monkeypatch.setattr(arbeitsmappe, "OVERLAP_FROM_BYTES", 0)  # calamine could read on the second core
    sheets, findings = read_workbook(path)
    assert sheets == [] and [f.code for f in findings] == ["blatt-zu-gross"]
