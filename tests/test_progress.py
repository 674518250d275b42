"""The progress bar: only on a terminal, never with JSON, and only for many or large files."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from kibericht.ablauf import Fortschritt
from kibericht.cli.progress import MANY_FILES, ProgressBar, progress_for


class Terminal:
    """A pseudo-terminal: the bar sees a terminal and draws; what it drew is read back."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        self.stream = os.fdopen(slave, "w", encoding="utf-8")

    def text(self) -> str:
        self.stream.flush()
        os.set_blocking(self.master, False)
        data = b""
        try:
            while chunk := os.read(self.master, 65536):
                data += chunk
        except BlockingIOError:
            pass
        return re.sub(r"\x1b\[\?25[lh]", "", data.decode("utf-8"))

    def close(self) -> None:
        self.stream.close()
        os.close(self.master)


@pytest.fixture
def terminal():
    if not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals here")
    t = Terminal()
    yield t
    t.close()


def _files(folder: Path, n: int, size: int = 1000) -> list[Path]:
    paths = []
    for i in range(n):
        path = folder / f"n{i}.xlsx"
        path.write_bytes(b"x" * size)
        paths.append(path)
    return paths


def test_no_bar_for_json_or_without_terminal(terminal):
    with progress_for("json", terminal.stream) as progress:
        assert progress is None
    with progress_for("text", io.StringIO()) as progress:
        assert progress is None
    with progress_for("text", terminal.stream) as progress:
        assert isinstance(progress, ProgressBar)


def test_bar_counts_files_and_bytes(tmp_path, terminal):
    paths = tuple(_files(tmp_path, MANY_FILES))
    bar = ProgressBar(terminal.stream)
    bar(Fortschritt("lese", paths))
    for i, path in enumerate(paths, start=1):
        bar(Fortschritt("lese", paths, i, path))
    assert (bar.index, bar.done_bytes) == (MANY_FILES, MANY_FILES * 1000)  # every file read counted
    bar(Fortschritt("prüfe", paths, MANY_FILES))
    bar.close()
    lines = [line.strip() for line in re.split(r"[\r\n]", terminal.text()) if line.strip()]
    assert f"{MANY_FILES}/{MANY_FILES} Dateien" in lines[-1] and lines[-1].startswith("prüfe")
    assert lines[-1].startswith("prüfe [████████████████████]")
    assert any("0/10 Dateien · 0,0/0,0 MB" in line and "n0.xlsx" in line for line in lines)
    assert any("1/10 Dateien · 0,0/0,0 MB" in line and "n1.xlsx" in line for line in lines)
    assert all(line.startswith(("lese", "prüfe")) for line in lines)


def test_small_jobs_print_nothing(tmp_path, terminal):
    paths = tuple(_files(tmp_path, 1, size=1))
    bar = ProgressBar(terminal.stream)
    bar(Fortschritt("lese", paths))
    bar(Fortschritt("lese", paths, 1, paths[0]))
    bar.close()
    assert terminal.text() == ""
