"""Finding the input files: a copy left in the input folder is found and never counted twice;
the same file reached by two paths is one file; only regular files are read."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.cli import cli
from tests.conftest import HEADER, entry, write_xlsx


def logs(folder):
    write_xlsx(folder / "TN_FK1_2025.xlsx", {"März 2025": [HEADER, entry(3), entry(4, stunden=3.0),
                                                           entry(5, stunden=1.5), entry(10)]})
    write_xlsx(folder / "TN_FK2_2025.xlsx", {"März 2025": [HEADER, entry(3, stelle="FK2"),
                                                           entry(6, stelle="FK2", stunden=4.0)]})


def test_a_windows_copy_is_an_error_naming_both_and_not_counted(tmp_path, config):
    logs(tmp_path)
    shutil.copy(tmp_path / "TN_FK1_2025.xlsx", tmp_path / "TN_FK1_2025 - Kopie.xlsx")
    result = load_entries([tmp_path], config)
    [f] = [f for f in result.findings if f.code == "datei-doppelt"]
    copy = (tmp_path / "TN_FK1_2025 - Kopie.xlsx").as_posix()
    assert (f.schwere, f.datei, f.zeile) == ("fehler", copy, None)
    assert "TN_FK1_2025.xlsx" in f.meldung and "4 Einträge" in f.meldung
    # the copy's rows are rejected, the original's count once; no doppelter-eintrag noise
    assert result.entries["stunden"].sum() == 2.0 + 3.0 + 1.5 + 2.0 + 2.0 + 4.0
    assert len(result.rejected) == 4
    assert not [f for f in result.findings if f.code == "doppelter-eintrag"]


def test_a_partial_copy_and_a_log_that_merely_shares_entries(tmp_path, config):
    logs(tmp_path)
    # an older export holding the first three entries of FK1's log (and nothing else)
    write_xlsx(tmp_path / "alt" / "FK1_Stand_Maerz.xlsx",
               {"März 2025": [HEADER, entry(3), entry(4, stunden=3.0), entry(5, stunden=1.5)]})
    # a team log with one entry that also stands in FK1's log: a coincidence, not a copy
    write_xlsx(tmp_path / "Team.xlsx", {"Team": [HEADER, entry(3), entry(7, stunden=2.5)]})
    result = load_entries([tmp_path], config)
    flagged = sorted(f.datei.rsplit("/", 1)[-1] for f in result.findings if f.code == "datei-doppelt")
    assert flagged == ["FK1_Stand_Maerz.xlsx"]


def test_bericht_refuses_and_trotz_fehlern_counts_once(tmp_path, config_path):
    logs(tmp_path / "in")
    shutil.copy(tmp_path / "in" / "TN_FK2_2025.xlsx", tmp_path / "in" / "TN_FK2_2025 (1).xlsx")
    args = ["bericht", str(tmp_path / "in"), "--config", str(config_path), "--monat", "2025-03",
            "--ausgabe", str(tmp_path / "out"), "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)["fehler"]] == ["datei-doppelt"]
    result = CliRunner().invoke(cli, [*args, "--trotz-fehlern"])
    assert json.loads(result.stdout)["stunden"] == 14.5


def test_own_reports_and_marked_copies_are_never_counted(tmp_path, config_path):
    inputs = tmp_path / "nachweise"
    write_xlsx(inputs / "FK1.xlsx", {"März 2025": [HEADER, entry(3), entry(4, stunden="abc")]})
    runner = CliRunner()
    # a report written into the folder of the logs
    result = runner.invoke(cli, ["bericht", str(inputs), "--config", str(config_path), "--monat", "2025-03",
                                 "--ausgabe", str(inputs / "berichte"), "--trotz-fehlern"])
    assert result.exit_code == 0, result.output
    # marked copies made elsewhere, then copied into the folder of the logs by hand
    result = runner.invoke(cli, ["pruefen", str(inputs), "--config", str(config_path),
                                 "--markiert", str(tmp_path / "markiert")])
    shutil.copytree(tmp_path / "markiert", inputs / "markiert")
    result = runner.invoke(cli, ["pruefen", str(inputs), "--config", str(config_path), "--format", "json"])
    document = json.loads(result.stdout)
    assert document["eintraege"] == 1  # FK1's valid row, once
    own = sorted(f["datei"].rsplit("/", 1)[-1] for f in document["hinweise"] if f["code"] == "eigene-datei")
    assert own == ["FK1.xlsx", "Monatsbericht_2025-03.xlsx"]
    # a corrected copy that replaced the original is read as the log it now is
    shutil.rmtree(inputs / "berichte")
    shutil.move(inputs / "markiert" / "FK1.xlsx", inputs / "FK1.xlsx")
    result = runner.invoke(cli, ["pruefen", str(inputs), "--config", str(config_path), "--format", "json"])
    document = json.loads(result.stdout)
    assert (document["eintraege"], [f["code"] for f in document["fehler"]]) == (1, ["stunden-ungueltig"])
    assert not [f for f in document["hinweise"] if f["code"] == "eigene-datei"]


def test_a_copy_is_counted_once_as_a_copy_not_as_rows_with_errors(tmp_path, config_path):
    logs(tmp_path / "in")
    write_xlsx(tmp_path / "in" / "TN_FK2_2025.xlsx",
               {"März 2025": [HEADER, entry(3, stelle="FK2"), entry(6, stelle="FK2", stunden=4.0),
                              entry(7, stelle="FK2", stunden="abc")]})
    shutil.copy(tmp_path / "in" / "TN_FK1_2025.xlsx", tmp_path / "in" / "TN_FK1_2025 - Kopie.xlsx")
    args = ["pruefen", str(tmp_path / "in"), "--config", str(config_path)]
    text = CliRunner().invoke(cli, args)
    assert text.exit_code == 1
    assert ("3 Dateien, 11 Zeilen gelesen, 6 gültige Einträge, 1 Zeile mit Fehlern, 1 Kopie mit 4 Zeilen "
            "nicht gezählt.") in text.stdout
    document = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    copy = (tmp_path / "in" / "TN_FK1_2025 - Kopie.xlsx").as_posix()
    assert document["kopien"] == [{"datei": copy, "zeilen": 4}]
    report = ["bericht", str(tmp_path / "in"), "--config", str(config_path), "--monat", "2025-03",
              "--ausgabe", str(tmp_path / "out"), "--trotz-fehlern"]
    text = CliRunner().invoke(cli, report)
    assert text.exit_code == 0, text.output
    assert "Nicht gezählt: 1 Zeile mit Fehlern und 1 Kopie mit 4 Zeilen" in text.stdout
    document = json.loads(CliRunner().invoke(cli, [*report, "--format", "json"]).stdout)
    assert document["kopien"] == [{"datei": copy, "zeilen": 4}] and document["stunden"] == 14.5
    # without a copy the documents are as before: no key "kopien"
    (tmp_path / "in" / "TN_FK1_2025 - Kopie.xlsx").unlink()
    assert "kopien" not in json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    assert "Kopie" not in CliRunner().invoke(cli, args).stdout
