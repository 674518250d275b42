"""Write the Berichtspflicht workbook (monthly or annual) and its charts.

`write_report(...)` puts `Monatsbericht_2025-03.xlsx` (or `Jahresbericht_2025.xlsx`) and the
PNG charts into the output folder, atomically, byte-identical for the same input.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from kibericht import __version__
from kibericht.regeln.aggregation import Summary
from kibericht.ausgabe.atomar import atomic_path, write_bytes_atomic
from kibericht.ausgabe.diagramme import png_bytes, report_charts
from kibericht.konfig.laden import KIConfig
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding, by_severity, count_codes
from kibericht.pruefen.blatt import COLUMN_OF_FIELD
from kibericht.periode import Periode
from kibericht.ausgabe.daten_blatt import write_data_table
from kibericht.ausgabe.zellformate import Formats, apply_widths, write_cell, write_table
from kibericht.schema import load_schema

# A fixed creation date keeps the file byte-identical on re-runs (no "now" inside).
FIXED_CREATED = dt.datetime(2000, 1, 1)


@dataclass
class ReportInput:
    """Everything a report is written from."""

    config: KIConfig
    periode: Periode
    summary: Summary
    entries: pd.DataFrame  # the valid entries of the period
    rejected: pd.DataFrame  # rows left out because of errors (with --trotz-fehlern)
    findings: list[Finding]
    files: list[str]
    mit_namen: bool = False
    extra_sheets: list[tuple[str, list[tuple[str, pd.DataFrame]]]] = field(default_factory=list)
    overview_lines: list[tuple[str, object, str | None]] = field(default_factory=list)
    stellen_blocks: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    extra_charts: dict[str, bytes] = field(default_factory=dict)


def base_name(periode: Periode) -> str:
    if periode.art == "monat":
        return f"Monatsbericht_{periode.label}"
    return f"Jahresbericht_{periode.label}"


def write_report(out_dir: Path, data: ReportInput) -> list[Path]:
    """Write workbook and PNG charts; returns the written paths (workbook first)."""
    out_dir = Path(out_dir)
    name = base_name(data.periode)
    charts = {key: png_bytes(fig) for key, fig in report_charts(data.summary).items()}
    charts.update(data.extra_charts)
    workbook_path = out_dir / f"{name}.xlsx"
    written = [workbook_path]
    with atomic_path(workbook_path) as tmp:
        _write_workbook(tmp, data, charts)
    for key, png in charts.items():
        path = out_dir / f"{name}_{key}.png"
        write_bytes_atomic(path, png)
        written.append(path)
    return written


def _write_workbook(path: Path, data: ReportInput, charts: dict[str, bytes]) -> None:
    wb = Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                              "strings_to_numbers": False, "nan_inf_to_errors": False})
    wb.set_properties({"title": f"{base_name(data.periode)} – {data.config.name}",
                       "subject": "Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung",
                       "author": "kibericht", "created": FIXED_CREATED,
                       "comments": f"kibericht {__version__}"})
    fmt = Formats(wb)
    _overview(wb, fmt, data, charts)
    if data.periode.art != "monat":
        _months(wb, fmt, data)
    _schwerpunkte(wb, fmt, data)
    _stellen(wb, fmt, data)
    _simple(wb, fmt, data, "Tätigkeiten", "Stunden nach Tätigkeit", data.summary.nach_taetigkeit,
            "Tätigkeit")
    _simple(wb, fmt, data, "Kommunen", "Stunden nach Kommune", data.summary.nach_kommune, "Kommune")
    for sheet_name, blocks in data.extra_sheets:
        _blocks(wb, fmt, sheet_name, blocks)
    _protocol(wb, fmt, data)
    if not data.rejected.empty:
        _rows_sheet(wb, fmt, "Nicht gezählt", data.rejected, data.mit_namen,
                    "Zeilen mit Fehlern – nicht im Bericht gezählt (siehe Prüfprotokoll)")
    _rows_sheet(wb, fmt, "Daten", data.entries, data.mit_namen, None)
    wb.close()


def _sheet(wb: Workbook, name: str):
    ws = wb.add_worksheet(name)
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_paper(9)
    return ws


def _heading(ws, fmt: Formats, data: ReportInput, title: str) -> int:
    ws.write_string(0, 0, title, fmt.title)
    ws.write_string(1, 0, f"{data.config.name} – {data.periode.titel}", fmt.subtitle)
    return 3


def _status(erfuellt: bool | None) -> str:
    if erfuellt is None:
        return "nicht bestimmbar (keine Einträge)"
    return "erfüllt" if erfuellt else "nicht erfüllt"


def _overview(wb: Workbook, fmt: Formats, data: ReportInput, charts: dict[str, bytes]) -> None:
    ws = _sheet(wb, "Übersicht")
    s, p = data.summary, data.periode
    kind = "Monatsbericht" if p.art == "monat" else "Jahresbericht"
    ws.write_string(0, 0, f"{kind} {p.titel}", fmt.title)
    ws.write_string(1, 0, data.config.name, fmt.subtitle)
    ws.write_string(2, 0, "Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung", fmt.note)
    groups = by_severity(data.findings)
    lines: list[tuple[str, object, str | None]] = [
        ("Zeitraum", f"{p.start:%d.%m.%Y} – {p.ende:%d.%m.%Y}", None),
        ("Einträge", s.eintraege, "ganzzahl"),
        ("Stunden gesamt", s.stunden, "stunden"),
        ("davon mit Schwerpunkt", s.stunden_schwerpunkte, "stunden"),
        ("Schwerpunktanteil", s.anteil, "prozent"),
        ("Mindestanteil", s.mindestanteil, "prozent"),
        ("Schwerpunktquote", _status(s.erfuellt), "status"),
    ]
    if p.art == "monat":
        lines.append(("Schwerpunktanteil seit Jahresbeginn", s.quote_bis_jetzt.anteil, "prozent"))
        lines.append(("Quote seit Jahresbeginn", _status(s.quote_bis_jetzt.erfuellt),
                      "status"))
    lines.extend(data.overview_lines)
    lines += [
        ("Eingelesene Dateien", len(data.files), "ganzzahl"),
        ("Fehler in den Eingaben", len(groups[FEHLER]), "ganzzahl"),
        ("Nicht gezählte Zeilen (Fehler)", len(data.rejected), "ganzzahl"),
        ("Warnungen", len(groups[WARNUNG]), "ganzzahl"),
        ("Hinweise", len(groups[HINWEIS]), "ganzzahl"),
    ]
    row = 4
    for label, value, kind_ in lines:
        ws.write_string(row, 0, label, fmt.label)
        if kind_ == "status":
            text = str(value)
            style = fmt.fail if text.startswith(("nicht erfüllt", "überschritten", "im Verzug")) \
                else fmt.ok if text.startswith(("erfüllt", "eingehalten")) or "erreicht" in text \
                else fmt.neutral
            ws.write_string(row, 1, text, style)
        elif value is None and kind_ == "prozent":
            ws.write_string(row, 1, "–", fmt.text)
        else:
            write_cell(ws, row, 1, value, fmt.kinds.get(kind_ or "text", fmt.text))
        row += 1
    row += 1
    ws.write_string(row, 0, "Schwerpunktanteil je Monat", fmt.subtitle)
    months = _month_table(data.summary)
    row = write_table(ws, fmt, row + 1, months)
    ws.write_string(row, 0, f"Erstellt mit kibericht {__version__}. Personennamen erscheinen nur mit "
                    "--mit-namen.", fmt.note)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 5, 14)
    # charts below the tables, one under the other, so the sheet prints one page wide
    anchor = row + 2
    ws.write_string(anchor, 0, "Diagramme", fmt.subtitle)
    anchor += 1
    order = ["schwerpunktanteil", "schwerpunkte_stellen", "foerderung", "soll_ist", "taetigkeiten",
             "kommunen"]
    for key in [*[k for k in order if k in charts], *[k for k in charts if k not in order]]:
        ws.insert_image(anchor, 0, f"{key}.png", {"image_data": io.BytesIO(charts[key]),
                                                  "x_scale": 0.62, "y_scale": 0.62,
                                                  "object_position": 3})
        anchor += 23


def _month_table(summary: Summary) -> pd.DataFrame:
    months = summary.quote_bis_jetzt.monate
    return pd.DataFrame({
        "Monat": [m.monat for m in months],
        "Einträge": [summary.eintraege_je_monat.get(m.monat, 0) for m in months],
        "Stunden": [m.werte.stunden for m in months],
        "Stunden mit Schwerpunkt": [m.werte.stunden_schwerpunkte for m in months],
        "Schwerpunktanteil": [m.werte.anteil for m in months],
        "Mindestanteil erreicht": ["–" if m.werte.anteil is None else
                                   ("nein" if m.unterschritten else "ja") for m in months],
        "fehlende Stunden": [m.fehlstunden for m in months],
    })


def _months(wb: Workbook, fmt: Formats, data: ReportInput) -> None:
    ws = _sheet(wb, "Monate")
    row = _heading(ws, fmt, data, "Monat für Monat")
    row = write_table(ws, fmt, row, _month_table(data.summary))
    ws.write_string(row, 0, "Stunden je Schwerpunkt und Monat", fmt.subtitle)
    matrix = data.summary.schwerpunkt_monat.copy()
    matrix.insert(0, "Schwerpunkt", matrix.index)
    matrix["Stunden gesamt"] = data.summary.schwerpunkt_monat.sum(axis=1)
    matrix = _with_total(matrix, "Schwerpunkt")
    write_table(ws, fmt, row + 1, matrix, kinds={c: "stunden" for c in matrix.columns[1:]},
                total_row=True)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 14, 12)
    ws.freeze_panes(4, 1)


def _with_total(frame: pd.DataFrame, label_column: str) -> pd.DataFrame:
    total = {c: frame[c].sum() if pd.api.types.is_numeric_dtype(frame[c]) else "" for c in frame}
    for c in frame.columns:
        if "Anteil" in str(c) and pd.api.types.is_numeric_dtype(frame[c]):
            total[c] = frame[c].sum()
    total[label_column] = "Summe"
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def _schwerpunkte(wb: Workbook, fmt: Formats, data: ReportInput) -> None:
    ws = _sheet(wb, "Schwerpunkte")
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
            "Stunden": r["stunden"],
            "Teilnehmende": r["teilnehmende"],
            "Anteil an allen Stunden": r["anteil"],
        })
    table = _with_total(pd.DataFrame(rows), "Schwerpunkt")
    row = write_table(ws, fmt, row, table, total_row=True)
    ws.write_string(row, 0, "Stunden je Schwerpunkt und Stelle", fmt.subtitle)
    matrix = s.schwerpunkt_stelle.copy()
    matrix.insert(0, "Schwerpunkt", matrix.index)
    matrix["Summe"] = s.schwerpunkt_stelle.sum(axis=1)
    matrix = _with_total(matrix, "Schwerpunkt")
    row = write_table(ws, fmt, row + 1, matrix, kinds={c: "stunden" for c in matrix.columns[1:]},
                      total_row=True)
    for title, frame, label in (("Stunden nach Handlungsfeld", s.nach_handlungsfeld, "Handlungsfeld"),
                                ("Stunden nach Zieldimension", s.nach_zieldimension, "Zieldimension")):
        ws.write_string(row, 0, title, fmt.subtitle)
        table = _category_table(frame, label)
        if label == "Zieldimension":
            table[label] = [f"{k} – {zd_names[k]}" if k in zd_names else k for k in table[label]]
        row = write_table(ws, fmt, row + 1, table, total_row=True)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 3, 22)
    ws.set_column(4, 12, 13)
    ws.freeze_panes(4, 1)


def _category_table(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    table = pd.DataFrame({
        label: list(frame.index),
        "Einträge": frame["eintraege"].astype(int).tolist(),
        "Stunden": frame["stunden"].tolist(),
        "Teilnehmende": frame["teilnehmende"].tolist(),
        "Anteil an allen Stunden": frame["anteil"].tolist() if frame["anteil"].notna().any()
        else [None] * len(frame),
    })
    return _with_total(table, label)


def _simple(wb: Workbook, fmt: Formats, data: ReportInput, sheet: str, title: str,
            frame: pd.DataFrame, label: str) -> None:
    ws = _sheet(wb, sheet)
    row = _heading(ws, fmt, data, title)
    write_table(ws, fmt, row, _category_table(frame, label), total_row=True)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 4, 16)
    ws.freeze_panes(4, 1)


def _stellen(wb: Workbook, fmt: Formats, data: ReportInput) -> None:
    ws = _sheet(wb, "Stellen")
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
    row = write_table(ws, fmt, row, total, total_row=True)
    for title, frame in data.stellen_blocks:
        ws.write_string(row, 0, title, fmt.subtitle)
        row = write_table(ws, fmt, row + 1, frame)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 3, 14)
    ws.set_column(4, 9, 14)
    ws.freeze_panes(4, 1)


def _blocks(wb: Workbook, fmt: Formats, sheet: str, blocks: list[tuple[str, pd.DataFrame]]) -> None:
    ws = _sheet(wb, sheet)
    ws.write_string(0, 0, sheet, fmt.title)
    row = 2
    widths: dict[int, float] = {}
    for title, frame in blocks:
        if title:
            ws.write_string(row, 0, title, fmt.subtitle)
            row += 1
        row = write_table(ws, fmt, row, frame, widths=widths)
    apply_widths(ws, widths)


def _protocol(wb: Workbook, fmt: Formats, data: ReportInput) -> None:
    ws = _sheet(wb, "Prüfprotokoll")
    ws.write_string(0, 0, "Prüfprotokoll", fmt.title)
    ws.write_string(1, 0, f"{len(data.files)} Datei(en) gelesen: " + ", ".join(data.files[:20])
                    + (" …" if len(data.files) > 20 else ""), fmt.note)
    counts = count_codes(data.findings)
    summary = pd.DataFrame(
        [{"Schwere": s, "Code": c, "Anzahl": n} for (s, c), n in sorted(
            counts.items(), key=lambda kv: ([FEHLER, WARNUNG, HINWEIS].index(kv[0][0]), kv[0][1]))],
        columns=["Schwere", "Code", "Anzahl"])
    row = write_table(ws, fmt, 3, summary)
    groups = by_severity(data.findings)
    ordered = [*groups[FEHLER], *groups[WARNUNG], *groups[HINWEIS]]
    table = pd.DataFrame([{
        "Schwere": f.schwere, "Code": f.code, "Datei": f.datei, "Blatt": f.blatt or "",
        "Zeile": f.zeile, "Spalte": f.spalte or "", "Wert": f.wert or "", "Meldung": f.meldung,
    } for f in ordered], columns=["Schwere", "Code", "Datei", "Blatt", "Zeile", "Spalte", "Wert",
                                  "Meldung"])
    ws.write_string(row, 0, "Alle Befunde" if ordered else "Keine Befunde.", fmt.subtitle)
    write_table(ws, fmt, row + 1, table, autofilter=bool(ordered))
    for j, width in enumerate((10, 24, 40, 14, 8, 16, 20, 90)):
        ws.set_column(j, j, width, fmt.wrap if j == 7 else None)


def _rows_sheet(wb: Workbook, fmt: Formats, sheet: str, entries: pd.DataFrame, mit_namen: bool,
                title: str | None) -> None:
    ws = _sheet(wb, sheet)
    fields = [f for f in COLUMN_OF_FIELD if mit_namen or f != "mitarbeiter"]
    headings = [COLUMN_OF_FIELD[f] for f in fields] + ["Datei", "Blatt", "Zeile"]
    start = 0
    if title:
        ws.write_string(0, 0, title, fmt.subtitle)
        start = 2
    frame = entries[[*fields, "_datei", "_blatt", "_zeile"]].copy() if len(entries) else \
        pd.DataFrame(columns=[*fields, "_datei", "_blatt", "_zeile"])
    frame.columns = headings
    kinds = {"Stunden": "stunden", "Teilnehmende": "ganzzahl", "Zeile": "ganzzahl",
             "Datum": "datum"}
    if sheet != "Daten":
        frame = frame.astype(object)
    write_data_table(ws, fmt, start, frame, kinds=kinds, autofilter=len(frame) > 0)
    widths = {"Datum": 11, "Stelle": 8, "Mitarbeiter/in": 18, "Handlungsfeld": 14,
              "Schwerpunkt": 12, "Tätigkeit": 18, "Kommune": 13, "Stunden": 9, "Teilnehmende": 12,
              "Beschreibung": 50, "Datei": 40, "Blatt": 12, "Zeile": 7}
    for j, h in enumerate(headings):
        ws.set_column(j, j, widths.get(h, 12))
    ws.freeze_panes(start + 1, 0)

