"""The sheet „Prüfprotokoll“ (internal version only): the files read, the findings counted per
code, every finding with file, sheet, row and column, and the errors in rows of other months.

One line per finding: as many as there are rows in a badly broken input, so the sheet is one of
those written after the charts are fetched (see `blaetter.BLAETTER`). The findings' header row
is the sheet's print titles: it repeats on every page of them, and the errors of other months
below have the same columns.
"""

from __future__ import annotations

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, textzeile, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, by_severity, count_codes

NAME = "Prüfprotokoll"
MAX_DATEIEN = 200  # files listed by name; the rest counted
SPALTEN = ["Schwere", "Code", "Datei", "Blatt", "Zeile", "Spalte", "Wert", "Meldung"]
# wide enough to read at full size on A4 landscape: Datei, Wert and Meldung wrap
BREITEN = (9, 19, 26, 10, 6, 11, 14, 40)
KINDS = {"Zeile": "ganzzahl", "Wert": "text"}


def _findings_frame(findings) -> pd.DataFrame:
    return pd.DataFrame([{
        "Schwere": f.schwere, "Code": f.code, "Datei": f.datei, "Blatt": f.blatt or "",
        "Zeile": f.zeile, "Spalte": f.spalte or "", "Wert": f.wert or "", "Meldung": f.meldung,
    } for f in findings], columns=SPALTEN)


def schreiben(mappe: Mappe) -> None:
    fmt, b = mappe.fmt, mappe.bericht
    satz = neues_blatt(mappe, NAME, BREITEN)
    ueberschrift(satz, mappe, texte.PRUEFPROTOKOLL)
    satz.ws.write_string(satz.zeile(), 0, texte.dateien_gelesen(len(b.dateien)), fmt.label)
    for datei in b.dateien[:MAX_DATEIEN]:
        textzeile(satz, datei, fmt.wrap)
    if len(b.dateien) > MAX_DATEIEN:
        textzeile(satz, texte.weitere(len(b.dateien) - MAX_DATEIEN), fmt.note_wrap)
    satz.abstand()
    counts = count_codes(b.findings)
    summary = pd.DataFrame(
        [{"Schwere": s, "Code": c, "Anzahl": n} for (s, c), n in sorted(
            counts.items(), key=lambda kv: ([FEHLER, WARNUNG, HINWEIS].index(kv[0][0]), kv[0][1]))],
        columns=["Schwere", "Code", "Anzahl"])
    tabelle(satz, fmt, summary, texte.befunde_zu(mappe.teile.titel.zeitraum_titel))
    groups = by_severity(b.findings)
    ordered = [*groups[FEHLER], *groups[WARNUNG], *groups[HINWEIS]]
    tabelle(satz, fmt, _findings_frame(ordered), texte.ALLE_BEFUNDE if ordered else texte.KEINE_BEFUNDE,
            kinds=KINDS, drucktitel=True, autofilter=bool(ordered))
    if b.fehler_andere_monate:
        tabelle(satz, fmt, _findings_frame(b.fehler_andere_monate), texte.FEHLER_ANDERER_MONATE, kinds=KINDS)
    satz.fertig()
