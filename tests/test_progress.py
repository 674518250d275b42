"""The progress bar: only on a terminal, never with JSON, and only for many or large files."""

from __future__ import annotations

import io

from kibericht.cli.progress import MANY_FILES, ProgressBar, progress_for


def test_no_bar_for_json_or_without_terminal():
    with progress_for("json") as progress:
        assert progress is None
    with progress_for("text") as progress:  # pytest's stderr is not a terminal
        assert progress is None


def test_bar_counts_files_and_bytes(tmp_path):
    paths = []
    for i in range(MANY_FILES):
        path = tmp_path / f"n{i}.xlsx"
        path.write_bytes(b"x" * 1000)
        paths.append(path)
    out = io.StringIO()
    bar = ProgressBar(out)
    bar.files(paths)
    for path in paths:
        bar(path.as_posix())
    assert (bar.index, bar.done_bytes) == (MANY_FILES, MANY_FILES * 1000)  # every file read counted
    bar.phase("prüfe")
    bar.close()
    lines = [line.strip() for line in out.getvalue().split("\r") if line.strip()]
    assert f"{MANY_FILES}/{MANY_FILES} Dateien" in lines[-1] and lines[-1].startswith("prüfe")
    assert "1/10 Dateien · 0,0/0,0 MB" in lines[0]


def test_small_jobs_print_nothing(tmp_path):
    path = tmp_path / "klein.xlsx"
    path.write_bytes(b"x")
    out = io.StringIO()
    bar = ProgressBar(out)
    bar.files([path])
    bar(path.as_posix())
    bar.close()
    assert out.getvalue() == ""
