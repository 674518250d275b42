"""NRW holidays and working days, checked by hand and against the `holidays` package."""

import datetime as dt

import holidays
from dateutil.easter import easter

from kibericht.regeln.kalender import (
    arbeitstage,
    arbeitstage_zwischen,
    buss_und_bettag,
    feiertage,
    ist_arbeitstag,
    ostersonntag,
)


def test_easter_dates():
    assert ostersonntag(2024) == dt.date(2024, 3, 31)
    assert ostersonntag(2025) == dt.date(2025, 4, 20)
    assert ostersonntag(2026) == dt.date(2026, 4, 5)
    # the extremes of the Gregorian table: the earliest (22.03.) and the latest (25.04.) Easter
    assert ostersonntag(2285) == dt.date(2285, 3, 22)
    assert ostersonntag(1943) == dt.date(1943, 4, 25)
    assert ostersonntag(2038) == dt.date(2038, 4, 25)


def test_easter_matches_dateutil_for_every_gregorian_year():
    # dateutil (a pandas dependency) computes Easter independently; its table runs 1583–4099
    assert {j: ostersonntag(j) for j in range(1583, 4100) if ostersonntag(j) != easter(j)} == {}


def test_nrw_holidays_2025():
    assert sorted(feiertage(2025)) == [dt.date(2025, m, d) for m, d in [
        (1, 1), (4, 18), (4, 21), (5, 1), (5, 29), (6, 9), (6, 19), (10, 3), (11, 1), (12, 25),
        (12, 26)]]


def test_working_days_2025_by_month():
    assert [arbeitstage(2025, m) for m in range(1, 13)] == [22, 20, 21, 20, 20, 19, 23, 21, 22, 22,
                                                             20, 21]
    assert arbeitstage_zwischen(dt.date(2025, 3, 1), dt.date(2025, 3, 31)) == 21


def test_holidays_match_the_holidays_package():
    # every year a log may hold (1990 below, `holidays` starts in 1991) up to 2100;
    # 24.12. and 31.12. are working days in both
    unterschiede = {}
    for jahr in range(1991, 2101):
        unsere, dortige = set(feiertage(jahr)), set(holidays.Germany(subdiv="NW", years=jahr))
        if unsere != dortige:
            unterschiede[jahr] = {"nur hier": sorted(unsere - dortige), "nur dort": sorted(dortige - unsere)}
    assert unterschiede == {}


def test_holidays_1990_by_hand():
    # `holidays` starts in 1991. 1990 in NRW: Easter 15.04.; 17 June was still the Tag der deutschen
    # Einheit of the Federal Republic (a Sunday), 3 October the first one of united Germany; the
    # Buß- und Bettag was the Wednesday 21.11.
    assert sorted(feiertage(1990)) == [dt.date(1990, m, d) for m, d in [
        (1, 1), (4, 13), (4, 16), (5, 1), (5, 24), (6, 4), (6, 14), (6, 17), (10, 3), (11, 1),
        (11, 21), (12, 25), (12, 26)]]


def test_buss_und_bettag_is_the_wednesday_before_23_november():
    # 22.11. itself when it is a Wednesday (1989, 1995, 2023), else the Wednesday before it
    assert [buss_und_bettag(j) for j in (1989, 1990, 1994, 1995, 2023, 2024)] == [
        dt.date(1989, 11, 22), dt.date(1990, 11, 21), dt.date(1994, 11, 16), dt.date(1995, 11, 22),
        dt.date(2023, 11, 22), dt.date(2024, 11, 20)]


def test_one_off_and_abolished_holidays_in_working_days():
    # November 1994: 22 weekdays (Tue 01. … Wed 30.) − Allerheiligen − Buß- und Bettag 16.11. = 20
    assert arbeitstage(1994, 11) == 20
    # November 1995: 22 weekdays (Wed 01. … Thu 30.) − Allerheiligen = 21; 22.11. is a working day
    assert arbeitstage(1995, 11) == 21
    assert ist_arbeitstag(dt.date(1995, 11, 22))
    # October 2017: 22 weekdays (Mon 02. … Tue 31.) − 03.10. − Reformationstag 31.10. = 20
    assert arbeitstage(2017, 10) == 20
    # October 2018: 23 weekdays (Mon 01. … Wed 31.) − 03.10. = 22; 31.10. is a working day again
    assert arbeitstage(2018, 10) == 22


def test_christmas_eve_and_new_years_eve_are_working_days():
    # December 2025: 23 weekdays (Mon 01. … Wed 31.) − 25. and 26. = 21; 24.12. (Wed) and 31.12. count
    assert ist_arbeitstag(dt.date(2025, 12, 24)) and ist_arbeitstag(dt.date(2025, 12, 31))
    assert arbeitstage(2025, 12) == 21


def test_weekdays_and_weekends():
    # Friday 07.03.2025 works, Saturday 08. and Sunday 09. do not, Monday 10. does
    assert [ist_arbeitstag(dt.date(2025, 3, d)) for d in (7, 8, 9, 10)] == [True, False, False, True]
    assert not ist_arbeitstag(dt.date(2025, 5, 1))  # Thursday, Tag der Arbeit


def test_working_days_between_across_the_year_end():
    # Fri 19.12.2025 … Fri 02.01.2026: 19., 22., 23., 24., 29., 30., 31.12. and 02.01. = 8
    # (25./26.12. and 01.01. are holidays, the weekends do not count)
    assert arbeitstage_zwischen(dt.date(2025, 12, 19), dt.date(2026, 1, 2)) == 8
    # both ends inclusive: one working day alone is 1, a holiday alone 0, an empty range 0
    assert arbeitstage_zwischen(dt.date(2025, 3, 7), dt.date(2025, 3, 7)) == 1
    assert arbeitstage_zwischen(dt.date(2025, 5, 1), dt.date(2025, 5, 1)) == 0
    assert arbeitstage_zwischen(dt.date(2025, 3, 8), dt.date(2025, 3, 7)) == 0
