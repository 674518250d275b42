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

import pandas as pd

from kibericht.befunde import Finding, befund
from kibericht.pruefen.kopfzeile import FIELDS
from kibericht.regeln.kontext import Kontext
from kibericht.zahlen import anzahl

# a workbook with fewer entries counts as a copy only when both hold exactly the same entries
MIN_TEILKOPIE = 3
_KOPIE = re.compile(r"kopie|copy|\(\d+\)", re.I)


def _ist_kopie_nach_name(datei: str) -> bool:
    return bool(_KOPIE.search(PurePath(datei).stem))


def _inhalte(entries: pd.DataFrame) -> dict[str, Counter]:
    """Per file, how often each entry (all its values) occurs. An entry is named by a number,
    the same for entries with equal values (every kind of empty cell equal): hundreds of
    thousands of rows are compared as numbers, not as tuples of ten values."""
    fields = list(FIELDS.values())
    keys = entries[fields].groupby(fields, dropna=False, sort=False).ngroup().tolist()
    per_file: dict[str, Counter] = {}
    for datei, key in zip(entries["_datei"].tolist(), keys, strict=True):
        per_file.setdefault(datei, Counter())[key] += 1
    return per_file


def check_doppelte_dateien(k: Kontext) -> list[Finding]:
    entries = k.eintraege
    if entries is None or entries.empty or entries["_datei"].nunique() < 2:
        return []
    inhalte = _inhalte(entries)
    # candidates share an entry: index the files by each of their entries once
    by_entry: dict[tuple, list[str]] = {}
    for datei, inhalt in inhalte.items():
        for key in inhalt:
            by_entry.setdefault(key, []).append(datei)
    findings = []
    for datei, inhalt in sorted(inhalte.items()):
        rarest = min(inhalt, key=lambda key: len(by_entry[key]))
        for andere in sorted(by_entry[rarest]):
            if andere == datei:
                continue
            other = inhalte[andere]
            if any(other[key] < n for key, n in inhalt.items()):
                continue  # not every entry of `datei` stands in `andere`
            if inhalt == other and not _kopie_von(datei, andere):
                continue  # the same entries: `andere` is the copy, reported in its turn
            if inhalt != other and sum(inhalt.values()) < MIN_TEILKOPIE:
                continue  # one or two entries may match another log by chance
            n = sum(inhalt.values())
            findings.append(befund(
                "datei-doppelt", datei, meldung=f"Alle {anzahl(n, 'Eintrag', 'Einträge')} dieser "
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
