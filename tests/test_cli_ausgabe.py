"""Every exit as the contract says: outputs that cannot be written, files never overwritten
unasked, JSON on usage and configuration errors, German throughout."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht.cli import cli
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import file_hashes


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def logs(tmp_path):
    write_xlsx(tmp_path / "in" / "FK1.xlsx", {"März 2025": [HEADER, entry(3), entry(4, stunden=3.5)]})
    return tmp_path / "in"


def test_report_open_in_excel_leaves_every_file_as_it_was(logs, config_path, tmp_path, monkeypatch):
    out = tmp_path / "berichte"
    result = run("bericht", logs, "--config", config_path, "--monat", "2025-03", "--ausgabe", out)
    assert result.exit_code == 0
    before = file_hashes(out)
    real_replace = os.replace

    def excel_holds_the_workbook(src, dst):
        # Windows refuses to move a workbook that Excel has open
        if str(src).endswith("Monatsbericht_2025-03.xlsx"):
            raise PermissionError(errno.EACCES, "Zugriff verweigert", str(src))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", excel_holds_the_workbook)
    (logs / "FK1.xlsx").unlink()
    write_xlsx(logs / "FK1.xlsx", {"März 2025": [HEADER, entry(3, stunden=7.0)]})
    result = run("bericht", logs, "--config", config_path, "--monat", "2025-03", "--ausgabe", out)
    assert result.exit_code == 2
    assert "Monatsbericht_2025-03.xlsx" in result.output
    assert "Schließen Sie die Datei in Excel" in result.output
    assert "Traceback" not in result.output
    assert file_hashes(out) == before  # the charts were not replaced either, no temporary file left


def test_ausgabe_naming_a_file_and_disk_full_in_json(logs, config_path, tmp_path, monkeypatch):
    blocker = tmp_path / "datei.txt"
    blocker.write_text("x")
    result = run("bericht", logs, "--config", config_path, "--monat", "2025-03",
                 "--ausgabe", blocker / "unter", "--format", "json")
    assert result.exit_code == 2
    [fehler] = json.loads(result.stdout)["fehler"]
    assert fehler["code"] == "ausgabe-nicht-schreibbar" and "datei.txt" in fehler["meldung"]
    assert "ist eine Datei, kein Ordner" in fehler["meldung"]

    def disk_full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    result = run("bericht", logs, "--config", config_path, "--monat", "2025-03",
                 "--ausgabe", tmp_path / "voll")
    assert result.exit_code == 2
    assert "kein Platz mehr frei" in result.output and "No space" not in result.output
    assert not [p for p in (tmp_path / "voll").rglob("*") if p.is_file()]


def test_vorlage_never_overwrites_a_filled_log_unless_asked(logs, config_path):
    target = logs / "FK1.xlsx"
    before = target.read_bytes()
    result = run("vorlage", "--jahr", "2025", "--ausgabe", target, "--config", config_path)
    assert result.exit_code == 2
    assert "--ueberschreiben" in result.output and target.read_bytes() == before
    result = run("vorlage", "--jahr", "2025", "--ausgabe", target, "--config", config_path,
                 "--ueberschreiben")
    assert result.exit_code == 0 and target.read_bytes() != before


def test_vorlage_for_a_year_without_schwerpunkte_warns(config_path, tmp_path):
    result = run("vorlage", "--jahr", "2030", "--ausgabe", tmp_path / "V.xlsx", "--config", config_path,
                 "--format", "json")
    assert result.exit_code == 0
    [warnung] = json.loads(result.stdout)["warnungen"]
    assert "2030" in warnung and "kein Themenschwerpunkt" in warnung


@pytest.mark.parametrize("args", [
    ["abschliessen", "x"],                                  # --monat missing
    ["bericht", "x", "--monat", "2025-03"],                 # --ausgabe missing
    ["quote", "x", "--monat", "März"],                      # not a month
    ["quote", "x", "--jahr", "2025", "--periode", "2025-2026"],
    ["vorlage", "--jahr", "1980", "--ausgabe", "x.xlsx"],
    ["foerderung"],                                         # --jahr missing
    ["pruefen", "x", "--gibtsnicht"],
])
def test_usage_errors_print_one_json_document(args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 2, result.output
    document = json.loads(result.stdout)
    assert [f["code"] for f in document["fehler"]] == ["aufruf-ungueltig"]
    assert document["fehler"][0]["meldung"]


def test_configuration_errors_in_json_name_key_and_line(logs, tmp_path):
    (tmp_path / "ki.toml").write_text('[ki]\nname = "KI"\nkommunen = ["A"]\n\n[[programme]]\nname = "KI"\n'
                                      'hoechstbetrag = 170.000\n', "utf-8")
    result = run("pruefen", logs, "--config", tmp_path / "ki.toml", "--format", "json")
    assert result.exit_code == 2
    fehler = json.loads(result.stdout)["fehler"]
    assert ("konfig-ungueltig", 7, "hoechstbetrag") in [(f["code"], f["zeile"], f["spalte"]) for f in fehler]


ENGLISH = re.compile(r"\b(Usage|Options|Error|Missing|required|INTEGER|TEXT|PATH|RANGE|BOOLEAN|FLOAT|"
                     r"Show this|default|is not|does not|Invalid|Unclosed|Expected|File is not)\b")


@pytest.mark.parametrize("command", ["pruefen", "bericht", "quote", "foerderung", "vorlage"])
def test_help_is_german(command):
    for args in ([command, "--help"], ["--help"]):
        result = run(*args)
        assert result.exit_code == 0
        assert not ENGLISH.search(result.output), ENGLISH.search(result.output)


@pytest.mark.parametrize("args", [
    ["pruefen"], ["bericht", "x", "--monat", "2025-03"], ["quote", "x", "--jahr", "zwanzig"],
    ["vorlage", "--jahr", "1980", "--ausgabe", "x.xlsx"], ["pruefen", "x", "--format", "xml"],
    ["foerderung", "--jahr"],
])
def test_usage_errors_are_german(args):
    result = run(*args)
    assert result.exit_code == 2
    assert not ENGLISH.search(result.output), result.output


def test_toml_syntax_error_in_german_with_line_and_column(logs, tmp_path):
    (tmp_path / "ki.toml").write_text('[ki]\nname = "KI"\nkommunen = ["A"]\n[[stellen]]\nid = "FK1"\n'
                                      'besetzt = [ { von = 01.03.2025 } ]\n', "utf-8")
    result = run("pruefen", logs, "--config", tmp_path / "ki.toml")
    assert result.exit_code == 2
    assert "ki.toml:6" in result.output and "Spalte" in result.output and "2025-03-01" in result.output
    assert not ENGLISH.search(result.output), result.output


def test_counts_in_singular_and_plural(logs, config_path):
    result = run("pruefen", logs, "--config", config_path)
    assert "1 Datei, 2 Zeilen gelesen, 2 gültige Einträge, 0 Zeilen mit Fehlern." in result.output
    assert "0 Fehler, 0 Warnungen, 0 Hinweise" in result.output


def test_read_only_folder_for_report_and_marked_copies(logs, config_path, tmp_path, monkeypatch):
    real_open = os.open

    def read_only(path, flags, *args):
        if str(path).endswith(".tmp") and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    write_xlsx(logs / "FK2.xlsx", {"März 2025": [HEADER, entry(5, stunden="abc")]})
    monkeypatch.setattr(os, "open", read_only)
    for args in (["bericht", logs, "--monat", "2025-03", "--ausgabe", tmp_path / "b", "--trotz-fehlern"],
                 ["pruefen", logs, "--markiert", tmp_path / "markiert"]):
        result = run(*args, "--config", config_path)
        assert result.exit_code == 2, result.output
        assert "darf nicht geschrieben werden" in result.output and "Permission" not in result.output
        assert "Traceback" not in result.output
