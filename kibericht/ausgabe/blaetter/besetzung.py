"""The sheet „Besetzung“: the staffing of the Stellenplan at the Stichtag and month by month;
internal per Stelle, public per group of Stellen.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Besetzung"


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, p = mappe.fmt, mappe.teile.personal
    row = ueberschrift(ws, mappe, texte.BESETZUNG)
    ws.write_string(row, 0, p.satz, fmt.label)
    row += 2
    ws.write_string(row, 0, texte.BESETZUNG_JE_MONAT, fmt.subtitle)
    row = write_table(ws, fmt, row + 1, p.je_monat)
    if p.je_gruppe is not None:
        ws.write_string(row, 0, texte.nach_stellengruppen_am(p.besetzung.stichtag), fmt.subtitle)
        row = write_table(ws, fmt, row + 1, p.je_gruppe, kinds={"Stellen": "ganzzahl"})
    else:
        ws.write_string(row, 0, texte.je_stelle_am(p.besetzung.stichtag), fmt.subtitle)
        row = write_table(ws, fmt, row + 1, p.je_stelle)
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, 30 if not mappe.oeffentlich else 14)
    ws.set_column(2, 4, 14)
    ws.set_column(5, 5, 30)
