"""Marked copies: faulty cells filled and commented, originals untouched, text stays text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import openpyxl
import pytest
from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.ausgabe.markiert import CELL_FILL, ROW_FILL, MarkiertError, write_marked_copies
from kibericht.befunde import FEHLER, WARNUNG, Finding
from kibericht.cli import cli
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import assert_no_formulas, file_hashes, rewrite_parts


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
    written = write_marked_copies(result.findings, tmp_path / "markiert").geschrieben
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
    [copy] = write_marked_copies([finding, cell_finding], tmp_path / "out").geschrieben
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
    [copy] = write_marked_copies(result.findings, tmp_path / "out").geschrieben
    assert copy.suffix == ".xlsm"
    with zipfile.ZipFile(copy) as z:
        assert z.read("xl/vbaProject.bin") == b"VBA-Projekt"


def test_merged_cell_finding_lands_on_the_top_left_cell(tmp_path):
    path = write_xlsx(tmp_path / "in" / "a.xlsx", {"März": [HEADER, [None] * 10, [None] * 10]})
    wb = openpyxl.load_workbook(path)
    wb["März"].merge_cells("A2:A3")
    wb.save(path)
    finding = Finding(FEHLER, "pflichtfeld-leer", path.as_posix(), "März", 3, "Datum", None, "leer")
    [copy] = write_marked_copies([finding], tmp_path / "out").geschrieben
    ws = openpyxl.load_workbook(copy)["März"]
    assert "[pflichtfeld-leer]" in ws["A2"].comment.text


def test_nothing_to_mark(tmp_path):
    finding = Finding(FEHLER, "datei-leer", "gibt/es/nicht.xlsx", None, None, None, None, "leer")
    assert write_marked_copies([finding], tmp_path / "out").geschrieben == []
    assert not (tmp_path / "out").exists()


def test_a_copy_that_cannot_be_made_is_named_with_its_reason(tmp_path, config_path):
    # calamine reads this workbook, openpyxl cannot: a column width with a column "x"
    path = write_xlsx(tmp_path / "in" / "a.xlsx", {"März": [HEADER, entry(3, stunden="abc")]})
    odd_columns = b'<cols><col min="x" max="1" width="3"/></cols><sheetData'
    rewrite_parts(path, tmp_path / "in" / "b.xlsx",
                  lambda name, data: data.replace(b"<sheetData", odd_columns)
                  if name.startswith("xl/worksheets/") else data)
    path.unlink()
    result = CliRunner().invoke(cli, ["pruefen", str(tmp_path / "in"), "--config", str(config_path),
                                      "--markiert", str(tmp_path / "out"), "--format", "json"])
    document = json.loads(result.stdout)
    assert [f["code"] for f in document["fehler"]] == ["stunden-ungueltig"]
    assert document["markiert"] == []
    [missing] = document["nicht_markiert"]
    assert missing["datei"].endswith("b.xlsx") and missing["grund"]


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def test_marked_copy_with_formulas_is_recalculated_when_opened(tmp_path, config):
    rows = [HEADER, entry(3, stunden="=1+1"), entry(4, stunden="abc")]
    path = write_xlsx(tmp_path / "in" / "a.xlsx", {"März": rows}, formulas=True)
    # give the formula a cached result, as Excel does when it saves
    rewrite_parts(path, tmp_path / "in" / "b.xlsx", lambda name, data: data.replace(
        b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>").replace(b"<f>1+1</f>", b"<f>1+1</f><v>2</v>", 1)
        if name.startswith("xl/worksheets/") else data)
    path.unlink()
    original = load_entries([tmp_path / "in"], config)
    [copy] = write_marked_copies(original.findings, tmp_path / "out").geschrieben
    assert openpyxl.load_workbook(copy).calculation.fullCalcOnLoad is True
    if LIBREOFFICE is None:
        pytest.skip("LibreOffice ist nicht installiert")
    # staff open the copy, fix the marked cell and save: the formula has its value again
    wb = openpyxl.load_workbook(copy)
    wb["März"]["H3"] = 1.5
    wb.save(copy)
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profil'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(copy)],
                   check=True, capture_output=True, timeout=180)
    corrected = load_entries([tmp_path / "lo" / "b.xlsx"], config)
    assert [f.code for f in corrected.findings if f.schwere == "fehler"] == []
    assert corrected.entries["stunden"].tolist() == [2.0, 1.5]


def test_refuses_a_folder_inside_an_input_folder(inputs, tmp_path, config_path):
    before = file_hashes(inputs)
    for markiert in (inputs / "markiert", inputs / "team" / "korrektur"):
        result = CliRunner().invoke(cli, ["pruefen", str(inputs), "--config", str(config_path),
                                          "--markiert", str(markiert), "--format", "json"])
        assert result.exit_code == 2
        [fehler] = json.loads(result.stdout)["fehler"]
        assert "mitgezählt" in fehler["meldung"] and not markiert.exists()
    assert file_hashes(inputs) == before


# --- copies open whatever the cells hold; a full disk is a German message, nothing half-written

CONTROL = "ab\x07c\x1b[31m\u202eFK1"


def control_workbook(folder):
    """A log whose cells hold control characters (Excel stores them as _x0007_; xlsxwriter too)."""
    import datetime as dt

    import xlsxwriter

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Steuerzeichen.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("März 2025")
    date = wb.add_format({"num_format": "dd.mm.yyyy"})
    rows = [HEADER, entry(3, stunden=CONTROL), entry(4, stelle=CONTROL, text="Zeile\x00mit\x1fNUL")]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(i, j, dt.datetime(value.year, value.month, value.day), date)
            elif value is not None:
                ws.write(i, j, value)
    wb.close()
    return path


def test_a_copy_opens_whatever_the_faulty_cells_hold(tmp_path, config):
    control_workbook(tmp_path / "in")
    result = load_entries([tmp_path / "in"], config)
    assert [(f.zeile, f.spalte, f.code) for f in result.findings] == [
        (2, "Stunden", "stunden-ungueltig"), (3, "Stelle", "stelle-unbekannt")]
    [copy] = write_marked_copies(result.findings, tmp_path / "markiert", [tmp_path / "in"]).geschrieben
    ws = openpyxl.load_workbook(copy)["März 2025"]
    assert r"ab\x07c\x1b[31m\u202eFK1" in ws["H2"].comment.text
    assert r"\u202eFK1" in ws["B3"].comment.text
    assert ws["H2"].value == "ab_x0007_c_x001B_[31m\u202eFK1"  # the cell itself as Excel stored it
    if shutil.which("soffice"):
        out = tmp_path / "lo"
        done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profil", "--headless",
                               "--convert-to", "csv", "--outdir", str(out), str(copy)],
                              capture_output=True, timeout=180)
        assert done.returncode == 0 and (out / "Steuerzeichen.csv").stat().st_size > 0


def test_a_full_disk_is_a_german_message_and_leaves_nothing(tmp_path, config_path, monkeypatch):
    import errno
    import gc
    import pathlib
    import sys

    control_workbook(tmp_path / "in")
    out = tmp_path / "markiert"
    real = pathlib.Path.write_bytes

    def full(self, data):
        if out in self.parents:
            real(self, data[:10])  # a disk fills in the middle of a write
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    result = CliRunner().invoke(cli, ["pruefen", str(tmp_path / "in"), "--config", str(config_path),
                                      "--markiert", str(out), "--format", "json"])
    gc.collect()
    assert result.exit_code == 2, result.output
    [fehler] = json.loads(result.stdout)["fehler"]
    assert fehler["code"] == "ausgabe-nicht-schreibbar" and "kein Platz mehr frei" in fehler["meldung"]
    assert unraisable == [] and "Exception" not in result.stderr
    assert [p.name for p in out.rglob("*")] == []  # no half-written copy, no temporary file


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_write_the_system_refuses_ends_cleanly_in_a_real_process(tmp_path, config_path):
    """No mocks: the kernel refuses to write past a file size limit (as on a full disk); the run
    ends with a German message on stderr and no library text ("Exception ignored …")."""
    control_workbook(tmp_path / "in")
    out = tmp_path / "markiert"
    script = ("import resource, signal, sys\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))\n"
              "from kibericht.cli import main\n"
              f"sys.argv = ['kibericht', 'pruefen', {str(tmp_path / 'in')!r}, '--config', "
              f"{str(config_path)!r}, '--markiert', {str(out)!r}]\n"
              "main()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 2, done.stderr
    # openpyxl's temporary file of a sheet or the copy itself: whichever the limit stops first
    assert "ist kein Platz mehr frei" in done.stderr or "kann nicht geschrieben werden" in done.stderr
    assert "Exception" not in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in out.rglob("*")] == []
