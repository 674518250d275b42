"""A table on a report sheet laid out on its printed pages (`ausgabe.blaetter.tabelle`): wherever
on a page it starts, a table that fits a page stays whole, a longer one keeps its title, header
and first two rows together, repeats its header on every further page and ends with at least two
rows; a page of rows never holds more than the page."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from xlsxwriter import Workbook

from kibericht.ausgabe.blaetter.tabelle import MIN_ZEILEN, tabelle
from kibericht.ausgabe.satz import ZEILE, Satz
from kibericht.ausgabe.zellformate import Formats

TITEL = "Stunden je Tätigkeit"


def _frame(n: int) -> pd.DataFrame:
    # every seventh name long enough to wrap: rows of different heights
    namen = [f"Tätigkeit {i}" + (" mit einem langen Namen, der umbricht" if i % 7 == 3 else "")
             for i in range(n)]
    return pd.DataFrame({"Tätigkeit": namen, "Stunden": [float(i) for i in range(n)]})


def _gesetzt(tmp_path, vorher: int, n: int, drucktitel: bool = False):
    """A sheet with `vorher` rows of text and then a table of `n` rows; its pages as the rows
    (1-based) on each, and the sheet read back."""
    pfad = tmp_path / f"t{vorher}_{n}.xlsx"
    wb = Workbook(str(pfad))
    fmt = Formats(wb)
    s = Satz(wb.add_worksheet("Blatt"), [24.0, 12.0])
    for i in range(vorher):
        s.ws.write_string(s.zeile(), 0, f"Zeile {i}")
    tabelle(s, fmt, _frame(n), TITEL, drucktitel=drucktitel)
    seite = s.seite
    s.fertig()
    wb.close()
    ws = openpyxl.load_workbook(pfad)["Blatt"]
    grenzen = [0, *sorted(b.id for b in ws.row_breaks.brk), s.naechste]
    return seite, [list(range(a + 1, b + 1)) for a, b in zip(grenzen, grenzen[1:], strict=False)], ws


def _hoehe(ws, r):
    h = ws.row_dimensions[r].height
    return 15.0 if h is None else h


@pytest.mark.parametrize("n", [3, 12, 24, 29, 30, 31, 60, 95])
def test_wherever_a_table_starts_no_page_holds_a_lone_row(tmp_path, n):
    pro_seite = 30  # about the rows of one line a landscape page holds at this scale
    for vorher in range(0, pro_seite + 2, 2):
        seite, seiten, ws = _gesetzt(tmp_path, vorher, n)
        teile = []
        for rows in seiten:
            assert sum(_hoehe(ws, r) for r in rows) <= seite
            werte = [ws.cell(r, 1).value for r in rows]
            koerper = [w for w in werte if isinstance(w, str) and w.startswith("Tätigkeit ")]
            if TITEL in werte or koerper:
                teile.append((werte, koerper))
        assert sum(len(k) for _, k in teile) == n, vorher  # every row once
        ganz = ZEILE * (n + 3) < seite  # title, header and rows fit a page (the rows of one line)
        if ganz:
            assert len(teile) == 1, (vorher, n)
        for i, (werte, koerper) in enumerate(teile):
            assert len(koerper) >= min(MIN_ZEILEN, n), (vorher, n, i)
            assert "Tätigkeit" in werte, (vorher, n, i)  # the header row, on every page of the table
            if i == 0:
                assert werte.index(TITEL) + 1 == werte.index("Tätigkeit"), (vorher, n)
            else:
                assert TITEL not in werte and werte[0] == "Tätigkeit", (vorher, n, i)


def test_a_table_ending_the_sheet_repeats_its_header_as_print_titles(tmp_path):
    _, seiten, ws = _gesetzt(tmp_path, 5, 95, drucktitel=True)
    assert len(seiten) >= 3
    kopf = next(r for r in seiten[0] if ws.cell(r, 1).value == "Tätigkeit")
    assert ws.print_title_rows == f"${kopf}:${kopf}"
    # the header is written once; every further page gets it as print titles
    assert [ws.cell(r, 1).value for rows in seiten for r in rows].count("Tätigkeit") == 1
