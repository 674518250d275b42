"""Turn raw cell values into typed values, column by column, without pandera.

Each parser takes a Series of raw cells (str, float, int, bool, date, datetime, time,
timedelta or "") and returns the typed Series plus a boolean mask of cells that could not be
parsed. Empty cells are NaN/None and never count as parse failures.

    >>> parse_hours(pd.Series(["1,5", 2, "1:30", dt.time(0, 45), "abc"]))[0].tolist()[:4]
    [1.5, 2.0, 1.5, 0.75]
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2099, 12, 31)

_DATE_DE = r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$"
_DATE_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$"
_HOURS_UNIT = r"\s*(?:h|std\.?|stunden?|stunde)\s*$"
_CLOCK = r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$"


def is_blank(series: pd.Series) -> pd.Series:
    """Cells that are empty: None, NaN or text of only spaces."""
    as_text = series.map(lambda v: v.strip() == "" if isinstance(v, str) else False,
                         na_action="ignore")
    return series.isna() | as_text.fillna(False).astype(bool)


def _types(series: pd.Series) -> pd.Series:
    return series.map(type)


def clean_text(series: pd.Series) -> pd.Series:
    """Text with surrounding spaces trimmed; numbers as written (12.0 → "12"); empty → None."""

    def convert(v):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, str):
            v = v.strip()
            return v or None
        if isinstance(v, bool):
            return "WAHR" if v else "FALSCH"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, dt.datetime):
            return v.strftime("%d.%m.%Y %H:%M") if v.time() != dt.time() else v.strftime("%d.%m.%Y")
        if isinstance(v, dt.date):
            return v.strftime("%d.%m.%Y")
        return str(v)

    return series.map(convert).astype(object)


def _date_from_parts(year, month, day) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day})
    return pd.to_datetime(frame, errors="coerce")


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(dates as datetime64, unparseable mask, implausible mask: before 1990 or after 2099)."""
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    failed = pd.Series(False, index=series.index)
    implausible = pd.Series(False, index=series.index)
    blank = is_blank(series)
    kinds = _types(series)

    is_dt = kinds.map(lambda k: issubclass(k, dt.date)) & ~blank
    if is_dt.any():
        values = series[is_dt].map(lambda v: v if type(v) is dt.date else v.date())
        ok = values.map(lambda d: EARLIEST <= d <= LATEST)
        implausible |= is_dt & ~ok.reindex(series.index, fill_value=True)
        good = values[ok]
        result.loc[good.index] = pd.to_datetime(good.map(dt.date.isoformat))

    is_num = kinds.map(lambda k: k in (int, float)) & ~blank
    if is_num.any():
        serial = pd.to_numeric(series[is_num], errors="coerce").astype(float)
        days = np.floor(serial)
        valid = serial.notna() & (days >= 1)
        earliest = (pd.Timestamp(EARLIEST) - pd.Timestamp(EXCEL_EPOCH)).days
        latest = (pd.Timestamp(LATEST) - pd.Timestamp(EXCEL_EPOCH)).days
        in_range = valid & (days >= earliest) & (days <= latest)
        failed |= is_num & ~valid.reindex(series.index, fill_value=True)
        implausible |= is_num & (valid & ~in_range).reindex(series.index, fill_value=False)
        good = days[in_range]
        result.loc[good.index] = pd.Timestamp(EXCEL_EPOCH) + pd.to_timedelta(good, unit="D")

    is_str = kinds.map(lambda k: k is str) & ~blank
    if is_str.any():
        text = series[is_str].str.strip()
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
        implausible |= far.reindex(series.index, fill_value=False)
        bad = parsed.isna() & ~far
        failed |= bad.reindex(series.index, fill_value=False)
        result.loc[parsed.index[parsed.notna()]] = parsed[parsed.notna()]

    other = ~blank & ~is_dt & ~is_num & ~is_str
    failed |= other
    return result, failed, implausible


def _hours_from_object(v) -> float:
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 3600
    if isinstance(v, dt.datetime):
        # a time cell that Excel stored with its 1899/1900 day part
        delta = v - EXCEL_EPOCH
        if delta.days <= 2:
            return delta.total_seconds() / 3600
        return math.nan
    if isinstance(v, dt.time):
        return v.hour + v.minute / 60 + v.second / 3600
    return math.nan


def parse_hours(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Hours from numbers, text with decimal comma or unit (`1,5 h`), clock text (`1:30`) and
    time/duration cells. Returns (float hours, unparseable mask)."""
    result = pd.Series(np.nan, index=series.index, dtype=float)
    blank = is_blank(series)
    kinds = _types(series)

    is_num = kinds.map(lambda k: k in (int, float)) & ~blank
    result[is_num] = series[is_num].astype(float)

    is_time = kinds.map(lambda k: issubclass(k, (dt.time, dt.timedelta, dt.datetime))) & ~blank
    if is_time.any():
        result[is_time] = series[is_time].map(_hours_from_object).astype(float)

    is_str = kinds.map(lambda k: k is str) & ~blank
    if is_str.any():
        text = series[is_str].str.strip().str.replace(_HOURS_UNIT, "", regex=True, case=False)
        decimal = text.str.replace(",", ".", regex=False)
        numeric = pd.to_numeric(decimal.where(decimal.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)")),
                                errors="coerce")
        clock = text.str.extract(_CLOCK).astype(float)
        from_clock = clock[0] + clock[1] / 60 + clock[2].fillna(0) / 3600
        result[is_str] = numeric.fillna(from_clock)

    failed = ~blank & (result.isna() | ~np.isfinite(result.fillna(0)))
    result[~np.isfinite(result.fillna(0))] = np.nan
    return result, failed


def parse_count(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (Teilnehmende) from numbers or text. Returns (float, unparseable mask);
    fractions parse (the range check reports them) so the value is shown in the message."""
    blank = is_blank(series)
    kinds = _types(series)
    result = pd.Series(np.nan, index=series.index, dtype=float)
    is_num = kinds.map(lambda k: k in (int, float)) & ~blank
    result[is_num] = series[is_num].astype(float)
    is_str = kinds.map(lambda k: k is str) & ~blank
    if is_str.any():
        text = series[is_str].str.strip().str.replace(",", ".", regex=False)
        result[is_str] = pd.to_numeric(text.where(text.str.fullmatch(r"[+-]?\d+(\.\d*)?")),
                                       errors="coerce")
    failed = ~blank & (result.isna() | ~np.isfinite(result.fillna(0)))
    result[~np.isfinite(result.fillna(0))] = np.nan
    return result, failed


def match_values(series: pd.Series, lookup: dict[str, str], key) -> pd.Series:
    """Canonical values for cleaned text via a normalised lookup; unmatched keep their text."""
    uniques = series.dropna().unique()
    mapping = {u: lookup.get(key(u), u) for u in uniques}
    return series.map(mapping, na_action="ignore").astype(object)
