"""Meilensteine: countable milestones measured from the logs, the others listed for a manual check.

A milestone is countable when it names a Tätigkeit and `mindestens`. Its `ist` is the number of
entries with that Schwerpunkt and that Tätigkeit from 1 January of its year to the end of the
reporting period (the Stichtag). Status:

- "erreicht" when ist ≥ mindestens ("erreicht (über Höchstzahl)" when ist > hoechstens);
- "auf Kurs" when ist ≥ mindestens × the share of the year elapsed at the Stichtag (day-exact);
- "im Verzug" otherwise; "manuell prüfen" for a milestone that cannot be counted.

SP1 "4–6 Netzwerktreffen", Stichtag 31.03.2025, one meeting so far: 90 of 365 days have passed,
4 × 90/365 = 0,99 ≤ 1, so the milestone is "auf Kurs".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from kibericht.konfig import KIConfig, Meilenstein, Schwerpunkt
from kibericht.zahlen import stunden_wert

ERREICHT = "erreicht"
UEBER_HOECHSTZAHL = "erreicht (über Höchstzahl)"
AUF_KURS = "auf Kurs"
IM_VERZUG = "im Verzug"
MANUELL = "manuell prüfen"


def jahresanteil(stichtag: dt.date) -> Fraction:
    """Share of its year elapsed at the end of `stichtag`: 31.03.2025 → 90/365."""
    anfang = dt.date(stichtag.year, 1, 1)
    tage_im_jahr = (dt.date(stichtag.year + 1, 1, 1) - anfang).days
    return Fraction((stichtag - anfang).days + 1, tage_im_jahr)


@dataclass(frozen=True)
class MeilensteinStand:
    schwerpunkt: Schwerpunkt
    meilenstein: Meilenstein
    stichtag: dt.date
    ist: int | None  # None: not countable

    @property
    def erreicht(self) -> bool | None:
        if self.ist is None:
            return None
        return self.ist >= self.meilenstein.mindestens

    @property
    def soll_bis_stichtag(self) -> Fraction | None:
        """The pro-rata count expected at the Stichtag (mindestens × elapsed share of the year)."""
        if self.ist is None:
            return None
        return self.meilenstein.mindestens * jahresanteil(self.stichtag)

    @property
    def status(self) -> str:
        if self.ist is None:
            return MANUELL
        hoechstens = self.meilenstein.hoechstens
        if self.erreicht:
            return UEBER_HOECHSTZAHL if hoechstens is not None and self.ist > hoechstens else ERREICHT
        return AUF_KURS if self.ist >= self.soll_bis_stichtag else IM_VERZUG

    def to_json(self) -> dict:
        m = self.meilenstein
        return {"schwerpunkt": self.schwerpunkt.id, "jahr": m.jahr, "text": m.text,
                "taetigkeit": m.taetigkeit, "mindestens": m.mindestens, "ist": self.ist,
                "erreicht": self.erreicht, "hoechstens": m.hoechstens, "status": self.status}


def meilensteine_stand(entries: pd.DataFrame, config: KIConfig, jahr: int,
                       stichtag: dt.date | None = None) -> tuple[MeilensteinStand, ...]:
    """Every milestone of `jahr`, counted from 1 January to `stichtag` (default: 31 December).

    A Stichtag in a later year counts the whole year; the elapsed share is capped at 1.
    """
    ende = dt.date(jahr, 12, 31)
    stichtag = min(stichtag or ende, ende)
    if len(entries):
        rows = entries[(entries["datum"] >= pd.Timestamp(jahr, 1, 1))
                       & (entries["datum"] < pd.Timestamp(stichtag) + pd.Timedelta(days=1))]
        counts = rows.groupby(["schwerpunkt", "taetigkeit"]).size()
    else:
        counts = pd.Series(dtype=int)
    result = []
    for sp in config.schwerpunkte:
        for m in sp.meilensteine:
            if m.jahr != jahr:
                continue
            ist = int(counts.get((sp.id, m.taetigkeit), 0)) if m.zaehlbar else None
            result.append(MeilensteinStand(sp, m, stichtag, ist))
    return tuple(result)


def meilensteine_json(staende: tuple[MeilensteinStand, ...]) -> list[dict]:
    """The `meilensteine` list of the `bericht` document: the countable milestones only."""
    return [s.to_json() for s in staende if s.ist is not None]


def meilensteine_frame(staende: tuple[MeilensteinStand, ...]) -> pd.DataFrame:
    """Meilensteine sheet: every milestone, countable or not, with its status."""
    rows = [{
        "Schwerpunkt": s.schwerpunkt.id,
        "Titel": s.schwerpunkt.titel,
        "Jahr": s.meilenstein.jahr,
        "Meilenstein": s.meilenstein.text,
        "Tätigkeit": s.meilenstein.taetigkeit,
        "mindestens": s.meilenstein.mindestens,
        "höchstens": s.meilenstein.hoechstens,
        "Soll bis Stichtag": None if s.soll_bis_stichtag is None else stunden_wert(s.soll_bis_stichtag),
        "Ist": s.ist,
        "Stichtag": s.stichtag,
        "Status": s.status,
    } for s in staende]
    frame = pd.DataFrame(rows, columns=["Schwerpunkt", "Titel", "Jahr", "Meilenstein", "Tätigkeit",
                                        "mindestens", "höchstens", "Soll bis Stichtag", "Ist", "Stichtag",
                                        "Status"])
    # whole counts stay whole numbers even where a manual milestone leaves a gap
    return frame.astype({"mindestens": "Int64", "höchstens": "Int64", "Ist": "Int64"})
