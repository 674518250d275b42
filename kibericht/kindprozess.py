"""Child processes that never outlive their parent: how they are started, and what each does first.

kibericht starts child processes in two places, both only for speed: the worker processes that
read files (`pruefen.arbeiter`) and the forked child that draws charts and the PDF
(`ausgabe.nebenher`). A child exists to hand its parent a result. Without the parent it has
nothing left to do; kept alive it would hold memory, and one forked while the Ablage is locked
would keep the lock (`ablage.sperre` closes the lock's descriptor in every forked child as well).

`einrichten()` is the first thing every child does:

- Ctrl+C is the parent's to handle (SIGINT is ignored); SIGTERM ends the child at once, whatever
  handler it inherited from a forked parent.
- It closes its copies of the pipe ends it does not own. A forked child inherits the parent's
  ends; with its parent's end of its own pipe open, a child sending a large result to a parent
  that is gone would wait forever, the only reader left being itself.
- On Linux the kernel ends it (SIGKILL) as soon as its parent ends, however the parent ends:
  kill -9, SIGTERM, the OOM killer (`prctl(PR_SET_PDEATHSIG)`; "parent" is the thread that
  started the child, so a child is started and waited for by the same thread). Elsewhere a
  thread in the child watches the parent's sentinel and ends the child when the parent is gone.
- A parent that died before the child got this far is noticed: its parent is another process.

`startmethode()` is "fork" on Linux (a forked child starts at once, with everything imported)
and "spawn" elsewhere (Windows cannot fork; on macOS forking is unsafe with system libraries).
`KIBERICHT_STARTMETHODE=spawn` forces spawn on Linux, to test what Windows does:

    >>> startmethode({STARTMETHODE: "spawn"})
    'spawn'
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

STARTMETHODE = "KIBERICHT_STARTMETHODE"
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PR_SET_NAME = 15
NAME_BYTES = 15  # a Linux process name (comm) holds 15 bytes and the final NUL


def startmethode(umgebung: Mapping[str, str] | None = None) -> str:
    """How child processes are started here: `KIBERICHT_STARTMETHODE` in `umgebung` (default:
    this process's environment) if it names a start method this platform has, else "fork" on
    Linux and "spawn" elsewhere."""
    umgebung = os.environ if umgebung is None else umgebung
    gewuenscht = umgebung.get(STARTMETHODE, "").strip().lower()
    if gewuenscht in multiprocessing.get_all_start_methods():
        return gewuenscht
    return "fork" if sys.platform.startswith("linux") else "spawn"


class _Schliessbar(Protocol):
    def close(self) -> None: ...


def kontext() -> multiprocessing.context.BaseContext:
    """The multiprocessing context of `startmethode()`."""
    return multiprocessing.get_context(startmethode())


def einrichten(fremde: Iterable[_Schliessbar] = ()) -> None:
    """Call first in a child process started by multiprocessing: it ends with its parent (see
    the module docstring). `fremde`: connections inherited from the parent that this child
    does not use (a forked child's copies of the parent's pipe ends); they are closed here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not a handler inherited from a forked parent
    for conn in fremde:
        conn.close()
    eltern = multiprocessing.parent_process()
    if eltern is None:  # not started by multiprocessing: no parent to follow
        return
    _benennen(multiprocessing.current_process().name)
    if not mit_eltern_beenden():
        threading.Thread(target=_wachen, args=(eltern.sentinel,), daemon=True,
                         name="kibericht-eltern").start()
    if os.getppid() != eltern.pid:  # the parent ended before the kernel was told to follow it
        os._exit(1)


def mit_eltern_beenden() -> bool:
    """Ask the kernel to end this process with SIGKILL when its parent ends; False where it
    cannot (not Linux, or no prctl)."""
    prctl = _prctl()
    if prctl is None:
        return False
    return bool(prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0),
                      ctypes.c_ulong(0)) == 0)


def _wachen(sentinel: int) -> None:
    """End this process as soon as the parent's sentinel says the parent is gone."""
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _benennen(name: str) -> None:
    """The process's name as `ps` and `top` show it (Linux): which part of kibericht it is."""
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:NAME_BYTES]), ctypes.c_ulong(0),
              ctypes.c_ulong(0), ctypes.c_ulong(0))


def _prctl() -> Callable[..., int] | None:
    """libc's prctl on Linux, else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
