"""Write the `Daten` sheet (one row per entry) fast: column by column instead of cell by cell.

    >>> next_row = write_data_table(ws, fmt, 0, frame, kinds={"Stunden": "stunden"})  # doctest: +SKIP

`write_table` (`zellformate`) makes one XlsxWriter call per cell: about 8 s per 100,000 entries,
and XlsxWriter keeps every cell as an object until the workbook is closed. Here the header is
written through XlsxWriter as usual; the rows are kept as a few arrays per column (text as indexes
into the workbook's shared-strings table, numbers and dates as floats) and turned into sheet XML
chunk by chunk when XlsxWriter assembles the sheet. The cells are the same as `write_table`
writes (same formats, text always as text, never as a formula), and the output is deterministic.

That needs a few XlsxWriter internals, all in `xlsx_intern`; without them (a later XlsxWriter),
and with `KIBERICHT_OHNE_ABKUERZUNGEN=1`, the cells are written one by one through XlsxWriter's
public API: slower, the same cells (tests/test_report_daten.py proves it on generated tables).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from kibericht.ausgabe import xlsx_intern
from kibericht.ausgabe.zellformate import Formats, kind_of, write_cell

CHUNK_ROWS = 50_000


@dataclass
class _Column:
    """One column as cell XML: cell i is `<c r="{letter}{row}"` + middle[i], or a blank cell
    with the column's format where `blank` is set."""

    letter: str
    blank: np.ndarray  # bool
    middle: np.ndarray  # object: the attributes after r="…" and the value, up to </c>
    style: int


def _per_value(values: np.ndarray, render) -> tuple[np.ndarray, int]:
    """(render(value) for each cell, called once per distinct value; how many distinct)."""
    codes, uniques = pd.factorize(values)
    rendered = np.array([render(u) for u in uniques] + [""], dtype=object)
    return rendered[codes], len(uniques)


def _column(ws: Worksheet, j: int, series: pd.Series, cell_format) -> _Column:
    style = xlsx_intern.style_index(cell_format)

    def number(x) -> str:
        return f' s="{style}"><v>{float(x):.16G}</v></c>'

    def text(x) -> str:
        # a shared string: always text, never a formula; cut at Excel's limit as XlsxWriter does
        return f' s="{style}" t="s"><v>{xlsx_intern.string_index(ws, str(x))}</v></c>'

    def date(x) -> str:
        return number(xlsx_intern.date_number(ws, _as_datetime(x)))

    n = len(series)
    middle = np.full(n, "", dtype=object)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        blank = series.isna().to_numpy()
        middle[~blank] = _per_value(series.to_numpy()[~blank], lambda x: date(pd.Timestamp(x)))[0]
    elif pd.api.types.is_bool_dtype(series.dtype):
        blank = np.zeros(n, dtype=bool)
        middle[:], distinct = _per_value(np.where(series.to_numpy(dtype=bool), "ja", "nein"), text)
        xlsx_intern.count_string_cells(ws, n - distinct)
    elif pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=float)
        blank = np.isnan(values)
        middle[~blank] = _per_value(values[~blank], number)[0]
    else:
        values = series.to_numpy(dtype=object)
        blank = pd.isna(values)
        is_text = np.equal(_type_of(values), str) & ~blank
        middle[is_text], distinct = _per_value(values[is_text], text)
        xlsx_intern.count_string_cells(ws, int(is_text.sum()) - distinct)
        for i in np.flatnonzero(~blank & ~is_text):  # a number, date or yes/no in a text column
            middle[i] = _single_cell(values[i], number, date, text)
    return _Column(xl_col_to_name(j), blank, middle, style)


_type_of = np.frompyfunc(type, 1, 1)


def _single_cell(value, number, date, text) -> str:
    """A cell as `write_cell` writes it, for the odd value in a text column."""
    if isinstance(value, bool):
        return text("ja" if value else "nein")
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return date(value)
    return text(value)


def _as_datetime(value) -> dt.datetime:
    """A date or time stamp as `write_cell` hands it to XlsxWriter: a datetime."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value


def _rows_xml(columns: list[_Column], first_row: int, start: int, stop: int) -> str:
    """Sheet XML of the data rows start..stop-1 (0-based within the table).

    Row i is `<row r="N"><c r="AN"…<c r="BN"…</row>`; its pieces (fixed text, row number, each
    cell's rest) are laid into one list side by side and joined once: the string operations run
    in C, not once per cell in Python."""
    n = stop - start
    numbers = np.arange(first_row + start + 1, first_row + stop + 1).astype(str).tolist()
    per_row = 3 + 4 * len(columns)
    pieces: list[str | None] = [None] * (n * per_row)
    pieces[0::per_row] = ['<row r="'] * n
    pieces[1::per_row] = numbers
    for k, col in enumerate(columns):
        at = 2 + 4 * k
        pieces[at::per_row] = [('">' if k == 0 else "") + f'<c r="{col.letter}'] * n
        pieces[at + 1::per_row] = numbers
        pieces[at + 2::per_row] = ['"'] * n
        pieces[at + 3::per_row] = np.where(col.blank[start:stop], f' s="{col.style}"/>',
                                           col.middle[start:stop]).tolist()
    pieces[per_row - 1::per_row] = ["</row>" if columns else '"></row>'] * n
    return "".join(pieces)


def write_data_table(ws: Worksheet, fmt: Formats, row: int, frame: pd.DataFrame,
                     kinds: dict[str, str] | None = None, autofilter: bool = True) -> int:
    """Like `write_table(ws, fmt, row, frame, kinds, autofilter=...)` for a long table of
    entries: the same header, cells and formats, written column-wise. Returns the next free row.

    The rows are appended to the sheet's XML after any cells written through XlsxWriter, so
    nothing may be written below `row` in this sheet afterwards (widths, freeze panes and the
    autofilter may be set as usual)."""
    kinds = kinds or {}
    names = list(frame.columns)
    arten = [kinds.get(name, kind_of(str(name))) for name in names]
    for j, name in enumerate(names):
        ws.write_string(row, j, str(name), fmt.kopf(arten[j]))
    n = len(frame)
    if not n:
        return row + 2
    formats = [fmt.kinds[art] for art in arten]
    if xlsx_intern.nutzbar(ws):
        columns = [_column(ws, j, frame.iloc[:, j], formats[j]) for j in range(len(names))]
        _append_rows(ws, columns, row + 1, n)
    else:
        _write_cells(ws, row + 1, frame, formats)
    if autofilter and names:
        ws.autofilter(row, 0, row + n, len(names) - 1)
    return row + n + 2


def _append_rows(ws: Worksheet, columns: list[_Column], first_row: int, n: int) -> None:
    """Have XlsxWriter write these rows after its own when it assembles the sheet."""

    def write_xml(write) -> None:
        for start in range(0, n, CHUNK_ROWS):
            write(_rows_xml(columns, first_row, start, min(start + CHUNK_ROWS, n)))

    xlsx_intern.append_rows(ws, first_row + n - 1, len(columns) - 1, write_xml)


def _write_cells(ws: Worksheet, first_row: int, frame: pd.DataFrame, formats: list) -> None:
    """The public API's way: one XlsxWriter call per cell, as `write_table` does."""
    for i, record in enumerate(frame.to_numpy(dtype=object)):
        for j, value in enumerate(record):
            write_cell(ws, first_row + i, j, value, formats[j])
