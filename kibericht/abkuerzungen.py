"""One switch for every shortcut taken only for speed: `KIBERICHT_OHNE_ABKUERZUNGEN=1`.

Each shortcut has an exact twin that gives the same result, slower; the tests prove each pair
equal (property-based, on generated input). With the switch set, every run takes the exact way:

======================================  ====================================================
Shortcut (default)                      Exact way (`KIBERICHT_OHNE_ABKUERZUNGEN=1`)
======================================  ====================================================
worker processes read the files         every file is read in this process
(`pruefen.arbeiter`, `pruefen.kompakt`)
charts and PDF in a forked child        drawn in this process
(`ausgabe.nebenher`)
sheet XML scanned with numpy and a few  every row and cell scanned one by one
regexes (`lesen.xml_scan`), calamine    (`xml_scan._scan_rows`), calamine only after the scan
reading on a second thread meanwhile
raw rows to one array by pandas'        the same array built with numpy (`kompakt.rows_array`)
`to_object_array` (private to pandas)
the `Daten` sheet written column-wise   one XlsxWriter call per cell (public API only)
into XlsxWriter's internals
(`ausgabe.daten_blatt`, `xlsx_intern`)
large sheet parts deflated at level 1   every part deflated as XlsxWriter does
======================================  ====================================================

The numbers, findings and cells are the same either way; the files written are the same byte for
byte except a workbook with a `Daten` sheet, whose XML numbers its styles and shared strings in
another order (the same cells, formats and values; see docs on the switch).

    >>> an({SCHALTER: "1"}), an({SCHALTER: "0"}), an({})
    (False, True, True)
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SCHALTER = "KIBERICHT_OHNE_ABKUERZUNGEN"
_AUS = frozenset({"", "0", "nein", "false", "no", "off"})


def an(umgebung: Mapping[str, str] | None = None) -> bool:
    """Whether the shortcuts are taken: True unless `KIBERICHT_OHNE_ABKUERZUNGEN` is set to
    something other than empty, `0` or `nein` in `umgebung` (default: this process's
    environment, read at every call, so a test may set it)."""
    umgebung = os.environ if umgebung is None else umgebung
    return umgebung.get(SCHALTER, "").strip().casefold() in _AUS
