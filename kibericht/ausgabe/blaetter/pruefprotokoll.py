"""The sheet „Prüfprotokoll“ (internal version only): the files read, the findings counted per
code, every finding with file, sheet, row and column, and the errors in rows of other months.

One line per finding: as many as there are rows in a badly broken input, so the sheet is one of
those written after the charts are fetched (see `blaetter.BLAETTER`).
"""

from __future__ import annotations

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, ueberschrift
from kibericht.ausgabe.zellformate import write_table
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, by_severity, count_codes

NAME = "Prüfprotokoll"
MAX_DATEIEN = 200  # files listed by name; the rest counted
SPALTEN = ["Schwere", "Code", "Datei", "Blatt", "Zeile", "Spalte", "Wert", "Meldung"]
# wide enough to read at full size on A4 landscape: Datei, Wert and Meldung wrap
BREITEN = (9, 19, 26, 10, 6, 11, 14, 52)
UMBRUCH = {"Datei": 26, "Wert": 14, "Meldung": 52}


def _findings_frame(findings) -> pd.DataFrame:
    return pd.DataFrame([{
        "Schwere": f.schwere, "Code": f.code, "Datei": f.datei, "Blatt": f.blatt or "",
        "Zeile": f.zeile, "Spalte": f.spalte or "", "Wert": f.wert or "", "Meldung": f.meldung,
    } for f in findings], columns=SPALTEN)


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME)
    fmt, b = mappe.fmt, mappe.bericht
    row = ueberschrift(ws, mappe, texte.PRUEFPROTOKOLL)
    ws.write_string(row, 0, texte.dateien_gelesen(len(b.dateien)), fmt.label)
    row += 1
    for datei in b.dateien[:MAX_DATEIEN]:
        ws.merge_range(row, 0, row, 7, datei, fmt.wrap)
        row += 1
    if len(b.dateien) > MAX_DATEIEN:
        ws.write_string(row, 0, texte.weitere(len(b.dateien) - MAX_DATEIEN), fmt.note)
        row += 1
    row += 1
    counts = count_codes(b.findings)
    summary = pd.DataFrame(
        [{"Schwere": s, "Code": c, "Anzahl": n} for (s, c), n in sorted(
            counts.items(), key=lambda kv: ([FEHLER, WARNUNG, HINWEIS].index(kv[0][0]), kv[0][1]))],
        columns=["Schwere", "Code", "Anzahl"])
    ws.write_string(row, 0, texte.befunde_zu(mappe.teile.titel.zeitraum_titel), fmt.subtitle)
    row = write_table(ws, fmt, row + 1, summary)
    groups = by_severity(b.findings)
    ordered = [*groups[FEHLER], *groups[WARNUNG], *groups[HINWEIS]]
    ws.write_string(row, 0, texte.ALLE_BEFUNDE if ordered else texte.KEINE_BEFUNDE, fmt.subtitle)
    header_row = row + 1
    row = write_table(ws, fmt, header_row, _findings_frame(ordered), autofilter=bool(ordered), wrap=UMBRUCH)
    if b.fehler_andere_monate:
        ws.write_string(row, 0, texte.FEHLER_ANDERER_MONATE, fmt.subtitle)
        row = write_table(ws, fmt, row + 1, _findings_frame(b.fehler_andere_monate), wrap=UMBRUCH)
    ws.repeat_rows(header_row)
    for j, width in enumerate(BREITEN):
        ws.set_column(j, j, width)
