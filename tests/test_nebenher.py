"""Work alongside in a forked child: the same result as without it, however the child ends."""

import os
import sys

import pytest

from kibericht.ausgabe import nebenher
from kibericht.ausgabe.nebenher import Nebenher

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


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
