"""The report workbook as a clerk prints it, for a KI larger than any page: every page the sheet
sets holds what it is given (so a spreadsheet program breaks nowhere else), no page holds a lone
row or ends with a title, every figure stands under a right-aligned heading of its own, one
month format; and LibreOffice prints each sheet on exactly the pages set."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest

from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.ausgabe.satz import A4_BREIT, A4_HOCH
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.druck_ki import grosses_ki

OHNE_SATZ = {"Daten"}  # one long table with print titles: the program breaks its pages itself
BILDER = {"Diagramme"}  # charts: two to a page, by their own breaks


@pytest.fixture(scope="module")
def mappen(tmp_path_factory):
    """The internal workbooks of the large KI: the annual report January to June, and June."""
    config, frame = grosses_ki(tmp_path_factory.mktemp("ki"))
    out = tmp_path_factory.mktemp("out")
    pfade = {}
    for periode in (Periode.parse_jahr("2025"), Periode.parse_monat("2025-06")):
        pfade[periode.art] = write_report(out, berechne_bericht(frame, config, periode))[0]
    return pfade


def _letzte_zeile(ws) -> int:
    m = re.search(r"\$(\d+)$", ws.print_area or "")
    return int(m.group(1)) if m else ws.max_row


def seiten(ws) -> list[list[int]]:
    """The rows (1-based) of each page as the sheet's manual page breaks set them."""
    grenzen = [0, *sorted(b.id for b in ws.row_breaks.brk), _letzte_zeile(ws)]
    return [list(range(a + 1, b + 1)) for a, b in zip(grenzen, grenzen[1:], strict=False) if b > a]


def _hoehe(ws, r: int) -> float:
    h = ws.row_dimensions[r].height
    return 15.0 if h is None else h  # XlsxWriter leaves out the default height


def _platz(ws) -> float:
    """The points of rows a page holds at the sheet's scale, between its top and bottom margins."""
    hoch = A4_BREIT if ws.page_setup.orientation == "portrait" else A4_HOCH
    m = ws.page_margins
    return (hoch - (m.top + m.bottom) * 72) * 100 / (ws.page_setup.scale or 100)


def _titelzeile(ws) -> int | None:
    m = re.match(r"\$(\d+):\$\d+", ws.print_title_rows or "")
    return int(m.group(1)) if m else None


def _leer(ws, r: int) -> bool:
    return all(c.value in (None, "") for c in ws[r])


def _ist_titel(ws, r: int) -> bool:
    """A sheet's or a table's title: bold text of 11 or 15 points."""
    zellen = [c for c in ws[r] if c.value not in (None, "")]
    return bool(zellen) and all(c.font.b and c.font.sz in (11, 15) for c in zellen)


def _ist_kopf(ws, r: int) -> bool:
    """A table's header row: shaded cells."""
    zellen = [c for c in ws[r] if c.value not in (None, "")]
    return bool(zellen) and all(c.fill.fill_type == "solid" for c in zellen)


@pytest.mark.parametrize("art", ["jahr", "monat"])
def test_every_page_holds_its_rows_and_no_page_a_lone_row_or_a_title_at_its_end(mappen, art):
    wb = openpyxl.load_workbook(mappen[art])
    for ws in wb.worksheets:
        if ws.title in OHNE_SATZ | BILDER:
            continue
        titel = _titelzeile(ws)
        platz = _platz(ws)
        alle = seiten(ws)
        for i, rows in enumerate(alle):
            wiederholt = _hoehe(ws, titel) if titel and rows[0] > titel else 0.0
            assert sum(_hoehe(ws, r) for r in rows) + wiederholt <= platz, (ws.title, i)
            inhalt = [r for r in rows if not _leer(ws, r)]
            assert inhalt, (ws.title, i)
            assert not _ist_titel(ws, inhalt[-1]), (ws.title, i)
            # a header row ends a page only where its table is empty and ends the sheet
            assert not _ist_kopf(ws, inhalt[-1]) or i == len(alle) - 1, (ws.title, i)
            if len(alle) > 1:
                # a table's header and its first two rows, or its last two rows, at least
                assert len(inhalt) >= 3 or (i > 0 and titel and len(inhalt) >= 2), (ws.title, i, inhalt)
        assert _letzte_zeile(ws) >= max((r for r in range(1, ws.max_row + 1) if not _leer(ws, r)), default=0)


def test_a_long_table_repeats_its_header_on_every_further_page(mappen):
    ws = openpyxl.load_workbook(mappen["jahr"])["Stellen"]
    alle = seiten(ws)
    assert len(alle) >= 3
    for rows in alle[1:]:
        erste = next(r for r in rows if not _leer(ws, r))
        # a page continuing a table starts with its header row; a new table with its title
        assert _ist_kopf(ws, erste) or _ist_titel(ws, erste), (ws.title, erste)


@pytest.mark.parametrize("art", ["jahr", "monat"])
def test_every_figure_stands_under_a_right_aligned_heading_of_its_own(mappen, art):
    wb = openpyxl.load_workbook(mappen[art])
    geprueft = 0
    for ws in wb.worksheets:
        if ws.title in BILDER:
            continue
        kopf = None
        for r in range(1, ws.max_row + 1):
            if _ist_kopf(ws, r):
                kopf = r
                continue
            if _leer(ws, r) or _ist_titel(ws, r):
                kopf = None
                continue
            if kopf is None:
                continue
            for c in ws[r]:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    ueber = ws.cell(kopf, c.column)
                    assert isinstance(ueber.value, str) and ueber.value, (ws.title, c.coordinate)
                    assert ueber.alignment.horizontal == "right", (ws.title, ueber.coordinate, ueber.value)
                    geprueft += 1
    assert geprueft > 500


@pytest.mark.parametrize("art", ["jahr", "monat"])
def test_text_beside_figures_keeps_its_gap(mappen, art):
    """An indent (text right of a column of figures, a status) counts only with an explicit
    alignment: under „general“ spreadsheet programs ignore it and the text touches the figure."""
    wb = openpyxl.load_workbook(mappen[art])
    eingerueckt = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value not in (None, "") and c.alignment.indent:
                    assert c.alignment.horizontal in ("left", "right"), (ws.title, c.coordinate)
                    eingerueckt += 1
    assert eingerueckt > 20


@pytest.mark.parametrize("art", ["jahr", "monat"])
def test_one_month_format(mappen, art):
    wb = openpyxl.load_workbook(mappen[art])
    monate = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str):
                    assert not re.fullmatch(r"\d{4}-\d{2}", v.strip()), (ws.title, v)
                    monate |= set(re.findall(r"\b(?:Januar|Februar|März|April|Mai|Juni) 2025\b", v))
    assert "März 2025" in monate and "Juni 2025" in monate


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_each_sheet_on_the_pages_set(mappen, tmp_path):
    """Printed through LibreOffice, each sheet laid out here takes exactly the pages its breaks
    set (no page added by the program), the sheet named in every page's footer."""
    pfad = mappen["jahr"]
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(pfad)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / pfad.with_suffix(".pdf").name
    from pypdf import PdfReader

    je_blatt: dict[str, int] = {}
    wb = openpyxl.load_workbook(pfad)
    namen = [ws.title for ws in wb.worksheets]
    for page in PdfReader(pdf).pages:
        fuss = next(z for z in page.extract_text().splitlines() if re.search(r"Seite \d+ von \d+", z))
        blatt = next(n for n in namen if f" {n} Seite " in fuss)
        je_blatt[blatt] = je_blatt.get(blatt, 0) + 1
    for ws in wb.worksheets:
        if ws.title not in OHNE_SATZ:
            assert je_blatt[ws.title] == len(seiten(ws)), ws.title


def test_the_daten_sheet_prints_every_file_name_whole(tmp_path, monkeypatch):
    """„sample_data/nachweise/TN_VW1_2025.xlsx“ is longer than the column's 34 characters: the
    column grows to it, up to 60 characters, and a longer name shrinks to the column: the sheet
    name beside it cuts none."""
    from kibericht.ablauf import load_entries
    from kibericht.ausgabe.satz import passt
    from kibericht.konfig import load_config
    from tests.conftest import SAMPLE

    config = load_config(SAMPLE / "ki.toml")
    monkeypatch.chdir(SAMPLE.parent)  # the names as given on the command line
    result = load_entries([SAMPLE.relative_to(SAMPLE.parent) / "nachweise"], config)
    b = berechne_bericht(result.entries, config, Periode.parse_monat("2025-03"))
    ws = openpyxl.load_workbook(write_report(tmp_path, b)[0])["Daten"]
    kopf = [c.value for c in ws[1]]
    spalte = ws.cell(1, kopf.index("Datei") + 1).column_letter
    breite = ws.column_dimensions[spalte].width
    namen = {c.value for c in ws[spalte][1:] if c.value}
    assert max(len(n) for n in namen) > 34
    # XlsxWriter stores the width plus 5 pixels; a name longer than 60 characters shrinks to it
    breite -= 0.71
    assert breite == pytest.approx(60, abs=0.01) and all(passt(n, breite) for n in namen if len(n) < 55)
    assert all(c.alignment.shrink_to_fit for c in ws[spalte][1:] if c.value)
