"""The sheet „Monate“: the Schwerpunkt share month by month against the minimum (a monthly
report: since January); an annual report adds the hours per Schwerpunkt and month.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, fussnote, neues_blatt, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Monate"
# Monat (or Schwerpunkt), Einträge, Stunden, Stunden mit Schwerpunkt, Schwerpunktanteil,
# Mindestanteil, fehlende Stunden; the months of the table per Schwerpunkt after them
BREITEN = (17.5, 11, 11, 12.5, 17.5, 15, 11)
MONAT = 11


def schreiben(mappe: Mappe) -> None:
    fmt, m = mappe.fmt, mappe.teile.monate
    spalten = len(BREITEN) if m.matrix is None else max(len(BREITEN), len(m.matrix.columns))
    satz = neues_blatt(mappe, NAME, [*BREITEN, *[MONAT] * (spalten - len(BREITEN))])
    ueberschrift(satz, mappe, m.titel)
    tabelle(satz, fmt, m.tabelle, kinds={texte.MINDESTANTEIL: "text"})
    if m.matrix is not None:
        tabelle(satz, fmt, m.matrix, texte.SCHWERPUNKT_JE_MONAT,
                kinds={c: "stunden" for c in m.matrix.columns[1:]}, summe=True)
    fussnote(satz, mappe)
    satz.fertig()
