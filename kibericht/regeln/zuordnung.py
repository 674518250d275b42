"""Which findings and faulty rows belong to a report period, and which to other months.

Staff keep typing: while March is reported, April's entries are already in the logs, and an error
in an April row must not stop the March report. A report is blocked only by what may change its
own figures:

- a finding at a row belongs to the period when the row's date lies in it, or when the row
  stands on a sheet whose name says a month of the period („Mär 2025“, „2025-03“, „Q1“) — a
  date that contradicts its sheet may be the typo;
- a row without a usable date (`datum-ungueltig`, or a row that could not be typed) belongs to
  the period unless its sheet (or, without a year in the sheet name, its file name) rules the
  period out: an error on the sheet „Apr 2025“ is April's, one on the sheet „2025“ may be
  March's;
- a finding about a whole sheet belongs to the period unless the sheet's name rules it out;
- a finding about a whole file (unreadable, encrypted, …) or about the configuration always
  belongs to the period: it may hide entries of any month;
- a change to a closed month (`nachtraegliche-aenderung`) always belongs to the period: what was
  filed is no longer what the logs say, and the year to date builds on it.

When unsure, a finding belongs to the period (and an error then blocks the report).

    >>> zum_zeitraum(None, "TN.xlsx", "Apr 2025", Periode.parse_monat("2025-03"))
    False
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast

import numpy as np
import pandas as pd

from kibericht.befunde import FEHLER, Finding
from kibericht.periode import Periode
from kibericht.regeln.blattdatum import blatt_zeitraum, datei_jahr


def _blatt(datei: str, blatt: str | None) -> tuple[int | None, tuple[int, ...] | None]:
    """(year, months) the sheet's name says; the year from the file name when the sheet has none."""
    if blatt is None:
        return None, None
    jahr, monate = blatt_zeitraum(str(blatt))
    return (datei_jahr(str(datei)) if jahr is None else jahr), monate


def blatt_moeglich(datei: str, blatt: str | None, periode: Periode) -> bool:
    """Whether the sheet may hold entries of the period (True for a whole file: blatt None)."""
    jahr, monate = _blatt(datei, blatt)
    return any((jahr is None or y == jahr) and (monate is None or m in monate)
               for y, m in ((int(k[:4]), int(k[5:])) for k in periode.monate()))


def _widerspricht(jahre: np.ndarray, monate_: np.ndarray, jahr: int | None,
                  monate: tuple[int, ...] | None) -> np.ndarray:
    """Dates (as year and month arrays) that contradict what the sheet's name says."""
    result = np.zeros(len(jahre), dtype=bool)
    if jahr is not None:
        result |= jahre != jahr
    if monate is not None:
        result |= ~np.isin(monate_, monate)
    return result


def zeilen_im_zeitraum(rows: pd.DataFrame, periode: Periode) -> pd.Series:
    """A boolean mask: the rows (with `datum`, `_datei`, `_blatt`) that belong to `periode`:
    dated in it, or without a usable date or with a date that contradicts its sheet, on a sheet
    that may hold entries of the period."""
    if rows.empty:
        return pd.Series(False, index=rows.index, dtype=bool)
    dates = rows["datum"]
    result = periode.mask(dates).fillna(False).to_numpy(dtype=bool).copy()
    nat = dates.isna().to_numpy()
    jahre = dates.dt.year.fillna(0).to_numpy(dtype=int)
    monate_ = dates.dt.month.fillna(0).to_numpy(dtype=int)
    for schluessel, index in rows.groupby(["_datei", "_blatt"], sort=False, dropna=False).indices.items():
        datei, blatt_oder_nan = cast("tuple[str, str | float]", schluessel)  # NaN: no sheet
        blatt = None if pd.isna(blatt_oder_nan) else str(blatt_oder_nan)
        if not blatt_moeglich(datei, blatt, periode):
            continue
        jahr, monate = _blatt(datei, blatt)
        unsicher = nat[index] | _widerspricht(jahre[index], monate_[index], jahr, monate)
        result[index] |= unsicher
    return pd.Series(result, index=rows.index, dtype=bool)


def zum_zeitraum(datum: dt.date | pd.Timestamp | None, datei: str, blatt: str | None,
                 periode: Periode) -> bool:
    """Whether one row (its date; None or NaT when unusable) on `blatt` of `datei` belongs to
    `periode` (see the module docstring)."""
    row = pd.DataFrame({"datum": pd.Series([pd.NaT if datum is None else pd.Timestamp(datum)],
                                           dtype="datetime64[ns]"),
                        "_datei": [datei], "_blatt": [blatt]})
    return bool(zeilen_im_zeitraum(row, periode).iloc[0])


ORT = ["datum", "_datei", "_blatt", "_zeile"]


def zeilen_mit_ort(entries: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    """Date and place of every typed row, valid or faulty (only the columns `teile_befunde` needs,
    so a large input is not copied whole)."""
    if rejected is None or rejected.empty:
        return entries[ORT]
    return pd.concat([entries[ORT], rejected[ORT]], ignore_index=True)


def teile_befunde(findings: Iterable[Finding], rows: pd.DataFrame,
                  periode: Periode) -> tuple[list[Finding], list[Finding]]:
    """(the findings of the period, those of rows of other months); `rows` are all typed rows
    (valid and faulty) with `datum`, `_datei`, `_blatt`, `_zeile`. A finding at a row that is
    not among them (a total row, a row that could not be typed) counts as undated."""
    findings = list(findings)
    at_rows = [f for f in findings if f.zeile is not None]
    datum_of: dict[tuple[str, str | None, int | None], object] = {}
    keys = {(f.datei, f.blatt, f.zeile) for f in at_rows}
    if keys and not rows.empty:
        candidates = rows[rows["_zeile"].isin({k[2] for k in keys})]
        for key, datum in zip(zip(candidates["_datei"], candidates["_blatt"],
                                  candidates["_zeile"].tolist(), strict=True),
                              candidates["datum"], strict=True):
            if key in keys:
                datum_of[key] = datum
    frame = pd.DataFrame({
        "datum": pd.Series([datum_of.get((f.datei, f.blatt, f.zeile), pd.NaT) for f in at_rows],
                           dtype="datetime64[ns]"),
        "_datei": [f.datei for f in at_rows], "_blatt": [f.blatt for f in at_rows]})
    row_belongs = dict(zip(map(id, at_rows), zeilen_im_zeitraum(frame, periode).tolist(), strict=True))
    eigene: list[Finding] = []
    andere: list[Finding] = []
    for f in findings:
        if f.code.immer_im_zeitraum:
            gehoert = True
        elif f.zeile is not None:
            gehoert = row_belongs[id(f)]
        else:
            gehoert = blatt_moeglich(f.datei, f.blatt, periode)
        (eigene if gehoert else andere).append(f)
    return eigene, andere


def fehler_anderer_monate(andere: Iterable[Finding]) -> list[Finding]:
    """The errors among the findings of other months (their warnings are not the report's)."""
    return [f for f in andere if f.schwere == FEHLER]
