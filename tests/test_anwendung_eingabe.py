"""EINGABE is optional for every use case that reads logs: without it the folder comes from
`[nachweise] ordner` in ki.toml (relative to ki.toml); without both, a German usage error (exit 2)
that names both ways — in the application layer (`aufruf.nachweise_eingabe`), so every face has it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, monat
from kibericht.anwendung.aufruf import nachweise_eingabe
from kibericht.cli import cli
from kibericht.konfig import load_config
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

MIT_ORDNER = KI_TOML + '\n[nachweise]\nordner = "logs"\n'


def _ki(root: Path, toml: str = MIT_ORDNER) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ki.toml").write_text(toml, encoding="utf-8")
    write_xlsx(root / "logs" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(4, stunden="abc")]})
    return root / "ki.toml"


def test_the_folder_comes_from_the_configuration_relative_to_it(tmp_path):
    toml = _ki(tmp_path / "ki")
    config = load_config(toml)
    assert nachweise_eingabe((), config, "x") == (tmp_path / "ki" / "logs",)
    assert nachweise_eingabe(["a.xlsx"], config, "x") == ("a.xlsx",)  # given inputs win


def test_without_both_a_german_usage_error_names_both_ways(tmp_path):
    toml = _ki(tmp_path / "ki", KI_TOML)
    with pytest.raises(Aufruffehler) as fehler:
        anwendung.pruefen((), toml)
    assert fehler.value.exit_code == 2
    meldung = fehler.value.meldung
    assert "kibericht pruefen nachweise/" in meldung and "[nachweise] ordner" in meldung
    assert nachweise_eingabe((), load_config(toml), "x", pflicht=False) == ()


def test_a_configured_folder_that_does_not_exist_is_a_usage_error(tmp_path):
    toml = _ki(tmp_path / "ki", KI_TOML + '\n[nachweise]\nordner = "fehlt"\n')
    with pytest.raises(Aufruffehler) as fehler:
        anwendung.quote((), toml, monat("2025-03"))
    assert "[nachweise] ordner" in fehler.value.meldung and fehler.value.befunde[0].datei.endswith("fehlt")


@pytest.mark.parametrize("args", [
    ["pruefen"],
    ["quote", "--monat", "2025-03"],
    ["bericht", "--monat", "2025-03", "--ausgabe", "AUS"],
    ["abschliessen", "--monat", "2025-03"],
    ["foerderung", "--jahr", "2025"],
    ["verifizieren"],
])
def test_every_command_that_reads_logs_reads_the_configured_folder(tmp_path, args):
    toml = _ki(tmp_path / "ki")
    args = [str(tmp_path / "aus") if a == "AUS" else a for a in args]
    ohne = CliRunner().invoke(cli, [*args, "--config", str(toml), "--format", "json"])
    if args[0] == "verifizieren":  # no Ablage yet: exit 2 before any log is read
        assert ohne.exit_code == 2 and "Ablage" in json.loads(ohne.stdout)["fehler"][0]["meldung"]
        return
    mit = CliRunner().invoke(cli, [args[0], str(tmp_path / "ki" / "logs"), *args[1:], "--config", str(toml),
                                   "--format", "json"])
    assert ohne.exit_code == mit.exit_code == 1, ohne.stdout
    assert json.loads(ohne.stdout) == json.loads(mit.stdout)
    codes = [f["code"] for f in json.loads(ohne.stdout)["fehler"]]
    assert codes == ["stunden-ungueltig"]


def test_without_eingabe_and_folder_the_command_line_exits_2_in_german(tmp_path):
    toml = _ki(tmp_path / "ki", KI_TOML)
    for args in (["pruefen"], ["quote", "--jahr", "2025"], ["abschliessen", "--monat", "2025-03"],
                 ["bericht", "--monat", "2025-03", "--ausgabe", str(tmp_path / "aus")]):
        result = CliRunner().invoke(cli, [*args, "--config", str(toml)])
        assert result.exit_code == 2, result.output
        assert "Geben Sie die Tätigkeitsnachweise an" in result.output and "Traceback" not in result.output
    # where logs are optional, nothing changes: funding from the configuration alone
    result = CliRunner().invoke(cli, ["foerderung", "--jahr", "2025", "--config", str(toml),
                                      "--format", "json"])
    assert result.exit_code == 0 and "soll_ist" not in json.loads(result.stdout)


def test_verifizieren_compares_the_configured_logs_only_without_an_ablage_option(tmp_path):
    toml = _ki(tmp_path / "ki")
    write_xlsx(tmp_path / "ki" / "logs" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(4)]})
    closed = anwendung.abschliessen((), toml, monat("2025-03"))
    assert closed.exit_code == 0
    ergebnis = anwendung.verifizieren(toml)
    assert ergebnis.mit_eingabe and ergebnis.geprueft == 2 and ergebnis.intakt
    nur_ablage = anwendung.verifizieren(None, (), tmp_path / "ki" / "abschluesse")
    assert not nur_ablage.mit_eingabe
