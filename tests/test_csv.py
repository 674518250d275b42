"""Tätigkeitsnachweise as CSV, the way German Excel saves them."""

from __future__ import annotations

import datetime as dt

from kibericht.ablauf import load_entries
from tests.conftest import HEADER, entry, write_xlsx

KOPF = "Datum;Stelle;Mitarbeiter/in;Handlungsfeld;Schwerpunkt;Tätigkeit;Kommune;Stunden;TN;Beschreibung"


def test_excel_csv_in_windows_1252(tmp_path, config):
    # "CSV (Trennzeichen-getrennt)": semicolons, decimal comma, German dates, Windows-1252
    text = "\r\n".join([
        "Tätigkeitsnachweis März 2025;;;;;;;;;",
        KOPF,
        "03.03.2025;FK1;Ö. Müller;Bildung;SP1;Beratung;Alfter;1,5;3;Elterngespräch „Schule“",
        "04.03.2025;FK1;Ö. Müller;Integration durch Bildung;-;Netzwerktreffen;kreisweit;2,25;;",
        ";;;;;;;;;",
        "Summe;;;;;;;3,75;;",
    ]) + "\r\n"
    path = tmp_path / "TN_FK1_2025.csv"
    path.write_bytes(text.encode("cp1252"))
    result = load_entries([tmp_path], config)
    assert [(f.code, f.zeile) for f in result.findings] == []
    assert result.entries["stunden"].tolist() == [1.5, 2.25]
    assert result.entries["datum"].dt.date.tolist() == [dt.date(2025, 3, 3), dt.date(2025, 3, 4)]
    assert result.entries["mitarbeiter"].tolist() == ["Ö. Müller"] * 2
    assert result.entries["beschreibung"].iloc[0] == "Elterngespräch „Schule“"
    assert (result.entries["_blatt"].iloc[0], result.entries["_zeile"].tolist()) == ("TN_FK1_2025", [3, 4])


def test_csv_utf8_with_bom_and_a_wrong_cell(tmp_path, config):
    text = "\n".join([KOPF, "03.03.2025;FK1;;Bildung;SP1;Beratung;Alfter;abc;;"])
    (tmp_path / "a.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = load_entries([tmp_path / "a.csv"], config)
    assert [(f.blatt, f.zeile, f.spalte, f.code) for f in result.findings] == [
        ("a", 2, "Stunden", "stunden-ungueltig")]


def test_csv_without_header_is_a_note_and_renamed_workbook_is_read(tmp_path, config):
    (tmp_path / "konto.csv").write_text("03.03.2025;12,50;Überweisung\n04.03.2025;7,00;Lastschrift\n"
                                        "05.03.2025;3,00;Gebühr\n", "utf-8")
    write_xlsx(tmp_path / "echt.xlsx", {"März": [HEADER, entry(3)]})
    (tmp_path / "echt.xlsx").rename(tmp_path / "umbenannt.csv")
    (tmp_path / "bild.csv").write_bytes(bytes(range(256)) * 4)
    result = load_entries([tmp_path], config)
    assert sorted((f.datei.rsplit("/", 1)[-1], f.code, f.schwere) for f in result.findings) == [
        ("bild.csv", "datei-kein-excel", "fehler"), ("konto.csv", "blatt-ohne-kopfzeile", "hinweis")]
    assert result.entries["stunden"].tolist() == [2.0]
