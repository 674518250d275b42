"""`RawSheet`: the cells of one worksheet as read, before anything interprets them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kibericht.befunde import Code


@dataclass
class RawSheet:
    """The cells of one worksheet as read, with the offset of its first row and column."""

    datei: str
    blatt: str
    rows: list[list[Any]]  # the cells as the reader gives them (text, number, date, time, bool, None)
    erste_zeile: int  # Excel row number (1-based) of rows[0]
    erste_spalte: int  # 0-based column index of rows[i][0]
    ausgeblendet: bool = False
    ausgeblendete_zeilen: frozenset[int] = frozenset()
    # (Excel row, 0-based column) -> ("fehlerwert", "#DIV/0!") or ("formel-ohne-wert", "=A1+A2")
    zellbefunde: dict[tuple[int, int], tuple[Code, str]] = field(default_factory=dict)
    # merged areas: (first Excel row, first column, last Excel row, last column), columns 0-based
    verbundene_zellen: tuple[tuple[int, int, int, int], ...] = ()
    ist_csv: bool = False  # the one "sheet" of a CSV file: every cell is text
