import datetime as dt

from kibericht.regeln.kalender import arbeitstage, arbeitstage_zwischen, feiertage, ostersonntag


def test_easter_dates():
    assert ostersonntag(2024) == dt.date(2024, 3, 31)
    assert ostersonntag(2025) == dt.date(2025, 4, 20)
    assert ostersonntag(2026) == dt.date(2026, 4, 5)


def test_nrw_holidays_2025():
    assert sorted(feiertage(2025)) == [dt.date(2025, m, d) for m, d in [
        (1, 1), (4, 18), (4, 21), (5, 1), (5, 29), (6, 9), (6, 19), (10, 3), (11, 1), (12, 25),
        (12, 26)]]


def test_working_days_2025_by_month():
    assert [arbeitstage(2025, m) for m in range(1, 13)] == [22, 20, 21, 20, 20, 19, 23, 21, 22, 22,
                                                             20, 21]
    assert arbeitstage_zwischen(dt.date(2025, 3, 1), dt.date(2025, 3, 31)) == 21
