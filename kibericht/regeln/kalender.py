"""NRW public holidays and working days, computed (never listed by hand).

From 1990 on (the earliest date a log may hold): the holidays of the Feiertagsgesetz NRW, plus
the ones that changed on the way: 17 June (Tag der deutschen Einheit of the old Federal
Republic) in 1990, the Buß- und Bettag (the Wednesday before 23 November) until 1994, and
Reformationstag 31.10.2017 (the 500th anniversary, a one-off in every state).

    >>> [d.isoformat() for d in sorted(feiertage(2025))][:4]
    ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01']
    >>> [arbeitstage(2025, m) for m in range(1, 13)]
    [22, 20, 21, 20, 20, 19, 23, 21, 22, 22, 20, 21]
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


def ostersonntag(jahr: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a = jahr % 19
    b, c = divmod(jahr, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(jahr, month, day + 1)


@lru_cache(maxsize=64)
def feiertage(jahr: int) -> dict[dt.date, str]:
    """The statutory public holidays of North Rhine-Westphalia in a year."""
    ostern = ostersonntag(jahr)
    tage = {
        dt.date(jahr, 1, 1): "Neujahr",
        ostern - dt.timedelta(days=2): "Karfreitag",
        ostern + dt.timedelta(days=1): "Ostermontag",
        dt.date(jahr, 5, 1): "Tag der Arbeit",
        ostern + dt.timedelta(days=39): "Christi Himmelfahrt",
        ostern + dt.timedelta(days=50): "Pfingstmontag",
        ostern + dt.timedelta(days=60): "Fronleichnam",
        dt.date(jahr, 10, 3): "Tag der Deutschen Einheit",
        dt.date(jahr, 11, 1): "Allerheiligen",
        dt.date(jahr, 12, 25): "1. Weihnachtstag",
        dt.date(jahr, 12, 26): "2. Weihnachtstag",
    }
    if jahr == 1990:
        tage[dt.date(1990, 6, 17)] = "Tag der deutschen Einheit (17. Juni)"
    if jahr <= 1994:
        tage[buss_und_bettag(jahr)] = "Buß- und Bettag"
    if jahr == 2017:
        tage[dt.date(2017, 10, 31)] = "Reformationstag"
    return tage


def buss_und_bettag(jahr: int) -> dt.date:
    """The Wednesday before 23 November (between the 16th and the 22nd)."""
    tag = dt.date(jahr, 11, 22)
    return tag - dt.timedelta(days=(tag.weekday() - 2) % 7)


def ist_arbeitstag(tag: dt.date) -> bool:
    return tag.weekday() < 5 and tag not in feiertage(tag.year)


@lru_cache(maxsize=1024)
def arbeitstage(jahr: int, monat: int) -> int:
    """Mon–Fri minus NRW holidays in a month (24.12. and 31.12. count as working days)."""
    days = calendar.monthrange(jahr, monat)[1]
    return sum(ist_arbeitstag(dt.date(jahr, monat, d)) for d in range(1, days + 1))


def arbeitstage_zwischen(von: dt.date, bis: dt.date) -> int:
    """Working days from `von` to `bis`, both inclusive."""
    n, tag = 0, von
    while tag <= bis:
        n += ist_arbeitstag(tag)
        tag += dt.timedelta(days=1)
    return n
