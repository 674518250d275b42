"""Write the Berichtspflicht workbook (monthly or annual) and its charts from a report value.

`write_report(out_dir, bericht)` puts `Monatsbericht_2025-03.xlsx` (or `Jahresbericht_2025.xlsx`)
and the PNG charts into the output folder, atomically, byte-identical for the same input. It only
renders `regeln.bericht.Bericht`; nothing is computed here.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from kibericht import __version__
from kibericht.ausgabe.atomar import Ausgabegruppe
from kibericht.ausgabe.daten_blatt import write_data_table
from kibericht.ausgabe.diagramme import png_bytes, report_charts
from kibericht.ausgabe.zellformate import Formats, apply_widths, write_cell, write_table
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, by_severity, count_codes
from kibericht.periode import Periode
from kibericht.pruefen.kopfzeile import COLUMN_OF_FIELD
from kibericht.regeln.aggregation import Summary
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.meilensteine import meilensteine_frame
from kibericht.schema import load_schema
from kibericht.zahlen import anzahl, cent, de_zahl

# A fixed creation date keeps the file byte-identical on re-runs (no "now" inside).
FIXED_CREATED = dt.datetime(2000, 1, 1)


@dataclass(frozen=True)
class Status:
    """A verdict shown on the overview: its text, and whether it is good (None: neither)."""

    text: str
    ok: bool | None


@dataclass
class _Ausgabe:
    """What the sheets are written from: the report value and how to show it."""

    bericht: Bericht
    mit_namen: bool

    @property
    def config(self):
        return self.bericht.config

    @property
    def periode(self) -> Periode:
        return self.bericht.periode

    @property
    def summary(self) -> Summary:
        return self.bericht.summary


def base_name(periode: Periode) -> str:
    if periode.art == "monat":
        return f"Monatsbericht_{periode.label}"
    return f"Jahresbericht_{periode.label}"


def write_report(out_dir: Path, bericht: Bericht, mit_namen: bool = False) -> list[Path]:
    """Write workbook and PNG charts; returns the written paths (workbook first)."""
    data = _Ausgabe(bericht, mit_namen)
    out_dir = Path(out_dir)
    name = base_name(data.periode)
    charts = {key: png_bytes(fig) for key, fig in report_charts(bericht).items()}
    workbook_path = out_dir / f"{name}.xlsx"
    written = [workbook_path]
    # all files of the report are replaced together or not at all
    with Ausgabegruppe() as gruppe:
        with gruppe.datei(workbook_path) as tmp:
            _write_workbook(tmp, data, charts)
        for key, png in charts.items():
            path = out_dir / f"{name}_{key}.png"
            gruppe.bytes(path, png)
            written.append(path)
    return written


def _write_workbook(path: Path, data: _Ausgabe, charts: dict[str, bytes]) -> None:
    wb = Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                              "strings_to_numbers": False, "nan_inf_to_errors": False})
    wb.set_properties({"title": f"{base_name(data.periode)} – {data.config.name}",
                       "subject": "Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung",
                       "author": "kibericht", "created": FIXED_CREATED,
                       "comments": f"kibericht {__version__}"})
    fmt = Formats(wb)
    b = data.bericht
    _overview(wb, fmt, data, charts)
    if data.periode.art != "monat":
        _months(wb, fmt, data)
    _schwerpunkte(wb, fmt, data)
    _stellen(wb, fmt, data)
    _simple(wb, fmt, data, "Tätigkeiten", "Stunden nach Tätigkeit", data.summary.nach_taetigkeit,
            "Tätigkeit")
    _simple(wb, fmt, data, "Kommunen", "Stunden nach Kommune", data.summary.nach_kommune, "Kommune")
    _blocks(wb, fmt, "Meilensteine", [(f"Meilensteine {data.periode.jahr}, Stand "
                                       f"{data.periode.ende:%d.%m.%Y}", meilensteine_frame(b.meilensteine))])
    _blocks(wb, fmt, "Förderung", [
        (f"Pauschale je Stelle und Monat {b.foerderung.jahr} (Anteilsregel: {b.foerderung.regel})",
         b.foerderung.stellen_frame()),
        ("Programme gegen Höchstbetrag", b.foerderung.programme_frame()),
    ])
    _protocol(wb, fmt, data)
    if not b.nicht_gezaehlt.empty:
        _rows_sheet(wb, fmt, "Nicht gezählt", b.nicht_gezaehlt, data.mit_namen,
                    "Zeilen mit Fehlern – nicht im Bericht gezählt (siehe Prüfprotokoll)")
    _rows_sheet(wb, fmt, "Daten", b.eintraege, data.mit_namen, None)
    wb.close()


def _sheet(wb: Workbook, name: str):
    ws = wb.add_worksheet(name)
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_paper(9)
    return ws


def _heading(ws, fmt: Formats, data: _Ausgabe, title: str) -> int:
    ws.write_string(0, 0, title, fmt.title)
    ws.write_string(1, 0, f"{data.config.name} – {data.periode.titel}", fmt.subtitle)
    return 3


def _quote_status(erfuellt: bool | None) -> Status:
    if erfuellt is None:
        return Status("nicht bestimmbar (keine Einträge)", None)
    return Status("erfüllt", True) if erfuellt else Status("nicht erfüllt", False)


def _controlling_lines(b: Bericht) -> list[tuple[str, object, str | None]]:
    """Funding against the caps and the milestone status, for the overview."""
    lines: list[tuple[str, object, str | None]] = []
    for p in b.foerderung.programme:
        lines.append((f"Pauschale {p.name}: Anspruch {b.foerderung.jahr}", cent(p.anspruch), "euro"))
        if p.hoechstbetrag is not None:
            lines.append((f"Pauschale {p.name}: Höchstbetrag", cent(p.hoechstbetrag), "euro"))
            status = Status(f"überschritten um {de_zahl(cent(p.ueberschreitung))} €", False) \
                if p.ueberschritten else Status("eingehalten", True)
            lines.append((f"Pauschale {p.name}: Status", status, "status"))
    countable = [m for m in b.meilensteine if m.ist is not None]
    if b.meilensteine:
        counts = {s: sum(1 for m in countable if m.status.startswith(s))
                  for s in ("erreicht", "auf Kurs", "im Verzug")}
        text = (f"{counts['erreicht']} erreicht, {counts['auf Kurs']} auf Kurs, "
                f"{counts['im Verzug']} im Verzug, {len(b.meilensteine) - len(countable)} manuell")
        behind = counts["im Verzug"] > 0
        lines.append(("Meilensteine", Status(("im Verzug: " + text) if behind else text, not behind),
                      "status"))
    return lines


def _overview(wb: Workbook, fmt: Formats, data: _Ausgabe, charts: dict[str, bytes]) -> None:
    ws = _sheet(wb, "Übersicht")
    s, p, b = data.summary, data.periode, data.bericht
    kind = "Monatsbericht" if p.art == "monat" else "Jahresbericht"
    ws.write_string(0, 0, f"{kind} {p.titel}", fmt.title)
    ws.write_string(1, 0, data.config.name, fmt.subtitle)
    ws.write_string(2, 0, "Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung", fmt.note)
    groups = by_severity(b.findings)
    lines: list[tuple[str, object, str | None]] = [
        ("Zeitraum", f"{p.start:%d.%m.%Y} – {p.ende:%d.%m.%Y}", None),
        ("Einträge", s.eintraege, "ganzzahl"),
        ("Stunden gesamt", s.stunden, "stunden"),
        ("davon mit Schwerpunkt", s.stunden_schwerpunkte, "stunden"),
        ("Schwerpunktanteil", s.anteil, "prozent"),
        ("Mindestanteil", s.mindestanteil, "prozent"),
        ("Schwerpunktquote", _quote_status(s.erfuellt), "status"),
    ]
    if p.art == "monat":
        lines.append(("Schwerpunktanteil seit Jahresbeginn", s.quote_bis_jetzt.anteil, "prozent"))
        lines.append(("Quote seit Jahresbeginn", _quote_status(s.quote_bis_jetzt.erfuellt), "status"))
    lines.extend(_controlling_lines(b))
    lines += [
        ("Eingelesene Dateien", len(b.dateien), "ganzzahl"),
        ("Fehler in den Eingaben", len(groups[FEHLER]), "ganzzahl"),
        ("Nicht gezählte Zeilen (Fehler)", len(b.nicht_gezaehlt), "ganzzahl"),
        ("Warnungen", len(groups[WARNUNG]), "ganzzahl"),
        ("Hinweise", len(groups[HINWEIS]), "ganzzahl"),
    ]
    row = 4
    for label, value, kind_ in lines:
        ws.write_string(row, 0, label, fmt.label)
        if isinstance(value, Status):
            style = fmt.neutral if value.ok is None else fmt.ok if value.ok else fmt.fail
            ws.write_string(row, 1, value.text, style)
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


def _months(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
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


def _schwerpunkte(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
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


def _simple(wb: Workbook, fmt: Formats, data: _Ausgabe, sheet: str, title: str,
            frame: pd.DataFrame, label: str) -> None:
    ws = _sheet(wb, sheet)
    row = _heading(ws, fmt, data, title)
    write_table(ws, fmt, row, _category_table(frame, label), total_row=True)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 4, 16)
    ws.freeze_panes(4, 1)


def _stellen(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
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
    soll_ist = data.bericht.soll_ist
    blocks = [("Soll/Ist-Stunden je Stelle", soll_ist.summen_frame())]
    if data.periode.art != "monat":
        blocks.append(("Soll/Ist je Stelle und Monat", soll_ist.frame()))
    for title, frame in blocks:
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


def _protocol(wb: Workbook, fmt: Formats, data: _Ausgabe) -> None:
    ws = _sheet(wb, "Prüfprotokoll")
    ws.write_string(0, 0, "Prüfprotokoll", fmt.title)
    files, findings = data.bericht.dateien, data.bericht.findings
    ws.write_string(1, 0, f"{anzahl(len(files), 'Datei', 'Dateien')} gelesen: " + ", ".join(files[:20])
                    + (" …" if len(files) > 20 else ""), fmt.note)
    counts = count_codes(findings)
    summary = pd.DataFrame(
        [{"Schwere": s, "Code": c, "Anzahl": n} for (s, c), n in sorted(
            counts.items(), key=lambda kv: ([FEHLER, WARNUNG, HINWEIS].index(kv[0][0]), kv[0][1]))],
        columns=["Schwere", "Code", "Anzahl"])
    row = write_table(ws, fmt, 3, summary)
    groups = by_severity(findings)
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

