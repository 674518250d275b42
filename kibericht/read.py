"""Find the input workbooks and read their sheets as raw cell rows.

`read_inputs(["nachweise/"])` walks folders recursively, ignores Excel lock files (`~$…`),
checks each file before it is parsed (see `package_check`) and returns one `RawSheet` per
worksheet plus findings for files that cannot be read. Nothing here interprets cells.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from kibericht.findings import FEHLER, HINWEIS, Finding
from kibericht.package_check import check_package, scan_sheets

SUFFIXES = (".xlsx", ".xlsm", ".ods")
# Wider sheets are cut: a log has ten columns, a sheet that claims 16,384 is damaged or hostile.
MAX_COLUMNS = 200


@dataclass
class RawSheet:
    """The cells of one worksheet as read, with the offset of its first row and column."""

    datei: str
    blatt: str
    rows: list[list]
    erste_zeile: int  # Excel row number (1-based) of rows[0]
    erste_spalte: int  # 0-based column index of rows[i][0]
    ausgeblendet: bool = False
    ausgeblendete_zeilen: frozenset[int] = frozenset()
    # (Excel row, 0-based column) -> ("fehlerwert", "#DIV/0!") or ("formel-ohne-wert", "=A1+A2")
    zellbefunde: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)


def display_name(path: Path) -> str:
    return path.as_posix()


def find_files(inputs: list[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Expand the input arguments to workbook paths in a stable order."""
    files: list[Path] = []
    findings: list[Finding] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(_walk(path), key=lambda p: p.as_posix())
            if not found:
                findings.append(Finding(HINWEIS, "ordner-leer", display_name(path), None, None, None,
                                        None, "Im Ordner wurde keine Excel-Arbeitsmappe (.xlsx, .xlsm, "
                                        ".ods) gefunden."))
            files.extend(found)
        elif path.is_file():
            if path.name.startswith("~$"):
                continue
            files.append(path)
        else:
            findings.append(Finding(FEHLER, "datei-fehlt", display_name(path), None, None, None, None,
                                    "Datei oder Ordner nicht gefunden. Prüfen Sie den Pfad."))
    unique = list(dict.fromkeys(files))
    return unique, findings


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("~$") or name.startswith("."):
                continue
            if name.lower().endswith(SUFFIXES + (".xls", ".csv")):
                yield Path(root) / name


def read_workbook(path: Path) -> tuple[list[RawSheet], list[Finding]]:
    """All worksheets of one file, or findings that say why it cannot be read."""
    datei = display_name(path)
    problems = check_package(path, datei)
    if problems:
        return [], problems
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for damaged files
        return [], [Finding(FEHLER, "datei-unlesbar", datei, None, None, None, None,
                            f"Die Arbeitsmappe ist beschädigt und kann nicht gelesen werden ({exc}). "
                            "Öffnen Sie sie in Excel und speichern Sie sie neu als .xlsx.")]
    scans, findings = scan_sheets(path, datei)
    sheets: list[RawSheet] = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue
            hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = sheet.to_python()
            except Exception as exc:
                findings.append(Finding(FEHLER, "blatt-unlesbar", datei, meta.name, None, None, None,
                                        f"Das Blatt kann nicht gelesen werden ({exc})."))
                continue
            start_row, start_col = sheet.start if rows else (0, 0)
            if rows and len(rows[0]) > MAX_COLUMNS:
                findings.append(Finding(HINWEIS, "blatt-zu-breit", datei, meta.name, None, None, None,
                                        f"Das Blatt hat {len(rows[0])} Spalten; gelesen werden nur die "
                                        f"ersten {MAX_COLUMNS}."))
                rows = [r[:MAX_COLUMNS] for r in rows]
            scan = scans.get(meta.name)
            sheets.append(RawSheet(
                datei=datei, blatt=meta.name, rows=rows, erste_zeile=start_row + 1,
                erste_spalte=start_col, ausgeblendet=hidden,
                ausgeblendete_zeilen=scan.hidden_rows if scan else frozenset(),
                zellbefunde=scan.cells if scan else {},
            ))
    return sheets, findings
