"""One writer at a time: an exclusive lock on the file `.sperre` in the Ablage.

`gesperrt(ordner)` holds the lock while a month is filed or reopened, so two runs at once can
never both add to the chain. The operating system releases the lock when the process ends, also
when it is killed: a crashed run never leaves the Ablage locked. POSIX uses `fcntl.flock`,
Windows `msvcrt.locking` (both also on a network share of a Windows file server).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

SPERRDATEI = ".sperre"
WARTEN = 10.0  # seconds to wait for another run to finish filing (filing takes a few seconds)


class AblageGesperrt(Exception):
    """Another run holds the lock of the Ablage."""


def _versuche(f) -> bool:
    """Take the lock without waiting; False when another process holds it."""
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
        # Windows reports a held lock as EDEADLOCK/EACCES
        if os.name == "nt" and exc.errno in (13, 36):
            return False
        raise
    return True


def _freigeben(f) -> None:
    if os.name == "nt":
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def gesperrt(ordner: Path, warten: float | None = None) -> Iterator[None]:
    """Hold the lock of the Ablage in `ordner` (created if needed); AblageGesperrt after
    `warten` seconds (default `WARTEN`) when another run keeps it."""
    ordner = Path(ordner)
    ordner.mkdir(parents=True, exist_ok=True)
    frist = time.monotonic() + (WARTEN if warten is None else warten)
    with open(ordner / SPERRDATEI, "a+b") as f:
        while not _versuche(f):
            if time.monotonic() >= frist:
                raise AblageGesperrt(str(ordner))
            time.sleep(0.1)
        try:
            yield
        finally:
            _freigeben(f)
