"""The sheet „Besetzung“: the staffing of the Stellenplan at the Stichtag and month by month;
internal per Stelle, public per group of Stellen.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, textzeile, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Besetzung"
# internal: Stelle, Bezeichnung, Art, Förderung, two columns of VZÄ (per Stelle); the months span
# Stelle and Bezeichnung with their month, then four columns of VZÄ and „Besetzung“ in the last,
# wide enough for „12,75 von 14,5 VZÄ unbesetzt“ on one line
INTERN = (16, 30, 14, 14, 14, 14, 30)
MONATE_INTERN = (0, 2, 3, 4, 5, 6)
# public: Monat or Stellengruppe, four columns of figures, Besetzung
OEFFENTLICH = (26, 14, 14, 14, 14, 30)


def schreiben(mappe: Mappe) -> None:
    fmt, p = mappe.fmt, mappe.teile.personal
    satz = neues_blatt(mappe, NAME, OEFFENTLICH if mappe.oeffentlich else INTERN)
    ueberschrift(satz, mappe, texte.BESETZUNG)
    textzeile(satz, p.satz, fmt.subtitle, groesse=11.0, fett=True)
    satz.abstand()
    tabelle(satz, fmt, p.je_monat, texte.BESETZUNG_JE_MONAT,
            spalten=None if mappe.oeffentlich else MONATE_INTERN)
    if p.je_gruppe is not None:
        tabelle(satz, fmt, p.je_gruppe, texte.nach_stellengruppen_am(p.besetzung.stichtag),
                kinds={"Stellen": "ganzzahl"})
    else:
        tabelle(satz, fmt, p.je_stelle, texte.je_stelle_am(p.besetzung.stichtag))
    satz.fertig()
