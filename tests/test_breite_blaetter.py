"""A sheet or CSV file wider than `MAX_COLUMNS`: its first columns are read, with the same hint
`blatt-zu-breit` for a workbook and for a CSV file (the CSV reader cut its rows silently)."""

from __future__ import annotations

from kibericht.ablauf import load_entries
from kibericht.befunde import Code
from kibericht.lesen.rohblatt import MAX_COLUMNS
from tests.conftest import HEADER, entry, write_xlsx

KOPF = "Datum;Stelle;Mitarbeiter/in;Handlungsfeld;Schwerpunkt;Tätigkeit;Kommune;Stunden;TN;Beschreibung"


def test_a_csv_file_wider_than_the_limit_is_read_with_a_hint(tmp_path, config):
    rest = ";" * (MAX_COLUMNS + 5 - 10)  # the row ends in column MAX_COLUMNS + 5
    text = "\n".join([KOPF, "03.03.2025;FK1;;Bildung;SP1;Beratung;Alfter;1,5;;" + rest + "x"])
    (tmp_path / "breit.csv").write_text(text, "utf-8")
    result = load_entries([tmp_path / "breit.csv"], config)
    assert [(f.blatt, f.zeile, f.code) for f in result.findings] == [("breit", None, Code.BLATT_ZU_BREIT)]
    assert f"{MAX_COLUMNS + 5} Spalten" in result.findings[0].meldung
    assert result.entries["stunden"].tolist() == [1.5]


def test_a_csv_file_within_the_limit_has_no_hint(tmp_path, config):
    text = "\n".join([KOPF, "03.03.2025;FK1;;Bildung;SP1;Beratung;Alfter;1,5;;" + ";" * (MAX_COLUMNS - 10)])
    (tmp_path / "schmal.csv").write_text(text, "utf-8")
    assert load_entries([tmp_path / "schmal.csv"], config).findings == []


def test_a_workbook_sheet_wider_than_the_limit_gives_the_same_hint(tmp_path, config):
    zeile = entry(3) + [None] * (MAX_COLUMNS - 10) + ["x"]
    write_xlsx(tmp_path / "breit.xlsx", {"März": [HEADER, zeile]})
    result = load_entries([tmp_path / "breit.xlsx"], config)
    assert [(f.blatt, f.code) for f in result.findings] == [("März", Code.BLATT_ZU_BREIT)]
    assert len(result.entries) == 1


def test_the_table_of_codes_states_the_limit():
    assert f"mehr als {MAX_COLUMNS} Spalten" in Code.BLATT_ZU_BREIT.beschreibung
