"""Find the input files: folders are searched recursively, Excel lock files (`~$…`) ignored.

    >>> paths, findings = find_files(["nachweise/"])      # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from kibericht.befunde import Code, Finding, befund

SUFFIXES = (".xlsx", ".xlsm", ".ods")


def display_name(path: Path) -> str:
    return path.as_posix()


def find_files(inputs: list[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Expand the input arguments to workbook paths in a stable order."""
    files: list[Path] = []
    findings: list[Finding] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(_walk(path), key=lambda p: p.as_posix())
            if not found:
                findings.append(befund(Code.ORDNER_LEER, display_name(path), meldung="Im Ordner wurde keine "
                                       "Arbeitsmappe (.xlsx, .xlsm, .ods) und keine CSV-Datei gefunden."))
            files.extend(found)
        elif path.is_file():
            if path.name.startswith("~$"):
                continue
            files.append(path)
        else:
            findings.append(befund(Code.DATEI_FEHLT, display_name(path), meldung="Datei oder Ordner "
                                   "nicht gefunden. Prüfen Sie den Pfad."))
    unique = list(dict.fromkeys(files))
    return unique, findings


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("~$") or name.startswith("."):
                continue
            if name.lower().endswith(SUFFIXES + (".xls", ".csv")):
                yield Path(root) / name
