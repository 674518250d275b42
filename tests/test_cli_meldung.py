"""The faces of the Meldung and the paper through CliRunner: what `abschliessen` prints about the
Prüfcode and the Meldung, `kibericht meldung`, and `kibericht verifizieren --pruefcode`."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht.cli import cli
from tests.ablage_ki import KI
from tests.conftest import HEADER, entry


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def vorlage(tmp_path_factory) -> tuple[Path, str]:
    """A KI whose March is closed through the command line; what it printed."""
    ki = KI(tmp_path_factory.mktemp("cli_meldung") / "ki")
    result = run("abschliessen", ki.nachweise, "--monat", "2025-03", "--config", ki.config_path)
    assert result.exit_code == 0, result.output
    return ki.root, result.stdout


@pytest.fixture
def ki(vorlage, tmp_path) -> KI:
    shutil.copytree(vorlage[0], tmp_path / "ki")
    return KI.vorhanden(tmp_path / "ki")


def _manifest(ki: KI) -> dict:
    return json.loads(next(ki.ablage.glob("0001_*/Abschluss_2025-03.json")).read_bytes())


def test_abschliessen_prints_the_pruefcode_and_where_the_meldung_is(vorlage):
    root, stdout = vorlage
    ki = KI.vorhanden(root)
    code = _manifest(ki)["pruefcode"]
    assert f"Prüfcode: {code}\n" in stdout
    assert "Er steht im Unterschriftsblock des abgelegten Monatsberichts (PDF und Arbeitsmappe)" in stdout
    assert "kibericht verifizieren --pruefcode CODE" in stdout
    meldung = root / "meldungen" / "Meldung_KI-TESTKREIS_2025-03.zip"
    assert f"Meldung an das Land: {meldung.as_posix()}" in stdout
    assert f"Prüfsumme der Meldung (sha256): {hashlib.sha256(meldung.read_bytes()).hexdigest()}" in stdout
    assert "Schicken Sie die Datei an das Land." in stdout


def test_abschliessen_says_how_to_write_a_meldung_that_could_not_be_written(tmp_path):
    ki = KI(tmp_path / "ki", Februar=[HEADER, entry(3, month=2, stunden=2.0)],
            März=[HEADER, entry(3, stunden=2.0), entry(4, stelle="FK2", stunden=1.0)])
    result = run("abschliessen", ki.nachweise, "--monat", "2025-03", "--config", ki.config_path)
    assert result.exit_code == 0, result.output  # filed; the exit code is the filing's
    assert "Die Meldung an das Land wurde nicht geschrieben: Aus der Ablage ergeben sich für März 2025 " \
           "andere Zahlen als im abgeschlossenen Bericht (Nr. 0001, Version 1)" in result.stderr
    assert "Nicht abgeschlossen ist Februar 2025" in result.stderr
    assert "Der Abschluss ist gültig. Schreiben Sie die Meldung, sobald die Ursache behoben ist: " \
           "kibericht meldung --monat 2025-03" in result.stderr
    assert "Prüfcode: " in result.stdout and "Meldung an das Land:" not in result.stdout


def test_meldung_writes_it_again_from_the_ablage(ki, tmp_path):
    frueher = (ki.root / "meldungen" / "Meldung_KI-TESTKREIS_2025-03.zip").read_bytes()
    result = run("meldung", "--monat", "2025-03", "--config", ki.config_path, "--ausgabe", tmp_path / "neu")
    assert result.exit_code == 0, result.output
    assert "Meldung März 2025 geschrieben – KI Testkreis" in result.stdout
    assert "KI-Kennung KI-TESTKREIS, Abschluss Nr. 0001 (Version 1)" in result.stdout
    assert (tmp_path / "neu" / "Meldung_KI-TESTKREIS_2025-03.zip").read_bytes() == frueher
    doc = json.loads(run("meldung", "--monat", "2025-03", "--config", ki.config_path, "--format",
                         "json").stdout)
    assert (doc["datei"], doc["sha256"]) == \
        ((ki.root / "meldungen" / "Meldung_KI-TESTKREIS_2025-03.zip").as_posix(),
         hashlib.sha256(frueher).hexdigest())


@pytest.mark.parametrize("args, code, text", [
    (["--monat", "2025-04"], 2, "April 2025 ist nicht abgeschlossen"),
    ([], 2, "Geben Sie den Monat an"),
    (["--monat", "2025"], 2, "ist kein Monat"),
])
def test_meldung_of_a_month_not_closed_is_a_usage_error(ki, args, code, text):
    result = run("meldung", *args, "--config", ki.config_path)
    assert result.exit_code == code and text in result.stderr
    doc = run("meldung", *args, "--config", ki.config_path, "--format", "json")
    assert doc.exit_code == code and json.loads(doc.stdout)["fehler"][0]["code"] == "aufruf-ungueltig"


def test_meldung_with_a_damaged_ablage_names_the_damage(ki):
    pdf = next(ki.ablage.glob("0001_*/*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%")
    result = run("meldung", "--monat", "2025-03", "--config", ki.config_path)
    assert result.exit_code == 1
    assert "[abschluss-datei-geaendert]" in result.stderr and "Keine Meldung geschrieben" in result.stderr


def test_meldung_help_is_german_with_an_example():
    result = run("meldung", "--help")
    assert result.exit_code == 0
    assert "Beispiel:" in result.stdout
    assert "kibericht meldung --config ki.toml --monat 2025-03" in result.stdout
    assert "meldung" in run("--help").stdout


def test_verifizieren_pruefcode_finds_the_filing_and_names_month_and_version(ki):
    code = _manifest(ki)["pruefcode"]
    result = run("verifizieren", "--config", ki.config_path, "--pruefcode", code)
    assert result.exit_code == 0, result.output
    assert f"Prüfcode {code}: gefunden." in result.stdout
    assert "Der Abschluss März 2025 (Version 1, Nr. 0001) ist unverändert" in result.stdout
    # as typed off the paper: lower case, in groups without quotes
    getippt = run("verifizieren", "--config", ki.config_path, "--pruefcode", *code.lower().split("-"))
    assert getippt.exit_code == 0 and "gefunden." in getippt.stdout
    doc = json.loads(run("verifizieren", "--ablage", ki.ablage, "--pruefcode", code, "--format",
                         "json").stdout)
    assert (doc["ergebnis"], doc["monat"], doc["version"], doc["nr"], doc["fehler"]) == \
        ("gefunden", "2025-03", 1, 1, [])


def test_verifizieren_pruefcode_exit_codes(ki):
    code = _manifest(ki)["pruefcode"]
    fremd = "7KQ2-M4XD-9P3A-H1TB-R6WG"  # a valid code of no filing here
    unbekannt = run("verifizieren", "--config", ki.config_path, "--pruefcode", fremd)
    assert unbekannt.exit_code == 1 and f"Prüfcode {fremd}: nicht gefunden." in unbekannt.stdout
    letztes = "1" if code[-1] != "1" else "2"
    tippfehler = run("verifizieren", "--config", ki.config_path, "--pruefcode", code[:-1] + letztes)
    assert tippfehler.exit_code == 2 and "Fehler: Der Prüfcode" in tippfehler.stderr
    assert "falsch abgeschrieben" in tippfehler.stderr and tippfehler.stdout == ""
    doc = json.loads(run("verifizieren", "--config", ki.config_path, "--pruefcode", "XYZ", "--format",
                         "json").stdout)
    assert (doc["ergebnis"], doc["fehler"][0]["code"]) == ("ungueltig", "aufruf-ungueltig")
    mit_nachweisen = run("verifizieren", ki.nachweise, "--config", ki.config_path, "--pruefcode", code)
    assert mit_nachweisen.exit_code == 2 and "prüft die Ablage, nicht die Nachweise" in mit_nachweisen.stderr
