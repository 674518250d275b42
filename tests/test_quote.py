"""The Schwerpunkt quota per month, year, year to date and two-year period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.quote import schwerpunktquote
from tests.stellenplan import eintraege, konfig, programm, stelle

ROOT = Path(__file__).resolve().parent.parent

# January 10 h (6 with a Schwerpunkt) = 60 %; February 10 h (4) = 40 %; March: no entries
ENTRIES = [("2025-01-07", "FK1", "SP1", "Beratung", 6), ("2025-01-08", "FK1", None, "Verwaltung", 2),
           ("2025-01-09", "VA1", None, "Verwaltung", 2), ("2025-02-04", "FK1", "SP2", "Beratung", 3),
           ("2025-02-05", "VA1", "SP1", "Beratung", 1), ("2025-02-06", "VA1", None, "Verwaltung", 6)]


@pytest.fixture
def config(tmp_path):
    return konfig(tmp_path, programm(), stelle("FK1"), stelle("VA1", pauschale="20000", umfang=0.5))


def test_month_below_minimum_with_shortfall(config):
    q = schwerpunktquote(eintraege(*ENTRIES), config, Periode.parse_monat("2025-02"))
    # 4 of 10 h = 0.4 < 0.5; shortfall 0.5 × 10 − 4 = 1 h
    assert (q.anteil, q.erfuellt, q.fehlstunden) == (0.4, False, 1.0)
    assert q.to_json()["fehlstunden"] == {"2025-02": 1.0}


def test_year_with_a_month_without_entries(config):
    q = schwerpunktquote(eintraege(*ENTRIES), config, Periode.parse_jahr("2025"))
    doc = q.to_json()
    # 10 of 20 h = 0.5: the minimum is met exactly
    assert (doc["stunden"], doc["stunden_schwerpunkte"], doc["anteil"], doc["erfuellt"]) == \
        (20.0, 10.0, 0.5, True)
    assert doc["monate"]["2025-01"] == 0.6
    assert doc["monate"]["2025-02"] == 0.4
    # no entries in March: the share is undefined (null), not 0, and the month does not fail
    assert doc["monate"]["2025-03"] is None
    assert len(doc["monate"]) == 12
    assert doc["fehlstunden"] == {"2025-02": 1.0}
    frame = q.monate_frame()
    assert frame["Anteil"].isna().tolist() == [False, False, *[True] * 10]


def test_period_without_any_entries_is_undefined_not_failed(config):
    q = schwerpunktquote(eintraege(), config, Periode.parse_monat("2025-03"))
    assert q.to_json() | {"nach_schwerpunkt": None} == {
        "zeitraum": "2025-03", "stunden": 0.0, "stunden_schwerpunkte": 0.0, "anteil": None,
        "mindestanteil": 0.5, "erfuellt": None, "monate": {"2025-03": None}, "fehlstunden": {},
        "nach_schwerpunkt": None, "nach_stelle": {}}


def test_shares_per_schwerpunkt_and_per_stelle(config):
    q = schwerpunktquote(eintraege(*ENTRIES), config, Periode.parse_jahr("2025"))
    doc = q.to_json()
    # SP1: 6 + 1 = 7 of 20 h = 0.35; SP2: 3 of 20 h = 0.15
    assert doc["nach_schwerpunkt"] == {"SP1": {"stunden": 7.0, "anteil": 0.35},
                                       "SP2": {"stunden": 3.0, "anteil": 0.15}}
    # FK1: 9 of 11 h = 0.8182; VA1: 1 of 9 h = 0.1111
    assert doc["nach_stelle"]["FK1"] == {"stunden": 11.0, "stunden_schwerpunkte": 9.0, "anteil": 0.8182}
    assert doc["nach_stelle"]["VA1"]["anteil"] == 0.1111


def test_two_year_period_and_year_to_date(config):
    q = schwerpunktquote(eintraege(*ENTRIES), config, Periode.parse_periode("2025-2026"))
    assert q.to_json()["zeitraum"] == "2025-2026"
    assert list(q.to_json()["monate"])[::12] == ["2025-01", "2026-01"]
    assert len(q.to_json()["monate"]) == 24
    ytd = schwerpunktquote(eintraege(*ENTRIES), config, Periode.parse_monat("2025-02").bis_jetzt())
    assert (ytd.anteil, list(ytd.to_json()["monate"])) == (0.5, ["2025-01", "2025-02"])


def test_custom_minimum(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"), stelle("VA1", pauschale="20000", umfang=0.5),
                    regeln="schwerpunkt_mindestanteil = 0.55")
    q = schwerpunktquote(eintraege(*ENTRIES), config, Periode.parse_jahr("2025"))
    # 0.5 < 0.55: 0.55 × 20 − 10 = 1 h short; January 0.6 passes, February 0.55 × 10 − 4 = 1.5 h
    assert (q.erfuellt, q.fehlstunden) == (False, pytest.approx(1.0))
    assert q.to_json()["fehlstunden"] == {"2025-02": 1.5}


def test_sample_data_monthly_shares_match_golden():
    golden = json.loads((ROOT / "tests/golden/sample_2025.json").read_text("utf-8"))
    config = load_config(ROOT / "sample_data/ki.toml")
    entries = load_entries([ROOT / "sample_data/nachweise"], config).entries
    doc = schwerpunktquote(entries, config, Periode.parse_jahr("2025")).to_json()
    expected = {m: round(v["stunden_schwerpunkte"] / v["stunden"], 4) for m, v in golden["monate"].items()}
    assert doc["monate"] == expected
    assert (doc["stunden"], doc["stunden_schwerpunkte"]) == \
        (golden["stunden"], golden["stunden_schwerpunkte"])
    # August: 182.25 of 555.25 h = 32.8 %, 0.5 × 555.25 − 182.25 = 95.375 h short
    assert doc["monate"]["2025-08"] < 0.5
    assert list(doc["fehlstunden"]) == ["2025-08"]
