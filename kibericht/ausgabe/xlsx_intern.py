"""The XlsxWriter internals behind the fast `Daten` sheet, in one place.

XlsxWriter has no public way to take sheet XML that is already made. `daten_blatt` keeps the rows
of a long table as arrays and has XlsxWriter write them out as XML while it assembles the sheet;
for that it needs a few private attributes of XlsxWriter, and only this module touches them.

While the workbook is packed, `grosse_blaetter_schnell` also swaps XlsxWriter's zip file class for
one that deflates a large sheet part at level 1 (the Daten sheet of a year of a Kreis: three
times faster, the file a third larger, the same workbook).

`verfuegbar()` checks once that they exist. Where they don't (a later XlsxWriter may rename
them), `daten_blatt` writes the cells one by one through the public API instead: slower, the
same cells. pyproject.toml caps XlsxWriter below the next major version for this reason.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import zipfile
from collections.abc import Callable, Iterator

from xlsxwriter.worksheet import Worksheet


@functools.cache
def verfuegbar() -> bool:
    """Whether this XlsxWriter has everything the fast path uses (checked once per process)."""
    try:
        from xlsxwriter.format import Format
        from xlsxwriter.sharedstrings import SharedStringTable

        sheet, table, cell_format = Worksheet(), SharedStringTable(), Format()
    except (ImportError, TypeError, AttributeError):  # moved or changed internals: the public API
        return False
    return (all(callable(getattr(sheet, name, None)) for name in ("_write_rows", "_check_dimensions"))
            and all(hasattr(sheet, name) for name in ("fh", "dim_rowmax", "str_table", "constant_memory"))
            and callable(getattr(table, "_get_shared_string_index", None))
            and isinstance(getattr(table, "count", None), int)
            and callable(getattr(cell_format, "_get_xf_index", None)))


def nutzbar(ws: Worksheet) -> bool:
    """Whether the fast path can write this sheet: the internals exist and the workbook keeps
    its cells until it is closed (not XlsxWriter's constant_memory mode)."""
    return verfuegbar() and not ws.constant_memory and ws.str_table is not None


def style_index(cell_format) -> int:
    """The number of a cell format in styles.xml, as in `<c s="…">`."""
    return cell_format._get_xf_index()


def string_index(ws: Worksheet, text: str) -> int:
    """The index of `text` in the workbook's shared strings, added if new; counts one cell."""
    return ws.str_table._get_shared_string_index(text)


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


@contextlib.contextmanager
def grosse_blaetter_schnell() -> Iterator[None]:
    """While the workbook is closed (packed), large sheet parts are deflated at level 1; without
    the internals (XlsxWriter packs its parts differently) the workbook is packed as XlsxWriter
    does: the same file, only slower."""
    modul = sys.modules.get("xlsxwriter.workbook")
    if getattr(modul, "ZipFile", None) is not zipfile.ZipFile:
        yield
        return
    modul.ZipFile = _ZipFile
    try:
        yield
    finally:
        modul.ZipFile = zipfile.ZipFile
