"""The sheet „Tätigkeiten“: number, Teilnehmende and hours per Tätigkeit, the counts per
Tätigkeit and Handlungsfeld and per Tätigkeit and Schwerpunkt (with the Schwerpunkte's titles
under the table), and the Handlungsfelder.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, notiz, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Tätigkeiten"


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, t = mappe.fmt, mappe.teile.taetigkeiten
    row = ueberschrift(ws, mappe, texte.TAETIGKEITEN)
    row = write_table(ws, fmt, row, t.taetigkeiten, total_row=True)
    if t.nach_handlungsfeld is not None:
        ws.write_string(row, 0, texte.TAETIGKEITEN_JE_FELD, fmt.subtitle)
        table = t.nach_handlungsfeld
        row = write_table(ws, fmt, row + 1, table, kinds={c: "ganzzahl" for c in table.columns[1:]},
                          total_row=True)
    if t.nach_schwerpunkt is not None:
        ws.write_string(row, 0, texte.TAETIGKEITEN_JE_SCHWERPUNKT, fmt.subtitle)
        table = t.nach_schwerpunkt
        row = write_table(ws, fmt, row + 1, table, kinds={c: "ganzzahl" for c in table.columns[1:]},
                          total_row=True)
        for sp_id, sp_titel in t.legende:
            notiz(ws, fmt, row - 1, f"{sp_id}: {sp_titel}", 7, 24 + 6 * 13)
            row += 1
        row += 1 if t.legende else 0
    ws.write_string(row, 0, texte.TAETIGKEITEN_FELDER, fmt.subtitle)
    row = write_table(ws, fmt, row + 1, t.handlungsfelder, total_row=True)
    fussnote(ws, mappe, row)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 12, 13)
    ws.freeze_panes(4, 1)
