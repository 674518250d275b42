"""A monthly report is blocked only by its own month: which errors belong to it, and the CLI."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from kibericht.befunde import befund
from kibericht.cli import cli
from kibericht.periode import Periode
from kibericht.regeln.zuordnung import teile_befunde, zum_zeitraum
from tests.conftest import HEADER, entry, write_xlsx
from tests.stellenplan import eintraege

MAERZ = Periode.parse_monat("2025-03")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_row_belongs_by_its_date_or_else_by_its_sheet():
    assert zum_zeitraum(dt.date(2025, 3, 5), "a.xlsx", "2025", MAERZ)
    assert not zum_zeitraum(dt.date(2025, 4, 5), "a.xlsx", "2025", MAERZ)
    # no usable date: the sheet decides, and an unsure sheet counts for the month
    assert not zum_zeitraum(None, "a.xlsx", "Apr 2025", MAERZ)
    assert zum_zeitraum(None, "a.xlsx", "Mär 2025", MAERZ)
    assert zum_zeitraum(None, "a.xlsx", "2025", MAERZ)
    assert zum_zeitraum(None, "a.xlsx", "Tabelle1", MAERZ)
    assert not zum_zeitraum(None, "TN_2024.xlsx", "Tabelle1", MAERZ)
    assert zum_zeitraum(None, "TN_2025.xlsx", "Q1", MAERZ)
    assert not zum_zeitraum(None, "TN_2025.xlsx", "Q2", MAERZ)
    # a date that contradicts its sheet may be the typo: the sheet's month counts too
    assert zum_zeitraum(dt.date(2024, 3, 5), "a.xlsx", "Mär 2025", MAERZ)
    assert zum_zeitraum(dt.date(2025, 4, 5), "a.xlsx", "Mär 2025", MAERZ)
    assert not zum_zeitraum(dt.date(2025, 1, 5), "TN_2025.xlsx", "Q1", MAERZ)


def test_findings_split_into_the_months_and_the_others():
    rows = eintraege(("2025-03-03", "A", "SP1", "Beratung", 1), ("2025-04-01", "A", "SP1", "Beratung", 1))
    rows["_blatt"] = "2025"
    april = befund("stunden-ungueltig", "log.xlsx", "2025", 3, "Stunden", "x", "m")
    march = befund("stunden-ungueltig", "log.xlsx", "2025", 2, "Stunden", "x", "m")
    sheet = befund("spalte-fehlt", "log.xlsx", "Apr 2025", None, "Stunden", None, "m")
    whole = befund("datei-unlesbar", "other.xlsx", None, None, None, None, "m")
    total = befund("summe-abweichend", "log.xlsx", "Jun 2025", 40, "Stunden", "3", "m")
    eigene, andere = teile_befunde([april, march, sheet, whole, total], rows, MAERZ)
    assert eigene == [march, whole] and andere == [april, sheet, total]


def _logs(tmp_path, april_stunden="abc", march_stunden=2.0):
    write_xlsx(tmp_path / "in" / "FK1.xlsx", {
        "Mär 2025": [HEADER, entry(3, stunden=march_stunden), entry(4)],
        "Apr 2025": [HEADER, entry(1, month=4, stunden=april_stunden), entry(2, month=4)],
    })
    return tmp_path / "in"


def test_errors_of_april_do_not_stop_the_march_report(tmp_path, config_path):
    out = tmp_path / "out"
    result = run("bericht", _logs(tmp_path), "--config", config_path, "--monat", "2025-03", "--ausgabe", out,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["fehler"] == []
    assert [(f["blatt"], f["zeile"], f["code"]) for f in document["fehler_andere_monate"]] == [
        ("Apr 2025", 2, "stunden-ungueltig")]
    assert document["eintraege"] == 2 and (out / "Monatsbericht_2025-03.xlsx").exists()
    text = run("bericht", _logs(tmp_path), "--config", config_path, "--monat", "2025-03", "--ausgabe", out)
    assert text.exit_code == 0
    assert "1 Fehler in Einträgen anderer Monate" in text.stderr and "Apr 2025:2" in text.stderr
    # the April report is blocked by them
    april = run("bericht", _logs(tmp_path), "--config", config_path, "--monat", "2025-04", "--ausgabe", out)
    assert april.exit_code == 1 and not (out / "Monatsbericht_2025-04.xlsx").exists()


def test_errors_of_the_month_and_of_whole_files_still_stop_it(tmp_path, config_path):
    out = tmp_path / "out"
    logs = _logs(tmp_path, april_stunden=1.0, march_stunden="abc")
    result = run("bericht", logs, "--config", config_path, "--monat", "2025-03", "--ausgabe", out)
    assert result.exit_code == 1 and not out.exists()
    (tmp_path / "in" / "FK1.xlsx").unlink()
    _logs(tmp_path, april_stunden=1.0)
    (logs / "kaputt.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = run("bericht", logs, "--config", config_path, "--monat", "2025-03", "--ausgabe", out,
                 "--format", "json")
    assert result.exit_code == 1 and not out.exists()
    assert {f["datei"].rsplit("/", 1)[-1] for f in json.loads(result.stdout)["fehler"]} == {"kaputt.xlsx"}


def test_trotz_fehlern_still_leaves_out_the_faulty_march_row(tmp_path, config_path):
    out = tmp_path / "out"
    logs = _logs(tmp_path, march_stunden="abc")
    result = run("bericht", logs, "--config", config_path, "--monat", "2025-03", "--ausgabe", out,
                 "--trotz-fehlern", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["eintraege"] == 1
    assert [(f["blatt"], f["code"]) for f in document["fehler"]] == [("Mär 2025", "stunden-ungueltig")]
    assert [(f["blatt"], f["code"]) for f in document["fehler_andere_monate"]] == [
        ("Apr 2025", "stunden-ungueltig")]
