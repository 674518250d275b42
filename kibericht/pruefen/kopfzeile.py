"""The header row of a sheet and the columns of the entries frame.

`find_header(raw)` looks for the first row (within `suchtiefe` of `schemas/`) that names at least
`mindestspalten` known columns, through their aliases: ``Datum | Stelle | Std. | Art der Tätigkeit``
maps to Datum, Stelle, Stunden, Tätigkeit. The entries frame holds one column per canonical name
(`FIELDS`) plus the source position `_datei`, `_blatt`, `_zeile` (Excel row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from kibericht.lesen.rohblatt import RawSheet
from kibericht.schema import load_schema, norm_key

# internal frame column per canonical column name
FIELDS = {
    "Datum": "datum", "Stelle": "stelle", "Mitarbeiter/in": "mitarbeiter",
    "Handlungsfeld": "handlungsfeld", "Schwerpunkt": "schwerpunkt", "Tätigkeit": "taetigkeit",
    "Kommune": "kommune", "Stunden": "stunden", "Teilnehmende": "teilnehmende",
    "Beschreibung": "beschreibung",
}
COLUMN_OF_FIELD = {v: k for k, v in FIELDS.items()}
POSITION = ["_datei", "_blatt", "_zeile"]
ENTRY_COLUMNS = [*FIELDS.values(), *POSITION]
ENTRY_DTYPES: dict[str, str | type] = {"datum": "datetime64[ns]", "stunden": float, "teilnehmende": float,
                                       "_zeile": "int64"}


def empty_entries() -> pd.DataFrame:
    """No entries, with the dtypes of typed entries (so aggregation needs no special case)."""
    return pd.DataFrame({c: pd.Series(dtype=ENTRY_DTYPES.get(c, object)) for c in ENTRY_COLUMNS})


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    return load_schema().header_lookup()


@lru_cache(maxsize=4096)
def _column_of_header(text: str) -> str | None:
    """The canonical column a header cell names, or None (hundreds of sheets share headers;
    titles above them are mostly different, so the lookup itself is built once)."""
    return _header_lookup().get(norm_key(text))


@dataclass(frozen=True)
class Kopfzeile:
    """The header of a sheet as a person reads it.

    `index`: the position in `raw.rows` of its last row (entries start below it); `spalten`:
    column index → canonical name; `unbekannt`: (column index, text) of headers no alias knows;
    `texte`: column index → the header text as written.
    """

    index: int
    spalten: dict[int, str]
    unbekannt: list[tuple[int, str]]
    texte: dict[int, str]


def find_header(raw: RawSheet) -> Kopfzeile | None:
    """The first row (within `suchtiefe`) naming at least `mindestspalten` known columns, read as a
    person sees it: a header cell merged over two rows counts in both (the merged area's value
    stands in its covered cells; text LibreOffice keeps hidden there does not count), and a header
    of two or three rows is one header.

        row 1: Datum  | Stelle | Angaben zur Tätigkeit (merged over C1:D1) | Stunden
        row 2:   (Datum, Stelle, Stunden merged down)   | Handlungsfeld | Tätigkeit |

    is one header of rows 1–2 with Datum, Stelle, Handlungsfeld, Tätigkeit, Stunden; entries start
    in row 3. Where the reader knows no merged areas (OpenDocument), a known header standing alone
    just above an empty header cell is taken as that column's header.
    """
    schema = load_schema()
    depth = max(0, min(len(raw.rows), schema.suchtiefe - raw.erste_zeile + 1))
    rows = _as_seen(raw, depth)
    for top in range(depth):
        if len(set(_known(rows[top]).values())) < schema.mindestspalten:
            continue
        last = top
        while last + 1 < depth and last + 1 - top < MAX_HEADER_ROWS and (
                _merged_down(raw, last) or _continues(rows[last + 1], _block(rows, top, last)[0])):
            last += 1
        mapping, texts = _block(rows, top, last)
        _adopt_from_above(rows, top, mapping, texts)
        unknown = [(j, t) for j, t in sorted(texts.items()) if j not in mapping]
        return Kopfzeile(last, mapping, unknown, texts)
    return None


MAX_HEADER_ROWS = 3  # a header of more rows is a layout no log has


def _text(value: object) -> str | None:
    """The text of a header cell; a number or date there is shown as written."""
    if value is None:
        return None
    return str(value).strip() or None


def _name(value: object) -> str | None:
    """The canonical column a header cell names (only text names columns)."""
    return _column_of_header(value.strip()) if isinstance(value, str) and value.strip() else None


def _known(row: list[Any]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for j, value in enumerate(row):
        name = _name(value)
        if name:
            mapping[j] = name
    return mapping


def _as_seen(raw: RawSheet, depth: int) -> list[list[Any]]:
    """The first `depth` rows with merged areas as they look: the value of an area stands in every
    row of its first column, its other cells are empty."""
    rows = [list(row) for row in raw.rows[:depth]]
    for first_row, first_col, last_row, last_col in raw.verbundene_zellen:
        i0, j0 = first_row - raw.erste_zeile, first_col - raw.erste_spalte
        if i0 >= depth or i0 < 0 or j0 < 0:
            continue
        value = rows[i0][j0] if j0 < len(rows[i0]) else None
        for i in range(i0, min(last_row - raw.erste_zeile, depth - 1) + 1):
            row = rows[i]
            for j in range(j0, min(last_col - raw.erste_spalte, len(row) - 1) + 1):
                row[j] = value if j == j0 else None
    return rows


def _merged_down(raw: RawSheet, index: int) -> bool:
    """Whether a merged area covering row `index` goes on in the row below (a taller header)."""
    row = raw.erste_zeile + index
    return any(first <= row < last for first, _, last, _ in raw.verbundene_zellen)


_DATA_TEXT = re.compile(r"^[\d\s.,:/+-]+(h|std\.?)?$", re.I)


def _continues(below: list[Any], mapping: dict[int, str]) -> bool:
    """Whether the row below a header row is a second header row: text only (no date, no
    number), naming at least one column the rows above do not."""
    names = set(mapping.values())
    new = False
    for value in below:
        if value is None or value == "":
            continue
        if not isinstance(value, str) or _DATA_TEXT.match(value.strip() or "x"):
            return False
        name = _name(value)
        new = new or (name is not None and name not in names)
    return new


def _block(rows: list[list[Any]], top: int, last: int) -> tuple[dict[int, str], dict[int, str]]:
    """(column → canonical name, column → header text) of header rows top … last: per column the
    lowest known header, else the lowest text (a group title above a known header gives way)."""
    mapping: dict[int, str] = {}
    texts: dict[int, str] = {}
    for i in range(last, top - 1, -1):
        for j, value in enumerate(rows[i]):
            text = _text(value)
            if not text or j in mapping:
                continue
            name = _name(value)
            if name:
                mapping[j], texts[j] = name, text
            else:
                texts.setdefault(j, text)
    return mapping, texts


def _adopt_from_above(rows: list[list[Any]], top: int, mapping: dict[int, str],
                      texts: dict[int, str]) -> None:
    """A column with no header text whose nearest cell above (at most two rows up) names a known
    column not yet mapped: the merged header an OpenDocument reader shows only in its first row."""
    width = max((len(rows[i]) for i in range(max(top - 2, 0), top + 1)), default=0)
    for j in range(width):
        if j in texts:
            continue
        for i in (top - 1, top - 2):
            value = rows[i][j] if i >= 0 and j < len(rows[i]) else None
            text = _text(value)
            if text is None:
                continue
            name = _name(value)
            if name and name not in mapping.values():
                mapping[j], texts[j] = name, text
            break


def blatt_stelle(raw: RawSheet, header: Kopfzeile) -> str | None:
    """The Stelle a sheet without a Stelle column names above its header, as a form does:
    a cell „Stelle“ (or an alias) and, to its right in the same row, the Stelle's id.

        row 2:  Stelle | FK1 | Fachkraft Sozialpädagogik
        row 3:  Datum  | Mitarbeiter/in | Handlungsfeld | …

    Every row of the sheet then belongs to FK1 (kibericht's template for one Stelle looks so).
    """
    for row in raw.rows[: header.index]:
        for j, value in enumerate(row):
            if _name(value) != "Stelle":
                continue
            following = next((v for v in row[j + 1:] if _text(v) is not None), None)
            if following is not None and _name(following) is None:
                return _text(following)
    return None
