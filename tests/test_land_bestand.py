"""The Meldungen of a run: one counts per KI and month; duplicates, corrections, contradictions,
missing and late months are named, and nothing is silently counted twice or picked at random."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kibericht.land.bestand import EINGEREICHT, FEHLT, UNGUELTIG, WIDERSPRUCH, bestand, frist
from kibericht.land.eingang import Eingang
from tests.meldung_helfer import Ablage


def _vermerke(b) -> list[tuple]:
    return [(v.befund.code, v.kennung, v.monat) for v in b.vermerke]


def test_one_meldung_per_month_counts_and_nothing_is_amiss():
    a = Ablage()
    ms = [a.abschluss(f"2025-0{m}") for m in (1, 2, 3)]
    b = bestand(ms)
    assert b.gezaehlt == tuple(ms) and _vermerke(b) == []
    assert b.monate == ("2025-01", "2025-02", "2025-03")
    assert set(b.status.values()) == {EINGEREICHT}


def test_the_same_meldung_twice_counts_once_with_a_hint():
    a = Ablage()
    jan = a.abschluss("2025-01")
    kopie = dataclasses.replace(jan, datei="andere/Meldung_KREIS-01_2025-01.zip")
    b = bestand([jan, kopie])
    assert len(b.gezaehlt) == 1 and _vermerke(b) == [("meldung-doppelt", "KREIS-01", "2025-01")]


def test_a_later_version_after_reopening_replaces_the_earlier_one_with_a_warning():
    a = Ablage()
    v1 = a.abschluss("2025-01")
    v2 = a.korrektur("2025-01")
    b = bestand([v2, v1])
    assert b.gezaehlt == (v2,) and _vermerke(b) == [("meldung-ersetzt", "KREIS-01", "2025-01")]
    assert "Version 2" in b.vermerke[0].befund.meldung and b.vermerke[0].befund.datei == v1.datei


def test_two_different_meldungen_for_one_month_count_neither():
    a, b_ = Ablage(), Ablage(salz="zweite Ablage")
    eins, zwei = a.abschluss("2025-01"), b_.abschluss("2025-01")
    b = bestand([eins, zwei, a.abschluss("2025-02")])
    assert [e.monat for e in b.gezaehlt] == ["2025-02"]
    assert b.status[("KREIS-01", "2025-01")] == WIDERSPRUCH
    widerspruch = [v for v in _vermerke(b) if v[0] == "meldung-widerspruch"]
    assert widerspruch == [("meldung-widerspruch", "KREIS-01", "2025-01")] * 2
    # two Ablagen of one KI: their chains fork
    assert {v[0] for v in _vermerke(b)} == {"meldung-widerspruch", "kette-verzweigt"}
    # a "correction" whose chain does not contain the earlier filing is a contradiction as well
    fremd = dataclasses.replace(zwei, kopf=dataclasses.replace(zwei.kopf, version=2))
    assert bestand([eins, fremd]).status[("KREIS-01", "2025-01")] == WIDERSPRUCH


def test_missing_months_up_to_the_newest_of_the_run_are_a_warning_naming_them():
    a, b_ = Ablage(), Ablage("KREIS-02")
    ms = [a.abschluss("2025-01"), a.abschluss("2025-04"), *[b_.abschluss(f"2025-0{m}") for m in range(2, 7)]]
    b = bestand(ms)
    fehlt = [v for v in b.vermerke if v.befund.code == "meldung-fehlt"]
    assert [(v.kennung, v.befund.wert) for v in fehlt] == [("KREIS-01", "2025-02,2025-03,2025-05,2025-06")]
    assert "Februar 2025, März 2025, Mai 2025, Juni 2025" in fehlt[0].befund.meldung
    # KREIS-02 started in February: January is not its gap
    assert b.status[("KREIS-01", "2025-05")] == FEHLT and ("KREIS-02", "2025-01") not in b.status


def test_a_filing_after_the_deadline_is_late():
    assert frist("2025-03") == dt.date(2025, 4, 15) and frist("2025-12", 10) == dt.date(2026, 1, 10)
    a = Ablage()
    puenktlich, spaet = a.abschluss("2025-01", tag=15), a.abschluss("2025-02", tag=16)
    b = bestand([puenktlich, spaet])
    assert _vermerke(b) == [("meldung-verspaetet", "KREIS-01", "2025-02")]
    assert b.verspaetet == {("KREIS-01", "2025-02")}
    assert _vermerke(bestand([puenktlich, spaet], frist_tag=20)) == []


def test_an_invalid_meldung_is_named_with_its_month_and_never_counted():
    a = Ablage()
    jan = a.abschluss("2025-01")
    kaputt = Eingang("Meldung_KREIS-01_2025-02.zip", "ab" * 32, "KREIS-01", "2025-02", False)
    b = bestand([jan, kaputt])
    assert b.gezaehlt == (jan,) and b.status[("KREIS-01", "2025-02")] == UNGUELTIG
