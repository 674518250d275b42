"""Columns of raw cells in a compact form, to send them from a worker process to the main one.

Pickling a column of a million cells as Python objects costs as much as reading them; most cells
repeat a few values (the same Stelle, Tätigkeit, day or number of hours). A packed column holds
every distinct text once with a code per cell, the float cells as one float64 array, and every
other value (date, time, yes/no, a whole number …) once per distinct value of its exact type.
Unpacked, each cell has the same type and value as before (floats bit for bit, `-0.0` and NaN
included), so everything parsed from it and every finding are the same as in one process.

    >>> cells = np.array(["FK1", 1.5, None, "FK1", True, 1.0], dtype=object)
    >>> [(type(v).__name__, v) for v in unpack(pack(cells))]
    [('str', 'FK1'), ('float', 1.5), ('NoneType', None), ('str', 'FK1'), ('bool', True), ('float', 1.0)]

`rows_array` turns a sheet's rows of raw cells into one 2-D object array, the form the columns
are taken from. pandas has a fast converter for that, private to pandas (`to_object_array`);
where a later pandas lacks it, and with `KIBERICHT_OHNE_ABKUERZUNGEN=1`, numpy builds the same
array, a little slower. tests/test_kompakt.py proves both on generated cells.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kibericht import abkuerzungen

try:  # private to pandas, compiled: with a fallback (`rows_array`)
    from pandas._libs.lib import to_object_array as _to_object_array  # type: ignore[attr-defined]
except ImportError:
    _to_object_array = None

_type_of = np.frompyfunc(type, 1, 1)
_gleich: Any = np.equal  # elementwise against a type, which numpy's stubs do not take as operand
_NO_POSITIONS = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class Packed:
    """A column of `size` raw cells; positions not listed hold None."""

    size: int
    text_at: np.ndarray
    text_codes: np.ndarray
    text: tuple[str, ...]
    float_at: np.ndarray
    floats: np.ndarray
    other_at: np.ndarray
    other_codes: np.ndarray
    other: tuple[Any, ...]


def _positions(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask).astype(np.int32)


def pack(values: np.ndarray) -> Packed:
    """The object array `values` as a `Packed` column."""
    n = len(values)
    types = _type_of(values)
    is_text, is_float = _gleich(types, str), _gleich(types, float)
    text_at, float_at = _positions(is_text), _positions(is_float)
    text_codes, text = pd.factorize(values[text_at]) if len(text_at) else (_NO_POSITIONS, ())
    rest = ~(is_text | is_float | _gleich(types, type(None)))
    other_at = _positions(rest)
    other_codes = np.zeros(len(other_at), dtype=np.int32)
    other: list[Any] = []
    if len(other_at):
        # each exact type on its own: True == 1 == 1.0 must not become one value
        kinds, groups = pd.factorize(types[other_at])
        for k in range(len(groups)):
            at = np.flatnonzero(kinds == k)
            codes, uniques = pd.factorize(values[other_at[at]], use_na_sentinel=False)
            other_codes[at] = codes + len(other)
            other.extend(uniques)
    return Packed(n, text_at, text_codes.astype(np.int32), tuple(text), float_at,
                  values[float_at].astype(np.float64), other_at, other_codes, tuple(other))


def _objects(values: tuple[Any, ...]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):  # element by element: no value is taken apart as a sequence
        array[i] = v
    return array


def unpack(packed: Packed) -> np.ndarray:
    """The object array that `pack` was given."""
    out = np.full(packed.size, None, dtype=object)
    if len(packed.text_at):
        out[packed.text_at] = _objects(packed.text)[packed.text_codes]
    if len(packed.float_at):
        out[packed.float_at] = packed.floats  # numpy stores each as a Python float
    if len(packed.other_at):
        out[packed.other_at] = _objects(packed.other)[packed.other_codes]
    return out


def rows_array(rows: list[list[Any]]) -> np.ndarray:
    """The rows (sequences of cells, of any length) as one 2-D object array as wide as the
    longest row, short rows padded with None; every cell the same object as in its row.

    >>> rows_array([["FK1", 1.5, None], ["FK2"]]).tolist()
    [['FK1', 1.5, None], ['FK2', None, None]]
    """
    if _to_object_array is not None and abkuerzungen.an():
        array: np.ndarray = _to_object_array(rows)
        return array
    return _rows_array_numpy(rows)


def _rows_array_numpy(rows: list[list[Any]]) -> np.ndarray:
    width = max(map(len, rows), default=0)
    cells = itertools.chain.from_iterable(
        row if len(row) == width else [*row, *[None] * (width - len(row))] for row in rows)
    # element by element: no cell is taken apart as a sequence, as a plain assignment would
    return np.fromiter(cells, dtype=object, count=len(rows) * width).reshape(len(rows), width)
