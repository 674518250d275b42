"""The report as a PDF for the committee: `Monatsbericht_2025-03.pdf`, `Jahresbericht_2025.pdf`.

Rendered from the report value with reportlab (platypus): title with KI and period, a short
summary, the key figures with their comparisons, the table by Handlungsfeld and Schwerpunkt with
the titles, the milestones, funding of the period against the cap, staffing, the main charts and
a block „Datum, Unterschrift Leitung“. A monthly report fits on four A4 pages; the annual report
reads like a KI's Tätigkeitsbericht (counts first, then milestones and staffing, then hours,
quota and funding).

The fonts are DejaVu Sans, which matplotlib ships (so no font has to be installed), embedded as
subsets; reportlab's `invariant` mode leaves out the creation date and the random document id,
so the same report gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kibericht import __version__
from kibericht.ausgabe import texte
from kibericht.regeln.aggregation import HANDLUNGSFELDER, OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import Bericht
from kibericht.zahlen import anzahl, de_prozent, de_zahl

SCHRIFT = "DejaVuSans"
FETT = "DejaVuSans-Bold"
BLAU = colors.HexColor("#1f4e79")
KOPF = colors.HexColor("#dbe5f1")
LINIE = colors.HexColor("#7f7f7f")
BREITE = A4[0] - 3.6 * cm  # the text width between the margins
# long words of narrow table headings, hyphenated (reportlab would break them anywhere)
TRENNUNG = {"Querschnitt": "Quer-<br/>schnitt", "Übergreifend": "Über-<br/>greifend",
            "Teilnehmende": "Teil-<br/>nehmende"}


def _schriften() -> None:
    """DejaVu Sans from matplotlib's data, registered once (embedded as a subset)."""
    if SCHRIFT in pdfmetrics.getRegisteredFontNames():
        return
    ordner = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(SCHRIFT, str(ordner / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FETT, str(ordner / "DejaVuSans-Bold.ttf")))


def _stile() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("text", fontName=SCHRIFT, fontSize=9, leading=12)
    return {
        "text": base,
        "klein": ParagraphStyle("klein", parent=base, fontSize=7.5, leading=9.5),
        "zelle": ParagraphStyle("zelle", parent=base, fontSize=8, leading=10),
        "zelle_fett": ParagraphStyle("zelle_fett", parent=base, fontName=FETT, fontSize=8, leading=10),
        "kopf_klein": ParagraphStyle("kopf_klein", parent=base, fontName=FETT, fontSize=7, leading=8.5),
        "zahl": ParagraphStyle("zahl", parent=base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "titel": ParagraphStyle("titel", parent=base, fontName=FETT, fontSize=17, leading=21, textColor=BLAU),
        "untertitel": ParagraphStyle("untertitel", parent=base, fontName=FETT, fontSize=11, leading=14),
        "h2": ParagraphStyle("h2", parent=base, fontName=FETT, fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=4, textColor=BLAU),
        "notiz": ParagraphStyle("notiz", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor(
            "#555555")),
    }


def _esc(text: object) -> str:
    """Text from the configuration or the input, safe inside a Paragraph (no markup)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Seiten(Canvas):
    """A canvas that knows the number of pages when it draws header and footer („Seite x von y“)."""

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


def _tabelle(zeilen: list[list], breiten: list[float], kopfzeilen: int = 1, summe: bool = False,
             rechts_ab: int = 1) -> Table:
    """A table with a shaded header row, thin lines, numbers right-aligned from `rechts_ab`."""
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
    table.setStyle(TableStyle(style))
    return table


def _zahl(value, art: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if art == "stunden":
        return de_zahl(value)
    if art == "prozent":
        return de_prozent(value)
    if art == "euro":
        return f"{de_zahl(value)} €"
    return de_zahl(value, 0)


class _Bericht:
    """The story (the flowables) of one report."""

    def __init__(self, bericht: Bericht, charts, images: dict[str, bytes], oeffentlich: bool):
        self.b = bericht
        self.charts = charts
        self.images = images
        self.oeffentlich = oeffentlich
        self.st = _stile()
        self.story: list = []

    def p(self, text: str, stil: str = "text") -> Paragraph:
        return Paragraph(text, self.st[stil])

    def add(self, *flowables) -> None:
        self.story.extend(flowables)

    # -- parts --------------------------------------------------------------------------------
    def titelblock(self) -> None:
        b = self.b
        self.add(self.p(_esc(texte.titel(b)), "titel"), self.p(_esc(b.config.name), "untertitel"),
                 self.p("Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung"
                        + (f" – {texte.OEFFENTLICH}" if self.oeffentlich else ""), "notiz"),
                 self.p(f"Zeitraum {b.periode.start:%d.%m.%Y} – {b.stichtag:%d.%m.%Y} · {texte.stand(b)}",
                        "notiz"), Spacer(1, 6))

    def kurzfassung(self) -> None:
        self.add(self.p("Kurzfassung", "h2"))
        for satz in texte.kurzfassung(self.b, self.oeffentlich):
            self.add(self.p(_esc(satz)))
        if self.oeffentlich:
            self.add(Spacer(1, 3), self.p(_esc(texte.DATENSCHUTZ), "notiz"))

    def kennzahlen(self, nummer: str = "") -> None:
        b = self.b
        self.add(self.p(f"{nummer}Kennzahlen und Vergleich", "h2"))
        spalten = b.vergleich.spalten()
        kopf = [""] + [self.p(_esc(h).replace("\n", "<br/>"), "zelle_fett")
                       for h in texte.vergleich_ueberschriften(b)]
        zeilen = [kopf]
        for label, feld, art in texte.KENNZAHLEN:
            zeilen.append([label] + [_zahl(texte.wert(k, feld), art) for _, k in spalten])
        rest = (BREITE - 5.2 * cm) / len(spalten)
        self.add(_tabelle(zeilen, [5.2 * cm] + [rest] * len(spalten)))
        s = b.summary
        zeilen = [["Mindestanteil", de_prozent(s.mindestanteil, 0)],
                  ["Schwerpunktquote im Zeitraum", texte.quote_status(s.erfuellt).text]]
        if b.monatlich:
            zeilen.append(["Schwerpunktquote seit Jahresbeginn",
                           texte.quote_status(s.quote_bis_jetzt.erfuellt).text])
        self.add(Spacer(1, 4), _tabelle([["Schwerpunktquote", ""], *zeilen], [6.2 * cm, BREITE - 6.2 * cm],
                                         rechts_ab=9))
        if b.nicht_gezaehlt_vergleich and not self.oeffentlich:
            zeilen_text = anzahl(b.nicht_gezaehlt_vergleich, "fehlerhafte Zeile", "fehlerhafte Zeilen")
            self.add(self.p(f"Die Vergleichswerte enthalten {zeilen_text} anderer Monate nicht.", "notiz"))

    def foerderung(self, nummer: str = "") -> None:
        b = self.b
        self.add(self.p(f"{nummer}Landesförderung (Pauschale, Anteilsregel {b.foerderung.regel})", "h2"))
        rows = texte.foerder_zeilen(b)
        if not rows:
            self.add(self.p("Keine Förderprogramme konfiguriert.", "notiz"))
            return
        kopf = list(rows[0].keys())
        zeilen = [[self.p(_esc(k), "zelle_fett") for k in kopf]]
        for r in rows:
            zeilen.append([self.p(_esc(v), "zelle") if k in ("Programm", "Status") else _zahl(v, "euro")
                           for k, v in r.items()])
        n = len(kopf)
        breiten = [2.6 * cm] + [(BREITE - 2.6 * cm - 4.2 * cm) / (n - 2)] * (n - 2) + [4.2 * cm]
        self.add(_tabelle(zeilen, breiten))

    def schwerpunkt_tabelle(self, nummer: str = "") -> None:
        """Entries, Teilnehmende and hours by Handlungsfeld, each with its Schwerpunkte (titles)."""
        s, b = self.b.summary, self.b
        self.add(self.p(f"{nummer}Nach Handlungsfeld und Themenschwerpunkt", "h2"))
        kopf = ["Handlungsfeld / Schwerpunkt", "Einträge", "Teiln.", "Stunden", "Anteil"]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        fett = []
        hf, sp = s.nach_handlungsfeld, s.nach_schwerpunkt
        for feld in HANDLUNGSFELDER:
            if feld not in hf.index:
                continue
            r = hf.loc[feld]
            fett.append(len(zeilen))
            zeilen.append([self.p(_esc(feld), "zelle_fett"), _zahl(r["eintraege"], "n"),
                           _zahl(r["teilnehmende"], "n"), _zahl(r["stunden"], "stunden"),
                           _zahl(r["anteil"], "prozent")])
            for schwerpunkt in b.config.schwerpunkte:
                if schwerpunkt.handlungsfeld != feld or schwerpunkt.id not in sp.index:
                    continue
                q = sp.loc[schwerpunkt.id]
                zeilen.append([self.p(f"{_esc(schwerpunkt.id)} – {_esc(schwerpunkt.titel)}", "zelle"),
                               _zahl(q["eintraege"], "n"), _zahl(q["teilnehmende"], "n"),
                               _zahl(q["stunden"], "stunden"), _zahl(q["anteil"], "prozent")])
        q = sp.loc[OHNE_SCHWERPUNKT]
        zeilen.append([self.p("ohne Themenschwerpunkt (alle Handlungsfelder)", "zelle"),
                       _zahl(q["eintraege"], "n"), _zahl(q["teilnehmende"], "n"),
                       _zahl(q["stunden"], "stunden"), _zahl(q["anteil"], "prozent")])
        zeilen.append(["Summe", _zahl(s.eintraege, "n"), _zahl(s.teilnehmende, "n"),
                       _zahl(s.stunden, "stunden"), _zahl(1.0 if s.stunden else None, "prozent")])
        rest = 2.0 * cm
        table = _tabelle(zeilen, [BREITE - 4 * rest] + [rest] * 4, summe=True)
        grau = colors.HexColor("#f2f2f2")
        table.setStyle(TableStyle([("BACKGROUND", (0, i), (-1, i), grau) for i in fett]))
        self.add(table)

    def taetigkeiten(self, nummer: str = "", nach_feld: bool = False) -> None:
        s = self.b.summary
        self.add(self.p(f"{nummer}Tätigkeiten: Anzahl und Teilnehmende", "h2"))
        t = s.nach_taetigkeit
        t = t[t["eintraege"] > 0]
        if nach_feld:
            felder = [f for f in HANDLUNGSFELDER if s.taetigkeit_handlungsfeld[f].sum() > 0]
            kopf = ["Tätigkeit", "Anzahl", *felder, "Teilnehmende", "Stunden"]
            zeilen = [[self.p(TRENNUNG.get(k, k), "kopf_klein") for k in kopf]]
            for name, r in t.iterrows():
                zeilen.append([_esc(name), _zahl(r["eintraege"], "n"),
                               *[_zahl(s.taetigkeit_handlungsfeld.loc[name, f], "n") for f in felder],
                               _zahl(r["teilnehmende"], "n"), _zahl(r["stunden"], "stunden")])
            zeilen.append(["Summe", _zahl(s.eintraege, "n"),
                           *[_zahl(s.taetigkeit_handlungsfeld[f].sum(), "n") for f in felder],
                           _zahl(s.teilnehmende, "n"), _zahl(s.stunden, "stunden")])
            n = len(kopf) - 1
            self.add(_tabelle(zeilen, [3.4 * cm] + [(BREITE - 3.4 * cm) / n] * n, summe=True))
            return
        kopf = ["Tätigkeit", "Anzahl", "Teilnehmende", "Stunden", "Anteil an allen Stunden"]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        for name, r in t.iterrows():
            zeilen.append([_esc(name), _zahl(r["eintraege"], "n"), _zahl(r["teilnehmende"], "n"),
                           _zahl(r["stunden"], "stunden"), _zahl(r["anteil"], "prozent")])
        zeilen.append(["Summe", _zahl(s.eintraege, "n"), _zahl(s.teilnehmende, "n"),
                       _zahl(s.stunden, "stunden"), _zahl(1.0 if s.stunden else None, "prozent")])
        self.add(_tabelle(zeilen, [BREITE - 4 * 2.9 * cm] + [2.9 * cm] * 4, summe=True))

    def taetigkeiten_je_schwerpunkt(self, nummer: str = "") -> None:
        s, b = self.b.summary, self.b
        matrix = s.taetigkeit_schwerpunkt
        spalten = [c for c in matrix.columns if matrix[c].sum() > 0]
        matrix = matrix.loc[matrix[spalten].sum(axis=1) > 0, spalten]
        self.add(self.p(f"{nummer}Tätigkeiten nach Themenschwerpunkt (Anzahl)", "h2"))
        kopf = ["Tätigkeit", *["ohne SP" if c == OHNE_SCHWERPUNKT else c for c in spalten], "Summe"]
        zeilen = [[self.p(_esc(k), "kopf_klein") for k in kopf]]
        for name, r in matrix.iterrows():
            zeilen.append([_esc(name), *[_zahl(v, "n") for v in r], _zahl(r.sum(), "n")])
        zeilen.append(["Summe", *[_zahl(matrix[c].sum(), "n") for c in spalten],
                       _zahl(matrix.to_numpy().sum(), "n")])
        n = len(kopf) - 1
        self.add(_tabelle(zeilen, [4.0 * cm] + [(BREITE - 4.0 * cm) / n] * n, summe=True))
        titel = "; ".join(f"{sp.id}: {sp.titel}" for sp in b.config.schwerpunkte if sp.id in spalten)
        self.add(self.p(_esc(titel), "notiz"))

    def meilensteine(self, nummer: str = "") -> None:
        b = self.b
        self.add(self.p(f"{nummer}Meilensteine {b.periode.jahr} (Stand {b.stichtag:%d.%m.%Y})", "h2"))
        if not b.meilensteine:
            self.add(self.p(f"Für {b.periode.jahr} sind keine Meilensteine konfiguriert.", "notiz"))
            return
        kopf = ["Schwerpunkt", "Meilenstein", "Ist / Ziel", "Status"]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        for m in b.meilensteine:
            ziel = "–" if m.ist is None else f"{m.ist} / {m.meilenstein.mindestens}" + (
                f"–{m.meilenstein.hoechstens}" if m.meilenstein.hoechstens else "")
            zeilen.append([_esc(m.schwerpunkt.id), self.p(_esc(m.meilenstein.text), "zelle"), ziel,
                           self.p(_esc(m.status), "zelle")])
        self.add(_tabelle(zeilen, [2.6 * cm, BREITE - 2.6 * cm - 2.2 * cm - 2.8 * cm, 2.2 * cm, 2.8 * cm],
                          rechts_ab=2))

    def besetzung(self, nummer: str = "", je_monat: bool = False) -> None:
        b = self.b
        self.add(self.p(f"{nummer}Personal: Besetzung des Stellenplans", "h2"))
        self.add(self.p(_esc(f"Am {b.besetzung.stichtag:%d.%m.%Y}: {b.besetzung.text} "
                             f"({anzahl(b.besetzung.stellen, 'Stelle', 'Stellen')}).")))
        if je_monat:
            kopf = ["Monat", "VZÄ im Stellenplan", "VZÄ besetzt (Ø)", "VZÄ unbesetzt (Ø)",
                    "unbesetzt am Monatsende"]
            zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
            for m in b.besetzung.monate:
                zeilen.append([m.titel, de_zahl(float(m.stellenplan)), de_zahl(float(m.besetzt)),
                               de_zahl(float(m.unbesetzt)), de_zahl(float(m.unbesetzt_monatsende))])
            self.add(Spacer(1, 3), _tabelle(zeilen, [3.6 * cm] + [(BREITE - 3.6 * cm) / 4] * 4))
        if self.oeffentlich and len(b.gruppen.besetzung) > 1:
            kopf = ["Stellengruppe", "Stellen", "VZÄ", "unbesetzt am Stichtag"]
            zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
            for g in b.gruppen.besetzung:
                zeilen.append([_esc(g.name), _zahl(g.stellen, "n"), de_zahl(float(g.stellenplan)),
                               de_zahl(float(g.unbesetzt_stichtag))])
            self.add(Spacer(1, 3), _tabelle(zeilen, [5 * cm] + [(BREITE - 5 * cm) / 3] * 3))

    def monate(self, nummer: str = "") -> None:
        b, s = self.b, self.b.summary
        self.add(self.p(f"{nummer}Stunden und Schwerpunktanteil je Monat", "h2"))
        kopf = ["Monat", "Einträge", "Stunden", "mit Schwerpunkt", "Anteil", "Mindestanteil"]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        for m in s.quote_bis_jetzt.monate:
            if int(m.monat[5:]) not in b.monate:
                continue
            erreicht = "–" if m.werte.anteil is None else \
                "✗ nicht erreicht" if m.unterschritten else "✓ erreicht"
            zeilen.append([m.monat, _zahl(s.eintraege_je_monat.get(m.monat, 0), "n"),
                           _zahl(m.werte.stunden, "stunden"), _zahl(m.werte.stunden_schwerpunkte, "stunden"),
                           _zahl(m.werte.anteil, "prozent"), erreicht])
        self.add(_tabelle(zeilen, [2.6 * cm] + [(BREITE - 2.6 * cm) / 5] * 5))

    def diagramme(self, namen: list[str]) -> None:
        for chart in self.charts:
            if chart.name not in namen:
                continue
            breite = BREITE
            bild = Image(io.BytesIO(self.images[chart.name]), width=breite, height=breite * 4.6 / 8.3)
            self.add(KeepTogether([bild, Spacer(1, 6)]))

    def unterschrift(self) -> None:
        linie = Table([["", ""], [texte.UNTERSCHRIFT, ""]], colWidths=[10 * cm, BREITE - 10 * cm],
                      rowHeights=[1.4 * cm, None], hAlign="LEFT")
        linie.setStyle(TableStyle([("LINEBELOW", (0, 0), (0, 0), 0.6, colors.black),
                                   ("FONT", (0, 0), (-1, -1), SCHRIFT, 8)]))
        self.add(KeepTogether([Spacer(1, 12), self.p("Sachlich richtig und vollständig:", "untertitel"),
                               linie, self.p(_esc(self.b.config.name), "notiz")]))

    # -- the two reports ----------------------------------------------------------------------
    def monatsbericht(self) -> None:
        self.titelblock()
        self.kurzfassung()
        self.kennzahlen()
        self.foerderung()
        self.besetzung()
        self.add(PageBreak())
        self.schwerpunkt_tabelle()
        self.taetigkeiten()
        self.meilensteine()
        self.add(PageBreak())
        zweites = "schwerpunkte_gruppen" if self.oeffentlich else "schwerpunkte_stellen"
        self.diagramme(["schwerpunktanteil", zweites])
        self.add(PageBreak())
        self.diagramme(["anzahl"])
        self.unterschrift()

    def jahresbericht(self) -> None:
        self.titelblock()
        self.kurzfassung()
        self.taetigkeiten("1. ", nach_feld=True)
        self.taetigkeiten_je_schwerpunkt("2. ")
        self.schwerpunkt_tabelle("3. ")
        self.meilensteine("4. ")
        self.besetzung("5. ", je_monat=True)
        self.add(CondPageBreak(8 * cm))
        self.kennzahlen("6. ")
        self.monate("7. ")
        self.foerderung("8. ")
        self.add(PageBreak(), self.p("Diagramme", "h2"))
        zweites = "schwerpunkte_gruppen" if self.oeffentlich else "schwerpunkte_stellen"
        self.diagramme(["anzahl", "schwerpunktanteil", zweites, "foerderung"])
        self.unterschrift()


def pdf_bytes(bericht: Bericht, charts, images: dict[str, bytes], oeffentlich: bool = False) -> bytes:
    """The report's PDF (byte-identical for the same report)."""
    _schriften()
    buffer = io.BytesIO()
    titel = texte.titel(bericht) + (f" – {texte.OEFFENTLICH}" if oeffentlich else "")
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm,
                            topMargin=1.8 * cm, bottomMargin=1.8 * cm, title=titel,
                            author=bericht.config.name, subject="Berichtspflicht über Art und Umfang der "
                            "Aufgabenwahrnehmung", creator=f"kibericht {__version__}", producer="kibericht",
                            invariant=1, lang="de-DE", initialFontName=SCHRIFT)
    inhalt = _Bericht(bericht, charts, images, oeffentlich)
    inhalt.monatsbericht() if bericht.monatlich else inhalt.jahresbericht()

    class Seiten(_Seiten):
        kopf = (bericht.config.name, titel, texte.stand(bericht) + " · erstellt mit kibericht")

    doc.build(inhalt.story, canvasmaker=Seiten)
    return buffer.getvalue()

