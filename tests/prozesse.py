"""Helpers for tests that kill processes: find what is left of a process tree through /proc.

Linux only (the tests that use it are skipped elsewhere). A process counts as alive until it has
ended: a zombie (ended, not yet collected by its parent) is not alive.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stat(pid: int) -> tuple[str, int, int, int] | None:
    """(state, parent pid, process group, session) of a process; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name may hold blanks and parentheses
    return fields[0], int(fields[1]), int(fields[2]), int(fields[3])


def lebt(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _lebende(passt) -> list[int]:
    """The living processes whose (state, parent, group, session) `passt` accepts."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[0] not in ("Z", "X") and passt(stat):
                found.append(int(entry))
    return sorted(found)


def in_sitzung(sid: int) -> list[int]:
    """The living processes of session `sid` (a process started with start_new_session=True,
    and everything it started: children inherit the session)."""
    return _lebende(lambda stat: stat[3] == sid)


def kinder(pid: int) -> list[int]:
    """The living children of `pid`."""
    return _lebende(lambda stat: stat[1] == pid)


def warte_bis_leer(sid: int, frist: float = 10.0) -> list[int]:
    """Wait until no process of session `sid` is alive (at most `frist` seconds); what is left."""
    ende = time.monotonic() + frist
    while (left := in_sitzung(sid)) and time.monotonic() < ende:
        time.sleep(0.02)
    return left


def warte_bis_tot(pid: int, frist: float = 10.0) -> bool:
    """Wait until process `pid` has ended (at most `frist` seconds); whether it has."""
    ende = time.monotonic() + frist
    while lebt(pid) and time.monotonic() < ende:
        time.sleep(0.02)
    return not lebt(pid)


def aufraeumen(pids: list[int]) -> None:
    """Kill processes a failed test left behind, so that they do not outlive it."""
    for pid in pids:
        try:
            os.kill(pid, 9)
        except OSError:
            pass


def starte_skript(skript: str, tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """Run `skript` (Python source) as a file in its own session; its stdout is a pipe that the
    test reads lines from. A file, not `-c`: spawned children import the main module again."""
    path = tmp_path / "skript.py"
    path.write_text(skript, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(path), *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def zeile(proc: subprocess.Popen, frist: float = 60.0) -> str:
    """The next line the script prints; fails when it ends first or prints nothing for `frist`
    seconds."""
    gelesen: list[str] = []
    leser = threading.Thread(target=lambda: gelesen.append(proc.stdout.readline()), daemon=True)
    leser.start()
    leser.join(frist)
    if not gelesen or not gelesen[0]:
        aufraeumen(in_sitzung(proc.pid))
        fehler = proc.stderr.read() if not leser.is_alive() else ""
        raise AssertionError(f"das Skript gab nichts aus: {fehler}")
    return gelesen[0].strip()
