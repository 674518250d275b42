"""The sheet „Daten“ (internal version only): every entry of the period, one row each, with the
file, sheet and row it came from; staff names only with `--mit-namen`.

`zeilen_blatt` writes any such list of rows; „Nicht gezählt“ uses it too. It touches every
entry, so these sheets come after the charts are fetched (see `blaetter.BLAETTER`).
"""

from __future__ import annotations

import pandas as pd

from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt
from kibericht.ausgabe.daten_blatt import write_data_table
from kibericht.pruefen.kopfzeile import COLUMN_OF_FIELD

NAME = "Daten"
ORT = ["_datei", "_blatt", "_zeile"]
KINDS = {"Stunden": "stunden", "Teilnehmende": "ganzzahl", "Zeile": "ganzzahl", "Datum": "datum"}
BREITEN = {"Datum": 10, "Stelle": 7, "Mitarbeiter/in": 14, "Handlungsfeld": 12, "Schwerpunkt": 11,
           "Tätigkeit": 16, "Kommune": 12, "Stunden": 8, "Teilnehmende": 8, "Beschreibung": 40,
           "Datei": 34, "Blatt": 10, "Zeile": 6}


def zeilen_blatt(mappe: Mappe, sheet: str, entries: pd.DataFrame, title: str | None) -> None:
    """A sheet of rows (entries), under an optional title, with a filter on its header."""
    start = 2 if title else 0
    ws = neues_blatt(mappe, sheet, repeat=start)
    fields = [f for f in COLUMN_OF_FIELD if mappe.mit_namen or f != "mitarbeiter"]
    headings = [COLUMN_OF_FIELD[f] for f in fields] + ["Datei", "Blatt", "Zeile"]
    if title:
        ws.write_string(0, 0, title, mappe.fmt.subtitle)
    frame = entries[[*fields, *ORT]].copy() if len(entries) else pd.DataFrame(columns=[*fields, *ORT])
    frame.columns = headings
    if sheet != NAME:
        frame = frame.astype(object)
    write_data_table(ws, mappe.fmt, start, frame, kinds=KINDS, autofilter=len(frame) > 0)
    for j, h in enumerate(headings):
        ws.set_column(j, j, BREITEN.get(h, 12))
    ws.freeze_panes(start + 1, 0)


def schreiben(mappe: Mappe) -> None:
    zeilen_blatt(mappe, NAME, mappe.bericht.eintraege, None)
