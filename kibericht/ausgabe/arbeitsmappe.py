"""Write the Berichtspflicht workbook (monthly or annual), its charts and its PDF from a report value.

`write_report(out_dir, bericht)` puts `Monatsbericht_2025-03.xlsx` (or `Jahresbericht_2025.xlsx`),
the PNG charts and `Monatsbericht_2025-03.pdf` into the output folder, all together or none,
byte-identical for the same input; `oeffentlich=True` writes the public version
`…_oeffentlich.xlsx/.pdf` instead (no figure per Stelle, no Daten, no names). It only renders
`regeln.bericht.Bericht`; nothing is computed here.

Every sheet prints on A4 with the KI, the period and the Stand in its header and „Seite x von y“
in its footer; long tables repeat their header row; charts stand on their own sheet with a page
break after every second one, so that no chart is cut.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from kibericht import __version__
from kibericht.ausgabe import texte, xlsx_intern
from kibericht.ausgabe.atomar import Ausgabegruppe
from kibericht.ausgabe.daten_blatt import write_data_table
from kibericht.ausgabe.diagramme import png_bytes, report_charts
from kibericht.ausgabe.nebenher import Nebenher
from kibericht.ausgabe.texte import Status
from kibericht.ausgabe.zellformate import Formats, write_cell, write_table, zeilen
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, by_severity, count_codes
from kibericht.lesen.kennung import BERICHT, EIGENSCHAFT
from kibericht.periode import MONATSKURZ, Periode
from kibericht.pruefen.kopfzeile import COLUMN_OF_FIELD
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT, Summary
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.meilensteine import meilensteine_frame
from kibericht.schema import load_schema
from kibericht.zahlen import anzahl, cent

# A fixed creation date keeps the file byte-identical on re-runs (no "now" inside).
FIXED_CREATED = dt.datetime(2000, 1, 1)
SUFFIX_OEFFENTLICH = "_oeffentlich"
CHART_SCALE = 0.8  # a 8,3 in wide chart on an A4 page in portrait (about 7 in printable)
CHART_ROWS = 20  # rows of 15 pt a chart takes at that scale, with its gap
CHART_COLUMNS = 10  # default columns (64 px each) the chart spans: the print area
CHARTS_PER_PAGE = 2


@dataclass
class _Ausgabe:
    """What the sheets are written from: the report value and how to show it."""

    bericht: Bericht
    mit_namen: bool
    oeffentlich: bool = False

    @property
    def config(self):
        return self.bericht.config

    @property
    def periode(self) -> Periode:
        return self.bericht.periode

    @property
    def summary(self) -> Summary:
        return self.bericht.summary


def base_name(periode: Periode, oeffentlich: bool = False) -> str:
    name = f"Monatsbericht_{periode.label}" if periode.art == "monat" else f"Jahresbericht_{periode.label}"
    return name + (SUFFIX_OEFFENTLICH if oeffentlich else "")


def write_report(out_dir: Path, bericht: Bericht, mit_namen: bool = False, *,
                 oeffentlich: bool = False) -> list[Path]:
    """Write workbook, PNG charts and PDF; returns the written paths (workbook first).

    `oeffentlich`: the public version instead of the internal one."""
    from kibericht.ausgabe.pdf import pdf_bytes  # reportlab only where a report is written

    data = _Ausgabe(bericht, mit_namen and not oeffentlich, oeffentlich)
    out_dir = Path(out_dir)
    name = base_name(data.periode, oeffentlich)
    charts = report_charts(bericht, oeffentlich=oeffentlich)

    def charts_and_pdf() -> tuple[dict[str, bytes], bytes]:
        images = {c.name: png_bytes(c.zeichnen) for c in charts}
        return images, pdf_bytes(bericht, charts, images, oeffentlich=oeffentlich)

    workbook_path = out_dir / f"{name}.xlsx"
    written = [workbook_path]
    # charts and PDF are drawn on the second core while the workbook is built; all files of the
    # report are replaced together or not at all
    with Nebenher(charts_and_pdf) as alongside, Ausgabegruppe() as gruppe:
        with gruppe.datei(workbook_path) as tmp:
            _write_workbook(tmp, data, charts, lambda: alongside.ergebnis()[0])
        images, pdf = alongside.ergebnis()
        for chart in charts:
            path = out_dir / f"{name}_{chart.name}.png"
            gruppe.bytes(path, images[chart.name])
            written.append(path)
        pdf_path = out_dir / f"{name}.pdf"
        gruppe.bytes(pdf_path, pdf)
        written.append(pdf_path)
    return written


def _write_workbook(path: Path, data: _Ausgabe, charts, images: Callable[[], dict[str, bytes]]) -> None:
    """The report workbook; `images()` gives the charts' PNGs, asked for only after the summary
    sheets (they may be drawn meanwhile) and put in before the workbook is closed."""
    wb = Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                              "strings_to_numbers": False, "nan_inf_to_errors": False})
    b = data.bericht
    wb.set_properties({"title": f"{texte.titel(b)} – {data.config.name}"
                                + (f" ({texte.OEFFENTLICH})" if data.oeffentlich else ""),
                       "subject": "Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung",
                       "author": "kibericht", "created": FIXED_CREATED,
                       "comments": f"kibericht {__version__}"})
    wb.set_custom_property(EIGENSCHAFT, BERICHT)  # never read back as a log (see lesen.kennung)
    fmt = Formats(wb)
    _overview(wb, fmt, data)
    insert_images = _diagrams(wb, fmt, data, charts)
    _taetigkeiten(wb, fmt, data)
    _meilensteine(wb, fmt, data)
    _besetzung(wb, fmt, data)
    _months(wb, fmt, data)
    _schwerpunkte(wb, fmt, data)
    if data.oeffentlich:
        _gruppen(wb, fmt, data)
    else:
        _stellen(wb, fmt, data)
    _simple(wb, fmt, data, "Kommunen", "Tätigkeiten und Stunden nach Kommune", data.summary.nach_kommune,
            "Kommune")
    _foerderung(wb, fmt, data)
    # the charts are collected before the rows sheets: those touch every entry, and while a
    # forked child still runs, each page touched is copied (see `nebenher`)
    bilder = images()
    if not data.oeffentlich:
        _protocol(wb, fmt, data)
        if not b.nicht_gezaehlt.empty:
            _rows_sheet(wb, fmt, data, "Nicht gezählt", b.nicht_gezaehlt,
                        "Zeilen mit Fehlern – nicht im Bericht gezählt (siehe Prüfprotokoll)")
        _rows_sheet(wb, fmt, data, "Daten", b.eintraege, None)
    insert_images(bilder)
    with xlsx_intern.grosse_blaetter_schnell(wb):
        wb.close()


# ---------------------------------------------------------------------------- page setup

def _kopf_text(text: str, limit: int) -> str:
    """User text in a header or footer: `&` doubled (else it starts a code), cut to `limit`."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _sheet(wb: Workbook, data: _Ausgabe, name: str, landscape: bool = True, fit_width: bool = True,
           repeat: int | None = None):
    """A sheet that prints: A4, header with KI, period and Stand, footer with page numbers."""
    ws = wb.add_worksheet(name)
    ws.hide_gridlines(2)
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if fit_width:
        ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.9, bottom=0.8)
    b = data.bericht
    ki = _kopf_text(data.config.name, 90)
    periode = _kopf_text(texte.titel(b), 60)
    fassung = f" – {texte.OEFFENTLICH}" if data.oeffentlich else ""
    # XlsxWriter refuses a header or footer longer than 255 characters
    ws.set_header(f'&L&"Arial,Bold"&9{ki}&R&9{periode}{fassung}', {"margin": 0.35})
    ws.set_footer(f"&L&8{_kopf_text(texte.stand(b), 40)}&C&8{_kopf_text(name, 40)}&R&8Seite &P von &N",
                  {"margin": 0.35})
    if repeat is not None:
        ws.repeat_rows(repeat)
    return ws


def _heading(ws, fmt: Formats, data: _Ausgabe, title: str) -> int:
    ws.write_string(0, 0, title, fmt.title)
    ws.write_string(1, 0, f"{data.config.name} – {data.bericht.titel}", fmt.subtitle)
    return 3


def _notiz(ws, fmt: Formats, row: int, text: str, spalten: int, breite: float) -> int:
    """A note over `spalten` columns (together `breite` characters wide), wrapped, so that it
    never runs past the printed width; returns the next row."""
    ws.merge_range(row, 0, row, spalten - 1, text, fmt.note_wrap)
    ws.set_row(row, 12.75 * zeilen(text, breite))
    return row + 1


def _status_cell(ws, fmt: Formats, row: int, col: int, status: Status) -> None:
    style = fmt.neutral if status.ok is None else fmt.ok if status.ok else fmt.fail
    ws.write_string(row, col, status.text, style)


# ---------------------------------------------------------------------------- Übersicht

def _overview(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Übersicht", landscape=False)
    b, s = data.bericht, data.summary
    ws.set_column(0, 0, 32)
    ws.set_column(1, 5, 15)
    ws.write_string(0, 0, texte.titel(b), fmt.title)
    ws.write_string(1, 0, data.config.name, fmt.subtitle)
    ws.write_string(2, 0, "Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung"
                    + (f" – {texte.OEFFENTLICH}" if data.oeffentlich else ""), fmt.note)
    ws.write_string(3, 0, f"Zeitraum {b.periode.start:%d.%m.%Y} – {b.stichtag:%d.%m.%Y} · {texte.stand(b)}",
                    fmt.note)
    row = 5
    ws.write_string(row, 0, "Kurzfassung", fmt.subtitle)
    row += 1
    for satz in texte.kurzfassung(b, data.oeffentlich):
        ws.merge_range(row, 0, row, 5, satz, fmt.absatz)
        ws.set_row(row, 12.75 * zeilen(satz, 32 + 5 * 15))
        row += 1
    row += 1

    ws.write_string(row, 0, "Kennzahlen", fmt.subtitle)
    row += 1
    spalten = b.vergleich.spalten()
    ws.set_row(row, 27)
    ws.write_string(row, 0, "", fmt.header)
    for j, heading in enumerate(texte.vergleich_ueberschriften(b), start=1):
        ws.write_string(row, j, heading, fmt.header)
    row += 1
    for label, feld, kind in texte.KENNZAHLEN:
        ws.write_string(row, 0, label, fmt.label)
        for j, (_, k) in enumerate(spalten, start=1):
            value = texte.wert(k, feld)
            if value is None:
                ws.write_string(row, j, "–", fmt.strich)
            else:
                write_cell(ws, row, j, value, fmt.kinds[kind])
        row += 1
    ws.write_string(row, 0, "Mindestanteil", fmt.label)
    write_cell(ws, row, 1, s.mindestanteil, fmt.kinds["prozent"])
    row += 1
    ws.write_string(row, 0, "Schwerpunktquote", fmt.label)
    _status_cell(ws, fmt, row, 1, texte.quote_status(s.erfuellt))
    row += 1
    if b.monatlich:
        ws.write_string(row, 0, "Quote seit Jahresbeginn", fmt.label)
        _status_cell(ws, fmt, row, 1, texte.quote_status(s.quote_bis_jetzt.erfuellt))
        row += 1
    if b.nicht_gezaehlt_vergleich:
        ws.merge_range(row, 0, row, 5, f"Die Vergleichswerte enthalten "
                       f"{anzahl(b.nicht_gezaehlt_vergleich, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} "
                       "anderer Monate nicht (siehe Prüfprotokoll).", fmt.note)
        row += 1
    row += 1

    ws.write_string(row, 0, f"Landesförderung (Pauschale, Anteilsregel {b.foerderung.regel})", fmt.subtitle)
    row += 1
    rows = texte.foerder_zeilen(b)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.drop(columns=["Status"])  # written as a status cell, marked ✓ / ✗
        kopf = row
        row = write_table(ws, fmt, row, frame, kinds={c: "euro" for c in frame.columns[1:]})
        ws.write_string(kopf, len(frame.columns), "Status", fmt.header)
        for i, p in enumerate(b.foerderung.programme):
            _status_cell(ws, fmt, kopf + 1 + i, len(frame.columns), texte.programm_status(p))
    else:
        ws.write_string(row, 0, "Keine Förderprogramme konfiguriert.", fmt.note)
        row += 2

    ws.write_string(row, 0, "Stand der Umsetzung", fmt.subtitle)
    row += 1
    meilensteine = texte.meilenstein_status(b)
    if meilensteine is not None:
        ws.write_string(row, 0, f"Meilensteine {b.periode.jahr}", fmt.label)
        ws.merge_range(row, 1, row, 5, "", fmt.text)
        _status_cell(ws, fmt, row, 1, meilensteine)
        row += 1
    ws.write_string(row, 0, f"Besetzung am {b.besetzung.stichtag:%d.%m.%Y}", fmt.label)
    ws.write_string(row, 1, b.besetzung.text, fmt.text)
    row += 1
    if not data.oeffentlich:
        ws.write_string(row, 0, "Befunde der Prüfung", fmt.label)
        ws.write_string(row, 1, texte.befund_zahlen(b), fmt.text)
        row += 1
        ws.write_string(row, 0, "Eingelesene Dateien", fmt.label)
        write_cell(ws, row, 1, len(b.dateien), fmt.kinds["ganzzahl"])
        row += 1
        if len(b.nicht_gezaehlt):
            ws.write_string(row, 0, "Nicht gezählte Zeilen (Fehler)", fmt.label)
            write_cell(ws, row, 1, len(b.nicht_gezaehlt), fmt.kinds["ganzzahl"])
            row += 1
    else:
        ws.merge_range(row, 0, row + 1, 5, texte.DATENSCHUTZ, fmt.absatz)
        row += 2
    row += 1
    ws.write_string(row, 0, "Diagramme im Blatt „Diagramme“, Einzelheiten in den folgenden Blättern.",
                    fmt.note)
    row += 3
    # the signature block: the Leitung signs the printed overview
    ws.write_string(row, 0, "Sachlich richtig und vollständig:", fmt.label)
    row += 3
    ws.merge_range(row, 0, row, 4, texte.UNTERSCHRIFT, fmt.linie)
    row += 1
    ws.write_string(row, 0, data.config.name, fmt.note)
    ws.print_area(0, 0, row, 5)


# ---------------------------------------------------------------------------- Diagramme

def _diagrams(wb: Workbook, fmt: Formats, data: _Ausgabe, charts) -> Callable[[dict[str, bytes]], None]:
    """The Diagramme sheet; returns the function that puts the charts' images in. Images are
    no cells (no shared strings): inserted at any time before the workbook is closed, the file
    is the same."""
    ws = _sheet(wb, data, "Diagramme", landscape=False)
    ws.write_string(0, 0, f"Diagramme – {data.bericht.titel}", fmt.title)
    rows = [2 + i * CHART_ROWS for i in range(len(charts))]
    ws.set_h_pagebreaks([row for i, row in enumerate(rows) if i and i % CHARTS_PER_PAGE == 0])
    ws.print_area(0, 0, 2 + len(charts) * CHART_ROWS, CHART_COLUMNS - 1)

    def insert(images: dict[str, bytes]) -> None:
        for row, chart in zip(rows, charts, strict=True):
            ws.insert_image(row, 0, f"{chart.name}.png", {
                "image_data": io.BytesIO(images[chart.name]), "x_scale": CHART_SCALE,
                "y_scale": CHART_SCALE, "object_position": 3, "description": chart.beschreibung})

    return insert


# ---------------------------------------------------------------------------- Tätigkeiten

def _count_table(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    table = frame.copy()
    table = table.loc[:, [c for c in table.columns if table[c].sum() > 0 or c != OHNE_SCHWERPUNKT]]
    table["Summe"] = table.sum(axis=1)
    table = table[table["Summe"] > 0]
    table.insert(0, label, table.index)
    return _with_total(table.reset_index(drop=True), label)


def _taetigkeiten(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Tätigkeiten")
    s = data.summary
    row = _heading(ws, fmt, data, "Tätigkeiten: Anzahl, Teilnehmende und Stunden")
    row = write_table(ws, fmt, row, _category_table(s.nach_taetigkeit, "Tätigkeit"), total_row=True)
    ws.write_string(row, 0, "Anzahl der Tätigkeiten nach Handlungsfeld", fmt.subtitle)
    table = _count_table(s.taetigkeit_handlungsfeld, "Tätigkeit")
    row = write_table(ws, fmt, row + 1, table, kinds={c: "ganzzahl" for c in table.columns[1:]},
                      total_row=True)
    ws.write_string(row, 0, "Anzahl der Tätigkeiten nach Themenschwerpunkt", fmt.subtitle)
    table = _count_table(s.taetigkeit_schwerpunkt, "Tätigkeit")
    row = write_table(ws, fmt, row + 1, table, kinds={c: "ganzzahl" for c in table.columns[1:]},
                      total_row=True)
    for sp in data.config.schwerpunkte:
        if sp.id in table.columns:
            _notiz(ws, fmt, row - 1, f"{sp.id}: {sp.titel}", 7, 24 + 6 * 13)
            row += 1
    row += 1 if any(sp.id in table.columns for sp in data.config.schwerpunkte) else 0
    ws.write_string(row, 0, "Tätigkeiten und Teilnehmende nach Handlungsfeld", fmt.subtitle)
    row = write_table(ws, fmt, row + 1, _category_table(s.nach_handlungsfeld, "Handlungsfeld"),
                      total_row=True)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 12, 13)
    ws.freeze_panes(4, 1)


# ---------------------------------------------------------------------------- Meilensteine

def _meilensteine(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Meilensteine")
    b = data.bericht
    row = _heading(ws, fmt, data, f"Meilensteine {b.periode.jahr}, Stand {b.periode.ende:%d.%m.%Y}")
    frame = meilensteine_frame(b.meilensteine).drop(columns=["Titel"])
    widths = (12, 6, 52, 15, 10, 9, 9, 6, 10, 16)
    row = write_table(ws, fmt, row, frame, kinds={"Jahr": "text", "Soll bis Stichtag": "zahl",
                                                  "Ist": "ganzzahl", "Stichtag": "datum"},
                      wrap={"Meilenstein": widths[2], "Status": widths[-1]})
    _notiz(ws, fmt, row, "Zählbare Meilensteine: Ist = Zahl der Einträge dieser Tätigkeit mit diesem "
           "Schwerpunkt vom 1. Januar bis zum Stichtag; „auf Kurs“, wenn der Anteil des abgelaufenen "
           "Jahres erreicht ist.", 10, 140)
    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
    ws.repeat_rows(3)


# ---------------------------------------------------------------------------- Besetzung

def _besetzung(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Besetzung")
    b = data.bericht
    row = _heading(ws, fmt, data, "Besetzung des Stellenplans")
    besetzung = b.besetzung
    ws.write_string(row, 0, f"Am {besetzung.stichtag:%d.%m.%Y}: {besetzung.text} "
                    f"({anzahl(besetzung.stellen, 'Stelle', 'Stellen')}).", fmt.label)
    row += 2
    ws.write_string(row, 0, "Je Monat (VZÄ = Vollzeitäquivalente; besetzt im Monatsdurchschnitt, "
                    "tagesgenau)", fmt.subtitle)
    frame = pd.DataFrame([{
        "Monat": m.titel, "VZÄ im Stellenplan": float(m.stellenplan), "VZÄ besetzt": float(m.besetzt),
        "VZÄ unbesetzt": float(m.unbesetzt), "VZÄ unbesetzt am Monatsende": float(m.unbesetzt_monatsende),
        "Besetzung": m.text} for m in besetzung.monate])
    row = write_table(ws, fmt, row + 1, frame)
    if data.oeffentlich:
        ws.write_string(row, 0, f"Nach Stellengruppen am {besetzung.stichtag:%d.%m.%Y}", fmt.subtitle)
        frame = pd.DataFrame([{
            "Stellengruppe": g.name, "Stellen": g.stellen, "VZÄ im Stellenplan": float(g.stellenplan),
            "VZÄ besetzt": float(g.besetzt_stichtag), "VZÄ unbesetzt": float(g.unbesetzt_stichtag),
            "Besetzung": g.text} for g in b.gruppen.besetzung])
        row = write_table(ws, fmt, row + 1, frame, kinds={"Stellen": "ganzzahl"})
    else:
        ws.write_string(row, 0, f"Je Stelle am {besetzung.stichtag:%d.%m.%Y}", fmt.subtitle)
        frame = pd.DataFrame([{
            "Stelle": st.id, "Bezeichnung": st.bezeichnung, "Art": st.art, "Förderung": st.foerderung,
            "VZÄ im Stellenplan": st.umfang, "VZÄ besetzt": st.besetzt_am(besetzung.stichtag)}
            for st in data.config.stellen])
        row = write_table(ws, fmt, row + 1, frame)
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, 30 if not data.oeffentlich else 14)
    ws.set_column(2, 4, 14)
    ws.set_column(5, 5, 30)


# ---------------------------------------------------------------------------- Monate

def _month_table(data: _Ausgabe) -> pd.DataFrame:
    summary, b = data.summary, data.bericht
    months = [m for m in summary.quote_bis_jetzt.monate if b.monatlich or int(m.monat[5:]) in b.monate] \
        or list(summary.quote_bis_jetzt.monate)
    return pd.DataFrame({
        "Monat": [m.monat for m in months],
        "Einträge": [summary.eintraege_je_monat.get(m.monat, 0) for m in months],
        "Stunden": [m.werte.stunden for m in months],
        "Stunden mit Schwerpunkt": [m.werte.stunden_schwerpunkte for m in months],
        "Schwerpunktanteil": [m.werte.anteil for m in months],
        "Mindestanteil erreicht": ["–" if m.werte.anteil is None else
                                   ("✗ nein" if m.unterschritten else "✓ ja") for m in months],
        "fehlende Stunden": [m.fehlstunden for m in months],
    })


def _months(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Monate")
    b = data.bericht
    title = "Schwerpunktanteil je Monat seit Jahresbeginn" if b.monatlich else "Monat für Monat"
    row = _heading(ws, fmt, data, title)
    row = write_table(ws, fmt, row, _month_table(data))
    if not b.monatlich:
        ws.write_string(row, 0, "Stunden je Schwerpunkt und Monat", fmt.subtitle)
        matrix = data.summary.schwerpunkt_monat.copy()
        matrix = matrix[[c for c in matrix.columns if int(c[5:]) in b.monate] or list(matrix.columns)]
        total = matrix.sum(axis=1)
        matrix.columns = [MONATSKURZ[int(c[5:]) - 1] for c in matrix.columns]
        matrix.insert(0, "Schwerpunkt", matrix.index)
        matrix["Summe"] = total
        matrix = _with_total(matrix.reset_index(drop=True), "Schwerpunkt")
        write_table(ws, fmt, row + 1, matrix, kinds={c: "stunden" for c in matrix.columns[1:]},
                    total_row=True)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 14, 11)
    ws.freeze_panes(4, 1)


def _with_total(frame: pd.DataFrame, label_column: str) -> pd.DataFrame:
    total = {c: frame[c].sum() if pd.api.types.is_numeric_dtype(frame[c]) else "" for c in frame}
    total[label_column] = "Summe"
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


# ---------------------------------------------------------------------------- Schwerpunkte

def _schwerpunkte(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Schwerpunkte")
    row = _heading(ws, fmt, data, "Stunden nach Themenschwerpunkt")
    s = data.summary
    sp_info = {sp.id: sp for sp in data.config.schwerpunkte}
    zd_names = load_schema().zieldimensionen
    rows = []
    for key, r in s.nach_schwerpunkt.iterrows():
        sp = sp_info.get(key)
        rows.append({
            "Schwerpunkt": key,
            "Titel": sp.titel if sp else "Arbeit ohne Themenschwerpunkt",
            "Handlungsfeld": sp.handlungsfeld if sp else "",
            "Zieldimension": f"{sp.zieldimension} – {zd_names.get(sp.zieldimension, '')}" if sp else "",
            "Einträge": int(r["eintraege"]),
            "Teilnehmende": r["teilnehmende"],
            "Stunden": r["stunden"],
            "Anteil an allen Stunden": r["anteil"],
        })
    table = _with_total(pd.DataFrame(rows), "Schwerpunkt")
    row = write_table(ws, fmt, row, table, total_row=True, wrap={"Titel": 48, "Zieldimension": 26})
    if data.oeffentlich:
        ws.write_string(row, 0, "Stunden je Schwerpunkt und Stellengruppe", fmt.subtitle)
        source = data.bericht.gruppen.schwerpunkt_gruppe
    else:
        ws.write_string(row, 0, "Stunden je Schwerpunkt und Stelle", fmt.subtitle)
        source = s.schwerpunkt_stelle
    matrix = source.copy()
    matrix.insert(0, "Schwerpunkt", matrix.index)
    matrix["Summe"] = source.sum(axis=1)
    matrix = _with_total(matrix.reset_index(drop=True), "Schwerpunkt")
    row = write_table(ws, fmt, row + 1, matrix, kinds={c: "stunden" for c in matrix.columns[1:]},
                      total_row=True)
    for title, frame, label in (("Stunden nach Handlungsfeld", s.nach_handlungsfeld, "Handlungsfeld"),
                                ("Stunden nach Zieldimension", s.nach_zieldimension, "Zieldimension")):
        ws.write_string(row, 0, title, fmt.subtitle)
        table = _category_table(frame, label)
        if label == "Zieldimension":
            table[label] = [f"{k} – {zd_names[k]}" if k in zd_names else k for k in table[label]]
        row = write_table(ws, fmt, row + 1, table, total_row=True, wrap={label: 18})
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3, 26)
    ws.set_column(4, 12, 12)
    ws.freeze_panes(4, 1)


def _category_table(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    table = pd.DataFrame({
        label: list(frame.index),
        "Einträge": frame["eintraege"].astype(int).tolist(),
        "Teilnehmende": frame["teilnehmende"].tolist(),
        "Stunden": frame["stunden"].tolist(),
        "Anteil an allen Stunden": frame["anteil"].tolist() if frame["anteil"].notna().any()
        else [None] * len(frame),
    })
    return _with_total(table, label)


def _simple(wb: Workbook, fmt: Formats, data: _Ausgabe, sheet: str, title: str,
            frame: pd.DataFrame, label: str) -> None:
    ws = _sheet(wb, data, sheet)
    row = _heading(ws, fmt, data, title)
    write_table(ws, fmt, row, _category_table(frame, label), total_row=True)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 4, 16)
    ws.freeze_panes(4, 1)
    ws.repeat_rows(row)


# ---------------------------------------------------------------------------- Stellen

def _stellen(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Stellen")
    row = _heading(ws, fmt, data, "Stunden nach Stelle")
    s = data.summary
    rows = []
    for stelle in data.config.stellen:
        r = s.nach_stelle.loc[stelle.id]
        rows.append({
            "Stelle": stelle.id, "Bezeichnung": stelle.bezeichnung, "Art": stelle.art,
            "Förderung": stelle.foerderung, "Einträge": int(r["eintraege"]), "Stunden": r["stunden"],
            "Stunden mit Schwerpunkt": r["schwerpunkte"], "Schwerpunktanteil": r["schwerpunktanteil"],
            "Anteil an allen Stunden": r["anteil"],
        })
    table = pd.DataFrame(rows)
    total = _with_total(table, "Stelle")
    total.loc[total.index[-1], "Schwerpunktanteil"] = s.anteil
    total.loc[total.index[-1], "Anteil an allen Stunden"] = 1.0 if s.stunden else None
    row = write_table(ws, fmt, row, total, total_row=True, wrap={"Bezeichnung": 32})
    soll_ist = data.bericht.soll_ist
    blocks = [(f"Soll/Ist-Stunden je Stelle – {data.bericht.titel}", soll_ist.summen_frame())]
    if not data.bericht.monatlich:
        blocks.append(("Soll/Ist je Stelle und Monat", soll_ist.frame()))
    for title, frame in blocks:
        ws.write_string(row, 0, title, fmt.subtitle)
        row = write_table(ws, fmt, row + 1, frame, wrap={"Bezeichnung": 32})
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 3, 13)
    ws.set_column(4, 9, 13)
    ws.freeze_panes(4, 1)


def _gruppen(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Stellengruppen")
    row = _heading(ws, fmt, data, "Stunden nach Stellengruppe")
    g = data.bericht.gruppen
    frame = g.nach_gruppe
    table = pd.DataFrame({
        "Stellengruppe": list(frame.index), "Stellen": frame["stellen"].tolist(),
        "VZÄ im Stellenplan": frame["vza"].tolist(), "Einträge": frame["eintraege"].tolist(),
        "Stunden": frame["stunden"].tolist(), "Stunden mit Schwerpunkt": frame["schwerpunkte"].tolist(),
        "Schwerpunktanteil": frame["schwerpunktanteil"].tolist()})
    table = _with_total(table, "Stellengruppe")
    table.loc[table.index[-1], "Schwerpunktanteil"] = data.summary.anteil
    row = write_table(ws, fmt, row, table, kinds={"Stellen": "ganzzahl"}, total_row=True)
    for gruppe in g.gruppen:
        arten = sorted({st.art for st in gruppe.stellen})
        row = _notiz(ws, fmt, row, f"{gruppe.name}: {', '.join(arten)}", 7, 22 + 6 * 14)
    _notiz(ws, fmt, row + 1, texte.DATENSCHUTZ, 7, 22 + 6 * 14)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 6, 14)


# ---------------------------------------------------------------------------- Förderung

def _foerderung(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Förderung")
    b = data.bericht
    f = b.foerderung
    row = _heading(ws, fmt, data, f"Landesförderung {f.jahr} (Anteilsregel: {f.regel})")
    ws.write_string(row, 0, "Programme gegen den Höchstbetrag", fmt.subtitle)
    rows = texte.foerder_zeilen(b)
    for r, p in zip(rows, f.programme, strict=True):
        r["förderfähig"] = cent(p.foerderfaehig)
        r["Überschreitung"] = cent(p.ueberschreitung)
        r["Status"] = r.pop("Status")
    frame = pd.DataFrame(rows)
    euro = {c: "euro" for c in frame.columns if c not in ("Programm", "Status")}
    row = write_table(ws, fmt, row + 1, frame, kinds=euro)
    ws.write_string(row, 0, "Anspruch kumuliert je Monat", fmt.subtitle)
    kumuliert = f.kumuliert_frame().reset_index()
    row = write_table(ws, fmt, row + 1, kumuliert, kinds={c: "euro" for c in kumuliert.columns[1:]})
    if not data.oeffentlich:
        ws.set_h_pagebreaks([row])  # the tables per Stelle start on a page of their own
        ws.write_string(row, 0, f"Pauschale je Stelle {f.jahr}", fmt.subtitle)
        frame = f.stellen_frame()
        gefoerdert = frame[frame["Pauschale/Jahr"].notna()]
        monate = gefoerdert[["Stelle", *MONATSKURZ]].set_index("Stelle").T
        frame = frame[["Stelle", "Bezeichnung", "Programm", "Pauschale/Jahr", "Summe"]].rename(
            columns={"Summe": "Anspruch im Jahr"})
        row = write_table(ws, fmt, row + 1, frame, wrap={"Bezeichnung": 22},
                          kinds={"Pauschale/Jahr": "euro", "Anspruch im Jahr": "euro"})
        ws.write_string(row, 0, f"Pauschale je Stelle und Monat {f.jahr}", fmt.subtitle)
        monate.insert(0, "Monat", monate.index)
        monate = _with_total(monate.reset_index(drop=True), "Monat")
        row = write_table(ws, fmt, row + 1, monate, kinds={c: "euro" for c in monate.columns[1:]},
                          total_row=True)
    _notiz(ws, fmt, row, "Monatsbeträge in ganzen Cent: der Stand nach jedem Monat ist der exakte Stand, "
           "kaufmännisch auf den Cent gerundet; die Monate ergeben genau den Jahresbetrag.", 7, 14 + 6 * 15)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 24 if not data.oeffentlich else 15)
    ws.set_column(2, 9, 15)


# ---------------------------------------------------------------------------- Prüfprotokoll

def _findings_frame(findings) -> pd.DataFrame:
    return pd.DataFrame([{
        "Schwere": f.schwere, "Code": f.code, "Datei": f.datei, "Blatt": f.blatt or "",
        "Zeile": f.zeile, "Spalte": f.spalte or "", "Wert": f.wert or "", "Meldung": f.meldung,
    } for f in findings], columns=["Schwere", "Code", "Datei", "Blatt", "Zeile", "Spalte", "Wert", "Meldung"])


def _protocol(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, data, "Prüfprotokoll")
    b = data.bericht
    row = _heading(ws, fmt, data, "Prüfprotokoll")
    ws.write_string(row, 0, f"{anzahl(len(b.dateien), 'Datei', 'Dateien')} gelesen:", fmt.label)
    row += 1
    for datei in b.dateien[:200]:
        ws.merge_range(row, 0, row, 7, datei, fmt.wrap)
        row += 1
    if len(b.dateien) > 200:
        ws.write_string(row, 0, f"… und {len(b.dateien) - 200} weitere", fmt.note)
        row += 1
    row += 1
    counts = count_codes(b.findings)
    summary = pd.DataFrame(
        [{"Schwere": s, "Code": c, "Anzahl": n} for (s, c), n in sorted(
            counts.items(), key=lambda kv: ([FEHLER, WARNUNG, HINWEIS].index(kv[0][0]), kv[0][1]))],
        columns=["Schwere", "Code", "Anzahl"])
    ws.write_string(row, 0, f"Befunde zu {b.titel} und zu ganzen Dateien", fmt.subtitle)
    row = write_table(ws, fmt, row + 1, summary)
    groups = by_severity(b.findings)
    ordered = [*groups[FEHLER], *groups[WARNUNG], *groups[HINWEIS]]
    ws.write_string(row, 0, "Alle Befunde" if ordered else "Keine Befunde.", fmt.subtitle)
    header_row = row + 1
    wrap = dict(zip(("Datei", "Wert", "Meldung"), (26, 14, 52), strict=True))
    row = write_table(ws, fmt, header_row, _findings_frame(ordered), autofilter=bool(ordered), wrap=wrap)
    if b.fehler_andere_monate:
        ws.write_string(row, 0, "Fehler in Einträgen anderer Monate – sie verhindern diesen Bericht nicht, "
                        "aber den Bericht ihres Monats", fmt.subtitle)
        row = write_table(ws, fmt, row + 1, _findings_frame(b.fehler_andere_monate), wrap=wrap)
    ws.repeat_rows(header_row)
    # wide enough to read at full size on A4 landscape: Datei, Wert and Meldung wrap
    for j, width in enumerate((9, 19, 26, 10, 6, 11, 14, 52)):
        ws.set_column(j, j, width)


# ---------------------------------------------------------------------------- Daten

def _rows_sheet(wb: Workbook, fmt: Formats, data: _Ausgabe, sheet: str, entries: pd.DataFrame,
                title: str | None) -> None:
    start = 2 if title else 0
    ws = _sheet(wb, data, sheet, repeat=start)
    fields = [f for f in COLUMN_OF_FIELD if data.mit_namen or f != "mitarbeiter"]
    headings = [COLUMN_OF_FIELD[f] for f in fields] + ["Datei", "Blatt", "Zeile"]
    if title:
        ws.write_string(0, 0, title, fmt.subtitle)
    frame = entries[[*fields, "_datei", "_blatt", "_zeile"]].copy() if len(entries) else \
        pd.DataFrame(columns=[*fields, "_datei", "_blatt", "_zeile"])
    frame.columns = headings
    kinds = {"Stunden": "stunden", "Teilnehmende": "ganzzahl", "Zeile": "ganzzahl",
             "Datum": "datum"}
    if sheet != "Daten":
        frame = frame.astype(object)
    write_data_table(ws, fmt, start, frame, kinds=kinds, autofilter=len(frame) > 0)
    widths = {"Datum": 10, "Stelle": 7, "Mitarbeiter/in": 14, "Handlungsfeld": 12,
              "Schwerpunkt": 11, "Tätigkeit": 16, "Kommune": 12, "Stunden": 8, "Teilnehmende": 8,
              "Beschreibung": 40, "Datei": 34, "Blatt": 10, "Zeile": 6}
    for j, h in enumerate(headings):
        ws.set_column(j, j, widths.get(h, 12))
    ws.freeze_panes(start + 1, 0)
