"""Locate the header of a sheet, map its columns and type every cell.

`parse_sheet(raw, start_index)` returns a `ParsedSheet`: the entry rows as raw cells per column
(with `_datei`, `_blatt`, `_zeile` = Excel row), the total rows (`Summe`, `Gesamt` …) and findings.
`entries_frame` joins the sheets into one frame, and `type_entries` parses every cell of it once,
before pandera sees it, so one bad cell never hides another. A sheet costs a few numpy operations,
not a pandas frame of its own: hundreds of small monthly sheets read as fast as one large one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from pandas._libs import lib

from kibericht.pruefen import zellen as cells
from kibericht.konfig.laden import KIConfig
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding, show_value
from kibericht.lesen.arbeitsmappe import RawSheet
from kibericht.schema import load_schema, norm_key
from kibericht.zahlen import de_zahl

# internal frame column per canonical column name
FIELDS = {
    "Datum": "datum", "Stelle": "stelle", "Mitarbeiter/in": "mitarbeiter",
    "Handlungsfeld": "handlungsfeld", "Schwerpunkt": "schwerpunkt", "Tätigkeit": "taetigkeit",
    "Kommune": "kommune", "Stunden": "stunden", "Teilnehmende": "teilnehmende",
    "Beschreibung": "beschreibung",
}
COLUMN_OF_FIELD = {v: k for k, v in FIELDS.items()}
POSITION = ["_datei", "_blatt", "_zeile"]
ENTRY_COLUMNS = [*FIELDS.values(), *POSITION]


@dataclass
class ParsedSheet:
    """One sheet's mapped entry rows and Summe rows as column arrays (see `entries_frame`)."""

    columns: dict[str, np.ndarray] = field(default_factory=dict)  # ENTRY_COLUMNS → raw cells
    index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    findings: list[Finding] = field(default_factory=list)
    # cells already reported while parsing: (frame index, field) — pandera must not repeat them
    reported: set[tuple[int, str]] = field(default_factory=set)
    rows_in: int = 0
    rows_unprocessed: int = 0
    totals: ParsedSheet | None = None  # the Summe rows, raw


ENTRY_DTYPES = {"datum": "datetime64[ns]", "stunden": float, "teilnehmende": float, "_zeile": "int64"}


def empty_entries() -> pd.DataFrame:
    """No entries, with the dtypes of typed entries (so aggregation needs no special case)."""
    return pd.DataFrame({c: pd.Series(dtype=ENTRY_DTYPES.get(c, object)) for c in ENTRY_COLUMNS})


def entries_frame(sheets: list[ParsedSheet]) -> pd.DataFrame:
    """One frame of the mapped rows of many sheets, built once (not sheet by sheet)."""
    sheets = [s for s in sheets if len(s.index)]
    if not sheets:
        return empty_entries()
    index = pd.Index(np.concatenate([s.index for s in sheets]))
    data = {}
    for name in ENTRY_COLUMNS:
        values = np.concatenate([s.columns[name] for s in sheets])
        # dtypes as pandas gives them to a column filled from a scalar: file and sheet are str
        dtype = "str" if name in ("_datei", "_blatt") else np.int64 if name == "_zeile" else object
        data[name] = pd.Series(values, index=index, dtype=dtype, copy=False)
    return pd.DataFrame(data, index=index, copy=False)


@lru_cache(maxsize=1)
def _summe_pattern() -> re.Pattern:
    words = "|".join(re.escape(w.casefold()) for w in load_schema().summenzeilen)
    return re.compile(rf"^\s*({words})\b", re.I)


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    return load_schema().header_lookup()


@lru_cache(maxsize=4096)
def _column_of_header(text: str) -> str | None:
    """The canonical column a header cell names, or None (hundreds of sheets share headers)."""
    return _header_lookup().get(norm_key(text))


def find_header(raw: RawSheet) -> tuple[int, dict[int, str], list[tuple[int, str]]] | None:
    """(row index in raw.rows, {column index: canonical name}, unknown headers) or None."""
    schema = load_schema()
    for i, row in enumerate(raw.rows):
        if raw.erste_zeile + i > schema.suchtiefe:
            break
        mapping: dict[int, str] = {}
        for j, value in enumerate(row):
            if isinstance(value, str) and value.strip():
                name = _column_of_header(value)
                if name:
                    mapping.setdefault(j, name)
        if len(set(mapping.values())) >= schema.mindestspalten:
            unknown = [(j, str(v).strip()) for j, v in enumerate(row)
                       if j not in mapping and str(v).strip()]
            return i, mapping, unknown
    return None


def parse_sheet(raw: RawSheet, start_index: int = 0) -> ParsedSheet:
    """Map the columns of one sheet; the entries hold raw cells, typed later by `type_entries`.

    Frame indexes start at `start_index` so that sheets can be concatenated without collisions.
    """
    schema = load_schema()
    where = {"datei": raw.datei, "blatt": raw.blatt}
    findings: list[Finding] = []
    if raw.ausgeblendet:
        findings.append(Finding(HINWEIS, "blatt-ausgeblendet", raw.datei, raw.blatt, None, None, None,
                                "Das Blatt ist in Excel ausgeblendet; es wurde trotzdem gelesen."))
    header = find_header(raw)
    if header is None:
        if any(str(v).strip() for row in raw.rows for v in row):
            text = (f"Keine Kopfzeile gefunden (in den ersten {schema.suchtiefe} Zeilen stehen nicht "
                    f"mindestens {schema.mindestspalten} bekannte Spalten wie Datum, Stelle, Stunden); "
                    "das Blatt wird übersprungen.")
        else:
            text = "Das Blatt ist leer und wird übersprungen."
        findings.append(Finding(HINWEIS, "blatt-ohne-kopfzeile", **where, zeile=None, spalte=None,
                                wert=None, meldung=text))
        return ParsedSheet(findings=findings)

    header_index, mapping, unknown = header
    header_row = raw.erste_zeile + header_index
    columns: dict[str, int] = {}
    for j, name in sorted(mapping.items()):
        if name in columns:
            findings.append(Finding(WARNUNG, "spalte-doppelt", **where, zeile=header_row, spalte=name,
                                    wert=show_value(raw.rows[header_index][j]),
                                    meldung=f"Die Spalte „{name}“ kommt mehrfach vor; gelesen wird nur "
                                    "die erste. Löschen oder benennen Sie die zweite um."))
            continue
        columns[name] = j
    for _, text in unknown:
        findings.append(Finding(HINWEIS, "spalte-unbekannt", **where, zeile=header_row, spalte=text,
                                wert=show_value(text), meldung=f"Die Spalte „{text}“ ist unbekannt und "
                                "wird nicht ausgewertet."))

    # all cells below the header as one 2-D object array; short rows are padded with None
    body = lib.to_object_array(raw.rows[header_index + 1:]) if len(raw.rows) > header_index + 1 \
        else np.empty((0, 0), dtype=object)
    # a row whose Datum or Stunden the reader saw as empty (a formula without a cached value, an
    # error value) is not blank: keep it so that it is reported, not lost. Formulas elsewhere in
    # an otherwise empty row (the template's prefilled Stelle) leave nothing to count.
    decisive = {j for j, name in mapping.items() if name in ("Datum", "Stunden")}
    forced = sorted({row - header_row - 1 for (row, col) in raw.zellbefunde
                     if row > header_row and col - raw.erste_spalte in decisive})
    if forced and forced[-1] >= len(body):
        width = max(body.shape[1] if body.ndim == 2 and len(body) else 0,
                    len(raw.rows[header_index]))
        padded = np.full((forced[-1] + 1, width), None, dtype=object)
        if len(body):
            padded[: len(body), : body.shape[1]] = body
        body = padded
    first = _first_filled(body)
    keep = first >= 0
    keep[forced] = True
    kept = np.flatnonzero(keep)  # blank rows are skipped
    rows_in = len(kept)

    missing = [c for c in schema.required if c not in columns]
    if missing:
        names = ", ".join(f"„{c}“" for c in missing)
        findings.append(Finding(FEHLER, "spalte-fehlt", **where, zeile=header_row, spalte=missing[0],
                                wert=None, meldung=f"Pflichtspalte {names} fehlt in der Kopfzeile. "
                                f"Ergänzen Sie sie; die {rows_in} Zeilen dieses Blatts werden bis dahin "
                                "nicht ausgewertet."))
        return ParsedSheet(findings=findings, rows_in=0, rows_unprocessed=rows_in)

    is_total = _total_rows(body[kept, first[kept]])
    parsed = _mapped(raw, body, kept[~is_total], columns, start_index, header_row)
    parsed.findings = findings
    parsed.rows_in = int((~is_total).sum())
    if is_total.any():
        parsed.totals = _mapped(raw, body, kept[is_total], columns, start_index, header_row)
    _report_cell_scan(raw, columns, parsed)
    _hidden_rows_note(raw, parsed)
    return parsed


def _mapped(raw: RawSheet, body: np.ndarray, rows: np.ndarray, columns: dict[str, int],
            start_index: int, header_row: int) -> ParsedSheet:
    """The given body rows as entry columns, indexed from `start_index`."""
    n = len(rows)
    data: dict[str, np.ndarray] = {}
    for name in load_schema().names:
        j = columns.get(name)
        data[FIELDS[name]] = body[rows, j] if j is not None and j < body.shape[1] \
            else np.full(n, None, dtype=object)
    data["_datei"] = np.full(n, raw.datei, dtype=object)
    data["_blatt"] = np.full(n, raw.blatt, dtype=object)
    data["_zeile"] = rows.astype(np.int64) + header_row + 1
    return ParsedSheet(columns=data, index=rows.astype(np.int64) + start_index)


def _text_positions(values: np.ndarray) -> np.ndarray:
    return np.flatnonzero(cells.is_text(values))


def _is_space(values: np.ndarray) -> np.ndarray:
    """Text of only spaces (the cells are known to be neither None/NaN nor "")."""
    result = np.zeros(len(values), dtype=bool)
    at = _text_positions(values)
    result[at] = [v.isspace() for v in values[at]]
    return result


def _first_filled(body: np.ndarray) -> np.ndarray:
    """Per row, the column of its first cell that holds something (not None/NaN, not only
    spaces), or -1 for a blank row. Columns are checked left to right for the rows still open,
    so a log whose first column is filled costs about one column."""
    first = np.full(body.shape[0], -1, dtype=np.int64)
    open_rows = np.arange(body.shape[0])
    for j in range(body.shape[1]):
        if not len(open_rows):
            break
        values = body[open_rows, j]
        filled = ~pd.isna(values) & (values != "")
        candidates = np.flatnonzero(filled)
        filled[candidates[_is_space(values[candidates])]] = False
        first[open_rows[filled]] = j
        open_rows = open_rows[~filled]
    return first


def _total_rows(first_values: np.ndarray) -> np.ndarray:
    """Rows whose first filled cell says Summe/Gesamt/Total."""
    result = np.zeros(len(first_values), dtype=bool)
    at = _text_positions(first_values)
    if len(at):
        pattern = _summe_pattern()
        texts = first_values[at].tolist()
        is_total = {t: bool(pattern.match(t)) for t in dict.fromkeys(texts)}  # once per distinct text
        result[at] = [is_total[t] for t in texts]
    return result


def _report_cell_scan(raw: RawSheet, columns: dict[str, int], parsed: ParsedSheet) -> None:
    """Error values and formulas without a cached value that the reader saw as empty cells."""
    if not raw.zellbefunde or not len(parsed.index):
        return
    col_of_index = {raw.erste_spalte + j: name for name, j in columns.items()}
    by_row = dict(zip(parsed.columns["_zeile"].tolist(), parsed.index.tolist(), strict=True))
    for (row, col), (kind, value) in sorted(raw.zellbefunde.items()):
        name = col_of_index.get(col)
        if name is None or row not in by_row:
            continue
        if kind == "fehlerwert":
            text = (f"Die Zelle enthält den Excel-Fehlerwert {value}. Korrigieren Sie die Formel oder "
                    "tragen Sie den Wert direkt ein.")
        else:
            text = ("Die Zelle enthält eine Formel ohne gespeichertes Ergebnis (die Datei wurde nicht "
                    "in Excel berechnet und gespeichert). Öffnen und speichern Sie sie in Excel oder "
                    "tragen Sie den Wert direkt ein.")
        parsed.findings.append(Finding(FEHLER, kind, raw.datei, raw.blatt, row, name, value, text))
        parsed.reported.add((by_row[row], FIELDS[name]))


def _hidden_rows_note(raw: RawSheet, parsed: ParsedSheet) -> None:
    if not raw.ausgeblendete_zeilen or not len(parsed.index):
        return
    zeilen = parsed.columns["_zeile"]
    hidden = zeilen[np.isin(zeilen, list(raw.ausgeblendete_zeilen))]
    for row in hidden.tolist()[:1]:
        parsed.findings.append(Finding(
            HINWEIS, "zeilen-ausgeblendet", raw.datei, raw.blatt, int(row), None, None,
            f"{len(hidden)} ausgeblendete Zeile(n) ab dieser Zeile wurden mitgelesen und gezählt. "
            "Blenden Sie sie ein, wenn sie nicht dazugehören, und löschen Sie sie."))


def _fail(parsed: ParsedSheet, entries: pd.DataFrame, mask: pd.Series, field_name: str, code: str,
          message, severity: str = FEHLER) -> None:
    """One finding per masked cell, unless the cell was already reported."""
    if not mask.any():
        return
    column = COLUMN_OF_FIELD[field_name]
    rows = entries.loc[mask, ["_datei", "_blatt", "_zeile", field_name]]
    for index, datei, blatt, zeile, value in rows.itertuples(name=None):
        if (index, field_name) in parsed.reported:
            continue
        parsed.reported.add((index, field_name))
        text = message(value) if callable(message) else message
        parsed.findings.append(Finding(severity, code, datei, blatt, int(zeile), column,
                                       show_value(value), text))


def type_entries(entries: pd.DataFrame, config: KIConfig, parsed: ParsedSheet) -> pd.DataFrame:
    """Parse every cell of the mapped entries; unparseable cells become NaN and a finding."""
    schema = load_schema()
    out = entries.copy()
    if out.empty:
        return out

    dates, bad, far = cells.parse_dates(out["datum"])
    _fail(parsed, out, bad, "datum", "datum-ungueltig",
          lambda v: f"„{v}“ ist kein Datum. Schreiben Sie TT.MM.JJJJ (z. B. 03.03.2025) oder "
          "verwenden Sie ein Excel-Datum.")
    _fail(parsed, out, far, "datum", "datum-unplausibel",
          lambda v: f"Das Datum „{v}“ ist unplausibel (vor {cells.EARLIEST.year} oder nach "
          f"{cells.LATEST.year}). Prüfen Sie das Jahr.")
    out["datum"] = dates

    hours, bad = cells.parse_hours(out["stunden"])
    _fail(parsed, out, bad, "stunden", "stunden-ungueltig",
          lambda v: f"„{v}“ ist keine Stundenzahl. Tragen Sie die Dauer in Stunden ein, z. B. 1,5 "
          "oder 1:30.")
    out["stunden"] = hours

    count, bad = cells.parse_count(out["teilnehmende"])
    _fail(parsed, out, bad, "teilnehmende", "teilnehmende-ungueltig",
          lambda v: f"„{v}“ ist keine Anzahl. Tragen Sie eine ganze Zahl ein (z. B. 12) oder lassen "
          "Sie die Zelle leer.")
    out["teilnehmende"] = count

    for name in ("stelle", "mitarbeiter", "handlungsfeld", "schwerpunkt", "taetigkeit", "kommune",
                 "beschreibung"):
        out[name] = cells.clean_text(out[name])

    out["stelle"] = cells.match_values(out["stelle"], {norm_key(s.id): s.id for s in config.stellen},
                                       norm_key)
    out["handlungsfeld"] = cells.match_values(out["handlungsfeld"], schema.handlungsfeld_lookup(),
                                              norm_key)
    out["taetigkeit"] = cells.match_values(out["taetigkeit"],
                                           {norm_key(t): t for t in config.taetigkeiten}, norm_key)
    out["kommune"] = cells.match_values(out["kommune"],
                                        {norm_key(k): k for k in config.kommunen_mit_kreisweit},
                                        norm_key)
    sp_lookup = {}
    for sp in config.schwerpunkte:
        sp_lookup[norm_key(sp.titel)] = sp.id
        sp_lookup[norm_key(sp.id)] = sp.id
    none_markers = {m.strip().casefold() for m in schema.kein_schwerpunkt}
    sp = out["schwerpunkt"]
    codes, texts = pd.factorize(sp.to_numpy(dtype=object))
    no_sp = np.array([False, *(t.casefold() in none_markers for t in texts)])[codes + 1]
    sp = sp.mask(no_sp, None)
    out["schwerpunkt"] = cells.match_values(sp, sp_lookup, norm_key)
    return out


def check_totals(totals: pd.DataFrame, entries: pd.DataFrame) -> list[Finding]:
    """Compare each Summe row's hours with the entries above it in its sheet: those since the
    previous total row, or all of them (a month total under weekly subtotals)."""
    findings: list[Finding] = []
    if totals is None or totals.empty:
        return findings
    stated_hours, unreadable = cells.parse_hours(totals["stunden"])
    stated_hours, unreadable = stated_hours.to_numpy(), unreadable.to_numpy()
    # each sheet's rows, in sheet order; sums over a row range are slices
    sheet_rows = entries.groupby(["_datei", "_blatt"], sort=False).indices
    zeilen = entries["_zeile"].to_numpy()
    hours = entries["stunden"].to_numpy(dtype=float)
    total_zeilen = totals["_zeile"].to_numpy()
    raw_values = totals["stunden"].to_numpy(dtype=object)
    for (datei, blatt), positions in totals.groupby(["_datei", "_blatt"], sort=False).indices.items():
        rows = sheet_rows.get((datei, blatt))
        if rows is not None:
            order = rows[np.argsort(zeilen[rows], kind="stable")]
            row_zeilen, row_hours = zeilen[order], np.nan_to_num(hours[order])
        previous = 0
        for i in positions:
            zeile, stated = total_zeilen[i], stated_hours[i]
            if unreadable[i]:
                findings.append(Finding(WARNUNG, "summe-unlesbar", datei, blatt, int(zeile), "Stunden",
                                        show_value(raw_values[i]), "Die Summenzeile enthält keine lesbare "
                                        "Stundenzahl; sie wird nicht geprüft."))
            elif not np.isnan(stated) and rows is not None:
                above = np.searchsorted(row_zeilen, zeile, side="left")
                after_previous = np.searchsorted(row_zeilen, previous, side="right")
                since_last = float(row_hours[after_previous:above].sum()) if after_previous < above else 0.0
                since_top = float(row_hours[:above].sum())
                if abs(stated - since_last) >= 0.005 and abs(stated - since_top) >= 0.005:
                    findings.append(Finding(
                        WARNUNG, "summe-abweichend", datei, blatt, int(zeile), "Stunden",
                        show_value(raw_values[i]),
                        f"Die Summenzeile nennt {_de(stated)} Stunden, die Einträge darüber ergeben "
                        f"{_de(since_last)} Stunden (Differenz {_de(stated - since_last)}). Prüfen Sie "
                        "die Einträge oder die Summenformel."))
            previous = zeile
    return findings


def _de(x: float) -> str:
    return de_zahl(x)
