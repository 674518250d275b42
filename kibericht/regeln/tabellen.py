"""The totals of the report's tables: frames in, frames out, no wording of their own.

The workbook, the PDF and the charts show tables of the aggregated figures with a Summe row, a
Summe column, or both; the sums are made here, once, so that `ausgabe/` only renders them. The
words a table shows (its column headings, „Summe“) are given by the caller.

    >>> import pandas as pd
    >>> mit_summenzeile(pd.DataFrame({"Stelle": ["FK1", "FK2"], "Stunden": [2.5, 1.0]}), "Stelle", "Summe")
      Stelle  Stunden
    0    FK1      2.5
    1    FK2      1.0
    2  Summe      3.5
"""

from __future__ import annotations

import pandas as pd

from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT


def mit_summenzeile(frame: pd.DataFrame, spalte: str, summe: str) -> pd.DataFrame:
    """`frame` with a last row holding the sum of each numeric column, `summe` in `spalte` and
    empty text in the other columns."""
    total = {c: frame[c].sum() if pd.api.types.is_numeric_dtype(frame[c]) else "" for c in frame}
    total[spalte] = summe
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def mit_summen(matrix: pd.DataFrame, spalte: str, summe: str,
               spaltennamen: list[str] | None = None) -> pd.DataFrame:
    """A matrix (rows: its index, columns: figures) as a table: the index as first column
    `spalte`, a Summe column of each row, and the Summe row. `spaltennamen` renames the figure
    columns (the sums do not change)."""
    zeilensummen = matrix.sum(axis=1)
    table = matrix.copy()
    if spaltennamen is not None:
        table.columns = spaltennamen
    table.insert(0, spalte, table.index)
    table[summe] = zeilensummen
    return mit_summenzeile(table.reset_index(drop=True), spalte, summe)


def anzahl_tabelle(matrix: pd.DataFrame, spalte: str, summe: str) -> pd.DataFrame:
    """Counts per row and column (Tätigkeit × Handlungsfeld or × Schwerpunkt) as a table with
    Summe column and Summe row: rows without any count are left out, and so is the column of
    work without a Schwerpunkt where it holds none."""
    table = matrix.copy()
    table = table.loc[:, [c for c in table.columns if table[c].sum() > 0 or c != OHNE_SCHWERPUNKT]]
    table[summe] = table.sum(axis=1)
    table = table[table[summe] > 0]
    table.insert(0, spalte, table.index)
    return mit_summenzeile(table.reset_index(drop=True), spalte, summe)


def groesste_spalten(matrix: pd.DataFrame, hoechstens: int, uebrige: str) -> pd.DataFrame:
    """At most `hoechstens` columns with a sum above zero: the largest, the rest summed in one
    column `uebrige.format(n)` (n: how many were summed), so that a chart stays readable for a
    Kreis with hundreds of Stellen."""
    totals = matrix.sum()
    totals = totals[totals > 0]
    if len(totals) <= hoechstens:
        return matrix[[c for c in matrix.columns if c in totals.index]]
    keep = [c for c in matrix.columns if c in totals.nlargest(hoechstens - 1).index]
    rest = [c for c in totals.index if c not in keep]
    out = matrix[keep].copy()
    out[uebrige.format(len(rest))] = matrix[rest].sum(axis=1)
    return out
