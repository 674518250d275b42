"""Manifest formats: format 2 files no names and carries the Prüfcode; an Ablage of format 1 (the
name as an HMAC with the salt beside it) still verifies, is still compared with the logs, and a
format-2 closing continues its chain."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from kibericht.ablage import manifest
from kibericht.ablage.kette import kettenkopf, lies_ablage
from kibericht.ablage.papier import GEFUNDEN, UNBEKANNT, finde_pruefcode
from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.regeln.abschluss import FELDER, abdruck
from tests.ablage_ki import APRIL, KI, MAERZ, MAI
from tests.ablage_v1 import abschluss_v1
from tests.conftest import entry


@pytest.fixture(scope="module")
def alt(tmp_path_factory) -> Path:
    """An Ablage whose March was closed by kibericht before format 2 (with the real report)."""
    ki = KI(tmp_path_factory.mktemp("format1") / "ki")
    _, bericht, eintraege, dateien = ki.vorbereiten("2025-03")
    abschluss_v1(ki.ablage, 1, 1, None, bericht, eintraege, dateien, ki.config_path,
                 "2025-04-07T10:00:00+02:00", "5a17" * 8)
    return ki.root


@pytest.fixture
def ki(alt, tmp_path) -> KI:
    shutil.copytree(alt, tmp_path / "ki")
    return KI.vorhanden(tmp_path / "ki")


def _aenderungen(ki: KI) -> list:
    stand = lies_ablage(ki.ablage)
    result = load_entries([ki.nachweise], load_config(ki.config_path), abgleich=stand.abgleich())
    return [(f.blatt, f.zeile, f.meldung) for f in result.findings if f.code == "nachtraegliche-aenderung"]


def test_an_ablage_of_format_1_verifies_in_full(ki):
    daten = json.loads(next(ki.ablage.glob("0001_*/*.json")).read_bytes())
    assert daten["format"] == 1 and "salz" in daten["eintraege"] and "pruefcode" not in daten
    stand = lies_ablage(ki.ablage, dateien_pruefen=True)
    assert stand.befunde == () and stand.glieder[0].intakt
    assert _aenderungen(ki) == []


def test_format_1_still_finds_every_change_also_of_a_name(ki):
    ki.schreiben_nachweise(**{"März": [MAERZ[0], entry(3, stunden=2.0, name="E. F."), entry(4, stunden=2.5,
                                                                                             kommune="Bornheim"),
                                       *MAERZ[3:]], "April": APRIL, "Mai": MAI})
    assert [(blatt, zeile) for blatt, zeile, _ in _aenderungen(ki)] == [("März", 2), ("März", 3)]
    meldungen = [m for _, _, m in _aenderungen(ki)]
    assert "Mitarbeiter/in geändert" in meldungen[0] and "E. F." not in meldungen[0]
    assert "Stunden 1,5 → 2,5" in meldungen[1]


def test_a_format_2_closing_continues_a_format_1_chain(ki):
    alt = lies_ablage(ki.ablage).glieder[0]
    glied = ki.schliessen("2025-04")
    stand = lies_ablage(ki.ablage, dateien_pruefen=True)
    assert stand.befunde == () and [g.nr for g in stand.glieder] == [1, 2]
    assert glied.daten["format"] == 2 and glied.daten["vorgaenger"] == alt.sha256
    assert [kettenkopf(g).to_json() for g in stand.glieder] == [
        {"nr": 1, "art": "abschluss", "monat": "2025-03", "version": 1, "sha256": alt.sha256,
         "vorgaenger": None, "pruefcode": None},
        {"nr": 2, "art": "abschluss", "monat": "2025-04", "version": 1, "sha256": glied.sha256,
         "vorgaenger": alt.sha256, "pruefcode": glied.daten["pruefcode"]}]
    # the paper of April finds it; a closing of format 1 has no code to find
    assert finde_pruefcode(stand, glied.daten["pruefcode"]).status == GEFUNDEN
    ergebnis = finde_pruefcode(stand, "7KQ2-M4XD-9P3A-H1TB-R6WG")
    assert (ergebnis.status, ergebnis.ohne_code) == (UNBEKANNT, 1)
    assert "1 Abschluss der Ablage stammt aus einer kibericht-Version ohne Prüfcode" in \
        "\n".join(ergebnis.text())


def test_format_2_files_no_name_and_no_salt_so_no_name_can_be_guessed(ki):
    glied = ki.schliessen("2025-04")
    data = glied.manifest.read_bytes()
    assert b"A. B." not in data and b"C. D." not in data and b"salz" not in data
    assert b"mitarbeiter" not in data
    for e in glied.daten["eintraege"]["liste"]:
        assert tuple(sorted(e["werte"])) == tuple(sorted(FELDER)) and e["abdruck"] == abdruck(e["werte"])
    # so a new name in a closed month of format 2 is no change (the entry's figures are the same)
    ki.schreiben_nachweise(**{"März": MAERZ, "April": [APRIL[0], entry(1, month=4, name="X. Y."), *APRIL[2:]],
                              "Mai": MAI})
    assert _aenderungen(ki) == []
    ki.schreiben_nachweise(**{"März": MAERZ, "April": [APRIL[0], entry(1, month=4, stunden=3.0), *APRIL[2:]],
                              "Mai": MAI})
    assert [(blatt, zeile) for blatt, zeile, _ in _aenderungen(ki)] == [("April", 2)]


@pytest.fixture(scope="module")
def format_2(alt, tmp_path_factory) -> dict:
    """The manifest content of April, closed in format 2 after the March of format 1."""
    root = tmp_path_factory.mktemp("format2") / "ki"
    shutil.copytree(alt, root)
    return KI.vorhanden(root).schliessen("2025-04").daten


@pytest.mark.parametrize("aendern, grund", [
    (lambda d: d["eintraege"].update(salz="00"), "kein Salz"),
    (lambda d: d.pop("pruefcode"), "pruefcode"),
    (lambda d: d.update(pruefcode="7kq2-m4xd-9p3a-h1tb-r6wg"), "pruefcode"),
    (lambda d: d.update(pruefcode="7KQ2-M4XD-9P3A-H1TB-R6WA"), "pruefcode"),
    (lambda d: d["eintraege"]["liste"][0]["werte"].update(mitarbeiter="A. B."), "Felder eines Eintrags"),
    (lambda d: d["eintraege"]["liste"][0]["werte"].update(stunden="2"), "werte.stunden"),
    (lambda d: d["eintraege"]["liste"][0]["werte"].update(stunden=True), "werte.stunden"),
    (lambda d: d["eintraege"]["liste"][0]["werte"].update(stelle=1), "werte.stelle"),
    (lambda d: d.update(format=3), "liest die Formate 1 und 2"),
])
def test_a_format_2_manifest_holds_exactly_what_kibericht_writes(format_2, aendern, grund):
    assert manifest.lesen(manifest.versiegeln(format_2)) == format_2
    daten = copy.deepcopy(format_2)
    aendern(daten)
    for e in daten["eintraege"]["liste"]:
        e["abdruck"] = abdruck(e["werte"])
    with pytest.raises(manifest.ManifestFehler, match=grund):
        manifest.lesen(manifest.versiegeln(daten))
