"""One writer per output folder: the lock file `.kibericht-sperre`, held while a run writes there
(`atomar.Ausgabegruppe`) and removed again afterwards.

A run that holds a folder knows that no living run owns the leftovers it finds there, so it may
finish a switch a killed run left (`wechsel.reparieren`) and remove kibericht's own temporary
files. Another process waits for the folder (`WARTEN`); threads of one process take turns, and
a group nested in another of the same thread shares its hold. The lock is the operating
system's (`fcntl.flock`, `msvcrt.locking`, as `ablage.sperre` uses for the Ablage): a killed run
never leaves the folder held. On POSIX the file is removed while still locked and a run that
locked a removed file starts over; on Windows it is removed when nobody else has it open. A file
system without locks (ENOLCK) is written unguarded, as before there were any.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SPERRE = ".kibericht-sperre"
WARTEN = 120.0  # seconds to wait for another run writing into the same folder


class Belegt(Exception):
    """Another run keeps writing into the folder."""


@dataclass
class _Halter:
    """This process's hold on a folder: threads take turns (`faden`); a group nested in another
    of the same thread shares the hold (`tiefe`)."""

    faden: threading.RLock
    tiefe: int = 0
    datei: object = None


_halter: dict[tuple[int, int], _Halter] = {}
_halter_schutz = threading.Lock()


@contextlib.contextmanager
def ordner_gesperrt(ordner: Path, warten: float | None = None) -> Iterator[bool]:
    """Hold `ordner` for writing; yields True for the first hold of this process (the moment to
    `reparieren`). `Belegt` after `warten` seconds (default `WARTEN`) when another run keeps it;
    an OSError when the lock file cannot be made (a read-only folder)."""
    warten = WARTEN if warten is None else warten
    stat = os.stat(ordner)
    with _halter_schutz:
        halter = _halter.setdefault((stat.st_dev, stat.st_ino), _Halter(threading.RLock()))
    frist = time.monotonic() + warten
    if not halter.faden.acquire(timeout=max(warten, 0.001)):
        raise Belegt(str(ordner))
    try:
        if halter.tiefe == 0:
            halter.datei = _nehmen(ordner / SPERRE, frist)
        halter.tiefe += 1
        try:
            yield halter.tiefe == 1
        finally:
            halter.tiefe -= 1
            if halter.tiefe == 0:
                _freigeben(ordner / SPERRE, halter.datei)
                halter.datei = None
    finally:
        halter.faden.release()


def _nehmen(path: Path, frist: float):
    """The lock file, locked. On POSIX the file is removed when released: a lock taken on a file
    just removed is given up and taken again."""
    while True:
        f = open(path, "a+b")  # noqa: SIM115 - kept open while the folder is held
        _offen.add(f)  # before the lock is taken: a fork from another thread may come at any time
        try:
            frei = _versuchen(f)
        except BaseException:
            _schliessen(f)
            raise
        if frei and (os.name == "nt" or _dieselbe(f, path)):
            return f
        _schliessen(f)
        if not frei and time.monotonic() >= frist:
            raise Belegt(str(path.parent))
        time.sleep(0.05)


def _versuchen(f) -> bool:
    """Take the lock without waiting (the calls of `ablage.sperre`); False when another process
    holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if os.name == "nt" and exc.errno in (errno.EACCES, errno.EDEADLOCK):  # Windows: held
            return False
        if exc.errno in (errno.ENOLCK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EINVAL):
            # a network file system without locks: written as before there were any, unguarded
            # against a second run writing into the same folder at the same moment
            return True
        raise
    return True


def _dieselbe(f, path: Path) -> bool:
    try:
        a, b = os.fstat(f.fileno()), os.stat(path)
    except FileNotFoundError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _schliessen(f) -> None:
    _offen.discard(f)
    f.close()


def _freigeben(path: Path, f) -> None:
    if f.closed:  # closed in a forked child: the lock is not its to give up
        return
    if os.name != "nt":
        with contextlib.suppress(OSError):
            path.unlink()  # still holding the lock: a waiting run sees the file gone and starts over
        _schliessen(f)
        return
    import msvcrt

    with contextlib.suppress(OSError):
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
    _schliessen(f)
    with contextlib.suppress(OSError):  # another run has it open: it stays, and is theirs
        path.unlink()


# the lock files this process holds open; a forked child (the charts drawn alongside) closes its
# copies at once, without unlocking: an flock belongs to the open file, and a child that outlived
# its parent would otherwise keep the folder held (as `ablage.sperre` does for the Ablage)
_offen: set = set()


def _im_kind() -> None:
    for f in list(_offen):
        f.close()
    _offen.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_im_kind)
