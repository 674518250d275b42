"""Cell parsing: dates, hours and counts in every form staff type them."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from kibericht.pruefen import zellen as cells


def series(*values):
    return pd.Series(list(values), dtype=object)


def test_dates_in_all_forms():
    dates, bad, far = cells.parse_dates(series(
        "03.03.2025", "3.3.2025", "2025-03-04", 45720.0, dt.date(2025, 3, 5),
        dt.datetime(2025, 3, 6), "5.3.25", "", None))
    assert [d.date() if not pd.isna(d) else None for d in dates] == [
        dt.date(2025, 3, 3), dt.date(2025, 3, 3), dt.date(2025, 3, 4), dt.date(2025, 3, 4),
        dt.date(2025, 3, 5), dt.date(2025, 3, 6), dt.date(2025, 3, 5), None, None]
    assert not bad.any() and not far.any()


def test_bad_and_implausible_dates():
    _, bad, far = cells.parse_dates(series("31.02.2025", "morgen", "01.01.1899", "31.12.2999",
                                           True, 12.0))
    assert bad.tolist() == [True, True, False, False, True, False]
    assert far.tolist() == [False, False, True, True, False, True]


def test_hours_in_all_forms():
    hours, bad = cells.parse_hours(series(
        "1,5", 2, 2.25, "1:30", dt.time(0, 45), dt.timedelta(hours=1, minutes=15), "2 h",
        "0,75 Std.", "", None, "1:30:00"))
    assert hours.tolist()[:8] == [1.5, 2.0, 2.25, 1.5, 0.75, 1.25, 2.0, 0.75]
    assert math.isnan(hours[8]) and math.isnan(hours[9]) and hours[10] == 1.5
    assert not bad.any()


def test_bad_hours_are_failures_but_ranges_are_not():
    hours, bad = cells.parse_hours(series("abc", "1,5,5", "-2", "30", True, "#DIV/0!"))
    assert bad.tolist() == [True, True, False, False, True, True]
    assert hours[2] == -2.0 and hours[3] == 30.0  # ranges are pandera's job


def test_counts():
    count, bad = cells.parse_count(series("12", 7, 7.0, "ca. 20", "", "2,5"))
    assert count.tolist()[:3] == [12.0, 7.0, 7.0]
    assert bad.tolist() == [False, False, False, True, False, False]
    assert count[5] == 2.5  # the whole-number check reports it


def test_clean_text_trims_and_keeps_numbers_readable():
    cleaned = cells.clean_text(series("  FK1 ", 12.0, "", "   ", None))
    assert cleaned.tolist()[:2] == ["FK1", "12"]
    assert cleaned[2:].isna().all()


def test_durations_are_converted_exactly():
    # what python-calamine returns for the Excel serials 1.5, 0.0625, 1.0 and 59.5 in a cell
    # formatted h:mm, and for 1.5 formatted [h]:mm (a timedelta)
    hours, bad = cells.parse_hours(series(
        dt.datetime(1900, 1, 1, 12, 0), dt.time(1, 30), dt.date(1900, 1, 1), dt.datetime(1900, 2, 28, 12, 0),
        dt.timedelta(days=1, hours=12), dt.datetime(1904, 1, 1, 2, 15), dt.datetime(1899, 12, 30, 6, 0),
        dt.datetime(2025, 3, 3, 10, 0)))
    assert hours.tolist()[:7] == [36.0, 1.5, 24.0, 1428.0, 36.0, 2.25, 6.0]
    assert bad.tolist() == [False] * 7 + [True]  # a real date in Stunden is no duration


def test_hours_that_read_as_minutes_too_are_marked_but_count_as_decimals():
    values = series("1.30", "0.45", "2.15 h", "1.05", "1,30", "1.25", "1.50", "1.3", "1.75", 1.3,
                    "1:30", "12.45", "123.45", None)
    assert cells.ambiguous_hours(values).tolist() == [True, True, True, True, False, False, False,
                                                      False, False, False, False, True, False, False]
    hours, bad = cells.parse_hours(values)
    assert hours.tolist()[:4] == [1.3, 0.45, 2.15, 1.05]  # the decimal reading, as always
    assert cells.both_readings("0.45") == (0.45, 0.75)
    assert cells.both_readings("2.15 h") == (2.15, 2.25)
