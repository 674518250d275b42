"""The totals of the report's tables: Summe rows and columns, count tables, the largest columns of
a chart."""

from __future__ import annotations

import pandas as pd

from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.tabellen import anzahl_tabelle, groesste_spalten, mit_summen, mit_summenzeile


def _zeilen(frame: pd.DataFrame) -> list[list]:
    return [[None if isinstance(v, float) and v != v else v for v in row] for row in frame.values.tolist()]


def test_a_summe_row_sums_the_numbers_and_leaves_text_empty():
    frame = pd.DataFrame({"Stelle": ["FK1", "FK2"], "Art": ["Fachkraft", "Lehrkraft"],
                          "Stunden": [2.25, 1.5], "Einträge": [3, 1]})
    table = mit_summenzeile(frame, "Stelle", "Summe")
    assert _zeilen(table)[-1] == ["Summe", "", 3.75, 4]
    assert len(table) == 3 and list(table.columns) == list(frame.columns)


def test_a_matrix_gets_its_label_column_and_both_sums():
    matrix = pd.DataFrame({"2025-01": [1.0, 0.5], "2025-02": [2.0, 0.0]}, index=["SP1", "ohne"])
    table = mit_summen(matrix, "Schwerpunkt", "Summe", ["Jan", "Feb"])
    assert list(table.columns) == ["Schwerpunkt", "Jan", "Feb", "Summe"]
    assert _zeilen(table) == [["SP1", 1.0, 2.0, 3.0], ["ohne", 0.5, 0.0, 0.5], ["Summe", 1.5, 2.0, 3.5]]
    # the matrix itself is left as it was
    assert list(matrix.columns) == ["2025-01", "2025-02"]


def test_a_count_table_leaves_out_empty_rows_and_an_empty_column_without_schwerpunkt():
    matrix = pd.DataFrame({"SP1": [2, 0, 0], "SP2": [0, 0, 0], OHNE_SCHWERPUNKT: [0, 0, 0]},
                          index=["Beratung", "Sonstiges", "Verwaltung"])
    table = anzahl_tabelle(matrix, "Tätigkeit", "Summe")
    # SP2 stays (a Schwerpunkt without entries is worth seeing), „ohne Schwerpunkt“ goes
    assert list(table.columns) == ["Tätigkeit", "SP1", "SP2", "Summe"]
    assert _zeilen(table) == [["Beratung", 2, 0, 2], ["Summe", 2, 0, 2]]
    matrix[OHNE_SCHWERPUNKT] = [0, 0, 3]
    table = anzahl_tabelle(matrix, "Tätigkeit", "Summe")
    assert list(table.columns) == ["Tätigkeit", "SP1", "SP2", OHNE_SCHWERPUNKT, "Summe"]
    assert _zeilen(table) == [["Beratung", 2, 0, 0, 2], ["Verwaltung", 0, 0, 3, 3], ["Summe", 2, 0, 3, 5]]


def test_the_largest_columns_and_the_rest_summed():
    matrix = pd.DataFrame({"A": [1.0, 0.0], "B": [5.0, 1.0], "C": [0.0, 0.0], "D": [2.0, 2.0],
                           "E": [0.5, 0.0]})
    # C has no hours: never a bar; with room for all, the order of the columns stays
    assert list(groesste_spalten(matrix, 4, "übrige ({})").columns) == ["A", "B", "D", "E"]
    kept = groesste_spalten(matrix, 3, "übrige ({})")
    # the two largest (B 6, D 4) and the rest (A 1, E 0.5) in one column named with their number
    assert list(kept.columns) == ["B", "D", "übrige (2)"]
    assert kept["übrige (2)"].tolist() == [1.5, 0.0]
