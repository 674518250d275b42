"""The sheet „Daten“ (internal version only): every entry of the period, one row each, with the
file, sheet and row it came from; staff names only with `--mit-namen`.

`zeilen_blatt` writes any such list of rows; „Nicht gezählt“ uses it too. It touches every
entry, so these sheets come after the charts are fetched (see `blaetter.BLAETTER`). The rows are
written column by column (`daten_blatt`): they keep the default height, the header row repeats
on every printed page.
"""

from __future__ import annotations

import pandas as pd

from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, textzeile
from kibericht.ausgabe.daten_blatt import write_data_table
from kibericht.ausgabe.satz import einzeilig, hoehe, zeilen
from kibericht.pruefen.kopfzeile import COLUMN_OF_FIELD

NAME = "Daten"
ORT = ["_datei", "_blatt", "_zeile"]
KINDS = {"Stunden": "stunden", "Teilnehmende": "ganzzahl", "Zeile": "ganzzahl", "Datum": "datum",
         "Datei": "datei"}
BREITEN = {"Datum": 11, "Stelle": 7, "Mitarbeiter/in": 14, "Handlungsfeld": 13.5, "Schwerpunkt": 12.5,
           "Tätigkeit": 16, "Kommune": 12, "Stunden": 8, "Teilnehmende": 13.5, "Beschreibung": 40,
           "Datei": 34, "Blatt": 10, "Zeile": 6}
DATEI_HOECHSTENS = 60  # „Datei“ grows to its longest name up to so many characters; a longer one shrinks


def zeilen_blatt(mappe: Mappe, sheet: str, entries: pd.DataFrame, title: str | None,
                 danach: tuple[str, ...] = ()) -> None:
    """A sheet of rows (entries), under an optional title, with a filter on its header; the
    notes `danach` above the rows, under the title."""
    fields = [f for f in COLUMN_OF_FIELD if mappe.mit_namen or f != "mitarbeiter"]
    headings = [COLUMN_OF_FIELD[f] for f in fields] + ["Datei", "Blatt", "Zeile"]
    breiten = [BREITEN.get(h, 12) for h in headings]
    # a file's name printed whole, never cut by the sheet name beside it
    dateien = entries["_datei"].dropna().unique() if len(entries) else []
    breiten[headings.index("Datei")] = min(DATEI_HOECHSTENS, max([BREITEN["Datei"],
                                                                 *(einzeilig(str(d)) for d in dateien)]))
    satz = neues_blatt(mappe, sheet, breiten)
    if title:
        textzeile(satz, title, mappe.fmt.subtitle, groesse=11.0, fett=True)
        for text in danach:
            textzeile(satz, text, mappe.fmt.note_wrap)
        satz.abstand()
    frame = entries[[*fields, *ORT]].copy() if len(entries) else pd.DataFrame(columns=[*fields, *ORT])
    frame.columns = headings
    if sheet != NAME:
        frame = frame.astype(object)
    start = satz.zeile(hoehe(max(zeilen(h, b, fett=True) for h, b in zip(headings, breiten, strict=True))))
    write_data_table(satz.ws, mappe.fmt, start, frame, kinds=KINDS, autofilter=len(frame) > 0)
    satz.ws.repeat_rows(start)
    satz.ws.freeze_panes(start + 1, 0)
    satz.naechste += len(frame)  # the rows, written alongside at the default height
    satz.fertig()


def schreiben(mappe: Mappe) -> None:
    zeilen_blatt(mappe, NAME, mappe.bericht.eintraege, None)
