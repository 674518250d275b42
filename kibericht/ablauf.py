"""The way from input paths to validated entries: read → map → type → validate → rules.

    >>> result = load_entries(["nachweise/"], config)            # doctest: +SKIP
    >>> result.entries.stunden.sum(), len(result.findings)

`entries` holds only rows without errors; `rejected` the rows with at least one error. Every
non-blank input row ends up in exactly one of the two (or in an unprocessed sheet, reported).
Each stage returns its findings; a second error at a cell that already has one is dropped in one
final step (`befunde.ohne_doppelte`), and a row with an error is rejected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kibericht.befunde import FEHLER, Finding, ohne_doppelte
from kibericht.konfig import KIConfig
from kibericht.lesen.dateien import find_files
from kibericht.pruefen import validieren
from kibericht.pruefen.arbeiter import read_files, worker_count
from kibericht.pruefen.blatt import ParsedSheet, entries_frame
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


def _notify(progress, hook: str, value) -> None:
    """Optional hooks of a progress display (see cli.progress.ProgressBar): the list of files
    before reading, and the step after it."""
    method = getattr(progress, hook, None)
    if method is not None:
        method(value)


def load_entries(inputs: list[str | Path], config: KIConfig,
                 progress: Callable[[str], None] | None = None,
                 abgleich: Abgleich | None = None) -> LoadResult:
    """The entries of `inputs`; with `abgleich` (the closed months of the Ablage) every change to
    a closed month is an error at its row (`regeln.abschluss`)."""
    paths, findings = find_files(inputs)
    names = Counter(p.name.casefold() for p in paths)
    # the workers start before any thread does (on Linux they are forked)
    files = read_files(paths, names, worker_count(paths))
    pandera = validieren.vorbereiten()
    _notify(progress, "files", paths)
    parsed: list[ParsedSheet] = []
    next_index = 0
    for path, result in files:
        if progress:  # a file read, in input order (by a worker process or by this one)
            progress(path.as_posix())
        findings.extend(result.findings)
        for sheet, span in result.sheets:
            # every sheet's rows get index positions of their own, in input order
            sheet.index += next_index
            if sheet.totals is not None:
                sheet.totals.index += next_index
            next_index += span
            parsed.append(sheet)

    _notify(progress, "phase", "prüfe")
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
