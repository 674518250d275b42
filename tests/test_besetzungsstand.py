"""Staffing per month and at a Stichtag, exact, and the Stellen groups of the public report."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from kibericht.regeln.besetzungsstand import besetzungsstand, vza_text
from kibericht.regeln.gruppen import ALLE, WEITERE, stellengruppen
from tests.stellenplan import konfig, programm, stelle


def test_staffing_day_weighted_per_month_and_at_the_stichtag(tmp_path):
    config = konfig(tmp_path, programm(),
                    stelle("FK2", besetzt="[ { von = 2025-01-01, bis = 2025-05-15 }, { von = 2025-07-01 } ]"),
                    stelle("FK1", besetzt="[ { von = 2025-01-01, bis = 2025-08-31 }, "
                                          "{ von = 2025-09-01, umfang = 0.75 } ]"),
                    stelle("VA1", umfang=0.5, pauschale="20000"),
                    stelle("L1", foerderung="Land", pauschale=None, art="Lehrkraft"))
    b = besetzungsstand("alle", config.stellen, 2025, range(1, 13), dt.date(2025, 5, 31))
    assert b.stellenplan == Fraction(7, 2)
    mai, juni, sept = b.monate[4], b.monate[5], b.monate[8]
    assert mai.besetzt == Fraction(5, 2) + Fraction(15, 31)  # FK2 15 of 31 days
    assert mai.besetzt_monatsende == Fraction(5, 2)
    assert juni.unbesetzt == 1 and juni.text == "1 von 3,5 VZÄ unbesetzt"
    assert sept.unbesetzt == Fraction(1, 4) and sept.text == "0,25 von 3,5 VZÄ unbesetzt"
    assert b.monate[0].text == "alle 3,5 VZÄ besetzt"
    assert b.unbesetzt_stichtag == 1 and b.text == "1 von 3,5 VZÄ unbesetzt"
    assert vza_text(Fraction(3, 4), Fraction(13, 2)) == "0,75 von 6,5 VZÄ unbesetzt"


def _ki(tmp_path, arten: list[str]):
    return konfig(tmp_path, programm(), *(stelle(f"S{i}", art=art) for i, art in enumerate(arten)))


def test_groups_of_fewer_than_three_are_merged(tmp_path):
    arten = ["Lehrkraft"] * 3 + ["Fachkraft"] * 4 + ["Verwaltung", "Assistenz"]
    groups = stellengruppen(_ki(tmp_path, arten))
    assert [(g.name, len(g.stellen)) for g in groups] == [("Fachkraft", 4), (WEITERE, 2 + 3)]
    # the merged group had only two Stellen: the smallest Art (Lehrkraft, 3) joined it
    assert groups[-1].ids == ("S0", "S1", "S2", "S7", "S8")


def test_a_merged_group_is_never_below_three(tmp_path):
    groups = stellengruppen(_ki(tmp_path, ["Lehrkraft"] * 4 + ["Fachkraft"] * 3 + ["Verwaltung"]))
    assert [(g.name, len(g.stellen)) for g in groups] == [("Lehrkraft", 4), (WEITERE, 4)]
    assert all(len(g.stellen) >= 3 for g in groups)


def test_the_sample_shape_is_one_group(tmp_path):
    groups = stellengruppen(_ki(tmp_path, ["Lehrkraft", "Lehrkraft", "Fachkraft", "Fachkraft", "Verwaltung",
                                           "Assistenz"]))
    assert [(g.name, len(g.stellen)) for g in groups] == [(ALLE, 6)]
    big = stellengruppen(_ki(tmp_path, ["Fachkraft"] * 3 + ["Lehrkraft"] * 3))
    assert [(g.name, len(g.stellen)) for g in big] == [("Lehrkraft", 3), ("Fachkraft", 3)]
