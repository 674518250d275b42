"""One input file, read and mapped: its findings and its sheets' entry rows (see `ablauf`).

`read_file` is what a worker process does with each file (`arbeiter`): check, read and map every
sheet. The sheets' rows are indexed from 0 each; `ablauf` gives them their place among all files.
`pack`/`unpack` turn the cells into compact columns (`kompakt`) for the way back to the main
process and restore them there unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kibericht.befunde import Code, Finding, befund
from kibericht.lesen.arbeitsmappe import read_workbook
from kibericht.lesen.csv_datei import ist_csv, read_csv
from kibericht.lesen.kennung import BERICHT, kennung, original_der_kopie
from kibericht.pruefen.blatt import ParsedSheet, parse_sheet
from kibericht.pruefen.kompakt import Packed, pack, unpack


@dataclass
class DateiErgebnis:
    """The findings of one file (of the file itself, then sheet by sheet) and its mapped sheets,
    each with the number of index positions it takes (its rows, and rows only the scan saw)."""

    findings: list[Finding] = field(default_factory=list)
    sheets: list[tuple[ParsedSheet, int]] = field(default_factory=list)
    packed: dict[str, Packed] | None = None  # the sheets' object columns, while packed


def read_file(path: Path, names: Counter[str]) -> DateiErgebnis:
    """Read and map one file; `names` counts the casefolded file names of all inputs (to know
    whether a marked copy's original is read as well)."""
    own = own_file(path, names)
    if own is not None:
        return DateiErgebnis([own])
    raws, findings = read_csv(path) if ist_csv(path) else read_workbook(path)
    result = DateiErgebnis(list(findings))
    for raw in raws:
        sheet = parse_sheet(raw, 0)
        # rows the reader dropped but the scan reported are appended by parse_sheet
        last_reported = max((row for row, _ in raw.zellbefunde), default=0)
        span = max(len(raw.rows), last_reported) + 1
        raw.rows = []  # the cells now live in `sheet`; a large sheet must not be held twice
        result.findings.extend(sheet.findings)
        result.sheets.append((sheet, span))
    return result


def own_file(path: Path, names: Counter[str]) -> Finding | None:
    """A note for a file kibericht wrote itself that is not read (see `lesen.kennung`): a report,
    or a marked copy whose original is among the inputs too."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    wert = kennung(path)
    if wert == BERICHT:
        return befund(Code.EIGENE_DATEI, path.as_posix(), meldung="Die Arbeitsmappe ist ein Bericht von "
                      "kibericht, kein Tätigkeitsnachweis; sie wird nicht gelesen. Legen Sie Berichte "
                      "außerhalb des Ordners der Nachweise ab.")
    original = original_der_kopie(wert)
    if original is not None and names[original.casefold()] > (path.name.casefold() == original.casefold()):
        return befund(Code.EIGENE_DATEI, path.as_posix(), meldung=f"Die Arbeitsmappe ist eine markierte "
                      f"Kopie von „{original}“, das ebenfalls gelesen wird; die Kopie wird nicht gezählt. "
                      "Legen Sie markierte Kopien außerhalb des Ordners der Nachweise ab.")
    return None


def _object_columns(result: DateiErgebnis) -> tuple[list[ParsedSheet], list[str]]:
    sheets = [s for s, _ in result.sheets if len(s.index)]
    names = [n for n, v in sheets[0].columns.items() if v.dtype == object] if sheets else []
    return sheets, names


def pack_result(result: DateiErgebnis) -> DateiErgebnis:
    """The object columns of all sheets packed, one `Packed` per column for the whole file."""
    sheets, names = _object_columns(result)
    result.packed = {n: pack(np.concatenate([s.columns[n] for s in sheets])) for n in names}
    for s in sheets:
        for n in names:
            del s.columns[n]
    return result


def unpack_result(result: DateiErgebnis) -> DateiErgebnis:
    """The columns restored into each sheet."""
    if result.packed is None:
        return result
    sheets = [s for s, _ in result.sheets if len(s.index)]
    ends = np.cumsum([len(s.index) for s in sheets]).tolist()
    for n, packed in result.packed.items():
        column = unpack(packed)
        for s, start, end in zip(sheets, [0, *ends], ends, strict=False):
            s.columns[n] = column[start:end]
    result.packed = None
    return result
