"""`kibericht foerderung` through click's CliRunner: exit codes, JSON document, messages."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kibericht.cli import cli
from tests.conftest import HEADER, entry, write_xlsx
from tests.stellenplan import konfig, programm, stelle


def run(*args):
    return CliRunner().invoke(cli, ["foerderung", *map(str, args)])


def test_year_without_logs_json(config_path):
    # FK1 all year: 50 000; FK2 01.01.–30.06.: 6 × 4166.666… = 25 000; L1 is paid by the Land
    result = run("--jahr", "2025", "--config", config_path, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"jahr", "anteilig", "stellen", "programme", "warnungen"} <= set(doc)
    assert set(doc["stellen"]) == {"FK1", "FK2"}
    # paid in whole cents whose running totals are the exact ones rounded: 4166.67, 8333.33, 12500, …
    assert doc["stellen"]["FK2"]["monate"] == [4166.67, 4166.66, 4166.67] * 2 + [0.0] * 6
    assert doc["stellen"]["FK2"]["anspruch"] == 25000.0
    assert sum(round(m * 100) for m in doc["stellen"]["FK2"]["monate"]) == 25000_00
    assert doc["programme"]["KI"] | {"monate_kumuliert": None} == {
        "anspruch": 75000.0, "hoechstbetrag": 170000.0, "foerderfaehig": 75000.0, "ueberschritten": False,
        "ueberschreitung": 0.0, "monate_kumuliert": None}
    # the programme's running total: FK1 + FK2 each rounded to the cent month by month
    assert doc["programme"]["KI"]["monate_kumuliert"][:3] == [8333.34, 16666.66, 25000.0]
    assert "soll_ist" not in doc


def test_text_names_the_rule(tmp_path):
    konfig(tmp_path, programm(), stelle("FK1"), regeln='anteilig = "volle_monate"')
    result = run("--jahr", "2025", "--config", tmp_path / "ki.toml")
    assert result.exit_code == 0
    assert "Anteilige Berechnung bei Vakanz und Teilzeit: volle Monate" in result.stdout
    assert "60.000,00" in result.stdout and "im Rahmen" in result.stdout


def test_programme_over_cap_exits_3_and_says_by_how_much(tmp_path):
    # 4 × 50 000 = 200 000 against 170 000
    konfig(tmp_path, programm(), *[stelle(f"FK{i}", pauschale="50000") for i in range(1, 5)])
    result = run("--jahr", "2025", "--config", tmp_path / "ki.toml", "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["programme"]["KI"]["ueberschreitung"] == 30000.0
    assert "„KI“ überschreitet 2025 seinen Höchstbetrag um 30.000,00 €" in result.stderr
    text = run("--jahr", "2025", "--config", tmp_path / "ki.toml")
    assert text.exit_code == 3
    assert "überschritten um 30.000,00 €" in text.stdout


def test_with_logs_soll_ist_and_warnings(tmp_path, config_path):
    # FK1 documents January and March; FK2 (besetzt) nothing: checked through March, the last month
    write_xlsx(tmp_path / "n" / "log.xlsx", {"A": [HEADER, entry(7, month=1, stunden=8),
                                                   entry(4, month=3, stunden=6)]})
    result = run(tmp_path / "n", "--jahr", "2025", "--config", config_path, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # FK1 January: Soll 22 × 39/5 = 171.6 h, Ist 8 h
    assert doc["soll_ist"]["FK1"]["monate"]["2025-01"] == {"soll": 171.6, "ist": 8.0}
    assert list(doc["soll_ist"]["FK1"]["monate"]) == ["2025-01", "2025-02", "2025-03"]
    assert sorted((w["code"], w["wert"], w["datei"]) for w in doc["warnungen"]) == [
        ("keine-stunden", "FK1", "ki.toml"), ("keine-stunden", "FK2", "ki.toml"),
        ("keine-stunden", "FK2", "ki.toml"), ("keine-stunden", "FK2", "ki.toml")]
    text = run(tmp_path / "n", "--jahr", "2025", "--config", config_path)
    assert "Soll/Ist-Stunden Januar bis März 2025" in text.stdout
    assert "[keine-stunden]" in text.stdout


def test_data_errors_in_logs_exit_1(tmp_path, config_path):
    write_xlsx(tmp_path / "n" / "log.xlsx", {"A": [HEADER, entry(7, stunden="abc")]})
    result = run(tmp_path / "n", "--jahr", "2025", "--config", config_path)
    assert result.exit_code == 1
    assert "log.xlsx:A:2: fehler" in result.stderr


def test_usage_errors(config_path):
    assert run("--jahr", "abc", "--config", config_path).exit_code == 2
    missing = run("--config", config_path)
    assert missing.exit_code == 2 and "Förderjahr" in missing.stderr
    help_text = CliRunner().invoke(cli, ["foerderung", "--help"]).output
    assert "Beispiel" in help_text and "--jahr 2025" in help_text
