"""Read a workbook's sheets as raw cell rows with python-calamine.

`read_workbook(path)` checks the file before it is parsed (`paket`), scans its sheet XML for what
calamine hides or cannot survive (`xml_scan`) and returns one `RawSheet` per worksheet plus
findings for files and sheets that cannot be read. Nothing here interprets cells.
"""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

import python_calamine

from kibericht.befunde import Code, Finding, befund, ursache
from kibericht.lesen.dateien import display_name
from kibericht.lesen.paket import check_package
from kibericht.lesen.rohblatt import RawSheet
from kibericht.lesen.teile import ist_ods, teile
from kibericht.lesen.xml_scan import SheetScan, quick_box_cells, scan_sheets

# Wider sheets are cut: a log has ten columns, a sheet that claims 16,384 is damaged or hostile.
MAX_COLUMNS = 200
# calamine allocates the whole filled area at once; beyond this a sheet is refused, not read
OVERLAP_FROM_BYTES = 1_000_000
MAX_CELLS = 12_000_000
# first cell of the hidden dropdown-list sheet of kibericht's template; such a sheet is skipped
LISTEN_KENNUNG = "kibericht: Auswahllisten der Vorlage – bitte nicht ändern"
ANLEITUNG_KENNUNG = re.compile(r"Tätigkeitsnachweis \d{4} – Anleitung")


def read_workbook(path: Path) -> tuple[list[RawSheet], list[Finding]]:
    """All worksheets of one file, or findings that say why it cannot be read.

    Never raises for bad input and never hands calamine a sheet it could not survive
    (see `paket`).
    """
    datei = display_name(path)
    problems = check_package(path, datei)
    if problems:
        return [], problems
    # by content, not by name: an .xlsx renamed to .ods still gets the sheet scan
    is_ods = _is_ods_package(path)
    loaded: _Geladen = {}
    scans: dict[str, SheetScan]
    findings: list[Finding]
    if is_ods:
        scans, findings = {}, []
        _load_workbook(path, loaded, None)
    else:
        # for a large file only: for small ones the extra pass costs more than the overlap saves
        bounds = quick_box_cells(path) if path.stat().st_size >= OVERLAP_FROM_BYTES else None
        if bounds is not None and all(n <= MAX_CELLS for n in bounds.values()):
            # calamine cannot be harmed by these sheets: it reads them on the other core while
            # the exact scan runs (calamine releases the GIL)
            worker = threading.Thread(target=_load_workbook_guarded, args=(path, loaded))
            worker.start()
            try:
                scans, findings = scan_sheets(path, datei)
            finally:
                worker.join()
            if "bug" in loaded:
                raise loaded["bug"]
        else:
            scans, findings = scan_sheets(path, datei)
            if not findings:
                _load_workbook(path, loaded, scans)
    if findings:
        return [], findings
    if (error := loaded.get("error")) is not None:  # calamine raises several error types for damaged files
        return [], [befund(Code.DATEI_UNLESBAR, datei,
                           meldung=f"Die Arbeitsmappe ist beschädigt und kann nicht gelesen werden "
                           f"({ursache(error)}). Öffnen Sie sie in Excel und speichern Sie sie neu "
                           "als .xlsx.")]
    sheets: list[RawSheet] = []
    for name, hidden, sheet_result in loaded["sheets"]:
        scan = scans.get(name)
        refusal = None if is_ods else _refuse(scan)
        if refusal:
            findings.append(befund(refusal[0], datei, name, meldung=refusal[1]))
            continue
        raw, sheet_findings = sheet_result
        findings.extend(sheet_findings)
        if raw is None:
            continue
        raw.datei = datei
        raw.ausgeblendet = hidden
        if scan:
            raw.ausgeblendete_zeilen = scan.hidden_rows
            raw.zellbefunde = scan.cells
        if (hidden and _is_template_lists(raw)) or _is_template_instructions(raw):
            continue  # the lists and instructions of kibericht's own template (see vorlage)
        sheets.append(raw)
    return sheets, findings


class _Geladen(TypedDict, total=False):
    """What calamine read: the error that stopped it, or every worksheet (name, hidden, (the
    sheet or None, its findings)); `bug`: an exception of the reading thread itself."""

    error: BaseException | None
    sheets: list[tuple[str, bool, tuple[RawSheet | None, list[Finding]]]]
    bug: BaseException


def _load_workbook_guarded(path: Path, loaded: _Geladen) -> None:
    """`_load_workbook` in a worker thread. calamine's errors are already in `loaded` (see
    `_call`); anything else raised here is a bug, handed to the main thread to be raised there
    rather than lost with the thread."""
    try:
        _load_workbook(path, loaded, None)
    except BaseException as exc:  # noqa: BLE001 - re-raised by the main thread
        loaded["bug"] = exc


def _load_workbook(path: Path, loaded: _Geladen, scans: dict[str, SheetScan] | None) -> None:
    """Read every worksheet with calamine into `loaded` ("error" or "sheets": [(name, hidden,
    (RawSheet or None, findings))]). With `scans`, sheets the scan refuses are not loaded."""
    datei = display_name(path)
    workbook, exc = _open_by_content(path)
    loaded["error"] = exc
    loaded["sheets"] = []
    if exc is not None:
        return
    with workbook:
        for meta in workbook.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue
            hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
            sheet_findings: list[Finding] = []
            if scans is not None and _refuse(scans.get(meta.name)):
                raw = None
            else:
                raw = _read_sheet(workbook, meta.name, datei, sheet_findings)
            loaded["sheets"].append((meta.name, hidden, (raw, sheet_findings)))


_END = object()


def _call(function: Callable[..., Any], *args: Any) -> tuple[Any, BaseException | None]:
    """(function(*args), None), or (None, the error) for any failure inside calamine.

    A Rust panic arrives as pyo3's PanicException, which is a BaseException.
    """
    try:
        return function(*args), None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        return None, exc


def _is_ods_package(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return ist_ods(teile(archive))
    except (zipfile.BadZipFile, OSError):
        return False


def _open_by_content(path: Path) -> tuple[Any, BaseException | None]:
    """(the calamine workbook, None) or (None, the error). calamine chooses its reader by the file
    name; an OpenDocument file saved as .xlsx (or a workbook saved as .ods) is opened from its
    bytes instead, where calamine recognises the format by the content."""
    named_ods = path.suffix.lower() == ".ods"
    if named_ods == _is_ods_package(path):
        return _call(python_calamine.CalamineWorkbook.from_path, str(path))
    with path.open("rb") as fh:
        return _call(python_calamine.CalamineWorkbook.from_filelike, fh)


def _refuse(scan: SheetScan | None) -> tuple[Code, str] | None:
    """(code, message) when this sheet must not be loaded."""
    if scan is None:
        return (Code.BLATT_UNLESBAR, "Das Blatt ist in der Arbeitsmappe nicht zu finden (beschädigte "
                "Struktur). Speichern Sie die Datei in Excel neu.")
    if scan.error:
        return (Code.BLATT_UNLESBAR, f"Das Blatt kann nicht gelesen werden ({scan.error}). Speichern "
                "Sie die Datei in Excel neu.")
    if scan.box_cells > MAX_CELLS:
        return (Code.BLATT_ZU_GROSS, f"Der gefüllte Bereich des Blatts reicht bis Zeile {scan.last_row} "
                f"und Spalte {scan.last_col + 1} ({scan.box_cells:,} Zellen); gelesen werden höchstens "
                f"{MAX_CELLS:,} Zellen. Löschen Sie Zellen weit außerhalb der Tabelle (Strg+Ende zeigt "
                "die letzte) und speichern Sie neu.".replace(",", "."))
    return None


def _read_sheet(workbook: python_calamine.CalamineWorkbook, name: str, datei: str,
                findings: list[Finding]) -> RawSheet | None:
    sheet, exc = _call(workbook.get_sheet_by_name, name)
    if exc is not None:
        findings.append(befund(Code.BLATT_UNLESBAR, datei, name,
                               meldung=f"Das Blatt kann nicht gelesen werden ({ursache(exc)})."))
        return None
    if sheet.width * sheet.height > MAX_CELLS:  # .ods: calamine knows the size only now
        findings.append(befund(Code.BLATT_ZU_GROSS, datei, name,
                               meldung=f"Das Blatt hat {sheet.height} Zeilen und {sheet.width} Spalten; "
                               f"gelesen werden höchstens {MAX_CELLS:,} Zellen.".replace(",", ".")))
        return None
    start_row, start_col = sheet.start if sheet.height else (0, 0)
    rows, exc = _call(sheet.to_python)
    if exc is not None:
        rows, failures = _rows_one_by_one(sheet)
        # iter_rows may begin at the sheet's first row or at row 1 (python-calamine 0.9 does)
        start_row = sheet.end[0] + 1 - len(rows) if rows else 0
        for index, error in failures:
            findings.append(befund(Code.ZEILE_UNLESBAR, datei, name, start_row + index + 1,
                                   meldung=f"Die Zeile enthält einen Wert, der sich nicht lesen lässt "
                                   f"({ursache(error)}). Prüfen Sie Zahlen und Zeitangaben der Zeile."))
    rows = [row[:MAX_COLUMNS] for row in rows] if sheet.width > MAX_COLUMNS else rows
    if sheet.width > MAX_COLUMNS:
        findings.append(befund(Code.BLATT_ZU_BREIT, datei, name,
                               meldung=f"Das Blatt hat {sheet.width} Spalten; gelesen werden nur die ersten "
                               f"{MAX_COLUMNS}."))
    return RawSheet(datei=datei, blatt=name, rows=rows, erste_zeile=start_row + 1,
                    erste_spalte=start_col, verbundene_zellen=_merged(sheet))


def _rows_one_by_one(sheet: python_calamine.CalamineSheet,
                     ) -> tuple[list[list[Any]], list[tuple[int, BaseException]]]:
    """The rows via iter_rows, where one cell calamine cannot convert (a duration of 1e300
    hours) costs one row, not the sheet: (rows, [(index of an unreadable row, error)])."""
    rows: list[list[Any]] = []
    failures: list[tuple[int, BaseException]] = []
    iterator = sheet.iter_rows()
    while True:
        row, exc = _call(next, iterator, _END)
        if row is _END:
            break
        if exc is not None:
            failures.append((len(rows), exc))
            row = []
        rows.append(row)
    return rows, failures


def _merged(sheet: python_calamine.CalamineSheet) -> tuple[tuple[int, int, int, int], ...]:
    """Merged areas as (first row, first column, last row, last column): Excel rows, 0-based columns."""
    ranges, exc = _call(getattr, sheet, "merged_cell_ranges")
    if exc is not None or not ranges:
        return ()
    return tuple((r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in ranges)


def _is_template_lists(raw: RawSheet) -> bool:
    return bool(raw.rows and raw.rows[0] and raw.rows[0][0] == LISTEN_KENNUNG)


def _is_template_instructions(raw: RawSheet) -> bool:
    """The „Anleitung“ sheet of kibericht's template: known, so no hint about a missing header."""
    first = raw.rows[0][0] if raw.rows and raw.rows[0] and raw.erste_zeile == 1 else None
    return isinstance(first, str) and ANLEITUNG_KENNUNG.fullmatch(first) is not None
