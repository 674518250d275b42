"""The list of the workbook's sheets: the workbook holds its sheets in its order, in the version
each entry names, and the charts are fetched before the sheets that touch every row."""

from __future__ import annotations

import importlib

import openpyxl
import pytest

from kibericht.ablauf import load_entries
from kibericht.ausgabe import berichtsmappe
from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.ausgabe.blaetter import BLAETTER, Blatt
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.conftest import HEADER, entry, write_xlsx


@pytest.fixture
def bericht(config, tmp_path):
    """March with a faulty row (text in Stunden): it is left out and listed in „Nicht gezählt“."""
    rows = [HEADER, entry(3), entry(4, stelle="FK2", sp=""), entry(5, stunden="zwei")]
    write_xlsx(tmp_path / "in.xlsx", {"A": rows})
    result = load_entries([tmp_path / "in.xlsx"], config)
    return berechne_bericht(result.entries, config, Periode.parse_monat("2025-03"), result.rejected,
                            tuple(result.findings), tuple(result.files))


def test_the_sheets_touching_every_row_come_last():
    marks = [b.alle_zeilen for b in BLAETTER]
    assert marks == sorted(marks), [b.name for b in BLAETTER]
    assert [b.name for b in BLAETTER if b.alle_zeilen] == ["Prüfprotokoll", "Nicht gezählt", "Daten"]


def test_every_sheet_module_says_what_it_writes_and_names_its_sheet():
    names = [b.name for b in BLAETTER]
    assert len(set(names)) == len(names)
    for blatt in BLAETTER:
        module = importlib.import_module(blatt.schreiben.__module__)
        assert module.__doc__ and blatt.name in module.__doc__, module.__name__
        assert module.NAME == blatt.name


def _erwartet(bericht, oeffentlich: bool) -> list[str]:
    return [b.name for b in BLAETTER if (b.oeffentlich if oeffentlich else b.intern)
            and (b.zeigen is None or b.zeigen(bericht))]


def test_the_workbook_holds_the_sheets_of_the_list_in_its_order(bericht, tmp_path):
    assert len(bericht.nicht_gezaehlt) == 1
    intern = write_report(tmp_path / "intern", bericht)
    oeffentlich = write_report(tmp_path / "oeffentlich", bericht, oeffentlich=True)
    assert openpyxl.load_workbook(intern[0]).sheetnames == _erwartet(bericht, False) == [
        "Übersicht", "Diagramme", "Tätigkeiten", "Meilensteine", "Besetzung", "Monate", "Schwerpunkte",
        "Stellen", "Kommunen", "Förderung", "Prüfprotokoll", "Nicht gezählt", "Daten"]
    assert openpyxl.load_workbook(oeffentlich[0]).sheetnames == _erwartet(bericht, True) == [
        "Übersicht", "Diagramme", "Tätigkeiten", "Meilensteine", "Besetzung", "Monate", "Schwerpunkte",
        "Stellengruppen", "Kommunen", "Förderung"]


def test_the_charts_are_fetched_right_before_the_first_sheet_touching_every_row(bericht, tmp_path,
                                                                                 monkeypatch):
    geschehen: list[str] = []

    def protokolliert(blatt: Blatt) -> Blatt:
        def schreiben(mappe):
            geschehen.append(blatt.name)
            return blatt.schreiben(mappe)
        return Blatt(blatt.name, schreiben, blatt.intern, blatt.oeffentlich, blatt.alle_zeilen, blatt.zeigen)

    monkeypatch.setattr(berichtsmappe, "BLAETTER", tuple(protokolliert(b) for b in BLAETTER))
    teile = berichtsmappe.abschnitte(bericht)
    charts = tuple(berichtsmappe.report_charts(bericht))
    bilder = {c.name: berichtsmappe.png_bytes(c.zeichnen) for c in charts}

    def images() -> dict[str, bytes]:
        geschehen.append("Diagramme geholt")
        return bilder

    berichtsmappe._write_workbook(tmp_path / "m.xlsx", bericht, teile, charts, False, images)
    assert geschehen.index("Diagramme geholt") == geschehen.index("Prüfprotokoll") - 1
    assert geschehen.count("Diagramme geholt") == 1
    # the images are in, though asked for after the Diagramme sheet was laid out
    assert len(openpyxl.load_workbook(tmp_path / "m.xlsx")["Diagramme"]._images) == len(charts)
