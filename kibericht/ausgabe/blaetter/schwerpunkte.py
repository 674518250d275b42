"""The sheet „Schwerpunkte“: hours per Schwerpunkt with its title, Handlungsfeld and
Zieldimension; hours per Schwerpunkt and Stelle (public: per group of Stellen); hours per
Handlungsfeld and per Zieldimension.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Schwerpunkte"


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, s = mappe.fmt, mappe.teile.schwerpunkte
    row = ueberschrift(ws, mappe, texte.SCHWERPUNKTE)
    row = write_table(ws, fmt, row, s.schwerpunkte, total_row=True, wrap={"Titel": 48, "Zieldimension": 26})
    if s.matrix is not None:
        ws.write_string(row, 0, s.matrix_titel, fmt.subtitle)
        row = write_table(ws, fmt, row + 1, s.matrix, kinds={c: "stunden" for c in s.matrix.columns[1:]},
                          total_row=True)
    for title, table, label in ((texte.NACH_HANDLUNGSFELD, s.handlungsfelder, "Handlungsfeld"),
                                (texte.NACH_ZIELDIMENSION, s.zieldimensionen, "Zieldimension")):
        ws.write_string(row, 0, title, fmt.subtitle)
        row = write_table(ws, fmt, row + 1, table, total_row=True, wrap={label: 18})
    fussnote(ws, mappe, row)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3, 26)
    ws.set_column(4, 12, 12)
    ws.freeze_panes(4, 1)
