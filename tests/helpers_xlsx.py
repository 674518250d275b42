"""Helpers for tests that look inside .xlsx files: formula scan, crafted packages, file hashes."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)


def formula_cells(path: Path) -> list[tuple[str, str]]:
    """(part, cell ref) of every cell with a formula (<f> element) in any worksheet of the file."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            xml = archive.read(name)
            for cell in _CELL.finditer(xml):
                if cell.group(2) and _FORMULA.search(cell.group(2)):
                    ref = re.search(rb'\br="([A-Z]+\d+)"', cell.group(1))
                    found.append((name, ref.group(1).decode() if ref else "?"))
    return found


def assert_no_formulas(path: Path) -> None:
    """Every cell of every worksheet holds a value, never a formula: input text stays text."""
    found = formula_cells(path)
    assert not found, f"Formeln in {path.name}: {found[:10]}"


def rewrite_parts(source: Path, target: Path, change: Callable[[str, bytes], bytes | None],
                  extra: dict[str, bytes] | None = None) -> Path:
    """Copy a zip package part by part; `change(name, data)` returns new data or None to drop it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def sheet_part(source: Path, sheet_index: int = 1) -> str:
    return f"xl/worksheets/sheet{sheet_index}.xml"


def file_hashes(*folders: Path) -> dict[str, str]:
    """SHA-256 of every file below the folders, by path."""
    hashes = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                hashes[path.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def replace_cell(path: Path, ref: str, new_cell: bytes, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """Replace the XML of cell `ref` (which must exist) in place, e.g. by an error value."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        new, n = pattern.subn(new_cell, data)
        assert n == 1, f"Zelle {ref} nicht gefunden"
        return new

    tmp = path.with_suffix(".tmp.xlsx")
    rewrite_parts(path, tmp, change)
    tmp.replace(path)
    return path


def lie_about_size(path: Path, member: str, size: int) -> None:
    """Patch the unpacked size of one zip member in its local header and central directory."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_len = int.from_bytes(data[start + offset - (4 if offset == 30 else 18):
                                           start + offset - (2 if offset == 30 else 16)], "little")
            if data[start + offset:start + offset + name_len] == name:
                data[start + size_at:start + size_at + 4] = size.to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))


SPREADSHEETML = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = b"http://schemas.openxmlformats.org/package/2006/relationships"
_UNPREFIXED_TAG = re.compile(rb"<(/?)([A-Za-z_][\w.\-]*)(?=[\s/>])")


def with_prefix(xml: bytes, prefix: bytes = b"x", namespace: bytes = SPREADSHEETML) -> bytes:
    """The part with its default namespace bound to `prefix` instead (`<row>` → `<x:row>`,
    `xmlns="…"` → `xmlns:x="…"` on the root), as some writers save it. Prefixed elements stay."""
    default = b'xmlns="' + namespace + b'"'
    assert default in xml, "the part does not use this default namespace"
    xml = _UNPREFIXED_TAG.sub(lambda m: b"<" + m.group(1) + prefix + b":" + m.group(2), xml)
    return xml.replace(default, b"xmlns:" + prefix + b'="' + namespace + b'"', 1)


def prefixed_copy(source: Path, target: Path, prefix: bytes = b"x") -> Path:
    """A copy of a workbook whose sheets, workbook.xml and workbook relationships use prefixed
    element names throughout."""

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml" or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            return with_prefix(data, prefix)
        if name == "xl/_rels/workbook.xml.rels":
            return with_prefix(data, b"pr", RELATIONSHIPS)
        return data

    return rewrite_parts(source, target, change)


def patch_zip_header(path: Path, member: str, *, central: dict[int, bytes] | None = None,
                     local: dict[int, bytes] | None = None) -> Path:
    """Overwrite bytes of one member's central directory entry and/or local header in place:
    {offset in the header: new bytes}, e.g. {8: b"\\x40\\x00"} for the flag bits of the entry."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, name_at, length_at, changes in ((b"PK\x01\x02", 46, 28, central),
                                                   (b"PK\x03\x04", 30, 26, local)):
        start = 0
        while changes and (start := data.find(signature, start)) >= 0:
            name_len = int.from_bytes(data[start + length_at:start + length_at + 2], "little")
            if data[start + name_at:start + name_at + name_len] == name:
                for offset, new in changes.items():
                    data[start + offset:start + offset + len(new)] = new
            start += 4
    path.write_bytes(bytes(data))
    return path


def write_ods(path: Path, sheets: dict[str, list[list]], manifest: bytes | None = None) -> Path:
    """A minimal OpenDocument spreadsheet: numbers as floats, everything else as text."""

    def cell(v) -> str:
        if isinstance(v, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
                    "</table:table-cell>")
        if v is None:
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    tables = "".join(f'<table:table table:name="{name}">'
                     + "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>"
                               for row in rows) + "</table:table>" for name, rows in sheets.items())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest or b'<?xml version="1.0"?><manifest:manifest '
                   b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path
