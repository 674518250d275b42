"""`kibericht abschliessen` and `kibericht verifizieren` through CliRunner, as a KI uses them:
close March, change the logs, reopen, close again, prove the Ablage."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht import __version__
from kibericht.ablage import ablegen, sperre
from kibericht.cli import cli
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

MAERZ = [HEADER, entry(3, stunden=2.0), entry(4, stunden=1.5),
         entry(5, sp=None, taet="Verwaltung", stunden=1.0)]
APRIL = [HEADER, entry(1, month=4), entry(2, month=4, stunden=3.0)]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class KI:
    """A KI's folder: ki.toml, nachweise/ and the Ablage beside them."""

    def __init__(self, root: Path):
        self.root = root
        self.config = root / "ki.toml"
        self.nachweise = root / "nachweise"
        self.fk1 = self.nachweise / "FK1.xlsx"
        self.ablage = root / "abschluesse"

    def __call__(self, command: str, *args):
        return run(command, *args, "--config", self.config)

    def abschliessen(self, monat: str = "2025-03", *args):
        return self("abschliessen", self.nachweise, "--monat", monat, *args)

    def glieder(self) -> list[str]:
        return sorted(p.name for p in self.ablage.iterdir() if not p.name.startswith("."))

    def manifest(self, name: str) -> Path:
        return next((self.ablage / name).glob("*.json"))

    def inhalt(self) -> dict[str, str]:
        """Every file of the Ablage with its hash."""
        return {p.relative_to(self.ablage).as_posix(): sha(p) for p in sorted(self.ablage.rglob("*"))
                if p.is_file()}


def neues_ki(root: Path, maerz=MAERZ, april=APRIL) -> KI:
    ki = KI(root)
    root.mkdir(parents=True, exist_ok=True)
    ki.config.write_text(KI_TOML, encoding="utf-8")
    write_xlsx(ki.fk1, {"März": maerz, "April": april})
    return ki


@pytest.fixture(scope="module")
def maerz_geschlossen(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("vorlage") / "ki"
    ki = neues_ki(root)
    result = ki.abschliessen()
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def ki(maerz_geschlossen, tmp_path) -> KI:
    """A KI whose March is closed (a copy per test: the Ablage stores paths relative to itself)."""
    shutil.copytree(maerz_geschlossen, tmp_path / "ki")
    return KI(tmp_path / "ki")


def test_closing_files_the_report_and_a_manifest_and_locks_the_month(tmp_path):
    ki = neues_ki(tmp_path / "ki")
    result = ki.abschliessen("2025-03", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["aktion"], doc["monat"], doc["nr"], doc["version"], doc["eintraege"]) == \
        ("abgeschlossen", "2025-03", 1, 1, 3)
    assert ki.glieder() == ["0001_2025-03_Abschluss"]
    manifest = ki.manifest("0001_2025-03_Abschluss")
    assert manifest.name == "Abschluss_2025-03.json" and doc["pruefsumme"] == sha(manifest)
    daten = json.loads(manifest.read_bytes())
    assert (daten["ki"], daten["monat"], daten["kibericht"], daten["vorgaenger"]) == \
        ("KI Testkreis", "2025-03", __version__, None)
    assert daten["konfiguration"]["sha256"] == sha(ki.config)
    assert daten["eingaben"] == [{"datei": "nachweise/FK1.xlsx", "sha256": sha(ki.fk1),
                                  "bytes": ki.fk1.stat().st_size}]
    assert daten["bericht"]["zeitraum"] == "2025-03" and daten["bericht"]["stunden"] == 4.5
    liste = daten["eintraege"]["liste"]
    assert [(e["datei"], e["blatt"], e["zeile"], e["werte"]["stunden"]) for e in liste] == [
        ("nachweise/FK1.xlsx", "März", 2, 2.0), ("nachweise/FK1.xlsx", "März", 3, 1.5),
        ("nachweise/FK1.xlsx", "März", 4, 1.0)]
    assert b"A. B." not in manifest.read_bytes()  # no staff name in clear
    for d in daten["dateien"]:
        assert sha(manifest.parent / d["datei"]) == d["sha256"]
    # the filed report is the one `bericht --monat` writes from the same input: the same files,
    # the charts byte for byte; workbook and PDF differ only by the Prüfcode in the signature block
    bericht = ki("bericht", ki.nachweise, "--monat", "2025-03", "--ausgabe", tmp_path / "berichte")
    assert bericht.exit_code == 0, bericht.output
    gefiled = {d["datei"]: d["sha256"] for d in daten["dateien"]}
    geschrieben = {p.name: sha(p) for p in (tmp_path / "berichte").iterdir()}
    assert set(gefiled) == set(geschrieben)
    assert {n: h for n, h in gefiled.items() if n.endswith(".png")} == \
        {n: h for n, h in geschrieben.items() if n.endswith(".png")}
    assert doc["pruefcode"] == daten["pruefcode"]


def test_closing_prints_what_was_filed_and_the_checksum(tmp_path):
    ki = neues_ki(tmp_path / "ki")
    result = ki.abschliessen()
    assert result.exit_code == 0, result.output
    manifest = ki.manifest("0001_2025-03_Abschluss")
    assert "März 2025 abgeschlossen – KI Testkreis (Version 1)" in result.stdout
    assert f"Prüfsumme des Abschlusses: {sha(manifest)}" in result.stdout
    assert "Monatsbericht_2025-03.xlsx" in result.stdout


def test_a_resaved_workbook_passes_and_one_changed_hour_is_an_error_at_its_row(ki):
    # re-saved by another program: text dates and hours with a decimal comma, April first
    write_xlsx(ki.fk1, {"April": APRIL, "März": [
        HEADER, ["03.03.2025", "FK1", "A. B.", "Bildung", "SP1", "Beratung", "Alfter", "2", None, "Beratung"],
        ["04.03.2025", "fk1", "A. B.", "Bildung", "SP1", "Beratung", "Alfter", "1,5", None, "Beratung"],
        *MAERZ[3:]]})
    assert ki("pruefen", ki.nachweise).exit_code == 0

    write_xlsx(ki.fk1, {"März": [HEADER, entry(3, stunden=2.0), entry(4, stunden=2.5), *MAERZ[3:]],
                        "April": APRIL})
    result = ki("pruefen", ki.nachweise, "--format", "json")
    assert result.exit_code == 1
    [f] = json.loads(result.stdout)["fehler"]
    assert (f["code"], f["datei"], f["blatt"], f["zeile"]) == \
        ("nachtraegliche-aenderung", ki.fk1.as_posix(), "März", 3)
    assert "Stunden 1,5 → 2,5" in f["meldung"] and "+1 Std." in f["meldung"]
    # every command that reads logs refuses, as with other data errors
    assert ki("bericht", ki.nachweise, "--monat", "2025-04", "--ausgabe", ki.root / "b").exit_code == 1
    assert not (ki.root / "b").exists()
    assert ki("quote", ki.nachweise, "--jahr", "2025").exit_code == 1
    assert ki("foerderung", ki.nachweise, "--jahr", "2025").exit_code == 1
    assert ki("abschliessen", ki.nachweise, "--monat", "2025-04").exit_code == 1
    trotzdem = ki("bericht", ki.nachweise, "--monat", "2025-03", "--ausgabe", ki.root / "b",
                  "--trotz-fehlern", "--format", "json")
    assert trotzdem.exit_code == 0 and json.loads(trotzdem.stdout)["stunden"] == 3.0


def test_a_change_in_april_is_no_error(ki):
    write_xlsx(ki.fk1, {"März": MAERZ, "April": [*APRIL, entry(3, month=4, stunden=6)]})
    assert ki("pruefen", ki.nachweise).exit_code == 0


def test_a_row_added_to_march_in_a_new_workbook_is_found(ki):
    neu = write_xlsx(ki.nachweise / "Nachtrag.xlsx", {"Tabelle1": [HEADER, entry(20, stunden=4)]})
    result = ki("pruefen", ki.nachweise)
    assert result.exit_code == 1
    assert f"{neu.as_posix()}:Tabelle1:2: fehler [nachtraegliche-aenderung]" in result.stdout
    assert ki("verifizieren", ki.nachweise).exit_code == 1


def test_a_removed_row_names_the_file_and_sheet_it_stood_in(ki):
    write_xlsx(ki.fk1, {"März": [HEADER, entry(3, stunden=2.0), *MAERZ[3:]], "April": APRIL})
    result = ki("pruefen", ki.nachweise)
    assert result.exit_code == 1
    assert f"{ki.fk1.as_posix()}:März: fehler [nachtraegliche-aenderung] Eintrag 04.03.2025 (FK1, " \
        f"Beratung, 1,5 Std.)" in result.stdout


def test_closing_a_closed_month_again_exits_2_with_a_json_document(ki):
    before = ki.inhalt()
    result = ki.abschliessen("2025-03", "--format", "json")
    assert result.exit_code == 2
    [f] = json.loads(result.stdout)["fehler"]
    assert f["code"] == "aufruf-ungueltig" and "bereits abgeschlossen" in f["meldung"]
    assert "--wiedereroeffnen" in f["meldung"] and f["datei"].endswith("Abschluss_2025-03.json")
    assert ki.inhalt() == before


def test_a_month_without_entries_is_not_closed(ki):
    before = ki.inhalt()
    leer = ki.abschliessen("2025-05", "--format", "json")
    assert leer.exit_code == 1 and json.loads(leer.stdout)["fehler"][0]["code"] == "zeitraum-leer"
    assert ki.inhalt() == before


def test_input_with_data_errors_exits_1_and_leaves_no_ablage(tmp_path):
    ki = neues_ki(tmp_path / "ki", maerz=[*MAERZ, entry(6, stelle="XX")])
    result = ki.abschliessen()
    assert result.exit_code == 1
    assert "stelle-unbekannt" in result.stderr and "Nicht abgeschlossen" in result.stderr
    assert not ki.ablage.exists()
    as_json = ki.abschliessen("2025-03", "--format", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["fehler"][0]["code"] == "stelle-unbekannt"
    assert not ki.ablage.exists()


@pytest.mark.parametrize("args, text", [
    (["--wiedereroeffnen"], "Grund"),
    (["--wiedereroeffnen", "--grund", "  "], "Grund"),
    (["--grund", "x"], "--wiedereroeffnen"),
])
def test_reopening_needs_a_reason(ki, args, text):
    result = ki("abschliessen", "--monat", "2025-03", *args)
    assert result.exit_code == 2 and text in result.stderr
    assert ki.glieder() == ["0001_2025-03_Abschluss"]


def test_usage_errors_exit_2(ki):
    assert ki("abschliessen", ki.nachweise).exit_code == 2  # no --monat
    assert ki("abschliessen", "--monat", "2025-04").exit_code == 2  # no EINGABE
    assert ki("abschliessen", ki.nachweise, "--monat", "2025-13").exit_code == 2
    offen = ki("abschliessen", "--monat", "2025-04", "--wiedereroeffnen", "--grund", "x")
    assert offen.exit_code == 2 and "nicht abgeschlossen" in offen.stderr
    assert ki.glieder() == ["0001_2025-03_Abschluss"]


def test_reopened_and_closed_again_keeps_both_filings_and_verifies(tmp_path):
    # in place: the Daten sheet of a report names its input files, so no copied fixture here
    ki = neues_ki(tmp_path / "ki")
    assert ki.abschliessen().exit_code == 0
    reopen = ki("abschliessen", "--monat", "2025-03", "--wiedereroeffnen", "--grund", "Stunden korrigiert")
    assert reopen.exit_code == 0, reopen.output
    # while open, a change to March is no error
    geaendert = {"März": [HEADER, entry(3, stunden=2.0), entry(4, stunden=2.5), *MAERZ[3:]], "April": APRIL}
    write_xlsx(ki.fk1, geaendert)
    assert ki("pruefen", ki.nachweise).exit_code == 0
    write_xlsx(ki.fk1, {"März": MAERZ, "April": APRIL})
    again = ki.abschliessen("2025-03", "--format", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["version"] == 2
    assert ki.glieder() == ["0001_2025-03_Abschluss", "0002_2025-03_Wiedereroeffnung",
                            "0003_2025-03_Abschluss"]
    erster = json.loads(ki.manifest("0001_2025-03_Abschluss").read_bytes())
    wieder = json.loads(ki.manifest("0002_2025-03_Wiedereroeffnung").read_bytes())
    zweiter = json.loads(ki.manifest("0003_2025-03_Abschluss").read_bytes())
    assert wieder["grund"] == "Stunden korrigiert" and wieder["wiedereroeffnet"]["nr"] == 1
    assert wieder["vorgaenger"] == sha(ki.manifest("0001_2025-03_Abschluss"))
    assert zweiter["vorgaenger"] == sha(ki.manifest("0002_2025-03_Wiedereroeffnung"))
    # unchanged logs give the same report: the same charts byte for byte; the signature block of
    # workbook and PDF carries the new closing's own Prüfcode
    assert [d for d in erster["dateien"] if d["datei"].endswith(".png")] == \
        [d for d in zweiter["dateien"] if d["datei"].endswith(".png")]
    assert erster["pruefcode"] != zweiter["pruefcode"]
    result = ki("verifizieren", ki.nachweise)
    assert result.exit_code == 0, result.output
    assert "Ergebnis: Die Ablage ist intakt" in result.stdout
    # the second closing is the one that counts now
    write_xlsx(ki.fk1, geaendert)
    assert ki("pruefen", ki.nachweise).exit_code == 1


def test_verifizieren_fails_naming_an_altered_filed_workbook(ki):
    assert ki("verifizieren").exit_code == 0
    workbook = ki.ablage / "0001_2025-03_Abschluss" / "Monatsbericht_2025-03.xlsx"
    workbook.write_bytes(workbook.read_bytes() + b"\0")
    result = ki("verifizieren", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["intakt"] is False and doc["glieder"][0]["intakt"] is False
    assert [(f["code"], f["datei"]) for f in doc["fehler"]] == \
        [("abschluss-datei-geaendert", workbook.as_posix())]
    # the other commands only rely on the manifests; filing on top of it is refused
    assert ki("pruefen", ki.nachweise).exit_code == 0
    assert ki.abschliessen("2025-04").exit_code == 1


def test_a_hand_edited_manifest_is_an_error_in_every_command(ki):
    manifest = ki.manifest("0001_2025-03_Abschluss")
    manifest.write_bytes(manifest.read_bytes().replace(b'"stunden": 1.5', b'"stunden": 2.5', 1))
    for args in (["verifizieren"], ["pruefen", ki.nachweise]):
        result = ki(*args)
        assert result.exit_code == 1
        assert f"{manifest.as_posix()}: fehler [abschluss-ungueltig] Das Siegel passt nicht" in result.stdout
    before = ki.inhalt()
    assert ki.abschliessen("2025-04").exit_code == 1
    assert ki("abschliessen", "--monat", "2025-03", "--wiedereroeffnen", "--grund", "x").exit_code == 1
    assert ki.inhalt() == before


def test_a_broken_chain_fails_verification(ki):
    assert ki.abschliessen("2025-04").exit_code == 0
    assert ki("abschliessen", "--monat", "2025-03", "--wiedereroeffnen", "--grund", "x").exit_code == 0
    shutil.rmtree(ki.ablage / "0002_2025-04_Abschluss")
    result = ki("verifizieren")
    assert result.exit_code == 1
    assert "[abschluss-kette] In der Kette der Abschlüsse fehlt Nr. 0002" in result.stdout


def test_verifizieren_of_a_copied_ablage_needs_no_configuration(ki, tmp_path):
    kopie = tmp_path / "pruefung" / "abschluesse"
    shutil.copytree(ki.ablage, kopie)
    result = run("verifizieren", "--ablage", kopie, "--config", tmp_path / "gibt-es-nicht.toml",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["geschlossen"] == {"2025-03": 1} and doc["eintraege_geprueft"] is False
    assert doc["letzte_pruefsumme"] == sha(ki.manifest("0001_2025-03_Abschluss"))
    missing = run("verifizieren", "--ablage", tmp_path / "leer", "--format", "json")
    assert missing.exit_code == 2 and json.loads(missing.stdout)["fehler"][0]["code"] == "aufruf-ungueltig"


def test_an_interrupted_closing_leaves_the_ablage_as_it_was(ki, monkeypatch):
    before = ki.inhalt()

    def platte_voll(daten):
        raise OSError(28, "Kein Platz auf dem Gerät")

    monkeypatch.setattr(ablegen, "versiegeln", platte_voll)
    result = ki.abschliessen("2025-04")
    assert result.exit_code == 2 and "unverändert" in result.stderr
    assert ki.inhalt() == before and ki.glieder() == ["0001_2025-03_Abschluss"]
    assert [p.name for p in ki.ablage.iterdir() if p.name.startswith(".neu")] == []
    monkeypatch.undo()
    # April is not closed: a change to it is no error, and it can be closed now
    write_xlsx(ki.fk1, {"März": MAERZ, "April": [*APRIL, entry(7, month=4)]})
    assert ki("pruefen", ki.nachweise).exit_code == 0
    assert ki.abschliessen("2025-04").exit_code == 0


def test_leftovers_of_a_killed_run_are_ignored_and_cleaned(ki):
    (ki.ablage / ".neu-abc" / "Monatsbericht_2025-04.xlsx").parent.mkdir()
    (ki.ablage / ".neu-abc" / "Monatsbericht_2025-04.xlsx").write_bytes(b"halb")
    assert ki("verifizieren").exit_code == 0
    assert ki.abschliessen("2025-04").exit_code == 0
    assert not (ki.ablage / ".neu-abc").exists()


def test_a_held_lock_refuses_a_second_closing(ki, monkeypatch):
    monkeypatch.setattr(sperre, "WARTEN", 0.2)
    before = ki.inhalt()
    with sperre.gesperrt(ki.ablage):
        result = ki.abschliessen("2025-04")
    assert result.exit_code == 2 and "gesperrt" in result.stderr
    assert ki.inhalt() == before


def test_other_commands_never_write_the_ablage(tmp_path):
    ki = neues_ki(tmp_path / "ki")
    assert ki("pruefen", ki.nachweise).exit_code == 0
    assert ki("quote", ki.nachweise, "--monat", "2025-03").exit_code == 0
    assert ki("foerderung", ki.nachweise, "--jahr", "2025").exit_code == 0
    assert ki("bericht", ki.nachweise, "--monat", "2025-03", "--ausgabe", tmp_path / "b").exit_code == 0
    assert not ki.ablage.exists()
    assert ki("verifizieren").exit_code == 2


def test_the_ablage_folder_is_configured_relative_to_ki_toml(tmp_path):
    ki = neues_ki(tmp_path / "ki")
    ki.config.write_text(KI_TOML + '\n[ablage]\nordner = "../gemeinsam/ablage"\n', encoding="utf-8")
    assert ki.abschliessen().exit_code == 0
    assert (tmp_path / "gemeinsam" / "ablage" / "0001_2025-03_Abschluss").is_dir()
    write_xlsx(ki.fk1, {"März": [HEADER, entry(3, stunden=5.0), *MAERZ[2:]], "April": APRIL})
    assert ki("pruefen", ki.nachweise).exit_code == 1
    ki.config.write_text(KI_TOML + '\n[ablage]\nordnr = "x"\n', encoding="utf-8")
    result = ki("pruefen", ki.nachweise)
    assert result.exit_code == 2 and "ordnr" in result.stderr


def test_a_month_below_the_quota_is_filed_and_exits_3(tmp_path):
    ki = neues_ki(tmp_path / "ki", maerz=[HEADER, entry(3, sp=None, taet="Verwaltung", stunden=5.0),
                                          entry(4, stunden=1.0)])
    result = ki.abschliessen()
    assert result.exit_code == 3 and "trotzdem abgeschlossen" in result.stderr
    assert ki.glieder() == ["0001_2025-03_Abschluss"]


def test_help_texts_are_german_with_an_example():
    for command in ("abschliessen", "verifizieren"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Beispiel:" in result.output


def test_two_closings_of_the_same_month_at_once_cannot_both_succeed(ki, monkeypatch):
    import contextlib
    import importlib

    befehl = importlib.import_module("kibericht.anwendung.monatsabschluss")  # where the lock is taken
    echt, zuerst = befehl.gesperrt, [True]

    @contextlib.contextmanager
    def gleichzeitig(ordner):
        # while this run computed its report, another one closed April and released the lock
        if zuerst:
            zuerst.clear()
            assert ki.abschliessen("2025-04").exit_code == 0
        with echt(ordner):
            yield

    monkeypatch.setattr(befehl, "gesperrt", gleichzeitig)
    result = ki.abschliessen("2025-04")
    assert result.exit_code == 2 and "bereits abgeschlossen" in result.stderr
    assert ki.glieder() == ["0001_2025-03_Abschluss", "0002_2025-04_Abschluss"]


def test_an_error_in_april_does_not_stop_closing_march(tmp_path):
    ki = neues_ki(tmp_path / "ki", april=[HEADER, entry(1, month=4), entry(2, month=4, stunden="abc")])
    result = ki.abschliessen("2025-03", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["eintraege"] == 3
    assert [f["code"] for f in document["fehler_andere_monate"]] == ["stunden-ungueltig"]
    # an error in March itself stops it, and the Ablage stays as it was
    ki = neues_ki(tmp_path / "ki2", maerz=[*MAERZ, entry(6, stunden="abc")])
    assert ki.abschliessen("2025-03").exit_code == 1
    assert not ki.ablage.exists() or ki.glieder() == []


def test_a_report_or_marked_copies_into_the_ablage_are_refused(ki, tmp_path, monkeypatch):
    before = ki.inhalt()
    ziel = ki.ablage / "0001_2025-03_Abschluss"
    result = ki("bericht", ki.nachweise, "--monat", "2025-03", "--ausgabe", ziel, "--mit-namen")
    assert result.exit_code == 2 and "liegt in der Ablage" in result.stderr
    assert ki.ablage.as_posix() in result.stderr.replace("\n", "")
    # through a link, and as a relative path from inside the KI's folder
    (tmp_path / "link").symlink_to(ki.ablage, target_is_directory=True)
    json_result = ki("bericht", ki.nachweise, "--monat", "2025-03", "--ausgabe", tmp_path / "link" / "neu",
                     "--format", "json")
    assert json_result.exit_code == 2
    assert [f["code"] for f in json.loads(json_result.stdout)["fehler"]] == ["aufruf-ungueltig"]
    monkeypatch.chdir(ki.root)
    relativ = run("bericht", "nachweise", "--config", "ki.toml", "--monat", "2025-03", "--ausgabe",
                  "nachweise/../abschluesse")
    assert relativ.exit_code == 2 and "liegt in der Ablage" in relativ.stderr
    # beside the Ablage is fine
    assert run("bericht", "nachweise", "--config", "ki.toml", "--monat", "2025-04", "--ausgabe",
               "berichte").exit_code == 0
    write_xlsx(ki.fk1, {"März": MAERZ, "April": [*APRIL, entry(9, month=4, stunden="abc")]})
    markiert = run("pruefen", "nachweise", "--config", "ki.toml", "--markiert", "abschluesse/markiert")
    assert markiert.exit_code == 2 and "liegt in der Ablage" in markiert.stderr
    assert run("pruefen", "nachweise", "--config", "ki.toml", "--markiert", "markiert").exit_code == 1
    assert ki.inhalt() == before
