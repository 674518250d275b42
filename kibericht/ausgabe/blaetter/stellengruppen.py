"""The sheet „Stellengruppen“ (public version only, instead of „Stellen“): hours per group of
Stellen, which Arten each group holds, and the data-protection note.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, notiz, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Stellengruppen"
BREITE = 22 + 6 * 14  # the printed width in characters


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, g = mappe.fmt, mappe.teile.stellengruppen
    row = ueberschrift(ws, mappe, texte.STELLENGRUPPEN)
    row = write_table(ws, fmt, row, g.stunden, kinds={"Stellen": "ganzzahl"}, total_row=True)
    for arten in g.arten:
        row = notiz(ws, fmt, row, arten, 7, BREITE)
    row = notiz(ws, fmt, row + 1, mappe.teile.datenschutz, 7, BREITE)
    notiz(ws, fmt, row, f"{mappe.teile.fussnote}. {mappe.teile.verfahren}", 7, BREITE)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 6, 14)
