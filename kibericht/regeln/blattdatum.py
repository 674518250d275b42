"""Dates that do not fit the sheet: an entry of 08.01.2024 on the sheet „Jan 2025“.

A sheet name often says which month or year its entries belong to („Jan 2025“, „März“,
„2025-03“, „Q1“, „2025“); else the file name may say the year („TN_FK2_2025.xlsx“). An entry whose
year differs from the sheet's year (or, when the sheet names none, from the file's year) is the
error `datum-jahr-abweichend`: a typo in the year would silently move its hours into another
report. A month that differs from the months the sheet names is the warning
`datum-monat-abweichend`.

    >>> blatt_zeitraum("Jan 2025"), blatt_zeitraum("Q2"), blatt_zeitraum("Anleitung")
    ((2025, (1,)), (None, (4, 5, 6)), (None, None))
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePath

import numpy as np

from kibericht.befunde import Code, Finding, befund
from kibericht.periode import MONATSNAMEN
from kibericht.regeln.kontext import Eintragsdaten
from kibericht.schema import norm_key

_MONATE = {
    "jan": 1, "januar": 1, "jaenner": 1, "jaen": 1, "january": 1,
    "feb": 2, "febr": 2, "februar": 2, "february": 2,
    "mae": 3, "maer": 3, "maerz": 3, "mrz": 3, "mar": 3, "march": 3,
    "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "november": 11,
    "dez": 12, "dezember": 12, "dec": 12, "december": 12,
}
_WORTE = re.compile(r"[0-9]+|[^\W\d_]+")
_JAHR = range(1990, 2100)
_JAHR_MONAT = re.compile(r"(?<!\d)(?:19|20)\d\d[-._/ ](?P<monat>\d{1,2})(?!\d)")
_MONAT_JAHR = re.compile(r"(?<![^\W_]|[.\d])(?P<monat>\d{1,2})[-._/ ](?:19|20)\d\d(?!\d)")


def _worte(text: str) -> list[str]:
    return [norm_key(w) or w for w in _WORTE.findall(text.casefold())]


@lru_cache(maxsize=4096)
def blatt_zeitraum(name: str) -> tuple[int | None, tuple[int, ...] | None]:
    """(the year the sheet name says, the months it says); None where it says nothing or is
    ambiguous."""
    worte = _worte(name)
    jahre = {int(w) for w in worte if w.isdigit() and len(w) == 4 and int(w) in _JAHR}
    monate: set[int] = set()
    for i, w in enumerate(worte):
        if w in _MONATE:
            monate.add(_MONATE[w])
            following = worte[i + 1] if i + 1 < len(worte) else ""
            if following.isdigit() and len(following) == 2:  # „Jan 25“
                jahre.add(2000 + int(following))
        elif w == "q" and i + 1 < len(worte) and worte[i + 1] in ("1", "2", "3", "4"):  # „Q2“
            q = int(worte[i + 1])
            monate.update(range(3 * q - 2, 3 * q + 1))
        elif w in ("quartal", "qu") and i > 0 and worte[i - 1] in ("1", "2", "3", "4"):
            q = int(worte[i - 1])
            monate.update(range(3 * q - 2, 3 * q + 1))
    named = [_MONATE[w] for w in worte if w in _MONATE]
    if len(named) >= 2:  # „Jan–Mär 2025“: the months from the first to the last named
        monate.update(range(min(named), max(named) + 1))
    # numeric months: 2025-03, 03.2025, 3/2025 (a number 1–12 joined to the year)
    if len(jahre) == 1 and not monate:
        joined = _JAHR_MONAT.search(name) or _MONAT_JAHR.search(name)
        if joined and 1 <= int(joined.group("monat")) <= 12:
            monate.add(int(joined.group("monat")))
    jahr = next(iter(jahre)) if len(jahre) == 1 else None
    return jahr, (tuple(sorted(monate)) if monate and len(monate) < 12 else None)


def _zeitraum_des_blatts(datei: object, blatt: object) -> tuple[int | None, str, tuple[int, ...] | None]:
    """(the year entries of this sheet must have, where that year comes from, the months)."""
    jahr, monate = blatt_zeitraum(str(blatt))
    quelle = f"des Blatts „{blatt}“"
    if jahr is None:
        jahr, quelle = datei_jahr(str(datei)), f"im Dateinamen „{PurePath(str(datei)).name}“"
    return jahr, quelle, monate


@lru_cache(maxsize=4096)
def datei_jahr(datei: str) -> int | None:
    """The one year a file name says („Taetigkeitsnachweis_2025_FK1.xlsx“ → 2025), else None."""
    jahre = {int(w) for w in _WORTE.findall(PurePath(datei).stem) if w.isdigit() and len(w) == 4
             and int(w) in _JAHR}
    return next(iter(jahre)) if len(jahre) == 1 else None


def check_datum_passt_zum_blatt(k: Eintragsdaten) -> list[Finding]:
    entries = k.eintraege
    findings: list[Finding] = []
    if entries.empty:
        return findings
    dated = entries[entries["datum"].notna()]
    # one pass over all rows: hundreds of monthly sheets cost a few array operations, not a loop
    # the sheets numbered in order of appearance, as groupby(sort=False) yields them
    number = dated.groupby(["_datei", "_blatt"], sort=False).ngroup().to_numpy(dtype=float)
    kept = np.flatnonzero(number >= 0)  # groupby leaves out rows without a file or sheet name
    if not len(kept):
        return findings
    sheet = number[kept].astype(np.int64)
    _, first = np.unique(sheet, return_index=True)
    sheets = [(datei, blatt, *_zeitraum_des_blatts(datei, blatt)) for datei, blatt in zip(
        dated["_datei"].iloc[kept[first]], dated["_blatt"].iloc[kept[first]], strict=True)]
    jahr_of = np.array([-1 if jahr is None else jahr for _, _, jahr, _, _ in sheets], dtype=np.int64)
    allowed = np.zeros((len(sheets), 13), dtype=bool)  # [sheet, month]: a month the sheet names
    for i, (*_, monate) in enumerate(sheets):
        allowed[i, list(monate or range(1, 13))] = True
    daten = dated["datum"].iloc[kept]
    years, months = daten.dt.year.to_numpy(), daten.dt.month.to_numpy()
    wrong_year = (jahr_of[sheet] >= 0) & (years != jahr_of[sheet])
    wrong_month = ~wrong_year & ~allowed[sheet, months]
    bad = np.flatnonzero(wrong_year | wrong_month)
    bad = bad[np.argsort(sheet[bad], kind="stable")]  # sheet by sheet, as groupby yields them
    zeilen = dated["_zeile"].iloc[kept[bad]].tolist()
    for i, zeile, datum in zip(bad.tolist(), zeilen, daten.iloc[bad], strict=True):
        datei, blatt, jahr, quelle, monate = sheets[sheet[i]]
        if wrong_year[i]:
            findings.append(befund(
                Code.DATUM_JAHR_ABWEICHEND, datei, blatt, int(zeile), "Datum", f"{datum:%d.%m.%Y}",
                f"Das Datum {datum:%d.%m.%Y} liegt nicht im Jahr {jahr} {quelle}. Prüfen Sie das "
                "Jahr; gehört der Eintrag wirklich in ein anderes Jahr, tragen Sie ihn in dessen "
                "Nachweis ein."))
        else:
            genannt = ", ".join(MONATSNAMEN[m - 1] for m in monate)
            findings.append(befund(
                Code.DATUM_MONAT_ABWEICHEND, datei, blatt, int(zeile), "Datum", f"{datum:%d.%m.%Y}",
                f"Das Datum {datum:%d.%m.%Y} liegt nicht im Monat des Blatts „{blatt}“ ({genannt}). "
                "Prüfen Sie Tag und Monat; der Eintrag zählt für den "
                f"{MONATSNAMEN[datum.month - 1]}."))
    return findings
