"""Turn raw cell values into typed values, column by column, without pandera.

Each parser takes a Series of raw cells (str, float, int, bool, date, datetime, time,
timedelta or "") and returns the typed Series plus a boolean mask of cells that could not be
parsed. Empty cells are NaN/None and never count as parse failures.

    >>> parse_hours(pd.Series(["1,5", 2, "1:30", dt.time(0, 45), "abc"]))[0].tolist()[:4]
    [1.5, 2.0, 1.5, 0.75]

The work is vectorised: every cell's Python type is looked up once (`split_cells`), numbers and
dates are converted as arrays, and text is parsed once per distinct value, so a column of a
million cells with a few hundred different texts costs a few hundred string operations.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2099, 12, 31)

_DATE_DE = r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$"
_DATE_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$"
_HOURS_UNIT = r"\s*(?:h|std\.?|stunden?|stunde)\s*$"
_CLOCK = r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$"

# the kind of a cell, from its Python type
BLANK, TEXT, NUMBER, BOOL, DATE, DATETIME, TIME, DURATION, OTHER = range(9)


def _kind_of_type(t: type) -> int:
    if t is str:
        return TEXT
    if t is bool:
        return BOOL
    if t is int or t is float:  # exactly: numpy scalars and subclasses are OTHER
        return NUMBER
    if issubclass(t, dt.datetime):
        return DATETIME
    if issubclass(t, dt.date):
        return DATE
    if issubclass(t, dt.time):
        return TIME
    if issubclass(t, dt.timedelta):
        return DURATION
    return BLANK if t is type(None) else OTHER


_type_of = np.frompyfunc(type, 1, 1)


def is_text(values: np.ndarray) -> np.ndarray:
    """True where a cell of an object array is a Python str."""
    # the cells' types compared with the type str; numpy's stubs know no such operand
    text: np.ndarray = np.equal(_type_of(values), str)  # type: ignore[call-overload]
    return text


@dataclass(frozen=True)
class SplitCells:
    """A column split by kind. Text cells are trimmed and stored once per distinct value:
    the text of cell `text_at[i]` is `text[text_codes[i]]`."""

    values: np.ndarray  # the raw cells (object)
    kind: np.ndarray  # BLANK, TEXT, … per cell; None, NaN and text of only spaces are BLANK
    text_at: np.ndarray  # positions of the non-blank text cells
    text_codes: np.ndarray
    text: pd.Series  # distinct trimmed texts (RangeIndex)

    def where(self, *kinds: int) -> np.ndarray:
        return np.isin(self.kind, kinds)

    def text_values(self) -> np.ndarray:
        """The trimmed text of every text cell, in the order of `text_at`."""
        values: np.ndarray = self.text.to_numpy(dtype=object)[self.text_codes]
        return values

    def per_text(self, values: pd.Series | np.ndarray) -> np.ndarray:
        """Spread one result per distinct text to the text cells."""
        spread: np.ndarray = np.asarray(values)[self.text_codes]
        return spread


def split_cells(series: pd.Series) -> SplitCells:
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        # the usual text column: no type lookup; factorize marks None/NaN with -1
        all_codes, uniques = pd.factorize(values)
        kind = np.where(all_codes >= 0, TEXT, BLANK).astype(np.int8)
        text_at = np.flatnonzero(all_codes >= 0)
        codes = all_codes[text_at]
    else:
        type_codes, types = pd.factorize(_type_of(values))
        kind = np.array([_kind_of_type(t) for t in types], dtype=np.int8)[type_codes]
        kind[pd.isna(values)] = BLANK
        text_at = np.flatnonzero(kind == TEXT)
        codes, uniques = pd.factorize(values[text_at])
    stripped = pd.Series([u.strip() for u in uniques], dtype=object)
    empty = (stripped == "").to_numpy()
    if empty.any():
        blank = empty[codes]
        kind[text_at[blank]] = BLANK
        text_at, codes = text_at[~blank], codes[~blank]
    return SplitCells(values, kind, text_at, codes, stripped)


def _convert_other(v: object) -> str:
    """Text for a cell that is not text: numbers as written (12.0 → "12"), dates German."""
    if isinstance(v, bool):
        return "WAHR" if v else "FALSCH"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.strftime("%d.%m.%Y %H:%M") if v.time() != dt.time() else v.strftime("%d.%m.%Y")
    if isinstance(v, dt.date):
        return v.strftime("%d.%m.%Y")
    return str(v)


def clean_text(series: pd.Series) -> pd.Series:
    """Text with surrounding spaces trimmed; numbers as written (12.0 → "12"); empty → None."""
    cells = split_cells(series)
    other = np.flatnonzero((cells.kind != BLANK) & (cells.kind != TEXT))
    # empty cells are NaN, or None when the whole column is empty (as pandas' map gives them)
    empty = np.nan if len(cells.text_at) or len(other) else None
    out = np.full(len(series), empty, dtype=object)
    out[cells.text_at] = cells.text_values()
    out[other] = [_convert_other(v) for v in cells.values[other]]
    return pd.Series(out, index=series.index, dtype=object)


def _date_from_parts(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day})
    return pd.to_datetime(frame, errors="coerce")


def _day_number(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(dates as datetime64, unparseable mask, implausible mask: before 1990 or after 2099)."""
    n = len(series)
    result = np.full(n, np.datetime64("NaT", "ns"), dtype="datetime64[ns]")
    failed = np.zeros(n, dtype=bool)
    implausible = np.zeros(n, dtype=bool)
    cells = split_cells(series)
    earliest, latest = _day_number(EARLIEST), _day_number(LATEST)

    is_dt = np.flatnonzero(cells.where(DATE, DATETIME))
    if len(is_dt):
        # a log has a few hundred distinct days: convert each once
        codes, uniques = pd.factorize(cells.values[is_dt])
        number = np.array([_day_number(v if type(v) is dt.date else v.date()) for v in uniques],
                          dtype=np.int64)[codes]
        ok = (number >= earliest) & (number <= latest)
        implausible[is_dt[~ok]] = True
        result[is_dt[ok]] = number[ok].astype("datetime64[D]")

    is_num = np.flatnonzero(cells.kind == NUMBER)
    if len(is_num):
        serial = cells.values[is_num].astype(float)
        whole = np.floor(serial)
        epoch = _day_number(EXCEL_EPOCH.date())
        valid = whole >= 1
        in_range = valid & (whole >= earliest - epoch) & (whole <= latest - epoch)
        failed[is_num[~valid]] = True
        implausible[is_num[valid & ~in_range]] = True
        result[is_num[in_range]] = (whole[in_range].astype(np.int64) + epoch).astype("datetime64[D]")

    if len(cells.text_at):
        parsed, far = _dates_from_text(cells.text)
        parsed_cells = cells.per_text(parsed)
        far_cells = cells.per_text(far)
        implausible[cells.text_at[far_cells]] = True
        failed[cells.text_at[np.isnat(parsed_cells) & ~far_cells]] = True
        good = ~np.isnat(parsed_cells)
        result[cells.text_at[good]] = parsed_cells[good]

    failed |= cells.where(BOOL, TIME, DURATION, OTHER)
    index = series.index
    return (pd.Series(result, index=index), pd.Series(failed, index=index),
            pd.Series(implausible, index=index))


def _dates_from_text(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64 or NaT, implausible) for trimmed texts like 03.03.2025, 3.3.25, 2025-03-03."""
    de = text.str.extract(_DATE_DE)
    iso = text.str.extract(_DATE_ISO)
    year = pd.to_numeric(de[2], errors="coerce").fillna(pd.to_numeric(iso[0], errors="coerce"))
    year = year.where(~(de[2].str.len() == 2), 2000 + pd.to_numeric(de[2], errors="coerce"))
    month = pd.to_numeric(de[1], errors="coerce").fillna(pd.to_numeric(iso[1], errors="coerce"))
    day = pd.to_numeric(de[0], errors="coerce").fillna(pd.to_numeric(iso[2], errors="coerce"))
    matched = year.notna()
    plausible_year = year.between(EARLIEST.year, LATEST.year)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    usable = matched & plausible_year
    if usable.any():
        parsed[usable] = _date_from_parts(year[usable], month[usable], day[usable])
    # a real calendar date outside the plausible years, e.g. 01.01.1899
    far = matched & ~plausible_year & month.between(1, 12) & day.between(1, 31)
    return parsed.to_numpy(), far.to_numpy(dtype=bool)


# A duration of a day or more in a cell formatted as a time of day (h:mm) arrives as a date: Excel
# counts serial 1 as 01.01.1900 and, keeping Lotus' leap-year bug, has a 29.02.1900, so before
# 01.03.1900 a serial is days since 31.12.1899 (36 hours = 1,5 = 01.01.1900 12:00). A workbook in
# the 1904 date system counts from 01.01.1904. Other dates in Stunden are no duration.
_DAUER_BIS = ((dt.datetime(1899, 12, 31), dt.datetime(1899, 12, 30)),
              (dt.datetime(1900, 3, 1), dt.datetime(1899, 12, 31)),
              (dt.datetime(1904, 1, 3), dt.datetime(1904, 1, 1)))


def _hours_from_object(v: object) -> float:
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 3600
    if isinstance(v, dt.date):
        moment = v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
        for before, epoch in _DAUER_BIS:
            if epoch <= moment < before:
                return (moment - epoch).total_seconds() / 3600
        return math.nan
    if isinstance(v, dt.time):
        return v.hour + v.minute / 60 + v.second / 3600
    return math.nan


def _hours_from_text(text: pd.Series) -> np.ndarray:
    text = text.str.replace(_HOURS_UNIT, "", regex=True, case=False)
    decimal = text.str.replace(",", ".", regex=False)
    numeric = pd.to_numeric(decimal.where(decimal.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)")),
                            errors="coerce")
    clock = text.str.extract(_CLOCK).astype(float)
    from_clock = clock[0] + clock[1] / 60 + clock[2].fillna(0) / 3600
    return numeric.fillna(from_clock).to_numpy(dtype=float)


def _numbers(cells: SplitCells, result: np.ndarray) -> None:
    at = np.flatnonzero(cells.kind == NUMBER)
    result[at] = cells.values[at].astype(float)


def _finish(cells: SplitCells, result: np.ndarray, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(result)
    failed = (cells.kind != BLANK) & ~finite
    result[~finite] = np.nan
    return pd.Series(result, index=index), pd.Series(failed, index=index)


def parse_hours(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Hours from numbers, text with decimal comma or unit (`1,5 h`), clock text (`1:30`) and
    time/duration cells. Returns (float hours, unparseable mask)."""
    return _parse_hours(split_cells(series), series.index)


def parse_hours_marked(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """`parse_hours` plus the mask of `ambiguous_hours`, the column split once."""
    cells = split_cells(series)
    return (*_parse_hours(cells, series.index), pd.Series(_ambiguous(cells), index=series.index))


def _parse_hours(cells: SplitCells, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    result = np.full(len(cells.values), np.nan)
    _numbers(cells, result)
    is_time = np.flatnonzero(cells.where(TIME, DURATION, DATETIME, DATE))
    if len(is_time):
        result[is_time] = [_hours_from_object(v) for v in cells.values[is_time]]
    if len(cells.text_at):
        result[cells.text_at] = cells.per_text(_hours_from_text(cells.text))
    return _finish(cells, result, index)


# "1.30", "0.45 h": a dot and two digits that read as minutes as well (05 … 55 in steps of 5). Not
# .25 and .50: as decimals they are quarter hours, the way decimal hours are written.
_MINUTES_LIKE = r"^\d{1,2}\.(?:05|10|15|20|30|35|40|45|55)$"


def ambiguous_hours(series: pd.Series) -> pd.Series:
    """Text cells of hours that read as a decimal and as a clock time alike: „1.30“ is 1,3 hours,
    or 1:30 = 1,5 hours to someone used to a watch. Numbers typed as numbers are not ambiguous.

        >>> ambiguous_hours(pd.Series(["1.30", "1,30", 1.3, "1.25", "0.45 h"])).tolist()
        [True, False, False, False, True]
    """
    return pd.Series(_ambiguous(split_cells(series)), index=series.index)


def _ambiguous(cells: SplitCells) -> np.ndarray:
    result = np.zeros(len(cells.values), dtype=bool)
    if len(cells.text_at):
        text = cells.text.str.replace(_HOURS_UNIT, "", regex=True, case=False)
        result[cells.text_at] = cells.per_text(text.str.fullmatch(_MINUTES_LIKE).to_numpy(dtype=bool))
    return result


def both_readings(text: str) -> tuple[float, float]:
    """(decimal, clock) hours of an ambiguous text: „1.30“ → (1.3, 1.5)."""
    match = re.match(r"\s*(\d+)\.(\d\d)", text)
    if match is None:
        raise ValueError(f"no ambiguous hours: {text!r}")
    hours, minutes = match.groups()
    return int(hours) + int(minutes) / 100, int(hours) + int(minutes) / 60


def parse_count(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (Teilnehmende) from numbers or text. Returns (float, unparseable mask);
    fractions parse (the range check reports them) so the value is shown in the message."""
    result = np.full(len(series), np.nan)
    cells = split_cells(series)
    _numbers(cells, result)
    if len(cells.text_at):
        text = cells.text.str.replace(",", ".", regex=False)
        counts = pd.to_numeric(text.where(text.str.fullmatch(r"[+-]?\d+(\.\d*)?")), errors="coerce")
        result[cells.text_at] = cells.per_text(counts.to_numpy(dtype=float))
    return _finish(cells, result, series.index)


def match_values(series: pd.Series, lookup: dict[str, str], key: Callable[[str], str]) -> pd.Series:
    """Canonical values for cleaned text via a normalised lookup; unmatched keep their text;
    empty cells become NaN."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object))
    canonical = np.array([np.nan, *(lookup.get(key(u), u) for u in uniques)], dtype=object)
    return pd.Series(canonical[codes + 1], index=series.index, dtype=object)
