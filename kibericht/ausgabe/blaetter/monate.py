"""The sheet „Monate“: the Schwerpunkt share month by month against the minimum (a monthly
report: since January); an annual report adds the hours per Schwerpunkt and month.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Monate"


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, m = mappe.fmt, mappe.teile.monate
    row = ueberschrift(ws, mappe, m.titel)
    row = write_table(ws, fmt, row, m.tabelle)
    if m.matrix is not None:
        ws.write_string(row, 0, texte.SCHWERPUNKT_JE_MONAT, fmt.subtitle)
        row = write_table(ws, fmt, row + 1, m.matrix, kinds={c: "stunden" for c in m.matrix.columns[1:]},
                          total_row=True)
    fussnote(ws, mappe, row)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 14, 11)
    ws.freeze_panes(4, 1)
