"""Finding the input files: the same file reached by two paths is one file; only regular files
are read, and reads are bounded; owner files of open workbooks are named, never read."""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kibericht.ablauf import load_entries
from kibericht.cli import cli
from kibericht.lesen.arbeitsmappe import read_workbook
from kibericht.lesen.csv_datei import read_csv
from kibericht.lesen.dateien import find_files
from kibericht.lesen.kennung import kennung
from tests.conftest import HEADER, entry, write_xlsx


def logs(folder):
    write_xlsx(folder / "TN_FK1_2025.xlsx", {"März 2025": [HEADER, entry(3), entry(4, stunden=3.0),
                                                           entry(5, stunden=1.5), entry(10)]})
    write_xlsx(folder / "TN_FK2_2025.xlsx", {"März 2025": [HEADER, entry(3, stelle="FK2"),
                                                           entry(6, stelle="FK2", stunden=4.0)]})


# --- odd files: only regular files are read, each file once, owner files of open workbooks named


def test_the_same_file_by_two_paths_is_read_once_under_the_first_spelling(tmp_path, config, monkeypatch):
    logs(tmp_path / "in")
    (tmp_path / "link").symlink_to(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    absolute = (tmp_path / "in" / "TN_FK1_2025.xlsx").as_posix()
    inputs = ["in/TN_FK1_2025.xlsx", absolute, "link/TN_FK1_2025.xlsx", "in", "link"]
    paths, findings = find_files(inputs)
    assert [p.as_posix() for p in paths] == ["in/TN_FK1_2025.xlsx", "in/TN_FK2_2025.xlsx"]
    assert findings == []
    result = load_entries(inputs, config)
    assert not [f for f in result.findings if f.code == "datei-doppelt"]
    assert result.entries["stunden"].sum() == 2.0 + 3.0 + 1.5 + 2.0 + 2.0 + 4.0
    assert set(result.entries["_datei"]) == {"in/TN_FK1_2025.xlsx", "in/TN_FK2_2025.xlsx"}


def test_a_real_copy_is_still_a_copy(tmp_path, config):
    """Identity is the file, not its content: a copy is another file (and `datei-doppelt`)."""
    logs(tmp_path)
    shutil.copy(tmp_path / "TN_FK1_2025.xlsx", tmp_path / "Kopie.xlsx")
    paths, _ = find_files([tmp_path])
    assert len(paths) == 3


def test_links_to_files_and_folders_outside_are_followed_and_loops_end(tmp_path):
    logs(tmp_path / "woanders")
    inputs = tmp_path / "nachweise"
    (inputs / "unter").mkdir(parents=True)
    (inputs / "FK1.xlsx").symlink_to(tmp_path / "woanders" / "TN_FK1_2025.xlsx")
    (inputs / "team").symlink_to(tmp_path / "woanders")
    (inputs / "unter" / "zurueck").symlink_to(inputs)  # a loop
    (inputs / "weg.xlsx").symlink_to(tmp_path / "gibt-es-nicht.xlsx")
    paths, findings = find_files([inputs])
    assert [p.relative_to(inputs).as_posix() for p in paths] == ["FK1.xlsx", "team/TN_FK2_2025.xlsx"]
    assert [(f.code, f.datei.rsplit("/", 1)[-1]) for f in findings] == [("datei-fehlt", "weg.xlsx")]
    assert "Verknüpfung" in findings[0].meldung


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("name", ["x.xlsx", "x.csv"])
def test_a_fifo_is_a_finding_and_never_opened(tmp_path, config, name):
    logs(tmp_path)
    os.mkfifo(tmp_path / name)
    for inputs, entries in (([tmp_path], 6), ([tmp_path / name], 0)):  # in a folder, or given by name
        result = _with_timeout(lambda inputs=inputs: load_entries(inputs, config))
        [f] = [f for f in result.findings if f.schwere == "fehler"]
        assert (f.code, f.datei, f.zeile) == ("datei-sonderdatei", (tmp_path / name).as_posix(), None)
        assert "Pipe" in f.meldung and name in f.meldung
        assert len(result.entries) == entries


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
@pytest.mark.parametrize("name", ["null.xlsx", "null.csv"])
def test_a_link_to_a_device_is_a_finding_not_an_endless_read(tmp_path, config, name):
    (tmp_path / name).symlink_to("/dev/zero")
    result = _with_timeout(lambda: load_entries([tmp_path], config))
    assert [(f.code, f.datei) for f in result.findings] == [
        ("datei-sonderdatei", (tmp_path / name).as_posix())]
    assert "Gerätedatei" in result.findings[0].meldung


def test_readers_refuse_what_is_no_regular_file_even_when_handed_one(tmp_path):
    """Should a FIFO take a file's place after the search, the readers do not wait on it."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "x.xlsx")
    os.mkfifo(tmp_path / "x.csv")
    assert _with_timeout(lambda: read_workbook(tmp_path / "x.xlsx"))[1][0].code == "datei-sonderdatei"
    assert _with_timeout(lambda: read_csv(tmp_path / "x.csv"))[1][0].code == "datei-sonderdatei"
    assert _with_timeout(lambda: kennung(tmp_path / "x.xlsx")) is None


def test_reads_are_bounded_by_the_size_limits(tmp_path, monkeypatch):
    import kibericht.lesen.csv_datei as csv_datei
    import kibericht.lesen.paket as paket

    logs(tmp_path)
    size = (tmp_path / "TN_FK1_2025.xlsx").stat().st_size
    monkeypatch.setattr(paket, "MAX_FILE_BYTES", size - 1)
    sheets, findings = read_workbook(tmp_path / "TN_FK1_2025.xlsx")
    assert (sheets, [f.code for f in findings]) == ([], ["datei-zu-gross"])
    (tmp_path / "a.csv").write_text("Datum;Stelle;Stunden\n" * 10, encoding="utf-8")
    monkeypatch.setattr(csv_datei, "MAX_CSV_BYTES", 100)
    assert [f.code for f in read_csv(tmp_path / "a.csv")[1]] == ["datei-zu-gross"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc on this system")
def test_a_file_whose_size_says_nothing_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    """Files of /proc are regular and claim 0 bytes; the read stops at the limit + 1 byte."""
    import kibericht.lesen.csv_datei as csv_datei
    from kibericht.lesen.dateien import read_bounded

    (tmp_path / "status.csv").symlink_to("/proc/self/status")
    monkeypatch.setattr(csv_datei, "MAX_CSV_BYTES", 100)
    assert [f.code for f in read_csv(tmp_path / "status.csv")[1]] == ["datei-zu-gross"]

    class Counting(io.BytesIO):
        asked = 0

        def read(self, n=-1):
            Counting.asked = n
            return super().read(n)

    assert read_bounded(Counting(b"x" * 1000), 100) is None and Counting.asked == 101
    assert read_bounded(Counting(b"x" * 100), 100) == b"x" * 100


@pytest.mark.parametrize("lock", ["~$TN_FK1_2025.xlsx", ".~lock.TN_FK1_2025.xlsx#"])
def test_the_owner_file_of_an_open_workbook_is_a_hint_never_read(tmp_path, config, lock):
    logs(tmp_path)
    (tmp_path / lock).write_bytes(b"\x0bA. Nutzer" + b"\x00" * 150)  # as Excel writes it: 165 bytes
    result = load_entries([tmp_path], config)
    [f] = result.findings
    assert (f.schwere, f.code, f.datei) == ("hinweis", "datei-geoeffnet", (tmp_path / lock).as_posix())
    assert "„TN_FK1_2025.xlsx“ ist vermutlich gerade in" in f.meldung
    assert len(result.entries) == 6 and set(result.files) == {
        (tmp_path / n).as_posix() for n in ("TN_FK1_2025.xlsx", "TN_FK2_2025.xlsx")}
    # given by name, and left over without its workbook
    (tmp_path / "TN_FK1_2025.xlsx").unlink()
    [f] = load_entries([tmp_path / lock], config).findings
    assert f.code == "datei-geoeffnet" and "Sperrdatei" in f.meldung and "löschen" in f.meldung


def test_a_folder_with_only_an_owner_file_is_not_called_empty(tmp_path):
    (tmp_path / "~$FK1.xlsx").write_bytes(b"x")
    assert [f.code for f in find_files([tmp_path])[1]] == ["datei-geoeffnet"]
    (tmp_path / "leer").mkdir()
    assert [f.code for f in find_files([tmp_path / "leer"])[1]] == ["ordner-leer"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_that_cannot_be_searched_is_named(tmp_path):
    logs(tmp_path / "in")
    locked = tmp_path / "in" / "gesperrt"
    locked.mkdir()
    locked.chmod(0)
    try:
        paths, findings = find_files([tmp_path / "in"])
    finally:
        locked.chmod(0o755)
    assert len(paths) == 2
    assert [(f.code, f.datei) for f in findings] == [("datei-unlesbar", locked.as_posix())]


@pytest.mark.parametrize("folder", ["Nachweise März – Jürgen Groß", "x" * 120])
def test_paths_with_umlauts_spaces_and_200_characters(tmp_path, config_path, folder):
    inputs = tmp_path / folder / ("ä ö ü ß " * 20).strip()
    write_xlsx(inputs / "Tätigkeitsnachweis Größe.xlsx",
               {"März 2025": [HEADER, entry(3), entry(4, stunden="abc")]})
    assert len((inputs / "Tätigkeitsnachweis Größe.xlsx").relative_to(tmp_path).as_posix()) > 200
    out = tmp_path / folder / "markierte Kopien – März"
    result = CliRunner().invoke(cli, ["pruefen", str(inputs), "--config", str(config_path),
                                      "--markiert", str(out), "--format", "json"])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["eintraege"] == 1
    assert [(f["datei"], f["zeile"], f["code"]) for f in document["fehler"]] == [
        ((inputs / "Tätigkeitsnachweis Größe.xlsx").as_posix(), 3, "stunden-ungueltig")]
    [copy] = document["markiert"]
    assert copy == (out / "Tätigkeitsnachweis Größe.xlsx").as_posix()
    assert openpyxl.load_workbook(copy)["März 2025"]["H3"].comment is not None


def _with_timeout(function, seconds: float = 30):
    """Run `function` in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict = {}

    def run():
        try:
            box["result"] = function()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the read blocks"
    if "error" in box:
        raise box["error"]
    return box["result"]
