"""The Landesübersicht as a workbook (XlsxWriter): one table per sheet, printable on A4.

Sheets: Übersicht · Handlungsbedarf · Eingang (KI × year, one column per month) · Meldungen (one
row per KI and month with its figures) · Landessummen (per month, Handlungsfeld and
Zieldimension) · Förderung (newest Meldung per KI and year) · Meilensteine (newest Meldung per
KI). Every sheet prints with header and footer („Seite x von y“), its header row repeated and fitted
to the page width; numbers stay numbers in German formats, right-aligned under right-aligned
headings; every row is as high as its wrapped texts need (measured as the KI reports measure them,
`ausgabe.satz`); a month is „März 2025“, as in the KI reports; the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from kibericht import __version__
from kibericht.ausgabe.satz import SCHRIFT, hoehe, wortbreite, zeilen
from kibericht.land.bestand import EINGEREICHT
from kibericht.land.uebersicht import Landesuebersicht
from kibericht.periode import MONATSKURZ, Periode

STUNDEN, PROZENT, EURO, GANZ = "#,##0.00", "0.0%", '#,##0.00 "€"', "#,##0"
ZAHLEN = ("stunden", "prozent", "euro", "ganz")  # right-aligned, with their headings
EINGANG_ZEICHEN = {
    "eingereicht": "✓",
    "fehlt": "fehlt",
    "ungültig": "ungültig",
    "widersprüchlich": "Widerspr.",
}


class _Mappe:
    def __init__(self, u: Landesuebersicht):
        self.u = u
        self.puffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.puffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": dict(SCHRIFT),
            },
        )
        self.wb.set_properties(
            {
                "title": "Landesübersicht der Meldungen",
                "author": "kibericht",
                "created": dt.datetime(2000, 1, 1),
                "comments": f"kibericht {__version__}",
            }
        )
        basis = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        wb = self.wb
        self.f = {
            "text": wb.add_format(basis),
            "wrap": wb.add_format({**basis, "text_wrap": True}),
            # text right of a column of numbers keeps a gap to them
            "wrap_einzug": wb.add_format({**basis, "text_wrap": True, "indent": 1, "align": "left"}),
            "titel": wb.add_format({**basis, "bold": True, "font_size": 15, "font_color": "#1f4e79"}),
            "untertitel": wb.add_format({**basis, "bold": True, "font_size": 11}),
            "notiz": wb.add_format({**basis, "italic": True, "font_color": "#555555"}),
            "kopf": wb.add_format(
                {
                    **basis,
                    "bold": True,
                    "bg_color": "#dbe5f1",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                }
            ),
            "kopf_rechts": wb.add_format(
                {
                    **basis,
                    "bold": True,
                    "bg_color": "#dbe5f1",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                    "align": "right",
                }
            ),
            "stunden": wb.add_format({**basis, "num_format": STUNDEN}),
            "prozent": wb.add_format({**basis, "num_format": PROZENT}),
            "euro": wb.add_format({**basis, "num_format": EURO}),
            "ganz": wb.add_format({**basis, "num_format": GANZ}),
            "mitte": wb.add_format({**basis, "align": "center"}),
            "fehlt": wb.add_format(
                {**basis, "align": "center", "bold": True, "font_color": "#b71c1c", "bg_color": "#ffcdd2"}
            ),
        }

    def blatt(self, name: str, titel: str, quer: bool = False):
        ws = self.wb.add_worksheet(name)
        ws.hide_gridlines(2)
        ws.set_paper(9)
        ws.set_landscape() if quer else ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.6, right=0.6, top=0.9, bottom=0.8)
        stand = Periode.parse_monat(self.u.stand).titel if self.u.stand else "–"
        ws.set_header(f'&L&"Arial,Bold"&9Landesübersicht der Meldungen&R&9Stand {stand}', {"margin": 0.35})
        ws.set_footer(
            f"&L&8erstellt mit kibericht {__version__}&C&8{name}&R&8Seite &P von &N", {"margin": 0.35}
        )
        ws.set_row(0, 21)  # the title's 15 pt
        ws.write_string(0, 0, titel, self.f["titel"])
        ws.set_row(1, 16)
        ws.write_string(1, 0, f"Stand {stand}", self.f["untertitel"])
        return ws

    def tabelle(self, ws, zeile: int, kopf: list[tuple[str, float, str]], zeilen_: list[list]) -> int:
        """Header row at `zeile` (repeated on every printed page), then the rows; `kopf`: (heading,
        width, format name). A text wider than its column wraps; its row grows to hold it."""
        kopf = [(name, max(breite, wortbreite(name, fett=True)), art) for name, breite, art in kopf]
        ws.set_row(zeile, hoehe(max(zeilen(name, breite, fett=True) for name, breite, _ in kopf)))
        for j, (name, breite, art) in enumerate(kopf):
            ws.write_string(zeile, j, name, self.f["kopf_rechts" if art in ZAHLEN else "kopf"])
            ws.set_column(j, j, breite)
        ws.repeat_rows(zeile)
        for i, werte in enumerate(zeilen_, start=zeile + 1):
            umbruch = [zeilen(w, kopf[j][1]) for j, w in enumerate(werte) if isinstance(w, str)]
            ws.set_row(i, hoehe(max(umbruch, default=1)))
            for j, wert in enumerate(werte):
                art = kopf[j][2]
                if art == "text":  # a text wider than its column wraps (the row is as high)
                    art = "wrap_einzug" if j and kopf[j - 1][2] in ZAHLEN else "wrap"
                fmt = self.f[art] if isinstance(art, str) else art(wert)
                if wert is None:
                    ws.write_blank(i, j, None, fmt)
                elif isinstance(wert, bool):
                    ws.write_string(i, j, "ja" if wert else "nein", fmt)
                elif isinstance(wert, (int, float)):
                    ws.write_number(i, j, wert, fmt)
                else:
                    ws.write_string(i, j, str(wert), fmt)
        if zeilen_:
            ws.autofilter(zeile, 0, zeile + len(zeilen_), len(kopf) - 1)
        return zeile + len(zeilen_) + 2

    # -- sheets ----------------------------------------------------------------------------
    def uebersicht(self) -> None:
        u = self.u
        ws = self.blatt("Übersicht", "Landesübersicht der Meldungen")
        status = list(u.bestand.status.values())
        bedarf = u.handlungsbedarf
        zeilen = [
            ["Kommunale Integrationszentren", len(u.kis)],
            [
                "Monate",
                f"{_titel(u.bestand.monate[0])} bis {_titel(u.bestand.monate[-1])}"
                if u.bestand.monate
                else "–",
            ],
            ["Meldungen gezählt", status.count(EINGEREICHT)],
            ["Meldungen fehlend", status.count("fehlt")],
            ["Meldungen ungültig", status.count("ungültig")],
            ["Monate mit widersprüchlichen Meldungen", status.count("widersprüchlich")],
            ["Meldungen nach der Frist", len(u.bestand.verspaetet)],
            ["Frist", f"der {u.frist_tag}. des Folgemonats"],
            ["Punkte mit Handlungsbedarf", len(bedarf)],
            ["davon Fehler", sum(h.schwere == "fehler" for h in bedarf)],
        ]
        self.tabelle(
            ws,
            3,
            [("Angabe", 42, "text"), ("Wert", 30, "text")],
            [[a, str(w) if not isinstance(w, int) else w] for a, w in zeilen],
        )
        ws.write_string(
            15,
            0,
            "Einzelheiten auf den folgenden Blättern; gesperrte Werte (Geheimhaltung) sind in "
            "keiner Summe enthalten.",
            self.f["notiz"],
        )

    def handlungsbedarf(self) -> None:
        ws = self.blatt("Handlungsbedarf", "Handlungsbedarf", quer=True)
        kopf = [
            ("Schwere", 10, "text"),
            ("KI", 22, "text"),
            ("Monat", 14, "text"),
            ("Code", 24, "text"),
            ("Meldung", 90, "wrap"),
            ("Datei", 40, "wrap"),
        ]
        self.tabelle(
            ws,
            3,
            kopf,
            [
                [h.schwere, h.kennung, _monat(h.monat), h.code, h.text, h.datei]
                for h in self.u.handlungsbedarf
            ],
        )

    def eingang(self) -> None:
        u = self.u
        ws = self.blatt("Eingang", "Eingang der Meldungen", quer=True)
        jahre = sorted({int(m[:4]) for m in u.bestand.monate})

        def farbe(wert):
            return self.f["mitte"] if wert in (None, "✓") else self.f["fehlt"]

        kopf = [
            ("Kennung", 24, "text"),
            ("KI", 40, "wrap"),
            ("Jahr", 6, "text"),
            *[(k, 8, farbe) for k in MONATSKURZ],
        ]
        status, spaet = u.bestand.status, u.bestand.verspaetet
        zeilen = []
        for kennung, name in u.kis:
            for jahr in jahre:
                werte = []
                for monat in range(1, 13):
                    m = f"{jahr}-{monat:02d}"
                    s = status.get((kennung, m))
                    werte.append(
                        None if s is None else EINGANG_ZEICHEN[s] + (" spät" if (kennung, m) in spaet else "")
                    )
                if any(w is not None for w in werte):
                    zeilen.append([kennung, name, str(jahr), *werte])
        self.tabelle(ws, 3, kopf, zeilen)

    def meldungen(self) -> None:
        ws = self.blatt("Meldungen", "Meldungen je KI und Monat", quer=True)
        kopf = [
            ("Kennung", 15, "text"),
            ("Monat", 14, "text"),
            ("Status", 14, "text"),
            ("Stunden im Monat", 10, "stunden"),
            ("Stunden seit Januar", 10, "stunden"),
            ("Anteil Schwerpunkte Monat", 12, "prozent"),
            ("Anteil Schwerpunkte seit Januar", 12, "prozent"),
            ("Quote seit Januar", 9, "text"),
            ("Pauschale seit Januar", 12, "euro"),
            ("Anspruch im Jahr", 12, "euro"),
            ("Höchstbetrag", 12, "euro"),
            ("überschritten", 12, "text"),
            ("Meilensteine erreicht", 12, "ganz"),
            ("auf Kurs", 6, "ganz"),
            ("im Verzug", 6, "ganz"),
            ("Kette Nr.", 6, "ganz"),
            ("abgeschlossen am", 13, "text"),
        ]
        zeilen = []
        for z in self.u.zeilen:
            f = z.foerderung
            ms = dict(z.meilensteine)
            hb = None if not f or any(x.hoechstbetrag is None for x in f) else sum(x.hoechstbetrag for x in f)
            gezaehlt = z.status == EINGEREICHT
            zeilen.append(
                [
                    z.kennung,
                    _monat(z.monat),
                    z.status + (", spät" if z.verspaetet else ""),
                    _f(z.stunden),
                    _f(z.stunden_bis),
                    _f(z.anteil),
                    _f(z.anteil_bis),
                    _quote(z.erfuellt_bis),
                    _f(sum(x.bis_monat for x in f)) if f else None,
                    _f(sum(x.anspruch for x in f)) if f else None,
                    _f(hb),
                    (", ".join(z.ueberschritten) or "nein") if f else None,
                    *(
                        (
                            ms.get("erreicht", 0) + ms.get("erreicht (über Höchstzahl)", 0),
                            ms.get("auf Kurs", 0),
                            ms.get("im Verzug", 0),
                        )
                        if gezaehlt
                        else (None, None, None)
                    ),
                    z.kette_nr,
                    _datum(z.abgeschlossen_am) if z.abgeschlossen_am else None,
                ]
            )
        self.tabelle(ws, 3, kopf, zeilen)

    def summen(self) -> None:
        ws = self.blatt("Landessummen", "Landessummen je Monat")
        kopf = [
            ("Monat", 14, "text"),
            ("Merkmal", 14, "text"),
            ("Ausprägung", 14, "text"),
            ("Stunden", 14, "stunden"),
            ("Teilnahmen", 12, "ganz"),
            ("gesperrte Werte (nicht enthalten)", 14, "ganz"),
            ("Meldungen", 10, "ganz"),
        ]
        self.tabelle(
            ws,
            3,
            kopf,
            [
                [
                    _monat(s.monat),
                    s.merkmal.capitalize(),
                    s.auspraegung,
                    float(s.stunden),
                    s.teilnahmen,
                    s.gesperrt,
                    s.meldungen,
                ]
                for s in self.u.summen
            ],
        )

    def foerderung(self) -> None:
        ws = self.blatt("Förderung", "Landesförderung je KI und Jahr (neueste Meldung)", quer=True)
        kopf = [
            ("Kennung", 22, "text"),
            ("Jahr", 6, "text"),
            ("Stand", 14, "text"),
            ("Programm", 14, "text"),
            ("Pauschale seit Januar", 15, "euro"),
            ("Anspruch im Jahr", 15, "euro"),
            ("Höchstbetrag", 15, "euro"),
            ("förderfähig", 15, "euro"),
            ("überschritten", 11, "text"),
        ]
        zeilen = [
            [
                k,
                str(j),
                _monat(z.monat),
                f.programm,
                _f(f.bis_monat),
                _f(f.anspruch),
                _f(f.hoechstbetrag),
                _f(f.foerderfaehig),
                f.ueberschritten,
            ]
            for (k, j), z in sorted(self.u.neueste().items())
            for f in z.foerderung
        ]
        self.tabelle(ws, 3, kopf, zeilen)

    def meilensteine(self) -> None:
        ws = self.blatt("Meilensteine", "Meilensteine (neueste Meldung je KI)", quer=True)
        kopf = [
            ("Kennung", 22, "text"),
            ("Stand", 14, "text"),
            ("Schwerpunkt", 11, "text"),
            ("Meilenstein", 70, "wrap"),
            ("Tätigkeit", 16, "text"),
            ("mindestens", 10, "ganz"),
            ("höchstens", 10, "ganz"),
            ("Ist", 8, "ganz"),
            ("Status", 22, "text"),
        ]
        self.tabelle(
            ws,
            3,
            kopf,
            [
                [
                    m["ki"],
                    _monat(m["monat"]),
                    m["schwerpunkt"],
                    m["text"],
                    m["taetigkeit"],
                    m["mindestens"],
                    m["hoechstens"],
                    m["ist"] if m["ist"] is not None else ("." if m["gesperrt"] else None),
                    m["status"],
                ]
                for m in self.u.meilensteine
            ],
        )

    def bytes(self) -> bytes:
        for teil in (
            self.uebersicht,
            self.handlungsbedarf,
            self.eingang,
            self.meldungen,
            self.summen,
            self.foerderung,
            self.meilensteine,
        ):
            teil()
        self.wb.close()
        return self.puffer.getvalue()


def _titel(monat: str) -> str:
    return Periode.parse_monat(monat).titel


def _monat(monat: str | None) -> str | None:
    """„März 2025“ for "2025-03", as every report names a month."""
    return _titel(monat) if monat else monat


def _datum(zeitpunkt: str) -> str:
    """„02.12.2026“ for an ISO date or time."""
    return dt.date.fromisoformat(zeitpunkt[:10]).strftime("%d.%m.%Y")


def _f(x) -> float | None:
    return None if x is None else float(x)


def _quote(erfuellt: bool | None) -> str | None:
    return None if erfuellt is None else ("erfüllt" if erfuellt else "verfehlt")


def mappe_bytes(uebersicht: Landesuebersicht) -> bytes:
    """The workbook of the Landesübersicht."""
    return _Mappe(uebersicht).bytes()
