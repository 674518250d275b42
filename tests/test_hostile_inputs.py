"""Broken and hostile files: each gets a clear finding naming the file, the others are still read.

Every file here is built in code. None may raise, hang or take the process down (calamine
aborts the process on some inputs, so the checks in `package_check` must catch those first).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import zipfile
import zlib

import pytest
import xlsxwriter
from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.cli import cli
from kibericht.lesen import paket as package_check
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import lie_about_size, patch_zip_header, replace_cell, rewrite_parts, write_ods

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


# what zipfile, zlib and calamine say in their own words never reaches the user
ENGLISH = re.compile(r"\b(file|zip file|Bad|Error|header|version|not|Truncated|compression)\b")


def good(path):
    return write_xlsx(path, {"März": [HEADER, entry(3), entry(4, stunden=1.5)]})


def file_codes(result):
    """{file name: [codes of file-level findings]}"""
    codes: dict[str, list[str]] = {}
    for f in result.findings:
        codes.setdefault(f.datei.rsplit("/", 1)[-1], []).append(f.code)
    return codes


def sheet_xml(rows: str, prologue: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<worksheet xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
            ).encode()


def with_sheet(tmp_path, name, xml: bytes):
    """A copy of a good workbook whose first sheet XML is replaced."""
    base = good(tmp_path / f"base_{name}")
    return rewrite_parts(base, tmp_path / "in" / name,
                         lambda n, d: xml if n == "xl/worksheets/sheet1.xml" else d)


BILLION_LAUGHS = """<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;">]>"""
EXTERNAL = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good(folder / "gut.xlsx")
    (folder / "leer.xlsx").write_bytes(b"")
    (folder / "csv.xlsx").write_text("Datum;Stelle;Stunden\n03.03.2025;FK1;2\n", "utf-8")
    data = good(tmp_path / "x.xlsx").read_bytes()
    (folder / "abgeschnitten.xlsx").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(folder / "kein_workbook.xlsx", "w") as z:
        z.writestr("hallo.txt", "Hallo")
    (folder / "alt.xls").write_bytes(OLE_HEADER + b"\x00" * 4096)
    # an encrypted xlsx is an OLE2 file with these streams; the directory may sit far back
    (folder / "kennwort.xlsx").write_bytes(OLE_HEADER + b"\x00" * 100_000
                                           + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
                                           + "EncryptedPackage".encode("utf-16-le"))
    with zipfile.ZipFile(folder / "bombe.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (25 * 1024**2))
    with_sheet(tmp_path, "lachen.xlsx", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>',
                                                  BILLION_LAUGHS))
    with_sheet(tmp_path, "extern.xlsx", sheet_xml("", EXTERNAL))
    # a DOCTYPE behind a long comment is still found
    with_sheet(tmp_path, "versteckt.xlsx", sheet_xml("", "<!--" + "x" * 10_000 + "-->" + EXTERNAL))
    return folder


def test_each_broken_file_gets_its_finding_and_the_good_one_is_read(hostile_folder, config):
    start = time.monotonic()
    result = load_entries([hostile_folder], config)
    assert time.monotonic() - start < 30
    assert result.entries["stunden"].sum() == 3.5  # gut.xlsx
    assert file_codes(result) == {
        "abgeschnitten.xlsx": ["datei-beschaedigt"],
        "alt.xls": ["datei-altformat"],
        "bombe.xlsx": ["datei-zu-gross"],
        "csv.xlsx": ["datei-kein-excel"],
        "extern.xlsx": ["datei-xml-angriff"],
        "kein_workbook.xlsx": ["datei-kein-excel"],
        "kennwort.xlsx": ["datei-verschluesselt"],
        "lachen.xlsx": ["datei-xml-angriff"],
        "leer.xlsx": ["datei-leer"],
        "versteckt.xlsx": ["datei-xml-angriff"],
    }
    assert all(f.schwere == "fehler" and f.zeile is None for f in result.findings)
    assert not [f.meldung for f in result.findings if ENGLISH.search(f.meldung)]


def test_pruefen_exits_1_without_traceback(hostile_folder, config_path):
    result = CliRunner().invoke(cli, ["pruefen", str(hostile_folder), "--config", str(config_path),
                                      "--format", "json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    document = json.loads(result.stdout)
    assert document["eintraege"] == 2
    assert len(document["fehler"]) == 10
    assert all(f["datei"] and f["meldung"] for f in document["fehler"])


def test_zip_header_that_lies_about_sizes(tmp_path, config, monkeypatch):
    """A sheet that declares 2 KB but inflates to 15 MB: measured, not trusted."""
    path = with_sheet(tmp_path, "luege.xlsx", sheet_xml("") + b" " * (15 * 1024**2))
    lie_about_size(path, "xl/worksheets/sheet1.xml", 2048)
    result = load_entries([path], config)
    assert [f.code for f in result.findings] == ["datei-beschaedigt"]
    # with a lower limit the measurement stops at the limit instead of inflating everything
    monkeypatch.setattr(package_check, "MAX_TOTAL_BYTES", 5 * 1024**2)
    result = load_entries([path], config)
    assert [f.code for f in result.findings] == ["datei-zu-gross"]


def test_too_many_entries(tmp_path, config, monkeypatch):
    monkeypatch.setattr(package_check, "MAX_ENTRIES", 50)
    path = good(tmp_path / "viele.xlsx")
    with zipfile.ZipFile(path, "a") as z:
        for i in range(60):
            z.writestr(f"xl/media/bild{i}.bin", b"x")
    assert [f.code for f in load_entries([path], config).findings] == ["datei-zu-gross"]


def test_shared_strings_that_claim_billions(tmp_path, config):
    """calamine reserves memory for uniqueCount; two billion would abort the process."""
    base = tmp_path / "sst_base.xlsx"
    wb = xlsxwriter.Workbook(base)
    ws = wb.add_worksheet("März")
    ws.write_row(0, 0, HEADER)
    wb.close()
    path = rewrite_parts(base, tmp_path / "sst.xlsx", lambda n, d: d.replace(
        b'uniqueCount="10"', b'uniqueCount="2000000000"') if n == "xl/sharedStrings.xml" else d)
    assert [f.code for f in load_entries([path], config).findings] == ["datei-beschaedigt"]


def test_value_in_last_cell_of_the_sheet(tmp_path, config):
    """One value in XFD1048576: calamine would allocate 17 billion cells and abort."""
    path = good(tmp_path / "weit.xlsx")
    path = rewrite_parts(path, tmp_path / "riesig.xlsx", lambda n, d: d.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
        if n == "xl/worksheets/sheet1.xml" else d)
    result = load_entries([path], config)
    assert [(f.blatt, f.code) for f in result.findings] == [("März", "blatt-zu-gross")]
    assert result.findings[0].schwere == "fehler"


def test_text_dates_out_of_range(tmp_path, config):
    rows = [HEADER, ["01.01.1899", *entry(3)[1:]], ["31.12.2999", *entry(3)[1:]], entry(4)]
    result = load_entries([write_xlsx(tmp_path / "d.xlsx", {"März": rows})], config)
    assert [(f.zeile, f.spalte, f.code) for f in result.findings] == [
        (2, "Datum", "datum-unplausibel"), (3, "Datum", "datum-unplausibel")]
    assert len(result.entries) == 1


def test_excel_error_values(tmp_path, config):
    path = write_xlsx(tmp_path / "e.xlsx", {"März": [HEADER, entry(3, stunden=777), entry(4),
                                                     entry(5, stunden=2)]})
    replace_cell(path, "H2", b'<c r="H2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    replace_cell(path, "A3", b'<c r="A3" t="e"><v>#N/A</v></c>')
    result = load_entries([path], config)
    assert [(f.zeile, f.spalte, f.code, f.wert) for f in result.findings] == [
        (2, "Stunden", "fehlerwert", "#DIV/0!"), (3, "Datum", "fehlerwert", "#N/A")]
    assert result.entries["stunden"].sum() == 2


def test_formula_without_cached_value_in_stunden(tmp_path, config):
    path = write_xlsx(tmp_path / "f.xlsx", {"März": [HEADER, entry(3, stunden=777), entry(4, stunden=777),
                                                     entry(5, stunden=1)]})
    replace_cell(path, "H2", b'<c r="H2"><f>1+1</f></c>')  # saved by a tool that does not calculate
    replace_cell(path, "H3", b'<c r="H3"><f>1+2</f><v>3</v></c>')  # cached value: counts
    result = load_entries([path], config)
    assert [(f.zeile, f.spalte, f.code) for f in result.findings] == [(2, "Stunden", "formel-ohne-wert")]
    assert result.entries["stunden"].tolist() == [3.0, 1.0]
    assert result.rejected["_zeile"].tolist() == [2]


def test_duration_calamine_cannot_convert_costs_one_row(tmp_path, config):
    path = tmp_path / "dauer.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("März")
    ws.write_row(0, 0, HEADER)
    fmt = wb.add_format({"num_format": "[h]:mm"})
    for r, day in enumerate((3, 4, 5), start=1):
        values = entry(day)
        ws.write_datetime(r, 0, dt.datetime(2025, 3, day), wb.add_format({"num_format": "DD.MM.YYYY"}))
        ws.write_row(r, 1, values[1:7])
        if day == 4:
            ws.write_number(r, 7, 1e300, fmt)
        else:
            ws.write_number(r, 7, 2)
    wb.close()
    result = load_entries([path], config)
    assert [(f.zeile, f.code) for f in result.findings] == [(3, "zeile-unlesbar")]
    assert result.entries["_zeile"].tolist() == [2, 4]


ODS_ROWS = [HEADER, ["03.03.2025", "FK1", "A", "Bildung", "SP1", "Beratung", "Alfter", 2.5, 3, "x"]]


def test_ods_is_read(tmp_path, config):
    path = write_ods(tmp_path / "nachweis.ods", {"März": ODS_ROWS})
    result = load_entries([path], config)
    assert [f.code for f in result.findings] == []
    assert result.entries["stunden"].tolist() == [2.5]


def test_huge_ods_sheet_is_refused_not_fatal(tmp_path, config):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               '<office:spreadsheet><table:table table:name="S"><table:table-row '
               'table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated='
               '"16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    path = tmp_path / "riesig.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    result = load_entries([path], config)
    # calamine refuses .ods sheets over its own cell limit, when opening or when reading the sheet
    assert [(f.blatt, f.code) for f in result.findings] in ([(None, "datei-unlesbar")],
                                                            [("S", "blatt-unlesbar")],
                                                            [("S", "blatt-zu-gross")])


def test_deflate_stream_damage(tmp_path, config):
    path = good(tmp_path / "kaputt.xlsx")
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 5, start + min(info.compress_size, 60)):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    result = load_entries([path], config)
    assert [f.code for f in result.findings] == ["datei-beschaedigt"]
    assert zlib  # imported for readers of this test: the damage is inside the deflate stream


def test_renamed_xlsx_still_gets_the_sheet_scan(tmp_path, config):
    path = good(tmp_path / "weit.xlsx")
    rewrite_parts(path, tmp_path / "in" / "getarnt.ods", lambda n, d: d.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
        if n == "xl/worksheets/sheet1.xml" else d)
    result = load_entries([tmp_path / "in"], config)
    assert [f.code for f in result.findings] in (["blatt-zu-gross"], ["datei-unlesbar"])


def stored(path):
    """The workbook with every part stored uncompressed, so that a changed byte stays readable."""
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(path.with_name("s_" + path.name), "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
    return path.with_name("s_" + path.name)


def changed_byte(path, old: bytes, new: bytes):
    data = path.read_bytes()
    assert data.count(old) == 1
    path.write_bytes(data.replace(old, new))
    return path


SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize("damage, code", ids=["version", "strong-encryption", "patched-data",
                                                "local-name", "crc"], argvalues=[
    # zipfile: "zip file version 9.9" (NotImplementedError) when opening the archive
    (lambda p: patch_zip_header(p, SHEET, central={6: (99).to_bytes(2, "little")}), "datei-beschaedigt"),
    # strong encryption (flag bit 6): NotImplementedError when a part is opened
    (lambda p: patch_zip_header(p, "xl/styles.xml", central={8: b"\x40\x00"}), "datei-verschluesselt"),
    # compressed patched data (flag bit 5): NotImplementedError
    (lambda p: patch_zip_header(p, SHEET, central={8: b"\x20\x00"}), "datei-beschaedigt"),
    # another name in the local header than in the directory: BadZipFile
    (lambda p: patch_zip_header(p, SHEET, local={30 + len("xl/worksheets/sheet"): b"X"}),
     "datei-beschaedigt"),
    # a wrong CRC: BadZipFile at the end of the part
    (lambda p: changed_byte(stored(p), b'sheetId="1"', b'sheetId="2"'), "datei-beschaedigt"),
])
def test_damaged_zip_structures(tmp_path, config, damage, code):
    path = damage(good(tmp_path / "kaputt.xlsx"))
    result = load_entries([path], config)
    assert [f.code for f in result.findings] == [code]
    assert len(result.entries) == 0
    assert not ENGLISH.search(result.findings[0].meldung), result.findings[0].meldung
