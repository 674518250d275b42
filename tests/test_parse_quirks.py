"""One test per layout quirk of real workbooks: totals and finding positions."""

from __future__ import annotations

import datetime as dt

import pytest

from kibericht.ablauf import load_entries
from tests.conftest import HEADER, entry, write_xlsx


def load(tmp_path, config, sheets, **kw):
    write_xlsx(tmp_path / "in" / "log.xlsx", sheets, **kw)
    return load_entries([tmp_path / "in"], config)


def positions(result, severity=None):
    return [(f.zeile, f.spalte, f.code) for f in result.findings
            if severity is None or f.schwere == severity]


def test_header_under_title_rows(tmp_path, config):
    rows = [["Tätigkeitsnachweis 2025"], ["KI Testkreis – Stelle FK1"], [], HEADER,
            entry(3), entry(4, stunden=1.5)]
    result = load(tmp_path, config, {"März": rows})
    assert result.entries["stunden"].sum() == 3.5
    assert result.entries["_zeile"].tolist() == [5, 6]
    assert positions(result) == []


def test_header_in_row_25_is_found(tmp_path, config):
    rows = [["Titel"]] * 24 + [HEADER, entry(3), entry(4)]
    result = load(tmp_path, config, {"März": rows})
    assert positions(result) == []
    assert result.entries["_zeile"].tolist() == [26, 27]


def test_a_sheet_whose_hours_would_be_lost_is_an_error(tmp_path, config):
    # the header stands in row 60, beyond the search: three rows of date and hours below it
    rows = [["Titel"]] * 59 + [HEADER, entry(3), entry(4, stunden="1,5"), entry(5)]
    result = load(tmp_path, config, {"März": rows, "Notizen": [["nur Text"], ["03.03.2025"]]})
    assert [(f.blatt, f.code, f.schwere) for f in result.findings] == [
        ("März", "kopfzeile-fehlt", "fehler"), ("Notizen", "blatt-ohne-kopfzeile", "hinweis")]
    assert "gingen verloren" in result.findings[0].meldung
    assert result.entries.empty and result.rows_unprocessed == 3


def test_an_example_row_on_an_instruction_sheet_is_not_work_done(tmp_path, config):
    sheets = {"Anleitung": [["So füllen Sie den Nachweis aus"], HEADER, entry(1, text="Beispiel")],
              "Ausfüllhinweise": [["Bitte jede Tätigkeit eintragen"]],
              "März": [HEADER, entry(3)]}
    result = load(tmp_path, config, sheets)
    assert [(f.blatt, f.code) for f in result.findings] == [("Anleitung", "blatt-anleitung"),
                                                             ("Ausfüllhinweise", "blatt-anleitung")]
    assert "1 Zeile mit Datum und Zahl" in result.findings[0].meldung
    assert result.entries["_blatt"].tolist() == ["März"]


def test_aliases_and_spelling_of_headers(tmp_path, config):
    header = ["DATUM", "stelle", "Name", "Handlungsfeld", "Themenschwerpunkt", "Art der Tätigkeit",
              "Ort", "Std.", "TN", "Bemerkung"]
    rows = [header, entry(3, tn=12)]
    result = load(tmp_path, config, {"2025": rows})
    assert positions(result) == []
    row = result.entries.iloc[0]
    assert (row["stunden"], row["teilnehmende"], row["kommune"]) == (2.0, 12.0, "Alfter")


def test_umlaut_free_headers(tmp_path, config):
    header = ["Datum", "Stelle", "Mitarbeiterin", "Handlungsfeld", "Schwerpunkt", "Taetigkeit",
              "Kommune", "Stunden (h)", "Anzahl Teilnehmende", "Beschreibung"]
    result = load(tmp_path, config, {"A": [header, entry(3)]})
    assert positions(result) == [] and len(result.entries) == 1


def test_text_dates_decimal_comma_and_values_case_insensitive(tmp_path, config):
    rows = [HEADER,
            ["03.03.2025", " fk1 ", "X", "integration durch bildung", "sp1", "beratung", "ALFTER",
             "1,5", "3", "x"],
            ["2025-03-04", "FK1", "X", "Integration als Querschnittsaufgabe",
             "Ehrenamt stärken", "Netzwerktreffen", "kreisweit", "0,75", None, "y"]]
    result = load(tmp_path, config, {"A": rows})
    assert positions(result) == []
    e = result.entries
    assert e["stunden"].tolist() == [1.5, 0.75]
    assert e["stelle"].tolist() == ["FK1", "FK1"]
    assert e["handlungsfeld"].tolist() == ["Bildung", "Querschnitt"]
    assert e["schwerpunkt"].tolist() == ["SP1", "SP2"]
    assert e["kommune"].tolist() == ["Alfter", "kreisweit"]
    assert e["datum"].dt.date.tolist() == [dt.date(2025, 3, 3), dt.date(2025, 3, 4)]


def test_time_formatted_hours(tmp_path, config):
    rows = [HEADER, entry(3, stunden=dt.time(1, 30)), entry(4, stunden="1:45"),
            entry(5, stunden=dt.timedelta(hours=2, minutes=15))]
    result = load(tmp_path, config, {"A": rows}, formats={"A": {"H2": "[h]:mm", "H4": "[h]:mm"}})
    assert result.entries["stunden"].tolist() == [1.5, 1.75, 2.25]


def test_blank_rows_are_skipped(tmp_path, config):
    rows = [HEADER, entry(3), [None] * 10, ["  "] + [None] * 9, entry(4)]
    result = load(tmp_path, config, {"A": rows})
    assert result.entries["_zeile"].tolist() == [2, 5]
    assert positions(result) == []


def test_no_schwerpunkt_markers(tmp_path, config):
    rows = [HEADER, entry(3, sp="-"), entry(4, sp="—"), entry(5, sp="kein"), entry(6, sp=None)]
    result = load(tmp_path, config, {"A": rows})
    assert result.entries["schwerpunkt"].isna().all()
    assert positions(result) == []


def test_summe_row_is_not_an_entry_and_is_checked(tmp_path, config):
    rows = [HEADER, entry(3, stunden=2), entry(4, stunden=1.5),
            ["Summe", None, None, None, None, None, None, 3.5, None, None],
            entry(5, stunden=1), ["Gesamt", None, None, None, None, None, None, 5, None, None]]
    result = load(tmp_path, config, {"A": rows})
    assert len(result.entries) == 3
    assert positions(result) == [(6, "Stunden", "summe-abweichend")]  # 5 ≠ 1 and ≠ 4.5


def test_several_sheets_and_anleitung(tmp_path, config):
    sheets = {"Anleitung": [["So füllen Sie den Nachweis aus"], ["Eine Zeile je Tätigkeit."]],
              "Jan 2025": [HEADER, entry(3, month=1)], "Feb 2025": [HEADER, entry(3, month=2)]}
    result = load(tmp_path, config, sheets)
    assert len(result.entries) == 2
    assert [(f.blatt, f.code, f.schwere) for f in result.findings] == [
        ("Anleitung", "blatt-anleitung", "hinweis")]


def test_folders_recursive_and_lock_files_not_read_but_named(tmp_path, config):
    write_xlsx(tmp_path / "in" / "a" / "b" / "deep.xlsx", {"A": [HEADER, entry(3)]})
    write_xlsx(tmp_path / "in" / "top.xlsx", {"A": [HEADER, entry(4)]})
    (tmp_path / "in" / "~$top.xlsx").write_bytes(b"lock")
    result = load_entries([tmp_path / "in"], config)
    assert len(result.entries) == 2
    assert positions(result) == [(None, None, "datei-geoeffnet")]
    assert [f.rsplit("/", 1)[-1] for f in result.files] == ["deep.xlsx", "top.xlsx"]


def test_unknown_and_missing_columns(tmp_path, config):
    header = ["Datum", "Stelle", "Handlungsfeld", "Tätigkeit", "Notiz"]
    result = load(tmp_path, config, {"A": [header, [dt.date(2025, 3, 3), "FK1", "Bildung",
                                                    "Beratung", "x"]]})
    assert positions(result) == [(1, "Notiz", "spalte-unbekannt"), (1, "Stunden", "spalte-fehlt")]
    assert result.rows_unprocessed == 1 and result.rows_in == 1


def test_every_bad_cell_is_reported_not_just_the_first(tmp_path, config):
    rows = [HEADER, entry(3, stunden="abc"), entry(4, stunden=-2), entry(5, stunden=0),
            entry(6, stunden=25), entry(7, stunden="1,5")]
    result = load(tmp_path, config, {"A": rows})
    assert positions(result, "fehler") == [(2, "Stunden", "stunden-ungueltig"),
                                           (3, "Stunden", "stunden-bereich"),
                                           (4, "Stunden", "stunden-bereich"),
                                           (5, "Stunden", "stunden-bereich")]
    assert result.entries["stunden"].sum() == 1.5
    assert len(result.rejected) == 4


def test_values_checked_against_configuration(tmp_path, config):
    rows = [HEADER,
            entry(3, stelle="FK9"),
            entry(4, hf="Sport"),
            entry(5, sp="SP7"),
            entry(6, taet="Kaffee"),
            entry(7, kommune="Köln"),
            entry(10, sp="SP1", year=2024),
            entry(11, tn=-1),
            entry(12, tn=2.5),
            [None, None, None, None, None, None, None, None, None, "nur Text"],
            ["morgen", "FK1", "", "Bildung", "", "Beratung", "", 1, "", ""]]
    result = load(tmp_path, config, {"A": rows})
    assert positions(result, "fehler") == [
        (2, "Stelle", "stelle-unbekannt"),
        (3, "Handlungsfeld", "handlungsfeld-unbekannt"),
        (4, "Schwerpunkt", "schwerpunkt-unbekannt"),
        (5, "Tätigkeit", "taetigkeit-unbekannt"),
        (6, "Kommune", "kommune-unbekannt"),
        (7, "Schwerpunkt", "schwerpunkt-zeitraum"),
        (8, "Teilnehmende", "teilnehmende-ungueltig"),
        (9, "Teilnehmende", "teilnehmende-ungueltig"),
        (10, "Datum", "pflichtfeld-leer"),
        (10, "Handlungsfeld", "pflichtfeld-leer"),
        (10, "Stelle", "pflichtfeld-leer"),
        (10, "Stunden", "pflichtfeld-leer"),
        (10, "Tätigkeit", "pflichtfeld-leer"),
        (11, "Datum", "datum-ungueltig"),
    ]
    assert result.entries.empty
    assert result.rows_in == len(result.entries) + len(result.rejected)


def test_finding_names_file_and_sheet(tmp_path, config):
    result = load(tmp_path, config, {"Mär 2025": [["Titel"], HEADER, entry(3, stunden="zwei")]})
    [f] = result.findings
    assert (f.datei.endswith("in/log.xlsx"), f.blatt, f.zeile, f.spalte, f.wert) == (
        True, "Mär 2025", 3, "Stunden", "zwei")
    assert f.render().startswith(f"{f.datei}:Mär 2025:3: fehler [stunden-ungueltig]")


def test_header_starting_in_later_column(tmp_path, config):
    rows = [[None, None, *HEADER], [None, None, *entry(3)]]
    result = load(tmp_path, config, {"A": rows})
    assert len(result.entries) == 1 and positions(result) == []


def test_handlungsfeld_mismatch_is_a_warning(tmp_path, config):
    result = load(tmp_path, config, {"A": [HEADER, entry(3, hf="Querschnitt", sp="SP1")]})
    assert positions(result) == [(2, "Handlungsfeld", "handlungsfeld-abweichend")]
    assert len(result.entries) == 1


def test_rows_of_formulas_without_cached_values_are_reported_not_lost(tmp_path, config):
    formulas = ["=A2+1", "=B2", None, "=D2", None, "=F2", None, "=H2", None, None]
    rows = [HEADER, entry(3), formulas, entry(5), formulas]  # the last one trails the sheet
    write_xlsx(tmp_path / "f.xlsx", {"A": rows}, formulas=True)
    result = load_entries([tmp_path / "f.xlsx"], config)
    assert sorted({(f.zeile, f.code) for f in result.findings}) == [
        (3, "formel-ohne-wert"), (5, "formel-ohne-wert")]
    assert len(result.entries) == 2 and len(result.rejected) == 2
    assert result.rows_in == len(result.entries) + len(result.rejected)


def test_a_duration_of_36_hours_is_36_hours(tmp_path, config):
    rows = [HEADER, entry(3, stunden=1.5), entry(4, stunden=1.5), entry(5, stunden=0.0625)]
    result = load(tmp_path, config, {"März": rows}, formats={"März": {"H2": "h:mm", "H3": "[h]:mm",
                                                                     "H4": "h:mm"}})
    assert [(f.zeile, f.code, f.wert) for f in result.findings] == [
        (2, "stunden-bereich", "36"), (3, "stunden-bereich", "36")]
    assert result.entries["stunden"].tolist() == [1.5]


def test_hours_typed_as_text_with_a_dot_and_minutes_are_a_warning_naming_both_readings(tmp_path, config):
    rows = [HEADER, entry(3, stunden="1.30"), entry(4, stunden="0.45"), entry(5, stunden=1.3),
            entry(6, stunden="1,30"), entry(7, stunden="1.25")]
    result = load(tmp_path, config, {"März": rows})
    assert positions(result) == [(2, "Stunden", "stunden-mehrdeutig"), (3, "Stunden", "stunden-mehrdeutig")]
    first = result.findings[0]
    assert (first.schwere, first.wert) == ("warnung", "1.30")
    assert "1,3 Std." in first.meldung and "1:30" in first.meldung and "1,5 Std." in first.meldung
    # counted as decimals, as before: figures do not change without a word
    assert result.entries["stunden"].tolist() == [1.3, 0.45, 1.3, 1.3, 1.25]


def test_no_finding_shows_an_empty_cell_as_nan(tmp_path, config):
    """A messy workbook: empty required cells, bad values, Summe rows; no `wert` is a stand-in
    for nothing ("nan", "NaN", "None"), and the JSON of pruefen holds no NaN."""
    import json
    import math

    from click.testing import CliRunner

    from kibericht.cli import cli
    from tests.conftest import KI_TOML

    rows = [["Tätigkeitsnachweis"], HEADER,
            entry(3, stelle=None), entry(4, hf=None, taet=None), entry(5, stunden=None),
            entry(6, stunden="abc", kommune="Nirgendwo"), entry(7, sp="SP9", tn=-2),
            [None, None, None, None, None, None, None, 3.0], entry(8, stunden=30), entry(9, stelle="FK9"),
            entry(10, stunden="1.30"), entry(10, stunden="1.30"),
            entry(15, stunden=9, taet="Netzwerktreffen"), entry(15, stunden=9),
            ["Summe", None, None, None, None, None, None, 99]]
    result = load(tmp_path, config, {"März 2025": rows, "April 2025": [HEADER, entry(3, month=3)]})
    assert {f.code for f in result.findings} >= {"pflichtfeld-leer", "stunden-ungueltig", "stelle-unbekannt",
                                                 "summe-abweichend", "stunden-mehrdeutig"}
    empty = [f for f in result.findings if f.code == "pflichtfeld-leer"]
    assert empty and all(f.wert is None for f in empty)
    assert not [f for f in result.findings if f.wert in ("nan", "NaN", "None", "NaT", "<NA>")]
    (tmp_path / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    out = CliRunner().invoke(cli, ["pruefen", str(tmp_path / "in"), "--config", str(tmp_path / "ki.toml"),
                                   "--format", "json"])
    document = json.loads(out.stdout, parse_constant=lambda c: pytest.fail(f"JSON holds {c}"))
    values = [f["wert"] for key in ("fehler", "warnungen", "hinweise") for f in document[key]]
    assert values and not [v for v in values if v in ("nan", "NaN", "None")
                           or (isinstance(v, float) and math.isnan(v))]
