"""Reading in worker processes gives exactly what reading in one process gives; a worker that dies
costs its file, never the run."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from kibericht import ablauf
from kibericht.konfig import load_config
from kibericht.pruefen import arbeiter

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
fork_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                               reason="the test patches the worker code, which spawned workers do not see")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """The sample logs and a few files that cannot be read, in one folder."""
    folder = tmp_path / "nachweise"
    shutil.copytree(SAMPLE / "nachweise", folder)
    (folder / "leer.xlsx").write_bytes(b"")
    (folder / "umbenannt.xlsx").write_text("Datum;Stunden\n03.03.2025;1,5\n", encoding="utf-8")
    (folder / "alt.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "kaputt.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
    (folder / "TN_FK9_2025.csv").write_text("Datum;Stelle;Stunden;Tätigkeit;Handlungsfeld\n"
                                            "03.03.2025;FK1;abc;Beratung;Bildung\n", encoding="utf-8")
    return folder


def _load(folder: Path, workers: int, monkeypatch) -> ablauf.LoadResult:
    monkeypatch.setattr(ablauf, "worker_count", lambda paths: workers)
    return ablauf.load_entries([folder], load_config(SAMPLE / "ki.toml"))


def test_workers_read_exactly_what_one_process_reads(inputs, monkeypatch):
    alone = _load(inputs, 0, monkeypatch)
    pooled = _load(inputs, 2, monkeypatch)
    assert pooled.findings == alone.findings
    assert {f.code for f in alone.findings} >= {"datei-leer", "datei-kein-excel", "datei-altformat",
                                                 "datei-beschaedigt", "stunden-ungueltig"}
    pd.testing.assert_frame_equal(pooled.entries, alone.entries)
    pd.testing.assert_frame_equal(pooled.rejected, alone.rejected)
    assert (pooled.files, pooled.rows_in, pooled.rows_unprocessed) == \
        (alone.files, alone.rows_in, alone.rows_unprocessed)
    assert len(alone.entries) > 100


def test_small_inputs_are_read_without_workers(tmp_path):
    small = tmp_path / "a.xlsx"
    small.write_bytes(b"x" * 1000)
    assert arbeiter.worker_count([small, small]) == 0
    assert arbeiter.worker_count([SAMPLE / "ki.toml"]) == 0


@fork_only
def test_a_worker_that_dies_costs_its_file_only(inputs, monkeypatch):
    read_file = arbeiter.read_file

    def crash_on_one(path, names):
        if path.name == "TN_FK2_2025.xlsx":
            os._exit(70)  # as a crash inside a reader would end the process
        return read_file(path, names)

    monkeypatch.setattr(arbeiter, "read_file", crash_on_one)
    result = _load(inputs, 2, monkeypatch)
    lost = [f for f in result.findings if f.code == "datei-unlesbar"]
    assert [(Path(f.datei).name, f.zeile) for f in lost] == [("TN_FK2_2025.xlsx", None)]
    assert "Exit-Code 70" in lost[0].meldung
    assert not (result.entries["_datei"].str.endswith("TN_FK2_2025.xlsx")).any()
    assert result.entries["_datei"].str.endswith("TN_VW1_2025.xlsx").any()


@fork_only
def test_a_bug_in_a_worker_is_raised_not_hidden(inputs, monkeypatch):
    def bug(path, names):
        raise KeyError("bug")

    monkeypatch.setattr(arbeiter, "read_file", bug)
    with pytest.raises(arbeiter._Bug, match="KeyError"):
        _load(inputs, 2, monkeypatch)


@fork_only
def test_a_worker_that_dies_between_files_loses_no_file(inputs, monkeypatch):
    def one_file_then_gone(conn, names, inherited):
        task = conn.recv()
        conn.send(("start", task[0]))
        conn.send(("done", task[0], arbeiter.pack_result(arbeiter.read_file(task[1], names)), None))
        os._exit(0)  # before the next file arrives

    alone = _load(inputs, 0, monkeypatch)
    monkeypatch.setattr(arbeiter, "_work", one_file_then_gone)
    pooled = _load(inputs, 2, monkeypatch)
    assert pooled.findings == alone.findings
    pd.testing.assert_frame_equal(pooled.entries, alone.entries)


@fork_only
def test_workers_that_never_start_cost_their_files_not_a_hang(inputs, monkeypatch):
    def gone(conn, names, inherited):
        os._exit(3)

    monkeypatch.setattr(arbeiter, "_work", gone)
    result = _load(inputs, 2, monkeypatch)
    lost = {Path(f.datei).name for f in result.findings if f.code == "datei-unlesbar"}
    assert lost == {p.name for p in inputs.iterdir()}
    assert result.entries.empty
