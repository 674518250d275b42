"""The fast Daten writer gives the same cells as the generic table writer and as XlsxWriter's
public API (property-based on generated tables), deterministically."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kibericht import abkuerzungen
from kibericht.ausgabe import xlsx_intern
from kibericht.ausgabe.daten_blatt import write_data_table
from kibericht.ausgabe.zellformate import Formats, write_table

KINDS = {"Stunden": "stunden", "Teilnehmende": "ganzzahl", "Zeile": "ganzzahl", "Datum": "datum"}


@pytest.fixture(autouse=True)
def mit_abkuerzungen(monkeypatch):
    """The fast sheet is a shortcut (see `abkuerzungen`); tests of its exact twin say so."""
    monkeypatch.delenv(abkuerzungen.SCHALTER, raising=False)


def entries(n: int = 120) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "Datum": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
        "Stelle": pd.Series(rng.choice(["FK1", "L1"], n), dtype=object),
        "Schwerpunkt": pd.Series(rng.choice(["SP1", None], n), dtype=object),
        "Stunden": rng.choice([0.25, 1.5, 7.75], n),
        "Teilnehmende": np.where(rng.random(n) < 0.5, np.nan, rng.integers(0, 30, n)),
        "Beschreibung": pd.Series(rng.choice(['=HYPERLINK("http://x","y")', " Leerzeichen ", "Ä&<>"], n),
                                  dtype=object),
        "Datei": pd.Series(["nachweise/a.xlsx"] * n, dtype="str"),
        "Zeile": np.arange(5, 5 + n, dtype=np.int64),
    })
    frame.loc[3, "Schwerpunkt"] = np.nan
    frame.loc[4, "Datum"] = pd.NaT
    return frame


def write(path, frame, writer) -> None:
    wb = Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                              "strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2000, 1, 1)})
    fmt = Formats(wb)
    wb.add_worksheet("Übersicht").write_string(0, 0, "Titel", fmt.title)
    ws = wb.add_worksheet("Daten")
    writer(ws, fmt, 0, frame, kinds=KINDS, autofilter=True)
    ws.freeze_panes(1, 0)
    wb.close()


def cells(path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)["Daten"]
    return [(c.coordinate, c.value, c.data_type, c.number_format, c.font.b)
            for row in ws.iter_rows() for c in row], ws.auto_filter.ref


def test_same_cells_as_write_table(tmp_path):
    frame = entries()
    write(tmp_path / "alt.xlsx", frame, write_table)
    write(tmp_path / "neu.xlsx", frame, write_data_table)
    assert cells(tmp_path / "neu.xlsx") == cells(tmp_path / "alt.xlsx")


def test_text_stays_text_and_output_is_deterministic(tmp_path):
    frame = entries()
    write(tmp_path / "a.xlsx", frame, write_data_table)
    write(tmp_path / "b.xlsx", frame, write_data_table)
    digest = [hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("a.xlsx", "b.xlsx")]
    assert digest[0] == digest[1]
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Daten"]
    texts = {ws.cell(r, 6).value for r in range(2, ws.max_row + 1)}
    assert '=HYPERLINK("http://x","y")' in texts
    assert all(ws.cell(r, 6).data_type == "s" for r in range(2, ws.max_row + 1))


def test_empty_table_has_a_header_only(tmp_path):
    write(tmp_path / "leer.xlsx", entries().iloc[:0], write_data_table)
    ws = openpyxl.load_workbook(tmp_path / "leer.xlsx")["Daten"]
    assert [c.value for c in ws[1]] == list(entries().columns) and ws.max_row == 1


def test_fast_path_is_used_with_the_supported_xlsxwriter():
    assert xlsx_intern.verfuegbar()


def test_missing_internal_is_detected(monkeypatch):
    monkeypatch.delattr(Worksheet, "_write_rows")
    xlsx_intern.verfuegbar.cache_clear()
    try:
        assert not xlsx_intern.verfuegbar()
    finally:
        monkeypatch.undo()
        xlsx_intern.verfuegbar.cache_clear()
    assert xlsx_intern.verfuegbar()


def test_without_the_internals_the_public_api_writes_the_same_cells(tmp_path, monkeypatch):
    frame = entries()
    frame["Geprüft"] = np.arange(len(frame)) % 3 == 0
    odd = pd.Series(["Text"] * len(frame), dtype=object)
    odd[:5] = [7, 2.5, True, pd.Timestamp("2025-03-04"), None]
    frame["Notiz"] = odd
    write(tmp_path / "schnell.xlsx", frame, write_data_table)

    def internals_used(*args):
        raise AssertionError("the fallback must not touch XlsxWriter internals")

    monkeypatch.setattr(xlsx_intern, "verfuegbar", lambda: False)
    for name in ("style_index", "string_index", "count_string_cells", "append_rows"):
        monkeypatch.setattr(xlsx_intern, name, internals_used)
    write(tmp_path / "oeffentlich.xlsx", frame, write_data_table)
    assert cells(tmp_path / "oeffentlich.xlsx") == cells(tmp_path / "schnell.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "oeffentlich.xlsx")["Daten"]
    assert ws.cell(2, 9).value in ("ja", "nein") and ws["J2"].value == 7 and ws["B2"].data_type == "s"
    assert all(ws.cell(r, 6).data_type == "s" for r in range(2, ws.max_row + 1))



def _packed(path, monkeypatch, large_from: int | None = None) -> dict[str, tuple[bytes, int]]:
    """Each part of a report-like workbook: (its content, its compressed size)."""
    if large_from is not None:
        monkeypatch.setattr(xlsx_intern, "GROSSER_TEIL", large_from)
    wb = Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                              "strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2000, 1, 1)})
    fmt = Formats(wb)
    wb.add_worksheet("Übersicht").write_string(0, 0, "Titel", fmt.title)
    write_data_table(wb.add_worksheet("Daten"), fmt, 0, entries(3000), kinds=KINDS)
    with xlsx_intern.grosse_blaetter_schnell(wb):
        wb.close()
    return _parts(path)


def _parts(path) -> dict[str, tuple[bytes, int]]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: (archive.read(i), i.compress_size) for i in archive.infolist()}


def test_a_large_sheet_is_packed_fast_and_stays_the_same_workbook(tmp_path, monkeypatch):
    usual = _packed(tmp_path / "a.xlsx", monkeypatch)
    fast = _packed(tmp_path / "b.xlsx", monkeypatch, large_from=100_000)  # Daten counts as large
    daten = "xl/worksheets/sheet2.xml"
    assert len(fast[daten][0]) > 100_000
    assert {n: d for n, (d, _) in fast.items()} == {n: d for n, (d, _) in usual.items()}
    assert fast[daten][1] > usual[daten][1]  # deflated at level 1, not 6
    assert {n: size for n, (_, size) in fast.items() if n != daten} == \
        {n: size for n, (_, size) in usual.items() if n != daten}
    assert cells(tmp_path / "b.xlsx") == cells(tmp_path / "a.xlsx")


def test_fast_packing_concerns_its_workbook_only(tmp_path, monkeypatch):
    """Nothing of XlsxWriter is changed: a workbook closed meanwhile (here: while the fast one
    packs its parts, as another thread could) is packed as XlsxWriter packs it."""
    usual = _packed(tmp_path / "usual.xlsx", monkeypatch)
    monkeypatch.setattr(xlsx_intern, "GROSSER_TEIL", 100_000)
    seen = []
    write = xlsx_intern._ZipFile.write

    def meanwhile(self, filename, arcname=None, *args):
        if not seen:
            seen.append(sys.modules["xlsxwriter.workbook"].ZipFile)
            other = Workbook(str(tmp_path / "other.xlsx"), {"strings_to_formulas": False,
                                                            "strings_to_urls": False,
                                                            "strings_to_numbers": False})
            other.set_properties({"created": dt.datetime(2000, 1, 1)})
            fmt = Formats(other)
            other.add_worksheet("Übersicht").write_string(0, 0, "Titel", fmt.title)
            write_data_table(other.add_worksheet("Daten"), fmt, 0, entries(3000), kinds=KINDS)
            other.close()
        return write(self, filename, arcname, *args)

    monkeypatch.setattr(xlsx_intern._ZipFile, "write", meanwhile)
    fast = _packed(tmp_path / "fast.xlsx", monkeypatch)
    assert seen == [zipfile.ZipFile]  # XlsxWriter's own, also while the fast workbook packs
    daten = "xl/worksheets/sheet2.xml"
    assert fast[daten][1] > usual[daten][1]
    assert _parts(tmp_path / "other.xlsx") == usual


def test_without_the_internals_the_workbook_is_packed_as_xlsxwriter_does(tmp_path, monkeypatch):
    usual = _packed(tmp_path / "a.xlsx", monkeypatch)
    schnell = xlsx_intern._schnell_packen
    monkeypatch.setattr(xlsx_intern, "_schnell_packen", lambda: None)  # a later XlsxWriter, say
    assert _packed(tmp_path / "b.xlsx", monkeypatch, large_from=100_000) == usual
    # without the shortcuts as well (the Daten sheet is then written cell by cell in both)
    monkeypatch.setenv(abkuerzungen.SCHALTER, "1")
    reference = _packed(tmp_path / "c.xlsx", monkeypatch)
    monkeypatch.setattr(xlsx_intern, "_schnell_packen", schnell)
    assert _packed(tmp_path / "d.xlsx", monkeypatch) == reference


def test_the_copied_packing_method_is_checked():
    from xlsxwriter.workbook import Workbook as XlsxWorkbook

    assert xlsx_intern._schnell_packen() is not None
    assert xlsx_intern._schnell_packen().__code__ is XlsxWorkbook._store_workbook.__code__
    assert xlsx_intern._schnell_packen().__globals__["ZipFile"] is xlsx_intern._ZipFile
    assert sys.modules["xlsxwriter.workbook"].ZipFile is zipfile.ZipFile


def _rows_xml_cell_by_cell(columns, first_row: int, start: int, stop: int) -> str:
    """The rows as written one cell at a time: the reference for `_rows_xml`."""
    out = []
    for i in range(start, stop):
        r = first_row + i + 1
        cells = "".join(f'<c r="{c.letter}{r}" s="{c.style}"/>' if c.blank[i]
                        else f'<c r="{c.letter}{r}"{c.middle[i]}' for c in columns)
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def test_rows_xml_is_the_cells_one_by_one():
    from kibericht.ausgabe.daten_blatt import _Column, _rows_xml

    rng = np.random.default_rng(3)
    n = 500
    columns = []
    for j, letter in enumerate(["A", "B", "Z", "AA"]):
        blank = rng.random(n) < 0.3
        middle = np.array([f' s="{j}"><v>{{{i}}}&amp;</v></c>' for i in range(n)], dtype=object)
        middle[blank] = ""
        columns.append(_Column(letter, blank, middle, j + 2))
    for first_row, start, stop in [(0, 0, n), (4, 17, 230), (1, 499, 500), (2, 10, 10)]:
        assert _rows_xml(columns, first_row, start, stop) == \
            _rows_xml_cell_by_cell(columns, first_row, start, stop)
    assert _rows_xml([], 0, 0, 2) == '<row r="1"></row><row r="2"></row>'


# --- the fast sheet equals the public API's, on generated tables ------------------------------

LONG = ["x" * 32_770, "a" + "😀" * 16_383 + "b"]  # beyond Excel's limit in characters, in UTF-16 units
TEXT = st.one_of(st.sampled_from(["FK1", "Beratung", "", " Leerzeichen ", "=1+2", '=HYPERLINK("x","y")',
                                  "Ä&<>\"'", "1,5", "TRUE", "#DIV/0!", *LONG]),
                 st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8))
# dates around Excel's 29 February 1900, with and without a time of day
STAMPS = st.one_of(st.datetimes(min_value=dt.datetime(1899, 12, 30), max_value=dt.datetime(1900, 3, 2)),
                   st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)))
ODD = st.one_of(TEXT, st.none(), st.just(np.nan), st.integers(-10**6, 10**6), st.booleans(),
                st.floats(allow_nan=False, allow_infinity=False, width=32), STAMPS.map(pd.Timestamp), STAMPS,
                STAMPS.map(lambda d: d.date()), st.times())


@st.composite
def tables(draw) -> pd.DataFrame:
    """Columns of every kind the Daten sheet gets: dates with gaps, numbers with gaps, whole
    numbers, yes/no, text (object or string dtype) and text columns holding the odd number,
    date or yes/no value."""
    n = draw(st.integers(0, 25))
    days = draw(st.lists(st.one_of(st.none(), STAMPS), min_size=n, max_size=n))
    frame = pd.DataFrame({
        "Datum": pd.Series(days, dtype="datetime64[ns]"),
        "Stunden": draw(st.lists(st.sampled_from([0.25, 1.5, 7.75, 1e-7, 123456.125, np.nan]), min_size=n,
                                 max_size=n)),
        "Zeile": np.array(draw(st.lists(st.integers(1, 1_048_576), min_size=n, max_size=n)), dtype=np.int64),
        "Geprüft": np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
        "Stelle": pd.Series(draw(st.lists(st.one_of(TEXT, st.none()), min_size=n, max_size=n)), dtype=object),
        "Notiz": pd.Series(draw(st.lists(ODD, min_size=n, max_size=n)), dtype=object),
        "Datei": pd.Series(draw(st.lists(st.sampled_from(["a.xlsx", "b.xlsx"]), min_size=n, max_size=n)),
                           dtype="str"),
    })
    return frame[draw(st.permutations(list(frame.columns)))]


def sheet_facts(path) -> tuple:
    """What the sheet says beyond its cells: its dimension and the shared-strings counts."""
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
        strings = archive.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in \
            archive.namelist() else ""
    counts = re.search(r'count="(\d+)" uniqueCount="(\d+)"', strings)
    return re.search(r'<dimension ref="([^"]+)"', sheet).group(1), counts.groups() if counts else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(frame=tables())
def test_the_fast_sheet_is_the_public_apis_sheet(tmp_path, monkeypatch, frame):
    monkeypatch.delenv(abkuerzungen.SCHALTER, raising=False)
    write(tmp_path / "schnell.xlsx", frame, write_data_table)
    monkeypatch.setenv(abkuerzungen.SCHALTER, "1")
    write(tmp_path / "genau.xlsx", frame, write_data_table)
    assert cells(tmp_path / "schnell.xlsx") == cells(tmp_path / "genau.xlsx")
    assert sheet_facts(tmp_path / "schnell.xlsx") == sheet_facts(tmp_path / "genau.xlsx")


def test_without_the_shortcuts_no_internal_is_touched(tmp_path, monkeypatch):
    def internals_used(*args):
        raise AssertionError("KIBERICHT_OHNE_ABKUERZUNGEN must keep to the public API")

    for name in ("style_index", "string_index", "count_string_cells", "append_rows"):
        monkeypatch.setattr(xlsx_intern, name, internals_used)
    monkeypatch.setenv(abkuerzungen.SCHALTER, "1")
    write(tmp_path / "genau.xlsx", entries(), write_data_table)
    assert len(cells(tmp_path / "genau.xlsx")[0]) == len(entries().columns) * 121


def workbook_facts(path) -> tuple:
    """Every sheet of a workbook as a reader sees it: cells with values and formats, panes,
    filters, merged cells, widths, print titles and headers."""
    wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        sheets[ws.title] = (
            [(c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.font.i, c.font.sz,
              c.fill.fgColor.rgb, c.alignment.wrap_text, c.alignment.horizontal, c.border.bottom.style)
             for row in ws.iter_rows() for c in row],
            ws.freeze_panes, ws.auto_filter.ref, ws.print_title_rows,
            sorted(map(str, ws.merged_cells.ranges)), {k: v.width for k, v in ws.column_dimensions.items()},
            ws.oddHeader.center.text, ws.oddFooter.center.text)
    return [ws.title for ws in wb.worksheets], sheets


def test_the_report_without_shortcuts_has_the_same_cells_and_the_same_other_files(tmp_path, monkeypatch):
    """Without the shortcuts only the workbook's XML differs (XlsxWriter numbers formats and
    texts in another order); what it shows, the charts and the PDF are the same."""
    from click.testing import CliRunner

    from kibericht.cli import cli
    from tests.helpers_xlsx import file_hashes

    sample = Path(__file__).resolve().parent.parent / "sample_data"
    written = {}
    for way in ("schnell", "genau"):
        if way == "genau":
            monkeypatch.setenv(abkuerzungen.SCHALTER, "1")
        result = CliRunner().invoke(cli, ["bericht", str(sample / "nachweise"), "--config",
                                          str(sample / "ki.toml"), "--monat", "2025-03",
                                          "--ausgabe", str(tmp_path / way)])
        assert result.exit_code == 0, result.output
        written[way] = {Path(p).name: h for p, h in file_hashes(tmp_path / way).items()}
    workbook = "Monatsbericht_2025-03.xlsx"
    assert {n: h for n, h in written["genau"].items() if n != workbook} == \
        {n: h for n, h in written["schnell"].items() if n != workbook}
    assert workbook_facts(tmp_path / "genau" / workbook) == workbook_facts(tmp_path / "schnell" / workbook)
    assert "Daten" in workbook_facts(tmp_path / "genau" / workbook)[0]
