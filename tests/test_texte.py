"""The report's words (`ausgabe.texte`): the Kurzfassung names a cap exceeded and by how much, and
the Stellen vacant at the Stichtag (the public version: their groups, never a Stelle); one way to
name a month."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kibericht.ausgabe import texte
from kibericht.ausgabe.abschnitte import abschnitte
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.druck_ki import grosses_ki


@pytest.fixture(scope="module")
def ki(tmp_path_factory):
    return grosses_ki(tmp_path_factory.mktemp("ki"))


def _bericht(ki, periode: Periode):
    config, frame = ki
    return berechne_bericht(frame, config, periode)


def test_the_kurzfassung_of_june_names_the_exceeded_cap_and_the_vacant_stelle(ki):
    # KI: 8 Stellen of 57 000 € a year, S04 vacant from April: 7 × 57 000 + 57 000 × 3/12 = 413 250 €
    # against a cap of 120 000 €; KIM-Koordination: 2 × 57 000 € under its cap of 400 000 €
    saetze = abschnitte(_bericht(ki, Periode.parse_monat("2025-06"))).kurzfassung
    assert saetze[2] == ("Pauschale KI: 33.250,00 € im Monat, 213.750,00 € seit Januar, Anspruch im Jahr "
                         "413.250,00 €, Höchstbetrag 120.000,00 € – überschritten um 293.250,00 €.")
    assert saetze[3] == ("Pauschale KIM-Koordination: 9.500,00 € im Monat, 57.000,00 € seit Januar, Anspruch "
                         "im Jahr 114.000,00 €, Höchstbetrag 400.000,00 €.")
    assert saetze[-1] == ("Besetzung am 30.06.2025: 1 von 14 VZÄ unbesetzt – S04 Verwaltung im Team Bildung "
                          "(Stellenplan Nr. 103): 1 VZÄ.")


def test_the_kurzfassung_of_a_year_says_the_same_and_march_names_no_vacancy(ki):
    jahr = abschnitte(_bericht(ki, Periode.parse_jahr("2025"))).kurzfassung
    assert ("Pauschale KI: Anspruch im Jahr 413.250,00 €, Höchstbetrag 120.000,00 € – überschritten um "
            "293.250,00 €.") in jahr
    assert "Pauschale KIM-Koordination: Anspruch im Jahr 114.000,00 €, Höchstbetrag 400.000,00 €." in jahr
    assert jahr[-1].endswith("– S04 Verwaltung im Team Bildung (Stellenplan Nr. 103): 1 VZÄ.")
    maerz = abschnitte(_bericht(ki, Periode.parse_monat("2025-03"))).kurzfassung
    assert maerz[-1] == "Besetzung am 31.03.2025: alle 14 VZÄ besetzt."
    assert sum("überschritten" in s for s in maerz) == 1  # the entitlement of the year, known ahead


def test_the_public_kurzfassung_names_groups_not_stellen(ki):
    b = _bericht(ki, Periode.parse_monat("2025-06"))
    werte = {"eintraege": 300, "stunden": 588.0, "teilnehmende": 4171, "vormonat_stunden": 512.25,
             "anteil": 0.565, "anteil_bis_jetzt": 0.529,
             "bilanz": {"erreicht": 5, "auf_kurs": 4, "im_verzug": 0, "geheim": 0, "manuell": 0}}
    saetze = texte.kurzfassung_oeffentlich(b, werte)
    # groups: Lehrkraft, Fachkraft and „weitere Stellen“ (Verwaltung and Assistenz, S04 among them)
    assert saetze[-1] == "Besetzung am 30.06.2025: 1 von 14 VZÄ unbesetzt – weitere Stellen: 1 VZÄ."
    assert not any("S04" in s or "Stellenplan" in s for s in saetze)
    assert any("überschritten um 293.250,00 €" in s for s in saetze)


def test_a_stelle_vacant_in_part_and_the_month_names(ki):
    stelle = ki[0].stellen[1]
    assert texte.unbesetzt_stelle(stelle, Fraction(1, 4)) == (
        "S02 Fachkraft im Team Integration (Stellenplan Nr. 101): 0,25 VZÄ")
    assert [texte.monat_titel(m) for m in ("2025-01", "2025-03", "2024-12")] == [
        "Januar 2025", "März 2025", "Dezember 2024"]
