"""`kibericht einrichten` on a ki.toml with mistakes the questions do not ask about: an unknown key
in [ki], a mistyped key of a Stelle, a refused value in [oeffentlich]. Each is named with its line
and removed once the user agrees (comments and the rest stay), so the file can be written without
a text editor; declined, nothing is written. A Stelle whose asked value is wrong cannot be kept as
it is. A file of answers that is no TOML is a German message with its line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kibericht.cli import cli
from kibericht.konfig import load_config
from tests.conftest import KI_TOML

FEHLERHAFT = (KI_TOML
              .replace('kommunen = ["Alfter", "Bornheim", "Eitorf"]',
                       'kommunen = ["Alfter", "Bornheim", "Eitorf"]\npauschale = 57000  # gehört zur Stelle')
              .replace('id = "FK2"', '# FK2: seit 2019 besetzt\nid = "FK2"\nwochenstd = 39')
              + "\n# Geheimhaltung wie beschlossen\n[oeffentlich]\nmindestens_stellen = 1\n")
ALLES_UEBERNEHMEN = "\n" * 300  # every question answered with its default („ja“ to every removal)


def _einrichten(pfad, eingabe: str):
    return CliRunner().invoke(cli, ["einrichten", "--config", str(pfad), "--jahr", "2025"], input=eingabe)


def test_what_no_question_asks_is_removed_with_consent_and_the_rest_stays(tmp_path):
    pfad = tmp_path / "ki.toml"
    pfad.write_text(FEHLERHAFT, encoding="utf-8")
    result = _einrichten(pfad, ALLES_UEBERNEHMEN)
    assert result.exit_code == 0, result.output
    # each named with its line, in the order of the file's findings
    zeilen = FEHLERHAFT.splitlines()
    for teil in ("pauschale = 57000", "wochenstd = 39", "mindestens_stellen = 1"):
        nummer = next(n for n, z in enumerate(zeilen, 1) if z.startswith(teil))
        assert f"ki.toml:{nummer}: " in result.output
    assert result.output.count("Danach fragt die Einrichtung nicht. Entfernen:") == 3
    text = pfad.read_text("utf-8")
    assert "pauschale = 57000  # gehört" not in text and "wochenstd" not in text
    assert "[oeffentlich]" not in text
    assert "# FK2: seit 2019 besetzt" in text and "# Geheimhaltung wie beschlossen" in text
    config = load_config(pfad)
    assert [s.id for s in config.stellen] == ["FK1", "FK2", "L1"]


def test_declined_nothing_is_written(tmp_path):
    pfad = tmp_path / "ki.toml"
    pfad.write_text(FEHLERHAFT, encoding="utf-8")
    result = _einrichten(pfad, "nein\n")
    assert result.exit_code == 2
    assert "Nichts wurde geschrieben. Korrigieren Sie Zeile 5" in result.stderr
    assert pfad.read_text("utf-8") == FEHLERHAFT


def test_a_stelle_with_a_wrong_value_cannot_be_kept(tmp_path):
    pfad = tmp_path / "ki.toml"
    pfad.write_text(KI_TOML.replace("umfang = 1.0", "umfang = 20", 1), encoding="utf-8")
    antworten = [""] * 5 + ["b", ""]  # the KI as it is; keep the programme, no further one
    # FK1: keep (refused), then change: Kürzel, Bezeichnung, Art as they are, Stellenanteil 0.5
    antworten += ["b", "ä", "", "", "", "0.5"] + [""] * 200
    result = _einrichten(pfad, "\n".join(antworten) + "\n")
    assert result.exit_code == 0, result.output
    assert "So kann es nicht bleiben" in result.output
    assert load_config(pfad).stellen[0].umfang == 0.5


def test_answers_that_are_no_toml_are_a_german_message_with_their_line(tmp_path):
    antworten = tmp_path / "antworten.toml"
    antworten.write_text('[ki]\nname = "KI Kreis"\nkreis = 01.03.2025\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["einrichten", "--config", str(tmp_path / "ki.toml"), "--antworten",
                                      str(antworten), "--format", "json"])
    assert result.exit_code == 2
    [befund] = json.loads(result.stdout)["fehler"]
    assert (befund["code"], befund["zeile"]) == ("konfig-syntax", 3)
    assert "Invalid" not in befund["meldung"] and "JJJJ-MM-TT" in befund["meldung"]
    assert not (tmp_path / "ki.toml").exists()


def test_wrong_answers_are_findings_like_every_commands(tmp_path):
    """`--format json`: `{"fehler": [Befund]}` as every command writes it, plus step, item, field."""
    antworten = tmp_path / "antworten.toml"
    antworten.write_text('[ki]\nkreis = "Rhein-Sieg-Kreis"\njahre = "2025"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["einrichten", "--config", str(tmp_path / "ki.toml"), "--antworten",
                                      str(antworten), "--format", "json"])
    assert result.exit_code == 2
    [befund] = json.loads(result.stdout)["fehler"]
    assert {k: befund[k] for k in ("schwere", "code", "datei", "spalte", "schritt", "feld")} == {
        "schwere": "fehler", "code": "konfig-ungueltig", "datei": antworten.as_posix(), "spalte": "name",
        "schritt": "ki", "feld": "name"}
    assert {"blatt", "zeile", "wert", "meldung", "nr"} <= set(befund)
