"""The fast sheet scan finds exactly what the exact scan finds (property-based: hypothesis writes
the sheets).

Sheets are generated as Excel writes them (every row and cell starts with its reference) and with
what other writers and hostile files do: cells without a reference or with it elsewhere, single
quotes, blanks around `=`, lower-case and multi-letter columns, leading zeros, styled empty cells,
rows without a number, repeated attributes, hidden rows written every way, shared strings, inline
strings whose text looks like markup, error values, formulas with and without a cached value,
namespace prefixes. For every chunk the fast scan either declines (and records nothing) or records
what the exact scan records; for every workbook `scan_sheets` gives the same with the shortcuts on
and off, in one chunk or in many.
"""

from __future__ import annotations

import io
import os
import zipfile
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kibericht import abkuerzungen
from kibericht.lesen import paket, xml_scan
from kibericht.lesen.xml_scan import SheetScan, quick_box_cells, scan_sheets

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = (f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:x14ac="urn:x14ac"><dimension ref="A1:C3"/>'
        '<cols><col min="1" max="3" width="12"/></cols><sheetData>')
TAIL = ('</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
        '<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>A1&gt;0</formula>'
        '</cfRule></conditionalFormatting></worksheet>')


def letters(col: int) -> str:
    text, n = "", col + 1
    while n:
        n, r = divmod(n - 1, 26)
        text = chr(65 + r) + text
    return text


# text inside <t> or <v>: XML-escaped, but free to look like attributes and markup (text with
# `r=` in it is in ODD below: the fast scan declines such a chunk, by design)
TEXT = st.lists(st.sampled_from(["a", "Beratung", " ", '"', "'", "=", 't="e"', " hidden=\"1\"", "hidden",
                                 "&lt;f&gt;", "&lt;row&gt;", "&lt;c&gt;", "&amp;", "#DIV/0!", ":", "&gt;"]),
                max_size=4).map("".join)

# a cell's content by its type (t=…): what Excel and other writers put there
CONTENT = {
    None: st.sampled_from(["<v>1.5</v>", "<v>45720</v>", "<f>A1+B1</f><v>3</v>", "<f>A1+B1</f>",
                           '<f t="shared" ref="A1:A3" si="0">A1*2</f><v>4</v>', '<f t="shared" si="0"/>',
                           "<f>SUMME(A1:A3)</f><v></v>"]),
    "n": st.sampled_from(["<v>7</v>", "<f>1+1</f><v>2</v>", "<f>1+1</f>"]),
    "s": st.integers(0, 40).map(lambda i: f"<v>{i}</v>"),
    "str": st.one_of(TEXT.map(lambda t: f"<f>A1&amp;B1</f><v>{t}</v>"),
                     st.sampled_from(["<f>A1&amp;B1</f><v></v>", "<f>A1&amp;B1</f>"])),
    "e": st.sampled_from(["<v>#DIV/0!</v>", "<v>#NV</v>", "<f>1/0</f><v>#DIV/0!</v>", "<f>1/0</f>"]),
    "b": st.sampled_from(["<v>1</v>", "<v>0</v>"]),
    "inlineStr": TEXT.map(lambda t: f"<is><t>{t}</t></is>"),
}


@st.composite
def excel_cell(draw, row: int, col: int) -> str:
    """A cell as Excel writes it: its reference first, then style and type, then its content."""
    cell_type = draw(st.sampled_from(list(CONTENT)))
    attrs = f' r="{letters(col)}{row}"'
    if draw(st.booleans()):
        attrs += f' s="{draw(st.integers(0, 9))}"'
    if cell_type is not None:
        attrs += f' t="{cell_type}"'
    return f"<c{attrs}>{draw(CONTENT[cell_type])}</c>"


@st.composite
def excel_row(draw, row: int, max_col: int) -> str:
    cols = sorted(draw(st.sets(st.integers(0, max_col), max_size=6)))
    attrs = f' r="{row}"'
    if cols and draw(st.booleans()):
        attrs += f' spans="{cols[0] + 1}:{cols[-1] + 1}"'
    attrs += draw(st.sampled_from(["", ' hidden="1"', ' hidden="true"', ' hidden="0"',
                                   ' ht="30" customHeight="1"', ' x14ac:dyDescent="0.25"',
                                   ' ht="0" hidden="1" x14ac:dyDescent="0.25"']))
    cells = "".join(draw(excel_cell(row, c)) for c in cols)
    return f"<row{attrs}>{cells}</row>" if cells or draw(st.booleans()) else f"<row{attrs}/>"


@st.composite
def excel_rows(draw, max_col: int = 25) -> str:
    """Rows in ascending order as Excel writes them; single-letter columns unless `max_col` is larger."""
    first = draw(st.integers(1, 1_200_000))
    numbers = sorted(draw(st.sets(st.integers(first, first + 60), max_size=8)))
    return "".join(draw(excel_row(n, max_col)) for n in numbers)


# what other writers and hostile files do to a row's text; each may make the fast scan decline
ODD = [
    lambda s: s.replace(' r="', " r='", 1).replace('" s=', "' s=", 1),  # single quotes (maybe unbalanced)
    lambda s: s.replace("<c r=", "<c\tr=", 1),
    lambda s: s.replace('<c r="', '<c r = "', 1),
    lambda s: s.replace(' r="', ' t="n" r="', 1),  # the reference not first
    lambda s: s.replace('<c r="A', '<c r="a', 1),  # lower case
    lambda s: s.replace('<c r="B', '<c r="AB', 1),  # two letters
    lambda s: s.replace('<c r="C', '<c r="C0', 1),  # a leading zero
    lambda s: s.replace('<row r="', '<row spans="1:3" r="', 1),
    lambda s: s.replace('<row r="', "<row r='", 1),
    lambda s: s.replace(' hidden="1"', " hidden='1'", 1),
    lambda s: s.replace(' hidden="1"', ' hidden="0" hidden="1"', 1),  # repeated: the first counts
    lambda s: s.replace(' hidden="0"', ' hidden="0" hidden="1"', 1),
    lambda s: s.replace(' hidden="true"', ' hidden = "true"', 1),
    lambda s: s.replace("<row ", '<row hidden="1" ', 1),
    lambda s: s.replace('<row r="', '<row r="" x="', 1),  # a row without a number
    lambda s: s.replace('<row r="', '<row x="', 1),
    lambda s: s.replace('<c r="', '<c r="A1" r="', 1),  # two references: the last counts
    lambda s: s.replace("</row>", '<c r="Q9"/></row>', 1),  # a styled empty cell
    lambda s: s.replace("</row>", '<c r="Q9" s="1"> </c></row>', 1),
    lambda s: s.replace("</row>", "<c><v>1</v></c><c><f>1/0</f></c></row>", 1),  # cells without reference
    lambda s: s.replace("</row>", '<c t="e"><v>#WERT!</v></c></row>', 1),
    lambda s: s.replace("</row>", '<c r="Z1048576"><v>1</v></c></row>', 1),  # far away
    lambda s: s.replace("</row>", '<c r="XFD7"><v>1</v></c></row>', 1),
    lambda s: s.replace('</c>', ' </c>', 1),  # a blank before the end
    lambda s: s.replace('"><v>', '"><v>x</v><v>', 1),
    lambda s: s.replace("<f>", "<f >", 1),
    lambda s: s.replace(' t="e"', ' t="e" t="n"', 1),
    lambda s: s.replace(' t="e"', " t='e'", 1),
    lambda s: s.replace("</row>", '<c r="P9" t="inlineStr"><is><t> r="B7" &lt;c r=&quot;A1&quot;&gt;</t></is>'
                        "</c></row>", 1),
    lambda s: s.replace("</row>", '<c r="P9" t="str"><f>A1</f><v>r=</v></c></row>', 1),
    lambda s: s.replace("</row>", "", 1),  # a row left open
    lambda s: s.replace("</row><row", "<row", 1).replace("</row>", "</row></row>", 1),  # rows inside rows
    lambda s: s.replace('<row r="', '<row x="a>b" r="', 1),  # a > inside a value
    lambda s: s.replace('<c r="', '<c x="a>b" r="', 1),
    lambda s: s.replace('" hidden="', '" x="a>" hidden="', 1),
    lambda s: s.replace("<c ", "<c/><c ", 1),
]


@st.composite
def any_rows(draw) -> str:
    """Rows as Excel writes them, changed in a few of the ways other writers and hostile files do."""
    text = draw(excel_rows(max_col=draw(st.sampled_from([25, 30]))))
    for change in draw(st.lists(st.sampled_from(ODD), max_size=4)):
        text = change(text)
    return text


def scan(function, data: bytes, start: int) -> tuple[bool, tuple]:
    hidden, cells, box, state = set(), {}, xml_scan._Box(), {"row": start}
    done = function(data, hidden, cells, box, state)
    return done is not False, (hidden, cells, box.rows, box.cols, state["row"])


NOTHING = (set(), {}, None, None)


@SETTINGS
@given(rows=any_rows(), start=st.integers(0, 5), numpy_from=st.sampled_from([0, xml_scan.NUMPY_FROM_BYTES]))
@example(rows='<row r="3" hidden="0" hidden="1"><c r="A3"><v>1</v></c></row>', start=0, numpy_from=0)
@example(rows="<row r='3' hidden='1'><c r=\"A3\"><v>1</v></c></row>", start=0, numpy_from=0)
@example(rows='<row r="" x="3"><c r="A3"><v>1</v></c></row>', start=2, numpy_from=0)
def test_the_fast_scan_declines_or_finds_what_the_exact_scan_finds(rows, start, numpy_from):
    data = (HEAD + rows + TAIL).encode()
    with mock.patch.object(xml_scan, "NUMPY_FROM_BYTES", numpy_from):  # numpy or regex for the box
        took, fast = scan(xml_scan._scan_rows_fast, data, start)
    _, exact = scan(xml_scan._scan_rows, data, start)
    if took:
        assert fast == exact
    else:
        assert fast == (*NOTHING, start)


@SETTINGS
@given(rows=excel_rows(), start=st.integers(0, 5), numpy_from=st.sampled_from([0, xml_scan.NUMPY_FROM_BYTES]))
def test_the_fast_scan_takes_every_chunk_written_as_excel_writes_it(rows, start, numpy_from):
    """Not a vacuous property: the fast scan declines only what is written unusually."""
    data = (HEAD + rows + TAIL).encode()
    with mock.patch.object(xml_scan, "NUMPY_FROM_BYTES", numpy_from):
        took, fast = scan(xml_scan._scan_rows_fast, data, start)
    assert took
    assert fast == scan(xml_scan._scan_rows, data, start)[1]


@SETTINGS
@given(rows=any_rows())
def test_both_ways_to_measure_the_box_agree_with_the_exact_scan(rows):
    data = (HEAD + rows + TAIL).encode()
    _, (_, _, box_rows, box_cols, _) = scan(xml_scan._scan_rows, data, 0)
    exact = None if box_rows is None else (*box_rows, *box_cols)
    for measure in (xml_scan._simple_refs_box, xml_scan._regex_refs_box):
        found = measure(data) if xml_scan._as_excel_writes_it(data) else False
        assert found is False or found == exact, measure.__name__


# --- whole workbooks ------------------------------------------------------------------------


def workbook(sheets: list[str], prefix: str) -> bytes:
    """A minimal .xlsx whose sheets hold these rows; with `prefix` every element of the sheets
    is written with it (`<x:row>`), the namespace bound to it."""
    def sheet_xml(rows: str) -> str:
        xml = HEAD + rows + TAIL
        if prefix:
            xml = (xml.replace("</", "\0").replace("<", f"<{prefix}:").replace("\0", f"</{prefix}:")
                   .replace(f'xmlns="{MAIN}"', f'xmlns:{prefix}="{MAIN}"'))
        return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                            for i in range(1, len(sheets) + 1))
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
                   'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   "</Relationships>")
        entries = "".join(f'<sheet name="Blatt{i}" sheetId="{i}" r:id="rId{i}"/>'
                          for i in range(1, len(sheets) + 1))
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets>'
                   "</workbook>")
        rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(sheets) + 1))
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships">{rels}</Relationships>')
        for i, rows in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(rows))
    return buffer.getvalue()


def as_tuple(scan: SheetScan) -> tuple:
    return (scan.hidden_rows, scan.cells, scan.box_cells, scan.first_row, scan.last_row, scan.first_col,
            scan.last_col, scan.error)


@settings(SETTINGS, max_examples=40)
@given(sheets=st.lists(st.one_of(excel_rows(), any_rows()), min_size=1, max_size=3),
       prefix=st.sampled_from(["", "x"]), chunk=st.sampled_from([64, 300, paket.CHUNK]))
def test_a_workbook_is_scanned_the_same_with_and_without_the_shortcuts(tmp_path_factory, sheets, prefix,
                                                                       chunk):
    path = tmp_path_factory.getbasetemp() / "xml_scan.xlsx"
    path.write_bytes(workbook(sheets, prefix))
    with mock.patch.object(paket, "CHUNK", chunk), mock.patch.dict(os.environ):
        os.environ.pop(abkuerzungen.SCHALTER, None)
        fast, fast_findings = scan_sheets(path, "a.xlsx")
        bounds = quick_box_cells(path)
        os.environ[abkuerzungen.SCHALTER] = "1"
        exact, exact_findings = scan_sheets(path, "a.xlsx")
        assert quick_box_cells(path) is None
    assert fast_findings == exact_findings
    assert {n: as_tuple(s) for n, s in fast.items()} == {n: as_tuple(s) for n, s in exact.items()}
    if bounds is not None:  # an upper bound of what calamine allocates
        assert set(bounds) == set(exact)
        assert all(bounds[n] >= exact[n].box_cells for n in exact)
