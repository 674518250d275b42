"""Milestones counted from the logs: erreicht, auf Kurs, im Verzug, manuell prüfen."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.regeln.meilensteine import (
    jahresanteil,
    meilensteine_frame,
    meilensteine_json,
    meilensteine_stand,
)
from tests.stellenplan import SCHWERPUNKTE, eintraege, konfig, programm, stelle, tag

ROOT = Path(__file__).resolve().parent.parent

MEILENSTEINE = SCHWERPUNKTE.replace("""
[[schwerpunkte]]
id = "SP2\"""", """
[[schwerpunkte.meilensteine]]
jahr = 2025
text = "Netzwerktreffen (4–6)"
taetigkeit = "Netzwerktreffen"
mindestens = 4
hoechstens = 6

[[schwerpunkte.meilensteine]]
jahr = 2026
text = "Netzwerktreffen 2026"
taetigkeit = "Netzwerktreffen"
mindestens = 4

[[schwerpunkte]]
id = "SP2\"""") + """
[[schwerpunkte.meilensteine]]
jahr = 2025
text = "Zwei nachhaltige Kooperationen"
"""

# three SP1 Netzwerktreffen in 2025 (two by 31.03.), plus entries that must not count
ENTRIES = [("2025-01-15", "FK1", "SP1", "Netzwerktreffen", 2),
           ("2025-03-31", "FK1", "SP1", "Netzwerktreffen", 2),
           ("2025-11-04", "FK1", "SP1", "Netzwerktreffen", 2),
           ("2025-02-04", "FK1", "SP2", "Netzwerktreffen", 2),
           ("2025-02-05", "FK1", "SP1", "Beratung", 2),
           ("2025-02-06", "FK1", None, "Netzwerktreffen", 2),
           ("2024-12-10", "FK1", "SP1", "Netzwerktreffen", 2),
           ("2026-01-13", "FK1", "SP1", "Netzwerktreffen", 2)]


@pytest.fixture
def config(tmp_path):
    return konfig(tmp_path, programm(), stelle("FK1"), schwerpunkte=MEILENSTEINE)


def stand(config, stichtag, entries=ENTRIES, jahr=2025):
    return {(s.schwerpunkt.id, s.meilenstein.jahr): s
            for s in meilensteine_stand(eintraege(*entries), config, jahr, tag(stichtag))}


def test_elapsed_share_is_day_exact():
    assert jahresanteil(tag("2025-03-31")) == Fraction(90, 365)
    assert jahresanteil(tag("2024-03-31")) == Fraction(91, 366)
    assert jahresanteil(tag("2025-12-31")) == 1


def test_counts_only_schwerpunkt_and_taetigkeit_of_the_year_up_to_the_stichtag(config):
    assert stand(config, "2025-03-31")["SP1", 2025].ist == 2
    assert stand(config, "2025-12-31")["SP1", 2025].ist == 3


def test_auf_kurs_against_the_pro_rata_share(config):
    # 31.03.: 4 × 90/365 = 0.99 expected, 2 counted → auf Kurs
    assert stand(config, "2025-03-31")["SP1", 2025].status == "auf Kurs"
    # 1 meeting on 01.07.: 4 × 182/365 = 1.995 → im Verzug; 2 on 01.07. → auf Kurs;
    # 2 on 02.07.: 4 × 183/365 = 2.005 → im Verzug
    one = ENTRIES[:1]
    two = ENTRIES[:2]
    assert stand(config, "2025-07-01", one)["SP1", 2025].status == "im Verzug"
    assert stand(config, "2025-07-01", two)["SP1", 2025].status == "auf Kurs"
    assert stand(config, "2025-07-02", two)["SP1", 2025].status == "im Verzug"
    # the year is over with 3 of 4: im Verzug, not reached
    year = stand(config, "2025-12-31")["SP1", 2025]
    assert (year.status, year.erreicht) == ("im Verzug", False)


def test_erreicht_and_above_the_maximum(config):
    extra = [(f"2025-05-{d:02d}", "FK1", "SP1", "Netzwerktreffen", 1) for d in (5, 6, 7, 8)]
    # 3 + 1 = 4 ≥ 4 → erreicht; 3 + 4 = 7 > hoechstens 6 → erreicht (über Höchstzahl)
    assert stand(config, "2025-12-31", ENTRIES + extra[:1])["SP1", 2025].status == "erreicht"
    s = stand(config, "2025-12-31", ENTRIES + extra)["SP1", 2025]
    assert (s.ist, s.erreicht, s.status) == (7, True, "erreicht (über Höchstzahl)")


def test_manual_milestones_and_json(config):
    staende = meilensteine_stand(eintraege(*ENTRIES), config, 2025, tag("2025-03-31"))
    assert [(s.schwerpunkt.id, s.status) for s in staende] == [("SP1", "auf Kurs"), ("SP2", "manuell prüfen")]
    # the bericht document lists countable milestones only
    assert meilensteine_json(staende) == [{
        "schwerpunkt": "SP1", "jahr": 2025, "text": "Netzwerktreffen (4–6)", "taetigkeit": "Netzwerktreffen",
        "mindestens": 4, "ist": 2, "erreicht": False, "hoechstens": 6, "status": "auf Kurs"}]
    assert json.loads(json.dumps(meilensteine_json(staende))) == meilensteine_json(staende)  # plain ints
    frame = meilensteine_frame(staende)
    assert frame["Status"].tolist() == ["auf Kurs", "manuell prüfen"]
    assert frame["Ist"].tolist()[0] == 2 and frame["Ist"].isna().tolist() == [False, True]
    assert frame["Soll bis Stichtag"].tolist()[0] == 0.99


def test_only_milestones_of_the_year_and_without_entries(config):
    staende = meilensteine_stand(eintraege(), config, 2026)
    assert [(s.meilenstein.text, s.ist, s.status) for s in staende] == \
        [("Netzwerktreffen 2026", 0, "im Verzug")]


def test_sample_data_counts_match_golden():
    golden = json.loads((ROOT / "tests/golden/sample_2025.json").read_text("utf-8"))
    config = load_config(ROOT / "sample_data/ki.toml")
    entries = load_entries([ROOT / "sample_data/nachweise"], config).entries
    staende = meilensteine_stand(entries, config, 2025)
    assert {m["schwerpunkt"]: m["ist"] for m in meilensteine_json(staende)} == golden["meilensteine_ist"]


BERATUNGEN = SCHWERPUNKTE.replace("""
[[schwerpunkte]]
id = "SP2\"""", """
[[schwerpunkte.meilensteine]]
jahr = 2025
text = "Fünf Beratungen"
taetigkeit = "Beratung"
mindestens = 5
hoechstens = 5

[[schwerpunkte.meilensteine]]
jahr = 2025
text = "Zwei Fortbildungen"
taetigkeit = "Fortbildung"
mindestens = 2

[[schwerpunkte]]
id = "SP2\"""")

# five SP1 Beratungen in 2025 (the first on 1 January), two Fortbildungen, one Beratung in 2026
BERATUNG = [("2025-01-01", "FK1", "SP1", "Beratung", 1), ("2025-03-15", "FK1", "SP1", "Beratung", 1),
            ("2025-06-02", "FK1", "SP1", "Beratung", 1), ("2025-07-01", "FK1", "SP1", "Beratung", 1),
            ("2025-12-31", "FK1", "SP1", "Beratung", 1), ("2025-05-05", "FK1", "SP1", "Fortbildung", 1),
            ("2025-09-09", "FK1", "SP1", "Fortbildung", 1), ("2026-01-02", "FK1", "SP1", "Beratung", 1)]


def beratungen(tmp_path, stichtag, entries=BERATUNG):
    config = konfig(tmp_path, programm(), stelle("FK1"), schwerpunkte=BERATUNGEN)
    staende = meilensteine_stand(eintraege(*entries), config, 2025, stichtag and tag(stichtag))
    return {s.meilenstein.taetigkeit: s for s in staende}


def test_auf_kurs_exactly_at_the_pro_rata_count(tmp_path):
    # 14.03.2025 is day 73 of 365 = 1/5 of the year: 5 × 1/5 = exactly 1 Beratung expected.
    # Counted: 01.01. (the first day counts), not 15.03. (after the Stichtag) → 1 ≥ 1: auf Kurs
    stand = beratungen(tmp_path, "2025-03-14")
    assert (stand["Beratung"].ist, stand["Beratung"].soll_bis_stichtag, stand["Beratung"].status) == \
        (1, 1, "auf Kurs")
    # Fortbildungen: 2 × 1/5 = 0.4 expected, none yet → im Verzug
    fortbildung = stand["Fortbildung"]
    assert (fortbildung.ist, fortbildung.soll_bis_stichtag, fortbildung.status) == \
        (0, Fraction(2, 5), "im Verzug")
    # without the Beratung of 1 January: 0 < 1 → im Verzug
    assert beratungen(tmp_path, "2025-03-14", BERATUNG[1:])["Beratung"].status == "im Verzug"


def test_reaching_the_maximum_exactly_is_not_above_it(tmp_path):
    # 31.12.: 5 Beratungen = mindestens = hoechstens → erreicht; 2 Fortbildungen without a maximum → erreicht
    stand = beratungen(tmp_path, "2025-12-31")
    assert [(s.ist, s.erreicht, s.status) for s in stand.values()] == [(5, True, "erreicht"),
                                                                         (2, True, "erreicht")]
    # a sixth Beratung is one above the maximum
    extra = [*BERATUNG, ("2025-12-30", "FK1", "SP1", "Beratung", 1)]
    assert beratungen(tmp_path, "2025-12-31", extra)["Beratung"].status == "erreicht (über Höchstzahl)"


def test_stichtag_after_the_year_counts_the_whole_year_only(tmp_path):
    # Stichtag 31.03.2026 for 2025: capped at 31.12.2025; the Beratung of 02.01.2026 does not count
    stand = beratungen(tmp_path, "2026-03-31")["Beratung"]
    assert (stand.stichtag, stand.ist, stand.soll_bis_stichtag) == (tag("2025-12-31"), 5, 5)
    # no Stichtag: 31 December
    assert beratungen(tmp_path, None)["Beratung"].stichtag == tag("2025-12-31")


def test_frame_of_a_countable_milestone(tmp_path):
    staende = tuple(beratungen(tmp_path, "2025-06-30").values())
    # 30.06.2025 is day 181: 5 × 181/365 = 2.479… → 2.48 expected; 01.01., 15.03., 02.06. = 3 counted
    assert meilensteine_frame(staende).iloc[0].to_dict() == {
        "Schwerpunkt": "SP1", "Titel": "Bildung verbessern", "Jahr": 2025, "Meilenstein": "Fünf Beratungen",
        "Tätigkeit": "Beratung", "mindestens": 5, "höchstens": 5, "Soll bis Stichtag": 2.48, "Ist": 3,
        "Stichtag": tag("2025-06-30"), "Status": "auf Kurs"}
