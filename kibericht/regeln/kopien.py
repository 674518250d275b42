"""A workbook whose entries all stand in another input workbook too: a copy left in the folder.

Windows names it „TN_FK1_2025 - Kopie.xlsx“; read with the original it would double the hours.
Such a workbook is the error `datei-doppelt`, naming both files; its rows are not counted. Of two
workbooks with exactly the same entries the one named like a copy („Kopie“, „Copy“, „(1)“) is
the copy, else the one whose path sorts later.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

import numpy as np
import pandas as pd

from kibericht.befunde import Code, Finding, befund
from kibericht.pruefen.kopfzeile import FIELDS
from kibericht.regeln.kontext import Dateidaten
from kibericht.zahlen import anzahl

# a workbook with fewer entries counts as a copy only when both hold exactly the same entries
MIN_TEILKOPIE = 3
_KOPIE = re.compile(r"kopie|copy|\(\d+\)", re.I)


def _ist_kopie_nach_name(datei: str) -> bool:
    return bool(_KOPIE.search(PurePath(datei).stem))


class _Inhalte:
    """Which entries each file holds. An entry is named by a number, the same for entries with
    equal values (every kind of empty cell equal): hundreds of thousands of rows are compared as
    numbers, and a file is looked at entry by entry only when another file holds its rarest one."""

    def __init__(self, entries: pd.DataFrame) -> None:
        fields = list(FIELDS.values())
        self.keys = entries[fields].groupby(fields, dropna=False, sort=False).ngroup().to_numpy()
        files, names = pd.factorize(entries["_datei"].to_numpy(dtype=object))
        self.names = list(names)
        self.code = {name: i for i, name in enumerate(self.names)}
        rows = np.argsort(files, kind="stable")  # each file's rows, in their order
        self.rows = np.split(rows, np.flatnonzero(np.diff(files[rows])) + 1)
        # which files hold each entry: (entry, file) pairs sorted by entry
        pairs = np.sort(self.keys * len(self.names) + files)
        pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
        self.pair_key, self.pair_file = pairs // len(self.names), pairs % len(self.names)
        self.files_per_key = np.bincount(self.pair_key)
        self._counters: dict[int, Counter[int]] = {}

    def rarest(self, datei: str) -> int:
        """The file's first entry (in row order) that the fewest files hold."""
        rows = self.rows[self.code[datei]]
        return int(self.keys[rows[np.argmin(self.files_per_key[self.keys[rows]])]])

    def holding(self, key: int) -> list[str]:
        """The files that hold the entry `key`."""
        lo, hi = np.searchsorted(self.pair_key, [key, key + 1])
        return [self.names[f] for f in self.pair_file[lo:hi]]

    def counter(self, datei: str) -> Counter[int]:
        """How often each entry occurs in the file (entries in row order)."""
        f = self.code[datei]
        if f not in self._counters:
            self._counters[f] = Counter(self.keys[self.rows[f]].tolist())
        return self._counters[f]


def check_doppelte_dateien(k: Dateidaten) -> list[Finding]:
    entries = k.eintraege
    if entries.empty or entries["_datei"].nunique() < 2:
        return []
    inhalte = _Inhalte(entries)
    findings = []
    for datei in sorted(inhalte.names):
        rarest = inhalte.rarest(datei)
        if inhalte.files_per_key[rarest] < 2:
            continue  # no other file holds this entry: no copy
        inhalt = inhalte.counter(datei)
        for andere in sorted(inhalte.holding(rarest)):
            if andere == datei:
                continue
            other = inhalte.counter(andere)
            if any(other[key] < n for key, n in inhalt.items()):
                continue  # not every entry of `datei` stands in `andere`
            if inhalt == other and not _kopie_von(datei, andere):
                continue  # the same entries: `andere` is the copy, reported in its turn
            if inhalt != other and sum(inhalt.values()) < MIN_TEILKOPIE:
                continue  # one or two entries may match another log by chance
            n = sum(inhalt.values())
            findings.append(befund(
                Code.DATEI_DOPPELT, datei, meldung=f"Alle {anzahl(n, 'Eintrag', 'Einträge')} dieser "
                f"Arbeitsmappe stehen auch in „{andere}“: vermutlich eine Kopie. Sie werden nicht "
                "gezählt, sonst zählten die Stunden doppelt. Entfernen Sie die Kopie aus dem Ordner "
                "der Nachweise."))
            break
    return findings


def _kopie_von(datei: str, andere: str) -> bool:
    """Of two workbooks with the same entries, whether `datei` is the copy of `andere`."""
    if _ist_kopie_nach_name(datei) != _ist_kopie_nach_name(andere):
        return _ist_kopie_nach_name(datei)
    return datei > andere
