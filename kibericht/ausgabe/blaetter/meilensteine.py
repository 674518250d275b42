"""The sheet „Meilensteine“: every milestone of the year, countable or not, with what is due by
the Stichtag, what the logs count and its status.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, notiz, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Meilensteine"
BREITEN = (12, 6, 52, 15, 10, 9, 9, 6, 10, 16)


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    m = mappe.teile.meilensteine
    row = ueberschrift(ws, mappe, texte.meilensteine_blatt(m.jahr, m.stichtag))
    row = write_table(ws, mappe.fmt, row, m.tabelle, kinds={"Jahr": "text", "Soll bis Stichtag": "ganzzahl",
                                                           "Ist": "ganzzahl", "Stichtag": "datum"},
                      wrap={"Meilenstein": BREITEN[2], "Status": BREITEN[-1]})
    row = notiz(ws, mappe.fmt, row, texte.MEILENSTEINE_NOTIZ, 10, 140)
    fussnote(ws, mappe, row)
    for j, width in enumerate(BREITEN):
        ws.set_column(j, j, width)
    ws.repeat_rows(3)
