"""The report PDF as printed: no page holds a single row of a table, a heading never ends a page,
the staffing's heading, sentence and table stand on one page, no heading of a narrow column
breaks within a word („Summ|e“), and a figure of the Kurzfassung never leaves its „€“ or „%“ on
the next line. Measured as reportlab sets it: every flowable noted with the page it is drawn
on."""

from __future__ import annotations

import io
import re

import pytest
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from kibericht.ausgabe import pdf as pdf_modul
from kibericht.ausgabe import texte
from kibericht.ausgabe.abschnitte import abschnitte
from kibericht.ausgabe.diagramme import png_bytes, report_charts
from kibericht.ausgabe.pdf_seiten import (
    BREITE,
    ENG,
    FETT,
    MIN_ZEILEN,
    RAND,
    schriften,
    spaltenbreiten,
    stile,
    tabelle,
)
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.druck_ki import grosses_ki


@pytest.fixture(autouse=True)
def _schriften():
    schriften()


class _Protokoll(SimpleDocTemplate):
    """A document that notes every flowable it draws with its page; every table gets an ident
    first, which reportlab hands on to the parts of a table split across pages."""

    zuletzt: _Protokoll | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gezeichnet: list[tuple[int, object]] = []
        _Protokoll.zuletzt = self

    def build(self, flowables, **kwargs):
        for i, t in enumerate(_tabellen(flowables)):
            t.ident = f"tabelle-{i}"
        super().build(flowables, **kwargs)

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab's name)
        self.gezeichnet.append((self.page, flowable))


def _tabellen(flowables) -> list[Table]:
    found = []
    for f in flowables:
        if isinstance(f, Table):
            found.append(f)
        elif isinstance(f, KeepTogether):
            found += _tabellen(f._content)
    return found


def _teile(gezeichnet) -> dict[str, list[tuple[int, int]]]:
    """Per table: (page, rows drawn there) of each of its parts (a part's ident is its table's
    with „[n]“ appended)."""
    teile: dict[str, list[tuple[int, int]]] = {}
    for seite, f in gezeichnet:
        if isinstance(f, Table) and f.ident:
            teile.setdefault(f.ident.split("[")[0], []).append((seite, len(f._cellvalues)))
    return teile


def _absaetze(zelle) -> list[Paragraph]:
    """The Paragraphs of a table cell (a drawn table holds a cell's flowables as a tuple)."""
    if isinstance(zelle, Paragraph):
        return [zelle]
    return [p for p in zelle if isinstance(p, Paragraph)] if isinstance(zelle, (list, tuple)) else []


def _ist_ueberschrift(f) -> bool:
    return isinstance(f, Paragraph) and f.style.name == "h2"


def _zeilen(p: Paragraph) -> list[str]:
    """The lines of a Paragraph as reportlab set them."""
    bl = p.blPara
    if bl.kind == 0:
        return [" ".join(words) for _, words in bl.lines]
    return ["".join(getattr(w, "text", "") for w in line.words) for line in bl.lines]


def _im_wort_gebrochen(p: Paragraph) -> list[str]:
    """The pieces of a Paragraph's lines that are neither a whole word of its text nor a part of
    one ending at or starting after one of its hyphens."""
    woerter = p.text.replace("<br/>", " ").split()
    erlaubt = set(woerter)
    for w in woerter:
        stuecke = re.split(r"(?<=-)", w)
        n = len(stuecke)
        erlaubt |= {"".join(stuecke[i:j]) for i in range(n) for j in range(i + 1, n + 1)}
    return [s for zeile in _zeilen(p) for s in zeile.split() if s not in erlaubt]


def _bauen(story) -> _Protokoll:
    doc = _Protokoll(io.BytesIO(), leftMargin=RAND, rightMargin=RAND, topMargin=RAND, bottomMargin=RAND)
    doc.build(story)
    return doc


def _lange_tabelle(n: int) -> Table:
    zeilen = [["Tätigkeit", "Anzahl"], *[[f"Tätigkeit {i}", str(i)] for i in range(n - 2)], ["Summe", "1"]]
    return tabelle(zeilen, [BREITE - 3 * cm, 3 * cm], summe=True)


@pytest.mark.parametrize("ueberschrift", [False, True])
@pytest.mark.parametrize("zeilen", [12, 17, 40, 53, 54, 120])
def test_a_table_never_leaves_a_single_row_on_a_page(zeilen, ueberschrift):
    """Wherever a page ends, a table keeps its header with at least two rows and ends a split
    with at least two rows; a short table is never split; a heading stays with its table."""
    st = stile()
    for oben in range(0, 720, 7):
        titel = [Paragraph("Überschrift", st["h2"])] if ueberschrift else []
        doc = _bauen([Spacer(1, oben), *titel, _lange_tabelle(zeilen)])
        teile = _teile(doc.gezeichnet)["tabelle-0"]
        # every row drawn once, each further part repeating the header
        assert sum(n for _, n in teile) - (len(teile) - 1) == zeilen, oben
        if zeilen <= 17:
            assert len(teile) == 1, oben
        for _, n in teile:
            assert n - 1 >= MIN_ZEILEN, (oben, teile)
        if ueberschrift:
            assert next(seite for seite, f in doc.gezeichnet if _ist_ueberschrift(f)) == teile[0][0], oben


def test_column_widths_keep_every_heading_word_and_figure_whole():
    st = stile()
    kopf = [Paragraph("Tätigkeit", st["kopf_klein"]),
            *[Paragraph(f"SP{i}", st["kopf_klein"]) for i in range(1, 10)],
            Paragraph("ohne SP", st["kopf_klein"]), Paragraph("Summe", st["kopf_klein"])]
    zeilen = [kopf, [Paragraph("Antidiskriminierungsberatung", st["zelle"]), *["7"] * 10, "66"],
              ["Summe", *["112"] * 10, "1.800"]]
    breiten = spaltenbreiten(zeilen, 3.9 * cm)
    assert len(breiten) == 12 and sum(breiten) == pytest.approx(BREITE)
    assert breiten[-1] >= stringWidth("Summe", FETT, 7) + 2 * ENG
    assert breiten[-1] >= stringWidth("1.800", FETT, 8) + 2 * ENG
    assert breiten[0] >= stringWidth("Antidiskriminierungsberatung", "DejaVuSans", 8) + 2 * ENG
    # the columns of figures that need no more share the rest equally
    assert len({round(b, 6) for b in breiten[1:-1]}) == 1
    # too little room: the name column keeps its minimum, the figures get what they need
    schmal = spaltenbreiten(zeilen, 3.9 * cm, breite=12 * cm)
    assert schmal[0] == 3.9 * cm and schmal[-1] >= stringWidth("Summe", FETT, 7) + 2 * ENG


@pytest.fixture(scope="module")
def gedruckt(tmp_path_factory):
    """The internal annual report (January to June) and the June report of the large KI: per
    report the flowables as drawn, page by page."""
    config, frame = grosses_ki(tmp_path_factory.mktemp("gross"))
    ergebnis = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_modul, "SimpleDocTemplate", _Protokoll)
        for periode in (Periode.parse_jahr("2025"), Periode.parse_monat("2025-06")):
            b = berechne_bericht(frame, config, periode)
            charts = report_charts(b)
            images = {c.name: png_bytes(c.zeichnen) for c in charts}
            pdf_modul.pdf_bytes(abschnitte(b), charts, images)
            ergebnis[periode.art] = (_Protokoll.zuletzt.gezeichnet, abschnitte(b))
    return ergebnis


@pytest.mark.parametrize("art", ["jahr", "monat"])
def test_no_heading_ends_a_page_and_no_table_part_holds_a_single_row(gedruckt, art):
    gezeichnet, _ = gedruckt[art]
    for i, (seite, f) in enumerate(gezeichnet):
        if _ist_ueberschrift(f):
            naechste = gezeichnet[i + 1][0]
            assert naechste == seite, f.text
    for ident, teile in _teile(gezeichnet).items():
        if len(teile) > 1:
            assert all(n - 1 >= MIN_ZEILEN for _, n in teile), (ident, teile)


@pytest.mark.parametrize("art", ["jahr", "monat"])
def test_no_table_heading_breaks_within_a_word(gedruckt, art):
    gezeichnet, _ = gedruckt[art]
    tabellen = [f for _, f in gezeichnet if isinstance(f, Table) and f.ident]
    assert len(tabellen) >= 6
    koepfe = [p for t in tabellen for zelle in t._cellvalues[0] for p in _absaetze(zelle)]
    assert art == "monat" or "Summe" in {p.text for p in koepfe}  # the narrow columns of the annual report
    for p in koepfe:
        assert _im_wort_gebrochen(p) == [], p.text


def test_the_staffing_stands_with_its_heading_and_the_months(gedruckt):
    gezeichnet, teile = gedruckt["jahr"]
    start = next(i for i, (_, f) in enumerate(gezeichnet)
                 if _ist_ueberschrift(f) and texte.BESETZUNG in f.text)
    seite = gezeichnet[start][0]
    satz, tabelle_ = gezeichnet[start + 1], next(x for x in gezeichnet[start:] if isinstance(x[1], Table))
    assert satz[1].text == teile.personal.satz and satz[0] == seite
    assert tabelle_[0] == seite and len(tabelle_[1]._cellvalues) == 1 + 6  # January to June


def test_the_kurzfassung_keeps_euro_and_percent_with_their_figures(gedruckt):
    gezeichnet, teile = gedruckt["jahr"]
    saetze = [f for _, f in gezeichnet if isinstance(f, Paragraph) and f.style.name == "text"]
    ueberschritten = next(p for p in saetze if "überschritten um" in p.text)
    assert "Höchstbetrag 120.000,00\u00a0€ – überschritten um 293.250,00\u00a0€" in ueberschritten.text
    for p in saetze:
        for zeile in _zeilen(p):
            assert not re.match(r"\s*[€%]", zeile), (p.text, zeile)
    assert any(satz.startswith("Pauschale KI:") for satz in teile.kurzfassung)
