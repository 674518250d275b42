"""The sheet „Übersicht“: what the Leitung reads and signs, on one A4 page in portrait.

Title and period, the Kurzfassung, the key figures beside their comparisons and the quota, the
funding programmes against their caps, the state of milestones and staffing (internal: the
check's findings and files; public: the data-protection note), and the signature block.
"""

from __future__ import annotations

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, status_zelle
from kibericht.ausgabe.zellformate import write_cell, write_table, zeilen

NAME = "Übersicht"
BREITE = 32 + 5 * 15  # the printed width in characters: the label column and five of figures


def schreiben(mappe: Mappe) -> None:
    ws = neues_blatt(mappe, NAME, landscape=False)
    fmt, teile = mappe.fmt, mappe.teile
    ws.set_column(0, 0, 32)
    ws.set_column(1, 5, 15)
    ws.write_string(0, 0, teile.titel.titel, fmt.title)
    ws.write_string(1, 0, teile.titel.ki, fmt.subtitle)
    ws.write_string(2, 0, teile.titel.untertitel, fmt.note)
    ws.write_string(3, 0, teile.titel.zeitraum, fmt.note)
    row = 5
    ws.write_string(row, 0, texte.KURZFASSUNG, fmt.subtitle)
    row += 1
    for satz in teile.kurzfassung:
        ws.merge_range(row, 0, row, 5, satz, fmt.absatz)
        ws.set_row(row, 12.75 * zeilen(satz, BREITE))
        row += 1
    row = _kennzahlen(ws, mappe, row + 1)
    row = _foerderung(ws, mappe, row + 1)
    row = _umsetzung(ws, mappe, row)
    ws.write_string(row, 0, texte.VERWEIS_BLAETTER, fmt.note)
    row += 3
    # the signature block: the Leitung signs the printed overview
    ws.write_string(row, 0, texte.BESTAETIGUNG, fmt.label)
    row += 3
    ws.merge_range(row, 0, row, 4, texte.UNTERSCHRIFT, fmt.linie)
    row += 1
    ws.write_string(row, 0, teile.titel.ki, fmt.note)
    row = _pruefcode(ws, mappe, row)
    ws.print_area(0, 0, row, 5)


def _pruefcode(ws, mappe: Mappe, row: int) -> int:
    """Below the signature (`row`: its last row): the Prüfcode of a filed report, or in an
    internal monthly report not filed the note that it comes with the closing; returns the last
    row written."""
    fmt, teile = mappe.fmt, mappe.teile
    if teile.pruefcode:
        row += 2
        ws.write_string(row, 0, texte.pruefcode_zeile(teile.pruefcode), fmt.subtitle)
        notiz = texte.PRUEFCODE_NOTIZ
    elif teile.monatlich and not teile.oeffentlich:
        notiz = texte.PRUEFCODE_ENTWURF
    else:
        return row
    row += 1
    ws.merge_range(row, 0, row, 5, notiz, fmt.note_wrap)
    ws.set_row(row, 12.75 * zeilen(notiz, BREITE))
    return row


def _kennzahlen(ws, mappe: Mappe, row: int) -> int:
    fmt, k = mappe.fmt, mappe.teile.kennzahlen
    ws.write_string(row, 0, texte.BLATT_KENNZAHLEN, fmt.subtitle)
    row += 1
    ws.set_row(row, 27)
    ws.write_string(row, 0, "", fmt.header)
    for j, heading in enumerate(k.ueberschriften, start=1):
        ws.write_string(row, j, heading, fmt.header)
    row += 1
    for label, kind, werte in k.zeilen:
        ws.write_string(row, 0, label, fmt.label)
        for j, value in enumerate(werte, start=1):
            if value is None:
                ws.write_string(row, j, "–", fmt.strich)
            else:
                write_cell(ws, row, j, value, fmt.kinds[kind])
        row += 1
    ws.write_string(row, 0, texte.MINDESTANTEIL, fmt.label)
    write_cell(ws, row, 1, k.mindestanteil, fmt.kinds["prozent"])
    row += 1
    ws.write_string(row, 0, texte.BLATT_QUOTE, fmt.label)
    status_zelle(ws, fmt, row, 1, k.quote)
    row += 1
    if k.quote_bis_jetzt is not None:
        ws.write_string(row, 0, texte.BLATT_QUOTE_BIS_JETZT, fmt.label)
        status_zelle(ws, fmt, row, 1, k.quote_bis_jetzt)
        row += 1
    if k.fehlende_zeilen:
        ws.merge_range(row, 0, row, 5, texte.vergleich_ohne_fehler(k.fehlende_zeilen, verweis=True), fmt.note)
        row += 1
    return row


def _foerderung(ws, mappe: Mappe, row: int) -> int:
    fmt, f = mappe.fmt, mappe.teile.foerderung
    ws.write_string(row, 0, texte.foerderung_titel(f.regel), fmt.subtitle)
    row += 1
    frame = pd.DataFrame(list(f.programme))
    if frame.empty:
        ws.write_string(row, 0, texte.KEINE_PROGRAMME, fmt.note)
        return row + 2
    frame = frame.drop(columns=["Status"])  # written as a status cell, marked ✓ / ✗
    kopf = row
    row = write_table(ws, fmt, row, frame, kinds={c: "euro" for c in frame.columns[1:]})
    ws.write_string(kopf, len(frame.columns), "Status", fmt.header)
    for i, status in enumerate(f.status):
        status_zelle(ws, fmt, kopf + 1 + i, len(frame.columns), status)
    return row


def _umsetzung(ws, mappe: Mappe, row: int) -> int:
    """Milestones, staffing and, internal, the check; returns the row after a blank one."""
    fmt, teile = mappe.fmt, mappe.teile
    ws.write_string(row, 0, texte.UMSETZUNG, fmt.subtitle)
    row += 1
    if teile.meilensteine.bilanz is not None:
        ws.write_string(row, 0, f"Meilensteine {teile.meilensteine.jahr}", fmt.label)
        ws.merge_range(row, 1, row, 5, "", fmt.text)
        status_zelle(ws, fmt, row, 1, teile.meilensteine.bilanz)
        row += 1
    besetzung = teile.personal.besetzung
    ws.write_string(row, 0, texte.besetzung_am(besetzung.stichtag), fmt.label)
    ws.write_string(row, 1, besetzung.text, fmt.text)
    row += 1
    if teile.pruefung is not None:
        ws.write_string(row, 0, texte.BEFUNDE, fmt.label)
        ws.write_string(row, 1, teile.pruefung.befunde, fmt.text)
        row += 1
        ws.write_string(row, 0, texte.DATEIEN, fmt.label)
        write_cell(ws, row, 1, teile.pruefung.dateien, fmt.kinds["ganzzahl"])
        row += 1
        if teile.pruefung.nicht_gezaehlt:
            ws.write_string(row, 0, texte.NICHT_GEZAEHLT_ZEILEN, fmt.label)
            write_cell(ws, row, 1, teile.pruefung.nicht_gezaehlt, fmt.kinds["ganzzahl"])
            row += 1
    else:
        ws.merge_range(row, 0, row + 1, 5, teile.datenschutz, fmt.absatz)
        row += 2
        text = f"{teile.fussnote}. {teile.verfahren}"
        ws.merge_range(row, 0, row, 5, text, fmt.absatz)
        ws.set_row(row, 12.75 * zeilen(text, BREITE))
        row += 1
    return row + 1
