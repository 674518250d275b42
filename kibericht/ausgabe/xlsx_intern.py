"""The XlsxWriter internals behind the fast `Daten` sheet, in one place.

XlsxWriter has no public way to take sheet XML that is already made. `daten_blatt` keeps the rows
of a long table as arrays and has XlsxWriter write them out as XML while it assembles the sheet;
for that it needs a few private attributes of XlsxWriter, and only this module touches them.

`grosse_blaetter_schnell(wb)` has one workbook deflate its large sheet parts at level 1 when it
is packed (the Daten sheet of a year of a Kreis: three times faster, the file a third larger, the
same workbook). Nothing of XlsxWriter is changed for that: the workbook gets its own copy of
XlsxWriter's packing method, whose global `ZipFile` names a subclass that sets the level. Other
workbooks, in this thread or another, are packed as XlsxWriter packs them.

`verfuegbar()` checks once that the internals exist. Where they don't (a later XlsxWriter may
rename them), `daten_blatt` writes the cells one by one through the public API instead and the
workbook is packed as XlsxWriter does: slower, the same cells. With
`KIBERICHT_OHNE_ABKUERZUNGEN=1` the public API is used as well. pyproject.toml caps XlsxWriter
below the next major version for this reason.
"""

from __future__ import annotations

import contextlib
import functools
import os
import types
import zipfile
from collections.abc import Callable, Iterator

import xlsxwriter.workbook
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kibericht import abkuerzungen

try:  # XlsxWriter 3.3 counts Excel's string limit in UTF-16 units, as Excel does; before, characters
    from xlsxwriter.utility import _utf16_len, _utf16_truncate
except ImportError:
    _utf16_len = _utf16_truncate = None


@functools.cache
def verfuegbar() -> bool:
    """Whether this XlsxWriter has everything the fast path uses (checked once per process)."""
    try:
        from xlsxwriter.format import Format
        from xlsxwriter.sharedstrings import SharedStringTable

        sheet, table, cell_format = Worksheet(), SharedStringTable(), Format()
    except (ImportError, TypeError, AttributeError):  # moved or changed internals: the public API
        return False
    return (all(callable(getattr(sheet, name, None))
                for name in ("_write_rows", "_check_dimensions", "_convert_date_time"))
            and all(hasattr(sheet, name) for name in ("fh", "dim_rowmax", "str_table", "constant_memory"))
            and isinstance(getattr(sheet, "xls_strmax", None), int)
            and callable(getattr(table, "_get_shared_string_index", None))
            and isinstance(getattr(table, "count", None), int)
            and callable(getattr(cell_format, "_get_xf_index", None)))


def nutzbar(ws: Worksheet) -> bool:
    """Whether the fast path can write this sheet: the shortcuts are on (`abkuerzungen`), the
    internals exist and the workbook keeps its cells until it is closed (not XlsxWriter's
    constant_memory mode)."""
    return abkuerzungen.an() and verfuegbar() and not ws.constant_memory and ws.str_table is not None


def style_index(cell_format) -> int:
    """The number of a cell format in styles.xml, as in `<c s="…">`."""
    return cell_format._get_xf_index()


def string_index(ws: Worksheet, text: str) -> int:
    """The index of `text` in the workbook's shared strings, added if new; counts one cell.
    Text beyond Excel's limit is cut as `write_string` cuts it."""
    return ws.str_table._get_shared_string_index(_cut(ws, text))


def _cut(ws: Worksheet, text: str) -> str:
    limit = ws.xls_strmax
    if _utf16_truncate is None:
        return text[:limit]
    # a text of at most half the limit in characters cannot exceed it in UTF-16 units
    return _utf16_truncate(text, limit) if len(text) > limit // 2 and _utf16_len(text) > limit else text


def date_number(ws: Worksheet, value) -> float:
    """The number of a date or time stamp as `write_datetime` writes it (days since Excel's
    epoch, with Excel's 29 February 1900)."""
    return ws._convert_date_time(value)


def count_string_cells(ws: Worksheet, repeats: int) -> None:
    """Count `repeats` more string cells in the shared-strings header (cells whose string was
    looked up once by `string_index` but stands in several cells)."""
    ws.str_table.count += repeats


def append_rows(ws: Worksheet, last_row: int, last_col: int,
                write_xml: Callable[[Callable[[str], None]], None]) -> None:
    """When XlsxWriter assembles the sheet, call `write_xml(write)` right after its own rows;
    `write` appends sheet XML (`<row>` elements). The sheet's dimension is extended to
    `last_row`, `last_col` (0-based), so nothing may be written below its own rows afterwards."""
    own_rows = ws._write_rows
    own_last_row = ws.dim_rowmax

    def write_rows() -> None:
        # XlsxWriter walks every row of the dimension; limit it to the rows it holds itself
        ws.dim_rowmax = own_last_row
        own_rows()
        ws.dim_rowmax = last_row
        write_xml(ws.fh.write)

    ws._write_rows = write_rows
    ws._check_dimensions(last_row, last_col)


# A sheet part this large (a Daten sheet of some 30,000 entries and more) is deflated at level 1:
# at the default level 6 zlib takes three times as long for a file a third larger. Smaller parts,
# every part of a usual report among them, are packed as before, byte for byte.
GROSSER_TEIL = 16 * 1024**2
SCHNELL = 1


class _ZipFile(zipfile.ZipFile):
    """XlsxWriter's zip file, with large sheet parts deflated fast."""

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        if (compresslevel is None and str(arcname or "").startswith("xl/worksheets/")
                and os.path.getsize(filename) >= GROSSER_TEIL):
            compresslevel = SCHNELL
        return super().write(filename, arcname, compress_type, compresslevel)


@functools.cache
def _schnell_packen() -> types.FunctionType | None:
    """A copy of XlsxWriter's `Workbook._store_workbook` whose global `ZipFile` is `_ZipFile`;
    None when that method is not a plain function taking `ZipFile` from its module's globals."""
    original = getattr(Workbook, "_store_workbook", None)
    code = getattr(original, "__code__", None)
    if (not isinstance(original, types.FunctionType) or original.__closure__ is not None
            or "ZipFile" not in code.co_names
            or getattr(xlsxwriter.workbook, "ZipFile", None) is not zipfile.ZipFile):
        return None
    namen = {**vars(xlsxwriter.workbook), "ZipFile": _ZipFile}  # a copy: the module stays as it is
    kopie = types.FunctionType(code, namen, original.__name__, original.__defaults__)
    kopie.__kwdefaults__ = original.__kwdefaults__
    return kopie


@contextlib.contextmanager
def grosse_blaetter_schnell(wb: Workbook) -> Iterator[None]:
    """While `wb` is closed (packed) in this block, its large sheet parts are deflated at level 1;
    without the internals, or without the shortcuts, it is packed as XlsxWriter does: the same
    file, only slower. Only this workbook is concerned."""
    packen = _schnell_packen() if abkuerzungen.an() else None
    if packen is None:
        yield
        return
    wb._store_workbook = types.MethodType(packen, wb)  # this instance only
    try:
        yield
    finally:
        del wb._store_workbook
