"""The aggregation behind the report (first: fast, by hand), then the written report: golden March
figures of the sample KI, sheets, determinism, safety."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kibericht.ablauf import load_entries
from kibericht.ausgabe import texte
from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT, letzter_monat, summarize
from kibericht.regeln.bericht import berechne_bericht
from tests.conftest import HEADER, SAMPLE, entry, write_xlsx
from tests.stellenplan import eintraege, konfig, programm, stelle

GOLDEN = Path(__file__).parent / "golden"


def make_report(result, config, periode, out_dir, mit_namen=False):
    """What `kibericht bericht` does: the report value, the files, the JSON document."""
    bericht = berechne_bericht(result.entries, config, periode, result.rejected,
                               tuple(result.findings), tuple(result.files))
    paths = write_report(out_dir, bericht, mit_namen=mit_namen)
    return bericht_dokument(bericht, paths), paths, list(bericht.findings)


# --- summarize: the aggregation behind the report, checked by hand --------------------------------

# (datum, stelle, schwerpunkt, taetigkeit, stunden, kommune, teilnehmende); March 2025 has 5.0 h
SUMMARY_ENTRIES = [
    ("2024-12-31", "FK1", "SP1", "Beratung", 8.0, "Alfter", 1),  # the year before: never counted
    ("2025-01-15", "FK1", "SP1", "Beratung", 2.0, "Alfter", 5),
    ("2025-03-03", "FK1", "SP1", "Beratung", 1.5, "Alfter", 3),
    ("2025-03-04", "FK1", None, "Verwaltung", 0.5, None, None),
    ("2025-03-05", "VA1", "SP2", "Netzwerktreffen", 0.75, "Bornheim", 10),
    ("2025-03-10", "FK2", "SP1", "Beratung", 0.5, "Alfter", None),
    ("2025-03-31", "VA1", None, "Verwaltung", 1.75, None, None),
    ("2025-04-01", "FK1", "SP2", "Beratung", 4.0, "Bornheim", 2),
    ("2025-10-01", "FK1", "SP1", "Beratung", 2.0, "Alfter", None),
    ("2025-11-04", "FK1", None, "Verwaltung", 0.5, None, None),
]


@pytest.fixture
def summary_input(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"), stelle("VA1", pauschale="20000", umfang=0.5),
                    stelle("FK2"), stelle("L1", pauschale=None, foerderung="Land", art="Lehrkraft"))
    entries = eintraege(*[row[:5] for row in SUMMARY_ENTRIES])
    entries["kommune"] = [row[5] for row in SUMMARY_ENTRIES]
    entries["teilnehmende"] = [float("nan") if row[6] is None else float(row[6]) for row in SUMMARY_ENTRIES]
    return config, entries


def _rows(frame):
    """Row label → values, NaN shown as None."""
    return {k: [None if v is None or v != v else v for v in row]
            for k, row in zip(frame.index, frame.values.tolist(), strict=True)}


def test_summary_of_a_month(summary_input):
    config, entries = summary_input
    s = summarize(entries, config, Periode.parse_monat("2025-03"))
    # March: 1.5 + 0.5 + 0.75 + 0.5 + 1.75 = 5.0 h in 5 entries, 1.5 + 0.75 + 0.5 = 2.75 h with SP = 0.55
    assert (s.eintraege, s.stunden, s.stunden_schwerpunkte, s.anteil, s.erfuellt, s.mindestanteil) == \
        (5, 5.0, 2.75, 0.55, True, 0.5)
    # columns stunden, eintraege, teilnehmende, anteil (hours ÷ 5.0 h): SP1 1.5 + 0.5 = 2.0 h → 0.4,
    # SP2 0.75 h → 0.15, without 0.5 + 1.75 = 2.25 h → 0.45; missing Teilnehmende count 0
    assert _rows(s.nach_schwerpunkt) == {"SP1": [2.0, 2, 3.0, 0.4], "SP2": [0.75, 1, 10.0, 0.15],
                                         "ohne Schwerpunkt": [2.25, 2, 0.0, 0.45]}
    assert _rows(s.schwerpunkt_stelle) == {"SP1": [1.5, 0.0, 0.5, 0.0], "SP2": [0.0, 0.75, 0.0, 0.0],
                                           "ohne Schwerpunkt": [0.5, 1.75, 0.0, 0.0]}
    assert list(s.schwerpunkt_stelle.columns) == ["FK1", "VA1", "FK2", "L1"]
    # per Stelle also the hours with a Schwerpunkt and their share of the Stelle's hours:
    # FK1 2.0 h (1.5 SP) → 0.75; VA1 2.5 h (0.75) → 0.3; FK2 0.5 h (0.5) → 1.0; L1 no hours → None
    assert _rows(s.nach_stelle) == {"FK1": [2.0, 2, 3.0, 0.4, 1.5, 0.75],
                                    "VA1": [2.5, 2, 10.0, 0.5, 0.75, 0.3],
                                    "FK2": [0.5, 1, 0.0, 0.1, 0.5, 1.0],
                                    "L1": [0.0, 0, 0.0, 0.0, 0.0, None]}
    taetigkeiten = _rows(s.nach_taetigkeit)
    assert list(taetigkeiten) == list(config.taetigkeiten)
    assert {k: v for k, v in taetigkeiten.items() if v[0]} == {
        "Beratung": [2.0, 2, 3.0, 0.4], "Netzwerktreffen": [0.75, 1, 10.0, 0.15],
        "Verwaltung": [2.25, 2, 0.0, 0.45]}
    assert taetigkeiten["Sonstiges"] == [0.0, 0, 0.0, 0.0]
    assert _rows(s.nach_kommune) == {"Alfter": [2.0, 2, 3.0, 0.4], "Bornheim": [0.75, 1, 10.0, 0.15],
                                     "kreisweit": [0.0, 0, 0.0, 0.0], "ohne": [2.25, 2, 0.0, 0.45]}
    assert _rows(s.nach_handlungsfeld) == {"Bildung": [5.0, 5, 13.0, 1.0], "Querschnitt": [0.0, 0, 0.0, 0.0],
                                           "KIM": [0.0, 0, 0.0, 0.0], "Übergreifend": [0.0, 0, 0.0, 0.0]}
    # SP1 is Zieldimension I, SP2 II
    assert _rows(s.nach_zieldimension) == {"I": [2.0, 2, 3.0, 0.4], "II": [0.75, 1, 10.0, 0.15],
                                           "III": [0.0, 0, 0.0, 0.0],
                                           "ohne Schwerpunkt": [2.25, 2, 0.0, 0.45]}
    assert _rows(s.schwerpunkt_monat) == {"SP1": [2.0], "SP2": [0.75], "ohne Schwerpunkt": [2.25]}
    assert list(s.schwerpunkt_monat.columns) == ["2025-03"]
    # the year to date: January (1 entry, 2.0 h SP1) and March; 2024 does not count
    assert s.eintraege_je_monat == {"2025-03": 5, "2025-01": 1}
    assert (s.quote_bis_jetzt.periode.label, s.quote_bis_jetzt.gesamt.stunden,
            s.quote_bis_jetzt.gesamt.stunden_schwerpunkte) == ("2025 bis 2025-03", 7.0, 4.75)
    assert s.quote.periode.label == "2025-03"


def test_summary_of_a_year_labels_months_with_two_digits(summary_input):
    config, entries = summary_input
    s = summarize(entries, config, Periode.parse_jahr("2025"))
    # January 2.0 h SP1, March as above, April 4.0 h SP2, October 2.0 h SP1, November 0.5 h without
    monate = s.schwerpunkt_monat
    assert list(monate.columns) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert monate.loc["SP1"].tolist() == [2.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0]
    assert monate.loc["SP2"].tolist() == [0.0, 0.0, 0.75, 4.0, *[0.0] * 8]
    assert monate.loc["ohne Schwerpunkt"].tolist() == [0.0, 0.0, 2.25, *[0.0] * 7, 0.5, 0.0]
    assert s.eintraege_je_monat == {"2025-01": 1, "2025-03": 5, "2025-04": 1, "2025-10": 1, "2025-11": 1}
    # the year is its own year to date: 2 + 5 + 4 + 2 + 0.5 = 13.5 h
    assert (s.eintraege, s.stunden, s.quote_bis_jetzt.gesamt.stunden) == (9, 13.5, 13.5)


def test_summary_shares_of_a_small_and_of_an_empty_month(summary_input):
    config, entries = summary_input
    # November: a single 0.5 h entry is all the hours there are (share 1.0, also below one hour)
    s = summarize(entries, config, Periode.parse_monat("2025-11"))
    assert _rows(s.nach_taetigkeit)["Verwaltung"] == [0.5, 1, 0.0, 1.0]
    assert _rows(s.nach_stelle)["FK1"] == [0.5, 1, 0.0, 1.0, 0.0, 0.0]
    # June: no entries at all, so no share anywhere (None, not 0 and not NaN)
    s = summarize(entries, config, Periode.parse_monat("2025-06"))
    assert (s.eintraege, s.stunden, s.anteil, s.erfuellt) == (0, 0.0, None, None)
    assert s.nach_schwerpunkt["anteil"].tolist() == [None, None, None]
    assert s.nach_schwerpunkt["stunden"].tolist() == [0.0, 0.0, 0.0]
    assert _rows(s.schwerpunkt_monat) == {"SP1": [0.0], "SP2": [0.0], "ohne Schwerpunkt": [0.0]}
    assert _rows(s.schwerpunkt_stelle) == {"SP1": [0.0] * 4, "SP2": [0.0] * 4, "ohne Schwerpunkt": [0.0] * 4}
    assert s.nach_stelle["schwerpunktanteil"].tolist() == [None] * 4


# --- the written report ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    config = load_config(SAMPLE / "ki.toml")
    return config, load_entries([SAMPLE / "nachweise"], config)


def test_counts_per_taetigkeit_and_handlungsfeld_and_schwerpunkt(summary_input):
    # March: Beratung FK1 SP1 + FK2 SP1, Verwaltung FK1 + VA1 without SP, Netzwerktreffen VA1 SP2;
    # every entry of the builder is in the Handlungsfeld Bildung
    config, entries = summary_input
    s = summarize(entries, config, Periode.parse_monat("2025-03"))
    hf = s.taetigkeit_handlungsfeld
    assert [hf.loc[t, "Bildung"] for t in ("Beratung", "Verwaltung", "Netzwerktreffen")] == [2, 2, 1]
    assert int(hf.to_numpy().sum()) == 5  # every other cell is 0, none is missing
    sp = s.taetigkeit_schwerpunkt
    assert [sp.loc["Beratung", "SP1"], sp.loc["Netzwerktreffen", "SP2"],
            sp.loc["Verwaltung", OHNE_SCHWERPUNKT]] == [2, 1, 2]
    assert int(sp.to_numpy().sum()) == 5
    # a month without entries: the same table, all zeros
    leer = summarize(entries, config, Periode.parse_monat("2025-02"))
    assert list(leer.taetigkeit_handlungsfeld.columns) == list(hf.columns)
    assert list(leer.taetigkeit_handlungsfeld.index) == list(hf.index)
    assert int(leer.taetigkeit_handlungsfeld.to_numpy().sum()) == 0
    assert int(leer.taetigkeit_schwerpunkt.to_numpy().sum()) == 0


def test_last_month_with_entries(summary_input):
    # an unfinished year is checked up to its last month with an entry
    _, entries = summary_input
    assert [letzter_monat(entries, jahr) for jahr in (2024, 2025, 2026)] == [12, 11, 0]
    assert type(letzter_monat(entries, 2025)) is int
    assert letzter_monat(entries.iloc[:0], 2025) == 0


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
    assert overview[texte.QUOTE_ZEITRAUM][0] == "✓ erfüllt"
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
    assert overview[texte.QUOTE_ZEITRAUM] == "– nicht bestimmbar (keine Einträge)"


def test_annual_report_controlling_parts(sample, tmp_path):
    config, result = sample
    golden = json.loads((GOLDEN / "sample_2025.json").read_text("utf-8"))
    document, paths, findings = make_report(result, config, Periode.parse_jahr("2025"), tmp_path)
    counted = {m["schwerpunkt"]: m["ist"] for m in document["meilensteine"] if m["jahr"] == 2025}
    assert counted == golden["meilensteine_ist"]
    assert {m["schwerpunkt"]: m["erreicht"] for m in document["meilensteine"]} == {
        "SP1": True, "SP2": True, "SP3": False}
    # by hand, 2025 amounts (57 000 / 12 = 4 750 a month): FK1 8 × 4 750 + 4 × 4 750 × 0.75 = 52 250,00;
    # FK2 vacant 16.05.–30.06.: 4 × 4 750 + 4 750 × 15/31 + 6 × 4 750 = 49 798,387… → 49 798,39;
    # VW1 57 000; VA1 22 500; together 181 548,39 against the cap 3 × 57 000 + 22 500 = 193 500
    assert document["foerderung"]["KI"] == {"anspruch": 181548.39, "hoechstbetrag": 193500.0,
                                            "foerderfaehig": 181548.39, "ueberschritten": False}
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
