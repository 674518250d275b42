"""Marked copies: faulty cells filled and commented, originals untouched, text stays text."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from kibericht.ausgabe.markiert import CELL_FILL, ROW_FILL, MarkiertError, write_marked_copies
from kibericht.befunde import FEHLER, WARNUNG, Finding
from kibericht.cli import cli
from kibericht.pruefen.pipeline import load_entries
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import assert_no_formulas, file_hashes


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    rows = [["Tätigkeitsnachweis März 2025"], [], HEADER,
            entry(3),
            entry(4, stunden="abc", text="=HYPERLINK(\"http://x\",\"klick\")"),  # row 5: Stunden
            entry(5, stelle="XY"),  # row 6: Stelle
            entry(8, text="+49 228 123"),  # row 7: a Saturday: a warning without column? see below
            ]
    write_xlsx(folder / "team" / "FK1.xlsx", {"März": rows, "Anleitung": [["Bitte ausfüllen"]]})
    write_xlsx(folder / "FK2.xlsx", {"März": [HEADER, entry(3, stelle="FK2")]})  # clean
    (folder / "kaputt.xlsx").write_bytes(b"")
    return folder


def fill_color(cell) -> str | None:
    color = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
    return color[-6:] if isinstance(color, str) else None


def test_faulty_cells_are_filled_and_commented(inputs, tmp_path, config):
    result = load_entries([inputs], config)
    written = write_marked_copies(result.findings, tmp_path / "markiert")
    # only the faulty workbook, under its path relative to the inputs' common folder
    assert written == [tmp_path / "markiert" / "team" / "FK1.xlsx"]
    ws = openpyxl.load_workbook(written[0])["März"]
    assert fill_color(ws["H5"]) == CELL_FILL[FEHLER]
    assert "[stunden-ungueltig]" in ws["H5"].comment.text
    assert ws["H5"].comment.author == "kibericht"
    assert fill_color(ws["B6"]) == CELL_FILL[FEHLER]
    assert "[stelle-unbekannt]" in ws["B6"].comment.text
    assert fill_color(ws["H4"]) is None and ws["H4"].comment is None  # the valid row stays plain
    assert ws["J5"].value == "=HYPERLINK(\"http://x\",\"klick\")"  # text from the input stays text
    assert ws["J7"].value == "+49 228 123"
    assert_no_formulas(written[0])


def test_finding_without_column_marks_the_row(tmp_path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", {"März": [HEADER, [1, 2, 3]]})
    finding = Finding(WARNUNG, "doppelter-eintrag", path.as_posix(), "März", 2, None, None,
                      "Der Eintrag steht zweimal da.")
    cell_finding = Finding(WARNUNG, "wochenende", path.as_posix(), "März", 2, "Datum", "1", "Samstag.")
    [copy] = write_marked_copies([finding, cell_finding], tmp_path / "out")
    ws = openpyxl.load_workbook(copy)["März"]
    assert fill_color(ws["C2"]) == ROW_FILL[WARNUNG]
    assert fill_color(ws["A2"]) == CELL_FILL[WARNUNG]  # the cell finding wins over the row fill
    assert "[doppelter-eintrag]" in ws["A2"].comment.text and "[wochenende]" in ws["A2"].comment.text


def test_originals_untouched_and_pruefen_reports_copies(inputs, tmp_path, config_path):
    before = file_hashes(inputs)
    result = CliRunner().invoke(cli, ["pruefen", str(inputs), "--config", str(config_path),
                                      "--markiert", str(tmp_path / "markiert"), "--format", "json"])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert [p.rsplit("/", 2)[-2:] for p in document["markiert"]] == [["team", "FK1.xlsx"]]
    assert file_hashes(inputs) == before
    # a second run overwrites the copies, never the inputs
    CliRunner().invoke(cli, ["pruefen", str(inputs), "--config", str(config_path),
                             "--markiert", str(tmp_path / "markiert")])
    assert file_hashes(inputs) == before


def test_refuses_to_overwrite_the_original(inputs, tmp_path, config, config_path):
    result = load_entries([inputs / "FK2.xlsx", inputs / "team" / "FK1.xlsx"], config)
    with pytest.raises(MarkiertError):
        write_marked_copies(result.findings, inputs / "team")
    before = file_hashes(inputs)
    cli_result = CliRunner().invoke(cli, ["pruefen", str(inputs / "team" / "FK1.xlsx"),
                                          "--config", str(config_path), "--markiert",
                                          str(inputs / "team")])
    assert cli_result.exit_code == 2
    assert "Traceback" not in cli_result.output
    assert file_hashes(inputs) == before


def test_xlsm_keeps_its_macros(tmp_path, config):
    path = write_xlsx(tmp_path / "in" / "m.xlsx", {"März": [HEADER, entry(3, stunden="abc")]})
    xlsm = tmp_path / "in" / "m.xlsm"
    wb = openpyxl.load_workbook(path)
    wb.save(xlsm)
    import zipfile

    with zipfile.ZipFile(xlsm, "a") as z:
        z.writestr("xl/vbaProject.bin", b"VBA-Projekt")
    path.unlink()
    result = load_entries([xlsm], config)
    [copy] = write_marked_copies(result.findings, tmp_path / "out")
    assert copy.suffix == ".xlsm"
    with zipfile.ZipFile(copy) as z:
        assert z.read("xl/vbaProject.bin") == b"VBA-Projekt"


def test_merged_cell_finding_lands_on_the_top_left_cell(tmp_path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", {"März": [HEADER, [None] * 10, [None] * 10]})
    wb = openpyxl.load_workbook(path)
    wb["März"].merge_cells("A2:A3")
    wb.save(path)
    finding = Finding(FEHLER, "pflichtfeld-leer", path.as_posix(), "März", 3, "Datum", None, "leer")
    [copy] = write_marked_copies([finding], tmp_path / "out")
    ws = openpyxl.load_workbook(copy)["März"]
    assert "[pflichtfeld-leer]" in ws["A2"].comment.text


def test_nothing_to_mark(tmp_path):
    finding = Finding(FEHLER, "datei-leer", "gibt/es/nicht.xlsx", None, None, None, None, "leer")
    assert write_marked_copies([finding], tmp_path / "out") == []
    assert not (tmp_path / "out").exists()
