"""The report's sections: the rows the PDF sets come from the same tables the workbook writes, the
public version's sections name no Stelle, and both files show the same figures."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from kibericht.ausgabe import texte
from kibericht.ausgabe.abschnitte import abschnitte
from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.periode import Periode
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import berechne_bericht
from kibericht.zahlen import de_zahl
from tests.stellenplan import eintraege, konfig, programm, stelle


@pytest.fixture
def bericht(tmp_path):
    """March: SP1 (Bildung) 1.5 h, SP2 (Querschnitt) 0.75 h, 0.5 h without a Schwerpunkt (Bildung);
    January 2.0 h SP1. Three Fachkräfte: one public group."""
    config = konfig(tmp_path, programm(), stelle("FK1"), stelle("FK2"), stelle("FK3"))
    entries = eintraege(("2025-01-10", "FK1", "SP1", "Beratung", 2.0),
                        ("2025-03-03", "FK1", "SP1", "Beratung", 1.5),
                        ("2025-03-04", "FK2", "SP2", "Netzwerktreffen", 0.75),
                        ("2025-03-05", "FK3", None, "Verwaltung", 0.5))
    entries.loc[entries["schwerpunkt"] == "SP2", "handlungsfeld"] = "Querschnitt"
    entries["teilnehmende"] = [3.0, 4.0, 10.0, float("nan")]
    return berechne_bericht(entries, config, Periode.parse_monat("2025-03"))


def test_the_pdf_groups_the_schwerpunkte_under_their_handlungsfeld(bericht):
    s = abschnitte(bericht).schwerpunkte
    gruppen = [(feld.name, feld.stunden, [(z.name, z.stunden, z.teilnehmende) for z in sp])
               for feld, sp in s.je_handlungsfeld()]
    # every Handlungsfeld of the schema, in its order; Bildung holds SP1 and the 0.5 h without one
    assert gruppen == [("Bildung", 2.0, [("SP1 – Bildung verbessern", 1.5, 4.0)]),
                       ("Querschnitt", 0.75, [("SP2 – Ehrenamt stärken", 0.75, 10.0)]),
                       ("KIM", 0.0, []), ("Übergreifend", 0.0, [])]
    ohne = s.ohne()
    assert (ohne.name, ohne.eintraege, ohne.stunden) == (OHNE_SCHWERPUNKT, 1, 0.5)
    g = s.gesamt
    assert (g.eintraege, g.teilnehmende, g.stunden, g.anteil) == (3, 14, 2.75, 1.0)
    # the Summe row of the workbook's table is the PDF's Summe row
    summe = s.schwerpunkte.iloc[-1]
    assert (summe["Schwerpunkt"], summe["Einträge"], summe["Stunden"]) == (texte.SUMME, 3, 2.75)


def test_the_pdfs_counts_leave_out_what_has_no_entries(bericht):
    t = abschnitte(bericht).taetigkeiten
    assert [z.name for z in t.mit_eintraegen()] == ["Beratung", "Netzwerktreffen", "Verwaltung"]
    assert t.felder_mit_eintraegen() == ["Bildung", "Querschnitt"]
    assert t.schwerpunkte_mit_eintraegen() == ["SP1", "SP2", OHNE_SCHWERPUNKT]
    assert t.anzahlen(t.nach_schwerpunkt)["Verwaltung"][OHNE_SCHWERPUNKT] == 1
    assert t.summen(t.nach_handlungsfeld) == {"Bildung": 2, "Querschnitt": 1, "KIM": 0, "Übergreifend": 0,
                                              texte.SUMME: 3}
    assert t.legende == (("SP1", "Bildung verbessern"), ("SP2", "Ehrenamt stärken"))


def test_the_public_sections_name_no_stelle(bericht):
    intern, oeffentlich = abschnitte(bericht), abschnitte(bericht, oeffentlich=True)
    assert list(intern.schwerpunkte.matrix.columns) == ["Schwerpunkt", "FK1", "FK2", "FK3", texte.SUMME]
    assert oeffentlich.schwerpunkte.matrix is None  # hours per Schwerpunkt and group are not public
    assert (oeffentlich.stellen, oeffentlich.pruefung, oeffentlich.personal.je_stelle) == (None, None, None)
    assert oeffentlich.foerderung.je_stelle is None and oeffentlich.foerderung.je_stelle_und_monat is None
    assert oeffentlich.personal.je_gruppe["Stellengruppe"].tolist() == ["Fachkraft"]
    assert oeffentlich.datenschutz == texte.DATENSCHUTZ and intern.datenschutz is None
    assert oeffentlich.titel.fassung == texte.OEFFENTLICH and intern.titel.fassung is None
    assert intern.stellen.stunden["Stelle"].tolist() == ["FK1", "FK2", "FK3", texte.SUMME]
    # the totals are the same in both versions where they are safe (three Stellen, none above 85 %)
    assert oeffentlich.schwerpunkte.gesamt.stunden == intern.schwerpunkte.gesamt.stunden == 2.75


def test_the_workbook_and_the_pdf_show_the_same_figures_and_words(bericht, tmp_path):
    paths = write_report(tmp_path, bericht)
    pdf = PdfReader(paths[-1])
    text = "\n".join(page.extract_text() for page in pdf.pages)
    sheet: dict[str, tuple] = {}  # the first table: per Schwerpunkt, hours in column G
    for r in openpyxl.load_workbook(paths[0])["Schwerpunkte"].iter_rows(values_only=True):
        sheet.setdefault(r[0], r)
    for _feld, schwerpunkte in abschnitte(bericht).schwerpunkte.je_handlungsfeld():
        for z in schwerpunkte:
            sp = z.name.split(" – ")[0]
            assert sheet[sp][6] == z.stunden
            assert f"{z.name}\n{z.eintraege}\n{de_zahl(z.teilnehmende, 0)}\n{de_zahl(z.stunden)}\n" in text, z
    # the subtitle is written once (texte) and shown by both
    wb = openpyxl.load_workbook(paths[0])
    assert wb["Übersicht"]["A3"].value == texte.UNTERTITEL == wb.properties.subject
    assert pdf.metadata["/Subject"] == texte.UNTERTITEL and texte.UNTERTITEL in text
