"""Check a workbook file before any parser sees it, and scan its sheet XML for what readers hide.

Every file comes from someone else's machine. Before calamine parses it we make sure it is a
zip-based workbook of sane size (no zip bomb, no DTD/entity tricks, not encrypted, not an old
.xls or a renamed CSV). `scan_sheets` then streams each sheet's XML once to find what cell
readers silently turn into empty cells: Excel error values (`#DIV/0!`), formulas saved
without a cached value, and hidden rows.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree as SafeET

from kibericht.findings import FEHLER, Finding

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 3 * 1024**3
MAX_RATIO = 300
RATIO_FLOOR_BYTES = 20 * 1024**2
CHUNK = 4 * 1024**2

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _finding(datei: str, code: str, message: str) -> Finding:
    return Finding(FEHLER, code, datei, None, None, None, None, message)


def check_package(path: Path, datei: str) -> list[Finding]:
    """Findings that stop this file from being read; empty when it looks like a sane workbook."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        return [_finding(datei, "datei-unlesbar", f"Die Datei kann nicht geöffnet werden ({exc}).")]
    if size == 0:
        return [_finding(datei, "datei-leer", "Die Datei ist leer (0 Byte). Speichern Sie den "
                         "Tätigkeitsnachweis erneut aus Excel.")]
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head or b"EncryptionInfo" in head:
            return [_finding(datei, "datei-verschluesselt", "Die Arbeitsmappe ist mit einem Kennwort "
                             "geschützt. Speichern Sie eine Kopie ohne Kennwort (Datei › Informationen › "
                             "Arbeitsmappe schützen) und lesen Sie diese ein.")]
        return [_finding(datei, "datei-altformat", "Die Datei ist im alten Excel-Format (.xls). "
                         "Öffnen Sie sie in Excel und speichern Sie sie als „Excel-Arbeitsmappe (.xlsx)“.")]
    if not head.startswith(ZIP_MAGIC):
        kind = "eine Text- oder CSV-Datei" if _looks_like_text(head) else "keine Excel-Arbeitsmappe"
        return [_finding(datei, "datei-kein-excel", f"Die Datei ist {kind}, obwohl sie "
                         f"„{path.suffix}“ heißt. Öffnen Sie sie in Excel und speichern Sie sie als .xlsx.")]
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_archive(archive, datei)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return [_finding(datei, "datei-beschaedigt", f"Die Datei ist beschädigt (kein gültiges "
                         f"ZIP-Archiv: {exc}). Speichern Sie sie in Excel neu.")]


def _looks_like_text(head: bytes) -> bool:
    sample = head[:4096]
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return all(b >= 9 for b in sample[:512])


def _check_archive(archive: zipfile.ZipFile, datei: str) -> list[Finding]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        return [_finding(datei, "datei-zu-gross", f"Die Datei enthält {len(infos)} Teile; eine "
                         f"Arbeitsmappe hat weit weniger. Sie wird aus Sicherheitsgründen nicht gelesen.")]
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        return [_finding(datei, "datei-zu-gross", f"Entpackt wäre die Datei {total / 1024**3:.1f} GB "
                         "groß. Sie wird aus Sicherheitsgründen nicht gelesen (ZIP-Bombe?).")]
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return [_finding(datei, "datei-zu-gross", f"Der Teil „{info.filename}“ ist "
                             f"{info.file_size // max(info.compress_size, 1)}-fach komprimiert. Das "
                             "passt zu keiner echten Arbeitsmappe (ZIP-Bombe?); die Datei wird "
                             "nicht gelesen.")]
    names = {i.filename for i in infos}
    if "EncryptedPackage" in names:
        return [_finding(datei, "datei-verschluesselt", "Die Arbeitsmappe ist verschlüsselt. Speichern "
                         "Sie eine Kopie ohne Kennwort.")]
    is_xlsx = "xl/workbook.xml" in names or "xl/workbook.bin" in names
    is_ods = "content.xml" in names and "mimetype" in names
    if not (is_xlsx or is_ods):
        return [_finding(datei, "datei-kein-excel", "Die Datei ist ein ZIP-Archiv, aber keine "
                         "Excel-Arbeitsmappe. Lesen Sie nur .xlsx-, .xlsm- oder .ods-Dateien ein.")]
    if "xl/workbook.bin" in names:
        return [_finding(datei, "datei-altformat", "Die Datei ist eine binäre Arbeitsmappe (.xlsb). "
                         "Speichern Sie sie in Excel als .xlsx.")]
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as fh:
                start = fh.read(4096)
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                return [_finding(datei, "datei-xml-angriff", f"Der Teil „{info.filename}“ enthält "
                                 "DTD- oder Entity-Deklarationen, die Excel nie schreibt. Die Datei wird "
                                 "aus Sicherheitsgründen nicht gelesen.")]
    return []


# --- sheet XML scan ------------------------------------------------------------------------

@dataclass
class SheetScan:
    hidden_rows: frozenset[int] = frozenset()
    cells: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)


_ROW_HIDDEN = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)")


def column_index(letters: str) -> int:
    """`A` → 0, `Z` → 25, `AA` → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip part of its XML, from workbook.xml and its relationships."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"))
        if not target:
            continue
        target = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name")] = target
    return parts


def scan_sheets(path: Path, datei: str) -> tuple[dict[str, SheetScan], list[Finding]]:
    """Hidden rows, error cells and formulas without a cached value, per sheet name."""
    if path.suffix.lower() == ".ods":
        return {}, []
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            return {name: _scan_part(archive, part) for name, part in parts.items()
                    if part in archive.NameToInfo}, []
    except Exception as exc:  # a damaged part is reported; calamine may still read the rest
        return {}, [_finding(datei, "datei-beschaedigt", f"Die Struktur der Arbeitsmappe ist "
                             f"beschädigt ({exc}). Speichern Sie sie in Excel neu.")]


def _scan_part(archive: zipfile.ZipFile, part: str) -> SheetScan:
    hidden: set[int] = set()
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    rest = b""
    read = 0
    with archive.open(part) as fh:
        while True:
            block = fh.read(CHUNK)
            read += len(block)
            if read > MAX_TOTAL_BYTES:
                raise ValueError("Blatt entpackt größer als erlaubt")
            data = rest + block
            if block:
                cut = data.rfind(b"</row>")
                if cut < 0:
                    rest = data
                    continue
                data, rest = data[: cut + 6], data[cut + 6:]
            _scan_rows(data, hidden, cells)
            if not block:
                break
    return SheetScan(frozenset(hidden), cells)


def _scan_rows(data: bytes, hidden: set[int], cells: dict) -> None:
    if b'hidden="' in data:
        for m in _ROW_HIDDEN.finditer(data):
            number = _ROW_NUMBER.search(m.group(0))
            if number:
                hidden.add(int(number.group(1)))
    if b't="e"' not in data and b"<f" not in data:
        return
    for m in _CELL.finditer(data):
        attrs, inner = m.group(1), m.group(2) or b""
        ref = _CELL_REF.search(attrs)
        if not ref:
            continue
        key = (int(ref.group(2)), column_index(ref.group(1).decode()))
        value = _VALUE.search(inner)
        if _ERROR_TYPE.search(attrs):
            cells[key] = ("fehlerwert", value.group(1).decode("utf-8", "replace") if value else "#?")
            continue
        formula = _FORMULA.search(inner)
        if formula and (value is None or value.group(1) == b""):
            text = (formula.group(1) or b"").decode("utf-8", "replace")
            cells[key] = ("formel-ohne-wert", f"={text}" if text else "(geteilte Formel)")
