"""The sheet „Schwerpunkte“: hours per Schwerpunkt with its title, Handlungsfeld and
Zieldimension; hours per Handlungsfeld and per Zieldimension.

The three tables share their columns of figures (E to H): the label of the tables per
Handlungsfeld and per Zieldimension spans the columns of the Schwerpunkt's title, Handlungsfeld
and Zieldimension. The hours per Schwerpunkt and Stelle stand on the sheet „Stellen“.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Schwerpunkte"
# Schwerpunkt, Titel, Handlungsfeld, Zieldimension, then Einträge, Teilnehmende, Stunden, Anteil
BREITEN = (17.5, 38, 13.5, 22, 11, 13.5, 11, 13.5)
ZAHLEN = [0, 4, 5, 6, 7]  # where a table by category puts its label and its figures


def schreiben(mappe: Mappe) -> None:
    fmt, s = mappe.fmt, mappe.teile.schwerpunkte
    satz = neues_blatt(mappe, NAME, BREITEN)
    ueberschrift(satz, mappe, texte.SCHWERPUNKTE)
    tabelle(satz, fmt, s.schwerpunkte, summe=True)
    tabelle(satz, fmt, s.handlungsfelder, texte.NACH_HANDLUNGSFELD, summe=True, spalten=ZAHLEN)
    tabelle(satz, fmt, s.zieldimensionen, texte.NACH_ZIELDIMENSION, summe=True, spalten=ZAHLEN)
    fussnote(satz, mappe)
    satz.fertig()
