"""The sheet „Übersicht“: what the Leitung reads and signs, on one A4 page in portrait.

Title and period, the Kurzfassung, the key figures beside their comparisons and the quota, the
funding programmes against their caps, the state of milestones and staffing (internal: the
check's findings and files; public: the data-protection note), and the signature block. The
sheet prints on one page: where it is longer, it prints smaller (`Satz.fertig(eine_seite)`).
"""

from __future__ import annotations

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, notiz, status_zelle, textzeile
from kibericht.ausgabe.satz import ABSTAND, ZEILE, Satz, hoehe, zeilen
from kibericht.ausgabe.texte import Status
from kibericht.ausgabe.zellformate import write_cell

NAME = "Übersicht"
BREITEN = (32, 15, 15, 15, 15, 15)  # the label column and five of figures


def schreiben(mappe: Mappe) -> None:
    satz = neues_blatt(mappe, NAME, BREITEN, hochformat=True)
    fmt, teile = mappe.fmt, mappe.teile
    textzeile(satz, teile.titel.titel, fmt.title, groesse=15.0, fett=True)
    textzeile(satz, teile.titel.ki, fmt.subtitle, groesse=11.0, fett=True)
    notiz(satz, fmt, teile.titel.untertitel)
    notiz(satz, fmt, teile.titel.zeitraum)
    satz.abstand()
    _titel(satz, mappe, texte.KURZFASSUNG)
    for satz_text in teile.kurzfassung:
        textzeile(satz, satz_text, fmt.absatz)
    satz.abstand()
    _kennzahlen(satz, mappe)
    _foerderung(satz, mappe)
    _umsetzung(satz, mappe)
    notiz(satz, fmt, texte.VERWEIS_BLAETTER)
    satz.zeile(ABSTAND)
    # the signature block: the Leitung signs the printed overview
    satz.ws.write_string(satz.zeile(), 0, texte.BESTAETIGUNG, fmt.label)
    satz.zeile(ZEILE * 1.5)
    row = satz.zeile()
    satz.ws.merge_range(row, 0, row, 4, texte.UNTERSCHRIFT, fmt.linie)
    satz.ws.write_string(satz.zeile(), 0, teile.titel.ki, fmt.note)
    _pruefcode(satz, mappe)
    satz.fertig(eine_seite=True)


def _titel(satz: Satz, mappe: Mappe, text: str) -> None:
    textzeile(satz, text, mappe.fmt.subtitle, groesse=11.0, fett=True)


def _status(satz: Satz, mappe: Mappe, label: str, status: Status) -> None:
    """A label and a verdict beside it, across the columns of figures."""
    ws, fmt = satz.ws, mappe.fmt
    row = satz.zeile(hoehe(zeilen(status.text, satz.breite(1), fett=True)))
    ws.write_string(row, 0, label, fmt.label)
    ws.merge_range(row, 1, row, len(BREITEN) - 1, "", fmt.text)
    status_zelle(ws, fmt, row, 1, status)


def _text(satz: Satz, mappe: Mappe, label: str, text: str) -> None:
    """A label and a text beside it, across the columns of figures."""
    ws, fmt = satz.ws, mappe.fmt
    row = satz.zeile(hoehe(zeilen(text, satz.breite(1))))
    ws.write_string(row, 0, label, fmt.label)
    ws.merge_range(row, 1, row, len(BREITEN) - 1, text, fmt.absatz)


def _pruefcode(satz: Satz, mappe: Mappe) -> None:
    """Below the signature: the Prüfcode of a filed report, or in an internal monthly report not
    filed the note that it comes with the closing."""
    fmt, teile = mappe.fmt, mappe.teile
    if teile.pruefcode:
        satz.zeile(ABSTAND)
        textzeile(satz, texte.pruefcode_zeile(teile.pruefcode), fmt.subtitle, groesse=11.0, fett=True)
        notiz(satz, fmt, texte.PRUEFCODE_NOTIZ)
    elif teile.monatlich and not teile.oeffentlich:
        notiz(satz, fmt, texte.PRUEFCODE_ENTWURF)


def _kennzahlen(satz: Satz, mappe: Mappe) -> None:
    ws, fmt, k = satz.ws, mappe.fmt, mappe.teile.kennzahlen
    _titel(satz, mappe, texte.KENNZAHLEN_TITEL)
    row = satz.zeile(hoehe(max(zeilen(h, BREITEN[1], fett=True) for h in k.ueberschriften)))
    ws.write_string(row, 0, "", fmt.header)
    for j, heading in enumerate(k.ueberschriften, start=1):
        ws.write_string(row, j, heading, fmt.header_rechts)
    for label, kind, werte in k.zeilen:
        row = satz.zeile()
        ws.write_string(row, 0, label, fmt.label)
        for j, value in enumerate(werte, start=1):
            if value is None:
                ws.write_string(row, j, "–", fmt.strich)
            else:
                write_cell(ws, row, j, value, fmt.zelle(kind, value))
    row = satz.zeile()
    ws.write_string(row, 0, texte.MINDESTANTEIL, fmt.label)
    write_cell(ws, row, 1, k.mindestanteil, fmt.kinds["prozent"])
    _status(satz, mappe, texte.QUOTE_ZEITRAUM, k.quote)
    if k.quote_bis_jetzt is not None:
        _status(satz, mappe, texte.QUOTE_BIS_JETZT, k.quote_bis_jetzt)
    if k.fehlende_zeilen:
        notiz(satz, fmt, texte.vergleich_ohne_fehler(k.fehlende_zeilen, verweis=not mappe.oeffentlich))
    satz.abstand()


def _foerderung(satz: Satz, mappe: Mappe) -> None:
    ws, fmt, f = satz.ws, mappe.fmt, mappe.teile.foerderung
    _titel(satz, mappe, texte.foerderung_titel(f.jahr, f.regel))
    frame = pd.DataFrame(list(f.programme))
    if frame.empty:
        notiz(satz, fmt, texte.KEINE_PROGRAMME)
        satz.abstand()
        return
    frame = frame.drop(columns=["Status"])  # written as a status cell, marked ✓ / ✗
    spalten = [*frame.columns, "Status"]
    row = satz.zeile(hoehe(max(zeilen(c, BREITEN[j], fett=True) for j, c in enumerate(spalten))))
    for j, c in enumerate(spalten):
        ws.write_string(row, j, c, fmt.header if j in (0, len(spalten) - 1) else fmt.header_rechts)
    for r, status in zip(frame.to_dict("records"), f.status, strict=True):
        programm = str(r["Programm"])
        row = satz.zeile(hoehe(max(zeilen(status.text, BREITEN[len(spalten) - 1], fett=True),
                                   zeilen(programm, BREITEN[0]))))
        ws.write_string(row, 0, programm, fmt.wrap)
        for j, c in enumerate(frame.columns[1:], start=1):
            write_cell(ws, row, j, r[c], fmt.zelle("euro", r[c]))
        status_zelle(ws, fmt, row, len(spalten) - 1, status)
    satz.abstand()


def _umsetzung(satz: Satz, mappe: Mappe) -> None:
    """Milestones, staffing and, internal, the check."""
    fmt, teile = mappe.fmt, mappe.teile
    _titel(satz, mappe, texte.UMSETZUNG)
    if teile.meilensteine.bilanz is not None:
        _status(satz, mappe, texte.meilensteine_label(teile.meilensteine.jahr), teile.meilensteine.bilanz)
    besetzung = teile.personal.besetzung
    _text(satz, mappe, texte.besetzung_am(besetzung.stichtag), besetzung.text)
    if teile.pruefung is not None:
        p = teile.pruefung
        _text(satz, mappe, texte.BEFUNDE, p.befunde)
        row = satz.zeile()
        satz.ws.write_string(row, 0, texte.DATEIEN, fmt.label)
        write_cell(satz.ws, row, 1, p.dateien, fmt.kinds["ganzzahl"])
        if p.nicht_gezaehlt:
            row = satz.zeile()
            satz.ws.write_string(row, 0, texte.NICHT_GEZAEHLT_ZEILEN, fmt.label)
            write_cell(satz.ws, row, 1, p.nicht_gezaehlt, fmt.kinds["ganzzahl"])
        if p.kopien:
            _text(satz, mappe, texte.KOPIEN, texte.kopien(p.kopien))
    else:
        notiz(satz, fmt, teile.datenschutz)
        notiz(satz, fmt, f"{teile.fussnote}. {teile.verfahren}")
    satz.abstand()
