"""The cheap bound that lets calamine read while the exact scan runs agrees with the scan."""

from __future__ import annotations

import pytest

from kibericht.lesen import arbeitsmappe
from kibericht.lesen.arbeitsmappe import MAX_CELLS, read_workbook
from kibericht.lesen.xml_scan import quick_box_cells, scan_sheets
from tests.conftest import HEADER, entry, write_xlsx


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


def test_a_bug_in_the_reading_thread_is_raised_not_reported(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "a.xlsx", {"A": [HEADER, entry(3)]})
    monkeypatch.setattr(arbeitsmappe, "OVERLAP_FROM_BYTES", 0)  # read on the second thread

    def broken(*args):
        raise TypeError("a bug")

    monkeypatch.setattr(arbeitsmappe, "_read_sheet", broken)
    with pytest.raises(TypeError, match="a bug"):
        read_workbook(path)
