"""The sheet „Tätigkeiten“: number, Teilnehmende and hours per Tätigkeit, the counts per
Tätigkeit and Handlungsfeld and per Tätigkeit and Schwerpunkt (with the Schwerpunkte's titles
under the table), and the Handlungsfelder.

All four tables have their label in column A and their figures in the columns after it, all of
one width: every figure stands in its own column under its own heading.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Tätigkeiten"
ERSTE, ZAHL = 24, 13.5  # column widths: the label, each figure


def schreiben(mappe: Mappe) -> None:
    fmt, t = mappe.fmt, mappe.teile.taetigkeiten
    tabellen = [x for x in (t.taetigkeiten, t.nach_handlungsfeld, t.nach_schwerpunkt, t.handlungsfelder)
                if x is not None]
    satz = neues_blatt(mappe, NAME, [ERSTE] + [ZAHL] * max(len(x.columns) - 1 for x in tabellen))
    ueberschrift(satz, mappe, texte.TAETIGKEITEN)
    tabelle(satz, fmt, t.taetigkeiten, summe=True)
    for titel, table, legende in ((texte.TAETIGKEITEN_JE_FELD, t.nach_handlungsfeld, ()),
                                  (texte.TAETIGKEITEN_JE_SCHWERPUNKT, t.nach_schwerpunkt, t.legende)):
        if table is not None:
            tabelle(satz, fmt, table, titel, kinds={c: "ganzzahl" for c in table.columns[1:]}, summe=True,
                    danach=[f"{sp_id}: {sp_titel}" for sp_id, sp_titel in legende])
    tabelle(satz, fmt, t.handlungsfelder, texte.TAETIGKEITEN_FELDER, summe=True)
    fussnote(satz, mappe)
    satz.fertig()
