"""The written report: golden March figures of the sample KI, sheets, determinism, safety."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kibericht.ablauf import load_entries
from kibericht.ausgabe.arbeitsmappe import write_report
from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.conftest import HEADER, SAMPLE, entry, write_xlsx

GOLDEN = Path(__file__).parent / "golden"


def make_report(result, config, periode, out_dir, mit_namen=False):
    """What `kibericht bericht` does: the report value, the files, the JSON document."""
    bericht = berechne_bericht(result.entries, config, periode, result.rejected,
                               tuple(result.findings), tuple(result.files))
    paths = write_report(out_dir, bericht, mit_namen=mit_namen)
    return bericht_dokument(bericht, paths), paths, list(bericht.findings)


@pytest.fixture(scope="module")
def sample():
    config = load_config(SAMPLE / "ki.toml")
    return config, load_entries([SAMPLE / "nachweise"], config)


def test_sample_has_warnings_but_no_errors(sample):
    _, result = sample
    assert result.errors == []
    assert sorted(f.code for f in result.findings if f.schwere == "warnung") == [
        "doppelter-eintrag", "summe-abweichend", "tageshoechstzahl", "wochenende"]


def test_golden_march_figures(sample, tmp_path):
    """The generator computed these from its own entry list, not with kibericht."""
    config, result = sample
    golden = json.loads((GOLDEN / "sample_2025-03.json").read_text("utf-8"))
    document, _, _ = make_report(result, config, Periode.parse_monat("2025-03"), tmp_path)
    for key in ("eintraege", "stunden", "stunden_schwerpunkte", "nach_schwerpunkt", "nach_stelle",
                "nach_taetigkeit", "nach_kommune"):
        assert document[key] == golden[key], key
    assert document["schwerpunktanteil"] == round(golden["stunden_schwerpunkte"] / golden["stunden"], 4)
    assert document["quote_erfuellt"] is True


def test_golden_year_figures(sample, tmp_path):
    config, result = sample
    golden = json.loads((GOLDEN / "sample_2025.json").read_text("utf-8"))
    document, paths, _ = make_report(result, config, Periode.parse_jahr("2025"), tmp_path)
    assert document["stunden"] == golden["stunden"]
    assert document["nach_stelle"] == golden["nach_stelle"]
    for month, values in golden["monate"].items():
        assert document["monate"][month] == round(values["stunden_schwerpunkte"] / values["stunden"], 4)
    assert paths[0].name == "Jahresbericht_2025.xlsx"


def test_workbook_sheets_and_numbers(sample, tmp_path):
    config, result = sample
    _, paths, _ = make_report(result, config, Periode.parse_monat("2025-03"), tmp_path)
    assert [p.name for p in paths] == [
        "Monatsbericht_2025-03.xlsx", "Monatsbericht_2025-03_schwerpunktanteil.png",
        "Monatsbericht_2025-03_schwerpunkte_stellen.png", "Monatsbericht_2025-03_anzahl.png",
        "Monatsbericht_2025-03_taetigkeiten.png", "Monatsbericht_2025-03_kommunen.png",
        "Monatsbericht_2025-03_foerderung.png", "Monatsbericht_2025-03_soll_ist.png",
        "Monatsbericht_2025-03.pdf"]
    wb = openpyxl.load_workbook(paths[0])
    for name in ("Übersicht", "Diagramme", "Schwerpunkte", "Stellen", "Tätigkeiten", "Kommunen",
                 "Meilensteine", "Besetzung", "Förderung", "Prüfprotokoll", "Daten"):
        assert name in wb.sheetnames
    data = wb["Daten"]
    header = [c.value for c in data[1]]
    assert "Mitarbeiter/in" not in header  # no names without --mit-namen
    hours = header.index("Stunden")
    rows = list(data.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 297
    assert sum(r[hours] for r in rows) == 889.25
    assert header[-3:] == ["Datei", "Blatt", "Zeile"]
    overview = {r[0]: r[1:] for r in wb["Übersicht"].iter_rows(values_only=True) if r[0]}
    # the month, the previous month, the same month last year (not in the input), January to March
    assert overview["Stunden"][:4] == (889.25, 888.0, "–", 970.25 + 888.0 + 889.25)
    assert overview["Tätigkeiten (Einträge)"][0] == 297
    assert overview["Schwerpunktquote"][0] == "✓ erfüllt"
    assert len(wb["Diagramme"]._images) == 7
    protocol = [r for r in wb["Prüfprotokoll"].iter_rows(values_only=True) if r[0] == "warnung"]
    assert protocol == []  # the sample's warnings are all in other months


def test_names_only_with_mit_namen(sample, tmp_path):
    config, result = sample
    _, paths, _ = make_report(result, config, Periode.parse_monat("2025-03"), tmp_path, mit_namen=True)
    header = [c.value for c in openpyxl.load_workbook(paths[0])["Daten"][1]]
    assert "Mitarbeiter/in" in header


def test_two_runs_give_identical_files(sample, tmp_path):
    config, result = sample
    digests = []
    for run in ("a", "b"):
        _, paths, _ = make_report(result, config, Periode.parse_monat("2025-03"), tmp_path / run)
        digests.append([hashlib.sha256(p.read_bytes()).hexdigest() for p in paths])
    assert digests[0] == digests[1]


def test_input_text_is_never_a_formula(config, tmp_path):
    rows = [HEADER, entry(3, text='=HYPERLINK("http://x","klick")'), entry(4, text="+49 221 1234"),
            entry(5, text="@SUMME(A1)"), entry(6, text="-Minus"), entry(7, text="\tTab")]
    write_xlsx(tmp_path / "in.xlsx", {"A": rows})
    result = load_entries([tmp_path / "in.xlsx"], config)
    _, paths, _ = make_report(result, config, Periode.parse_monat("2025-03"), tmp_path / "out")
    with zipfile.ZipFile(paths[0]) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name), name
    data = openpyxl.load_workbook(paths[0])["Daten"]
    texts = [r[-4] for r in data.iter_rows(min_row=2, values_only=True)]
    assert texts[0] == '=HYPERLINK("http://x","klick")'


def test_month_without_entries_is_not_zero_percent(config, tmp_path):
    write_xlsx(tmp_path / "in.xlsx", {"A": [HEADER, entry(3)]})
    result = load_entries([tmp_path / "in.xlsx"], config)
    document, paths, _ = make_report(result, config, Periode.parse_monat("2025-05"), tmp_path / "out")
    assert document["schwerpunktanteil"] is None
    assert document["quote_erfuellt"] is None
    assert document["monate"]["2025-04"] is None
    assert document["monate"]["2025-03"] == 1.0
    overview = {r[0]: r[1] for r in openpyxl.load_workbook(paths[0])["Übersicht"].iter_rows(
        values_only=True) if r[0]}
    assert overview["Schwerpunktanteil"] == "–"
    assert overview["Schwerpunktquote"] == "– nicht bestimmbar (keine Einträge)"


def test_annual_report_controlling_parts(sample, tmp_path):
    config, result = sample
    golden = json.loads((GOLDEN / "sample_2025.json").read_text("utf-8"))
    document, paths, findings = make_report(result, config, Periode.parse_jahr("2025"), tmp_path)
    counted = {m["schwerpunkt"]: m["ist"] for m in document["meilensteine"] if m["jahr"] == 2025}
    assert counted == golden["meilensteine_ist"]
    assert {m["schwerpunkt"]: m["erreicht"] for m in document["meilensteine"]} == {
        "SP1": True, "SP2": True, "SP3": False}
    # FK1 8 × 50000/12 + 4 × 50000/12 × 0.75 = 45833.33; FK2 vacant 16.05.–30.06.:
    # 4 × 50000/12 + 50000/12 × 15/31 + 6 × 50000/12 = 43682.80; VW1 50000; VA1 20000
    assert document["foerderung"]["KI"] == {"anspruch": 159516.13, "hoechstbetrag": 170000.0,
                                            "foerderfaehig": 159516.13, "ueberschritten": False}
    wb = openpyxl.load_workbook(paths[0])
    for name in ("Übersicht", "Monate", "Schwerpunkte", "Stellen", "Tätigkeiten", "Kommunen",
                 "Meilensteine", "Förderung", "Prüfprotokoll", "Daten"):
        assert name in wb.sheetnames
    meilensteine = [r for r in wb["Meilensteine"].iter_rows(values_only=True) if r[0] == "SP3"]
    assert meilensteine[0][-1] == "im Verzug"
    stellen = [r for r in wb["Stellen"].iter_rows(values_only=True) if r[0] == "FK2"]
    assert len(stellen) >= 2  # hours table and Soll/Ist table
    assert {p.name.rsplit("_", 1)[-1] for p in paths[1:]} >= {"foerderung.png", "ist.png"}
    # FK2 has no entries in June 2025 but is vacant then: no keine-stunden warning
    assert not [f for f in findings if f.code == "keine-stunden"]
