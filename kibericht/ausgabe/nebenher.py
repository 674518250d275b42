"""Work done alongside: a function computed in a forked child process on the second core while
this process goes on, its result fetched when it is needed.

    >>> bilder = Nebenher(lambda: sum(range(1000)))   # the child starts at once
    >>> # ... the workbook is built meanwhile ...
    >>> bilder.ergebnis()                              # waits for the child if it is not done yet
    499500

The child is only a way to save time, never a second way to fail: where processes are not forked
(Windows and macOS spawn them, which would have to pickle the function; `KIBERICHT_STARTMETHODE=
spawn`; `KIBERICHT_OHNE_ABKUERZUNGEN=1`), where the child dies, or where the function raises in
it, `ergebnis()` calls the function in this process, so its result, and any error with its usual
handling, is exactly what it would be without a child. The function must depend only on what
exists when the child is forked, and its result must be picklable.

The child never outlives this process (`kindprozess.einrichten`): it closes its copy of this
process's end of the pipe (else, this process killed, it would wait forever to send its result,
the only reader left being itself), the kernel ends it when this process ends, and it does not
keep the lock of the Ablage (`ablage.sperre`). Start it and fetch or stop it in the same thread.

Memory: the child shares this process's pages until one of the two writes to them; Python writes
to an object whenever it is used (its reference count). Fetch the result before work that
touches most of this process's objects, so that little is copied while the child runs.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

from kibericht import abkuerzungen, kindprozess

T = TypeVar("T")
_NOCH_NICHT = object()


def _fork_context():
    """The context to fork the child with; None where no child is started."""
    if not abkuerzungen.an() or kindprozess.startmethode() != "fork":
        return None
    return kindprozess.kontext()


def _run(function: Callable[[], object], conn, ours) -> None:
    kindprozess.einrichten(fremde=[ours])
    try:
        result = (True, function())
    except BaseException:  # noqa: BLE001 - raised again in the main process, see `ergebnis`
        result = (False, None)
    try:
        conn.send(result)
    except Exception:  # noqa: BLE001 - the main process is gone, or the result does not pickle:
        pass  # either way the main process finds the pipe closed and computes the result itself
    conn.close()


class Nebenher(Generic[T]):
    """`function()` computed in a forked child process, started at once."""

    def __init__(self, function: Callable[[], T]) -> None:
        self.function = function
        self._ergebnis: T | object = _NOCH_NICHT
        self.conn = None
        self.process = None
        context = _fork_context()
        if context is None:
            return
        ours, theirs = context.Pipe(duplex=False)
        # the child's garbage collector leaves the objects it inherits alone: else it would visit
        # every one of them and so copy nearly all of this process's memory (copy-on-write)
        gc.freeze()
        try:
            self.process = context.Process(target=_run, args=(self.function, theirs, ours), daemon=True,
                                           name="kibericht-nebenher")
            self.process.start()
        except OSError:  # no process to be had (limits): computed here when asked for
            ours.close()
            self.process = None
        else:
            self.conn = ours
        finally:
            gc.unfreeze()
            theirs.close()

    def ergebnis(self) -> T:
        """The function's result, from the child or, failing that, computed here; asked again,
        the same result."""
        if self._ergebnis is _NOCH_NICHT:
            self._ergebnis = self._holen()
        return self._ergebnis

    def abbrechen(self) -> None:
        """Stop the child if its result was not fetched (the work it was for failed)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None
            self.process.terminate()
            self.process.join()

    def __enter__(self) -> Nebenher[T]:
        return self

    def __exit__(self, *exc) -> None:
        self.abbrechen()

    def _holen(self) -> T:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            try:
                ok, value = conn.recv()
            except (EOFError, OSError, pickle.UnpicklingError):  # the child died before it sent
                ok, value = False, None
            finally:
                conn.close()
                self.process.join()
            if ok:
                return value
        return self.function()
