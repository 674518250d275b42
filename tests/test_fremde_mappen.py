"""Foreign but valid workbooks are read as python-calamine reads them: part names with
backslashes or in other letter case, the workbook part found through the package relationships,
the real format chosen by content, and a password-protected .ods refused with a finding."""

from __future__ import annotations

import shutil
import zipfile

from kibericht.ablauf import load_entries
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import write_ods

ROWS = [HEADER, entry(3), entry(4, stunden=1.5)]


def repack(source, target, rename=lambda name: name, change=lambda name, data: data):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(rename(info.filename), change(info.filename, old.read(info.filename)))
    return target


def assert_read(path, config):
    result = load_entries([path], config)
    assert [f.code for f in result.findings] == []
    assert result.entries["stunden"].tolist() == [2.0, 1.5]


def test_backslashes_and_other_letter_case_in_part_names(tmp_path, config):
    source = write_xlsx(tmp_path / "a.xlsx", {"März": ROWS})
    windows = repack(source, tmp_path / "windows.xlsx", rename=lambda n: n.replace("/", "\\"))
    lower = repack(source, tmp_path / "klein.xlsx", rename=lambda n: n.lower())
    for path in (windows, lower):
        assert_read(path, config)


def test_workbook_part_found_through_the_package_relationships(tmp_path, config):
    source = write_xlsx(tmp_path / "a.xlsx", {"März": ROWS})

    def move(name: str) -> str:
        return name.replace("xl/", "mappe/", 1) if name.startswith("xl/") else name

    def point(name: str, data: bytes) -> bytes:
        if name.endswith((".rels", "[Content_Types].xml", "docProps/app.xml")):
            return data.replace(b"/xl/", b"/mappe/").replace(b'"xl/', b'"mappe/')
        return data

    moved = repack(source, tmp_path / "verschoben.xlsx", rename=move, change=point)
    with zipfile.ZipFile(moved) as z:
        assert "xl/workbook.xml" not in z.namelist() and "mappe/workbook.xml" in z.namelist()
    assert_read(moved, config)


def test_format_chosen_by_content_not_by_name(tmp_path, config):
    ods = write_ods(tmp_path / "echt.ods", {"März": [HEADER, ["03.03.2025", "FK1", "A", "Bildung", "SP1",
                                                               "Beratung", "Alfter", 2.0, None, "x"],
                                                      ["04.03.2025", "FK1", "A", "Bildung", "SP1",
                                                       "Beratung", "Alfter", 1.5, None, "x"]]})
    as_xlsx = shutil.copy(ods, tmp_path / "ods_als.xlsx")
    xlsx = write_xlsx(tmp_path / "b.xlsx", {"März": ROWS})
    as_ods = shutil.copy(xlsx, tmp_path / "xlsx_als.ods")
    for path in (as_xlsx, as_ods):
        assert_read(path, config)


def test_password_protected_ods_is_a_finding(tmp_path, config):
    manifest = (b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                b'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
                b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
                b"</manifest:encryption-data></manifest:file-entry></manifest:manifest>")
    path = write_ods(tmp_path / "geheim.ods", {"März": [HEADER]}, manifest=manifest)
    result = load_entries([path], config)
    assert [(f.code, f.schwere) for f in result.findings] == [("datei-verschluesselt", "fehler")]
    assert "Kennwort" in result.findings[0].meldung
