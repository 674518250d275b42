"""How a report sheet prints: its column widths, the height of every row and where pages break,
set by hand so that LibreOffice and Excel print what the sheet intends.

Spreadsheet programs neither grow a row that XlsxWriter wrote to fit its wrapped text, nor keep a
table together on one page, nor repeat the header row of a table that is not the first of its
sheet. So a report sheet is laid out here, row by row (`Satz`):

- every row gets its height, measured with the metrics of Arial (the same as Helvetica's, which
  reportlab ships): a wrapped text gets as many lines as it needs;
- a table that fits on a page is never split: where it does not fit the rest of a page, the page
  breaks before its title;
- a table longer than a page starts on a new page and repeats its header row at the top of every
  further page; no page holds a single row of a table;
- the sheet prints at a fixed scale that fits its columns to the page width (`massstab`).

Widths are estimated on the wide side (LibreOffice draws a column a little wider than Excel), line
counts on the narrow side (Excel wraps a little earlier), and a page holds a little less here than
it does on paper: so a page breaks where it is set here and nowhere else.

    >>> zeilen("Fachkraft Sozialpädagogik", 14), zeilen("Fachkraft Sozialpädagogik", 10)
    (2, 3)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from types import MappingProxyType

from reportlab.pdfbase.pdfmetrics import stringWidth
from xlsxwriter.worksheet import Worksheet

# the report workbooks' default font: column widths are counted in its digits. Read-only: XlsxWriter
# writes into the dict it is given as `default_format_properties`, so each workbook gets a copy
# (`dict(SCHRIFT)`), else the next workbook of the same process would differ in its styles.
SCHRIFT = MappingProxyType({"font_name": "Arial", "font_size": 10})
ZEILE = 15.0  # a row of one line of Arial 10, as spreadsheet programs draw it by default
ZEILENHOEHE = 12.75  # each further line of wrapped text
TITEL = 21.0  # a sheet's title (15 pt)
UNTERTITEL = 16.0  # a table's title (11 pt)
ABSTAND = 8.0  # the empty row between two blocks

# A4 in points; the margins of every report sheet in inches (`blatt.neues_blatt`)
A4_BREIT, A4_HOCH = 841.89, 595.28
RAND_LINKS = RAND_RECHTS = 0.6
RAND_OBEN, RAND_UNTEN = 0.9, 0.8
_RESERVE = 10.0  # points of a page left free: programs keep a little more than the margins


@lru_cache(maxsize=4096)
def _zeichen(c: str, fett: bool) -> float:
    """Width of a character at 10 pt; a sign Arial lacks (✓, ✗) is drawn from a wider font."""
    if ord(c) > 0xFF and c not in "–—„“”‘’…€":
        return 8.0
    return stringWidth(c, "Helvetica-Bold" if fett else "Helvetica", 10)


def textbreite(text: str, fett: bool = False, groesse: float = 10.0) -> float:
    """The width of `text` in points, in Arial of size `groesse`."""
    return sum(_zeichen(c, fett) for c in text) * groesse / 10.0


def spalte_pt(breite: float) -> float:
    """A column `breite` characters wide, in points, as LibreOffice draws it (Arial 10: 7,41 px
    per character and 5 px padding; Excel draws 7 px per character)."""
    return (breite * 7.41 + 5) * 0.75


def textraum(breite: float) -> float:
    """The points of text a column `breite` characters wide holds on a line in Excel (the
    narrower of the two programs), less the cell's padding."""
    return (int(breite * 7 + 0.5) + 5) * 0.75 - 3.5


def _stuecke(text: str) -> list[str]:
    """The text cut where a line may break: after a space, a hyphen or a slash."""
    stuecke, aktuell = [], ""
    for c in text:
        aktuell += c
        if c in " -/–":
            stuecke.append(aktuell)
            aktuell = ""
    if aktuell:
        stuecke.append(aktuell)
    return stuecke


def zeilen(text: object, breite: float, fett: bool = False, groesse: float = 10.0) -> int:
    """How many lines `text` needs wrapped in a column (or merged columns) `breite` characters
    wide: broken after spaces, hyphens and slashes, a word longer than the line within it."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return 1
    raum = textraum(breite)
    n = 0
    for absatz in str(text).split("\n"):
        n += 1
        belegt = 0.0
        for stueck in _stuecke(absatz):
            ohne = textbreite(stueck.rstrip(), fett, groesse)
            if belegt and belegt + ohne > raum:
                n += 1
                belegt = 0.0
            if ohne > raum:  # a word longer than a line: broken within it
                teile = math.ceil(ohne / raum)
                n += teile - 1
                belegt = ohne - (teile - 1) * raum
            else:
                belegt += textbreite(stueck, fett, groesse)
    return n


def passt(text: str, breite: float, fett: bool = False, groesse: float = 10.0) -> bool:
    """Whether `text` fits on one line of a column `breite` characters wide."""
    return textbreite(text, fett, groesse) <= textraum(breite)


def _spalte_fuer(punkte: float) -> float:
    """The narrowest column width (in characters, in halves) that holds `punkte` of text."""
    return math.ceil(((punkte + 3.5) / 0.75 - 5) / 7 * 2) / 2


def wortbreite(text: str, fett: bool = False) -> float:
    """The narrowest column width (in characters) in which no word of `text` breaks."""
    return _spalte_fuer(max((textbreite(w, fett) for w in text.replace("/", "/ ").split()), default=0.0))


def einzeilig(text: str, fett: bool = False) -> float:
    """The narrowest column width (in characters) in which `text` stands on one line.

        >>> passt("sample/TN_VW1_2025.xlsx", einzeilig("sample/TN_VW1_2025.xlsx"))
        True
    """
    return _spalte_fuer(textbreite(text, fett))


def hoehe(n: int) -> float:
    """The height of a row holding `n` lines of Arial 10."""
    return ZEILE if n <= 1 else ZEILENHOEHE * n + 2.25


def massstab(breiten: Sequence[float], hochformat: bool) -> int:
    """The print scale in percent at which columns of these widths fit the page width."""
    seite = (A4_BREIT if not hochformat else A4_HOCH) - (RAND_LINKS + RAND_RECHTS) * 72
    gesamt = sum(spalte_pt(b) for b in breiten)
    return max(10, min(100, math.floor(100 * (seite - 4) / gesamt)))


def seitenhoehe(hochformat: bool) -> float:
    """The points of rows a page holds at 100 %."""
    seite = A4_HOCH if not hochformat else A4_BREIT
    return seite - (RAND_OBEN + RAND_UNTEN) * 72 - _RESERVE


class Satz:
    """The layout of one sheet: its columns, and its rows one after the other with their heights
    and the page breaks between them. Rows are taken with `zeile`; `fertig` sets the breaks,
    the print area and the scale."""

    def __init__(self, ws: Worksheet, breiten: Sequence[float], hochformat: bool = False):
        self.ws = ws
        self.breiten = list(breiten)
        for j, b in enumerate(self.breiten):
            ws.set_column(j, j, b)
        self.hochformat = hochformat
        self.massstab = massstab(self.breiten, hochformat)
        self.seite = seitenhoehe(hochformat) * 100 / self.massstab
        self.naechste = 0
        self.frei = self.seite
        self.gesamt = 0.0  # the height of all rows
        self.kopf = 0.0  # the height of the repeated header row on every page (print titles)
        self.umbrueche: list[int] = []

    def breite(self, von: int = 0, bis: int | None = None) -> float:
        """Characters of width of columns `von` to `bis` (inclusive; default: the last)."""
        bis = len(self.breiten) - 1 if bis is None else bis
        return sum(self.breiten[von:bis + 1])

    @property
    def oben(self) -> bool:
        """Whether the next row starts a page."""
        return self.frei >= self.seite - self.kopf

    def umbruch(self) -> None:
        """Start a new page with the next row."""
        if self.naechste and self.naechste not in self.umbrueche:
            self.umbrueche.append(self.naechste)
        self.frei = self.seite - self.kopf

    def zusammen(self, hoehe_: float) -> None:
        """Make room for rows of `hoehe_` points that stay on one page: a new page where they do not
        fit the rest of this one but fit a page of their own."""
        if hoehe_ > self.frei and not self.oben and hoehe_ <= self.seite - self.kopf:
            self.umbruch()

    def zeile(self, hoehe_: float = ZEILE) -> int:
        """The next row, `hoehe_` points high: on this page, or on the next where it does not fit."""
        if hoehe_ > self.frei and not self.oben:
            self.umbruch()
        row = self.naechste
        self.ws.set_row(row, hoehe_)
        self.naechste += 1
        self.frei -= hoehe_
        self.gesamt += hoehe_
        return row

    def abstand(self) -> None:
        """An empty row between two blocks (none at the top of a page)."""
        if not self.oben:
            self.zeile(ABSTAND)

    def wiederholen(self, row: int, hoehe_: float) -> None:
        """Repeat `row` (a header row of `hoehe_` points) at the top of every further page."""
        self.ws.repeat_rows(row)
        self.kopf = hoehe_

    def fertig(self, eine_seite: bool = False) -> None:
        """Set the page breaks, the print area (the sheet's columns) and the scale; `eine_seite`:
        the sheet prints on one page, smaller where it is longer."""
        scale = self.massstab
        if eine_seite:
            self.umbrueche = []
            scale = min(scale, math.floor(100 * seitenhoehe(self.hochformat) / max(self.gesamt, 1)))
        if self.umbrueche:
            self.ws.set_h_pagebreaks(sorted(self.umbrueche))
        self.ws.print_area(0, 0, max(self.naechste - 1, 0), len(self.breiten) - 1)
        self.ws.set_print_scale(max(scale, 10))
