"""Filed evidence is never overwritten: every option that names an output — `bericht --ausgabe`,
`pruefen --markiert`, `vorlage --ausgabe` (even with `--ueberschreiben`), `meldung --ausgabe` — is
refused inside the Ablage, with exit code 2 and a German message naming the Ablage, and every
filed file keeps its bytes; `verifizieren` still finds the Ablage intact."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.test_cli_abschluss import KI, maerz_geschlossen  # noqa: F401 - a fixture, used below

BERICHT = "0001_2025-03_Abschluss/Monatsbericht_2025-03.xlsx"


@pytest.fixture
def ki(maerz_geschlossen, tmp_path) -> KI:  # noqa: F811 - the fixture imported above
    """A KI whose March is closed, a copy per test."""
    shutil.copytree(maerz_geschlossen, tmp_path / "ki")
    return KI(tmp_path / "ki")


def _ausgaben(ki: KI) -> dict[str, list[object]]:
    ziel = ki.ablage / "0001_2025-03_Abschluss"
    return {
        "bericht": ["bericht", ki.nachweise, "--monat", "2025-03", "--ausgabe", ziel],
        "pruefen --markiert": ["pruefen", ki.nachweise, "--markiert", ki.ablage / "markiert"],
        "vorlage über einen abgelegten Bericht": ["vorlage", "--jahr", "2025", "--ausgabe",
                                                  ki.ablage / BERICHT, "--ueberschreiben"],
        "vorlage neu in der Ablage": ["vorlage", "--jahr", "2025", "--ausgabe", ziel / "Vorlage.xlsx"],
        "meldung in die Ablage": ["meldung", "--monat", "2025-03", "--ausgabe", ziel],
        "meldung als Datei in der Ablage": ["meldung", "--monat", "2025-03", "--ausgabe", ziel / "M.zip"],
    }


@pytest.mark.parametrize("fall", ["bericht", "pruefen --markiert", "vorlage über einen abgelegten Bericht",
                                  "vorlage neu in der Ablage", "meldung in die Ablage",
                                  "meldung als Datei in der Ablage"])
def test_no_output_lands_in_the_ablage(ki, fall):
    vorher = ki.inhalt()
    befehl = _ausgaben(ki)[fall]
    result = ki(*befehl)
    assert result.exit_code == 2, result.output
    assert "liegt in der Ablage" in result.stderr and "Traceback" not in result.output
    dokument = ki(*befehl, "--format", "json")
    assert dokument.exit_code == 2
    [befund] = json.loads(dokument.stdout)["fehler"]
    assert befund["code"] == "aufruf-ungueltig" and "liegt in der Ablage" in befund["meldung"]
    assert ki.inhalt() == vorher
    assert ki("verifizieren").exit_code == 0


def test_a_template_beside_the_ablage_is_written(ki):
    result = ki("vorlage", "--jahr", "2025", "--ausgabe", ki.root / "Vorlage.xlsx")
    assert result.exit_code == 0, result.output
    assert (ki.root / "Vorlage.xlsx").is_file()


def test_the_message_names_a_file_as_a_file(ki):
    result = ki("vorlage", "--jahr", "2025", "--ausgabe", ki.ablage / BERICHT, "--ueberschreiben")
    assert "Die Datei „" in result.stderr and "Wählen Sie einen Ort außerhalb der Ablage" in result.stderr
    bericht = ki("bericht", ki.nachweise, "--monat", "2025-03", "--ausgabe", ki.ablage)
    assert "Der Ordner „" in bericht.stderr



@pytest.mark.parametrize("befehl", [
    ["abschliessen", "nachweise", "--monat", "2025-03"], ["verifizieren"], ["meldung", "--monat", "2025-03"],
    ["abschliessen", "--monat", "2025-03", "--wiedereroeffnen", "--grund", "x"]])
def test_an_ablage_that_is_a_file_is_named_as_a_file(tmp_path, befehl):
    """`[ablage] ordner` naming a file: every command that needs the Ablage says so in German."""
    from tests.test_cli_abschluss import neues_ki

    ki = neues_ki(tmp_path / "ki")
    ki.config.write_text(ki.config.read_text("utf-8") + '\n[ablage]\nordner = "datei"\n', encoding="utf-8")
    (ki.root / "datei").write_text("keine Ablage", encoding="utf-8")
    befehl = [ki.nachweise if teil == "nachweise" else teil for teil in befehl]
    result = ki(*befehl, "--format", "json")
    assert result.exit_code == 2, result.output
    [befund] = json.loads(result.stdout)["fehler"]
    assert "ist eine Datei, kein Ordner" in befund["meldung"], befund["meldung"]
    assert (ki.root / "datei").read_text("utf-8") == "keine Ablage"
