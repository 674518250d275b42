"""Termine: entries of the same date, Tätigkeit, Schwerpunkt and Kommune are one event; its
participants count once (the largest number an entry gives), in every figure of a report."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.aggregation import summarize
from kibericht.regeln.termine import (
    anzahl_termine,
    teilnehmende,
    teilnehmende_einmal,
    termin_nummern,
    termine_je,
)
from kibericht.regeln.vergleich import kennzahlen
from tests.stellenplan import eintraege, konfig, programm, stelle, tag

ROOT = Path(__file__).resolve().parent.parent

# (datum, stelle, schwerpunkt, taetigkeit, stunden, kommune, teilnehmende)
ZEILEN = [
    ("2025-03-12", "FK1", "SP1", "Netzwerktreffen", 2, "Alfter", 18),    # one meeting, three Stellen:
    ("2025-03-12", "FK2", "SP1", "Netzwerktreffen", 2, "Alfter", 20),    # 20 Teilnehmende
    ("2025-03-12", "L1", "SP1", "Netzwerktreffen", 2, "Alfter"),
    ("2025-03-12", "FK1", "SP1", "Netzwerktreffen", 1, "Bornheim", 7),   # another Kommune
    ("2025-03-12", "FK1", "SP2", "Netzwerktreffen", 1, "Alfter", 5),     # another Schwerpunkt
    ("2025-03-12", "FK1", "SP1", "Beratung", 1, "Alfter", 3),            # another Tätigkeit
    ("2025-03-13", "FK1", "SP1", "Netzwerktreffen", 1, "Alfter", 4),     # another day
    ("2025-03-14", "FK1", None, "Verwaltung", 1, None),                  # empty Schwerpunkt and Kommune:
    ("2025-03-14", "FK2", None, "Verwaltung", 2, None),                  # one Termin, nobody attends
    ("2025-03-14", "FK1", None, "Sonstiges", 1, None, 6),                # 6 and 6: one Termin, the
    ("2025-03-14", "FK2", None, "Sonstiges", 1, None, 6),                # first by Stelle carries them
]


def test_entries_of_the_same_date_taetigkeit_schwerpunkt_kommune_are_one_termin():
    e = eintraege(*ZEILEN)
    nummern = termin_nummern(e).tolist()
    assert nummern[0] == nummern[1] == nummern[2]
    assert nummern[7] == nummern[8] and nummern[9] == nummern[10]
    assert len(set(nummern)) == anzahl_termine(e) == 7
    assert type(anzahl_termine(e)) is int and type(teilnehmende(e)) is int  # plain numbers for JSON


def test_participants_of_a_termin_count_once_at_its_largest_number():
    e = eintraege(*ZEILEN)
    once = teilnehmende_einmal(e)
    assert once.fillna(-1).tolist() == [-1, 20, -1, 7, 5, 3, 4, -1, -1, 6, -1]
    # 20 + 7 + 5 + 3 + 4 + 6 (the sum of the entries would be 69)
    assert teilnehmende(e) == 45 and e["teilnehmende"].sum() == 69
    # the index of the entries is kept, so the figures can be summed by any grouping
    assert once.index.equals(e.index)


def test_which_entry_carries_a_termin_does_not_depend_on_the_order_of_the_rows():
    e = eintraege(*ZEILEN)
    e.loc[10, "handlungsfeld"] = "Übergreifend"  # FK2's Sonstiges: another Handlungsfeld
    vorwaerts = teilnehmende_einmal(e)
    rueckwaerts = teilnehmende_einmal(e.iloc[::-1])
    assert rueckwaerts.reindex(e.index).fillna(-1).tolist() == vorwaerts.fillna(-1).tolist()
    # of equal numbers, the entry first by Handlungsfeld (then Stelle) carries them
    assert vorwaerts[9] == 6 and pd.isna(vorwaerts[10])
    e.loc[9, "handlungsfeld"], e.loc[10, "handlungsfeld"] = "Übergreifend", "Bildung"
    assert pd.isna(teilnehmende_einmal(e)[9]) and teilnehmende_einmal(e.iloc[::-1])[10] == 6


def test_termine_per_schwerpunkt_and_taetigkeit():
    counts = termine_je(eintraege(*ZEILEN), ["schwerpunkt", "taetigkeit"])
    assert counts.to_dict() == {("SP1", "Beratung"): 1, ("SP1", "Netzwerktreffen"): 3,
                                ("SP2", "Netzwerktreffen"): 1}


def test_no_entries():
    e = eintraege()
    assert (anzahl_termine(e), teilnehmende(e), len(teilnehmende_einmal(e))) == (0, 0, 0)
    assert termine_je(e, ["schwerpunkt", "taetigkeit"]).empty


def test_every_participant_figure_of_a_report_counts_termine_once(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"), stelle("FK2"),
                    stelle("L1", foerderung="Land", pauschale=None))
    s = summarize(eintraege(*ZEILEN), config, Periode.parse_monat("2025-03"))
    assert s.teilnehmende == 45
    # by Tätigkeit, Kommune and Schwerpunkt the Termine nest, and the groups add up to the total
    assert s.nach_taetigkeit.loc[["Netzwerktreffen", "Beratung", "Sonstiges", "Verwaltung"],
                                 "teilnehmende"].tolist() == [36.0, 3.0, 6.0, 0.0]
    assert s.nach_kommune.loc[["Alfter", "Bornheim", "ohne"], "teilnehmende"].tolist() == [32.0, 7.0, 6.0]
    for frame in (s.nach_taetigkeit, s.nach_kommune, s.nach_schwerpunkt, s.nach_handlungsfeld,
                  s.nach_zieldimension):
        assert frame["teilnehmende"].sum() == 45
    k = kennzahlen(eintraege(*ZEILEN), tag("2025-03-01"), tag("2025-03-31"), "2025-03", "März 2025")
    assert (k.eintraege, k.teilnehmende) == (11, 45)


@pytest.fixture(scope="module")
def generated():
    sys.path.insert(0, str(ROOT / "sample_data"))
    try:
        import erzeugen
    finally:
        sys.path.remove(str(ROOT / "sample_data"))
    return erzeugen.generate()


def _by_hand(entries: list[dict]) -> int:
    """Participants of the generator's own entries, each (date, Tätigkeit, Schwerpunkt, Kommune)
    once at its largest number."""
    termine: dict[tuple, int] = {}
    for e in entries:
        key = (e["datum"], e["taetigkeit"], e["schwerpunkt"], e["kommune"])
        if e["teilnehmende"] is not None:
            termine[key] = max(termine.get(key, 0), e["teilnehmende"])
    return sum(termine.values())


def test_sample_participants_equal_a_count_by_hand(generated):
    config = load_config(ROOT / "sample_data/ki.toml")
    entries = load_entries([ROOT / "sample_data/nachweise"], config).entries
    march = [e for e in generated if e["datum"].month == 3]
    assert summarize(entries, config, Periode.parse_monat("2025-03")).teilnehmende == _by_hand(march) == 689
    assert summarize(entries, config, Periode.parse_jahr("2025")).teilnehmende == _by_hand(generated) == 8632
    # summed over entries the year would say 8907: 275 participants counted twice
    assert sum(e["teilnehmende"] or 0 for e in generated) == 8907
