"""Milestones counted from the logs: Termine or entries; erreicht, auf Kurs, im Verzug, manuell
prüfen against a whole-number target pro-rated by full months."""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from kibericht.regeln.meilensteine import (
    meilensteine_frame,
    meilensteine_json,
    meilensteine_stand,
    volle_monate,
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


def test_full_months_elapsed_at_the_stichtag():
    assert [volle_monate(tag(d)) for d in ("2025-01-01", "2025-01-31", "2025-03-30", "2025-03-31",
                                            "2024-02-28", "2024-02-29", "2025-02-28", "2025-12-31")] == \
        [0, 1, 2, 3, 1, 2, 2, 12]


def test_counts_only_schwerpunkt_and_taetigkeit_of_the_year_up_to_the_stichtag(config):
    assert stand(config, "2025-03-31")["SP1", 2025].ist == 2
    assert stand(config, "2025-03-30")["SP1", 2025].ist == 1
    assert stand(config, "2025-12-31")["SP1", 2025].ist == 3


def test_auf_kurs_against_the_whole_number_due(config):
    # 31.03.: 4 × 3/12 = 1 due; 2 counted → auf Kurs, and 1 counted → auf Kurs (exactly due)
    s = stand(config, "2025-03-31")["SP1", 2025]
    assert (s.soll_anteilig, s.soll_bis_stichtag, s.status) == (1, 1, "auf Kurs")
    one = ENTRIES[:1]
    assert stand(config, "2025-03-31", one)["SP1", 2025].status == "auf Kurs"
    # 30.06.: 4 × 6/12 = 2 due: one meeting is behind, two are on course
    two = ENTRIES[:2]
    assert stand(config, "2025-06-30", one)["SP1", 2025].status == "im Verzug"
    assert stand(config, "2025-06-30", two)["SP1", 2025].status == "auf Kurs"
    # 29.06. is not a full month more: still 5 months, 4 × 5/12 = 1.67 → 1 due → auf Kurs with one
    early = stand(config, "2025-06-29", one)["SP1", 2025]
    assert (early.monate, early.soll_anteilig, early.soll_bis_stichtag, early.status) == \
        (5, Fraction(5, 3), 1, "auf Kurs")
    # 31.07.: 4 × 7/12 = 2.33 → 2 due; two meetings are on course, rounding down
    assert stand(config, "2025-07-31", two)["SP1", 2025].soll_bis_stichtag == 2
    assert stand(config, "2025-07-31", two)["SP1", 2025].status == "auf Kurs"
    # the year is over with 3 of 4: im Verzug, not reached
    year = stand(config, "2025-12-31")["SP1", 2025]
    assert (year.status, year.erreicht, year.soll_bis_stichtag) == ("im Verzug", False, 4)


def test_nothing_is_due_before_a_whole_termin_is(config):
    # January: 4 × 1/12 = 0.33 → 0 due; no meeting yet is not behind
    s = stand(config, "2025-01-31", [])["SP1", 2025]
    assert (s.ist, s.soll_bis_stichtag, s.status) == (0, 0, "auf Kurs")
    # 31.03. without a meeting: 1 due → im Verzug
    assert stand(config, "2025-03-31", [])["SP1", 2025].status == "im Verzug"


def test_target_and_pro_rating_in_words(config):
    s = stand(config, "2025-03-31")["SP1", 2025]
    assert (s.ziel_text, s.berechnung) == ("4–6 im Jahr",
                                           "bis 31.03.2025 anteilig 1 von 4 (3 von 12 Monaten)")
    assert stand(config, "2025-05-31")["SP1", 2025].berechnung == \
        "bis 31.05.2025 anteilig 1 von 4 (5 von 12 Monaten: 1,67, abgerundet)"
    assert stand(config, "2025-12-31")["SP1", 2025].berechnung == "bis 31.12.2025 das ganze Jahr: 4"
    assert stand(config, "2025-01-15")["SP1", 2025].berechnung == \
        "bis 15.01.2025 anteilig 0 von 4 (noch kein Monat vorbei)"
    assert stand(config, "2026-03-31", jahr=2026)["SP1", 2026].ziel_text == "mindestens 4 im Jahr"


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
        "mindestens": 4, "ist": 2, "erreicht": False, "hoechstens": 6, "status": "auf Kurs",
        "zaehlt": "termine", "stichtag": "2025-03-31", "soll_bis_stichtag": 1,
        "berechnung": "bis 31.03.2025 anteilig 1 von 4 (3 von 12 Monaten)"}]
    assert json.loads(json.dumps(meilensteine_json(staende))) == meilensteine_json(staende)  # plain ints
    frame = meilensteine_frame(staende)
    assert frame["Status"].tolist() == ["auf Kurs", "manuell prüfen"]
    assert frame["Ist"].tolist()[0] == 2 and frame["Ist"].isna().tolist() == [False, True]
    assert frame["Soll bis Stichtag"].tolist()[0] == 1
    assert frame["Soll bis Stichtag"].isna().tolist() == [False, True]


def test_only_milestones_of_the_year_and_without_entries(config):
    # without a Stichtag the whole year: 0 of 4 is behind
    staende = meilensteine_stand(eintraege(), config, 2026)
    assert [(s.meilenstein.text, s.ist, s.status) for s in staende] == \
        [("Netzwerktreffen 2026", 0, "im Verzug")]


@pytest.fixture(scope="module")
def sample():
    config = load_config(ROOT / "sample_data/ki.toml")
    return config, load_entries([ROOT / "sample_data/nachweise"], config).entries


def test_sample_data_counts_match_golden(sample):
    golden = json.loads((ROOT / "tests/golden/sample_2025.json").read_text("utf-8"))
    config, entries = sample
    staende = meilensteine_stand(entries, config, 2025)
    assert {m["schwerpunkt"]: m["ist"] for m in meilensteine_json(staende)} == golden["meilensteine_ist"]


def test_sample_data_termine_match_the_generators_own_entry_list(sample):
    """The sample generator's entries (not kibericht's reading of them) counted by hand: the
    distinct (date, Kommune) of each milestone's Schwerpunkt and Tätigkeit, for every month end."""
    sys.path.insert(0, str(ROOT / "sample_data"))
    try:
        import erzeugen
    finally:
        sys.path.remove(str(ROOT / "sample_data"))
    generated = erzeugen.generate()
    config, entries = sample
    for monat in range(1, 13):
        stichtag = Periode.parse_monat(f"2025-{monat:02d}").ende
        milestones = [("SP1", "Netzwerktreffen"), ("SP2", "Veranstaltung"), ("SP3", "Veranstaltung")]
        expected = {sp: len({(e["datum"], e["kommune"]) for e in generated
                             if e["schwerpunkt"] == sp and e["taetigkeit"] == t and e["datum"] <= stichtag})
                    for sp, t in milestones}
        staende = meilensteine_stand(entries, config, 2025, stichtag)
        assert {m["schwerpunkt"]: m["ist"] for m in meilensteine_json(staende)} == expected, monat


# one Netzwerktreffen on 12.02. logged by three Stellen, one on 12.02. elsewhere, one on 20.03.
TREFFEN = [("2025-02-12", "FK1", "SP1", "Netzwerktreffen", 2, "Alfter", 18),
           ("2025-02-12", "FK2", "SP1", "Netzwerktreffen", 2, "Alfter", 20),
           ("2025-02-12", "L1", "SP1", "Netzwerktreffen", 2, "Alfter"),
           ("2025-02-12", "FK1", "SP1", "Netzwerktreffen", 1, "Bornheim", 7),
           ("2025-03-20", "FK2", "SP1", "Netzwerktreffen", 2, "Alfter", 9),
           # not this milestone's: another Schwerpunkt, another Tätigkeit
           ("2025-02-12", "FK1", "SP2", "Netzwerktreffen", 2, "Alfter"),
           ("2025-02-12", "FK2", "SP1", "Beratung", 2, "Alfter")]


def test_a_meeting_logged_by_three_stellen_counts_once(config):
    assert stand(config, "2025-03-31", TREFFEN)["SP1", 2025].ist == 3
    assert stand(config, "2025-02-28", TREFFEN)["SP1", 2025].ist == 2


def test_zaehlt_eintraege_counts_every_entry(tmp_path):
    text = MEILENSTEINE.replace('mindestens = 4\nhoechstens = 6', 'mindestens = 4\nhoechstens = 6\n'
                                'zaehlt = "eintraege"', 1)
    config = konfig(tmp_path, programm(), stelle("FK1"), stelle("FK2"), stelle("L1", foerderung="Land",
                                                                             pauschale=None),
                    schwerpunkte=text)
    s = stand(config, "2025-03-31", TREFFEN)["SP1", 2025]
    assert (s.ist, s.gezaehlt, s.meilenstein.zaehlt) == (5, "Einträge", "eintraege")
    # over the maximum of 6 only when entries are counted
    assert stand(config, "2025-03-31", TREFFEN * 2)["SP1", 2025].status == "erreicht (über Höchstzahl)"
    default = konfig(tmp_path, programm(), stelle("FK1"), schwerpunkte=MEILENSTEINE)
    assert stand(default, "2025-03-31", TREFFEN * 2)["SP1", 2025].status == "auf Kurs"


def test_half_year_annual_report_agrees_with_the_june_report(tmp_path):
    """A Jahresbericht over January to June has its Stichtag on 30.06., and its milestones equal
    those of the June Monatsbericht; measured at 31.12. the same 2 meetings would be behind."""
    config = konfig(tmp_path, programm(), stelle("FK1"), schwerpunkte=MEILENSTEINE)
    zwei_treffen = [("2025-01-15", "FK1", "SP1", "Netzwerktreffen", 2),
                    ("2025-05-15", "FK1", "SP1", "Netzwerktreffen", 2)]
    entries = eintraege(*zwei_treffen, ("2025-06-30", "FK1", None, "Beratung", 2))
    jahr = berechne_bericht(entries, config, Periode.parse_jahr("2025"))
    juni = berechne_bericht(entries, config, Periode.parse_monat("2025-06"))
    assert jahr.stichtag == tag("2025-06-30")
    assert [(m.stichtag, m.ist, m.soll_bis_stichtag, m.status) for m in jahr.meilensteine] == \
        [(m.stichtag, m.ist, m.soll_bis_stichtag, m.status) for m in juni.meilensteine] == \
        [(tag("2025-06-30"), 2, 2, "auf Kurs"), (tag("2025-06-30"), None, None, "manuell prüfen")]
    assert stand(config, "2025-12-31", zwei_treffen)["SP1", 2025].status == "im Verzug"


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


def test_auf_kurs_exactly_at_the_due_count(tmp_path):
    # 31.05.: 5 × 5/12 = 2.08 → 2 Beratungen due; counted 01.01. (the first day counts) and 15.03.,
    # not 02.06. → 2 ≥ 2: auf Kurs
    stand = beratungen(tmp_path, "2025-05-31")
    assert (stand["Beratung"].ist, stand["Beratung"].soll_bis_stichtag, stand["Beratung"].status) == \
        (2, 2, "auf Kurs")
    # without the Beratung of 1 January: 1 < 2 → im Verzug
    assert beratungen(tmp_path, "2025-05-31", BERATUNG[1:])["Beratung"].status == "im Verzug"
    # Fortbildungen on 30.04.: 2 × 4/12 = 0.67 → 0 due, none yet → auf Kurs; on 30.06. 1 due, 1 done
    fortbildung = beratungen(tmp_path, "2025-04-30")["Fortbildung"]
    assert (fortbildung.ist, fortbildung.soll_anteilig, fortbildung.soll_bis_stichtag,
            fortbildung.status) == (0, Fraction(2, 3), 0, "auf Kurs")
    assert beratungen(tmp_path, "2025-06-30")["Fortbildung"].status == "auf Kurs"


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
    # 30.06.2025: 5 × 6/12 = 2.5 → 2 due, a whole number; 01.01., 15.03., 02.06. = 3 counted
    assert meilensteine_frame(staende).iloc[0].to_dict() == {
        "Schwerpunkt": "SP1", "Titel": "Bildung verbessern", "Jahr": 2025, "Meilenstein": "Fünf Beratungen",
        "Tätigkeit": "Beratung", "mindestens": 5, "höchstens": 5, "Soll bis Stichtag": 2, "Ist": 3,
        "Stichtag": tag("2025-06-30"), "Status": "auf Kurs"}
