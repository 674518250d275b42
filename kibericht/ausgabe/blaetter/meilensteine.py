"""The sheet „Meilensteine“: every milestone of the year, countable or not, with what is due by
the Stichtag, what the logs count and its status; its header row repeats on every printed page.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Meilensteine"
# Schwerpunkt, Meilenstein, Tätigkeit, mindestens, höchstens, Soll bis Stichtag, Ist, Stichtag,
# Status (the year stands in the title)
BREITEN = (12.5, 46, 18, 11, 10.5, 10.5, 7, 11, 17)
KINDS = {"Soll bis Stichtag": "ganzzahl", "Ist": "ganzzahl", "Stichtag": "datum", "Status": "text"}


def schreiben(mappe: Mappe) -> None:
    m = mappe.teile.meilensteine
    satz = neues_blatt(mappe, NAME, BREITEN)
    ueberschrift(satz, mappe, texte.meilensteine_titel(m.jahr, m.stichtag))
    tabelle(satz, mappe.fmt, m.tabelle.drop(columns=["Jahr"]), kinds=KINDS, drucktitel=True,
            danach=[texte.MEILENSTEINE_NOTIZ])
    fussnote(satz, mappe)
    satz.fertig()
