"""Work alongside in a forked child: the same result as without it, however the child ends, and
no child outlives this process."""

import os
import signal
import sys

import pytest

from kibericht import abkuerzungen, kindprozess
from kibericht.ausgabe import nebenher
from kibericht.ausgabe.nebenher import Nebenher
from tests.prozesse import aufraeumen, in_sitzung, lebt, starte_skript, warte_bis_tot, zeile

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


@pytest.fixture(autouse=True)
def mit_abkuerzungen(monkeypatch):
    """The child is a shortcut (see `abkuerzungen`): these tests are about it."""
    monkeypatch.delenv(abkuerzungen.SCHALTER, raising=False)
    monkeypatch.delenv(kindprozess.STARTMETHODE, raising=False)


@linux
def test_result_comes_from_the_child():
    main = os.getpid()
    job = Nebenher(lambda: (os.getpid(), b"\x89PNG" * 1000))
    pid, data = job.ergebnis()
    assert pid != main and data == b"\x89PNG" * 1000


def test_asked_twice_computed_once(monkeypatch):
    monkeypatch.setattr(nebenher, "_fork_context", lambda: None)  # as on Windows and macOS
    calls = []
    job = Nebenher(lambda: calls.append(1) or len(calls))
    assert job.ergebnis() == 1 and job.ergebnis() == 1
    assert calls == [1]


@linux
def test_a_child_that_dies_costs_nothing():
    main = os.getpid()

    def work():
        if os.getpid() != main:
            os._exit(9)  # killed, say, by the system
        return "hier berechnet"

    assert Nebenher(work).ergebnis() == "hier berechnet"


@linux
def test_an_error_in_the_child_is_raised_here_as_it_would_be_without_it():
    main = os.getpid()

    def work():
        raise OSError(28, "No space left on device" if os.getpid() != main else "hier")

    with pytest.raises(OSError, match="hier"):
        Nebenher(work).ergebnis()


@linux
def test_a_result_that_does_not_pickle_is_computed_here():
    job = Nebenher(lambda: (lambda: 42))  # a lambda cannot be sent between processes
    assert job.ergebnis()() == 42


@linux
def test_a_child_whose_result_is_not_wanted_is_stopped():
    import time

    with Nebenher(lambda: time.sleep(60)) as job:
        process = job.process
    assert not process.is_alive()


@pytest.mark.parametrize("schalter", [(abkuerzungen.SCHALTER, "1"), (kindprozess.STARTMETHODE, "spawn")],
                         ids=["ohne-abkuerzungen", "spawn"])
def test_without_fork_the_function_runs_here(monkeypatch, schalter):
    """Spawned, the child would have to pickle the function and what it uses (the whole report):
    under spawn, as without the shortcuts, it runs in this process instead."""
    monkeypatch.setenv(*schalter)
    main = os.getpid()
    with Nebenher(lambda: os.getpid()) as job:
        assert job.process is None
        assert job.ergebnis() == main


# The parent forks a child that computes 2 MB at once and would send them, then waits without
# reading: the child is blocked in sending. The kernel and the watching thread are kept from
# ending it, so only the closed read end of its pipe can.
BLOCKIERT = """
import time
from kibericht import kindprozess
from kibericht.ausgabe.nebenher import Nebenher

kindprozess.mit_eltern_beenden = lambda: False
kindprozess._wachen = lambda sentinel: None
job = Nebenher(lambda: b"x" * 2_000_000)
print(job.process.pid, flush=True)
time.sleep(60)
"""


@linux
def test_a_child_sending_to_a_killed_parent_does_not_wait_forever(tmp_path):
    proc = starte_skript(BLOCKIERT, tmp_path)
    try:
        kind = int(zeile(proc))
        assert not warte_bis_tot(kind, 0.5)  # blocked in sending, not gone
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert warte_bis_tot(kind)
    finally:
        aufraeumen(in_sitzung(proc.pid))


@linux
def test_a_child_ends_with_its_killed_parent(tmp_path):
    proc = starte_skript(BLOCKIERT.replace("kindprozess.mit_eltern_beenden = lambda: False\n", "")
                         .replace('b"x" * 2_000_000', "time.sleep(60)"), tmp_path)
    try:
        kind = int(zeile(proc))
        assert lebt(kind)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert warte_bis_tot(kind)
    finally:
        aufraeumen(in_sitzung(proc.pid))
