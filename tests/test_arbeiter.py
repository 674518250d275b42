"""Reading in worker processes gives exactly what reading in one process gives, forked or spawned;
a worker that dies costs its file, never the run; no worker outlives the main process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kibericht import abkuerzungen, ablauf, kindprozess
from kibericht.konfig import load_config
from kibericht.pruefen import arbeiter
from tests.helpers_xlsx import file_hashes
from tests.prozesse import aufraeumen, in_sitzung, starte_skript, warte_bis_leer, zeile

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
ROOT = SAMPLE.parent
fork_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                               reason="the test patches the worker code, which spawned workers do not see")


@pytest.fixture(autouse=True)
def mit_abkuerzungen(monkeypatch):
    """The pool is a shortcut (see `abkuerzungen`): these tests are about it. Forked on Linux
    unless a test says otherwise."""
    monkeypatch.delenv(abkuerzungen.SCHALTER, raising=False)
    monkeypatch.delenv(kindprozess.STARTMETHODE, raising=False)


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


@pytest.mark.parametrize("methode", ["fork", "spawn"])
def test_workers_forked_or_spawned_read_what_one_process_reads(inputs, monkeypatch, methode):
    """Spawned workers (as on Windows) get everything with their arguments and tasks."""
    if methode not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"no {methode} here")
    alone = _load(inputs, 0, monkeypatch)
    monkeypatch.setenv(kindprozess.STARTMETHODE, methode)
    pools = []
    start = arbeiter._Pool.__init__

    def recorded(self, *args):
        start(self, *args)
        pools.append(self)

    monkeypatch.setattr(arbeiter._Pool, "__init__", recorded)
    pooled = _load(inputs, 2, monkeypatch)
    assert [p.context.get_start_method() for p in pools] == [methode]
    assert [w.process.exitcode for w in pools[0].workers] == [0, 0]  # they ran and ended on request
    assert pooled.findings == alone.findings
    pd.testing.assert_frame_equal(pooled.entries, alone.entries)
    pd.testing.assert_frame_equal(pooled.rejected, alone.rejected)


def test_without_the_shortcuts_no_worker_is_started(inputs, monkeypatch):
    def no_pool(*args):
        raise AssertionError("a worker pool was started")

    alone = _load(inputs, 0, monkeypatch)
    monkeypatch.setattr(arbeiter, "_Pool", no_pool)
    monkeypatch.setenv(abkuerzungen.SCHALTER, "1")
    assert arbeiter.worker_count([inputs / "TN_FK2_2025.xlsx"] * 100) == 0
    assert _load(inputs, 2, monkeypatch).findings == alone.findings


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


# The main process reads the sample with two workers; each file takes a second (forked workers
# run the patched reader) and its result is 5 MB, more than a pipe holds. It says "gestartet"
# once the workers are started, a worker says "liest" when it begins a file. "ohne-prctl": the
# kernel and the watching thread are kept from ending the workers, so only their closed copies of
# the main process's pipe ends can (a worker sending its result would otherwise wait forever).
LESER = """
import sys, time
from collections import Counter
from pathlib import Path
from kibericht import kindprozess
from kibericht.pruefen import arbeiter

if "ohne-prctl" in sys.argv:
    kindprozess.mit_eltern_beenden = lambda: False
    kindprozess._wachen = lambda sentinel: None
    arbeiter.pack_result = lambda result: b"x" * 5_000_000
lesen = arbeiter.read_file

def langsam(path, names):
    print("liest", flush=True)
    time.sleep(1)
    return lesen(path, names)

if __name__ == "__main__":
    arbeiter.read_file = langsam
    paths = sorted(Path(sys.argv[1]).glob("*.xlsx"))
    results = arbeiter.read_files(paths, Counter(p.name.casefold() for p in paths), workers=2)
    print("gestartet", flush=True)
    for _ in results:
        pass
"""


@fork_only
@pytest.mark.parametrize("weg", ["prctl", "ohne-prctl"])
@pytest.mark.parametrize("signal_", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_worker_outlives_a_killed_main_process(tmp_path, weg, signal_):
    proc = starte_skript(LESER, tmp_path, str(SAMPLE / "nachweise"), weg,
                         env={kindprozess.STARTMETHODE: "fork"})
    try:
        assert zeile(proc) == "gestartet"
        assert zeile(proc).startswith("liest")  # a worker is in the middle of a file
        proc.send_signal(signal_)
        proc.wait(10)
        assert warte_bis_leer(proc.pid) == []
    finally:
        aufraeumen(in_sitzung(proc.pid))


@fork_only
def test_no_spawned_worker_outlives_a_main_process_killed_while_they_start(tmp_path):
    proc = starte_skript(LESER, tmp_path, str(SAMPLE / "nachweise"), env={kindprozess.STARTMETHODE: "spawn"})
    try:
        assert zeile(proc) == "gestartet"  # spawned workers are still importing kibericht now
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert warte_bis_leer(proc.pid, 30) == []
    finally:
        aufraeumen(in_sitzung(proc.pid))


# `kibericht` itself, with workers for any input (the sample is below the size that pays for them)
KIBERICHT = """
import sys
from kibericht.pruefen import arbeiter

if __name__ == "__main__":
    arbeiter.MIN_BYTES = 0
    arbeiter.cores = lambda: 2
    pools = []
    start = arbeiter._Pool.__init__
    def recorded(self, *args):
        start(self, *args)
        pools.append(self.context.get_start_method())
    arbeiter._Pool.__init__ = recorded
    from kibericht.cli import main
    try:
        main()
    finally:
        print("pools:", pools, file=sys.stderr)
"""


@pytest.mark.slow
@fork_only
def test_bericht_with_spawned_workers_writes_the_same_files_as_with_forked_ones(tmp_path):
    """The report of a spawned run (as on Windows) is byte for byte that of a forked run."""
    outputs = {}
    for methode in ("fork", "spawn"):
        script = tmp_path / f"kibericht_{methode}.py"
        script.write_text(KIBERICHT, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script), "bericht", str(SAMPLE / "nachweise"), "--config",
             str(SAMPLE / "ki.toml"), "--monat", "2025-03", "--ausgabe", str(tmp_path / methode),
             "--format", "json"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT), kindprozess.STARTMETHODE: methode})
        assert done.returncode == 0, done.stderr
        assert f"pools: ['{methode}']" in done.stderr
        hashes = {Path(p).name: h for p, h in file_hashes(tmp_path / methode).items()}
        outputs[methode] = (json.loads(done.stdout), hashes)
    assert outputs["spawn"] == outputs["fork"]
    assert len(outputs["fork"][1]) >= 3  # workbook, charts, PDF
