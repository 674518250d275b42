"""The way from input paths to validated entries: read → map → type → validate → rules
(the stages of `regeln.register`)::

    result = load_entries(["nachweise/"], config)
    result.entries.stunden.sum(), len(result.findings)

`entries` holds only rows without errors; `rejected` the rows with at least one error. Every
non-blank input row ends up in exactly one of the two (or in an unprocessed sheet, reported).
Each stage returns its findings; a second error at a cell that already has one is dropped in one
final step (`befunde.ohne_doppelte`), and a row with an error is rejected (as its code says:
`Code.verwirft_zeile`, `Code.verwirft_ohne_zeile`). A caller may follow the reading
(`Fortschritt`) and keep the files' read results for the next run (`Lesecache`).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from kibericht.befunde import FEHLER, Finding, ohne_doppelte
from kibericht.konfig import KIConfig
from kibericht.lesen.dateien import find_files
from kibericht.pruefen import validieren
from kibericht.pruefen.arbeiter import read_files, worker_count
from kibericht.pruefen.blatt import ParsedSheet, entries_frame
from kibericht.pruefen.datei import DateiErgebnis
from kibericht.pruefen.kopfzeile import ENTRY_COLUMNS, empty_entries
from kibericht.pruefen.typisieren import type_entries, type_totals
from kibericht.regeln.kontext import (
    Abgleich,
    Abschlussdaten,
    Dateidaten,
    Eintragsdaten,
    Plausibilitaetsdaten,
)
from kibericht.regeln.register import ABSCHLUSS, DATEI, EINTRAG, PLAUSIBILITAET, pruefe, pruefe_spalten


@dataclass(frozen=True)
class LoadResult:
    entries: pd.DataFrame
    rejected: pd.DataFrame
    findings: list[Finding]
    files: list[str] = field(default_factory=list)
    rows_in: int = 0
    rows_unprocessed: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.schwere == FEHLER]


@dataclass(frozen=True)
class Fortschritt:
    """What a run is doing, for a progress display: its step („lese“, „prüfe“), the files of the
    run in input order, how many of them are read, and the one read last."""

    schritt: str
    dateien: tuple[Path, ...]
    gelesen: int = 0
    datei: Path | None = None


Fortschrittsmelder = Callable[[Fortschritt], None]


class Lesecache:
    """The read result of each input file (`pruefen.datei.read_file`), kept between runs: a file
    is read again only when its path, size, modification time or the set of input file names
    (a marked copy is skipped only beside its original) changed. One result per path is kept;
    safe to share between threads. Pass one to `load_entries` to re-check a folder quickly::

        cache = Lesecache()
        load_entries(["nachweise/"], config, cache=cache)       # every file read
        load_entries(["nachweise/"], config, cache=cache)       # only changed files read
    """

    def __init__(self) -> None:
        self._results: dict[str, tuple[tuple[object, ...], DateiErgebnis]] = {}
        self._lock = threading.Lock()
        self.gelesen: list[Path] = []  # the files read (not taken from the cache), newest run last

    @staticmethod
    def namen(names: Counter[str]) -> tuple[tuple[str, int], ...]:
        """The input file names of a run, as part of every file's key."""
        return tuple(sorted(names.items()))

    @staticmethod
    def _schluessel(path: Path, namen: tuple[tuple[str, int], ...]) -> tuple[object, ...] | None:
        try:
            stat = path.stat()
            resolved = str(path.resolve())
        except OSError:
            return None  # read it (and report why it cannot be read)
        return (resolved, stat.st_size, stat.st_mtime_ns, namen)

    def holen(self, path: Path, namen: tuple[tuple[str, int], ...]) -> DateiErgebnis | None:
        key = self._schluessel(path, namen)
        with self._lock:
            found = self._results.get(path.as_posix())
        return found[1] if found is not None and key is not None and found[0] == key else None

    def ablegen(self, path: Path, namen: tuple[tuple[str, int], ...], result: DateiErgebnis) -> None:
        key = self._schluessel(path, namen)
        with self._lock:
            if key is None:
                self._results.pop(path.as_posix(), None)
            else:
                self._results[path.as_posix()] = (key, result)


def _lesen(paths: list[Path], names: Counter[str], cache: Lesecache | None
           ) -> Iterator[tuple[Path, DateiErgebnis]]:
    """(path, its result) in input order; with a cache only the files not in it are read."""
    if cache is None:
        yield from read_files(paths, names, worker_count(paths))
        return
    namen = cache.namen(names)
    cached = {path: cache.holen(path, namen) for path in paths}
    missing = [path for path in paths if cached[path] is None]
    cache.gelesen = list(missing)
    fresh = read_files(missing, names, worker_count(missing))
    for path in paths:
        result = cached[path]
        if result is None:
            read_path, result = next(fresh)
            assert read_path == path
            cache.ablegen(path, namen, result)
        yield path, result


def _verschoben(sheet: ParsedSheet, offset: int) -> ParsedSheet:
    """The sheet with its rows' index positions moved by `offset` (a new value: a cached read
    result stays as it was read)."""
    totals = None if sheet.totals is None else replace(sheet.totals, index=sheet.totals.index + offset)
    return replace(sheet, index=sheet.index + offset, totals=totals)


def load_entries(inputs: list[str | Path], config: KIConfig,
                 fortschritt: Fortschrittsmelder | None = None,
                 abgleich: Abgleich | None = None, cache: Lesecache | None = None) -> LoadResult:
    """The entries of `inputs`; with `abgleich` (the closed months of the Ablage) every change to
    a closed month is an error at its row (`regeln.abschluss`). `fortschritt` is told each step
    and each file read; `cache` keeps the files' read results for the next call."""
    paths, findings = find_files(inputs)
    names = Counter(p.name.casefold() for p in paths)
    # the workers start before any thread does (on Linux they are forked)
    files = _lesen(paths, names, cache)
    pandera = validieren.vorbereiten()
    alle = tuple(paths)
    if fortschritt:
        fortschritt(Fortschritt("lese", alle))
    parsed: list[ParsedSheet] = []
    next_index = 0
    for gelesen, (path, result) in enumerate(files, start=1):
        if fortschritt:  # a file read, in input order (by a worker process or by this one)
            fortschritt(Fortschritt("lese", alle, gelesen, path))
        findings.extend(result.findings)
        for sheet, span in result.sheets:
            # every sheet's rows get index positions of their own, in input order
            parsed.append(_verschoben(sheet, next_index))
            next_index += span

    if fortschritt:
        fortschritt(Fortschritt("prüfe", alle, len(alle)))
    # one frame for all sheets: typing and validation run once, not per sheet
    mapped = entries_frame(parsed)
    totals = type_totals(entries_frame([p.totals for p in parsed if p.totals is not None]))
    rows_in = sum(p.rows_in + p.rows_unprocessed for p in parsed)
    rows_unprocessed = sum(p.rows_unprocessed for p in parsed)
    del parsed
    typed, type_findings = type_entries(mapped, config) if not mapped.empty else (empty_entries(), [])
    del mapped
    findings.extend(type_findings)
    pandera.join()
    findings.extend(pruefe_spalten(typed, config))
    findings.extend(pruefe(EINTRAG, Eintragsdaten(config, typed, totals)))
    datei_befunde = pruefe(DATEI, Dateidaten(config, typed))
    findings.extend(datei_befunde)
    if abgleich is not None:
        # a copy left in the folder is an error of its own; its rows are no change to a closed month
        kopien = {f.datei for f in datei_befunde if f.schwere == FEHLER}
        counted = typed[~typed["_datei"].isin(kopien)] if kopien else typed
        findings.extend(pruefe(ABSCHLUSS, Abschlussdaten(config, counted, abgleich)))
    findings = ohne_doppelte(findings)

    bad = _rows_with_errors(typed, findings)
    entries, rejected = typed[~bad], typed[bad]
    findings.extend(pruefe(PLAUSIBILITAET, Plausibilitaetsdaten(config, entries)))
    findings.sort(key=Finding.sort_key)
    return LoadResult(
        entries=entries[ENTRY_COLUMNS],
        rejected=rejected,
        findings=findings,
        files=[p.as_posix() for p in paths],
        rows_in=rows_in,
        rows_unprocessed=rows_unprocessed,
    )


def _rows_with_errors(typed: pd.DataFrame, findings: list[Finding]) -> pd.Series:
    """True for each entry at whose row (file, sheet, Excel row) an error was found, and for every
    entry of a file or sheet with an error of its own (a workbook that is a copy of another)."""
    places = {(f.datei, f.blatt, f.zeile) for f in findings if f.code.verwirft_zeile and f.zeile is not None}
    bad = pd.Series(False, index=typed.index)
    if typed.empty:
        return bad
    for f in findings:
        # (an entry removed from a closed month names the sheet it stood in; it rejects nothing)
        if f.zeile is None and f.code.verwirft_ohne_zeile:
            whole = typed["_datei"] == f.datei
            bad |= whole & (typed["_blatt"] == f.blatt) if f.blatt is not None else whole
    if not places:
        return bad
    candidates = typed[typed["_zeile"].isin({zeile for _, _, zeile in places})]
    keys = zip(candidates["_datei"], candidates["_blatt"], candidates["_zeile"].tolist(), strict=True)
    bad[candidates.index[[key in places for key in keys]]] = True
    return bad
