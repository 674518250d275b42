"""`kibericht einrichten` through CliRunner: a KI of eight Stellen from nothing to a ki.toml that
passes `pruefen`, the funding it shows checked by hand; editing the sample keeps it as it is; the
answers from a file for scripts."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from click.testing import CliRunner

from kibericht.cli import cli
from tests.conftest import SAMPLE


def run(*args: object, eingabe: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=eingabe, catch_exceptions=False)


def _stelle(kuerzel: str, art: str, *, bezeichnung: str = "", umfang: str = "", wochenstunden: str = "",
            betrag: list[str] | None = None, perioden: list[list[str]] | None = None) -> list[str]:
    """The answers for one new Stelle, in the order they are asked."""
    zeilen = [kuerzel, bezeichnung, art, umfang, wochenstunden, ""]  # Förderung: the default
    zeilen += betrag if betrag is not None else ([] if art == "Lehrkraft" else [""])
    if not perioden:
        return [*zeilen, "nein"]
    zeilen.append("ja")
    for i, periode in enumerate(perioden):
        zeilen += [*periode, "ja" if i + 1 < len(perioden) else "nein"]
    return zeilen


ACHT_STELLEN = [
    # 1. das KI: Kreis, Name (Vorschlag), Kommunen (die des Kreises), Förderjahre, Kürzung
    "Rhein-Sieg-Kreis", "", "", "2025", "",
    # 2. Programm KI, Höchstbetrag 2025 wie vorgeschlagen, kein weiteres
    "", "", "",
    # 3. acht Stellen
    *_stelle("L1", "Lehrkraft", bezeichnung="Lehrkraft (abgeordnet)"),
    *_stelle("L2", "Lehrkraft"),
    *_stelle("FK1", "Fachkraft", bezeichnung="Fachkraft Sozialpädagogik"),
    *_stelle("FK2", "Fachkraft", perioden=[["01.01.2025", "15.05.2025", "", ""],
                                           ["01.07.2025", "", "", "neue Person"]]),
    *_stelle("FK3", "Fachkraft", umfang="0,5"),
    # FK4: first a wrong Art, then a question for help before the amount
    # (and a Förderung that is no programme)
    "FK4", "", "Fachkräfte", "Fachkraft", "", "", "KOMM-AN", "", "?", "", "nein",
    *_stelle("VW1", "Verwaltung", bezeichnung="Verwaltungswirt/in", wochenstunden="41"),
    *_stelle("VA1", "Assistenz", umfang="0,5"),
    "",
    # 4. ein Schwerpunkt mit zählbarem Meilenstein 2025, keiner 2026
    "SP1", "Übergang Kita – Grundschule begleiten", "Bildung", "II", "", "", "",
    "Mindestens vier Netzwerktreffen", "Netzwerktreffen", "4", "", "", "",
    # 5. Ordner wie vorgeschlagen; 6. schreiben
    "", "", "",
]


def test_a_ki_of_eight_stellen_from_nothing_to_pruefen(tmp_path):
    config = tmp_path / "ki.toml"
    result = run("einrichten", "--config", config, eingabe="\n".join(ACHT_STELLEN) + "\n")
    assert result.exit_code == 0, result.output
    ausgabe = result.output
    # the wrong Art is explained with the message of ki.toml, then asked again
    assert ("„art“ = „Fachkräfte“ bei Stelle „FK4“ ist unbekannt; erlaubt sind „Lehrkraft“, „Fachkraft“, "
            "„Verwaltung“ und „Assistenz“.") in ausgabe
    assert "€ je Jahr bei voller Besetzung, fest oder je Jahr." in ausgabe  # the help on „?“
    assert ("foerderung = „KOMM-AN“ bei Stelle „FK4“ ist weder ein Programm aus [[programme]] noch „Land“ "
            "oder „Eigenmittel“. Bekannt: KI, Land, Eigenmittel.") in ausgabe
    # consequences as it goes, by hand: 57 000 / 12 = 4 750 a month; FK2 vacant 16.05.–30.06.:
    # 4 × 4 750 + 4 750 × 15/31 + 6 × 4 750 = 49 798,39; FK3 ½ Stelle 28 500 (2 375 a month)
    assert "FK1 2025: Pauschale 57.000,00 € im Jahr, bei voller Besetzung 4.750,00 € im Monat" in ausgabe
    assert "Anspruch nach Besetzung 49.798,39 €" in ausgabe
    assert "Mai 2.298,39 · Jun 0,00 · Jul 4.750,00" in ausgabe
    assert "FK3 2025: Pauschale 28.500,00 € im Jahr, bei voller Besetzung 2.375,00 € im Monat" in ausgabe
    assert "Vorschlag für 2025: 28.500,00 € (57.000 € je volle Stelle × 0,5)" in ausgabe
    assert "→ L1: keine Pauschale (Land)." in ausgabe
    assert "Geschrieben:" in ausgabe and "8 Stellen" in ausgabe

    raw = tomllib.loads(config.read_text("utf-8"))
    assert [s["id"] for s in raw["stellen"]] == ["L1", "L2", "FK1", "FK2", "FK3", "FK4", "VW1", "VA1"]
    assert len(raw["ki"]["kommunen"]) == 19 and raw["nachweise"] == {"ordner": "nachweise"}
    assert raw["programme"] == [{"name": "KI", "hoechstbetrag": {"2025": 364500}}]

    pruefen = run("pruefen", tmp_path / "nachweise", "--config", config)
    assert pruefen.exit_code == 0, pruefen.output
    foerderung = json.loads(run("foerderung", "--jahr", "2025", "--config", config, "--format",
                                "json").output)
    stellen = foerderung["stellen"]
    assert {s: stellen[s]["anspruch"] for s in stellen} == {
        "FK1": 57000.0, "FK2": 49798.39, "FK3": 28500.0, "FK4": 57000.0, "VW1": 57000.0, "VA1": 22500.0}
    # March by hand: FK1, FK2, FK4, VW1 4 × 4 750 + FK3 2 375 + VA1 1 875 = 23 250
    ki = foerderung["programme"]["KI"]
    assert ki["monate_kumuliert"][2] - ki["monate_kumuliert"][1] == 23250.0
    assert (ki["anspruch"], ki["hoechstbetrag"], ki["ueberschritten"]) == (271798.39, 364500.0, False)
    assert foerderung["ohne_pauschale"] == {"L1": "Land", "L2": "Land"}


def test_editing_the_sample_and_keeping_everything_changes_nothing(tmp_path):
    config = tmp_path / "ki.toml"
    shutil.copy(SAMPLE / "ki.toml", config)
    vorher = config.read_bytes()
    # KI: five answers kept; programme kept, none new; six Stellen kept, none new; four
    # Schwerpunkte kept, none new; no folders; write
    eingabe = ["", "", "", "", "", "", "", *[""] * 6, "", *[""] * 4, "", "", "", "ja"]
    result = run("einrichten", "--config", config, eingabe="\n".join(eingabe) + "\n")
    assert result.exit_code == 0, result.output
    assert "die vorhandene Datei wird bearbeitet" in result.output
    assert "Anspruch €" in result.output and "181.548,39" in result.output  # the summary of 2025
    assert config.read_bytes() == vorher


def test_editing_a_stelle_keeps_the_comments(tmp_path):
    config = tmp_path / "ki.toml"
    shutil.copy(SAMPLE / "ki.toml", config)
    vorher = config.read_text("utf-8")
    # change FK1 (the third Stelle): every answer kept but the amount 2025
    fk1 = ["", "", "", "", "", "", "58.000", "ja", "", "", "", "", "ja", "", "", "", "", "nein"]
    eingabe = ["", "", "", "", "", "", "", "", "", "ä", *fk1, "", "", "", "", *[""] * 4, "", "", "", "ja"]
    result = run("einrichten", "--config", config, eingabe="\n".join(eingabe) + "\n")
    assert result.exit_code == 0, result.output
    nachher = config.read_text("utf-8")
    assert tomllib.loads(nachher)["stellen"][2]["pauschale"] == {"2025": 58000}
    assert [z for z in nachher.splitlines() if z.startswith("#")] == [
        z for z in vorher.splitlines() if z.startswith("#")]


def test_declining_writes_nothing(tmp_path):
    config = tmp_path / "ki.toml"
    shutil.copy(SAMPLE / "ki.toml", config)
    vorher = config.read_bytes()
    eingabe = ["", "", "", "", "", "", "", *[""] * 6, "", *[""] * 4, "", "", "", "nein"]
    result = run("einrichten", "--config", config, eingabe="\n".join(eingabe) + "\n")
    assert result.exit_code == 0 and "Nichts geschrieben." in result.output
    assert config.read_bytes() == vorher


def test_stopping_midway_writes_nothing(tmp_path):
    result = run("einrichten", "--config", tmp_path / "ki.toml", eingabe="Kreis Olpe\n")
    assert result.exit_code == 130 and not (tmp_path / "ki.toml").exists()


ANTWORTEN = """
[ki]
kreis = "Kreis Olpe"
name = "Kommunales Integrationszentrum Kreis Olpe"
jahre = "2025"

[[programm]]
name = "KI"
hoechstbetrag_2025 = "114.000"

[[stelle]]
id = "FK1"
art = "Fachkraft"
foerderung = "KI"
pauschale_2025 = "57.000"

[[stelle]]
id = "FK2"
art = "Fachkraft"
foerderung = "KI"
pauschale_2025 = 57000
besetzt_1_von = "01.07.2025"

[ordner]
nachweise = "nachweise"
"""


def test_answers_from_a_file_for_scripts(tmp_path):
    antworten = tmp_path / "antworten.toml"
    antworten.write_text(ANTWORTEN, "utf-8")
    config = tmp_path / "ki.toml"
    result = run("einrichten", "--config", config, "--antworten", antworten, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["neu"], doc["stellen"], doc["programme"]) == (True, 2, ["KI"])
    # FK2 from 01.07.: 6 × 4 750 = 28 500
    assert doc["foerderung"]["stellen"]["FK2"]["anspruch"] == 28500.0
    assert doc["foerderung"]["programme"]["KI"]["anspruch"] == 85500.0
    assert run("pruefen", tmp_path / "nachweise", "--config", config).exit_code == 0
    # the same answers again: the file exists and has changed nothing — it is edited in place
    wieder = run("einrichten", "--config", config, "--antworten", antworten)
    assert wieder.exit_code == 0 and "Geschrieben:" in wieder.output


def test_wrong_answers_are_named_by_step_item_and_field(tmp_path):
    antworten = tmp_path / "antworten.toml"
    antworten.write_text(ANTWORTEN.replace('pauschale_2025 = 57000', 'pauschale_2025 = "57"'), "utf-8")
    result = run("einrichten", "--config", tmp_path / "ki.toml", "--antworten", antworten, "--format", "json")
    assert result.exit_code == 2
    fehler = json.loads(result.output)["fehler"]
    assert [(f["schritt"], f["feld"]) for f in fehler] == [("stelle", "pauschale_2025")]
    assert "Meinten Sie 57000?" in fehler[0]["meldung"]
    assert not (tmp_path / "ki.toml").exists()
    text = run("einrichten", "--config", tmp_path / "ki.toml", "--antworten", antworten)
    assert text.exit_code == 2 and "[stelle, pauschale_2025] „pauschale für 2025“" in text.output


def test_json_needs_the_answers_file(tmp_path):
    result = run("einrichten", "--config", tmp_path / "ki.toml", "--format", "json")
    assert result.exit_code == 2
    meldung = json.loads(result.output)["fehler"][0]["meldung"]
    assert meldung.startswith("--format json geht nur mit --antworten")


def test_help_is_german_with_an_example():
    result = run("einrichten", "--help")
    assert result.exit_code == 0 and "Beispiel:" in result.output and "kibericht einrichten" in result.output


def test_the_sample_config_is_unchanged_by_the_tests():
    assert Path(SAMPLE / "ki.toml").read_text("utf-8").count("{ 2025 = 57000 }") == 3
