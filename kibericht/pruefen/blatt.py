"""Map the columns of one sheet: its entry rows, its total rows and what the sheet itself reveals.

`parse_sheet(raw, start_index)` finds the header row (see `kopfzeile`), keeps every non-blank row
below it as raw cells per column (with `_datei`, `_blatt`, `_zeile` = Excel row) and separates the
total rows (`Summe`, `Gesamt` …). Its findings concern the sheet: a missing required column, an
unknown or doubled column, hidden rows, merged cells, error values the XML scan found. `entries_frame`
joins the sheets into one frame, typed afterwards by `typisieren`. A sheet costs a few numpy
operations, not a pandas frame of its own: hundreds of small monthly sheets read as fast as one
large one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from kibericht.befunde import Code, Finding, befund, show_value
from kibericht.lesen.rohblatt import RawSheet
from kibericht.pruefen import zellen
from kibericht.pruefen.kompakt import rows_array
from kibericht.pruefen.kopfzeile import ENTRY_COLUMNS, FIELDS, blatt_stelle, empty_entries, find_header
from kibericht.schema import load_schema, norm_key
from kibericht.zahlen import anzahl

# a sheet without a header but with this many rows of a date and a number holds entries
MIN_LOST_ROWS = 3
# sheet names of instructions and examples, compared without case, spaces and umlauts
ANLEITUNG_WORTE = ("anleitung", "hinweis", "beispiel", "muster", "erlaeuterung", "erklaerung",
                   "ausfuellhilfe", "legende", "liesmich", "readme", "information")
_DATE_TEXT = re.compile(r"^\s*(\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2})\s*$")
_NUMBER_TEXT = re.compile(r"^\s*\d+([.,]\d+)?\s*(h|std\.?)?\s*$|^\s*\d{1,2}:\d{2}\s*$", re.I)


@lru_cache(maxsize=4096)
def ist_anleitung(blatt: str) -> bool:
    """Whether a sheet's name marks it as instructions or an example („Anleitung“, „Beispiel“)."""
    key = norm_key(blatt)
    return any(word in key for word in ANLEITUNG_WORTE)


def rows_with_date_and_number(rows: list[list[Any]]) -> int:
    """How many rows hold a date (a date cell or text like 03.03.2025) and another cell with a
    number (hours like 1,5 or 1:30): the rows of a log, whatever its header says."""
    count = 0
    for row in rows:
        date_at = next((j for j, v in enumerate(row) if isinstance(v, dt.date) or (
            isinstance(v, str) and _DATE_TEXT.match(v))), None)
        if date_at is None:
            continue
        if any(j != date_at and ((isinstance(v, (int, float)) and not isinstance(v, bool) and v == v)
                                 or isinstance(v, (dt.time, dt.timedelta))
                                 or (isinstance(v, str) and _NUMBER_TEXT.match(v)))
               for j, v in enumerate(row)):
            count += 1
    return count


@dataclass
class ParsedSheet:
    """One sheet's mapped entry rows and Summe rows as column arrays (see `entries_frame`)."""

    columns: dict[str, np.ndarray] = field(default_factory=dict)  # ENTRY_COLUMNS → raw cells
    index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    findings: list[Finding] = field(default_factory=list)
    rows_in: int = 0
    rows_unprocessed: int = 0
    totals: ParsedSheet | None = None  # the Summe rows, raw


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
def _summe_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w.casefold()) for w in load_schema().summenzeilen)
    return re.compile(rf"^\s*({words})", re.I)


class _Ort(TypedDict):
    datei: str
    blatt: str


def parse_sheet(raw: RawSheet, start_index: int = 0) -> ParsedSheet:
    """Map the columns of one sheet; the entries hold raw cells, typed later by `type_entries`.

    Frame indexes start at `start_index` so that sheets can be concatenated without collisions.
    """
    schema = load_schema()
    where = _Ort(datei=raw.datei, blatt=raw.blatt)
    findings: list[Finding] = []
    if raw.ausgeblendet:
        findings.append(befund(Code.BLATT_AUSGEBLENDET, raw.datei, raw.blatt,
                               meldung="Das Blatt ist in Excel ausgeblendet; es wurde trotzdem gelesen."))
    if ist_anleitung(raw.blatt):
        n = rows_with_date_and_number(raw.rows)
        rows = f" Es enthält {anzahl(n, 'Zeile', 'Zeilen')} mit Datum und Zahl; sind das echte Einträge, " \
            "benennen Sie das Blatt um (z. B. „Jan 2025“)." if n else ""
        findings.append(befund(Code.BLATT_ANLEITUNG, **where, meldung=f"Das Blatt „{raw.blatt}“ gilt nach "
                               f"seinem Namen als Anleitung oder Beispiel und wird nicht gezählt.{rows}"))
        return ParsedSheet(findings=findings)
    header = find_header(raw)
    if header is None:
        n = rows_with_date_and_number(raw.rows)
        if n >= MIN_LOST_ROWS and not raw.ist_csv:  # a CSV may be any export: a note only
            findings.append(befund(Code.KOPFZEILE_FEHLT, **where, meldung=(
                f"Auf dem Blatt stehen {n} Zeilen mit Datum und Zahl, aber in den ersten "
                f"{schema.suchtiefe} Zeilen keine Kopfzeile mit mindestens {schema.mindestspalten} "
                "bekannten Spalten: die Stunden dieses Blatts gingen verloren. Schreiben Sie in die Zeile "
                "über den Einträgen die Spaltennamen (Datum, Stelle, Handlungsfeld, Schwerpunkt, "
                "Tätigkeit, Kommune, Stunden) wie in der Vorlage.")))
            return ParsedSheet(findings=findings, rows_unprocessed=n)
        if any(str(v).strip() for row in raw.rows for v in row):
            text = (f"Keine Kopfzeile gefunden (in den ersten {schema.suchtiefe} Zeilen stehen nicht "
                    f"mindestens {schema.mindestspalten} bekannte Spalten wie Datum, Stelle, Stunden); "
                    "das Blatt wird übersprungen.")
        else:
            text = "Das Blatt ist leer und wird übersprungen."
        findings.append(befund(Code.BLATT_OHNE_KOPFZEILE, **where, meldung=text))
        return ParsedSheet(findings=findings)

    header_index, mapping, unknown = header.index, header.spalten, header.unbekannt
    header_row = raw.erste_zeile + header_index
    findings.extend(_merged_note(raw, header_row, mapping))
    columns: dict[str, int] = {}
    for j, name in sorted(mapping.items()):
        if name in columns:
            findings.append(befund(Code.SPALTE_DOPPELT, **where, zeile=header_row, spalte=name,
                                   wert=show_value(header.texte.get(j)),
                                   meldung=f"Die Spalte „{name}“ kommt mehrfach vor; gelesen wird nur "
                                   "die erste. Löschen oder benennen Sie die zweite um."))
            continue
        columns[name] = j
    for _, text in unknown:
        findings.append(befund(Code.SPALTE_UNBEKANNT, **where, zeile=header_row, spalte=text,
                               wert=show_value(text), meldung=f"Die Spalte „{text}“ ist unbekannt und "
                               "wird nicht ausgewertet."))

    # all cells below the header as one 2-D object array; short rows are padded with None
    body = rows_array(raw.rows[header_index + 1:]) if len(raw.rows) > header_index + 1 \
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

    # a sheet without a Stelle column may name its Stelle above the header (a form, the template)
    constants = {}
    if "Stelle" not in columns and (stelle := blatt_stelle(raw, header)) is not None:
        constants["Stelle"] = stelle
    missing = [c for c in schema.required if c not in columns and c not in constants]
    if missing:
        names = ", ".join(f"„{c}“" for c in missing)
        findings.append(befund(Code.SPALTE_FEHLT, **where, zeile=header_row, spalte=missing[0],
                               meldung=f"Pflichtspalte {names} fehlt in der Kopfzeile. "
                               f"Ergänzen Sie sie; die {rows_in} Zeilen dieses Blatts werden bis dahin "
                               "nicht ausgewertet."))
        return ParsedSheet(findings=findings, rows_in=0, rows_unprocessed=rows_in)

    is_total = _total_rows(body[kept, first[kept]])
    parsed = _mapped(raw, body, kept[~is_total], columns, start_index, header_row, constants)
    parsed.findings = findings
    parsed.rows_in = int((~is_total).sum())
    if is_total.any():
        parsed.totals = _mapped(raw, body, kept[is_total], columns, start_index, header_row, constants)
    _report_cell_scan(raw, columns, parsed)
    _hidden_rows_note(raw, parsed)
    return parsed


def _mapped(raw: RawSheet, body: np.ndarray, rows: np.ndarray, columns: dict[str, int],
            start_index: int, header_row: int, constants: dict[str, str] | None = None) -> ParsedSheet:
    """The given body rows as entry columns, indexed from `start_index`; a column in `constants`
    holds its one value in every row."""
    n = len(rows)
    data: dict[str, np.ndarray] = {}
    for name in load_schema().names:
        j = columns.get(name)
        data[FIELDS[name]] = body[rows, j] if j is not None and j < body.shape[1] \
            else np.full(n, (constants or {}).get(name), dtype=object)
    data["_datei"] = np.full(n, raw.datei, dtype=object)
    data["_blatt"] = np.full(n, raw.blatt, dtype=object)
    data["_zeile"] = rows.astype(np.int64) + header_row + 1
    return ParsedSheet(columns=data, index=rows.astype(np.int64) + start_index)


def _text_positions(values: np.ndarray) -> np.ndarray:
    return np.flatnonzero(zellen.is_text(values))


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
    rows = set(parsed.columns["_zeile"].tolist())
    for (row, col), (kind, value) in sorted(raw.zellbefunde.items()):
        name = col_of_index.get(col)
        if name is None or row not in rows:
            continue
        if kind == Code.FEHLERWERT:
            text = (f"Die Zelle enthält den Excel-Fehlerwert {value}. Korrigieren Sie die Formel oder "
                    "tragen Sie den Wert direkt ein.")
        else:
            text = ("Die Zelle enthält eine Formel ohne gespeichertes Ergebnis (die Datei wurde nicht "
                    "in Excel berechnet und gespeichert). Öffnen und speichern Sie sie in Excel oder "
                    "tragen Sie den Wert direkt ein.")
        parsed.findings.append(befund(kind, raw.datei, raw.blatt, row, name, value, text))


def _hidden_rows_note(raw: RawSheet, parsed: ParsedSheet) -> None:
    if not raw.ausgeblendete_zeilen or not len(parsed.index):
        return
    zeilen = parsed.columns["_zeile"]
    hidden = zeilen[np.isin(zeilen, list(raw.ausgeblendete_zeilen))]
    for row in hidden.tolist()[:1]:
        parsed.findings.append(befund(
            Code.ZEILEN_AUSGEBLENDET, raw.datei, raw.blatt, int(row),
            meldung=f"{anzahl(len(hidden), 'ausgeblendete Zeile', 'ausgeblendete Zeilen')} ab dieser Zeile "
            f"{'wurde' if len(hidden) == 1 else 'wurden'} mitgelesen und gezählt. "
            "Blenden Sie sie ein, wenn sie nicht dazugehören, und löschen Sie sie."))




def _merged_note(raw: RawSheet, header_row: int, mapping: dict[int, str]) -> list[Finding]:
    """A hint when merged cells reach below the header row: only their top-left cell has a value."""
    inside = sorted(m for m in raw.verbundene_zellen if m[2] > header_row)
    if not inside:
        return []
    row, col = max(inside[0][0], header_row + 1), inside[0][1]
    return [befund(Code.ZELLEN_VERBUNDEN, raw.datei, raw.blatt, row, mapping.get(col - raw.erste_spalte),
                   meldung=f"{anzahl(len(inside), 'verbundener Zellbereich', 'verbundene Zellbereiche')} im "
                   "Datenbereich, der erste ab dieser "
                   "Zeile. Nur die linke obere Zelle eines verbundenen Bereichs enthält den Wert, die "
                   "übrigen Zellen gelten als leer. Heben Sie die Verbindung auf und tragen Sie den Wert "
                   "in jede Zeile ein.")]
