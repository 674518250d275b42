"""The year overview: per month the same figures as `quote` (year and month) and `pruefen`, the
findings that belong to each month's report, and which months are closed or reopened."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kibericht import anwendung
from kibericht.anwendung import monat
from kibericht.cli import cli
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx


def _ki(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(root / "n" / "FK1.xlsx", {
        "März": [HEADER, entry(3), entry(4, sp=None, stunden=3.0), entry(5, stunden="abc"),
                 entry(8, stunden=1.0)],  # 8 March 2025 is a Saturday: a warning
        "April": [HEADER, entry(1, month=4, sp=None, stunden=4.0), entry(2, month=4, stunden=1.0)],
        "Juni": [HEADER, entry(2, month=6, stelle="FK1", stunden=2.5)]})
    write_xlsx(root / "n" / "L1.xlsx", {"März": [HEADER, entry(3, stelle="L1", stunden=1.25)]})
    return root / "ki.toml"


def _cli(*args: str) -> dict:
    return json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)


def test_the_months_figures_are_those_of_quote_and_pruefen(tmp_path):
    toml = _ki(tmp_path / "ki")
    n = str(tmp_path / "ki" / "n")
    e = anwendung.uebersicht([n], toml)
    assert e.jahr == 2025 and e.jahre == (2025,) and len(e.monate) == 12
    jahr = _cli("quote", n, "--jahr", "2025", "--config", str(toml), "--trotz-fehlern")
    for m, zeile in zip(e.dokument["monate"], e.monate, strict=True):
        assert m["anteil"] == jahr["monate"][m["monat"]]
        assert m["fehlstunden"] == jahr["fehlstunden"].get(m["monat"], 0.0)
        if m["monat"] not in ("2025-03", "2025-04", "2025-05", "2025-06"):
            continue
        einzeln = _cli("quote", n, "--monat", m["monat"], "--config", str(toml), "--trotz-fehlern")
        if "stunden" in einzeln:
            assert (m["stunden"], m["stunden_schwerpunkte"]) == (einzeln["stunden"],
                                                                 einzeln["stunden_schwerpunkte"])
        else:  # a month without any entry
            assert m["stunden"] == 0 and zeile.anteil is None and zeile.erfuellt is None
    pruefen = _cli("pruefen", n, "--config", str(toml))
    d = e.dokument
    assert (d["fehler"], d["warnungen"], d["hinweise"]) == (
        len(pruefen["fehler"]), len(pruefen["warnungen"]), len(pruefen["hinweise"]))
    assert d["eintraege"] == pruefen["eintraege"] == 7  # valid entries; the faulty row is not counted
    assert (d["stunden"], d["anteil"]) == (jahr["stunden"], jahr["anteil"])
    assert e.exit_code == 1


def test_findings_are_counted_in_the_month_whose_report_they_concern(tmp_path):
    toml = _ki(tmp_path / "ki")
    e = anwendung.uebersicht([tmp_path / "ki" / "n"], toml)
    by = {m.monat: m for m in e.monate}
    monate = ("2025-03", "2025-04", "2025-06")
    assert [(m, by[m].eintraege, by[m].fehler, by[m].warnungen) for m in monate] == [
        ("2025-03", 4, 1, 1), ("2025-04", 2, 0, 0), ("2025-06", 1, 0, 0)]
    april = by["2025-04"]
    assert april.anteil == 0.2 and april.erfuellt is False and april.fehlstunden == 1.5
    # the month's errors are exactly those `quote --monat` stops on
    stop = _cli("quote", str(tmp_path / "ki" / "n"), "--monat", "2025-03", "--config", str(toml))
    assert len(stop["fehler"]) == by["2025-03"].fehler


def test_closed_and_reopened_months(tmp_path):
    toml = _ki(tmp_path / "ki")
    n = tmp_path / "ki" / "n"
    assert anwendung.abschliessen([n], toml, monat("2025-04")).exit_code == 3  # filed, quota not met
    assert anwendung.abschliessen([n], toml, monat("2025-06")).exit_code == 0
    anwendung.wiedereroeffnen(toml, monat("2025-06"), "Stunden korrigiert")
    e = anwendung.uebersicht([n], toml)
    by = {m.monat: m for m in e.monate}
    assert (by["2025-04"].abschluss_nr, by["2025-04"].wiedereroeffnet) == (1, False)
    assert (by["2025-06"].abschluss_nr, by["2025-06"].wiedereroeffnet) == (None, True)
    assert (by["2025-03"].abschluss_nr, by["2025-03"].wiedereroeffnet) == (None, False)
    assert e.dokument["letzte_pruefsumme"] == e.ablage.kopf is not None


def test_another_year_and_a_year_without_entries(tmp_path):
    toml = _ki(tmp_path / "ki")
    e = anwendung.uebersicht([tmp_path / "ki" / "n"], toml, 2024)
    assert e.jahr == 2024 and all(m.eintraege == 0 and m.anteil is None for m in e.monate)
    assert e.jahre == (2025,)
