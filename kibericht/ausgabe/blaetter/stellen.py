"""The sheet „Stellen“ (internal version only): hours per Stelle with its Schwerpunkt share, hours
per Stelle and Schwerpunkt, Soll/Ist hours per Stelle, and in an annual report Soll/Ist per
Stelle and month.

Every table has the Stelle in column A and its Bezeichnung in column B; the figures follow in
columns of one width.
"""

from __future__ import annotations

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle
from kibericht.ausgabe.texte import SUMME

NAME = "Stellen"
STELLE, BEZEICHNUNG, ZAHL, ANTEIL = 10, 30, 13.5, 17.5


def je_stelle_und_schwerpunkt(matrix: pd.DataFrame, stunden: pd.DataFrame) -> pd.DataFrame:
    """The hours Schwerpunkt × Stelle (`Schwerpunkttabellen.matrix`) turned to one row per Stelle,
    with its Bezeichnung: the way the other tables of the sheet read."""
    werte = matrix.set_index("Schwerpunkt").T
    werte.columns = [str(c) for c in werte.columns]
    bezeichnung = dict(zip(stunden["Stelle"], stunden["Bezeichnung"], strict=True))
    werte.insert(0, "Bezeichnung", [bezeichnung.get(s, "") if s != SUMME else "" for s in werte.index])
    return werte.reset_index(names="Stelle")


def schreiben(mappe: Mappe) -> None:
    fmt, s = mappe.fmt, mappe.teile.stellen
    matrix = je_stelle_und_schwerpunkt(mappe.teile.schwerpunkte.matrix, s.stunden)
    zahlen = max(len(s.stunden.columns), len(matrix.columns), *(len(f.columns) for _, f in s.soll_ist)) - 2
    breiten = [STELLE, BEZEICHNUNG, *[ZAHL] * zahlen]
    breiten[list(s.stunden.columns).index("Schwerpunktanteil")] = ANTEIL
    satz = neues_blatt(mappe, NAME, breiten)
    ueberschrift(satz, mappe, texte.STELLEN)
    tabelle(satz, fmt, s.stunden, summe=True)
    tabelle(satz, fmt, matrix, mappe.teile.schwerpunkte.matrix_titel,
            kinds={c: "stunden" for c in matrix.columns[2:]}, summe=True)
    for title, frame in s.soll_ist:
        tabelle(satz, fmt, frame, title, kinds={"Monat": "text"})
    satz.fertig()
