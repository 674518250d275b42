"""A child process never outlives its parent, however the parent ends, forked or spawned."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

import pytest

from kibericht import kindprozess
from tests.prozesse import (
    aufraeumen,
    in_sitzung,
    lebt,
    name,
    starte_skript,
    warte_bis_leer,
    warte_bis_tot,
    zeile,
)

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl: Linux only")

# The parent starts one child and waits; the child does what kibericht's children do first
# (`einrichten`) and then would sleep for two minutes. Options after the marker file's path:
# "ohne-prctl" leaves the child to the watching thread alone, "vorher" lets the parent end
# before the child has set itself up.
KIND = """
import os, sys, time, multiprocessing
from kibericht import kindprozess

def arbeit(merker):
    if "vorher" in sys.argv:  # set up only once the parent is gone
        while os.getppid() == multiprocessing.parent_process().pid:
            time.sleep(0.01)
    if "ohne-prctl" in sys.argv:
        kindprozess.mit_eltern_beenden = lambda: False
    kindprozess.einrichten()
    open(merker, "w").close()
    time.sleep(120)

if __name__ == "__main__":
    process = kindprozess.kontext().Process(target=arbeit, args=(sys.argv[1],), name="kibericht-probe")
    process.start()
    print(process.pid, flush=True)
    if "vorher" in sys.argv:
        os._exit(0)
    while not os.path.exists(sys.argv[1]):
        time.sleep(0.01)
    print("bereit", flush=True)
    time.sleep(120)
"""


def test_start_method_is_fork_on_linux_unless_switched(monkeypatch):
    monkeypatch.delenv(kindprozess.STARTMETHODE, raising=False)
    assert kindprozess.startmethode() == ("fork" if sys.platform.startswith("linux") else "spawn")
    monkeypatch.setenv(kindprozess.STARTMETHODE, "spawn")
    assert kindprozess.startmethode() == "spawn"
    assert kindprozess.kontext().get_start_method() == "spawn"
    monkeypatch.setenv(kindprozess.STARTMETHODE, "teleport")  # unknown: the platform's own
    assert kindprozess.startmethode() in multiprocessing.get_all_start_methods()


@linux
@pytest.mark.parametrize("methode", ["fork", "spawn"])
@pytest.mark.parametrize("weg", ["prctl", "ohne-prctl"])
@pytest.mark.parametrize("signal_", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_child_ends_with_its_parent(tmp_path, methode, weg, signal_):
    merker = tmp_path / "bereit"
    proc = starte_skript(KIND, tmp_path, str(merker), weg, env={kindprozess.STARTMETHODE: methode})
    try:
        kind = int(zeile(proc))
        assert zeile(proc) == "bereit"
        assert lebt(kind) and name(kind) == "kibericht-probe"
        proc.send_signal(signal_)
        proc.wait(10)
        assert warte_bis_leer(proc.pid) == []
    finally:
        aufraeumen(in_sitzung(proc.pid))


@linux
@pytest.mark.parametrize("weg", ["prctl", "ohne-prctl"])
def test_a_child_whose_parent_ended_before_it_was_set_up_ends_at_once(tmp_path, weg):
    merker = tmp_path / "bereit"
    proc = starte_skript(KIND, tmp_path, str(merker), "vorher", weg)
    try:
        kind = int(zeile(proc))
        proc.wait(10)
        assert warte_bis_leer(proc.pid) == []
        assert not lebt(kind) and not merker.exists()
    finally:
        aufraeumen(in_sitzung(proc.pid))


@linux
def test_a_child_ignores_ctrl_c_and_ends_on_sigterm(tmp_path):
    """Ctrl+C reaches the whole process group; it is the parent's to handle. SIGTERM, which
    `Process.terminate()` sends, ends the child whatever handler the parent had."""
    skript = KIND.replace("import os, sys", "import signal\nsignal.signal(signal.SIGTERM, lambda *a: None)"
                          "\nimport os, sys")
    merker = tmp_path / "bereit"
    proc = starte_skript(skript, tmp_path, str(merker), "prctl")
    try:
        kind = int(zeile(proc))
        assert zeile(proc) == "bereit"
        os.kill(kind, signal.SIGINT)
        assert not warte_bis_tot(kind, 0.5)
        os.kill(kind, signal.SIGTERM)
        assert warte_bis_tot(kind)
        assert lebt(proc.pid)
    finally:
        aufraeumen(in_sitzung(proc.pid))
        proc.wait(10)
