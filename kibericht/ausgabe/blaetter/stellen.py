"""The sheet „Stellen“ (internal version only): hours per Stelle with its Schwerpunkt share,
Soll/Ist hours per Stelle, and in an annual report Soll/Ist per Stelle and month.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Stellen"


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, s = mappe.fmt, mappe.teile.stellen
    row = ueberschrift(ws, mappe, texte.STELLEN)
    row = write_table(ws, fmt, row, s.stunden, total_row=True, wrap={"Bezeichnung": 32})
    for title, frame in s.soll_ist:
        ws.write_string(row, 0, title, fmt.subtitle)
        row = write_table(ws, fmt, row + 1, frame, wrap={"Bezeichnung": 32})
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 3, 13)
    ws.set_column(4, 9, 13)
    ws.freeze_panes(4, 1)
