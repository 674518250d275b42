"""A progress bar on stderr while many files or a large one are read: only on a terminal,
never with JSON.

    lese  [██████████░░░░░░░░░░]  251/500 Dateien · 12,3/24,6 MB · 4 s · TN_FK2_2025.xlsx

The bar advances by the size of the files read (by worker processes too: each file counts once
its result is in, in input order) and names the file awaited next; after the last file it names
what is being checked. A clock ticks every half second, so a single large workbook shows that
work goes on. Small jobs (a few small files) print nothing.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kibericht.zahlen import de_zahl

MANY_FILES = 10
LARGE_BYTES = 5 * 1024**2
WIDTH = 20


def _mb(size: int) -> str:
    return de_zahl(size / 1024**2, 1)


class ProgressBar:
    """Called with each file's name once it has been read (see `ablauf.load_entries`)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.sizes: dict[str, int] = {}
        self.order: list[str] = []
        self.total = 0
        self.done_bytes = 0
        self.index = 0
        self.current = ""
        self.step = "lese"
        self.started = time.monotonic()
        self.active = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def files(self, paths: list[Path]) -> None:
        """The files about to be read; decides whether a bar is worth showing."""
        self.order = [path.as_posix() for path in paths]
        self.current = self.order[0] if self.order else ""
        for path in paths:
            try:
                self.sizes[path.as_posix()] = path.stat().st_size
            except OSError:
                self.sizes[path.as_posix()] = 0
        self.total = sum(self.sizes.values())
        self.active = len(paths) >= MANY_FILES or self.total >= LARGE_BYTES
        if self.active:
            self._ticker = threading.Thread(target=self._tick, name="fortschritt", daemon=True)
            self._ticker.start()

    def __call__(self, name: str) -> None:
        with self._lock:
            self.done_bytes += self.sizes.get(name, 0)
            self.index += 1
            # the file awaited next (the one being read, or the next result of the workers)
            self.current = self.order[self.index] if self.index < len(self.order) else name
        self._draw()

    def phase(self, text: str) -> None:
        """All files are read; `text` says what happens now (e.g. "prüfe")."""
        with self._lock:
            self.done_bytes = self.total
            self.step = text
        self._draw()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self.active:
            with self._lock:
                self.stream.write("\r" + " " * self._columns() + "\r")
                self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            self._draw()

    def _columns(self) -> int:
        return max(shutil.get_terminal_size((80, 24)).columns - 1, 20)

    def _draw(self) -> None:
        if not self.active:
            return
        with self._lock:
            share = self.done_bytes / self.total if self.total else self.index / max(len(self.sizes), 1)
            filled = min(int(share * WIDTH), WIDTH)
            seconds = int(time.monotonic() - self.started)
            bar = "█" * filled + "░" * (WIDTH - filled)
            line = (f"{self.step:<6}[{bar}] {self.index:>4}/{len(self.sizes)} Dateien · "
                    f"{_mb(self.done_bytes)}/{_mb(self.total)} MB · {seconds} s · "
                    f"{Path(self.current).name}")
            columns = self._columns()
            self.stream.write("\r" + line[:columns].ljust(columns))
            self.stream.flush()


@contextmanager
def progress_for(fmt: str) -> Iterator[ProgressBar | None]:
    if fmt == "json" or not sys.stderr.isatty():
        yield None
        return
    bar = ProgressBar()
    try:
        yield bar
    finally:
        bar.close()
