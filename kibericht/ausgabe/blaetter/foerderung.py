"""The sheet „Förderung“: the Landesförderung of the year, the programmes against their caps and
the entitlement month by month; internal also the Pauschale per Stelle and per Stelle and month.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, notiz, ueberschrift
from kibericht.ausgabe.zellformate import write_table

NAME = "Förderung"


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, f = mappe.fmt, mappe.teile.foerderung
    row = ueberschrift(ws, mappe, texte.foerderung_blatt(f.jahr, f.regel))
    ws.write_string(row, 0, texte.FOERDERUNG_PROGRAMME, fmt.subtitle)
    frame = f.gegen_hoechstbetrag
    euro = {c: "euro" for c in frame.columns if c not in ("Programm", "Status")}
    row = write_table(ws, fmt, row + 1, frame, kinds=euro)
    ws.write_string(row, 0, texte.FOERDERUNG_KUMULIERT, fmt.subtitle)
    row = write_table(ws, fmt, row + 1, f.kumuliert, kinds={c: "euro" for c in f.kumuliert.columns[1:]})
    if f.je_stelle is not None:
        ws.set_h_pagebreaks([row])  # the tables per Stelle start on a page of their own
        ws.write_string(row, 0, texte.pauschale_je_stelle(f.jahr), fmt.subtitle)
        row = write_table(ws, fmt, row + 1, f.je_stelle, wrap={"Bezeichnung": 22},
                          kinds={"Pauschale/Jahr": "euro", "Anspruch im Jahr": "euro"})
        ws.write_string(row, 0, texte.pauschale_je_stelle_und_monat(f.jahr), fmt.subtitle)
        monate = f.je_stelle_und_monat
        row = write_table(ws, fmt, row + 1, monate, kinds={c: "euro" for c in monate.columns[1:]},
                          total_row=True)
    notiz(ws, fmt, row, texte.FOERDERUNG_NOTIZ, 7, 14 + 6 * 15)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 24 if not mappe.oeffentlich else 15)
    ws.set_column(2, 9, 15)
