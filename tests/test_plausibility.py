"""Plausibility warnings never block, and each names its row."""

from __future__ import annotations

import datetime as dt

from kibericht.ablauf import load_entries
from tests.conftest import HEADER, entry, write_xlsx


def warnings(tmp_path, config, rows):
    write_xlsx(tmp_path / "log.xlsx", {"A": [HEADER, *rows]})
    result = load_entries([tmp_path / "log.xlsx"], config)
    assert not result.errors
    return result, [(f.zeile, f.code) for f in result.findings if f.schwere == "warnung"]


def test_more_than_max_hours_per_day(tmp_path, config):
    result, found = warnings(tmp_path, config, [entry(3, stunden=6), entry(3, stunden=4.5,
                                                                           text="Anderes")])
    assert found == [(2, "tageshoechstzahl")]
    assert len(result.entries) == 2


def test_exactly_max_hours_is_fine(tmp_path, config):
    _, found = warnings(tmp_path, config, [entry(3, stunden=6), entry(3, stunden=4, text="x")])
    assert found == []


def test_weekend_and_holiday(tmp_path, config):
    _, found = warnings(tmp_path, config, [entry(1), entry(2), entry(18, month=4)])
    assert found == [(2, "wochenende"), (3, "wochenende"), (4, "feiertag")]


def test_duplicate_entry(tmp_path, config):
    _, found = warnings(tmp_path, config, [entry(3), entry(4), entry(3)])
    assert found == [(4, "doppelter-eintrag")]


def test_entry_outside_besetzt_period(tmp_path, config):
    # FK2 is besetzt 01.01.–30.06.2025 (bis inclusive)
    _, found = warnings(tmp_path, config, [entry(30, stelle="FK2", month=6),
                                           entry(1, stelle="FK2", month=7)])
    assert found == [(3, "ausserhalb-besetzung")]


def test_dates_are_parsed_before_checks(tmp_path, config):
    result, found = warnings(tmp_path, config, [["07.03.2025", "FK1", "", "Bildung", "SP1",
                                                 "Beratung", "", "11", "", "lang"]])
    assert found == [(2, "tageshoechstzahl")]
    assert result.entries["datum"].iloc[0].date() == dt.date(2025, 3, 7)
