"""The report as a PDF for the committee: `Monatsbericht_2025-03.pdf`, `Jahresbericht_2025.pdf`.

Set with reportlab (platypus) from the report's sections (`abschnitte`), the same the workbook
shows: title with KI and period, the Kurzfassung, the key figures with their comparisons, the
table by Handlungsfeld and Schwerpunkt with the titles, the milestones, funding of the period
against the cap, staffing, the main charts and a block „Datum, Unterschrift Leitung“. A monthly
report fits on four A4 pages; the annual report reads like a KI's Tätigkeitsbericht (counts
first, then milestones and staffing, then hours, quota and funding). The order of the parts is
`_Bericht.monatsbericht` and `_Bericht.jahresbericht`; fonts, styles and page frame are in
`pdf_seiten`.

reportlab's `invariant` mode leaves out the creation date and the random document id, so the
same report gives the same bytes.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
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
from kibericht.ausgabe.abschnitte import Abschnitte, Zeile
from kibericht.ausgabe.diagramme import Diagramm
from kibericht.ausgabe.pdf_seiten import (
    BREITE,
    GRAU,
    RAND,
    SCHRIFT,
    Seiten,
    esc,
    schriften,
    spaltenbreiten,
    stile,
    tabelle,
    zahl,
)
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.geheimhaltung import ZEICHEN
from kibericht.zahlen import de_prozent, de_zahl

NAME = 3.9 * cm  # the column of a Tätigkeit's name beside many narrow columns of counts
# long words of narrow table headings, hyphenated (reportlab would break them anywhere)
TRENNUNG = {"Querschnitt": "Quer-<br/>schnitt", "Übergreifend": "Über-<br/>greifend",
            "Teilnehmende": "Teil-<br/>nehmende"}


def _zahl(value, art: str) -> str:
    """A figure as a table cell shows it; „.“ for one kept secret (public version)."""
    return ZEICHEN if isinstance(value, str) and value == ZEICHEN else zahl(value, art)


def _gebunden(text: str) -> str:
    """`text` with „€“ and „%“ bound to their figure: a line never starts with the unit."""
    return text.replace(" €", "\u00a0€").replace(" %", "\u00a0%")


def _zahlen(z: Zeile) -> list[str]:
    return [_zahl(z.eintraege, "n"), _zahl(z.teilnehmende, "n"), _zahl(z.stunden, "stunden"),
            _zahl(z.anteil, "prozent")]


class _Bericht:
    """The story (the flowables) of one report."""

    def __init__(self, teile: Abschnitte, charts: tuple[Diagramm, ...], images: dict[str, bytes]):
        self.t = teile
        self.charts = charts
        self.images = images
        self.st = stile()
        self.story: list = []

    def p(self, text: str, stil: str = "text") -> Paragraph:
        return Paragraph(text, self.st[stil])

    def h2(self, nummer: str, titel: str) -> None:
        self.story.append(self.p(f"{nummer}{esc(titel)}", "h2"))

    def add(self, *flowables) -> None:
        self.story.extend(flowables)

    # -- parts --------------------------------------------------------------------------------
    def titelblock(self) -> None:
        t = self.t.titel
        self.add(self.p(esc(t.titel), "titel"), self.p(esc(t.ki), "untertitel"),
                 self.p(esc(t.untertitel), "notiz"), self.p(esc(t.zeitraum), "notiz"), Spacer(1, 6))

    def kurzfassung(self) -> None:
        self.h2("", texte.KURZFASSUNG)
        for satz in self.t.kurzfassung:
            self.add(self.p(_gebunden(esc(satz))))
        if self.t.datenschutz:
            self.add(Spacer(1, 3), self.p(esc(self.t.datenschutz), "notiz"))
        if self.t.fussnote:
            self.add(self.p(esc(f"{self.t.fussnote}. {self.t.verfahren}"), "notiz"))

    def fussnote(self) -> None:
        """„. = Zahlenwert geheim zu halten“ under a table of the public version."""
        if self.t.fussnote:
            self.add(self.p(esc(self.t.fussnote), "notiz"))

    def kennzahlen(self, nummer: str = "") -> None:
        k = self.t.kennzahlen
        self.h2(nummer, texte.KENNZAHLEN_TITEL)
        zeilen = [[""] + [self.p(esc(h).replace("\n", "<br/>"), "zelle_fett") for h in k.ueberschriften]]
        for label, art, werte in k.zeilen:
            zeilen.append([label] + [_zahl(wert, art) for wert in werte])
        spalten = len(k.ueberschriften)
        rest = (BREITE - 5.2 * cm) / spalten
        self.add(tabelle(zeilen, [5.2 * cm] + [rest] * spalten))
        zeilen = [[texte.MINDESTANTEIL, de_prozent(k.mindestanteil, 0)],
                  [texte.QUOTE_ZEITRAUM, k.quote.text]]
        if k.quote_bis_jetzt is not None:
            zeilen.append([texte.QUOTE_BIS_JETZT, k.quote_bis_jetzt.text])
        self.add(Spacer(1, 4), tabelle([[texte.QUOTE, ""], *zeilen], [6.2 * cm, BREITE - 6.2 * cm],
                                       rechts_ab=9))
        self.fussnote()
        if k.fehlende_zeilen and not self.t.oeffentlich:
            self.add(self.p(texte.vergleich_ohne_fehler(k.fehlende_zeilen, verweis=False), "notiz"))

    def foerderung(self, nummer: str = "") -> None:
        f = self.t.foerderung
        self.h2(nummer, texte.foerderung_titel(f.jahr, f.regel))
        if not f.programme:
            self.add(self.p(texte.KEINE_PROGRAMME, "notiz"))
            return
        kopf = list(f.programme[0].keys())
        zeilen = [[self.p(esc(k), "zelle_fett") for k in kopf]]
        for r in f.programme:
            zeilen.append([self.p(esc(v), "zelle") if k in ("Programm", "Status") else _zahl(v, "euro")
                           for k, v in r.items()])
        n = len(kopf)
        breiten = [2.6 * cm] + [(BREITE - 2.6 * cm - 4.2 * cm) / (n - 2)] * (n - 2) + [4.2 * cm]
        self.add(tabelle(zeilen, breiten))

    def schwerpunkt_tabelle(self, nummer: str = "") -> None:
        """Entries, Teilnehmende and hours by Handlungsfeld, each with its Schwerpunkte (titles)."""
        s = self.t.schwerpunkte
        self.h2(nummer, texte.PDF_SCHWERPUNKTE)
        kopf = ["Handlungsfeld / Schwerpunkt", "Einträge", "Teiln.", "Stunden", "Anteil"]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        fett = []
        for feld, schwerpunkte in s.je_handlungsfeld():
            fett.append(len(zeilen))
            zeilen.append([self.p(esc(feld.name), "zelle_fett"), *_zahlen(feld)])
            for z in schwerpunkte:
                zeilen.append([self.p(esc(z.name), "zelle"), *_zahlen(z)])
        zeilen.append([self.p(texte.PDF_OHNE_SCHWERPUNKT, "zelle"), *_zahlen(s.ohne())])
        g = s.gesamt
        zeilen.append([texte.SUMME, *_zahlen(Zeile(texte.SUMME, g.eintraege, g.teilnehmende, g.stunden,
                                                   g.anteil))])
        rest = 2.0 * cm
        table = tabelle(zeilen, [BREITE - 4 * rest] + [rest] * 4, summe=True)
        table.setStyle(TableStyle([("BACKGROUND", (0, i), (-1, i), GRAU) for i in fett]))
        self.add(table)
        self.fussnote()

    def taetigkeiten(self, nummer: str = "", nach_feld: bool = False) -> None:
        t = self.t.taetigkeiten
        g = t.gesamt
        self.h2(nummer, texte.TAETIGKEITEN)
        if nach_feld:
            felder = t.felder_mit_eintraegen()
            anzahlen, summen = t.anzahlen(t.nach_handlungsfeld), t.summen(t.nach_handlungsfeld)
            kopf = ["Tätigkeit", "Anzahl", *felder, "Teilnehmende", "Stunden"]
            zeilen = [[self.p(TRENNUNG.get(k, esc(k)), "kopf_klein") for k in kopf]]
            for z in t.mit_eintraegen():
                zeilen.append([self.p(esc(z.name), "zelle"), _zahl(z.eintraege, "n"),
                               *[_zahl(anzahlen[z.name][f], "n") for f in felder],
                               _zahl(z.teilnehmende, "n"), _zahl(z.stunden, "stunden")])
            zeilen.append([texte.SUMME, _zahl(g.eintraege, "n"), *[_zahl(summen[f], "n") for f in felder],
                           _zahl(g.teilnehmende, "n"), _zahl(g.stunden, "stunden")])
            self.add(tabelle(zeilen, spaltenbreiten(zeilen, NAME), summe=True, eng=True))
            self.fussnote()
            return
        kopf = ["Tätigkeit", "Anzahl", "Teilnehmende", "Stunden", "Anteil an allen Stunden"]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        for z in t.mit_eintraegen():
            zeilen.append([self.p(esc(z.name), "zelle"), *_zahlen(z)])
        zeilen.append([texte.SUMME, *_zahlen(Zeile(texte.SUMME, g.eintraege, g.teilnehmende, g.stunden,
                                                   g.anteil))])
        self.add(tabelle(zeilen, [BREITE - 4 * 2.9 * cm] + [2.9 * cm] * 4, summe=True))
        self.fussnote()

    def taetigkeiten_je_schwerpunkt(self, nummer: str = "") -> None:
        t = self.t.taetigkeiten
        spalten = t.schwerpunkte_mit_eintraegen()
        self.h2(nummer, texte.TAETIGKEITEN_JE_SCHWERPUNKT)
        kopf = ["Tätigkeit", *[texte.PDF_OHNE_SP if c == OHNE_SCHWERPUNKT else c for c in spalten],
                texte.SUMME]
        zeilen = [[self.p(esc(k), "kopf_klein") for k in kopf]]
        for name, r in t.anzahlen(t.nach_schwerpunkt).items():
            zeilen.append([self.p(esc(name), "zelle"), *[_zahl(r[c], "n") for c in spalten],
                           _zahl(r[texte.SUMME], "n")])
        summen = t.summen(t.nach_schwerpunkt)
        zeilen.append([texte.SUMME, *[_zahl(summen[c], "n") for c in spalten],
                       _zahl(summen[texte.SUMME], "n")])
        self.add(tabelle(zeilen, spaltenbreiten(zeilen, NAME), summe=True, eng=True))
        titel = "; ".join(f"{sp}: {sp_titel}" for sp, sp_titel in t.legende if sp in spalten)
        self.add(self.p(esc(titel), "notiz"))
        self.fussnote()

    def meilensteine(self, nummer: str = "") -> None:
        m = self.t.meilensteine
        self.h2(nummer, texte.meilensteine_titel(m.jahr, m.stichtag))
        if not m.staende:
            self.add(self.p(texte.keine_meilensteine(m.jahr), "notiz"))
            return
        kopf = ["Schwerpunkt", "Meilenstein", "Ist / Ziel", "Status"]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        for i, s in enumerate(m.staende):
            ist, status = m.ist_und_status(i)
            zeilen.append([esc(s.schwerpunkt.id), self.p(esc(s.meilenstein.text), "zelle"),
                           texte.meilenstein_ziel(s, ist), self.p(esc(status), "zelle")])
        self.add(tabelle(zeilen, [2.6 * cm, BREITE - 2.6 * cm - 2.2 * cm - 2.8 * cm, 2.2 * cm, 2.8 * cm],
                         rechts_ab=2))
        self.fussnote()

    def besetzung(self, nummer: str = "", je_monat: bool = False) -> None:
        """The staffing: its sentence stays with its heading and the table per month."""
        p = self.t.personal
        teile = [self.p(f"{nummer}{esc(texte.BESETZUNG)}", "h2"), self.p(esc(p.satz))]
        if je_monat:
            kopf = ["Monat", "VZÄ im Stellenplan", "VZÄ besetzt (Ø)", "VZÄ unbesetzt (Ø)",
                    "unbesetzt am Monatsende"]
            zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
            for r in p.je_monat.to_dict("records"):
                zeilen.append([r["Monat"], de_zahl(r["VZÄ im Stellenplan"]), de_zahl(r["VZÄ besetzt"]),
                               de_zahl(r["VZÄ unbesetzt"]), de_zahl(r["VZÄ unbesetzt am Monatsende"])])
            teile += [Spacer(1, 3), tabelle(zeilen, [3.6 * cm] + [(BREITE - 3.6 * cm) / 4] * 4)]
        self.add(KeepTogether(teile))
        if p.je_gruppe is not None and len(p.je_gruppe) > 1:
            kopf = ["Stellengruppe", "Stellen", "VZÄ", "unbesetzt am Stichtag"]
            zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
            for r in p.je_gruppe.to_dict("records"):
                zeilen.append([esc(r["Stellengruppe"]), _zahl(r["Stellen"], "n"),
                               de_zahl(r["VZÄ im Stellenplan"]), de_zahl(r["VZÄ unbesetzt"])])
            self.add(Spacer(1, 3), tabelle(zeilen, [5 * cm] + [(BREITE - 5 * cm) / 3] * 3))

    def monate(self, nummer: str = "") -> None:
        self.h2(nummer, self.t.monate.titel)
        kopf = ["Monat", "Einträge", "Stunden", "mit Schwerpunkt", "Anteil", texte.MINDESTANTEIL]
        zeilen = [[self.p(k, "zelle_fett") for k in kopf]]
        if self.t.oeffentlich:
            for monat, eintraege, stunden, mit_sp, anteil, status in self.t.monate.oeffentlich:
                zeilen.append([monat, _zahl(eintraege, "n"), _zahl(stunden, "stunden"),
                               _zahl(mit_sp, "stunden"), _zahl(anteil, "prozent"), status])
        for m, eintraege in () if self.t.oeffentlich else self.t.monate.im_bericht:
            zeilen.append([texte.monat_titel(m.monat), _zahl(eintraege, "n"),
                           _zahl(m.werte.stunden, "stunden"),
                           _zahl(m.werte.stunden_schwerpunkte, "stunden"), _zahl(m.werte.anteil, "prozent"),
                           texte.mindestanteil_erreicht(m.werte.anteil, m.unterschritten)])
        self.add(tabelle(zeilen, [2.6 * cm] + [(BREITE - 2.6 * cm) / 5] * 5))
        self.fussnote()

    def diagramme(self, namen: list[str]) -> None:
        for chart in self.charts:
            if chart.name not in namen:
                continue
            bild = Image(io.BytesIO(self.images[chart.name]), width=BREITE, height=BREITE * 4.6 / 8.3)
            self.add(KeepTogether([bild, Spacer(1, 6)]))

    def unterschrift(self) -> None:
        linie = Table([["", ""], [texte.UNTERSCHRIFT, ""]], colWidths=[10 * cm, BREITE - 10 * cm],
                      rowHeights=[1.4 * cm, None], hAlign="LEFT")
        linie.setStyle(TableStyle([("LINEBELOW", (0, 0), (0, 0), 0.6, colors.black),
                                   ("FONT", (0, 0), (-1, -1), SCHRIFT, 8)]))
        self.add(KeepTogether([Spacer(1, 12), self.p(texte.BESTAETIGUNG, "untertitel"),
                               linie, self.p(esc(self.t.titel.ki), "notiz"), *self.pruefcode()]))

    def pruefcode(self) -> list:
        """Below the signature: the Prüfcode of a filed report (large, to be typed off the
        paper), or in an internal monthly report not filed the note that the code comes with
        the closing."""
        if self.t.pruefcode:
            return [Spacer(1, 6), self.p(esc(texte.pruefcode_zeile(self.t.pruefcode)), "untertitel"),
                    self.p(esc(texte.PRUEFCODE_NOTIZ), "notiz")]
        if self.t.monatlich and not self.t.oeffentlich:
            return [Spacer(1, 6), self.p(esc(texte.PRUEFCODE_ENTWURF), "notiz")]
        return []

    # -- the two reports ----------------------------------------------------------------------
    def _zweites_diagramm(self) -> str:
        return "taetigkeiten" if self.t.oeffentlich else "schwerpunkte_stellen"

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
        self.diagramme(["schwerpunktanteil", self._zweites_diagramm()])
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
        self.add(PageBreak(), self.p(texte.PDF_DIAGRAMME, "h2"))
        self.diagramme(["anzahl", "schwerpunktanteil", self._zweites_diagramm(), "foerderung"])
        self.unterschrift()


def pdf_bytes(teile: Abschnitte, charts: tuple[Diagramm, ...], images: dict[str, bytes]) -> bytes:
    """The report's PDF (byte-identical for the same report)."""
    schriften()
    buffer = io.BytesIO()
    t = teile.titel
    titel = t.titel + (f" – {t.fassung}" if t.fassung else "")
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=RAND, rightMargin=RAND, topMargin=RAND,
                            bottomMargin=RAND, title=titel, author=t.ki, subject=texte.UNTERTITEL,
                            creator=f"kibericht {__version__}", producer="kibericht", invariant=1,
                            lang="de-DE", initialFontName=SCHRIFT)
    inhalt = _Bericht(teile, charts, images)
    inhalt.monatsbericht() if teile.monatlich else inhalt.jahresbericht()

    class SeitenDiesesBerichts(Seiten):
        kopf = (t.ki, titel, f"{t.stand} · {texte.ERSTELLT_MIT}")

    doc.build(inhalt.story, canvasmaker=SeitenDiesesBerichts)
    return buffer.getvalue()
