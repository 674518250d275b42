"""The lock of the Ablage belongs to the process that took it: a child forked while it is held
neither keeps it nor releases it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from kibericht.ablage.sperre import SPERRDATEI, AblageGesperrt, gesperrt
from kibericht.ausgabe.nebenher import Nebenher
from tests.prozesse import aufraeumen, in_sitzung, lebt, starte_skript, zeile

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


@pytest.fixture(autouse=True)
def mit_abkuerzungen(monkeypatch):
    """The child of `Nebenher` is forked (it is a shortcut: see `abkuerzungen`)."""
    monkeypatch.delenv("KIBERICHT_OHNE_ABKUERZUNGEN", raising=False)
    monkeypatch.delenv("KIBERICHT_STARTMETHODE", raising=False)


def frei(ordner: Path) -> bool:
    """Whether another run could take the lock now."""
    try:
        with gesperrt(ordner, warten=0):
            return True
    except AblageGesperrt:
        return False


def offene_dateien() -> tuple[int, list[str]]:
    """(pid, the files this process has open)."""
    paths = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            paths.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return os.getpid(), paths


@linux
def test_a_child_forked_inside_the_lock_does_not_keep_its_file(tmp_path):
    with gesperrt(tmp_path):
        pid, paths = Nebenher(offene_dateien).ergebnis()
        assert pid != os.getpid()
        assert any(p.endswith(SPERRDATEI) for p in offene_dateien()[1])
        assert not any(p.endswith(SPERRDATEI) for p in paths)
        assert not frei(tmp_path)  # still the parent's


@linux
def test_the_lock_ends_with_the_block_though_a_child_forked_in_it_lives_on(tmp_path):
    with gesperrt(tmp_path):
        job = Nebenher(lambda: time.sleep(30))
    try:
        assert job.process.is_alive()
        assert frei(tmp_path)
    finally:
        job.abbrechen()


@linux
def test_a_forked_child_leaving_the_block_does_not_unlock_it_for_its_parent(tmp_path):
    with gesperrt(tmp_path):
        pid = os.fork()
        if pid:
            assert os.waitpid(pid, 0)[1] == 0
            assert not frei(tmp_path)
    if pid == 0:  # the child, having left the block: it took nothing with it
        os._exit(0)
    assert frei(tmp_path)


# The parent takes the lock and forks a child that would live for a minute: the kernel and the
# watching thread are kept from ending it, so only the closed descriptor frees the lock. The
# parent says the child's number once the child has set itself up (a child whose parent is gone
# before that ends at once).
HALTER = """
import os, sys, time
from kibericht import kindprozess
from kibericht.ablage.sperre import gesperrt
from kibericht.ausgabe.nebenher import Nebenher

kindprozess.mit_eltern_beenden = lambda: False
kindprozess._wachen = lambda sentinel: None
bereit = sys.argv[1] + ".bereit"
with gesperrt(sys.argv[1]):
    job = Nebenher(lambda: open(bereit, "w").close() or time.sleep(60))
    while not os.path.exists(bereit):
        time.sleep(0.01)
    print(job.process.pid, flush=True)
    time.sleep(60)
"""


@linux
def test_a_killed_lock_holder_leaves_the_lock_free_though_its_child_lives(tmp_path):
    ordner = tmp_path / "ablage"
    proc = starte_skript(HALTER, tmp_path, str(ordner))
    try:
        kind = int(zeile(proc))
        assert not frei(ordner)
        proc.kill()
        proc.wait(10)
        assert lebt(kind)  # kept alive on purpose here
        assert frei(ordner)
    finally:
        aufraeumen(in_sitzung(proc.pid))
