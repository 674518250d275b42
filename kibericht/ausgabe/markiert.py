"""Marked copies of faulty workbooks: the faulty cells filled and commented, so staff fix them in place.

`write_marked_copies(findings, Path("markiert"))` writes, for every input workbook with at
least one Fehler or Warnung that has a row, a copy into `markiert/`: the cell of each finding
filled red (Fehler) or yellow (Warnung) with a comment that holds the message(s); a finding
without a column marks its whole row lightly. The column is found by re-detecting the header
row of the sheet, as `pruefen.kopfzeile` does. Originals are never written; copies are written
atomically. .ods files are not marked; a workbook openpyxl cannot open is named in the result with
the reason, never skipped silently.
"""

from __future__ import annotations

import errno
import io
import os
import re
import tempfile
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import PatternFill

from kibericht.ausgabe.atomar import AusgabeFehler, ohne_nachrufe, write_bytes_atomic
from kibericht.befunde import FEHLER, WARNUNG, Finding, ursache
from kibericht.lesen.kennung import EIGENSCHAFT, KOPIE
from kibericht.lesen.rohblatt import RawSheet
from kibericht.pruefen.kopfzeile import find_header
from kibericht.schema import load_schema

AUTOR = "kibericht"
CELL_FILL = {FEHLER: "FFC7CE", WARNUNG: "FFEB9C"}
ROW_FILL = {FEHLER: "FDE9E7", WARNUNG: "FFF8DC"}
LABEL = {FEHLER: "Fehler", WARNUNG: "Warnung"}
MARKABLE = (".xlsx", ".xlsm")


class MarkiertError(ValueError):
    """The copies cannot be written as asked (German message for the user)."""


@dataclass(frozen=True)
class MarkierteKopien:
    """The copies written, and the workbooks for which no copy could be made (with the reason)."""

    geschrieben: list[Path] = field(default_factory=list)
    nicht_moeglich: list[tuple[Path, str]] = field(default_factory=list)


def write_marked_copies(findings: list[Finding], out_dir: Path,
                        eingaben: list[Path] | None = None) -> MarkierteKopien:
    """Write the marked copies into `out_dir`; their paths come sorted.

    A copy keeps its path relative to the input folder it was found in (`eingaben`, the
    arguments of `pruefen`); without them, relative to the common folder of all files named
    in the findings.
    """
    _check_outside_inputs(Path(out_dir), eingaben or [])
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.schwere in CELL_FILL and f.zeile is not None and f.blatt is not None:
            by_file[f.datei].append(f)
    sources = {datei: Path(datei) for datei in by_file
               if Path(datei).suffix.lower() in MARKABLE and Path(datei).is_file()}
    if not sources:
        return MarkierteKopien()
    folders = [Path(e).resolve() for e in eingaben or [] if Path(e).is_dir()]
    if not folders:
        named = {Path(f.datei).resolve().parent for f in findings if Path(f.datei).is_file()}
        folders = [Path(os.path.commonpath(sorted(named)))]
    targets = {s: Path(out_dir) / _relative(s, folders) for s in sources.values()}
    for source, target in targets.items():
        if _same_file(source, target):
            raise MarkiertError(f"Die markierte Kopie von „{source.as_posix()}“ würde das Original "
                                "überschreiben. Wählen Sie für --markiert einen anderen Ordner.")
    written, failed = [], []
    for datei, source in sources.items():
        target = targets[source]
        workbook, reason = _open(source)
        if workbook is None:
            failed.append((source, reason))
            continue
        _mark(workbook, by_file[datei])
        # openpyxl keeps formulas but drops their cached results: Excel and LibreOffice
        # recalculate on opening, so a corrected copy saved there reads like the original
        workbook.calculation.fullCalcOnLoad = True
        _kennzeichnen(workbook, source.name)
        # saved in memory first: a full disk then fails in one plain write (a German message, see
        # atomar), never inside openpyxl's zip writer, which would leave an unclosed archive behind
        buffer, grund = io.BytesIO(), None
        with ohne_nachrufe():  # openpyxl leaves a sheet's writer open when the disk is full
            try:
                workbook.save(buffer)  # openpyxl writes each sheet to a temporary file first
            except OSError as exc:
                grund = _temp_grund(exc, target)
        if grund is not None:
            raise AusgabeFehler(target, grund)
        write_bytes_atomic(target, buffer.getvalue())
        written.append(target)
    return MarkierteKopien(sorted(written), failed)


def _temp_grund(exc: OSError, target: Path) -> str:
    folder = Path(exc.filename).parent if exc.filename else Path(tempfile.gettempdir())
    full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)
    why = "ist kein Platz mehr frei" if full else f"kann nicht geschrieben werden ({ursache(exc)})"
    return (f"Die markierte Kopie „{target.as_posix()}“ kann nicht erstellt werden: im Ordner für "
            f"temporäre Dateien „{folder.as_posix()}“ {why}. Schaffen Sie dort Platz (oder wählen Sie "
            "mit der Umgebungsvariablen TMP bzw. TMPDIR einen anderen Ordner) und starten Sie den Befehl "
            "erneut.")


def _check_outside_inputs(out_dir: Path, eingaben: list[Path]) -> None:
    """The copies must not land where the next run reads logs: inside an input folder, or in the
    folder of an input file (they would be counted again)."""
    target = out_dir.resolve()
    for eingabe in eingaben:
        folder = Path(eingabe).resolve() if Path(eingabe).is_dir() else Path(eingabe).resolve().parent
        if target == folder or target.is_relative_to(folder):
            raise MarkiertError(f"Der Ordner „{out_dir.as_posix()}“ für die markierten Kopien liegt im "
                                f"Eingabeordner „{folder.as_posix()}“: beim nächsten Lauf würden die Kopien "
                                "als Nachweise mitgezählt. Wählen Sie für --markiert einen Ordner außerhalb, "
                                "z. B. markiert/ neben dem Ordner der Nachweise.")


def _kennzeichnen(workbook, original: str) -> None:
    """Mark the copy as kibericht's, so that it is never counted beside its original (see
    `lesen.kennung`)."""
    props = workbook.custom_doc_props
    for prop in [p for p in props.props if p.name == EIGENSCHAFT]:
        props.props.remove(prop)
    props.append(StringProperty(name=EIGENSCHAFT, value=lesbar(f"{KOPIE}{original}")))


def _relative(source: Path, folders: list[Path]) -> Path:
    """The source's path below the deepest input folder that holds it, else its name."""
    resolved = source.resolve()
    holding = [f for f in folders if resolved.is_relative_to(f)]
    if not holding:
        return Path(source.name)
    return resolved.relative_to(max(holding, key=lambda f: len(f.parts)))


def _same_file(source: Path, target: Path) -> bool:
    if source.resolve() == target.resolve():
        return True
    return target.exists() and os.path.samefile(source, target)


def _open(source: Path):
    """(the workbook, None), or (None, the reason openpyxl cannot open it)."""
    try:
        with warnings.catch_warnings():
            # openpyxl warns in English about parts it drops from the copy (a dynamic print area
            # like the template's, data validation extensions); the copy serves to fix cells
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm",
                                          keep_links=True), None
    except Exception as exc:  # noqa: BLE001 - only openpyxl's parsing of a foreign file runs here;
        # whatever it raises is reported to the user with the file, never swallowed
        return None, ursache(exc)


def _mark(workbook, findings: list[Finding]) -> None:
    by_sheet: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_sheet[f.blatt].append(f)
    for blatt, sheet_findings in by_sheet.items():
        if blatt not in workbook.sheetnames:
            continue
        ws = workbook[blatt]
        columns = _header_columns(ws, blatt)
        cells: dict[tuple[int, int], list[Finding]] = defaultdict(list)
        rows: dict[int, list[Finding]] = defaultdict(list)
        for f in sheet_findings:
            col = columns.get(f.spalte) if f.spalte else None
            if col is None:
                rows[f.zeile].append(f)
            else:
                cells[(f.zeile, col)].append(f)
        for row, items in sorted(rows.items()):
            _mark_row(ws, row, _worst(items), columns)
            _comment(_anchor(ws, row, min(columns.values(), default=1)), items)
        for (row, col), items in sorted(cells.items()):
            cell = _anchor(ws, row, col)
            cell.fill = _fill(CELL_FILL[_worst(items)])
            _comment(cell, items)


def _header_columns(ws, blatt: str) -> dict[str, int]:
    """Canonical column name → 1-based column number, from the header row as `parse` finds it."""
    depth = load_schema().suchtiefe
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=depth, values_only=True)]
    merged = tuple((m.min_row, m.min_col - 1, m.max_row, m.max_col - 1) for m in ws.merged_cells.ranges)
    header = find_header(RawSheet(datei="", blatt=blatt, rows=rows, erste_zeile=1, erste_spalte=0,
                                  verbundene_zellen=merged))
    if header is None:
        return {}
    columns: dict[str, int] = {}
    for j, name in sorted(header.spalten.items()):
        columns.setdefault(name, j + 1)
    return columns


def _worst(items: list[Finding]) -> str:
    return FEHLER if any(f.schwere == FEHLER for f in items) else WARNUNG


def _fill(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def _anchor(ws, row: int, col: int):
    """The cell, or the top-left cell of the merged area it lies in (only that one takes styles)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(cell, MergedCell):
        for area in ws.merged_cells.ranges:
            if cell.coordinate in area:
                return ws.cell(row=area.min_row, column=area.min_col)
    return cell


def _mark_row(ws, row: int, schwere: str, columns: dict[str, int]) -> None:
    last = max([ws.max_column, *columns.values()])
    fill = _fill(ROW_FILL[schwere])
    for col in range(1, last + 1):
        cell = ws.cell(row=row, column=col)
        if not isinstance(cell, MergedCell):
            cell.fill = fill


# What XML 1.0 cannot hold (C0 controls but tab and newline, lone surrogates, U+FFFE/U+FFFF), what
# a terminal or viewer would act on (DEL, C1 controls) and bidi controls that reorder the text shown
_UNLESBAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                       "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def lesbar(text: str) -> str:
    r"""Text from the input as it can stand in a comment: every control character shown as an
    escape (`\x07`, `\u202e`), so the copy opens in Excel, LibreOffice and openpyxl.

        >>> lesbar("1\x07,5")
        '1\\x07,5'
    """
    return _UNLESBAR.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
                         text)


def _comment(cell, items: list[Finding]) -> None:
    lines = [lesbar(f"{LABEL[f.schwere]} [{f.code}]: {f.meldung}") for f in items]
    if cell.comment is not None and cell.comment.text:
        lines.insert(0, cell.comment.text)
    text = "\n\n".join(lines)
    comment = Comment(text, AUTOR)
    comment.width = 320
    comment.height = min(60 + 18 * len(text) // 40, 600)
    cell.comment = comment
