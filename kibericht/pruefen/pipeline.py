"""The way from input paths to validated entries: read → map → type → validate → plausibility.

    >>> result = load_entries(["nachweise/"], config)            # doctest: +SKIP
    >>> result.entries.stunden.sum(), len(result.findings)

`entries` holds only rows without errors; `rejected` the rows with at least one error. Every
non-blank input row ends up in exactly one of the two (or in an unprocessed sheet, reported).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kibericht.konfig.laden import KIConfig
from kibericht.befunde import FEHLER, Finding
from kibericht.pruefen.blatt import (
    ENTRY_COLUMNS,
    ParsedSheet,
    check_totals,
    empty_entries,
    entries_frame,
    parse_sheet,
    type_entries,
)
from kibericht.regeln.plausibilitaet import check_plausibility
from kibericht.lesen.arbeitsmappe import find_files, read_workbook
from kibericht.pruefen.validieren import prepare as prepare_validation
from kibericht.pruefen.validieren import validate_entries


@dataclass
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
                 progress: Callable[[str], None] | None = None) -> LoadResult:
    paths, findings = find_files(inputs)
    prepare_validation()
    _notify(progress, "files", paths)
    parsed: list[ParsedSheet] = []
    next_index = 0
    for path in paths:
        if progress:
            progress(path.as_posix())
        sheets, file_findings = read_workbook(path)
        findings.extend(file_findings)
        for raw in sheets:
            sheet = parse_sheet(raw, next_index)
            # rows the reader dropped but the scan reported are appended by parse_sheet
            last_reported = max((row for row, _ in raw.zellbefunde), default=0)
            next_index += max(len(raw.rows), last_reported) + 1
            raw.rows = []  # the cells now live in `sheet`; a large sheet must not be held twice
            findings.extend(sheet.findings)
            parsed.append(sheet)
        del sheets

    _notify(progress, "phase", "prüfe")
    # one frame for all sheets: typing and validation run once, not per sheet
    mapped = entries_frame(parsed)
    totals = entries_frame([p.totals for p in parsed if p.totals is not None])
    collector = ParsedSheet()
    for p in parsed:
        collector.reported |= p.reported
    rows_in = sum(p.rows_in + p.rows_unprocessed for p in parsed)
    rows_unprocessed = sum(p.rows_unprocessed for p in parsed)
    del parsed
    typed = type_entries(mapped, config, collector) if not mapped.empty else empty_entries()
    del mapped
    findings.extend(collector.findings)
    findings.extend(validate_entries(typed, config, collector.reported))

    error_rows = {index for index, _ in collector.reported}
    bad = typed.index.isin(list(error_rows)) if len(typed) else []
    entries = typed[~bad] if len(typed) else typed
    rejected = typed[bad] if len(typed) else typed
    findings.extend(check_totals(totals, typed))
    findings.extend(check_plausibility(entries, config))
    findings.sort(key=Finding.sort_key)
    return LoadResult(
        entries=entries[ENTRY_COLUMNS] if len(entries) else entries,
        rejected=rejected,
        findings=findings,
        files=[p.as_posix() for p in paths],
        rows_in=rows_in,
        rows_unprocessed=rows_unprocessed,
    )
