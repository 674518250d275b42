"""How pages format: German numbers exactly as the reports (rounded once, half up), each column
by its heading's kind as the workbook formats it, text from the logs escaped."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pandas as pd

from kibericht.befunde import Code, befund
from kibericht.web.darstellung import geld, ort, tabelle, zelle


def test_cells_by_the_kind_of_their_column():
    assert zelle(0.56945, "Anteil") == "56,9 %" and zelle(0.5695, "Schwerpunktanteil") == "57,0 %"
    assert zelle(1234.5, "Stunden") == "1.234,50" and zelle(2.675, "Stunden") == "2,68"
    assert zelle(50000 / 12, "Anspruch im Jahr") == "4.166,67 €"
    assert zelle(170000, "Höchstbetrag") == "170.000,00 €"
    assert zelle(1780, "Teilnehmende") == "1.780" and zelle(3, "Einträge") == "3"
    assert zelle(2025, "Jahr") == "2025" and zelle(0.75, "VZÄ") == "0,75"
    assert zelle(dt.date(2025, 3, 31), "Stichtag") == "31.03.2025"
    assert zelle(None, "Stunden") == "" and zelle(float("nan"), "Anteil") == "" and zelle(True, "x") == "ja"
    assert zelle('=HYPERLINK("http://x","y")', "Beschreibung") == '=HYPERLINK("http://x","y")'
    assert zelle("a\x1b[2Jb\u202e", "Titel") == "a\\x1b[2Jb\\u202e"


def test_money_is_rounded_once_to_the_cent_half_up():
    assert geld(Fraction(50000, 12)) == "4.166,67 €" and geld(Fraction(1, 200)) == "0,01 €"
    assert geld(None) == "–"


def test_a_display_frame_as_rows_with_its_summe_row():
    frame = pd.DataFrame({"Kommune": ["Aachen", "Summe"], "Einträge": [3, 3], "Stunden": [4.5, 4.5],
                          "Anteil": [1.0, 1.0]})
    t = tabelle(frame)
    assert t["spalten"] == ["Kommune", "Einträge", "Stunden", "Anteil"]
    assert t["rechts"] == [False, True, True, True]
    assert t["zeilen"] == [["Aachen", "3", "4,50", "100,0 %"], ["Summe", "3", "4,50", "100,0 %"]]
    assert t["summe"] and not tabelle(frame, summe=False)["summe"]


def test_where_a_finding_stands_in_words():
    f = befund(Code.STUNDEN_UNGUELTIG, "a.xlsx", "Mär 2025", 14, "Stunden", "abc", "x")
    assert ort(f) == "Blatt Mär 2025, Zeile 14, Spalte Stunden"
    k = befund(Code.KONFIG_UNGUELTIG, "ki.toml", None, 12, "pauschal", None, "x")
    assert ort(k) == "Zeile 12, Schlüssel pauschal"
