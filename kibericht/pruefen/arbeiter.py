"""Read many files on every core: worker processes check, read and map one file at a time, the
main process receives the results in input order.

    >>> for path, result in read_files(paths, names):       # doctest: +SKIP
    ...     findings.extend(result.findings)

A worker sends its file's cells back as compact columns (`kompakt`), so the main process spends
little time on receiving them. Small inputs are read in the main process: starting workers would
cost more than it saves. A worker that dies on a file (a crash inside a reader, killed by the
system) costs that file, not the run: the file gets the error `datei-unlesbar`, a new worker takes
over, and the other files are read as usual. Ctrl+C stops the workers with the main process, and
no worker outlives it, however it ends (`kindprozess.einrichten`); the results are taken in the
thread that called `read_files` (on Linux a worker ends with that thread).

On Linux the workers are forked (they start at once, with everything imported); elsewhere they
are spawned, as Windows and macOS require (`KIBERICHT_STARTMETHODE=spawn` on Linux too): a
spawned worker gets all it needs with its arguments and tasks (the path, the file names), never
from what the main process set up. With `KIBERICHT_OHNE_ABKUERZUNGEN=1` every file is read in the
main process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from kibericht import abkuerzungen, kindprozess
from kibericht.befunde import Code, befund
from kibericht.pruefen.datei import DateiErgebnis, pack_result, read_file, unpack_result

# below this much input a pool costs more (starting the workers, sending results) than it saves
MIN_BYTES = 512 * 1024
MAX_WORKERS = 8


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def worker_count(paths: list[Path]) -> int:
    """How many worker processes pay for these inputs; 0: read them in this process."""
    if len(paths) < 2 or cores() < 2 or not abkuerzungen.an():
        return 0
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            continue
    return min(cores(), len(paths), MAX_WORKERS) if size >= MIN_BYTES else 0


def read_files(paths: list[Path], names: Counter[str], workers: int | None = None
               ) -> Iterator[tuple[Path, DateiErgebnis]]:
    """(path, its result) for every path, in the order of `paths`. The workers start at once,
    not when the first result is asked for; without the shortcuts (`abkuerzungen`) there are
    none, whatever `workers` says."""
    workers = worker_count(paths) if workers is None else workers
    if workers < 2 or not abkuerzungen.an():
        return ((path, read_file(path, names)) for path in paths)
    return _Pool(paths, names, workers).results()


def _work(conn: Connection, names: Counter[str], inherited: list[Connection]) -> None:
    """A worker's loop until None arrives: for each (index, path) it says ("start", index), then
    ("done", index, packed result, None) or ("done", index, None, error). It ends as well when the
    main process is gone (killed, say), so no worker is left behind. `inherited`: a forked
    worker's copies of the main process's pipe ends (its own pipe's and the other workers')."""
    kindprozess.einrichten(fremde=inherited)
    parent = multiprocessing.parent_process()
    watched: list[Connection | int] = [conn] if parent is None else [conn, parent.sentinel]
    try:
        while conn in multiprocessing.connection.wait(watched) and (task := conn.recv()) is not None:
            index, path = task
            conn.send(("start", index))
            try:
                message = ForkingPickler.dumps(("done", index, pack_result(read_file(path, names)), None))
            except Exception as exc:  # a bug in kibericht: raised again in the main process
                message = ForkingPickler.dumps(
                    ("done", index, None, _Bug(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")))
            conn.send_bytes(message)
    except (EOFError, OSError):  # the main process is gone (its end of the pipe closed)
        pass
    conn.close()


class _Bug(Exception):
    """An unexpected error in a worker, with the worker's traceback as its text."""


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: tuple[int, Path] | None = None
    started: bool = False  # the worker has begun reading its file
    restarts: int = 0  # new processes for the same file, none of which began it


class _Pool:
    def __init__(self, paths: list[Path], names: Counter[str], workers: int) -> None:
        self.paths = paths
        self.names = names
        self.todo = list(enumerate(paths))[::-1]
        self.done: dict[int, DateiErgebnis] = {}
        # typeshed's BaseContext has no Process; every concrete context has
        self.context: Any = kindprozess.kontext()
        self.workers: list[_Worker] = []
        for _ in range(workers):
            self.workers.append(_Worker(*self._start()))

    def _start(self) -> tuple[BaseProcess, Connection]:
        ours, theirs = self.context.Pipe()
        # a forked worker would keep this process's pipe ends open, its own among them: it closes
        # its copies (a spawned one inherits none)
        inherited = [ours, *(w.conn for w in self.workers if not w.conn.closed)] \
            if self.context.get_start_method() == "fork" else []
        process = self.context.Process(target=_work, args=(theirs, self.names, inherited),
                                       daemon=True, name="kibericht-leser")
        process.start()
        theirs.close()
        return process, ours

    def _replace(self, worker: _Worker) -> None:
        """A new process for a worker that has died; its task stays with it, not yet begun."""
        worker.process.join()
        worker.conn.close()
        worker.process, worker.conn = self._start()
        worker.started = False
        worker.restarts += 1
        if worker.task is not None:
            try:
                worker.conn.send(worker.task)
            except (OSError, ValueError):
                pass  # this one died at once as well: its sentinel tells (see `_lost`)

    def _give(self, worker: _Worker) -> None:
        worker.task = self.todo.pop() if self.todo else None
        worker.started, worker.restarts = False, 0
        if worker.task is None:
            return
        try:
            worker.conn.send(worker.task)
        except (OSError, ValueError):  # it died after its last file: a new one takes this one
            self._replace(worker)

    def results(self) -> Iterator[tuple[Path, DateiErgebnis]]:
        try:
            for worker in self.workers:
                self._give(worker)
            for index, path in enumerate(self.paths):
                while index not in self.done:
                    self._receive()
                yield path, unpack_result(self.done.pop(index))
        finally:
            self._stop()

    def _receive(self) -> None:
        busy = [w for w in self.workers if w.task is not None]
        ready = multiprocessing.connection.wait([o for w in busy for o in (w.conn, w.process.sentinel)])
        for worker in busy:
            if worker.conn not in ready and worker.process.sentinel not in ready:
                continue
            finished = False
            try:
                while not finished and worker.conn.poll():
                    message = worker.conn.recv()
                    if message[0] == "start":
                        worker.started = True
                        continue
                    _, index, result, bug = message
                    if bug is not None:
                        raise bug
                    self.done[index] = result
                    finished = True
            except (EOFError, OSError):
                pass  # the worker has gone: its sentinel tells
            if finished:
                self._give(worker)
            elif not worker.process.is_alive():
                self._lost(worker)

    def _lost(self, worker: _Worker) -> None:
        """The worker died. Had it begun its file (or could three new workers not begin it), the
        file gets an error; either way a new worker goes on, with that file if it was not begun."""
        if worker.started or worker.restarts >= 3:
            assert worker.task is not None  # only a worker with a task is waited for
            index, path = worker.task
            worker.process.join()
            code = worker.process.exitcode
            grund = f"Signal {-code}" if code is not None and code < 0 else f"Exit-Code {code}"
            self.done[index] = DateiErgebnis([befund(
                Code.DATEI_UNLESBAR, path.as_posix(), meldung=f"Beim Lesen der Datei ist das "
                f"Leseprogramm abgebrochen ({grund}). Öffnen Sie die Datei in Excel und speichern Sie "
                "sie neu als .xlsx.")])
            worker.task = None
            self._replace(worker)
            self._give(worker)
        else:
            self._replace(worker)

    def _stop(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in self.workers:
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
