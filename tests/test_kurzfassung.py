"""The Kurzfassung a Leitung signs says what the tables say: a programme over its cap is
„überschritten“ in the monthly report as in the annual one, and the internal report names the
Stellen that are vacant at the Stichtag (the public version names none)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.ausgabe.abschnitte import abschnitte
from kibericht.cli import cli
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from kibericht.regeln.besetzungsstand import besetzungsstand
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

# FK1 and FK2 claim 50.000 € + 25.000 € (FK2 is vacant from July): over a cap of 60.000 €
UEBER = KI_TOML.replace("hoechstbetrag = 170000", "hoechstbetrag = 60000")


@pytest.fixture
def ki(tmp_path):
    path = tmp_path / "ki.toml"
    path.write_text(UEBER, encoding="utf-8")
    zeilen = [HEADER, entry(3), entry(4, month=7), entry(7, month=7)]
    write_xlsx(tmp_path / "in" / "FK1.xlsx", {"2025": zeilen})
    return path


def _kurzfassung(config_path, periode: Periode, oeffentlich: bool = False) -> list[str]:
    config = load_config(config_path)
    entries = load_entries([config_path.parent / "in"], config).entries
    # as the report writes it: with the vacant Stellen the sections find (abschnitte_stellen)
    return list(abschnitte(berechne_bericht(entries, config, periode), oeffentlich).kurzfassung)


@pytest.mark.parametrize("periode", [Periode.parse_monat("2025-03"), Periode.parse_monat("2025-07"),
                                     Periode.parse_jahr(2025)])
def test_an_exceeded_cap_is_named_in_every_report(ki, periode):
    satz = next(s for s in _kurzfassung(ki, periode) if s.startswith("Pauschale KI"))
    assert satz.endswith("Anspruch im Jahr 75.000,00 €, Höchstbetrag 60.000,00 € – überschritten um "
                        "15.000,00 €."), satz


def test_a_cap_not_exceeded_is_not_called_so(tmp_path):
    path = tmp_path / "ki.toml"
    path.write_text(KI_TOML, encoding="utf-8")
    write_xlsx(tmp_path / "in" / "FK1.xlsx", {"2025": [HEADER, entry(3)]})
    satz = next(s for s in _kurzfassung(path, Periode.parse_monat("2025-03")) if s.startswith("Pauschale"))
    assert satz == ("Pauschale KI: 8.333,34 € im Monat, 25.000,00 € seit Januar, Anspruch im Jahr "
                    "75.000,00 €, Höchstbetrag 170.000,00 €.")


def test_the_internal_kurzfassung_names_the_vacant_stelle_the_public_one_does_not(ki):
    intern = _kurzfassung(ki, Periode.parse_monat("2025-07"))
    assert intern[-1] == "Besetzung am 31.07.2025: 1 von 3 VZÄ unbesetzt – FK2 Fachkraft 2: 1 VZÄ."
    oeffentlich = _kurzfassung(ki, Periode.parse_monat("2025-07"), oeffentlich=True)
    assert oeffentlich[-1] == "Besetzung am 31.07.2025: 1 von 3 VZÄ unbesetzt."
    maerz = _kurzfassung(ki, Periode.parse_monat("2025-03"))
    assert maerz[-1] == "Besetzung am 31.03.2025: alle 3 VZÄ besetzt."


def test_the_terminal_text_of_the_internal_report_names_the_vacant_stelle(ki, tmp_path):
    args = ["bericht", str(tmp_path / "in"), "--config", str(ki), "--monat", "2025-07", "--ausgabe"]
    intern = CliRunner().invoke(cli, [*args, str(tmp_path / "out")])
    assert intern.exit_code == 3, intern.output  # the cap is exceeded
    assert "Besetzung am 31.07.2025: 1 von 3 VZÄ unbesetzt (FK2: 1 VZÄ)" in intern.stdout
    oeffentlich = CliRunner().invoke(cli, [*args, str(tmp_path / "pub"), "--oeffentlich"])
    assert "Besetzung am 31.07.2025: 1 von 3 VZÄ unbesetzt\n" in oeffentlich.stdout
    assert "FK2" not in oeffentlich.stdout


def test_partly_filled_stellen_are_named_with_their_unfilled_share(tmp_path):
    path = tmp_path / "ki.toml"
    path.write_text(KI_TOML.replace('besetzt = [ { von = 2025-01-01, bis = 2025-06-30 } ]',
                                    'besetzt = [ { von = 2025-01-01, umfang = 0.75 } ]'), encoding="utf-8")
    config = load_config(path)
    stand = besetzungsstand("alle", config.stellen, 2025, (1,), dt.date(2025, 1, 31))
    assert stand.unbesetzte_stellen == (("FK2", Fraction(1, 4)),)
    assert stand.text_mit_stellen == "0,25 von 3 VZÄ unbesetzt (FK2: 0,25 VZÄ)"
    voll = besetzungsstand("alle", config.stellen[:1], 2025, (1,), dt.date(2025, 1, 31))
    assert voll.unbesetzte_stellen == () and voll.text_mit_stellen == "alle 1 VZÄ besetzt"
