"""The comparison of the logs with a closed month (`regeln.abschluss`): re-saving and moving are
no change; a changed, added or removed entry is `nachtraegliche-aenderung` at its place."""

from __future__ import annotations

from pathlib import Path

from kibericht.ablage.ablegen import abgelegte_eintraege
from kibericht.ablauf import load_entries
from kibericht.regeln.abschluss import (
    AbgelegterEintrag,
    Abgleich,
    GeschlossenerMonat,
    eintrag_werte,
    monate_der_eintraege,
    namens_pseudonym,
)
from tests.conftest import HEADER, entry, write_xlsx

SALZ = "5a17"


def schliessen(tmp_path: Path, config, inputs, monat: str = "2025-03") -> GeschlossenerMonat:
    """The month as `abschliessen` files it, read back as the rule sees it."""
    result = load_entries(inputs, config)
    assert not result.errors, result.errors
    frame = result.entries[monate_der_eintraege(result.entries["datum"]) == monat]
    liste = abgelegte_eintraege(frame, SALZ, tmp_path)
    return GeschlossenerMonat(monat, "Abschluss.json", SALZ, tuple(
        AbgelegterEintrag(e["abdruck"], e["werte"], (tmp_path / e["datei"]).as_posix(), e["blatt"],
                          e["zeile"]) for e in liste))


def aenderungen(config, inputs, *monate: GeschlossenerMonat, bereich="eingaben"):
    bereich = tuple(str(p) for p in inputs) if bereich == "eingaben" else bereich
    result = load_entries(inputs, config, abgleich=Abgleich(monate, bereich))
    return [f for f in result.findings if f.code == "nachtraegliche-aenderung"], result


def maerz_und_april(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "in" / "FK1.xlsx", {
        "März": [HEADER, entry(3, stunden=2.0), entry(4, stunden=1.5, kommune="Bornheim"),
                 entry(5, taet="Veranstaltung", tn=12)],
        "April": [HEADER, entry(1, month=4), entry(2, month=4, stunden=3.0)],
    })


def test_unchanged_logs_give_no_finding(tmp_path, config):
    path = maerz_und_april(tmp_path)
    found, result = aenderungen(config, [path], schliessen(tmp_path, config, [path]))
    assert found == [] and len(result.entries) == 5


def test_resaved_with_other_cell_types_sheet_order_rows_and_file_is_no_change(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [path])
    path.unlink()
    # what another program makes of it: text hours with a decimal comma, text dates, a title row,
    # the sheets in another order, April first, the entries of March split over two files
    moved = write_xlsx(tmp_path / "in" / "neu" / "FK1_2025.xlsx", {
        "April": [HEADER, entry(1, month=4), entry(2, month=4, stunden="3,0")],
        "Maerz": [["Tätigkeitsnachweis FK1"], [], HEADER,
                  ["05.03.2025", "fk1", "A. B.", "Integration durch Bildung", "SP1", "veranstaltung",
                   "Alfter", "2", "12", "Beratung"],
                  ["03.03.2025", "FK1", " A. B. ", "Bildung", "SP1", "Beratung", "Alfter", "2:00", None,
                   "Beratung"]],
    })
    other = write_xlsx(tmp_path / "in" / "FK1_Rest.xlsx", {"Tabelle1": [HEADER, entry(4, stunden="1,5",
                                                                                       kommune="bornheim")]})
    found, result = aenderungen(config, [tmp_path / "in"], maerz)
    assert found == [], [f.render() for f in found]
    assert len(result.entries) == 5 and sorted(result.files) == sorted([moved.as_posix(), other.as_posix()])


def test_a_changed_hour_is_an_error_at_its_row_with_old_new_and_difference(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [path])
    write_xlsx(path, {"März": [HEADER, entry(3, stunden=2.0), entry(4, stunden=2.5, kommune="Bornheim"),
                               entry(5, taet="Veranstaltung", tn=12)],
                      "April": [HEADER, entry(1, month=4), entry(2, month=4, stunden=3.0)]})
    found, result = aenderungen(config, [path], maerz)
    assert [(f.datei, f.blatt, f.zeile, f.schwere) for f in found] == [(path.as_posix(), "März", 3, "fehler")]
    assert "Stunden 1,5 → 2,5" in found[0].meldung and "+1 Std." in found[0].meldung
    assert "--wiedereroeffnen" in found[0].meldung and found[0].wert == "2.5"
    # the changed row is not counted (as every row with an error)
    assert len(result.entries) == 4 and len(result.rejected) == 1


def test_a_change_in_an_open_month_is_no_error(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [path])
    write_xlsx(path, {"März": [HEADER, entry(3, stunden=2.0), entry(4, stunden=1.5, kommune="Bornheim"),
                               entry(5, taet="Veranstaltung", tn=12)],
                      "April": [HEADER, entry(1, month=4, stunden=7), entry(2, month=4, stunden=3.0),
                                entry(3, month=4)]})
    found, _ = aenderungen(config, [path], maerz)
    assert found == []


def test_a_row_added_to_the_month_in_a_new_workbook_is_found(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [tmp_path / "in"])
    neu = write_xlsx(tmp_path / "in" / "Nachtrag.xlsx", {"Blatt1": [HEADER, entry(20, month=4),
                                                                    entry(19, stunden=4.25)]})
    found, _ = aenderungen(config, [tmp_path / "in"], maerz)
    assert [(f.datei, f.blatt, f.zeile) for f in found] == [(neu.as_posix(), "Blatt1", 3)]
    assert "19.03.2025" in found[0].meldung and "+4,25 Std." in found[0].meldung
    assert path.exists()


def test_a_removed_row_names_file_sheet_date_and_hours(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [path])
    write_xlsx(path, {"März": [HEADER, entry(3, stunden=2.0), entry(5, taet="Veranstaltung", tn=12)],
                      "April": [HEADER, entry(1, month=4), entry(2, month=4, stunden=3.0)]})
    found, result = aenderungen(config, [path], maerz)
    assert [(f.datei, f.blatt, f.zeile) for f in found] == [(path.as_posix(), "März", None)]
    assert len(result.entries) == 4  # naming the sheet rejects none of its other rows
    assert "04.03.2025" in found[0].meldung and "1,5 Std." in found[0].meldung
    assert "Zeile 3" in found[0].meldung and "-1,5 Std." in found[0].meldung


def test_removal_only_counts_for_files_within_the_inputs(tmp_path, config):
    fk1 = maerz_und_april(tmp_path)
    fk2 = write_xlsx(tmp_path / "in" / "FK2.xlsx", {"März": [HEADER, entry(6, stelle="FK2")]})
    maerz = schliessen(tmp_path, config, [tmp_path / "in"])
    # checking one workbook says nothing about the others …
    assert aenderungen(config, [fk1], maerz)[0] == []
    # … but a deleted workbook within the folder given, and every file for verifizieren, does
    fk2.unlink()
    assert [(f.datei, f.zeile) for f in aenderungen(config, [tmp_path / "in"], maerz)[0]] == \
        [(fk2.as_posix(), None)]
    assert len(aenderungen(config, [fk1], maerz, bereich=None)[0]) == 1


def test_an_entry_whose_date_left_the_closed_month_is_a_change_at_its_row(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [path])
    write_xlsx(path, {"März": [HEADER, entry(3, stunden=2.0), entry(4, stunden=1.5, kommune="Bornheim"),
                               entry(5, month=4, taet="Veranstaltung", tn=12)],
                      "April": [HEADER, entry(1, month=4), entry(2, month=4, stunden=3.0)]})
    found, _ = aenderungen(config, [path], maerz)
    assert [(f.blatt, f.zeile) for f in found] == [("März", 4)]
    assert "Datum 05.03.2025 → 05.04.2025" in found[0].meldung
    assert "die Stunden sind unverändert" in found[0].meldung


def test_an_entry_that_became_unreadable_is_both_errors(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [path])
    write_xlsx(path, {"März": [HEADER, entry(3, stunden="zwei"), entry(4, stunden=1.5, kommune="Bornheim"),
                               entry(5, taet="Veranstaltung", tn=12)]})
    result = load_entries([path], config, abgleich=Abgleich((maerz,), (str(path),)))
    assert sorted((f.zeile, f.code) for f in result.errors) == [
        (2, "nachtraegliche-aenderung"), (2, "stunden-ungueltig")]


def test_duplicates_count_as_a_multiset_and_a_moved_twin_keeps_its_place(tmp_path, config):
    path = write_xlsx(tmp_path / "in" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(3), entry(4)]})
    maerz = schliessen(tmp_path, config, [path])
    write_xlsx(path, {"März": [HEADER, entry(4), entry(3)]})
    found, _ = aenderungen(config, [path], maerz)
    assert len(found) == 1 and found[0].zeile is None and "03.03.2025" in found[0].meldung


def test_format_1_filed_the_name_as_a_keyed_hash_and_a_new_name_is_a_change(tmp_path, config):
    path = write_xlsx(tmp_path / "in" / "FK1.xlsx", {"März": [HEADER, entry(3, name="Erika Mustermann")]})
    maerz = schliessen(tmp_path, config, [path])
    [e] = maerz.eintraege
    assert e.werte["mitarbeiter"] == namens_pseudonym("Erika Mustermann", SALZ)
    assert "Mustermann" not in repr(e)
    assert namens_pseudonym("Erika Mustermann", "anders") != e.werte["mitarbeiter"]
    write_xlsx(path, {"März": [HEADER, entry(3, name="E. M.")]})
    [f] = aenderungen(config, [path], maerz)[0]
    assert "Mitarbeiter/in geändert" in f.meldung and "E. M." not in f.meldung


def test_values_are_those_after_parsing():
    import pandas as pd

    row = {"datum": pd.Timestamp("2025-03-03 00:00"), "stelle": "FK1", "stunden": 1.4999999999,
           "teilnehmende": 12.0, "kommune": float("nan"), "beschreibung": None}
    werte = eintrag_werte(row, SALZ)
    assert (werte["datum"], werte["stunden"], werte["teilnehmende"], werte["kommune"]) == \
        ("2025-03-03", 1.5, 12, None)


def test_a_copy_left_in_the_folder_is_its_own_error_not_a_change(tmp_path, config):
    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [tmp_path / "in"])
    kopie = tmp_path / "in" / "FK1 - Kopie.xlsx"
    kopie.write_bytes(path.read_bytes())
    found, result = aenderungen(config, [tmp_path / "in"], maerz)
    assert found == []
    assert [(f.code, f.datei) for f in result.errors] == [("datei-doppelt", kopie.as_posix())]


def test_relative_places_are_taken_from_the_abgleich_basis_never_the_current_folder(tmp_path, config,
                                                                                   monkeypatch):
    import dataclasses

    path = maerz_und_april(tmp_path)
    maerz = schliessen(tmp_path, config, [path])
    # as the Ablage gives them: relative to the folder the command runs in
    relativ = dataclasses.replace(maerz, eintraege=tuple(
        dataclasses.replace(e, datei=Path(e.datei).relative_to(tmp_path).as_posix())
        for e in maerz.eintraege))
    write_xlsx(path, {"März": [HEADER, entry(3, stunden=2.0), entry(4, stunden=1.5, kommune="Bornheim"),
                               entry(5, month=4, taet="Veranstaltung", tn=12)],
                      "April": [HEADER, entry(1, month=4), entry(2, month=4, stunden=3.0)]})
    monkeypatch.chdir(path.parent)  # the process stands elsewhere: it must not matter

    def gefunden(basis: Path) -> list:
        result = load_entries([path], config, abgleich=Abgleich((relativ,), None, str(basis)))
        return [(f.blatt, f.zeile) for f in result.findings if f.code == "nachtraegliche-aenderung"]

    # the entry whose date left March is found at its place …
    assert gefunden(tmp_path) == [("März", 4)]
    # … which a wrong base cannot see: then the filed entry is missing from its (other) file
    assert gefunden(path.parent) == [("März", None)]


def test_a_closed_month_without_names_compares_everything_but_the_name(tmp_path, config):
    path = write_xlsx(tmp_path / "in" / "FK1.xlsx", {"März": [HEADER, entry(3, name="Erika Mustermann")]})
    result = load_entries([path], config)
    liste = abgelegte_eintraege(result.entries, None, tmp_path)
    assert "mitarbeiter" not in liste[0]["werte"]
    maerz = GeschlossenerMonat("2025-03", "Abschluss.json", None, tuple(
        AbgelegterEintrag(e["abdruck"], e["werte"], (tmp_path / e["datei"]).as_posix(), e["blatt"],
                          e["zeile"]) for e in liste))
    write_xlsx(path, {"März": [HEADER, entry(3, name="E. M.")]})
    assert aenderungen(config, [path], maerz)[0] == []
    write_xlsx(path, {"März": [HEADER, entry(3, name="E. M.", kommune="Bornheim")]})
    [f] = aenderungen(config, [path], maerz)[0]
    assert "Kommune „Alfter“ → „Bornheim“" in f.meldung and "Mitarbeiter" not in f.meldung
