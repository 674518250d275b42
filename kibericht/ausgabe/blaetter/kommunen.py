"""The sheet „Kommunen“: number, Teilnehmende and hours per Kommune of the Kreis; its header row
repeats on every printed page."""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Kommunen"
BREITEN = (26, 13.5, 13.5, 13.5, 13.5)


def schreiben(mappe: Mappe) -> None:
    satz = neues_blatt(mappe, NAME, BREITEN)
    ueberschrift(satz, mappe, texte.KOMMUNEN)
    kopf = tabelle(satz, mappe.fmt, mappe.teile.kommunen, summe=True, drucktitel=True)
    fussnote(satz, mappe)
    satz.ws.freeze_panes(kopf + 1, 1)
    satz.fertig()
