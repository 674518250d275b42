"""The suggestion tables (konfig/vorschlaege): amounts with source and date, the towns of NRW's
Kreise; the documentation shows the amounts table as the code reads it."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from kibericht.konfig.vorschlaege import (
    KREIS,
    KREISFREI,
    foerdersaetze,
    foerdersaetze_tabelle,
    gebiet,
    gebiete,
    gebiete_quelle,
    kommunen_von,
    vorschlag_hoechstbetrag,
    vorschlag_pauschale,
)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "konfiguration.md"


@pytest.mark.parametrize(("programm", "art", "umfang", "jahr", "betrag"), [
    ("KI", "Fachkraft", 1.0, 2025, 57000),
    ("KI", "Verwaltung", 1.0, 2026, 57000),     # the current row has no last year
    ("KI", "Fachkraft", 0.75, 2025, 42750),     # in proportion: 57 000 × 0.75
    ("KI", "Assistenz", 0.5, 2025, 22500),      # the amount is given for half a Stelle
    ("KI", "Assistenz", 1.0, 2025, 45000),
    ("KI", "Fachkraft", 1.0, 2015, 50000),      # the seed of 2015
    ("KI", "Assistenz", 0.5, 2020, 20000),
    ("KI", "Fachkraft", 1.0, 2021, 55000),      # the change of 30.10.2020
    ("KOMM-AN", "Fachkraft", 1.0, 2025, 57000),
    ("KIM", "Fachkraft", 1.0, 2025, 57000),
])
def test_pauschale_suggestions(programm, art, umfang, jahr, betrag):
    v = vorschlag_pauschale(programm, art, umfang, jahr)
    assert v is not None and v.betrag == Fraction(betrag)
    assert v.quelle and isinstance(v.geprueft, dt.date)


@pytest.mark.parametrize(("programm", "art", "jahr"), [
    ("KI", "Lehrkraft", 2025),     # paid by the Land
    ("KI", "Fachkraft", 2023),     # the sources do not say which amount applied
    ("KI", "Fachkraft", 2011),     # before the KI existed
    ("Eigenmittel", "Fachkraft", 2025),
])
def test_no_suggestion_where_the_table_knows_none(programm, art, jahr):
    assert vorschlag_pauschale(programm, art, 1.0, jahr) is None


def test_the_suggestion_says_how_it_was_computed():
    v = vorschlag_pauschale("KI", "Fachkraft", 0.75, 2025)
    assert v is not None
    assert v.rechnung == "57.000 € je volle Stelle × 0,75"
    assert "Bezirksregierung Arnsberg" in v.kommentar and "geprüft 02.12.2026" in v.kommentar


def test_hoechstbetrag_by_kind_of_ki():
    kreis = vorschlag_hoechstbetrag("KI", KREIS, 2025)
    stadt = vorschlag_hoechstbetrag("KI", KREISFREI, 2025)
    assert kreis is not None and stadt is not None
    assert (kreis.betrag, stadt.betrag) == (6 * 57000 + 22500, 5 * 57000 + 22500)
    assert vorschlag_hoechstbetrag("KI", KREIS, 2024) is None


def test_every_row_has_source_and_date():
    saetze = foerdersaetze()
    for satz in (*saetze.pauschalen, *saetze.hoechstbetraege):
        assert satz.quelle.strip() and satz.geprueft <= dt.date(2026, 12, 31)
        assert satz.bis is None or satz.von <= satz.bis


def test_no_two_rows_for_the_same_programme_art_and_year():
    seen = set()
    for satz in foerdersaetze().pauschalen:
        for art in satz.arten:
            for jahr in range(satz.von, (satz.bis or 2099) + 1):
                assert (satz.programm, art, jahr) not in seen
                seen.add((satz.programm, art, jahr))


def test_the_documentation_shows_the_amounts_table():
    assert foerdersaetze_tabelle() in DOCS.read_text("utf-8")


def test_kreise_and_towns_of_nrw_add_up():
    kreise = [g for g in gebiete() if g.art == KREIS]
    staedte = [g for g in gebiete() if g.art == KREISFREI]
    assert (len(kreise), sum(len(k.kommunen) for k in kreise), len(staedte)) == (31, 374, 22)
    alle = [k for g in kreise for k in g.kommunen]
    assert len(alle) == len(set(alle))
    text, geprueft = gebiete_quelle()
    assert "Gemeindeverzeichnis" in text and geprueft == dt.date(2026, 12, 2)


@pytest.mark.parametrize(("name", "gefunden", "anzahl"), [
    ("Rhein-Sieg-Kreis", "Rhein-Sieg-Kreis", 19),
    ("StädteRegion Aachen", "StädteRegion Aachen", 10),
    ("aachen", "StädteRegion Aachen", 10),
    ("Düren", "Kreis Düren", 15),
    ("kreis soest", "Kreis Soest", 14),
    ("Köln", "Köln", 1),
])
def test_a_kreis_is_found_by_the_ways_people_write_it(name, gefunden, anzahl):
    g = gebiet(name)
    assert g is not None and g.name == gefunden and len(kommunen_von(name)) == anzahl


def test_an_unknown_name_gives_no_towns():
    assert gebiet("Troisdorf") is None and kommunen_von("") == ()
