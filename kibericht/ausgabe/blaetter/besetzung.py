"""The sheet „Besetzung“: the staffing of the Stellenplan at the Stichtag and month by month;
internal per Stelle, public per group of Stellen.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, textzeile, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Besetzung"
# Monat or Stelle/Stellengruppe, then VZÄ (internal: Bezeichnung, Art, Förderung first), Besetzung
INTERN = (16, 30, 14, 14, 14, 14, 22)
OEFFENTLICH = (22, 14, 14, 14, 14, 14, 22)


def schreiben(mappe: Mappe) -> None:
    fmt, p = mappe.fmt, mappe.teile.personal
    satz = neues_blatt(mappe, NAME, OEFFENTLICH if mappe.oeffentlich else INTERN)
    ueberschrift(satz, mappe, texte.BESETZUNG)
    textzeile(satz, p.satz, fmt.subtitle, groesse=11.0, fett=True)
    satz.abstand()
    tabelle(satz, fmt, p.je_monat, texte.BESETZUNG_JE_MONAT)
    if p.je_gruppe is not None:
        tabelle(satz, fmt, p.je_gruppe, texte.nach_stellengruppen_am(p.besetzung.stichtag),
                kinds={"Stellen": "ganzzahl"})
    else:
        tabelle(satz, fmt, p.je_stelle, texte.je_stelle_am(p.besetzung.stichtag))
    satz.fertig()
