"""Dates that do not fit their sheet or file name: a typo in the year must not move hours."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.cli import cli
from kibericht.regeln.blattdatum import blatt_zeitraum, datei_jahr
from tests.conftest import HEADER, entry, write_xlsx


def test_sheet_and_file_names():
    assert blatt_zeitraum("Jan 2025") == (2025, (1,))
    assert blatt_zeitraum("2025-03") == (2025, (3,))
    assert blatt_zeitraum("1. Quartal 2025") == (2025, (1, 2, 3))
    assert blatt_zeitraum("Q4") == (None, (10, 11, 12))
    assert blatt_zeitraum("Jan–Mär 2025") == (2025, (1, 2, 3))
    assert blatt_zeitraum("2025") == (2025, None)
    assert blatt_zeitraum("Tabelle1") == (None, None)
    assert blatt_zeitraum("2024-2025") == (None, None)  # two years: nothing to check against
    assert datei_jahr("nachweise/TN_FK2_2025.xlsx") == 2025
    assert datei_jahr("Nachweis_2024_2025.xlsx") is None


def test_wrong_year_is_an_error_wrong_month_a_warning(tmp_path, config):
    path = write_xlsx(tmp_path / "FK1.xlsx", {"Jan 2025": [
        HEADER,
        entry(8, month=1, year=2025),
        entry(8, month=1, year=2024),   # 08.01.2024 on „Jan 2025“: would vanish from January
        entry(3, month=2, year=2025),   # a February date on the January sheet
    ]})
    result = load_entries([path], config)
    found = [(f.zeile, f.spalte, f.code, f.schwere) for f in result.findings
             if f.code.startswith("datum-")]
    assert found == [(3, "Datum", "datum-jahr-abweichend", "fehler"),
                     (4, "Datum", "datum-monat-abweichend", "warnung")]
    [year] = [f for f in result.findings if f.code == "datum-jahr-abweichend"]
    assert "08.01.2024" in year.meldung and "2025" in year.meldung and "Jan 2025" in year.meldung
    # the row with the wrong year is not counted anywhere; the February one counts in February
    assert sorted(result.entries["_zeile"]) == [2, 4]
    assert list(result.rejected["_zeile"]) == [3]


def test_year_from_the_file_name_when_the_sheet_names_none(tmp_path, config):
    path = write_xlsx(tmp_path / "TN_FK1_2025.xlsx", {"März": [
        HEADER, entry(3, year=2025), entry(4, year=2026)]})
    result = load_entries([path], config)
    [f] = [f for f in result.findings if f.code == "datum-jahr-abweichend"]
    assert (f.zeile, f.wert) == (3, "04.03.2026") and "TN_FK1_2025.xlsx" in f.meldung


def test_bericht_refuses_a_month_with_a_misdated_entry(tmp_path, config_path):
    write_xlsx(tmp_path / "in" / "FK1.xlsx", {"Jan 2025": [HEADER, entry(8, month=1),
                                                            entry(9, month=1, year=2024, sp=None)]})
    result = CliRunner().invoke(cli, ["bericht", str(tmp_path / "in"), "--config", str(config_path),
                                      "--monat", "2025-01", "--ausgabe", str(tmp_path / "out"),
                                      "--format", "json"])
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)["fehler"]] == ["datum-jahr-abweichend"]
    assert not (tmp_path / "out").exists()
