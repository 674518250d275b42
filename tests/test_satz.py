"""How a sheet is laid out for print (`ausgabe.satz`): lines of wrapped text, the print scale, and
the rows of a sheet on its pages: a block that fits a page is never split, a page break never
falls at the top of a page, a repeated header row takes its room on every further page."""

from __future__ import annotations

import math

import openpyxl
import pytest
from xlsxwriter import Workbook

from kibericht.ausgabe import satz
from kibericht.ausgabe.satz import (
    ABSTAND,
    ZEILE,
    Satz,
    hoehe,
    massstab,
    passt,
    seitenhoehe,
    spalte_pt,
    textbreite,
    wortbreite,
    zeilen,
)


def test_lines_of_wrapped_text():
    assert zeilen("Fachkraft Sozialpädagogik", 14) == 2
    assert zeilen("Fachkraft Sozialpädagogik", 40) == 1
    assert zeilen("Fachkraft Sozialpädagogik", 10) == 3  # „Sozialpädagogik“ itself broken
    assert zeilen(None, 5) == zeilen(float("nan"), 5) == 1
    assert zeilen("eins\nzwei\ndrei", 40) == 3
    # a word longer than the line breaks within it: as many lines as it is long
    wort = "Antidiskriminierungsberatung"
    breite = 6.0
    assert zeilen(wort, breite) == math.ceil(textbreite(wort) / satz.textraum(breite))
    # a hyphen or a slash is a place to break
    assert zeilen("Übergangsmanagement Schule-Beruf", 14) == zeilen("Übergangsmanagement Schule- Beruf", 14)
    assert zeilen("Schule/Beruf", 5) >= 2


def test_a_word_fits_the_width_wortbreite_gives_it_and_not_much_less():
    for text in ("Teilnehmende", "Stunden mit Schwerpunkt", "VZÄ im Stellenplan", "Anspruch/Jahr"):
        breite = wortbreite(text)
        woerter = text.replace("/", "/ ").split()
        assert all(passt(w, breite) for w in woerter), text
        assert not all(passt(w, breite - 1) for w in woerter), text
        assert zeilen(text, breite) <= len(woerter)


def test_the_scale_fits_the_columns_to_the_page_width():
    schmal = [10.0, 12.0, 12.0]
    assert massstab(schmal, hochformat=False) == 100
    for breiten, hochformat in (([40.0] * 6, False), ([30.0] * 5, True), ([8.0] * 40, False)):
        prozent = massstab(breiten, hochformat)
        seite = (satz.A4_HOCH if hochformat else satz.A4_BREIT) - (satz.RAND_LINKS + satz.RAND_RECHTS) * 72
        gesamt = sum(spalte_pt(b) for b in breiten)
        assert prozent < 100 and gesamt * prozent / 100 <= seite
        assert gesamt * (prozent + 1) / 100 > seite - 4  # no smaller than it needs to be


def test_row_heights():
    assert hoehe(1) == ZEILE
    assert hoehe(3) > hoehe(2) > ZEILE


def _satz(tmp_path, breiten=(20.0, 10.0), hochformat=False):
    wb = Workbook(str(tmp_path / "satz.xlsx"))
    return wb, Satz(wb.add_worksheet("Blatt"), breiten, hochformat)


def test_rows_fill_a_page_and_the_next_row_starts_a_new_one(tmp_path):
    wb, s = _satz(tmp_path)
    pro_seite = int(s.seite // ZEILE)
    for _ in range(pro_seite + 1):
        s.zeile()
    assert s.umbrueche == [pro_seite]
    s.fertig()
    wb.close()
    ws = openpyxl.load_workbook(tmp_path / "satz.xlsx")["Blatt"]
    assert [b.id for b in ws.row_breaks.brk] == [pro_seite]
    assert ws.print_area == "'Blatt'!$A$1:$B$" + str(pro_seite + 1)
    assert ws.column_dimensions["A"].width == pytest.approx(20.0, abs=0.8)


def test_a_block_that_fits_a_page_moves_whole_to_the_next(tmp_path):
    _, s = _satz(tmp_path)
    for _ in range(20):
        s.zeile()
    rest = s.frei
    s.zusammen(rest + 1)  # does not fit the rest of this page, fits a page: a new page
    assert s.umbrueche == [20] and s.oben
    s.abstand()  # no empty row at the top of a page
    assert s.naechste == 20
    s.zusammen(s.seite + 1)  # longer than a page: starts where it is, nothing to gain
    assert s.umbrueche == [20]


def test_a_block_longer_than_the_rest_but_not_a_page_never_breaks_at_the_top(tmp_path):
    _, s = _satz(tmp_path)
    s.zusammen(s.seite - 1)
    assert s.umbrueche == []  # already at the top of a page
    s.zeile()
    s.abstand()
    assert s.gesamt == ZEILE + ABSTAND


def test_a_repeated_header_takes_its_room_on_every_further_page(tmp_path):
    _, s = _satz(tmp_path)
    kopf = s.zeile(30.0)
    s.wiederholen(kopf, 30.0)
    while not s.umbrueche:
        s.zeile()
    erste = s.naechste - 1  # the first row of the second page
    while len(s.umbrueche) < 2:
        s.zeile()
    zweite_seite = s.umbrueche[1] - s.umbrueche[0]
    assert zweite_seite == int((s.seite - 30.0) // ZEILE)
    assert s.umbrueche[0] == erste


def test_one_page_scales_the_sheet_down_to_fit(tmp_path):
    wb, s = _satz(tmp_path, hochformat=True)
    for _ in range(120):
        s.zeile()
    s.fertig(eine_seite=True)
    wb.close()
    ws = openpyxl.load_workbook(tmp_path / "satz.xlsx")["Blatt"]
    assert not ws.row_breaks.brk
    assert ws.page_setup.scale == math.floor(100 * seitenhoehe(True) / (120 * ZEILE))
