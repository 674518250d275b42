"""The pruefen and bericht commands through CliRunner: exit codes, output, JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kibericht import __version__
from kibericht.cli import cli
from tests.conftest import HEADER, SAMPLE, entry, write_xlsx


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_version_and_german_help():
    assert run("--version").output.strip() == f"kibericht {__version__}"
    for command in ("pruefen", "bericht"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Beispiel:" in result.output


def test_pruefen_clean_input_exit_0(tmp_path, config_path):
    write_xlsx(tmp_path / "in" / "a.xlsx", {"A": [HEADER, entry(3), entry(4)]})
    result = run("pruefen", tmp_path / "in", "--config", config_path)
    assert result.exit_code == 0, result.output
    assert "0 Fehler, 0 Warnungen, 0 Hinweise" in result.output


def test_pruefen_lists_findings_in_editor_form(tmp_path, config_path):
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Mär": [HEADER, entry(3, stunden="abc"), entry(1)]})
    result = run("pruefen", tmp_path / "in", "--config", config_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    datei = (tmp_path / "in" / "a.xlsx").as_posix()
    assert lines[0].startswith(f"{datei}:Mär:2: fehler [stunden-ungueltig] Spalte Stunden:")
    assert lines[1].startswith(f"{datei}:Mär:3: warnung [wochenende]")
    assert "1 × fehler [stunden-ungueltig]" in result.output
    assert "1 Fehler, 1 Warnung, 0 Hinweise" in result.output


def test_pruefen_json(tmp_path, config_path):
    write_xlsx(tmp_path / "in" / "a.xlsx", {"A": [HEADER, entry(3, stelle="XX"), entry(4)]})
    result = run("pruefen", tmp_path / "in", "--config", config_path, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["eintraege"] == 1
    [f] = document["fehler"]
    assert {k: f[k] for k in ("schwere", "code", "blatt", "zeile", "spalte", "wert")} == {
        "schwere": "fehler", "code": "stelle-unbekannt", "blatt": "A", "zeile": 2,
        "spalte": "Stelle", "wert": "XX"}
    assert document["warnungen"] == [] and document["hinweise"] == []


def test_bad_config_exit_2_without_traceback(tmp_path):
    path = tmp_path / "ki.toml"
    path.write_text("[ki]\nname = 'x'\nkommunen = []\ntippfehler = 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["pruefen", str(tmp_path), "--config", str(path)])
    assert result.exit_code == 2
    assert "tippfehler" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["pruefen", str(tmp_path), "--config", str(tmp_path / "x.toml")])
    assert missing.exit_code == 2 and "nicht gefunden" in missing.output


def test_bericht_refuses_errors_unless_trotz_fehlern(tmp_path, config_path):
    write_xlsx(tmp_path / "in" / "a.xlsx", {"A": [HEADER, entry(3, stunden="abc"), entry(4)]})
    out = tmp_path / "out"
    refused = run("bericht", tmp_path / "in", "--config", config_path, "--monat", "2025-03",
                  "--ausgabe", out)
    assert refused.exit_code == 1
    assert not out.exists() or not any(out.iterdir())
    forced = run("bericht", tmp_path / "in", "--config", config_path, "--monat", "2025-03",
                 "--ausgabe", out, "--trotz-fehlern", "--format", "json")
    assert forced.exit_code == 0
    document = json.loads(forced.output)
    assert document["eintraege"] == 1 and document["stunden"] == 2.0
    assert [f["code"] for f in document["fehler"]] == ["stunden-ungueltig"]
    assert (out / "Monatsbericht_2025-03.xlsx").exists()


def test_bericht_usage_errors(tmp_path, config_path):
    for args in (["--monat", "2025-13"], ["--monat", "2025-03", "--jahr", "2025"], []):
        result = CliRunner().invoke(cli, ["bericht", str(tmp_path), "--config", str(config_path),
                                          "--ausgabe", str(tmp_path / "o"), *args])
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


def test_bericht_sample_json(tmp_path):
    result = run("bericht", SAMPLE / "nachweise", "--config", SAMPLE / "ki.toml", "--monat",
                 "2025-03", "--ausgabe", tmp_path, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["zeitraum"] == "2025-03"
    assert document["stunden"] == 889.25
    assert document["schwerpunktanteil"] == 0.5873
    assert document["dateien"][0] == "Monatsbericht_2025-03.xlsx"
    # the sample's four warnings are in May, June, September and December: not March's
    assert document["warnungen"] == [] and document["fehler"] == []
    assert document["fehler_andere_monate"] == []
    golden = json.loads((SAMPLE.parent / "tests" / "golden" / "sample_2025.json").read_text("utf-8"))
    februar = golden["monate"]["2025-02"]
    assert (document["vormonat"]["stunden"], document["vormonat"]["stunden_schwerpunkte"]) == (
        februar["stunden"], februar["stunden_schwerpunkte"])
    assert document["vorjahresmonat"] is None  # the sample holds no 2024
    bis_maerz = [golden["monate"][m] for m in ("2025-01", "2025-02", "2025-03")]
    assert document["bis_jetzt"]["stunden"] == sum(m["stunden"] for m in bis_maerz)
    assert document["bis_jetzt"]["stunden_schwerpunkte"] == sum(m["stunden_schwerpunkte"] for m in bis_maerz)
    # KI 2025 (computed by hand): FK1, FK2, VW1 at 57 000 € (57 000 / 12 = 4 750,00 a month) and VA1 at
    # 22 500 € (1 875,00 a month), all filled January to March: 3 × 4 750 + 1 875 = 16 125,00 in
    # March, 3 × 16 125 = 48 375,00 January to March
    assert document["foerderung"]["KI"]["bis_monat"] == 48375.0
    assert document["foerderung"]["KI"]["monat"] == 16125.0


def test_bericht_exit_3_when_quota_not_met_but_report_written(tmp_path):
    # August 2025 of the sample: 182.25 of 555.25 hours carry a Schwerpunkt (32.8 % < 50 %)
    result = run("bericht", SAMPLE / "nachweise", "--config", SAMPLE / "ki.toml", "--monat",
                 "2025-08", "--ausgabe", tmp_path, "--format", "json")
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert (document["stunden"], document["stunden_schwerpunkte"]) == (555.25, 182.25)
    assert document["quote_erfuellt"] is False
    assert (tmp_path / "Monatsbericht_2025-08.xlsx").exists()


def test_a_period_without_entries_writes_nothing_and_says_why(tmp_path, config_path):
    (tmp_path / "leer").mkdir()
    write_xlsx(tmp_path / "voll" / "a.xlsx", {"März": [HEADER, entry(3), entry(28)]})
    for folder, args, hint in (
            ("leer", ["bericht", "--monat", "2025-03", "--ausgabe", tmp_path / "o"], "richtigen Ordner"),
            ("leer", ["quote", "--jahr", "2025"], "richtigen Ordner"),
            ("voll", ["bericht", "--jahr", "2024", "--ausgabe", tmp_path / "o"], "03.03.2025 bis 28.03.2025"),
            ("voll", ["quote", "--monat", "2025-04"], "Zeitraum")):
        result = CliRunner().invoke(cli, [str(a) for a in [args[0], tmp_path / folder, *args[1:],
                                                            "--config", config_path]])
        assert result.exit_code == 1, (args, result.output)
        assert hint in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
    result = CliRunner().invoke(cli, ["quote", str(tmp_path / "voll"), "--monat", "2025-04", "--config",
                                      str(config_path), "--format", "json"])
    assert [f["code"] for f in json.loads(result.stdout)["fehler"]] == ["zeitraum-leer"]
    # pruefen of an empty folder is no error: a note says the folder is empty
    result = CliRunner().invoke(cli, ["pruefen", str(tmp_path / "leer"), "--config", str(config_path)])
    assert result.exit_code == 0 and "ordner-leer" in result.output


def test_click_messages_are_german(tmp_path, config_path):
    result = CliRunner().invoke(cli, ["bericht", str(tmp_path), "--monta", "2025-03"])
    assert result.exit_code == 2
    assert "Unbekannte Option" in result.output and "bericht [OPTIONEN] [EINGABE]" in result.output
    assert "Optionen:" in CliRunner().invoke(cli, ["pruefen", "--help"]).output


def test_no_english_from_click_in_help_and_usage_errors(tmp_path):
    for args in (["--help"], ["pruefen"], ["vorlage", "--help"], ["pruefen", "x", "--monta"],
                 ["vorlage", "--jahr", "1800", "--ausgabe", str(tmp_path / "v.xlsx")]):
        output = CliRunner().invoke(cli, args).output
        for english in ("Usage", "Options", "Missing", "required", "Error", "No such", "is not",
                        "INTEGER", "TEXT"):
            assert english not in output, (args, english, output)


def test_bericht_oeffentlich_never_with_names(tmp_path):
    result = run("bericht", SAMPLE / "nachweise", "--config", SAMPLE / "ki.toml", "--monat", "2025-03",
                 "--ausgabe", tmp_path, "--oeffentlich", "--mit-namen")
    assert result.exit_code == 2 and "schließen sich aus" in result.output
    assert not any(tmp_path.iterdir())
