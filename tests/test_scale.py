"""Scale: a Kreis-sized log keeps every row and every quarter hour (run with -m slow).

No timing here; the figures are measured by benchmarks/run.py.
"""

from __future__ import annotations

import pytest
import python_calamine

from benchmarks.erzeugen import grosse_mappe, ordner
from kibericht.ablauf import load_entries
from kibericht.konfig import load_config

pytestmark = pytest.mark.slow


def test_200k_rows_in_one_workbook(tmp_path):
    path, toml = grosse_mappe(tmp_path, 200_000)
    result = load_entries([path], load_config(toml))
    # the generated Summe row holds the total of all entries: no summe-abweichend means the
    # hours were preserved exactly
    assert [f.code for f in result.findings] == []
    # title, blank row, header above the entries; the Summe row below them
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(result.entries) == len(sheet) - 4 == result.rows_in
    assert len(result.entries) > 190_000


def test_folder_of_500_workbooks(tmp_path):
    folder, toml = ordner(tmp_path, 500, 40)
    result = load_entries([folder], load_config(toml))
    assert len(result.files) == 500
    assert [f for f in result.findings if f.schwere != "hinweis"] == []
    assert len(result.entries) == result.rows_in
