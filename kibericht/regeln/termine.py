"""Termine: where people count events, an event logged by several Stellen counts once.

Three staff who attend one Netzwerktreffen log three entries; a Leitung counts one
Netzwerktreffen, and its participants once. Entries with the same date, Tätigkeit, Schwerpunkt
and Kommune are one Termin (an empty Schwerpunkt or Kommune counts as a value of its own). The
participants of a Termin are the largest number any of its entries gives, not their sum:

    FK1  12.03.  Netzwerktreffen  SP1  Alsdorf  18 Teilnehmende
    FK2  12.03.  Netzwerktreffen  SP1  Alsdorf  20 Teilnehmende   → one Termin, 20 Teilnehmende
    L1   12.03.  Netzwerktreffen  SP1  Alsdorf   –

The rule cannot tell two Termine of the same kind on the same day in the same Kommune apart (two
separate Beratungen in Alsdorf on one day count as one Termin with the larger number of
participants); the log has no column that would.

This is the one place that groups entries into Termine: the milestones (`meilensteine`, when a
milestone counts Termine) and every participant figure of a report (`aggregation`, `vergleich`)
use it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

TERMIN_MERKMALE = ["datum", "taetigkeit", "schwerpunkt", "kommune"]


def termin_nummern(entries: pd.DataFrame) -> pd.Series:
    """The number of each entry's Termin (0, 1, …; equal numbers: the same Termin)."""
    return entries.groupby(TERMIN_MERKMALE, dropna=False, sort=False).ngroup()


def anzahl_termine(entries: pd.DataFrame) -> int:
    """How many distinct Termine the entries hold."""
    return termin_nummern(entries).nunique()


def teilnehmende_einmal(entries: pd.DataFrame) -> pd.Series:
    """The participants of each Termin, counted once: per entry, the Termin's participants on
    exactly one of its entries (of those that give the largest number, the first by Handlungsfeld
    and Stelle, whatever the order of the rows), NaN on the others.

    Summed over any grouping of the entries (by Tätigkeit, Kommune, Schwerpunkt, Handlungsfeld),
    it gives the participants of the group's Termine, and all groups together give the total
    (`teilnehmende`)."""
    tn = entries["teilnehmende"].astype("float64")
    mit = np.flatnonzero(tn.notna().to_numpy())  # only entries that give a number carry
    if not len(mit):
        return tn
    nummer = termin_nummern(entries.iloc[mit]).to_numpy()
    werte = tn.to_numpy()[mit]
    groesste = pd.Series(werte).groupby(nummer).transform("max").to_numpy()
    kandidaten = np.flatnonzero(werte == groesste)
    hf = entries["handlungsfeld"].astype(str).to_numpy()[mit][kandidaten]
    stelle = entries["stelle"].astype(str).to_numpy()[mit][kandidaten]
    folge = kandidaten[np.lexsort((stelle, hf, nummer[kandidaten]))]
    traeger = folge[np.r_[True, nummer[folge][1:] != nummer[folge][:-1]]]
    out = np.full(len(tn), np.nan)
    out[mit[traeger]] = werte[traeger]
    return pd.Series(out, index=tn.index, name=tn.name)


def teilnehmende(entries: pd.DataFrame) -> int:
    """The participants of all Termine of the entries, each Termin counted once."""
    # whole numbers: their float sum is exact
    return int(math.fsum(teilnehmende_einmal(entries).dropna()))


def termine_je(entries: pd.DataFrame, merkmale: list[str]) -> pd.Series:
    """The number of Termine per value of `merkmale` (a subset of `TERMIN_MERKMALE`, e.g.
    Schwerpunkt and Tätigkeit); empty values are left out."""
    if entries.empty:
        return pd.Series(dtype="int64")
    return entries.loc[~termin_nummern(entries).duplicated(), merkmale].groupby(merkmale).size()
