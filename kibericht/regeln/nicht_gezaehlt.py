"""The rows a report leaves out of its count, told apart: rows with errors of their own, and the
rows of copies of workbooks (`datei-doppelt`), which count once as a copy, never as rows with
errors. The terminal, the JSON and the report workbook say it the same way („1 Kopie mit 341
Zeilen“).

Imports no pandas: the application layer uses it before the logs are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kibericht.befunde import Code, Finding

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class NichtGezaehlt:
    """Rows left out of the count: those with errors of their own, and the copies of workbooks
    (`datei-doppelt`), each counted once as a copy, not as rows with errors."""

    zeilen_mit_fehlern: int
    kopien: tuple[tuple[str, int], ...] = ()  # (file, its rows)

    @property
    def zeilen_in_kopien(self) -> int:
        return sum(n for _, n in self.kopien)

    def kopien_json(self) -> list[dict[str, Any]]:
        return [{"datei": datei, "zeilen": n} for datei, n in self.kopien]


def nicht_gezaehlt(rejected: pd.DataFrame, findings: Iterable[Finding]) -> NichtGezaehlt:
    """How many of the `rejected` rows are rows with errors, and which are copies of workbooks."""
    kopien = sorted({f.datei for f in findings if f.code is Code.DATEI_DOPPELT})
    if not len(rejected):
        return NichtGezaehlt(0)
    dateien = rejected["_datei"]
    je_kopie = tuple((datei, int((dateien == datei).sum())) for datei in kopien)
    je_kopie = tuple((d, n) for d, n in je_kopie if n)
    return NichtGezaehlt(len(rejected) - sum(n for _, n in je_kopie), je_kopie)
