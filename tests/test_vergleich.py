"""The month in context, computed by hand: previous month, same month last year, year to date,
counts per Tätigkeit, Teilnehmende, funding of the month and the year to date, covered months."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from kibericht.regeln.vergleich import monatsbereich_titel, vergleiche
from tests.stellenplan import eintraege, konfig, programm, stelle


def _log() -> pd.DataFrame:
    frame = eintraege(
        ("2024-03-04", "A", "SP1", "Beratung", 2.0),  # March 2024: same month last year
        ("2025-01-31", "A", None, "Verwaltung", 1.25),
        ("2025-02-03", "A", "SP1", "Beratung", 3.0),
        ("2025-02-28", "B", "SP2", "Veranstaltung", 4.5),
        ("2025-03-03", "A", "SP1", "Beratung", 1.5),
        ("2025-03-04", "B", None, "Veranstaltung", 2.25),
        ("2025-03-31", "B", "SP2", "Veranstaltung", 0.75),
        ("2025-04-01", "A", "SP1", "Beratung", 8.0),  # after the month: in no comparison
    )
    frame["teilnehmende"] = [5, None, 2, 30, 1, 12, None, 99]
    frame["handlungsfeld"] = ["Bildung", "Übergreifend", "Bildung", "Querschnitt", "Bildung",
                              "Querschnitt", "Querschnitt", "Bildung"]
    return frame


def test_comparisons_of_a_month_by_hand():
    v = vergleiche(_log(), Periode.parse_monat("2025-03"), 0)
    assert (v.zeitraum.eintraege, v.zeitraum.stunden, v.zeitraum.stunden_schwerpunkte,
            v.zeitraum.teilnehmende) == (3, 4.5, 2.25, 13)
    assert v.zeitraum.anteil == 0.5
    assert (v.vormonat.label, v.vormonat.eintraege, v.vormonat.stunden, v.vormonat.teilnehmende) == (
        "2025-02", 2, 7.5, 32)
    vorjahr = v.vorjahresmonat
    assert (vorjahr.label, vorjahr.stunden, vorjahr.anteil) == ("2024-03", 2.0, 1.0)
    # January (1,25 h without Schwerpunkt) + February + March
    assert (v.bis_jetzt.eintraege, v.bis_jetzt.stunden, v.bis_jetzt.stunden_schwerpunkte) == (6, 13.25, 9.75)
    assert v.bis_jetzt.titel == "Januar bis März 2025"
    assert v.bis_jetzt.to_json() == {"zeitraum": "2025-01 bis 2025-03", "eintraege": 6, "stunden": 13.25,
                                     "stunden_schwerpunkte": 9.75, "schwerpunktanteil": 0.7358,
                                     "teilnehmende": 45}


def test_a_month_without_entries_has_no_figures_not_zeros():
    v = vergleiche(_log(), Periode.parse_monat("2024-04"), 0)
    assert v.zeitraum is None and v.vormonat.label == "2024-03" and v.vorjahresmonat is None
    # January: the previous month is December of the year before
    v = vergleiche(_log(), Periode.parse_monat("2025-01"), 0)
    assert v.vormonat is None and v.vorjahresmonat is None and v.zeitraum.stunden == 1.25


def test_an_unfinished_year_compares_the_same_months_of_the_year_before():
    v = vergleiche(_log(), Periode.parse_jahr("2025"), 4)
    assert v.zeitraum.titel == "Januar bis April 2025" and v.zeitraum.stunden == 21.25
    assert (v.vorjahr.titel, v.vorjahr.stunden) == ("Januar bis April 2024", 2.0)
    assert monatsbereich_titel(2025, 1, 6) == "Januar bis Juni 2025"
    assert monatsbereich_titel(2025, 3, 3) == "März 2025"


def test_report_value_counts_funding_and_covered_months(tmp_path):
    config = konfig(tmp_path, programm("KI", "170000"), stelle("A", "50000"), stelle("B", "20000"))
    log = _log()
    b = berechne_bericht(log, config, Periode.parse_monat("2025-03"))
    s = b.summary
    assert s.teilnehmende == 13
    assert s.nach_taetigkeit.loc["Beratung", "eintraege"] == 1
    assert s.nach_taetigkeit.loc["Veranstaltung", "eintraege"] == 2
    assert s.taetigkeit_handlungsfeld.loc["Veranstaltung"].to_dict() == {
        "Bildung": 0, "Querschnitt": 2, "KIM": 0, "Übergreifend": 0}
    assert s.taetigkeit_schwerpunkt.loc["Veranstaltung", "SP2"] == 1
    assert s.taetigkeit_schwerpunkt.loc["Veranstaltung", "ohne Schwerpunkt"] == 1
    ki = b.foerderung.programme[0]
    # 70 000 € a year: 5 833,33 · 5 833,34 · 5 833,33 (A: 4 166,67 4 166,66 4 166,67, B: 1 666,67 …)
    assert [ki.im_monat(m) for m in (1, 2, 3)] == [Fraction("5833.34"), Fraction("5833.32"),
                                                  Fraction("5833.34")]
    assert ki.bis_monat(3) == ki.im_monat(1) + ki.im_monat(2) + ki.im_monat(3) == Fraction(17500)
    assert b.titel == "März 2025" and b.stand.isoformat() == "2025-03-31"
    document = bericht_dokument(b, [])
    assert document["teilnehmende"] == 13
    assert document["anzahl_nach_taetigkeit"] == {"Beratung": 1, "Veranstaltung": 2}
    assert document["vormonat"] == {"zeitraum": "2025-02", "eintraege": 2, "stunden": 7.5,
                                    "stunden_schwerpunkte": 7.5, "schwerpunktanteil": 1.0, "teilnehmende": 32}
    assert document["vorjahresmonat"]["stunden"] == 2.0 and document["bis_jetzt"]["stunden"] == 13.25
    assert document["foerderung"]["KI"]["monat"] == 5833.34
    assert document["foerderung"]["KI"]["bis_monat"] == 17500.0
    year = berechne_bericht(log, config, Periode.parse_jahr("2025"))
    assert year.titel == "Januar bis April 2025" and year.monate == (1, 2, 3, 4)
    assert year.stichtag.isoformat() == "2025-04-30"
    assert year.stand.isoformat() == "2025-04-01"
