"""One writer at a time: an exclusive lock on the file `.sperre` in the Ablage.

`gesperrt(ordner)` holds the lock while a month is filed or reopened, so two runs at once can
never both add to the chain. The operating system releases the lock when the process ends, also
when it is killed: a crashed run never leaves the Ablage locked. POSIX uses `fcntl.flock`,
Windows `msvcrt.locking` (both also on a network share of a Windows file server).

A process forked while the lock is held (the child that draws charts and the PDF while a month is
filed, see `ausgabe.nebenher`) would inherit the lock with its descriptor: an flock belongs to the
open file, not to a process, and lasts until every copy of its descriptor is closed. A child
that lived on after its parent was killed would keep the Ablage locked. So every forked child
closes its copy at once (`os.register_at_fork`), without unlocking: the lock stays the parent's
alone, and ends with the parent. Spawned children (Windows) inherit no descriptors.

Why not the `filelock` package: it makes the same system calls (`flock`, `msvcrt.locking`), and
only its recent versions (3.32 does, 3.20 does not) close inherited descriptors in forked
children, by process-wide fork hooks that hold a fork back while another thread changes a lock
(4.x adds an audit hook), its code grown from 43 KB to over 350 KB. These lines do the one
thing kibericht needs; the test that a forked child does not keep the lock would be needed with
filelock as well (`tests/test_sperre.py`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from io import BufferedRandom
from pathlib import Path

SPERRDATEI = ".sperre"
WARTEN = 10.0  # seconds to wait for another run to finish filing (filing takes a few seconds)

# the open lock files of this process; a forked child closes its copies (see `_im_kind`)
_gehalten: set[BufferedRandom] = set()


class AblageGesperrt(Exception):
    """Another run holds the lock of the Ablage."""


def _versuche(f: BufferedRandom) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            f.seek(0)
            # Windows only: mypy checks for the platform it runs on
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        # Windows reports a held lock as EDEADLOCK/EACCES
        if os.name == "nt" and exc.errno in (13, 36):
            return False
        raise
    return True


def _freigeben(f: BufferedRandom) -> None:
    if os.name == "nt":
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]  # Windows only
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _im_kind() -> None:
    """In a forked child: close the copies of the lock files, never unlock them (the lock is
    the parent's; closing one copy of an flock's descriptor leaves it held by the others)."""
    for f in list(_gehalten):
        f.close()
    _gehalten.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_im_kind)


@contextlib.contextmanager
def gesperrt(ordner: Path, warten: float | None = None) -> Iterator[None]:
    """Hold the lock of the Ablage in `ordner` (created if needed); AblageGesperrt after
    `warten` seconds (default `WARTEN`) when another run keeps it."""
    ordner = Path(ordner)
    ordner.mkdir(parents=True, exist_ok=True)
    frist = time.monotonic() + (WARTEN if warten is None else warten)
    with open(ordner / SPERRDATEI, "a+b") as f:
        _gehalten.add(f)  # before the lock is taken: a fork from another thread may come at any time
        try:
            while not _versuche(f):
                if time.monotonic() >= frist:
                    raise AblageGesperrt(str(ordner))
                time.sleep(0.1)
            try:
                yield
            finally:
                if not f.closed:  # closed: a child forked inside the block leaves it, not the owner
                    _freigeben(f)
        finally:
            _gehalten.discard(f)
