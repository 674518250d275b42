"""Compact columns give back every cell unchanged; the rows array is the same with pandas' fast
converter and without it (property-based: hypothesis generates the cells)."""

from __future__ import annotations

import datetime as dt
import math
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kibericht import abkuerzungen
from kibericht.pruefen import kompakt
from kibericht.pruefen.kompakt import pack, rows_array, unpack

NAN_WITH_PAYLOAD = struct.unpack("<d", b"\x01\x00\x00\x00\x00\x00\xf8\x7f")[0]
# what the readers give as a cell: calamine's types, csv text, None for an empty cell
CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["FK1", "Beratung", "", " ", "1,5", "FK1 "]),  # repeated, as in real logs
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 1.5, float("nan"), NAN_WITH_PAYLOAD]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)


def same_cell(a, b) -> bool:
    """The same type and value; floats bit for bit (-0.0 and each NaN as they were)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    return a == b


def objects(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        array[i] = v
    return array


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=60))
def test_unpack_of_pack_is_the_column_itself(values):
    column = objects(values)
    back = unpack(pack(column))
    assert back.dtype == object and len(back) == len(column)
    assert all(same_cell(a, b) for a, b in zip(column, back, strict=True)), (list(column), list(back))


def test_true_one_and_one_point_zero_stay_three_values():
    column = objects([True, 1, 1.0, False, 0, 0.0, -0.0, dt.date(2025, 3, 3), dt.datetime(2025, 3, 3)])
    assert [type(v) for v in unpack(pack(column))] == [type(v) for v in column]
    assert math.copysign(1.0, unpack(pack(column))[6]) == -1.0


ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=25)


def fast_available() -> bool:
    return kompakt._to_object_array is not None


@settings(max_examples=200, deadline=None)
@given(ROWS)
def test_rows_array_without_pandas_is_the_same_array(rows):
    fast = kompakt._to_object_array(rows) if fast_available() else kompakt._rows_array_numpy(rows)
    exact = kompakt._rows_array_numpy(rows)
    assert fast.dtype == exact.dtype == object and fast.shape == exact.shape
    assert all(a is b for a, b in zip(fast.ravel(), exact.ravel(), strict=True))  # the same objects


def test_rows_array_pads_short_rows_and_keeps_cells_whole():
    rows = [["FK1", 1.5], [], [("a", "b"), None, "x"]]  # a sequence in a cell is one cell
    array = kompakt._rows_array_numpy(rows)
    assert array.shape == (3, 3)
    assert array.tolist() == [["FK1", 1.5, None], [None, None, None], [("a", "b"), None, "x"]]
    assert kompakt._rows_array_numpy([]).shape == (0, 0)


@pytest.mark.parametrize("how", ["schalter", "pandas-ohne"])
def test_rows_array_takes_the_fallback_when_told_or_when_pandas_lacks_it(monkeypatch, how):
    def fast(rows):
        raise AssertionError("pandas' converter used")

    if how == "schalter":
        monkeypatch.setattr(kompakt, "_to_object_array", fast)
        monkeypatch.setenv(abkuerzungen.SCHALTER, "1")
    else:
        monkeypatch.delenv(abkuerzungen.SCHALTER, raising=False)
        monkeypatch.setattr(kompakt, "_to_object_array", None)
    assert rows_array([["a", 1.0], ["b"]]).tolist() == [["a", 1.0], ["b", None]]


def test_rows_array_uses_pandas_with_the_shortcuts(monkeypatch):
    monkeypatch.delenv(abkuerzungen.SCHALTER, raising=False)
    calls = []
    monkeypatch.setattr(kompakt, "_to_object_array", lambda rows: calls.append(rows) or np.empty((0, 0)))
    rows_array([["a"]])
    assert calls == [[["a"]]]


def test_the_fast_converter_is_there_with_the_supported_pandas():
    assert fast_available()
