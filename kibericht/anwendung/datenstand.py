"""What the use cases would read now, as one comparable value: the input files with their size
and modification time, ki.toml, and the files of the Ablage.

A face that keeps results between calls (the web app's pages) compares the `Datenstand` of
the moment with the one its result was computed for: equal means nothing a use case reads has
changed, so the result still holds; different means a workbook was saved, a file was added or
removed, ki.toml was edited, a month was filed or a filed file changed. It costs a walk through
the folders and one `stat` per file, no reading::

    vorher = datenstand(["nachweise/"], Path("ki.toml"), Path("abschluesse"))
    …                                         # someone saves a workbook in Excel
    datenstand(["nachweise/"], Path("ki.toml"), Path("abschluesse")) != vorher     # True

The files are found as the use cases find them (`lesen.dateien.find_files`: folders
recursively, Excel's lock files `~$…` skipped), so a file the use cases ignore changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

Stat = tuple[str, int, int]  # path, size in bytes, modification time in ns


def _stat(path: Path) -> Stat:
    try:
        s = path.stat()
    except OSError:
        return (path.as_posix(), -1, -1)  # gone or unreadable: a state of its own
    return (path.as_posix(), s.st_size, s.st_mtime_ns)


def dateistand(eingabe: Sequence[Path | str]) -> tuple[Stat, ...]:
    """Every input file the use cases would read, with its size and modification time, and
    each input that does not exist (as size -1)."""
    from kibericht.lesen.dateien import find_files

    paths, _ = find_files(list(eingabe))
    fehlend = tuple((Path(e).as_posix(), -1, -1) for e in eingabe if not Path(e).exists())
    return tuple(_stat(p) for p in paths) + fehlend


def ablagestand(ordner: Path) -> tuple[Stat, ...]:
    """The Ablage's element folders and every file in them (a filing or a reopening adds a
    folder; a changed manifest or filed report changes its size or time)."""
    try:
        namen = sorted(os.listdir(ordner))
    except OSError:
        return ()
    stand: list[Stat] = []
    for name in namen:
        folder = Path(ordner) / name
        stand.append(_stat(folder))
        if folder.is_dir():
            try:
                stand.extend(_stat(folder / n) for n in sorted(os.listdir(folder)))
            except OSError:
                continue
    return tuple(stand)


@dataclass(frozen=True)
class Datenstand:
    """The state of everything a use case reads; equal states give equal results."""

    dateien: tuple[Stat, ...]
    konfig: Stat | None
    ablage: tuple[Stat, ...]


def datenstand(eingabe: Sequence[Path | str], konfig_datei: Path | None, ablage: Path | None) -> Datenstand:
    """The state of the logs `eingabe`, of ki.toml and of the Ablage, now."""
    return Datenstand(dateistand(eingabe), None if konfig_datei is None else _stat(Path(konfig_datei)),
                      () if ablage is None else ablagestand(Path(ablage)))
