"""The PDF's pages: fonts, paragraph styles, the table style, header and footer with „Seite x von y“.

The fonts are DejaVu Sans, which matplotlib ships (so no font has to be installed), embedded as
subsets. `pdf` sets the report's parts on these pages.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from kibericht.ausgabe import matplotlib_ordner
from kibericht.zahlen import de_prozent, de_zahl

SCHRIFT = "DejaVuSans"
FETT = "DejaVuSans-Bold"
BLAU = colors.HexColor("#1f4e79")
KOPF = colors.HexColor("#dbe5f1")
LINIE = colors.HexColor("#7f7f7f")
GRAU = colors.HexColor("#f2f2f2")
RAND = 1.8 * cm  # left, right, top and bottom
BREITE = A4[0] - 3.6 * cm  # the text width between the margins


def schriften() -> None:
    """DejaVu Sans from matplotlib's data, registered once (embedded as a subset)."""
    if SCHRIFT in pdfmetrics.getRegisteredFontNames():
        return
    matplotlib_ordner.vorbereiten()
    import matplotlib

    ordner = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(SCHRIFT, str(ordner / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FETT, str(ordner / "DejaVuSans-Bold.ttf")))


def stile() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("text", fontName=SCHRIFT, fontSize=9, leading=12)
    return {
        "text": base,
        "klein": ParagraphStyle("klein", parent=base, fontSize=7.5, leading=9.5),
        # a long word breaks after its hyphen („KIM-|Koordination“), not within it
        "zelle": ParagraphStyle("zelle", parent=base, fontSize=8, leading=10, embeddedHyphenation=1),
        "zelle_fett": ParagraphStyle("zelle_fett", parent=base, fontName=FETT, fontSize=8, leading=10),
        "kopf_klein": ParagraphStyle("kopf_klein", parent=base, fontName=FETT, fontSize=7, leading=8.5,
                                     embeddedHyphenation=1),
        "zahl": ParagraphStyle("zahl", parent=base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "titel": ParagraphStyle("titel", parent=base, fontName=FETT, fontSize=17, leading=21, textColor=BLAU),
        "untertitel": ParagraphStyle("untertitel", parent=base, fontName=FETT, fontSize=11, leading=14),
        # a heading never ends a page: it stays with what follows it
        "h2": ParagraphStyle("h2", parent=base, fontName=FETT, fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=4, textColor=BLAU, keepWithNext=1),
        "notiz": ParagraphStyle("notiz", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor(
            "#555555")),
    }


def esc(text: object) -> str:
    """Text from the configuration or the input, safe inside a Paragraph (no markup)."""
    return escape(str(text))


def zahl(value, art: str) -> str:
    """A figure as a table cell shows it: „–“ for none, German digits, „%“ or „€“ by its kind."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if art == "stunden":
        return de_zahl(value)
    if art == "prozent":
        return de_prozent(value)
    if art == "euro":
        return f"{de_zahl(value)} €"
    return de_zahl(value, 0)


ENG = 3  # points beside a cell's text in a table of many narrow columns (`tabelle(eng=True)`)


def _breiteste(zelle: object, fett: bool) -> float:
    """The width of the widest part of a cell that must not break: a word of a Paragraph (its
    lines and words as set), a plain cell (a figure) whole."""
    if isinstance(zelle, Paragraph):
        stil = zelle.style
        woerter = zelle.text.replace("<br/>", " ").split()
        return max((pdfmetrics.stringWidth(w, stil.fontName, stil.fontSize) for w in woerter), default=0.0)
    return pdfmetrics.stringWidth(str(zelle), FETT if fett else SCHRIFT, 8)


def spaltenbreiten(zeilen: list[list], erste: float, breite: float = BREITE,
                   polster: float = ENG) -> list[float]:
    """Column widths for a table of a name column at least `erste` wide and columns of figures
    sharing the rest of `breite`: no heading breaks within a word („Summe“, not „Summ-e“) and no
    figure within itself, where the width allows it. A column of figures gets its need (its
    heading's longest word, its widest figure) where that is more than an equal share, the
    others share what is left; the name column grows to its longest word where the figures
    leave room. `polster`: the points beside a cell's text on either side; the last row is the
    Summe row (bold)."""
    n = len(zeilen[0])
    summe = len(zeilen) - 1
    noetig = [max(_breiteste(z[j], fett=i == summe) for i, z in enumerate(zeilen)) + 2 * polster + 0.5
              for j in range(n)]
    erste = max(erste, min(noetig[0], breite - sum(noetig[1:])))
    fest: dict[int, float] = {}
    while True:
        frei = [j for j in range(1, n) if j not in fest]
        anteil = (breite - erste - sum(fest.values())) / max(len(frei), 1)
        mehr = {j: noetig[j] for j in frei if noetig[j] > anteil}
        if not mehr:
            return [erste] + [fest.get(j, anteil) for j in range(1, n)]
        fest.update(mehr)


MIN_ZEILEN = 2  # rows of a table that stand together at least, before and after a page break
ZUSAMMEN = 16  # a table of at most so many rows is never split


def tabelle(zeilen: list[list], breiten: list[float], kopfzeilen: int = 1, summe: bool = False,
            rechts_ab: int = 1, eng: bool = False) -> Table:
    """A table with a shaded header row, thin lines, numbers right-aligned from `rechts_ab`;
    `eng`: less space beside the cells' text, for many narrow columns.

    A short table stays on one page; a longer one breaks between pages with its header row
    repeated and at least `MIN_ZEILEN` rows on either side, so no page holds a single row."""
    table = Table(zeilen, colWidths=breiten, repeatRows=kopfzeilen, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), SCHRIFT, 8),
        ("FONT", (0, 0), (-1, kopfzeilen - 1), FETT, 8),
        ("BACKGROUND", (0, 0), (-1, kopfzeilen - 1), KOPF),
        ("GRID", (0, 0), (-1, -1), 0.3, LINIE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (rechts_ab, kopfzeilen), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if summe:
        style.append(("FONT", (0, -1), (-1, -1), FETT, 8))
    if eng:
        style += [("LEFTPADDING", (0, 0), (-1, -1), ENG), ("RIGHTPADDING", (0, 0), (-1, -1), ENG)]
    table.setStyle(TableStyle(style + zusammenhalt(len(zeilen), kopfzeilen)))
    return table


def zusammenhalt(n: int, kopfzeilen: int = 1) -> list[tuple]:
    """The style commands that keep a table of `n` rows together: whole where it is short, else
    its header with its first `MIN_ZEILEN` rows and its last `MIN_ZEILEN` rows."""
    if n - kopfzeilen <= ZUSAMMEN:
        return [("NOSPLIT", (0, 0), (-1, -1))]
    return [("NOSPLIT", (0, 0), (-1, kopfzeilen + MIN_ZEILEN - 1)),
            ("NOSPLIT", (0, n - MIN_ZEILEN), (-1, -1))]


class Seiten(Canvas):
    """A canvas that knows the number of pages when it draws header and footer („Seite x von y“);
    `kopf` is (KI, title, footer text), set on a subclass per report."""

    kopf: tuple[str, str, str] = ("", "", "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._seiten: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._seiten.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        gesamt = len(self._seiten)
        for seite in self._seiten:
            self.__dict__.update(seite)
            self._rand(gesamt)
            super().showPage()
        super().save()

    def _rand(self, gesamt: int) -> None:
        ki, titel, fuss = self.kopf
        breite, hoehe = A4
        self.saveState()
        platz = breite - 3.6 * cm - pdfmetrics.stringWidth(titel, SCHRIFT, 8) - 0.6 * cm
        # the KI's name beside the title; where both do not fit, the title stands above it
        titel_hoehe = hoehe - 1.2 * cm
        if pdfmetrics.stringWidth(ki, FETT, 8) > platz:
            platz, titel_hoehe = breite - 3.6 * cm, hoehe - 0.85 * cm
        while len(ki) > 10 and pdfmetrics.stringWidth(ki, FETT, 8) > platz:
            ki = ki[:-2].rstrip() + "…"
        self.setFont(FETT, 8)
        self.drawString(1.8 * cm, hoehe - 1.2 * cm, ki)
        self.setFont(SCHRIFT, 8)
        self.drawRightString(breite - 1.8 * cm, titel_hoehe, titel)
        self.setStrokeColor(LINIE)
        self.setLineWidth(0.4)
        self.line(1.8 * cm, hoehe - 1.35 * cm, breite - 1.8 * cm, hoehe - 1.35 * cm)
        self.line(1.8 * cm, 1.35 * cm, breite - 1.8 * cm, 1.35 * cm)
        self.setFont(SCHRIFT, 7.5)
        self.drawString(1.8 * cm, 1.0 * cm, fuss)
        self.drawRightString(breite - 1.8 * cm, 1.0 * cm, f"Seite {self._pageNumber} von {gesamt}")
        self.restoreState()
