"""The Schwerpunkt quota per month, year, year to date and two-year period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.quote import Anteil, schwerpunktquote
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


def test_exact_minimum_is_met_not_missed_by_a_float_error(tmp_path):
    # 0.55 × 50 h = 27.5 h exactly, so 27.5 h with a Schwerpunkt meet the minimum; as floats
    # 0.55 × 50 = 27.500000000000004 would miss it by 4e-15 h
    config = konfig(tmp_path, programm(), stelle("FK1"), regeln="schwerpunkt_mindestanteil = 0.55")
    entries = eintraege(("2025-01-07", "FK1", "SP1", "Beratung", 27.5),
                        ("2025-01-08", "FK1", None, "Verwaltung", 22.5))
    q = schwerpunktquote(entries, config, Periode.parse_monat("2025-01"))
    assert (q.anteil, q.erfuellt, q.fehlstunden) == (0.55, True, 0.0)
    assert q.monate[0].unterschritten is False
    assert q.to_json()["fehlstunden"] == {}


def test_anteil_without_hours_and_with_a_small_shortfall():
    # no hours: no share, nothing missing, neither met nor failed
    assert (Anteil(0.0, 0.0).anteil, Anteil(0.0, 0.0).fehlstunden(0.5), Anteil(0.0, 0.0).erfuellt(0.5)) == \
        (None, 0.0, None)
    # 10 h with 4.5 h: 0.5 × 10 − 4.5 = 0.5 h short (less than an hour still fails)
    knapp = Anteil(10.0, 4.5)
    assert (knapp.anteil, knapp.fehlstunden(0.5), knapp.erfuellt(0.5)) == (0.45, 0.5, False)
    # 10 h with 6 h: more than enough, 0 h missing (never negative)
    assert (Anteil(10.0, 6.0).fehlstunden(0.5), Anteil(10.0, 6.0).erfuellt(0.5)) == (0.0, True)


# October 10/3 h (1 with a Schwerpunkt), November 4/3 h (all SP9, not configured), December 0.5 h (SP2)
VIERTELJAHR = [("2025-10-06", "FK1", "SP1", "Beratung", 1.0),
               ("2025-10-07", "FK1", None, "Verwaltung", 1.0),
               ("2025-10-08", "VA1", None, "Verwaltung", 4 / 3),
               ("2025-11-03", "VA1", "SP9", "Beratung", 4 / 3),
               ("2025-12-01", "FK1", "SP2", "Beratung", 0.5)]


def test_whole_document_rounded_for_display(config):
    q = schwerpunktquote(eintraege(*VIERTELJAHR), config, Periode.parse_jahr("2025"))
    # all: 1 + 1 + 4/3 + 4/3 + 0.5 = 31/6 = 5.1666… h; with a Schwerpunkt 1 + 4/3 + 0.5 = 17/6 = 2.8333… h;
    # share 17/31 = 0.54838… → 0.5484, met.
    # October: 1 ÷ 10/3 = 0.3, short 0.5 × 10/3 − 1 = 2/3 → 0.67 h.
    # SP1 1 h = 6/31 = 0.19354…, SP2 0.5 h = 3/31 = 0.09677…, SP9 4/3 h = 8/31 = 0.25806…
    # FK1 2.5 h (1.5 with SP) = 0.6; VA1 8/3 = 2.666… h (4/3 = 1.333… with SP) = 0.5
    assert q.to_json() == {
        "zeitraum": "2025", "stunden": 5.17, "stunden_schwerpunkte": 2.83, "anteil": 0.5484,
        "mindestanteil": 0.5, "erfuellt": True,
        "monate": {**{f"2025-{m:02d}": None for m in range(1, 10)}, "2025-10": 0.3, "2025-11": 1.0,
                   "2025-12": 1.0},
        "fehlstunden": {"2025-10": 0.67},
        "nach_schwerpunkt": {"SP1": {"stunden": 1.0, "anteil": 0.1935},
                             "SP2": {"stunden": 0.5, "anteil": 0.0968},
                             "SP9": {"stunden": 1.33, "anteil": 0.2581}},
        "nach_stelle": {"FK1": {"stunden": 2.5, "stunden_schwerpunkte": 1.5, "anteil": 0.6},
                        "VA1": {"stunden": 2.67, "stunden_schwerpunkte": 1.33, "anteil": 0.5}},
    }
    assert q.fehlstunden == 0.0
    kopf = {"Mindestanteil": 0.5}
    assert q.monate_frame().iloc[9:].to_dict("records") == [
        {"Monat": "2025-10", "Stunden": 3.33, "Schwerpunkt-Stunden": 1.0, "Anteil": 0.3, **kopf,
         "Fehlstunden": 0.67},
        {"Monat": "2025-11", "Stunden": 1.33, "Schwerpunkt-Stunden": 1.33, "Anteil": 1.0, **kopf,
         "Fehlstunden": 0.0},
        {"Monat": "2025-12", "Stunden": 0.5, "Schwerpunkt-Stunden": 0.5, "Anteil": 1.0, **kopf,
         "Fehlstunden": 0.0}]
    assert q.monate_frame().iloc[0].to_dict() | {"Anteil": None} == {
        "Monat": "2025-01", "Stunden": 0.0, "Schwerpunkt-Stunden": 0.0, "Anteil": None, **kopf,
        "Fehlstunden": 0.0}
    assert q.schwerpunkte_frame(config).to_dict("records") == [
        {"Schwerpunkt": "SP1", "Titel": "Bildung verbessern", "Stunden": 1.0, "Anteil": 0.1935},
        {"Schwerpunkt": "SP2", "Titel": "Ehrenamt stärken", "Stunden": 0.5, "Anteil": 0.0968},
        {"Schwerpunkt": "SP9", "Titel": "", "Stunden": 1.33, "Anteil": 0.2581}]
    assert q.stellen_frame().to_dict("records") == [
        {"Stelle": "FK1", "Stunden": 2.5, "Schwerpunkt-Stunden": 1.5, "Anteil": 0.6},
        {"Stelle": "VA1", "Stunden": 2.67, "Schwerpunkt-Stunden": 1.33, "Anteil": 0.5}]


def test_schwerpunkte_of_the_period_only(config):
    # SP1 and SP2 run 2025–2026: listed with 0 h (share undefined) in 2025 and 2026, not in 2024 or 2027
    def ids(periode, entries=()):
        return schwerpunktquote(eintraege(*entries), config, periode).to_json()["nach_schwerpunkt"]

    for jahr in ("2025", "2026"):
        assert ids(Periode.parse_jahr(jahr)) == {"SP1": {"stunden": 0.0, "anteil": None},
                                                 "SP2": {"stunden": 0.0, "anteil": None}}
    assert ids(Periode.parse_jahr("2024")) == {}
    assert ids(Periode.parse_jahr("2027")) == {}
    # an id found in the data is listed even outside its period, unknown ones sorted at the end
    found = ids(Periode.parse_jahr("2027"), [("2027-02-01", "FK1", "SP7", "Beratung", 1.0),
                                             ("2027-02-02", "FK1", "SP1", "Beratung", 3.0)])
    assert found == {"SP1": {"stunden": 3.0, "anteil": 0.75}, "SP7": {"stunden": 1.0, "anteil": 0.25}}


def test_a_share_of_exactly_the_minimum_is_met_whatever_floats_say():
    # 6.3 of 10.5 h is exactly 60 %; in binary 0.6 × 10.5 − 6.3 is 1.8e-16, not 0
    assert Anteil(10.5, 6.3).erfuellt(0.6) is True
    assert Anteil(10.5, 6.3).fehlstunden(0.6) == 0.0
    # 0.1 + 0.2 h of 0.5 h is 60 % as well, though the float sum is 0.30000000000000004
    assert Anteil(0.5, 0.1 + 0.2).erfuellt(0.6) is True
    # one minute short is short
    assert Anteil(10.5, 6.3 - 1 / 60).erfuellt(0.6) is False


def test_shortfall_is_a_float_of_the_exact_value():
    # 0.333 × 1 h − 0 h = 0.333 h exactly, given as the float 0.333 (not the fraction 333/1000)
    fehlt = Anteil(1.0, 0.0).fehlstunden(0.333)
    assert type(fehlt) is float and fehlt == 0.333
    assert Anteil(0.0, 0.0).fehlstunden(0.5) == 0.0 and Anteil(4.0, 3.0).fehlstunden(0.5) == 0.0
