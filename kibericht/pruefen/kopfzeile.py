"""The header row of a sheet and the columns of the entries frame.

`find_header(raw)` looks for the first row (within `suchtiefe` of `schemas/`) that names at least
`mindestspalten` known columns, through their aliases: ``Datum | Stelle | Std. | Art der Tätigkeit``
maps to Datum, Stelle, Stunden, Tätigkeit. The entries frame holds one column per canonical name
(`FIELDS`) plus the source position `_datei`, `_blatt`, `_zeile` (Excel row).
"""

from __future__ import annotations

from functools import lru_cache

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
ENTRY_DTYPES = {"datum": "datetime64[ns]", "stunden": float, "teilnehmende": float, "_zeile": "int64"}


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


def find_header(raw: RawSheet) -> tuple[int, dict[int, str], list[tuple[int, str]]] | None:
    """(row index in raw.rows, {column index: canonical name}, unknown headers) or None."""
    schema = load_schema()
    for i, row in enumerate(raw.rows):
        if raw.erste_zeile + i > schema.suchtiefe:
            break
        mapping: dict[int, str] = {}
        for j, value in enumerate(row):
            if isinstance(value, str) and value.strip():
                name = _column_of_header(value)
                if name:
                    mapping.setdefault(j, name)
        if len(set(mapping.values())) >= schema.mindestspalten:
            unknown = [(j, str(v).strip()) for j, v in enumerate(row)
                       if j not in mapping and str(v).strip()]
            return i, mapping, unknown
    return None
