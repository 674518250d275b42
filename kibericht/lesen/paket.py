"""Check a workbook file before any parser sees it, and scan its sheet XML for what readers hide.

Every file comes from someone else's machine. Before calamine parses it we make sure it is a
zip-based workbook of sane size: no zip bomb (entry count, unpacked size and compression ratio
are measured by actually inflating each part, so a zip header that lies about sizes changes
nothing), no DTD/entity tricks, not encrypted, not an old .xls or a renamed CSV, and no
shared-string table that claims more strings than it can hold (calamine reserves memory for
the claimed count).

`scan_sheets` then streams each sheet's XML once to find what cell readers hide or cannot
survive: Excel error values (`#DIV/0!`), formulas saved without a cached value, hidden rows,
and the bounding box of the filled cells (calamine allocates width × height cells at once, so
one value in XFD1048576 would need terabytes).
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError

from kibericht.befunde import Code, Finding, befund, ursache
from kibericht.lesen.dateien import KeineRegulaereDatei, open_regular, sonderdatei_befund
from kibericht.lesen.teile import arbeitsmappe, ist_ods, teile

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 1024**3  # unpacked; a year of logs is a few MB, 1M rows with inline text ~400 MB
MAX_FILE_BYTES = MAX_TOTAL_BYTES  # packed: a package larger than its unpacked limit is refused unread
MAX_RATIO = 300
RATIO_FLOOR_BYTES = 20 * 1024**2
MAX_ROW_BYTES = 64 * 1024**2  # one <row> element; a real row has a few KB
MAX_SHARED_STRINGS = 5_000_000
CHUNK = 4 * 1024**2

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# stream names of an encrypted OOXML file inside its OLE2 container (UTF-16-LE directory entries)
OLE_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
# What zipfile and zlib raise for a damaged or hostile archive: BadZipFile (a wrong CRC, a name
# that differs between directory and local header), EOFError (a cut stream), zlib.error,
# NotImplementedError (zip versions and features Excel never uses) and ValueError (among others
# UnicodeDecodeError for a file name). Anything else is a bug and propagates.
ZIP_ERRORS = (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, ValueError)
ENCRYPTED_FLAGS = 0x1 | 0x40  # traditional and strong encryption


class PackageError(Exception):
    """A check failed; carries the finding code and the German message."""

    def __init__(self, code: Code, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def check_package(path: Path, datei: str) -> list[Finding]:
    """Findings that stop this file from being read; empty when it looks like a sane workbook."""
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise PackageError(Code.DATEI_ZU_GROSS, f"Die Datei ist {size // 1024**2} MB groß; eine "
                                   "Arbeitsmappe mit Tätigkeitsnachweisen hat weit weniger. Sie wird nicht "
                                   "gelesen.")
            head = fh.read(65536)
            if size == 0:
                raise PackageError(Code.DATEI_LEER, "Die Datei ist leer (0 Byte). Speichern Sie den "
                                   "Tätigkeitsnachweis erneut aus Excel.")
            if head.startswith(OLE_MAGIC):
                _check_ole(fh)
            if not head.startswith(ZIP_MAGIC):
                kind = "eine Text- oder CSV-Datei" if _looks_like_text(head) else \
                    "keine Excel-Arbeitsmappe"
                raise PackageError(Code.DATEI_KEIN_EXCEL, f"Die Datei ist {kind}, obwohl sie "
                                   f"„{path.suffix}“ heißt. Öffnen Sie sie in Excel und speichern "
                                   "Sie sie als .xlsx.")
            try:
                archive = zipfile.ZipFile(fh)
            except (*ZIP_ERRORS, OSError) as exc:
                raise PackageError(Code.DATEI_BESCHAEDIGT, f"Die Datei ist beschädigt (kein gültiges "
                                   f"ZIP-Archiv: {ursache(exc)}). Speichern Sie sie in Excel neu.") from None
            with archive:
                try:
                    _check_archive(archive, fh)
                except ZIP_ERRORS as exc:
                    raise PackageError(Code.DATEI_BESCHAEDIGT, f"Die Datei ist beschädigt ({ursache(exc)}). "
                                       "Speichern Sie sie in Excel neu.") from None
    except PackageError as exc:
        return [befund(exc.code, datei, meldung=exc.message)]
    except KeineRegulaereDatei:
        return [sonderdatei_befund(path)]
    except OSError as exc:
        return [befund(Code.DATEI_UNLESBAR, datei,
                       meldung=f"Die Datei kann nicht gelesen werden ({ursache(exc)}).")]
    return []


def _check_ole(fh: BinaryIO) -> None:
    """An OLE2 file is an old .xls, or an encrypted .xlsx (Excel wraps those in OLE2)."""
    fh.seek(0)
    tail = b""
    while block := fh.read(CHUNK):
        data = tail + block
        if any(name in data for name in OLE_ENCRYPTED):
            raise PackageError(Code.DATEI_VERSCHLUESSELT, "Die Arbeitsmappe ist mit einem Kennwort "
                               "geschützt. Speichern Sie eine Kopie ohne Kennwort (Datei › "
                               "Informationen › Arbeitsmappe schützen) und lesen Sie diese ein.")
        tail = data[-64:]
    raise PackageError(Code.DATEI_ALTFORMAT, "Die Datei ist im alten Excel-Format (.xls). Öffnen Sie "
                       "sie in Excel und speichern Sie sie als „Excel-Arbeitsmappe (.xlsx)“.")


def _looks_like_text(head: bytes) -> bool:
    sample = head[:4096]
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return all(b >= 9 for b in sample[:512])


def _too_big(message: str) -> PackageError:
    return PackageError(Code.DATEI_ZU_GROSS, f"{message} Die Datei wird aus Sicherheitsgründen nicht "
                        "gelesen (ZIP-Bombe?). Speichern Sie den Nachweis in Excel neu.")


def _check_archive(archive: zipfile.ZipFile, fh: BinaryIO) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _too_big(f"Die Datei enthält {len(infos)} Teile; eine Arbeitsmappe hat weit weniger.")
    names = teile(archive)
    if "encryptedpackage" in names:
        raise PackageError(Code.DATEI_VERSCHLUESSELT, "Die Arbeitsmappe ist verschlüsselt. Speichern "
                           "Sie eine Kopie ohne Kennwort.")
    is_ods = ist_ods(names)
    workbook = None if is_ods else _workbook_part(archive, names)
    if not (workbook or is_ods):
        raise PackageError(Code.DATEI_KEIN_EXCEL, "Die Datei ist ein ZIP-Archiv, aber keine "
                           "Excel-Arbeitsmappe. Lesen Sie nur .xlsx-, .xlsm- oder .ods-Dateien ein.")
    if workbook is not None and workbook.endswith(".bin"):
        raise PackageError(Code.DATEI_ALTFORMAT, "Die Datei ist eine binäre Arbeitsmappe (.xlsb). "
                           "Speichern Sie sie in Excel als .xlsx.")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_BYTES:
        raise _too_big(f"Entpackt wäre die Datei {declared / 1024**2:.0f} MB groß.")
    total = 0
    for info in infos:
        if info.flag_bits & ENCRYPTED_FLAGS:
            raise PackageError(Code.DATEI_VERSCHLUESSELT, f"Der Teil „{info.filename}“ ist "
                               "verschlüsselt. Speichern Sie eine Kopie ohne Kennwort.")
        real = _inflated_size(fh, info, MAX_TOTAL_BYTES - total)
        total += real
        if total > MAX_TOTAL_BYTES:
            raise _too_big(f"Entpackt ist die Datei größer als {MAX_TOTAL_BYTES // 1024**2} MB.")
        if real > RATIO_FLOOR_BYTES and real > MAX_RATIO * max(info.compress_size, 1):
            raise _too_big(f"Der Teil „{info.filename}“ ist {real // max(info.compress_size, 1)}-fach "
                           "komprimiert; das passt zu keiner echten Arbeitsmappe.")
        if real != info.file_size:
            raise PackageError(Code.DATEI_BESCHAEDIGT, f"Im ZIP-Verzeichnis ist für „{info.filename}“ "
                               f"eine falsche Größe eingetragen ({info.file_size} statt {real} Byte). "
                               "Die Datei ist beschädigt oder manipuliert; speichern Sie sie in Excel "
                               "neu.")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and _has_dtd(archive, info):
            raise PackageError(Code.DATEI_XML_ANGRIFF, f"Der Teil „{info.filename}“ enthält DTD- oder "
                               "Entity-Deklarationen, die Excel nie schreibt. Die Datei wird aus "
                               "Sicherheitsgründen nicht gelesen.")
    if is_ods:
        _check_ods_encryption(archive, names)
    for name in (n for n in names if n.endswith("sharedstrings.xml")):
        _check_shared_strings(archive, archive.getinfo(names[name]))


def _workbook_part(archive: zipfile.ZipFile, names: dict[str, str]) -> str | None:
    """The workbook part; a damaged `_rels/.rels` is a damaged file."""
    try:
        return arbeitsmappe(archive, names)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise PackageError(Code.DATEI_BESCHAEDIGT, f"Das Verzeichnis der Arbeitsmappe (_rels/.rels) ist "
                           f"beschädigt ({type(exc).__name__}). Speichern Sie die Datei in Excel neu."
                           ) from None


def _check_ods_encryption(archive: zipfile.ZipFile, names: dict[str, str]) -> None:
    """A password-protected OpenDocument file keeps its parts encrypted; its manifest says so."""
    manifest = names.get("meta-inf/manifest.xml")
    if manifest is not None and b"encryption-data" in archive.read(manifest):
        raise PackageError(Code.DATEI_VERSCHLUESSELT, "Die Tabelle ist mit einem Kennwort geschützt. "
                           "Speichern Sie in LibreOffice eine Kopie ohne Kennwort (Datei › Speichern "
                           "unter, ohne „Mit Kennwort speichern“) und lesen Sie diese ein.")


def _inflated_size(fh: BinaryIO, info: zipfile.ZipInfo, limit: int) -> int:
    """The real unpacked size of one entry, inflating its raw data; stops once over `limit`.

    Does not trust `file_size` from the zip directory: calamine inflates the whole stream.
    """
    fh.seek(info.header_offset)
    local = fh.read(30)
    if len(local) < 30 or not local.startswith(ZIP_MAGIC):
        raise PackageError(Code.DATEI_BESCHAEDIGT, f"Der Teil „{info.filename}“ fehlt im ZIP-Archiv. "
                           "Die Datei ist beschädigt; speichern Sie sie in Excel neu.")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        return left
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise PackageError(Code.DATEI_BESCHAEDIGT, f"Der Teil „{info.filename}“ ist mit einem Verfahren "
                           "gepackt, das Excel nicht verwendet. Speichern Sie die Datei in Excel neu.")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    try:
        while left > 0 and not inflater.eof:
            data = fh.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            while data and not inflater.eof:
                total += len(inflater.decompress(data, CHUNK))
                if total > limit:
                    return total
                data = inflater.unconsumed_tail
    except zlib.error as exc:
        raise PackageError(Code.DATEI_BESCHAEDIGT, f"Der Teil „{info.filename}“ ist beschädigt "
                           f"({ursache(exc)}). Speichern Sie die Datei in Excel neu.") from None
    return total


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A DOCTYPE or ENTITY declaration in the prologue (everything before the root element)."""
    seen = b""
    with archive.open(info) as fh:
        while block := fh.read(65536):
            seen += block
            if b"<!DOCTYPE" in seen or b"<!ENTITY" in seen:
                return True
            if _ROOT_START.search(seen):
                return False
            if len(seen) > MAX_ROW_BYTES:
                return True  # megabytes of prologue hide something
    return False


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_UNIQUE_COUNT = re.compile(rb'\buniqueCount="(\d+)"')


def _check_shared_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with archive.open(info) as fh:
        head = fh.read(4096)
    match = _UNIQUE_COUNT.search(head)
    if not match:
        return
    claimed = int(match.group(1))
    # an entry is at least `<si><t/></si>` (13 bytes)
    if claimed > MAX_SHARED_STRINGS or claimed > info.file_size // 13 + 1:
        raise PackageError(Code.DATEI_BESCHAEDIGT, f"Die Textliste der Arbeitsmappe gibt {claimed} "
                           "Einträge an, enthält aber weit weniger. Die Datei ist beschädigt oder "
                           "manipuliert; speichern Sie sie in Excel neu.")
