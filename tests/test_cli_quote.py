"""`kibericht quote` through click's CliRunner: exit codes, JSON document, messages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kibericht.cli import cli
from tests.conftest import HEADER, entry, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
QUOTE_KEYS = {"zeitraum", "stunden", "stunden_schwerpunkte", "anteil", "mindestanteil", "erfuellt", "monate"}


def run(*args: str):
    return CliRunner().invoke(cli, ["quote", *map(str, args)])


def log(tmp_path, *rows) -> Path:
    return write_xlsx(tmp_path / "nachweise" / "FK1.xlsx", {"März": [HEADER, *rows]})


def test_month_met_json(tmp_path, config_path):
    # 3 h with SP1 of 4 h = 0.75
    log(tmp_path, entry(3, stunden=3), entry(4, sp=None, stunden=1, taet="Verwaltung"))
    result = run(tmp_path / "nachweise", "--monat", "2025-03", "--config", config_path, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert QUOTE_KEYS <= set(doc)
    assert (doc["zeitraum"], doc["stunden"], doc["stunden_schwerpunkte"], doc["anteil"], doc["erfuellt"]) == \
        ("2025-03", 4.0, 3.0, 0.75, True)
    assert doc["monate"] == {"2025-03": 0.75}


def test_month_not_met_exits_3_and_shows_the_shortfall(tmp_path, config_path):
    # 1 of 4 h = 25 %: 0.5 × 4 − 1 = 1 h short
    log(tmp_path, entry(3, stunden=1), entry(4, sp=None, stunden=3, taet="Verwaltung"))
    result = run(tmp_path / "nachweise", "--monat", "2025-03", "--config", config_path)
    assert result.exit_code == 3
    assert "nicht erfüllt" in result.stdout
    assert "25,0 %" in result.stdout
    assert "Es fehlen 1,00 Stunden" in result.stdout


def test_month_without_entries_is_undefined(tmp_path, config_path):
    log(tmp_path, entry(3))
    result = run(tmp_path / "nachweise", "--jahr", "2025", "--config", config_path, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["anteil"], doc["erfuellt"]) == (1.0, True)
    assert (doc["monate"]["2025-03"], doc["monate"]["2025-04"]) == (1.0, None)
    text = run(tmp_path / "nachweise", "--jahr", "2025", "--config", config_path)
    assert text.exit_code == 0
    assert "11 Monate ohne Einträge („–“)" in text.stdout
    # a period without any entry is no quota of 0 % and no pass: exit 1, nothing to measure
    assert run(tmp_path / "nachweise", "--monat", "2025-04", "--config", config_path).exit_code == 1


def test_exactly_one_period_option(tmp_path, config_path):
    log(tmp_path, entry(3))
    for args in ([], ["--monat", "2025-03", "--jahr", "2025"]):
        result = run(tmp_path / "nachweise", "--config", config_path, *args)
        assert result.exit_code == 2
        assert "genau eines" in result.stderr
    bad = run(tmp_path / "nachweise", "--config", config_path, "--monat", "2025-13")
    assert bad.exit_code == 2 and "kein Monat" in bad.stderr
    assert "Traceback" not in bad.output


def test_data_errors_exit_1_unless_trotz_fehlern(tmp_path, config_path):
    log(tmp_path, entry(3, stunden=3), entry(4, stunden="abc"))
    result = run(tmp_path / "nachweise", "--monat", "2025-03", "--config", config_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "FK1.xlsx:März:3: fehler" in result.stderr
    as_json = run(tmp_path / "nachweise", "--monat", "2025-03", "--config", config_path, "--format", "json")
    assert as_json.exit_code == 1
    assert [f["zeile"] for f in json.loads(as_json.stdout)["fehler"]] == [3]
    anyway = run(tmp_path / "nachweise", "--monat", "2025-03", "--config", config_path, "--trotz-fehlern",
                 "--format", "json")
    assert anyway.exit_code == 0
    assert json.loads(anyway.stdout)["stunden"] == 3.0


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["quote", "--help"])
    assert result.exit_code == 0
    assert "Beispiel" in result.output and "--periode 2025-2026" in result.output


def test_sample_year_and_august():
    args = [ROOT / "sample_data/nachweise", "--config", ROOT / "sample_data/ki.toml"]
    golden = json.loads((ROOT / "tests/golden/sample_2025.json").read_text("utf-8"))
    result = run(*args, "--jahr", "2025", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["monate"] == {m: round(v["stunden_schwerpunkte"] / v["stunden"], 4)
                             for m, v in golden["monate"].items()}
    august = run(*args, "--monat", "2025-08")
    assert august.exit_code == 3
    # 0.5 × 555.25 − 182.25 = 95.375 h
    assert "95,38" in august.stdout
    periode = run(*args, "--periode", "2025-2026", "--format", "json")
    assert periode.exit_code == 0
    assert len(json.loads(periode.stdout)["monate"]) == 24
