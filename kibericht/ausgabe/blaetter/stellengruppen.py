"""The sheet „Stellengruppen“ (public version only, instead of „Stellen“): hours per group of
Stellen, which Arten each group holds, and the data-protection note.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, notiz, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Stellengruppen"
# Stellengruppe, Stellen, VZÄ im Stellenplan, Einträge, Stunden, Stunden mit Schwerpunkt,
# Schwerpunktanteil
BREITEN = (22, 10, 13.5, 13.5, 13.5, 13.5, 17.5)


def schreiben(mappe: Mappe) -> None:
    fmt, g = mappe.fmt, mappe.teile.stellengruppen
    satz = neues_blatt(mappe, NAME, BREITEN)
    ueberschrift(satz, mappe, texte.STELLENGRUPPEN)
    tabelle(satz, fmt, g.stunden, kinds={"Stellen": "ganzzahl"}, summe=True, danach=g.arten)
    notiz(satz, fmt, mappe.teile.datenschutz)
    notiz(satz, fmt, f"{mappe.teile.fussnote}. {mappe.teile.verfahren}")
    satz.fertig()
