"""Stream each sheet's XML once to find what cell readers silently turn into empty cells.

Excel error values (`#DIV/0!`), formulas saved without a cached value and hidden rows become
`SheetScan.cells` / `hidden_rows`; the filled area (`box_cells`) tells whether calamine may load
the sheet at all (a single cell at XFD1048576 would make it allocate 17 billion cells).
`quick_box_cells` gives a cheap upper bound of that area, so that calamine can read a large
workbook on the second core while the exact scan runs.

Element names are matched by their local name, as calamine reads them: `<x:row>` of a sheet that
binds the SpreadsheetML namespace to a prefix (some writers do) is a row like `<row>`.
Only what damaged input raises (`DAMAGED`) becomes a finding; anything else is a bug and propagates.

Two ways to scan a chunk of rows give the same result (tests/test_xml_scan.py proves it on
generated sheets): the exact scan looks at every row and cell (`_scan_rows`); the fast one
(`_scan_rows_fast`) takes chunks as Excel writes them with numpy and a few regexes and hands any
other chunk to the exact scan. With `KIBERICHT_OHNE_ABKUERZUNGEN=1` only the exact scan runs and
`quick_box_cells` gives no bound (calamine reads after the scan, not meanwhile).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

import numpy as np
from defusedxml import ElementTree as SafeET

from kibericht import abkuerzungen
from kibericht.befunde import Code, Finding, befund, ursache
from kibericht.lesen import paket as limits  # the limits live with the package checks
from kibericht.lesen.teile import arbeitsmappe, beziehungen, rels_von, teile

# What reading a damaged or hostile package raises: zipfile and zlib (`paket.ZIP_ERRORS`), the
# file system (OSError), the XML parser (ParseError; defusedxml's refusals are ValueErrors) and
# the size limits of this module (ValueError). Anything else is a bug in kibericht.
DAMAGED = (*limits.ZIP_ERRORS, OSError, SafeET.ParseError)
# the SpreadsheetML main namespace, transitional and strict
MAIN_NAMESPACES = frozenset({"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                             "http://purl.oclc.org/ooxml/spreadsheetml/main"})


@dataclass
class SheetScan:
    hidden_rows: frozenset[int] = frozenset()
    # (Excel row, 0-based column) -> ("fehlerwert", "#DIV/0!") or ("formel-ohne-wert", "=A1+A2")
    cells: dict[tuple[int, int], tuple[Code, str]] = field(default_factory=dict)
    # bounding box of the cells that hold something: Excel rows, 0-based columns
    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = -1
    error: str | None = None  # the scan failed: do not hand this sheet to calamine

    @property
    def box_cells(self) -> int:
        """How many cells calamine allocates for this sheet (width × height of the filled area)."""
        if self.last_col < self.first_col:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)

    @property
    def width(self) -> int:
        return max(self.last_col - self.first_col + 1, 0)


# The cell-by-cell scan reads tags as XML allows them (either quotes, blanks around `=`, a `>`
# inside a quoted value) and places cells as calamine does, whatever the writer.
_ATTRIBUTES = rb"""((?:[^>"'/]++|/(?!>)|"[^"]*+"|'[^']*+')*+)"""
_ROW = re.compile(rb"<row\b" + _ATTRIBUTES + rb"(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b" + _ATTRIBUTES + rb"(?:/>|>(.*?)</c>)", re.S)
_ATTRIBUTE = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"([A-Za-z]+)(\d+)")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)")


def column_index(letters: str) -> int:
    """`A` → 0, `Z` → 25, `AA` → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of its XML, from the workbook part and its relationships (found
    as `teile` finds them: through `_rels/.rels`, whatever the letter case or slashes).

    Namespaces are matched by local name, so Strict OOXML and prefixed elements work as well.
    A sheet whose part is missing is left out (it is reported as unreadable).
    """
    namen = teile(archive)
    workbook_part = arbeitsmappe(archive, namen)
    if workbook_part is None or workbook_part not in namen:
        raise ValueError("der Teil mit der Arbeitsmappe fehlt")
    workbook = SafeET.fromstring(archive.read(namen[workbook_part]))
    if rels_von(workbook_part) not in namen:
        raise ValueError(f"der Teil „{rels_von(workbook_part)}“ fehlt")
    targets: dict[str | None, str] = {rel_id: target for rel_id, _, target in
                                      beziehungen(archive, namen, workbook_part)}
    parts = {}
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id" and k != "id"), None)
        target = targets.get(rel_id)
        if target in namen:
            parts[sheet.get("name")] = namen[target]
    return parts


def scan_sheets(path: Path, datei: str) -> tuple[dict[str, SheetScan], list[Finding]]:
    """Hidden rows, error cells, formulas without a cached value and the filled area, per sheet.

    A sheet whose scan failed has `error` set; a sheet missing from the result could not be
    located. Both must not be read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            scans = {}
            for name, part in parts.items():
                if part not in archive.NameToInfo:
                    continue
                try:
                    scans[name] = _scan_part(archive, part)
                except DAMAGED as exc:
                    scans[name] = SheetScan(error=ursache(exc))
            return scans, []
    except DAMAGED as exc:  # a damaged structure is reported; nothing is handed to calamine
        return {}, [befund(Code.DATEI_BESCHAEDIGT, datei, meldung=f"Die Struktur der Arbeitsmappe ist "
                           f"beschädigt ({ursache(exc)}). Speichern Sie sie in Excel neu.")]


def quick_box_cells(path: Path) -> dict[str, int] | None:
    """Per sheet, an upper bound of the cells calamine allocates (every referenced cell counts,
    even an empty one), from one cheap pass over the XML; None when a sheet is written unusually
    and only the exact scan can tell. With a bound in hand calamine can safely read the workbook
    while the exact scan runs on the other core. Without the shortcuts (`abkuerzungen`): None."""
    if not abkuerzungen.an():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            bounds = {}
            for name, part in _sheet_parts(archive).items():
                if part not in archive.NameToInfo:
                    return None
                box = _Box()
                for data in _chunks(archive, part):
                    refs = _simple_refs_box(data) if _one_reference_each(data) else False
                    if refs is False:
                        return None
                    if refs:
                        box.add(refs[0], refs[2])
                        box.add(refs[1], refs[3])
                bounds[name] = 0 if box.rows is None or box.cols is None else \
                    (box.rows[1] - box.rows[0] + 1) * (box.cols[1] - box.cols[0] + 1)
            return bounds
    except DAMAGED:  # damaged: the exact scan decides (and reports it), before calamine
        return None


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's XML in blocks that end after a row, within the size limits, with every element
    name reduced to its local name (`<x:c>` → `<c>`), as calamine reads it."""
    root = _RootElement()
    ends: tuple[bytes, ...] | None = None  # the end tags of a row, once the root element is read
    rest = b""
    read = 0
    with archive.open(part) as fh:
        block = fh.read(limits.CHUNK)
        if len(block) < limits.CHUNK and b"<!" not in block:
            # the whole part in one block (most sheets): no chunks to cut, so the prefixes need not
            # be known (`_local_names` removes any prefix); without `<!` there is no DTD for the
            # root element's parser to refuse
            yield _local_names(block, ())
            return
        while True:
            if read:
                block = fh.read(limits.CHUNK)
            read += len(block)
            if read > limits.MAX_TOTAL_BYTES:
                raise ValueError("Blatt entpackt größer als erlaubt")
            data = rest + block
            if ends is None and root.read(block):
                ends = (*(b"</" + prefix + b":row>" for prefix in root.prefixes), b"</row>")
            if block:
                cut = -1 if ends is None else _after_last(data, ends)
                if cut < 0:
                    if len(data) > limits.MAX_ROW_BYTES:
                        raise ValueError("Zeile größer als erlaubt")
                    rest = data
                    continue
                data, rest = data[:cut], data[cut:]
            yield _local_names(data, root.prefixes)
            if not block:
                break


def _after_last(data: bytes, ends: tuple[bytes, ...]) -> int:
    """The position after the last of the `ends` in `data`, -1 without any. The first end is
    the one expected; each further one is looked for only behind the last found."""
    after = -1
    for end in ends:
        found = data.rfind(end, max(after, 0))
        if found >= 0:
            after = found + len(end)
    return after


class _RootFound(Exception):
    pass


class _RootNamespaces:
    """Parser target: collects the namespace declarations up to the root element, then stops."""

    def __init__(self) -> None:
        self.declared: dict[str, str] = {}

    def start_ns(self, prefix: str, uri: str) -> None:
        self.declared[prefix] = uri

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootFound

    def close(self) -> None:
        pass


class _RootElement:
    """The prefixes a sheet binds to the SpreadsheetML namespace on its root element
    (`<x:worksheet xmlns:x="…/spreadsheetml/2006/main">`), read with a real XML parser from
    the first bytes of the part."""

    def __init__(self) -> None:
        self._target = _RootNamespaces()
        self._parser: SafeET.DefusedXMLParser | None = SafeET.DefusedXMLParser(
            target=self._target, forbid_dtd=True)
        self.prefixes: tuple[bytes, ...] = ()

    def read(self, block: bytes) -> bool:
        """Feed the next block; True once the root element is read (or can never be)."""
        if self._parser is None:
            return True
        try:
            if block:
                self._parser.feed(block)
                return False
        except _RootFound:
            self.prefixes = tuple(prefix.encode() for prefix, uri in self._target.declared.items()
                                  if prefix and uri in MAIN_NAMESPACES)
        except SafeET.ParseError:
            pass  # not well-formed: scanned as written, prefixes are still reduced chunk by chunk
        self._parser = None
        return True


# an element name with a namespace prefix: `<x:c`, `</x:row`
_PREFIXED_TAG = re.compile(rb"<(/?)[^\s<>/!?=:\"']*:")  # `<:c` too: calamine reads it as `<c`
_NAME_WINDOW = 32
_NOT_IN_NAME = np.zeros(256, dtype=bool)
_NOT_IN_NAME[list(b" \t\r\n<>=:\"'")] = True


def _local_names(data: bytes, prefixes: tuple[bytes, ...]) -> bytes:
    """`data` with every element prefix removed: `<x:c r="A1">` → `<c r="A1">`, `</x:c>` → `</c>`."""
    for prefix in prefixes:  # the sheet's own prefix, quickly
        data = data.replace(b"<" + prefix + b":", b"<").replace(b"</" + prefix + b":", b"</")
    if _may_have_prefixed_tag(data):  # any other (calamine ignores namespaces)
        data = _PREFIXED_TAG.sub(rb"<\1", data)
    return data


def _may_have_prefixed_tag(data: bytes) -> bool:
    """False when no element name in `data` has a prefix, cheaply: Excel writes a colon in every
    row (`x14ac:dyDescent="0.25"`, `spans="1:10"`), so each colon is traced back over the name
    characters before it; only a `<` or `</` there makes a prefixed element."""
    if b":" not in data:
        return False
    buf = np.frombuffer(data, dtype=np.uint8)
    pos = np.flatnonzero(buf == ord(":"))
    for _ in range(_NAME_WINDOW):
        pos = pos[pos > 0] - 1
        before = buf[pos]
        if (before == ord("<")).any():
            return True
        pos = pos[~_NOT_IN_NAME[before]]
        if not len(pos):
            return False
    return True  # a name longer than the window: let the regex decide


class _Box:
    def __init__(self) -> None:
        self.rows: tuple[int, int] | None = None
        self.cols: tuple[int, int] | None = None

    def add(self, row: int, col: int) -> None:
        self.rows = (row, row) if self.rows is None else (min(self.rows[0], row), max(self.rows[1], row))
        self.cols = (col, col) if self.cols is None else (min(self.cols[0], col), max(self.cols[1], col))


def _scan_part(archive: zipfile.ZipFile, part: str) -> SheetScan:
    hidden: set[int] = set()
    cells: dict[tuple[int, int], tuple[Code, str]] = {}
    box = _Box()
    state = {"row": 0}
    fast = abkuerzungen.an()
    for data in _chunks(archive, part):
        if not (fast and _scan_rows_fast(data, hidden, cells, box, state)):
            _scan_rows(data, hidden, cells, box, state)
    scan = SheetScan(frozenset(hidden), cells)
    if box.rows and box.cols:
        scan.first_row, scan.last_row = box.rows
        scan.first_col, scan.last_col = box.cols
    return scan


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    """The attributes of a start tag (the text after its name); of a repeated one the first, as
    calamine reads a row's."""
    found: dict[bytes, bytes] = {}
    for name, double, single in _ATTRIBUTE.findall(tag):
        found.setdefault(name, double or single)
    return found


def _cell_attributes(tag: bytes) -> tuple[int | None, int, bytes | None]:
    """(row, 0-based column, type) of a cell tag; row None and column -1 without a reference
    that calamine could read. Of a repeated attribute the last counts, as calamine reads a cell's."""
    ref = cell_type = None
    for name, double, single in _ATTRIBUTE.findall(tag):
        if name == b"r":
            ref = double or single
        elif name == b"t":
            cell_type = double or single
    match = _REFERENCE.fullmatch(ref) if ref else None
    if match is None:
        return None, -1, cell_type
    return int(match.group(2)), column_index(match.group(1).upper().decode()), cell_type


def _scan_rows(data: bytes, hidden: set[int], cells: dict[tuple[int, int], tuple[Code, str]],
               box: _Box, state: dict[str, int]) -> None:
    for row_match in _ROW.finditer(data):
        attrs, inner = _attributes(row_match.group(1)), row_match.group(2) or b""
        number = attrs.get(b"r", b"")
        # rows and cells without r="…" follow their predecessor, as calamine places them
        row = int(number) if number.isdigit() else state["row"] + 1
        state["row"] = row
        if attrs.get(b"hidden") in (b"1", b"true"):
            hidden.add(row)
        col = -1
        empty: list[bytes] = []  # tags of the empty cells since the last cell placed
        for m in _CELL.finditer(inner):
            content = m.group(2)
            if not content or content.isspace():
                empty.append(m.group(1))  # nothing to record; placed only if a later cell needs it
                continue
            cell_row, cell_col, cell_type = _cell_attributes(m.group(1))
            if cell_row is None:
                # without reference: in its row (not the row of the reference before, as calamine
                # places it), after the cell before it
                for tag in empty:
                    before = _cell_attributes(tag)[1]
                    col = before if before >= 0 else col + 1
                cell_row, cell_col = row, col + 1
            empty.clear()
            col = cell_col
            box.add(cell_row, col)
            _scan_cell(cell_type, content, cell_row, col, cells)


def _scan_cell(cell_type: bytes | None, content: bytes, row: int, col: int,
               cells: dict[tuple[int, int], tuple[Code, str]]) -> None:
    """Record an error value or a formula without a cached value."""
    value = _VALUE.search(content)
    if cell_type == b"e":
        cells[(row, col)] = (Code.FEHLERWERT, value.group(1).decode("utf-8", "replace") if value else "#?")
        return
    formula = _FORMULA.search(content)
    # an empty <v> is a cached empty text only for a text formula (t="str")
    cached = value is not None and (value.group(1) != b"" or cell_type == b"str")
    if formula and not cached:
        text = (formula.group(1) or b"").decode("utf-8", "replace")
        cells[(row, col)] = (Code.FORMEL_OHNE_WERT, f"={text}" if text else "(geteilte Formel)")


# --- fast path of the sheet XML scan -------------------------------------------------------
# Excel, LibreOffice, openpyxl and XlsxWriter give every row and cell its reference (r="B7") as the
# first attribute. For such a chunk the scan needs no Python work per cell: numpy reads every
# reference at once for the used area, and only hidden rows, error values and formulas (a few)
# are looked at one by one. Anything unusual (a cell without reference, a wide sheet, a styled
# empty cell) falls back to the exact cell-by-cell scan, so the result is always the same.
_ROW_START = re.compile(rb'<row r="(\d+)"')
_ROW_TAG = re.compile(rb"<row\b" + _ATTRIBUTES + rb"/?>")
# where a formula or an error value may be, written any way `_scan_rows` reads it (each such cell
# is then read as `_scan_rows` reads it)
_FORMULA_OR_ERROR = re.compile(rb"""<f\b|\bt\s*=\s*["']e["']""")
_ROW_WITHOUT_REF = re.compile(rb'<row(?! r=")[\s>/]')
_ROW_WITHOUT_NUMBER = re.compile(rb'<row r="(?!\d+")')
_SELF_CLOSING_ROW = re.compile(rb'<row r="[^>]*/>')
# a row that ends where neither the next row nor the end of the rows begins
_ROW_END_ASTRAY = re.compile(rb"</row>(?!\s*(?:<row\b|</sheetData>|\Z))")
_SELF_CLOSING_ROW_ASTRAY = re.compile(rb'<row r="[^>]*/>(?!\s*(?:<row\b|</sheetData>|\Z))')


def _one_reference_each(data: bytes) -> bool:
    """No row or cell has a second reference (`<c r="A2" r="XFD1048576">`, which calamine reads
    by its last one): every `r=` of the chunk is the first attribute of a row or a cell. Text or
    other attributes that merely contain `r=` send the chunk to the exact scan, which is slower
    but also right."""
    expected = data.count(b'<c r="') + data.count(b'<row r="')
    # usually `r=` stands nowhere else but in `xmlns:r=`, so no blank before it needs a look
    references = expected if data.count(b"r=") - data.count(b":r=") == expected else \
        sum(data.count(blank + b"r=") for blank in (b" ", b"\t", b"\n", b"\r"))
    return (references == expected
            and b" r =" not in data and b" r\t=" not in data and b" r\n=" not in data)


def _as_excel_writes_it(data: bytes) -> bool:
    """Every row and cell starts with its reference, and every cell holds something."""
    if not _one_reference_each(data):
        return False
    cells = data.count(b"<c ")
    return (cells + data.count(b"<c>") == data.count(b'<c r="') == data.count(b"</c>")
            and b'"></c>' not in data
            and data.count(b"></c>") == cells  # nothing (not even a space) right before </c>
            and _ROW_WITHOUT_REF.search(data) is None and _ROW_WITHOUT_NUMBER.search(data) is None
            and _rows_one_after_another(data))


def _rows_one_after_another(data: bytes) -> bool:
    """Each row ends before the next begins, nothing stands between them, and every cell is in
    a row: the chunk falls into rows as `_scan_rows` finds them (a row left open, rows inside
    rows or cells outside any row would be found differently)."""
    rows = data.count(b'<row r="')
    self_closing = sum(1 for _ in _SELF_CLOSING_ROW.finditer(data))
    if data.count(b"</row>") + self_closing != rows:
        return False
    if _ROW_END_ASTRAY.search(data) or (self_closing and _SELF_CLOSING_ROW_ASTRAY.search(data)):
        return False
    first_cell, last_cell = data.find(b'<c r="'), data.rfind(b'<c r="')
    return first_cell < 0 or (data.find(b'<row r="') < first_cell and last_cell < data.rfind(b"</row>"))


_SIMPLE_REF = re.compile(rb'<c r="([A-Z])([1-9]\d*)"')


def _number_outside(lo: int, hi: int) -> bytes:
    """A regex for whole numbers (no leading zero) below `lo` or above `hi`."""
    alternatives = [rf"[1-9]\d{{{len(str(hi))},}}"]
    s = str(hi)
    for i, ch in enumerate(s):
        if ch != "9":
            alternatives.append(rf"{s[:i]}[{int(ch) + 1}-9]\d{{{len(s) - i - 1}}}")
    s = str(lo)
    if len(s) > 1:
        alternatives.append(rf"[1-9]\d{{0,{len(s) - 2}}}")
    for i, ch in enumerate(s):
        low = 1 if i == 0 else 0
        if int(ch) > low:
            alternatives.append(rf"{s[:i]}[{low}-{int(ch) - 1}]\d{{{len(s) - i - 1}}}")
    return "|".join(alternatives).encode()


def _odd_reference(rows: tuple[int, int] | None, cols: tuple[bytes, bytes] | None) -> re.Pattern[bytes]:
    """Wide sheets, references with a leading zero, and cells outside the expected rows or
    columns (group `letter`: a column to widen the box by)."""
    expected = b""
    if rows and cols:
        expected = (rb"|(?P<letter>[^" + cols[0] + b"-" + cols[1] + rb"])|[A-Z](?:"
                    + _number_outside(*rows) + rb')"')
    return re.compile(rb'<c r="(?:[A-Z]{2}|[A-Z]0|[^A-Z]' + expected + rb")")


def _regex_refs_box(data: bytes) -> tuple[int, int, int, int] | Literal[False] | None:
    """`_simple_refs_box` for a small chunk: the first and last reference give the expected
    area, one regex pass looks for any reference outside it (cheaper than numpy's set-up)."""
    rows: tuple[int, int] | None = None
    cols: tuple[bytes, bytes] | None = None
    first = _SIMPLE_REF.search(data)
    if first is not None:
        last = _SIMPLE_REF.match(data, data.rfind(b'<c r="'))
        if last is None:
            return False
        rows = cast("tuple[int, int]", tuple(sorted((int(first.group(2)), int(last.group(2))))))
        cols = cast("tuple[bytes, bytes]", tuple(sorted((first.group(1), last.group(1)))))
    while (odd := _odd_reference(rows, cols).search(data)) is not None:
        letter = odd.group("letter") if cols else None
        if letter is None or cols is None:  # a letter only where the columns are known
            return False
        cols = (min(cols[0], letter), max(cols[1], letter))
    if rows is None or cols is None:  # both known or neither
        return None
    return rows[0], rows[1], column_index(cols[0].decode()), column_index(cols[1].decode())


NUMPY_FROM_BYTES = 1_000_000
_CELL_PREFIX = np.frombuffer(b'<c r="', dtype=np.uint8)
_CELL_WITHOUT_REF = re.compile(rb'<c(?! r=")[\s/>]')  # `<c>`, `<c t="n" r="A1">`, `<c\tr="A1">`


def _simple_refs_box(data: bytes) -> tuple[int, int, int, int] | Literal[False] | None:
    """(first row, last row, first column, last column) over every `<c r="…">` of the chunk,
    computed with numpy instead of a regex per cell; None without cells; False when a reference
    is not a single letter followed by a row number without leading zero, or a cell does not
    begin with its reference (calamine places it all the same; the exact scan decides)."""
    buf = np.frombuffer(data, dtype=np.uint8)
    n = len(buf) - 16
    if n <= 0:
        return None if b"<c" not in data else False
    hit = buf[:n] == _CELL_PREFIX[0]
    hit &= buf[1:n + 1] == _CELL_PREFIX[1]
    starts = np.count_nonzero(hit) + data.count(b"<c", n)  # cells, and <col>, <cfRule>, …
    for k in range(2, len(_CELL_PREFIX)):
        hit &= buf[k:n + k] == _CELL_PREFIX[k]
    pos = np.flatnonzero(hit)
    if len(pos) != data.count(b'<c r="'):
        return False  # a reference in the last bytes of the chunk
    if starts != len(pos) and _CELL_WITHOUT_REF.search(data):
        return False
    if not len(pos):
        return None
    letters = buf[pos + 6]
    first_digit = buf[pos + 7]
    if ((letters < 65) | (letters > 90)).any() or ((first_digit < 49) | (first_digit > 57)).any():
        return False
    rows = np.zeros(len(pos), dtype=np.int64)
    open_ = np.ones(len(pos), dtype=bool)
    for k in range(7, 16):
        ch = buf[pos + k]
        is_digit = (ch >= 48) & (ch <= 57) & open_
        rows = np.where(is_digit, rows * 10 + (ch.astype(np.int64) - 48), rows)
        closed = open_ & ~is_digit
        if (closed & (ch != 34)).any():
            return False  # something other than the closing quote after the digits
        open_ &= is_digit
        if not open_.any():
            break
    if open_.any():
        return False
    return int(rows.min()), int(rows.max()), int(letters.min()) - 65, int(letters.max()) - 65


def _hidden_rows(data: bytes) -> set[int]:
    """The hidden rows of a chunk whose every row starts with its number: only the few row tags
    that mention `hidden` are read, each as `_scan_rows` reads it (the first `hidden` counts)."""
    found: set[int] = set()
    looked_at = -1
    for m in re.finditer(rb"hidden", data):
        start = data.rfind(b"<row", 0, m.start())
        if start < 0 or start == looked_at:
            continue
        looked_at = start
        tag = _ROW_TAG.match(data, start)
        if tag is None or tag.end() <= m.start():  # not in a row's tag: text, another element
            continue
        attrs = _attributes(tag.group(1))
        if attrs.get(b"hidden") in (b"1", b"true"):
            found.add(int(attrs[b"r"]))
    return found


def _scan_rows_fast(data: bytes, hidden: set[int], cells: dict[tuple[int, int], tuple[Code, str]],
                    box: _Box, state: dict[str, int]) -> bool:
    """The scan of `_scan_rows` for a chunk as Excel writes it; False (nothing recorded) when the
    chunk needs the cell-by-cell scan."""
    if not _as_excel_writes_it(data):
        return False
    refs = _simple_refs_box(data) if len(data) >= NUMPY_FROM_BYTES else _regex_refs_box(data)
    if refs is False:
        return False
    if b"hidden" in data:
        hidden.update(_hidden_rows(data))
    if b"<f" in data or b'e"' in data or b"e'" in data:
        for m in _FORMULA_OR_ERROR.finditer(data):
            start = data.rfind(b"<c ", 0, m.start())
            cell = _CELL.match(data, start) if start >= 0 else None
            if cell is None or cell.end() <= m.start() or not (cell.group(2) or b"").strip():
                continue
            row, col, cell_type = _cell_attributes(cell.group(1))
            if row is not None:  # always: every cell here begins with its reference
                _scan_cell(cell_type, cell.group(2), row, col, cells)
    if refs:
        box.add(refs[0], refs[2])
        box.add(refs[1], refs[3])
    last_row = data.rfind(b'<row r="')
    if last_row >= 0:
        row_start = _ROW_START.match(data, last_row)
        assert row_start is not None  # as Excel writes it: every row begins with its number
        state["row"] = int(row_start.group(1))
    return True
