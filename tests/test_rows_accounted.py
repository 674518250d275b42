"""Nothing lost: every written row is counted or reported, and inputs are never modified."""

from __future__ import annotations

from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.cli import cli
from tests.conftest import HEADER, entry, write_xlsx
from tests.helpers_xlsx import file_hashes


def messy(folder):
    ok = [entry(3), entry(4, stunden="1,5"), entry(5, kommune=None)]
    bad = [entry(6, stunden="viel"), entry(7, stelle="XX"), [None, "FK1", None, "Bildung", None,
                                                             "Beratung", None, 2, None, None]]
    rows = [["Tätigkeitsnachweis März 2025"], [], HEADER, *ok[:2], [], [None] * 10, *bad, ["  "],
            ok[2], ["Summe", None, None, None, None, None, None, 99]]
    ohne_stunden = [HEADER[:7], entry(10)[:7], entry(11)[:7]]
    write_xlsx(folder / "FK1.xlsx", {"Anleitung": [["Bitte ausfüllen"]], "März": rows,
                                     "Notizen": ohne_stunden})
    write_xlsx(folder / "sub" / "FK2.xlsx", {"April": [HEADER, entry(1, stelle="FK2", month=4)]})
    return {"ok": len(ok) + 1, "bad": len(bad), "unprocessed": len(ohne_stunden) - 1}


def test_rows_in_equals_rows_counted_plus_rows_reported(tmp_path, config):
    expected = messy(tmp_path / "in")
    result = load_entries([tmp_path / "in"], config)
    assert result.rows_in == expected["ok"] + expected["bad"] + expected["unprocessed"]
    assert result.rows_in == len(result.entries) + len(result.rejected) + result.rows_unprocessed
    assert (len(result.entries), len(result.rejected), result.rows_unprocessed) == \
        (expected["ok"], expected["bad"], expected["unprocessed"])
    # every rejected row has an error at its position; the unprocessed sheet has one too
    errors = {(f.datei, f.blatt, f.zeile) for f in result.findings if f.schwere == "fehler"}
    for datei, blatt, zeile in result.rejected[["_datei", "_blatt", "_zeile"]].itertuples(index=False):
        assert (datei, blatt, zeile) in errors
    assert any(f.blatt == "Notizen" and f.code == "spalte-fehlt" for f in result.findings)
    # the Summe row is not an entry, and its mismatch is reported
    assert any(f.code == "summe-abweichend" for f in result.findings)
    assert result.entries["stunden"].sum() == 2 + 1.5 + 2 + 2


def test_inputs_are_never_modified(tmp_path, config, config_path):
    messy(tmp_path / "in")
    before = file_hashes(tmp_path / "in")
    load_entries([tmp_path / "in"], config)
    runner = CliRunner()
    result = runner.invoke(cli, ["pruefen", str(tmp_path / "in"), "--config", str(config_path),
                                 "--markiert", str(tmp_path / "markiert")])
    assert result.exit_code == 1
    assert (tmp_path / "markiert" / "FK1.xlsx").is_file()
    assert file_hashes(tmp_path / "in") == before
