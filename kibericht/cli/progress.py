"""A progress bar on stderr while many files or a large one are read: only on a terminal,
never with JSON; drawn by click's progress bar.

    lese  [██████████░░░░░░░░░░] 251/500 Dateien · 12,3/24,6 MB · 4 s · TN_FK2_2025.xlsx

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
from typing import TYPE_CHECKING, Any, TextIO

import click

from kibericht.zahlen import de_zahl

if TYPE_CHECKING:
    from kibericht.ablauf import Fortschritt

MANY_FILES = 10
LARGE_BYTES = 5 * 1024**2
WIDTH = 20


def _mb(size: int) -> str:
    return de_zahl(size / 1024**2, 1)


class ProgressBar:
    """Called with each `Fortschritt` of a run (see `ablauf.load_entries`)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.sizes: dict[Path, int] = {}
        self.order: list[Path] = []
        self.total = 0
        self.done_bytes = 0
        self.index = 0
        self.current: Path | None = None
        self.started = time.monotonic()
        self.active = False
        self._bar: Any = None  # click's ProgressBar, once the files are known to be worth a bar
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, f: Fortschritt) -> None:
        if not self.order and f.dateien:
            self._files(list(f.dateien))
        with self._lock:
            if f.datei is not None and f.gelesen > self.index:
                self.done_bytes += self.sizes.get(f.datei, 0)
                self.index = f.gelesen
            if f.schritt != "lese":
                self.done_bytes = self.total
            # the file awaited next (the one being read, or the next result of the workers)
            self.current = self.order[self.index] if self.index < len(self.order) else f.datei
            if self._bar is not None:
                self._bar.label = f.schritt
        self._draw()

    def _files(self, paths: list[Path]) -> None:
        """The files about to be read; decides whether a bar is worth showing."""
        self.order = paths
        for path in paths:
            try:
                self.sizes[path] = path.stat().st_size
            except OSError:
                self.sizes[path] = 0
        self.total = sum(self.sizes.values())
        self.active = len(paths) >= MANY_FILES or self.total >= LARGE_BYTES
        if self.active:
            self._bar = click.progressbar(
                length=max(self.total, 1), label="lese", file=self.stream, fill_char="█", empty_char="░",
                width=WIDTH, bar_template="%(label)-6s[%(bar)s] %(info)s", show_eta=False,
                show_percent=False, show_pos=False, item_show_func=lambda _: self._info())
            self._ticker = threading.Thread(target=self._tick, name="fortschritt", daemon=True)
            self._ticker.start()

    def _info(self) -> str:
        name = self.current.name if self.current is not None else ""
        text = (f"{self.index:>4}/{len(self.sizes)} Dateien · {_mb(self.done_bytes)}/{_mb(self.total)} MB · "
                f"{int(time.monotonic() - self.started)} s · {name}")
        room = max(shutil.get_terminal_size((80, 24)).columns - 1 - 6 - WIDTH - 3, 10)
        return text[:room]

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._bar is not None:
            with self._lock:
                self._bar.render_finish()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            self._draw()

    def _draw(self) -> None:
        if self._bar is None:
            return
        with self._lock:
            schritt = min(self.done_bytes, self._bar.length) - self._bar.pos
            if schritt > 0:
                self._bar.update(schritt)
            else:  # the clock and the file name change without a step
                self._bar.render_progress()


@contextmanager
def progress_for(fmt: str, stream: TextIO | None = None) -> Iterator[ProgressBar | None]:
    """A bar for a command's run: None with JSON or when stderr is no terminal."""
    stream = stream or sys.stderr
    if fmt == "json" or not stream.isatty():
        yield None
        return
    bar = ProgressBar(stream)
    try:
        yield bar
    finally:
        bar.close()
