"""Cell formats and generic table writing for the report workbook (XlsxWriter).

Numbers stay numbers with German-style formats (Excel shows `1.234,50` and `58,7 %` in a
German locale); text from the input is always written as a string, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

HOURS = "#,##0.00"
PERCENT = "0.0%"
EURO = '#,##0.00 "€"'
INTEGER = "#,##0"
DATE = "dd.mm.yyyy"
VZA = "0.00"

KIND_OF_HEADING = [
    ("Anteil", "prozent"), ("anteil", "prozent"), ("Quote", "prozent"), ("%", "prozent"),
    ("€", "euro"), ("Pauschale", "euro"), ("Anspruch", "euro"), ("Höchstbetrag", "euro"),
    ("förderfähig", "euro"), ("Betrag", "euro"), ("Überschreitung", "euro"),
    ("Datum", "datum"), ("Stichtag", "datum"), ("VZÄ", "vza"),
    ("Einträge", "ganzzahl"), ("Teilnehmende", "ganzzahl"), ("Zeile", "ganzzahl"),
    ("Anzahl", "ganzzahl"), ("Ist (Anzahl)", "ganzzahl"), ("mindestens", "ganzzahl"),
    ("höchstens", "ganzzahl"),
    ("Stunden", "stunden"), ("Soll", "stunden"), ("Ist", "stunden"), ("Differenz", "stunden"),
]


class Formats:
    """The workbook's formats, created once."""

    def __init__(self, wb: Workbook):
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.text = wb.add_format(base)
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.title = wb.add_format({**base, "bold": True, "font_size": 15, "font_color": "#1f4e79"})
        self.subtitle = wb.add_format({**base, "bold": True, "font_size": 11})
        self.note = wb.add_format({**base, "italic": True, "font_color": "#555555"})
        self.note_wrap = wb.add_format({**base, "italic": True, "font_color": "#555555", "text_wrap": True})
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#dbe5f1", "border": 1,
                                     "text_wrap": True, "valign": "vcenter"})
        self.label = wb.add_format({**base, "bold": True})
        self.ok = wb.add_format({**base, "bold": True, "font_color": "#1b5e20", "bg_color": "#c8e6c9"})
        self.fail = wb.add_format({**base, "bold": True, "font_color": "#b71c1c", "bg_color": "#ffcdd2"})
        self.neutral = wb.add_format({**base, "bold": True, "bg_color": "#eeeeee"})
        self.absatz = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.strich = wb.add_format({**base, "align": "right"})
        self.linie = wb.add_format({**base, "top": 1, "font_size": 9})
        self.header_links = wb.add_format({**base, "bold": True, "bg_color": "#dbe5f1", "border": 1,
                                           "text_wrap": True, "valign": "vcenter", "align": "left"})
        self.kinds = {
            "stunden": wb.add_format({**base, "num_format": HOURS}),
            "prozent": wb.add_format({**base, "num_format": PERCENT}),
            "euro": wb.add_format({**base, "num_format": EURO}),
            "datum": wb.add_format({**base, "num_format": DATE, "align": "left"}),
            "ganzzahl": wb.add_format({**base, "num_format": INTEGER}),
            "vza": wb.add_format({**base, "num_format": VZA}),
            "zahl": wb.add_format({**base, "num_format": HOURS}),
            "text": self.text,
        }
        self.total_kinds = {k: wb.add_format({**base, "bold": True, "top": 1,
                                              "num_format": f.num_format if hasattr(f, "num_format")
                                              else "General"})
                            for k, f in self.kinds.items()}


def kind_of(heading: str) -> str:
    for word, kind in KIND_OF_HEADING:
        if word in heading:
            return kind
    return "text"


def write_cell(ws: Worksheet, row: int, col: int, value, fmt) -> None:
    """Write one value by its Python type; strings always as strings (never formulas)."""
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "ja" if value else "nein", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def write_table(ws: Worksheet, fmt: Formats, row: int, frame: pd.DataFrame,
                kinds: dict[str, str] | None = None, total_row: bool = False,
                widths: dict[int, float] | None = None, autofilter: bool = False,
                wrap: dict[str, float] | None = None) -> int:
    """Write a frame with a header row at `row`; returns the next free row.

    With `total_row`, the last row of the frame is set in bold as the Summe row; text columns
    named in `wrap` (column → its width in characters) wrap their text instead of running over
    the next cells, and their rows get the height of the longest text (spreadsheet programs do
    not grow rows written by XlsxWriter themselves)."""
    wrap = wrap or {}
    kinds = kinds or {}
    columns = list(frame.columns)
    col_kinds = [kinds.get(c, kind_of(str(c))) for c in columns]
    lines = max([str(c).count("\n") + 1 + (len(str(c)) > 14) for c in columns] or [1])
    if lines > 1:
        ws.set_row(row, 13.5 * lines)  # room for wrapped headings
    for j, c in enumerate(columns):
        ws.write_string(row, j, str(c), fmt.header)
        if widths is not None:
            widths[j] = max(widths.get(j, 0), min(len(str(c)) + 2, 60))
    first_data = row + 1
    values = frame.to_numpy(dtype=object)
    wrap_at = [(j, wrap[c]) for j, c in enumerate(columns) if c in wrap]
    for i, record in enumerate(values):
        is_total = total_row and i == len(values) - 1
        lines = max([zeilen(record[j], width) for j, width in wrap_at] or [1])
        if lines > 1:
            ws.set_row(first_data + i, 12.75 * lines)
        for j, value in enumerate(record):
            kind = col_kinds[j]
            if is_total:
                cell_fmt = fmt.total_kinds[kind]
            elif kind == "text" and columns[j] in wrap:
                cell_fmt = fmt.wrap
            else:
                cell_fmt = fmt.kinds[kind]
            write_cell(ws, first_data + i, j, value, cell_fmt)
            if widths is not None:
                shown = len(str(value)) if kind == "text" else 12
                widths[j] = max(widths.get(j, 0), min(shown + 2, 60))
    if autofilter and columns:
        ws.autofilter(row, 0, row + len(values), len(columns) - 1)
    return first_data + len(values) + 1


def zeilen(value, width: float) -> int:
    """How many lines a wrapped text needs in a column `width` characters wide (estimated,
    at Arial 10 about 1,25 characters per unit of width)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 1
    per_line = max(int(width * 1.25) - 1, 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in str(value).split("\n"))
