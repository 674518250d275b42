"""The sheet „Kommunen“: number, Teilnehmende and hours per Kommune of the Kreis."""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Kommunen"


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    row = ueberschrift(ws, mappe, texte.KOMMUNEN)
    fussnote(ws, mappe, write_table(ws, mappe.fmt, row, mappe.teile.kommunen, total_row=True))
    ws.set_column(0, 0, 26)
    ws.set_column(1, 4, 16)
    ws.freeze_panes(4, 1)
    ws.repeat_rows(row)
