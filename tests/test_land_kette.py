"""The chain across a KI's Meldungen: a rewritten, forked or truncated chain is found and names the
KI and the months concerned; filings that arrive out of order are no finding."""

from __future__ import annotations

from kibericht.land.kette import pruefe_ketten
from tests.meldung_helfer import Ablage


def _codes(eingaenge) -> list[tuple]:
    return [(v.befund.code, v.kennung, v.monat, v.befund.zeile) for v in pruefe_ketten(eingaenge)]


def test_a_growing_chain_is_no_finding_even_when_meldungen_arrive_out_of_order():
    a = Ablage()
    ms = [a.abschluss(f"2025-0{m}") for m in range(1, 5)]
    assert _codes(reversed(ms)) == []
    # March filed before February (both closed late): the chain is still one chain
    b = Ablage("KREIS-02")
    maerz, februar = b.abschluss("2025-03", tag=1), b.abschluss("2025-02", tag=2)
    assert _codes([februar, maerz]) == []


def test_a_consistently_rewritten_ablage_is_found_from_the_meldungen_alone():
    echt = Ablage()
    jan, feb = echt.abschluss("2025-01"), echt.abschluss("2025-02")
    # every manifest rewritten after the second month, every link recomputed: a new, consistent chain
    neu = Ablage(salz="umgeschrieben")
    neu.abschluss("2025-01"), neu.abschluss("2025-02")
    maerz = neu.abschluss("2025-03")
    vermerke = pruefe_ketten([jan, feb, maerz])
    assert [(v.befund.code, v.kennung, v.monat, v.befund.blatt, v.befund.zeile) for v in vermerke] == [
        ("kette-umgeschrieben", "KREIS-01", "2025-03", "kette.csv", 2)
    ]
    text = vermerke[0].befund.meldung
    assert "KI KREIS-01" in text and "Glieder Nr. 1, 2 (Januar 2025, Februar 2025)" in text
    assert "Meldung für März 2025" in text


def test_a_filing_that_does_not_build_on_the_newest_known_one_is_a_fork():
    a = Ablage()
    jan, feb = a.abschluss("2025-01"), a.abschluss("2025-02")
    a.kuerzen(1)  # February's filing removed from the Ablage …
    a.salz = "anders"
    a.abschluss("2025-02")  # … filed again with other figures, and March on top
    maerz = a.abschluss("2025-03")
    assert _codes([jan, feb, maerz]) == [("kette-verzweigt", "KREIS-01", "2025-03", 3)]


def test_deleting_the_newest_filings_and_filing_again_is_a_truncation():
    a = Ablage()
    jan, feb, maerz = a.abschluss("2025-01"), a.abschluss("2025-02"), a.abschluss("2025-03")
    a.kuerzen(1)  # February and March deleted
    a.salz = "neu"
    april = a.abschluss("2025-04", tag=20)  # stands at Nr. 2 although Nr. 3 was known
    vermerke = pruefe_ketten([jan, feb, maerz, april])
    assert [(v.befund.code, v.monat, v.befund.zeile) for v in vermerke] == [("kette-gekuerzt", "2025-04", 3)]
    assert "Nr. 3" in vermerke[0].befund.meldung and "April 2025" in vermerke[0].befund.meldung


def test_one_manipulation_is_reported_once_and_each_ki_for_itself():
    echt, anderer = Ablage(), Ablage("KREIS-02")
    alte = [echt.abschluss(f"2025-0{m}") for m in (1, 2)]
    neu = Ablage(salz="x")
    neu.abschluss("2025-01"), neu.abschluss("2025-02")
    spaeter = [neu.abschluss(f"2025-0{m}") for m in (3, 4, 5)]
    fremd = [anderer.abschluss(f"2025-0{m}") for m in (1, 2, 3)]
    assert _codes([*alte, *spaeter, *fremd]) == [("kette-umgeschrieben", "KREIS-01", "2025-03", 2)]


def test_the_same_meldung_twice_is_no_chain_finding():
    a = Ablage()
    jan = a.abschluss("2025-01")
    assert _codes([jan, jan, a.abschluss("2025-02")]) == []
