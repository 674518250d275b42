"""The Landesübersicht as a PDF (reportlab), A4, for the state's file and for meetings.

Sections: Kurzfassung · Handlungsbedarf · Eingang der Meldungen of the newest year (KI × month)
· Stand je KI (newest Meldung: hours, Schwerpunktanteil and verdict from January, funding against
the cap, milestones) · Landessummen of the newest year (per Handlungsfeld and Zieldimension and
month). Fonts, header and footer („Seite x von y“) as the KI reports (`ausgabe.pdf`); tables
repeat their header row on every page; the same input gives the same bytes.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kibericht import __version__
from kibericht.land.bestand import EINGEREICHT
from kibericht.land.format import HANDLUNGSFELDER, OHNE, ZIELDIMENSIONEN
from kibericht.land.uebersicht import Landesuebersicht
from kibericht.periode import MONATSKURZ, Periode
from kibericht.zahlen import anzahl, de_prozent, de_zahl

SCHRIFT, FETT = "DejaVuSans", "DejaVuSans-Bold"
KOPF, LINIE = colors.HexColor("#dbe5f1"), colors.HexColor("#7f7f7f")
BREITE = A4[0] - 3.6 * cm
BLAU = colors.HexColor("#1f4e79")
ROT = colors.HexColor("#ffcdd2")
GELB = colors.HexColor("#fff3c4")
ZEICHEN = {"eingereicht": "✓", "fehlt": "fehlt", "ungültig": "ungült.", "widersprüchlich": "Wider."}


def _schriften() -> None:
    """DejaVu Sans, which matplotlib ships (as in the KI reports, `ausgabe.pdf`), embedded as a
    subset; found without importing matplotlib, so the state's command starts quickly."""
    if SCHRIFT in pdfmetrics.getRegisteredFontNames():
        return
    ordner = (
        Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0])
        / "mpl-data"
        / "fonts"
        / "ttf"
    )
    pdfmetrics.registerFont(TTFont(SCHRIFT, str(ordner / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FETT, str(ordner / "DejaVuSans-Bold.ttf")))


class _Seiten(Canvas):
    """Header and footer with „Seite x von y“ (the page frame of the KI reports' PDF)."""

    kopf: tuple[str, str, str] = ("", "", "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._seiten: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._seiten.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for seite in self._seiten:
            self.__dict__.update(seite)
            self._rand(len(self._seiten))
            super().showPage()
        super().save()

    def _rand(self, gesamt: int) -> None:
        links, rechts, fuss = self.kopf
        breite, hoehe = A4
        self.saveState()
        self.setFont(FETT, 8)
        self.drawString(1.8 * cm, hoehe - 1.2 * cm, links)
        self.setFont(SCHRIFT, 8)
        self.drawRightString(breite - 1.8 * cm, hoehe - 1.2 * cm, rechts)
        self.setStrokeColor(LINIE)
        self.setLineWidth(0.4)
        self.line(1.8 * cm, hoehe - 1.35 * cm, breite - 1.8 * cm, hoehe - 1.35 * cm)
        self.line(1.8 * cm, 1.35 * cm, breite - 1.8 * cm, 1.35 * cm)
        self.setFont(SCHRIFT, 7.5)
        self.drawString(1.8 * cm, 1.0 * cm, fuss)
        self.drawRightString(breite - 1.8 * cm, 1.0 * cm, f"Seite {self._pageNumber} von {gesamt}")
        self.restoreState()


def _stile() -> dict[str, ParagraphStyle]:
    basis = ParagraphStyle("text", fontName=SCHRIFT, fontSize=9, leading=12)
    return {
        "text": basis,
        # a KI's Kennung (KI-RHEIN-SIEG-KREIS) breaks after a hyphen, not inside a word
        "zelle": ParagraphStyle("zelle", parent=basis, fontSize=7.5, leading=9, embeddedHyphenation=1),
        "kopf": ParagraphStyle("kopf", parent=basis, fontName=FETT, fontSize=7.5, leading=9),
        "titel": ParagraphStyle(
            "titel", parent=basis, fontName=FETT, fontSize=16, leading=20, textColor=BLAU
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=basis,
            fontName=FETT,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            textColor=BLAU,
        ),
        "notiz": ParagraphStyle(
            "notiz", parent=basis, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#555555")
        ),
    }


def _tabelle(
    zeilen: list[list], breiten: list[float], rechts_ab: int = 1, extra: list | None = None
) -> Table:
    t = Table(zeilen, colWidths=breiten, repeatRows=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SCHRIFT, 7.5),
                ("FONT", (0, 0), (-1, 0), FETT, 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), KOPF),
                ("GRID", (0, 0), (-1, -1), 0.3, LINIE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (rechts_ab, 1), (-1, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *(extra or []),
            ]
        )
    )
    return t


def _titel(monat: str) -> str:
    return Periode.parse_monat(monat).titel


class _Inhalt:
    def __init__(self, u: Landesuebersicht):
        self.u, self.st, self.story = u, _stile(), []

    def p(self, text: str, stil: str = "text") -> Paragraph:
        return Paragraph(text, self.st[stil])

    def kurzfassung(self) -> None:
        u = self.u
        status = list(u.bestand.status.values())
        self.story += [
            self.p("Landesübersicht der Meldungen der Kommunalen Integrationszentren", "titel"),
            self.p(f"Stand {escape(_titel(u.stand))}" if u.stand else "Keine Meldung gezählt"),
            Spacer(1, 6),
            self.p("Kurzfassung", "h2"),
        ]
        monate = (
            f"{_titel(u.bestand.monate[0])} bis {_titel(u.bestand.monate[-1])}" if u.bestand.monate else "–"
        )
        bedarf = u.handlungsbedarf
        saetze = [
            f"{anzahl(len(u.kis), 'Kommunales Integrationszentrum', 'Kommunale Integrationszentren')}, "
            f"Meldungen für {monate}.",
            f"{anzahl(status.count(EINGEREICHT), 'Meldung', 'Meldungen')} gezählt; "
            f"{status.count('fehlt')} fehlen, {status.count('ungültig')} ungültig, "
            f"{status.count('widersprüchlich')} Monate mit widersprüchlichen Meldungen, "
            f"{len(u.bestand.verspaetet)} nach der Frist (der {u.frist_tag}. des Folgemonats).",
            f"{anzahl(len(bedarf), 'Punkt', 'Punkte')} mit Handlungsbedarf, davon "
            f"{anzahl(sum(h.schwere == 'fehler' for h in bedarf), 'Fehler', 'Fehler')}.",
        ]
        self.story += [self.p(escape(s)) for s in saetze]

    def handlungsbedarf(self) -> None:
        self.story.append(CondPageBreak(4 * cm))
        self.story.append(self.p("Handlungsbedarf", "h2"))
        # on paper every error, and warnings and verdicts of the twelve months up to the Stand; the
        # workbook's sheet Handlungsbedarf lists everything
        ab = self.u.bestand.monate[-12] if len(self.u.bestand.monate) >= 12 else ""
        alle = self.u.handlungsbedarf
        bedarf = [h for h in alle if h.schwere == "fehler" or (h.monat or "") >= ab]
        if len(bedarf) < len(alle):
            self.story.append(
                self.p(
                    f"Alle Fehler und die Warnungen seit {_titel(ab)}; {len(alle) - len(bedarf)} ältere "
                    "Warnungen stehen im Blatt Handlungsbedarf der Arbeitsmappe.",
                    "notiz",
                )
            )
        if not bedarf:
            self.story.append(self.p("Nichts: alle Meldungen sind vollständig, gültig und fristgerecht."))
            return
        zeilen = [[self.p(k, "kopf") for k in ("Schwere", "KI", "Monat", "Was")]]
        farben = []
        for i, h in enumerate(bedarf, start=1):
            zeilen.append(
                [
                    h.schwere,
                    self.p(escape(h.kennung or "–"), "zelle"),
                    _kurz(h.monat) if h.monat else "–",
                    self.p(escape(_ohne_vorspann(h.text)), "zelle"),
                ]
            )
            farben.append(("BACKGROUND", (0, i), (0, i), ROT if h.schwere == "fehler" else GELB))
        self.story.append(
            _tabelle(zeilen, [1.8 * cm, 3.0 * cm, 1.7 * cm, BREITE - 6.5 * cm], rechts_ab=9, extra=farben)
        )

    def eingang(self) -> None:
        u = self.u
        # on paper the newest year; the workbook's sheet Eingang holds every year
        jahre = sorted({int(m[:4]) for m in u.bestand.monate})[-1:]
        for jahr in jahre:
            self.story.append(CondPageBreak(4 * cm))
            self.story.append(self.p(f"Eingang der Meldungen {jahr}", "h2"))
            zeilen = [["KI", *MONATSKURZ]]
            extra = []
            for kennung, _name in u.kis:
                werte = []
                for monat in range(1, 13):
                    m = f"{jahr}-{monat:02d}"
                    s = u.bestand.status.get((kennung, m))
                    spaet = (kennung, m) in u.bestand.verspaetet
                    werte.append("" if s is None else ZEICHEN[s] + (" spät" if spaet else ""))
                    if s is not None and (s != EINGEREICHT or spaet):
                        extra.append(
                            (
                                "BACKGROUND",
                                (monat, len(zeilen)),
                                (monat, len(zeilen)),
                                GELB if s == EINGEREICHT else ROT,
                            )
                        )
                if any(werte):
                    zeilen.append([self.p(escape(kennung), "zelle"), *werte])
            extra.append(("ALIGN", (1, 0), (-1, -1), "CENTER"))
            self.story.append(_tabelle(zeilen, [4.4 * cm] + [(BREITE - 4.4 * cm) / 12] * 12, extra=extra))
        self.story.append(
            self.p(
                "✓ gezählt · spät: nach der Frist abgeschlossen · fehlt: keine Meldung · ungült.: "
                "nicht lesbar oder nicht schemagerecht · Wider.: zwei Meldungen mit verschiedenem "
                "Inhalt, keine gezählt",
                "notiz",
            )
        )

    def stand_je_ki(self) -> None:
        u = self.u
        neueste = {}
        for (kennung, _jahr), z in sorted(u.neueste().items()):
            neueste[kennung] = z
        self.story.append(CondPageBreak(4 * cm))
        self.story.append(self.p("Stand je KI (neueste Meldung)", "h2"))
        kopf = [
            "KI",
            "Monat",
            "Stunden seit Januar",
            "Anteil Schwer-<br/>punkte seit Januar",
            "Quote",
            "Pauschale seit Januar",
            "Anspruch / Höchstbetrag im Jahr",
            "Meilen-<br/>steine e / k / v",
        ]
        zeilen = [[self.p(k, "kopf") for k in kopf]]
        extra = []
        for kennung, z in neueste.items():
            f = z.foerderung
            hb = (
                "–"
                if not f or any(x.hoechstbetrag is None for x in f)
                else de_zahl(sum(x.hoechstbetrag for x in f), 0)
            )
            ms = dict(z.meilensteine)
            quote = "–" if z.erfuellt_bis is None else ("erfüllt" if z.erfuellt_bis else "verfehlt")
            if z.erfuellt_bis is False or z.ueberschritten:
                extra.append(("BACKGROUND", (4, len(zeilen)), (6, len(zeilen)), GELB))
            zeilen.append(
                [
                    self.p(escape(kennung), "zelle"),
                    _kurz(z.monat),
                    "–" if z.stunden_bis is None else de_zahl(z.stunden_bis),
                    "–" if z.anteil_bis is None else de_prozent(float(z.anteil_bis)),
                    quote,
                    de_zahl(sum(x.bis_monat for x in f), 0) if f else "–",
                    f"{de_zahl(sum(x.anspruch for x in f), 0)} / {hb}" if f else "–",
                    f"{ms.get('erreicht', 0) + ms.get('erreicht (über Höchstzahl)', 0)} / "
                    f"{ms.get('auf Kurs', 0)} / {ms.get('im Verzug', 0)}",
                ]
            )
        self.story.append(
            _tabelle(
                zeilen,
                [3.0 * cm, 1.5 * cm, 1.9 * cm, 2.3 * cm, 1.4 * cm, 2.0 * cm, 2.9 * cm, BREITE - 15.0 * cm],
                rechts_ab=2,
                extra=extra,
            )
        )
        self.story.append(
            self.p(
                "Euro gerundet auf volle Euro; Meilensteine: erreicht / auf Kurs / im Verzug. "
                "Quote: Schwerpunktanteil vom 1. Januar bis zum Monat gegen den Mindestanteil.",
                "notiz",
            )
        )

    def summen(self) -> None:
        u = self.u
        if not u.summen:
            return
        jahr = u.summen[-1].monat[:4]
        monate = [f"{jahr}-{m:02d}" for m in range(1, 13)]  # every month, so each year looks the same
        for merkmal, titel, werte in (
            ("handlungsfeld", "Handlungsfeld", HANDLUNGSFELDER),
            ("zieldimension", "Zieldimension", (*ZIELDIMENSIONEN, OHNE)),
        ):
            self.story.append(CondPageBreak(5 * cm))
            self.story.append(self.p(f"Landessummen {jahr}: Stunden nach {titel}", "h2"))
            zeilen = [[titel, *[MONATSKURZ[int(m[5:]) - 1] for m in monate], "Summe"]]
            gesperrt = 0
            for wert in werte:
                reihe = {
                    s.monat: s
                    for s in u.summen
                    if s.merkmal == merkmal and s.auspraegung == wert and s.monat in monate
                }
                gesperrt += sum(s.gesperrt for s in reihe.values())
                zeilen.append(
                    [
                        wert,
                        *[de_zahl(reihe[m].stunden, 0) if m in reihe else "–" for m in monate],
                        de_zahl(sum(s.stunden for s in reihe.values()), 0),
                    ]
                )
            breite = (BREITE - 2.4 * cm) / (len(monate) + 1)
            tabelle = _tabelle(
                zeilen,
                [2.4 * cm] + [breite] * (len(monate) + 1),
                extra=[("FONT", (0, 0), (-1, -1), SCHRIFT, 6.5), ("FONT", (0, 0), (-1, 0), FETT, 6.5)],
            )
            hinweis = (
                "Stunden aller gezählten Meldungen des Monats, auf volle Stunden gerundet (genau: "
                "Arbeitsmappe)."
            )
            if gesperrt:
                hinweis += (
                    f" {anzahl(gesperrt, 'gesperrter Wert ist', 'gesperrte Werte sind')} (Geheimhaltung) "
                    "in keiner Summe enthalten."
                )
            self.story.append(KeepTogether([tabelle, self.p(hinweis, "notiz")]))


def _ohne_vorspann(text: str) -> str:
    """A finding's sentence without „Meldung X, März 2025: “ or „KI X: “ (the table names both)."""
    for vorspann in ("Meldung ", "KI "):
        if text.startswith(vorspann) and ": " in text:
            return text.split(": ", 1)[1]
    return text


def _kurz(monat: str) -> str:
    return f"{MONATSKURZ[int(monat[5:]) - 1]} {monat[:4]}"


def pdf_bytes(uebersicht: Landesuebersicht) -> bytes:
    """The PDF of the Landesübersicht (byte-identical for the same input)."""
    _schriften()
    puffer = io.BytesIO()
    stand = f"Stand {_titel(uebersicht.stand)}" if uebersicht.stand else ""
    doc = SimpleDocTemplate(
        puffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title="Landesübersicht der Meldungen",
        author="kibericht",
        creator=f"kibericht {__version__}",
        producer="kibericht",
        invariant=1,
        lang="de-DE",
        initialFontName=SCHRIFT,
    )
    inhalt = _Inhalt(uebersicht)
    inhalt.kurzfassung()
    inhalt.handlungsbedarf()
    inhalt.eingang()
    inhalt.stand_je_ki()
    inhalt.summen()

    class Seiten(_Seiten):
        kopf = ("Landesübersicht der Meldungen", stand, f"erstellt mit kibericht {__version__}")

    doc.build(inhalt.story, canvasmaker=Seiten)
    return puffer.getvalue()
