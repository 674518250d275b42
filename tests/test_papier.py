"""The signed paper as a witness (`ablage.papier`): a Prüfcode finds its filing unchanged, and a
rewrite of the Ablage that today's `verifizieren` cannot see is found by the paper."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht.ablage import manifest
from kibericht.ablage.kette import lies_ablage
from kibericht.ablage.nachrechnen import abweichungen
from kibericht.ablage.papier import (
    GEAENDERT,
    GEFUNDEN,
    KETTE_BESCHAEDIGT,
    TIPPFEHLER,
    UNBEKANNT,
    UNGUELTIG,
    finde_pruefcode,
    pruefcode_pruefen,
)
from kibericht.ablage.pruefcode import pruefcode
from kibericht.cli import cli
from kibericht.regeln.abschluss import abdruck
from tests.ablage_ki import APRIL, KI, MAERZ, MAI, kurzbericht
from tests.conftest import entry


@pytest.fixture(scope="module")
def vorlage(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """March, April and May closed; the Prüfcode each signed paper shows."""
    ki = KI(tmp_path_factory.mktemp("papier") / "ki")
    papier = {m: ki.schliessen(m).daten["pruefcode"] for m in ("2025-03", "2025-04", "2025-05")}
    return ki.root, papier


@pytest.fixture
def ki(vorlage, tmp_path) -> KI:
    shutil.copytree(vorlage[0], tmp_path / "ki")
    return KI.vorhanden(tmp_path / "ki")


@pytest.fixture
def papier(vorlage) -> dict[str, str]:
    return vorlage[1]


def _setzen(daten: dict, zahl: str, wert: object) -> None:
    *weg, letzter = zahl.split(".")
    for teil in weg:
        daten = daten[teil]
    daten[letzter] = wert


def faelschen(ablage: Path, ab_nr: int, aendern, pruefcode_behalten: bool = False) -> None:
    """Rewrite the Ablage from element `ab_nr` on, as consistently as the Ablage allows.

    `aendern(daten)` changes that closing's entries; then its fingerprints, every figure
    `verifizieren` recomputes, its report (with the new Prüfcode), the file hashes, the Prüfcode
    and the seal are recomputed, and every later element is relinked and resealed with its new
    Prüfcode. With `pruefcode_behalten` the forged closing keeps the code of the paper."""
    neu: dict[str, str] = {}  # old manifest hash → new one
    for glied in lies_ablage(ablage).glieder:
        if glied.nr < ab_nr:
            continue
        daten = copy.deepcopy(glied.daten)
        if glied.nr == ab_nr:
            aendern(daten)
            liste = daten["eintraege"]["liste"]
            for e in liste:
                e["abdruck"] = abdruck(e["werte"])
            daten["eintraege"]["anzahl"] = len(liste)
            for a in abweichungen(daten):
                _setzen(daten, a.zahl, a.nachgerechnet)
        daten["vorgaenger"] = neu.get(daten["vorgaenger"], daten["vorgaenger"])
        if "wiedereroeffnet" in daten:
            ziel = daten["wiedereroeffnet"]
            ziel["sha256"] = neu.get(ziel["sha256"], ziel["sha256"])
        if "pruefcode" in daten:
            code = pruefcode(daten)
            for d in daten["dateien"]:  # the Ablage's own copy of the report shows the new code
                path = glied.ordner / d["datei"]
                path.write_text(path.read_text("utf-8").replace(daten["pruefcode"], code), "utf-8")
                d["sha256"], d["bytes"] = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size
            if not (pruefcode_behalten and glied.nr == ab_nr):
                daten["pruefcode"] = code
        data = manifest.versiegeln(daten)
        glied.manifest.write_bytes(data)
        neu[glied.sha256] = hashlib.sha256(data).hexdigest()


def eine_stunde_mehr(daten: dict) -> None:
    daten["eintraege"]["liste"][0]["werte"]["stunden"] += 1.0


def verifizieren(ablage: Path):
    return CliRunner().invoke(cli, ["verifizieren", "--ablage", str(ablage)])


def test_the_paper_finds_its_filing_unchanged(ki, papier):
    for nr, monat in enumerate(("2025-03", "2025-04", "2025-05"), start=1):
        ergebnis = pruefcode_pruefen(ki.ablage, papier[monat])
        assert (ergebnis.status, ergebnis.nr, ergebnis.monat, ergebnis.version, ergebnis.gilt,
                ergebnis.exit_code) == (GEFUNDEN, nr, monat, 1, True, 0)
    text = "\n".join(ergebnis.text())
    assert f"Prüfcode {papier['2025-05']}: gefunden." in text
    assert "Der Abschluss Mai 2025 (Version 1, Nr. 0003) ist unverändert" in text
    assert "Kette bis zu ihm (Nr. 0001 bis 0003)" in text and "geltende Abschluss" in text
    doc = ergebnis.to_json()
    assert (doc["ergebnis"], doc["unveraendert"], doc["nr"], doc["fehler"]) == (GEFUNDEN, True, 3, [])
    json.dumps(doc)
    # as a person types it off the paper
    getippt = papier["2025-04"].lower().replace("-", " ").replace("0", "o")
    assert pruefcode_pruefen(ki.ablage, getippt).status == GEFUNDEN


def test_a_consistent_rewrite_after_the_second_month_passes_verifizieren_but_not_the_paper(ki, papier):
    vorher = json.loads((ki.ablage / "0002_2025-04_Abschluss" / "Abschluss_2025-04.json").read_bytes())
    faelschen(ki.ablage, 2, eine_stunde_mehr)
    nachher = json.loads((ki.ablage / "0002_2025-04_Abschluss" / "Abschluss_2025-04.json").read_bytes())
    assert nachher["bericht"]["stunden"] == vorher["bericht"]["stunden"] + 1  # a real rewrite

    # today's verifizieren sees nothing: seals, links, figures, Prüfcodes and files all fit
    stand = lies_ablage(ki.ablage, dateien_pruefen=True)
    assert stand.befunde == ()
    result = verifizieren(ki.ablage)
    assert result.exit_code == 0 and "Ergebnis: Die Ablage ist intakt" in result.stdout

    # the signed paper of April does not belong to this Ablage any more, nor does May's
    for monat in ("2025-04", "2025-05"):
        ergebnis = finde_pruefcode(stand, papier[monat])
        assert (ergebnis.status, ergebnis.exit_code) == (UNBEKANNT, 1)
    assert "wurde nachträglich verändert oder ersetzt" in "\n".join(ergebnis.text())
    # March was not touched: its paper still finds it
    assert finde_pruefcode(stand, papier["2025-03"]).status == GEFUNDEN
    # and the forged filing has a code of its own, which is not the paper's
    assert finde_pruefcode(stand, nachher["pruefcode"]).status == GEFUNDEN


def test_a_rewrite_of_the_first_month_is_found_by_every_later_paper(ki, papier):
    faelschen(ki.ablage, 1, eine_stunde_mehr)
    stand = lies_ablage(ki.ablage, dateien_pruefen=True)
    assert stand.befunde == () and verifizieren(ki.ablage).exit_code == 0
    # April's and May's filings are unchanged, but they now follow another March
    assert [finde_pruefcode(stand, papier[m]).status for m in ("2025-03", "2025-04", "2025-05")] == \
        [UNBEKANNT, UNBEKANNT, UNBEKANNT]


def test_a_rewritten_filing_that_keeps_the_papers_code_is_changed(ki, papier):
    faelschen(ki.ablage, 2, eine_stunde_mehr, pruefcode_behalten=True)
    stand = lies_ablage(ki.ablage, dateien_pruefen=True)
    assert [f.code for f in stand.befunde] == ["abschluss-zahlen"]
    ergebnis = finde_pruefcode(stand, papier["2025-04"])
    assert (ergebnis.status, ergebnis.nr, ergebnis.exit_code) == (GEAENDERT, 2, 1)
    assert "wurde nach dem Druck des Berichts geändert" in "\n".join(ergebnis.text())


def test_deleting_the_newest_filing_is_found_by_its_paper(ki, papier):
    shutil.rmtree(ki.ablage / "0003_2025-05_Abschluss")
    stand = lies_ablage(ki.ablage, dateien_pruefen=True)
    assert stand.befunde == ()
    assert finde_pruefcode(stand, papier["2025-05"]).status == UNBEKANNT
    assert finde_pruefcode(stand, papier["2025-04"]).status == GEFUNDEN


def test_damage_up_to_the_filing_is_named_and_damage_after_it_is_counted(ki, papier):
    bericht = ki.ablage / "0003_2025-05_Abschluss" / "Monatsbericht_2025-05.txt"
    bericht.write_text("geändert", encoding="utf-8")
    ergebnis = pruefcode_pruefen(ki.ablage, papier["2025-04"])
    assert (ergebnis.status, ergebnis.fehler_danach) == (GEFUNDEN, 1)
    assert "Spätere Teile der Ablage weichen ab (1 Abweichung)" in "\n".join(ergebnis.text())
    ergebnis = pruefcode_pruefen(ki.ablage, papier["2025-05"])
    assert ergebnis.status == KETTE_BESCHAEDIGT and ergebnis.exit_code == 1
    assert [(f.code, f.datei) for f in ergebnis.befunde] == \
        [("abschluss-datei-geaendert", bericht.as_posix())]
    assert "Einträge und Zahlen des Abschlusses Mai 2025" in "\n".join(ergebnis.text())

    shutil.rmtree(ki.ablage / "0001_2025-03_Abschluss")  # a gap before April
    ergebnis = pruefcode_pruefen(ki.ablage, papier["2025-04"])
    assert ergebnis.status == KETTE_BESCHAEDIGT
    assert [f.code for f in ergebnis.befunde] == ["abschluss-kette"]
    assert pruefcode_pruefen(ki.ablage, papier["2025-03"]).status == UNBEKANNT

    # a manifest that cannot be read is not searched, and the answer says so
    (ki.ablage / "0002_2025-04_Abschluss" / "Abschluss_2025-04.json").write_text("{", encoding="utf-8")
    ergebnis = pruefcode_pruefen(ki.ablage, papier["2025-04"])
    assert (ergebnis.status, ergebnis.unlesbar) == (UNBEKANNT, 1)
    assert "1 Manifest der Ablage ist beschädigt und wurde nicht durchsucht" in "\n".join(ergebnis.text())


def test_a_filing_replaced_by_a_later_version_is_found_and_says_so(ki, papier):
    ki.wiedereroeffnen("2025-03", "Stunden FK1 korrigiert")
    ki.schreiben_nachweise(**{"März": [MAERZ[0], entry(3, stunden=2.5), *MAERZ[2:]], "April": APRIL,
                              "Mai": MAI})
    neu = ki.schliessen("2025-03")
    ergebnis = pruefcode_pruefen(ki.ablage, papier["2025-03"])
    assert (ergebnis.status, ergebnis.gilt) == (GEFUNDEN, False)
    assert ergebnis.spaeter == ("März 2025 wurde wiedereröffnet (Nr. 0004, Grund: Stunden FK1 korrigiert) "
                                "und als Version 2 erneut abgeschlossen (Nr. 0005).")
    zweite = pruefcode_pruefen(ki.ablage, neu.daten["pruefcode"])
    assert (zweite.status, zweite.nr, zweite.version, zweite.gilt) == (GEFUNDEN, 5, 2, True)


@pytest.mark.parametrize("text, status", [("abc", UNGUELTIG), ("7KQ2-M4XD-9P3A-H1TB-R6WA", TIPPFEHLER)])
def test_a_mistyped_code_is_told_apart_from_a_code_not_in_the_ablage(ki, text, status):
    ergebnis = pruefcode_pruefen(ki.ablage, text)
    assert (ergebnis.status, ergebnis.exit_code, ergebnis.nr) == (status, 2, None)
    assert ergebnis.text() == [ergebnis.meldung] and ergebnis.meldung
    unbekannt = pruefcode_pruefen(ki.ablage, "7KQ2-M4XD-9P3A-H1TB-R6WG")
    assert (unbekannt.status, unbekannt.exit_code) == (UNBEKANNT, 1)


def test_the_code_reaches_the_report_writer_before_the_files_exist(ki):
    gesehen = []

    def schreiben(ordner, bericht, code):
        gesehen.append((sorted(p.name for p in ordner.iterdir()), code))
        return kurzbericht(ordner, bericht, code)

    ki.wiedereroeffnen("2025-05")
    glied = ki.schliessen("2025-05", schreiben=schreiben)
    assert gesehen == [([], glied.daten["pruefcode"])]
    assert f"Prüfcode: {glied.daten['pruefcode']}" in \
        (glied.ordner / "Monatsbericht_2025-05.txt").read_text("utf-8")


def test_an_ablage_must_be_read_in_full_to_call_a_filing_unchanged(ki, papier):
    with pytest.raises(ValueError):
        finde_pruefcode(lies_ablage(ki.ablage), papier["2025-03"])


def test_a_closing_through_the_cli_with_the_real_report_is_found(tmp_path):
    ki = KI(tmp_path / "ki")
    result = CliRunner().invoke(cli, ["abschliessen", str(ki.nachweise), "--monat", "2025-03",
                                      "--config", str(ki.config_path)])
    assert result.exit_code == 0, result.output
    daten = json.loads(next(ki.ablage.glob("0001_*/Abschluss_2025-03.json")).read_bytes())
    assert daten["format"] == 2 and {d["datei"] for d in daten["dateien"]} >= \
        {"Monatsbericht_2025-03.xlsx", "Monatsbericht_2025-03.pdf"}
    assert pruefcode_pruefen(ki.ablage, daten["pruefcode"]).status == GEFUNDEN

