"""Where the findings of a check stand: grouped by workbook, or by the Stelle whose entries they
concern — the two ways a KI office looks at them (the Verwaltung fixes a workbook, the Leitung
asks each Stelle to fix its own)::

    ergebnis = pruefen(["nachweise/"], "ki.toml")
    for gruppe in nach_stelle(ergebnis.befunde, ergebnis.nachweise):
        gruppe.name, gruppe.fehler, [f.zeile for f in gruppe.befunde]

A finding at a row belongs to the Stelle written in that row (as written, also when it is not
in the Stellenplan); a finding about a whole sheet or workbook to the Stelle most of that
workbook's rows are written for. What names no row of a workbook with entries (an empty file,
an unreadable one, the configuration) stands under `OHNE_STELLE`. Every finding is in exactly
one group; within a group the findings keep their order (by position).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding

if TYPE_CHECKING:
    from kibericht.ablauf import LoadResult

OHNE_STELLE = "ohne Stelle"
OHNE_DATEI = "ohne Datei"


@dataclass(frozen=True)
class Befundgruppe:
    """The findings of one workbook or one Stelle."""

    name: str
    befunde: tuple[Finding, ...]

    def _zahl(self, schwere: str) -> int:
        return sum(f.schwere == schwere for f in self.befunde)

    @property
    def fehler(self) -> int:
        return self._zahl(FEHLER)

    @property
    def warnungen(self) -> int:
        return self._zahl(WARNUNG)

    @property
    def hinweise(self) -> int:
        return self._zahl(HINWEIS)


def _gruppen(befunde: Iterable[Finding], gruppe_von: dict[int, str], vorne: list[str],
             zuletzt: str) -> tuple[Befundgruppe, ...]:
    """The groups: those named in `vorne` in that order, the others sorted, `zuletzt` last."""
    je: dict[str, list[Finding]] = {}
    for f in befunde:
        je.setdefault(gruppe_von[id(f)], []).append(f)
    namen = [n for n in dict.fromkeys(vorne) if n in je]
    namen += sorted(n for n in je if n not in namen and n != zuletzt) + ([zuletzt] if zuletzt in je else [])
    return tuple(Befundgruppe(n, tuple(je[n])) for n in namen)


def nach_datei(befunde: Iterable[Finding]) -> tuple[Befundgruppe, ...]:
    """One group per workbook, in the order of their paths; findings without a file (about the
    call or the configuration) last."""
    befunde = sorted(befunde, key=Finding.sort_key)
    gruppe_von = {id(f): f.datei or OHNE_DATEI for f in befunde}
    return _gruppen(befunde, gruppe_von, [], OHNE_DATEI)


def nach_stelle(befunde: Iterable[Finding], nachweise: LoadResult,
                stellen: Iterable[str] = ()) -> tuple[Befundgruppe, ...]:
    """One group per Stelle: those of `stellen` (the Stellenplan) first in their order, then
    any other Stelle written in the logs, then `OHNE_STELLE`."""
    import pandas as pd

    befunde = sorted(befunde, key=Finding.sort_key)
    frames = [f[["_datei", "_blatt", "_zeile", "stelle"]] for f in (nachweise.entries, nachweise.rejected)
              if len(f) and "stelle" in f.columns]
    zeilen = pd.concat(frames, ignore_index=True) if frames else None
    an_zeile: dict[tuple[str, str | None, int], str] = {}
    je_datei: dict[str, Counter[str]] = {}
    if zeilen is not None:
        for datei, blatt, zeile, stelle in zeilen.itertuples(index=False):
            if pd.isna(stelle) or not str(stelle).strip():
                continue
            an_zeile[(datei, blatt, int(zeile))] = str(stelle)
            je_datei.setdefault(datei, Counter())[str(stelle)] += 1

    def stelle_von(f: Finding) -> str:
        if f.zeile is not None and (f.datei, f.blatt, f.zeile) in an_zeile:
            return an_zeile[(f.datei, f.blatt, f.zeile)]
        zaehler = je_datei.get(f.datei)
        if zaehler:  # the most frequent Stelle of the workbook; on a tie the first in order
            return sorted(zaehler.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return OHNE_STELLE

    gruppe_von = {id(f): stelle_von(f) for f in befunde}
    return _gruppen(befunde, gruppe_von, list(stellen), OHNE_STELLE)
