"""Plausibility warnings never block, and each names its row."""

from __future__ import annotations

import datetime as dt

import pytest

from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
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


def befunde(tmp_path, config, rows):
    """(row, code, severity) of every warning and hint, and the findings themselves."""
    write_xlsx(tmp_path / "log.xlsx", {"A": [HEADER, *rows]})
    result = load_entries([tmp_path / "log.xlsx"], config)
    assert not result.errors
    found = [f for f in result.findings if f.schwere in ("warnung", "hinweis")]
    return [(f.zeile, f.code, f.schwere) for f in found], found


@pytest.mark.parametrize("field", ["kommune", "sp", "hf", "tn"])
def test_rows_that_differ_in_one_content_field_are_only_a_hint(tmp_path, config, field):
    # the same date, Stelle, Tätigkeit, hours and description, but another Kommune (Blomberg vs
    # Horn-Bad Meinberg), Schwerpunkt, Handlungsfeld or number of participants: two activities
    other = {"kommune": {"kommune": "Bornheim"}, "sp": {"sp": "SP2", "hf": "Querschnitt"},
             "hf": {"hf": "Querschnitt", "sp": None}, "tn": {"tn": 5}}[field]
    found, findings = befunde(tmp_path, config, [entry(3, tn=4), entry(3, **{"tn": 4, **other})])
    assert found == [(3, "aehnlicher-eintrag", "hinweis")]
    assert "Löschen" not in findings[0].meldung and "log.xlsx:A:2" in findings[0].meldung


def test_exact_copy_among_similar_rows_is_the_warning(tmp_path, config):
    found, findings = befunde(tmp_path, config, [entry(3), entry(3, kommune="Bornheim"), entry(3)])
    assert found == [(3, "aehnlicher-eintrag", "hinweis"), (4, "doppelter-eintrag", "warnung")]
    assert "Kommune „Alfter“ / „Bornheim“" in findings[0].meldung
    assert "log.xlsx:A:2" in findings[1].meldung


def test_different_description_or_hours_is_no_finding(tmp_path, config):
    found, _ = befunde(tmp_path, config, [entry(3), entry(3, text="Andere Beratung"), entry(3, stunden=2.5)])
    assert found == []


def test_hours_off_the_stundentakt_are_a_hint_only_when_it_is_set(tmp_path, config, config_path):
    rows = [entry(3, stunden=0.0625), entry(4, stunden=1.25), entry(5, stunden=1 + 1 / 3, text="x"),
            entry(6, stunden=2.5, text="y")]
    assert befunde(tmp_path, config, rows)[0] == []
    text = config_path.read_text("utf-8").replace('anteilig = "tagesgenau"',
                                                  'anteilig = "tagesgenau"\nstundentakt = 0.25')
    config_path.write_text(text, encoding="utf-8")
    found, findings = befunde(tmp_path, load_config(config_path), rows)
    assert found == [(2, "stundentakt", "hinweis"), (4, "stundentakt", "hinweis")]
    assert findings[0].meldung.startswith("0,0625 Std. liegt nicht auf der Viertelstunde")
    assert (findings[0].spalte, findings[0].wert) == ("Stunden", "0,0625")
    config_path.write_text(text.replace("stundentakt = 0.25", "stundentakt = 0.5"), encoding="utf-8")
    found, findings = befunde(tmp_path, load_config(config_path), rows)
    assert found == [(2, "stundentakt", "hinweis"), (3, "stundentakt", "hinweis"),
                     (4, "stundentakt", "hinweis")]
    assert "halben Stunde" in findings[1].meldung


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
