"""The Prüfcode on paper: a filed Monatsbericht carries it in the signature block of its PDF and
of its sheet „Übersicht“ (inside the print area), readable as printed; a monthly report not filed
says that the code comes with the closing; the public version and the annual report show none."""

from __future__ import annotations

import re

import openpyxl
import pytest
from pypdf import PdfReader

from kibericht.ablauf import load_entries
from kibericht.ausgabe import texte
from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.ablage_ki import MAERZ
from tests.conftest import KI_TOML, write_xlsx

CODE = "7KQ2-M4XD-9P3A-H1TB-R6WG"


@pytest.fixture(scope="module")
def eintraege(tmp_path_factory):
    root = tmp_path_factory.mktemp("druck")
    (root / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(root / "nachweise" / "FK1.xlsx", {"März": MAERZ})
    config = load_config(root / "ki.toml")
    return config, load_entries([root / "nachweise"], config).entries


def _bericht(eintraege, periode: Periode):
    config, entries = eintraege
    return berechne_bericht(entries, config, periode)


def pdf_text(pfade) -> str:
    pdf = next(p for p in pfade if p.suffix == ".pdf")
    return "".join(seite.extract_text() for seite in PdfReader(pdf).pages)


def uebersicht(pfade) -> tuple[list[tuple[int, str]], int]:
    """The texts of the sheet „Übersicht“ mentioning the Prüfcode (row, text) and the last printed row."""
    wb = openpyxl.load_workbook(next(p for p in pfade if p.suffix == ".xlsx"))
    ws = wb["Übersicht"]
    letzte = int(re.search(r"\$(\d+)$", ws.print_area).group(1))
    texte_ = [(c.row, c.value) for zeile in ws.iter_rows() for c in zeile
              if isinstance(c.value, str) and "Prüfcode" in c.value]
    return texte_, letzte


def test_the_filed_report_shows_its_pruefcode_below_the_signature(eintraege, tmp_path):
    pfade = write_report(tmp_path, _bericht(eintraege, Periode.parse_monat("2025-03")), pruefcode=CODE)
    text = pdf_text(pfade)
    assert re.findall(r"Prüfcode: ([0-9A-Z-]+)", text) == [CODE]
    assert text.index(texte.UNTERSCHRIFT) < text.index(f"Prüfcode: {CODE}")
    assert "kibericht verifizieren --pruefcode" in text.replace("\n", " ")
    zeilen, letzte = uebersicht(pfade)
    assert zeilen[0] == (zeilen[0][0], f"Prüfcode: {CODE}") and all(r <= letzte for r, _ in zeilen)
    assert texte.PRUEFCODE_ENTWURF not in text


def test_a_monthly_report_not_filed_says_the_code_comes_with_the_closing(eintraege, tmp_path):
    pfade = write_report(tmp_path, _bericht(eintraege, Periode.parse_monat("2025-03")))
    text = " ".join(pdf_text(pfade).split())
    assert "Prüfcode: erst im abgeschlossenen Bericht." in text
    assert not re.search(r"Prüfcode: [0-9A-Z]{4}-", text)
    zeilen, letzte = uebersicht(pfade)
    assert [t for _, t in zeilen] == [texte.PRUEFCODE_ENTWURF] and zeilen[0][0] <= letzte


@pytest.mark.parametrize("periode, oeffentlich", [("2025-03", True), ("2025", False)])
def test_the_public_version_and_the_annual_report_show_no_code(eintraege, tmp_path, periode, oeffentlich):
    p = Periode.parse_monat(periode) if "-" in periode else Periode.parse_jahr(periode)
    pfade = write_report(tmp_path, _bericht(eintraege, p), oeffentlich=oeffentlich)
    assert "Prüfcode" not in pdf_text(pfade)
    assert uebersicht(pfade)[0] == []
