"""Cell formats of the report workbook (XlsxWriter), and how a cell is written.

Numbers stay numbers with German-style formats (Excel shows `1.234,50` and `58,7 %` in a
German locale), right-aligned under a right-aligned heading, and so does a figure kept secret
(„.“); text from the input is always written as a string, never as a formula. How tables are
laid out on the printed page is `blaetter.tabelle`'s.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kibericht.ausgabe.satz import SCHRIFT

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


# kinds of number: right-aligned, with their heading
ZAHLEN = ("stunden", "prozent", "euro", "ganzzahl", "vza", "zahl")


class Formats:
    """The workbook's formats, created once."""

    def __init__(self, wb: Workbook):
        base = {**SCHRIFT, "valign": "top"}
        self.text = wb.add_format(base)
        self.wrap = wb.add_format({**base, "text_wrap": True})
        # titles and notes stand across a sheet's width (merged), wrapped where longer
        self.title = wb.add_format({**base, "bold": True, "font_size": 15, "font_color": "#1f4e79",
                                    "text_wrap": True})
        self.subtitle = wb.add_format({**base, "bold": True, "font_size": 11, "text_wrap": True})
        self.note = wb.add_format({**base, "italic": True, "font_color": "#555555"})
        self.note_wrap = wb.add_format({**base, "italic": True, "font_color": "#555555", "text_wrap": True})
        kopf = {**base, "bold": True, "bg_color": "#dbe5f1", "border": 1, "text_wrap": True,
                "valign": "vcenter"}
        self.header = wb.add_format(kopf)
        # the heading of a column of numbers stands right, above its numbers
        self.header_rechts = wb.add_format({**kopf, "align": "right"})
        self.label = wb.add_format({**base, "bold": True})
        status = {**base, "bold": True, "text_wrap": True, "indent": 1, "align": "left"}
        self.ok = wb.add_format({**status, "font_color": "#1b5e20", "bg_color": "#c8e6c9"})
        self.fail = wb.add_format({**status, "font_color": "#b71c1c", "bg_color": "#ffcdd2"})
        self.neutral = wb.add_format({**status, "bg_color": "#eeeeee"})
        self.absatz = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.strich = wb.add_format({**base, "align": "right"})
        self.linie = wb.add_format({**base, "top": 1, "font_size": 9})
        self.kinds = {
            "stunden": wb.add_format({**base, "num_format": HOURS}),
            "prozent": wb.add_format({**base, "num_format": PERCENT}),
            "euro": wb.add_format({**base, "num_format": EURO}),
            "datum": wb.add_format({**base, "num_format": DATE, "align": "center"}),
            "ganzzahl": wb.add_format({**base, "num_format": INTEGER}),
            "vza": wb.add_format({**base, "num_format": VZA}),
            "zahl": wb.add_format({**base, "num_format": HOURS}),
            "text": self.text,
            # a file's path (sheets Daten, Nicht gezählt): shrunk where longer than its column,
            # never cut by the cell beside it
            "datei": wb.add_format({**base, "shrink": True}),
        }
        self.total_kinds = {k: wb.add_format({**base, "bold": True, "top": 1,
                                              "num_format": f.num_format if hasattr(f, "num_format")
                                              else "General"})
                            for k, f in self.kinds.items()}
        # a figure kept secret („.“, public version) stands where its number would: right
        self.geheim = wb.add_format({**base, "align": "right"})
        self.geheim_summe = wb.add_format({**base, "align": "right", "bold": True, "top": 1})
        # text right of a column of numbers keeps a gap to them (an indent counts only with an
        # explicit alignment: spreadsheet programs ignore it under „general“)
        self.header_einzug = wb.add_format({**kopf, "indent": 1})
        self.text_einzug = wb.add_format({**base, "text_wrap": True, "indent": 1, "align": "left"})

    def kopf(self, kind: str, nach_zahlen: bool = False):
        """The format of a column heading: right-aligned above numbers, else left (`nach_zahlen`:
        indented, right of a column of numbers)."""
        if kind in ZAHLEN:
            return self.header_rechts
        return self.header_einzug if nach_zahlen else self.header

    def zelle(self, kind: str, value, summe: bool = False, umbruch: bool = False,
              nach_zahlen: bool = False):
        """The format of a table cell of this kind holding `value` (in the Summe row; text that
        wraps: `umbruch`; text right of a column of numbers: `nach_zahlen`)."""
        if kind in ZAHLEN and isinstance(value, str) and value.strip() in (".", "–"):
            return self.geheim_summe if summe else self.geheim
        if summe:
            return self.total_kinds[kind]
        if kind == "text" and nach_zahlen:
            return self.text_einzug
        if umbruch and kind == "text":
            return self.wrap
        return self.kinds[kind]


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
                autofilter: bool = False) -> int:
    """Write a frame with a header row at `row`, every row after it; returns the next free row
    (one left empty). A report sheet lays its tables out with `blaetter.tabelle` instead, which
    also sets row heights and page breaks; this is for a sheet of one table (`Daten`)."""
    kinds = kinds or {}
    columns = list(frame.columns)
    col_kinds = [kinds.get(c, kind_of(str(c))) for c in columns]
    for j, c in enumerate(columns):
        ws.write_string(row, j, str(c), fmt.kopf(col_kinds[j]))
    values = frame.to_numpy(dtype=object)
    for i, record in enumerate(values):
        summe = total_row and i == len(values) - 1
        for j, value in enumerate(record):
            write_cell(ws, row + 1 + i, j, value, fmt.zelle(col_kinds[j], value, summe))
    if autofilter and columns:
        ws.autofilter(row, 0, row + len(values), len(columns) - 1)
    return row + len(values) + 2
