"""One writer per output folder: the lock file goes when the writing ends, nested groups of one
thread share the folder, a second thread and a second process wait, a killed holder frees the
folder at once and its leftovers are removed; a file system without locks is written anyway."""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading

import pytest

from kibericht.ausgabe import ordnersperre
from kibericht.ausgabe.atomar import AusgabeFehler, Ausgabegruppe, write_bytes_atomic
from tests.prozesse import aufraeumen, in_sitzung, starte_skript, warte_bis_tot, zeile

NAMEN = ("Monatsbericht_2025-03.xlsx", "Monatsbericht_2025-03_anzahl.png", "Monatsbericht_2025-03.pdf")


def _satz(ordner, version: str) -> None:
    with Ausgabegruppe() as gruppe:
        for name in NAMEN:
            gruppe.bytes(ordner / name, f"{version} {name}".encode())


def _inhalt(ordner) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(ordner.iterdir())}


def test_the_lock_file_is_gone_after_writing_and_nested_groups_share_the_folder(tmp_path):
    ordner = tmp_path / "berichte"
    with Ausgabegruppe() as aussen:
        aussen.bytes(ordner / "a.png", b"1")
        assert (ordner / ordnersperre.SPERRE).exists()
        write_bytes_atomic(ordner / "b.png", b"2")  # the same thread: no deadlock, no cleanup of a.png's
    assert sorted(p.name for p in ordner.iterdir()) == ["a.png", "b.png"]


def test_a_second_thread_waits_for_the_first(tmp_path):
    ordner = tmp_path / "berichte"
    reihenfolge, drin = [], threading.Event()

    def erster():
        with Ausgabegruppe() as gruppe:
            gruppe.bytes(ordner / "a.png", b"1")
            drin.set()
            threading.Event().wait(0.3)
            reihenfolge.append("erster fertig")

    faden = threading.Thread(target=erster)
    faden.start()
    drin.wait(5)
    write_bytes_atomic(ordner / "a.png", b"2")
    reihenfolge.append("zweiter fertig")
    faden.join()
    assert reihenfolge == ["erster fertig", "zweiter fertig"] and (ordner / "a.png").read_bytes() == b"2"


HALTEN = """
import sys, time
from pathlib import Path
from kibericht.ausgabe.atomar import Ausgabegruppe
ordner = Path(sys.argv[1])
with Ausgabegruppe() as gruppe:
    with gruppe.datei(ordner / "Monatsbericht_2025-03.xlsx") as tmp:
        tmp.write_bytes(b"neu")
        print(tmp.name, flush=True)
        time.sleep(300)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc: Linux only")
def test_another_process_waits_never_cleans_a_living_runs_file_and_a_killed_one_frees_the_folder(tmp_path):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    proc = starte_skript(HALTEN, tmp_path, str(ordner))
    try:
        tmp = ordner / zeile(proc)
        with pytest.raises(AusgabeFehler, match="schreibt gerade ein anderer Lauf"):
            with Ausgabegruppe(warten=0.3) as gruppe:
                gruppe.bytes(ordner / "a.png", b"x")
        assert tmp.exists()  # the living run's file is left alone
        os.kill(proc.pid, signal.SIGKILL)
        assert warte_bis_tot(proc.pid)
        write_bytes_atomic(ordner / "a.png", b"x")  # at once, and the dead run's file is removed
        assert sorted(p.name for p in ordner.iterdir()) == ["a.png"]
    finally:
        aufraeumen(in_sitzung(proc.pid))
        proc.wait()


@pytest.mark.skipif(os.name == "nt", reason="flock: POSIX")
def test_a_file_system_without_locks_still_gets_its_report(tmp_path, monkeypatch):
    import fcntl

    def keine_sperren(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", keine_sperren)
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    (ordner / ".alt.12345678.tmp").write_text("Rest")
    _satz(ordner, "neu")
    assert _inhalt(ordner) == {n: f"neu {n}" for n in NAMEN}
