"""Marked copies of faulty workbooks: the faulty cells filled and commented, so staff fix them in place.

`write_marked_copies(findings, Path("markiert"))` writes, for every input workbook with at
least one Fehler or Warnung that has a row, a copy into `markiert/`: the cell of each finding
filled red (Fehler) or yellow (Warnung) with a comment that holds the message(s); a finding
without a column marks its whole row lightly. The column is found by re-detecting the header
row of the sheet, as `parse` does. Originals are never written; copies are written atomically.
Files that could not be opened at all (their finding says why) and .ods files are skipped.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from kibericht.ausgabe.atomar import atomic_path
from kibericht.befunde import FEHLER, WARNUNG, Finding
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


def write_marked_copies(findings: list[Finding], out_dir: Path,
                        eingaben: list[Path] | None = None) -> list[Path]:
    """Write the marked copies into `out_dir` and return their paths, sorted.

    A copy keeps its path relative to the input folder it was found in (`eingaben`, the
    arguments of `pruefen`); without them, relative to the common folder of all files named
    in the findings.
    """
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.schwere in CELL_FILL and f.zeile is not None and f.blatt is not None:
            by_file[f.datei].append(f)
    sources = {datei: Path(datei) for datei in by_file
               if Path(datei).suffix.lower() in MARKABLE and Path(datei).is_file()}
    if not sources:
        return []
    folders = [Path(e).resolve() for e in eingaben or [] if Path(e).is_dir()]
    if not folders:
        named = {Path(f.datei).resolve().parent for f in findings if Path(f.datei).is_file()}
        folders = [Path(os.path.commonpath(sorted(named)))]
    targets = {s: Path(out_dir) / _relative(s, folders) for s in sources.values()}
    for source, target in targets.items():
        if _same_file(source, target):
            raise MarkiertError(f"Die markierte Kopie von „{source.as_posix()}“ würde das Original "
                                "überschreiben. Wählen Sie für --markiert einen anderen Ordner.")
    written = []
    for datei, source in sources.items():
        target = targets[source]
        workbook = _open(source)
        if workbook is None:
            continue
        _mark(workbook, by_file[datei])
        with atomic_path(target) as tmp:
            workbook.save(tmp)
        written.append(target)
    return sorted(written)


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
    try:
        return openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm",
                                      keep_links=True)
    except Exception:  # unreadable for openpyxl: its finding already names the file
        return None


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
    header = find_header(RawSheet(datei="", blatt=blatt, rows=rows, erste_zeile=1, erste_spalte=0))
    if header is None:
        return {}
    columns: dict[str, int] = {}
    for j, name in sorted(header[1].items()):
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


def _comment(cell, items: list[Finding]) -> None:
    lines = [f"{LABEL[f.schwere]} [{f.code}]: {f.meldung}" for f in items]
    if cell.comment is not None and cell.comment.text:
        lines.insert(0, cell.comment.text)
    text = "\n\n".join(lines)
    comment = Comment(text, AUTOR)
    comment.width = 320
    comment.height = min(60 + 18 * len(text) // 40, 600)
    cell.comment = comment
