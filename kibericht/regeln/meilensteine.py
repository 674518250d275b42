"""Meilensteine: countable milestones measured from the logs, the others listed for a manual check.

A milestone is countable when it names a Tätigkeit and `mindestens`. Its `ist` is the number of
Termine (`zaehlt = "termine"`, the default: see `regeln.termine`; one Netzwerktreffen logged by
three staff counts once) or of entries (`zaehlt = "eintraege"`) with that Schwerpunkt and that
Tätigkeit from 1 January of its year to the Stichtag, the last day the report covers.

What is due by the Stichtag is a whole number: `mindestens` × the full months elapsed ÷ 12,
rounded down — behind means at least one whole Termin short. Status:

- "erreicht" when ist ≥ mindestens ("erreicht (über Höchstzahl)" when ist > hoechstens);
- "auf Kurs" when ist ≥ what is due by the Stichtag;
- "im Verzug" otherwise; "manuell prüfen" for a milestone that cannot be counted.

SP1 "4–6 Netzwerktreffen", Stichtag 31.03.2025: due 4 × 3/12 = 1; one meeting so far is
"auf Kurs". "mindestens 3 Veranstaltungen", Stichtag 30.06.: 3 × 6/12 = 1,5, due 1.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from kibericht.konfig import EINTRAEGE, KIConfig, Meilenstein, Schwerpunkt
from kibericht.regeln.termine import termine_je
from kibericht.zahlen import de_kurz

ERREICHT = "erreicht"
UEBER_HOECHSTZAHL = "erreicht (über Höchstzahl)"
AUF_KURS = "auf Kurs"
IM_VERZUG = "im Verzug"
MANUELL = "manuell prüfen"


def volle_monate(stichtag: dt.date) -> int:
    """Full months of its year elapsed at the end of `stichtag`: 31.03. → 3, 30.03. → 2."""
    letzter = calendar.monthrange(stichtag.year, stichtag.month)[1]
    return stichtag.month if stichtag.day == letzter else stichtag.month - 1


@dataclass(frozen=True)
class MeilensteinStand:
    schwerpunkt: Schwerpunkt
    meilenstein: Meilenstein
    stichtag: dt.date
    ist: int | None  # None: not countable

    @property
    def erreicht(self) -> bool | None:
        if self.ist is None or self.meilenstein.mindestens is None:  # not countable
            return None
        return self.ist >= self.meilenstein.mindestens

    @property
    def monate(self) -> int:
        """Full months of the year elapsed at the Stichtag."""
        return volle_monate(self.stichtag)

    @property
    def soll_anteilig(self) -> Fraction | None:
        """The pro-rata target at the Stichtag, exact: mindestens × full months ÷ 12."""
        if self.ist is None or self.meilenstein.mindestens is None:  # not countable
            return None
        return Fraction(self.meilenstein.mindestens * self.monate, 12)

    @property
    def soll_bis_stichtag(self) -> int | None:
        """What is due by the Stichtag, a whole number: the pro-rata target rounded down."""
        anteilig = self.soll_anteilig
        return None if anteilig is None else int(anteilig)  # Fraction ≥ 0: int() rounds down

    @property
    def ziel_text(self) -> str | None:
        """The year's target in whole numbers: „4–6 im Jahr“, „mindestens 3 im Jahr“."""
        m = self.meilenstein
        if m.mindestens is None:
            return None
        if m.hoechstens is not None:
            return f"{m.mindestens}–{m.hoechstens} im Jahr"
        return f"mindestens {m.mindestens} im Jahr"

    @property
    def berechnung(self) -> str | None:
        """How the due number was pro-rated, in German: „bis 31.03.2025 anteilig 1 von 4 (3 von 12
        Monaten)“, „bis 30.06.2025 anteilig 1 von 3 (6 von 12 Monaten: 1,5, abgerundet)“."""
        anteilig = self.soll_anteilig
        if anteilig is None:
            return None
        m, soll = self.meilenstein, self.soll_bis_stichtag
        if self.monate == 12:
            return f"bis {self.stichtag:%d.%m.%Y} das ganze Jahr: {m.mindestens}"
        if self.monate == 0:
            return f"bis {self.stichtag:%d.%m.%Y} anteilig 0 von {m.mindestens} (noch kein Monat vorbei)"
        genau = "" if anteilig == soll else f": {de_kurz(anteilig)}, abgerundet"
        return (f"bis {self.stichtag:%d.%m.%Y} anteilig {soll} von {m.mindestens} "
                f"({self.monate} von 12 Monaten{genau})")

    @property
    def gezaehlt(self) -> str | None:
        """What `ist` counts, in German: „Termine“ or „Einträge“."""
        if self.ist is None:
            return None
        return "Einträge" if self.meilenstein.zaehlt == EINTRAEGE else "Termine"

    @property
    def status(self) -> str:
        if self.ist is None:
            return MANUELL
        hoechstens = self.meilenstein.hoechstens
        if self.erreicht:
            return UEBER_HOECHSTZAHL if hoechstens is not None and self.ist > hoechstens else ERREICHT
        soll = self.soll_bis_stichtag
        return AUF_KURS if soll is not None and self.ist >= soll else IM_VERZUG

    def to_json(self) -> dict[str, Any]:
        m = self.meilenstein
        return {"schwerpunkt": self.schwerpunkt.id, "jahr": m.jahr, "text": m.text,
                "taetigkeit": m.taetigkeit, "mindestens": m.mindestens, "ist": self.ist,
                "erreicht": self.erreicht, "hoechstens": m.hoechstens, "status": self.status,
                "zaehlt": m.zaehlt, "stichtag": self.stichtag.isoformat(),
                "soll_bis_stichtag": self.soll_bis_stichtag, "berechnung": self.berechnung}


def meilensteine_stand(entries: pd.DataFrame, config: KIConfig, jahr: int,
                       stichtag: dt.date | None = None) -> tuple[MeilensteinStand, ...]:
    """Every milestone of `jahr`, counted from 1 January to `stichtag` (default: 31 December).

    A Stichtag in a later year counts the whole year.
    """
    ende = dt.date(jahr, 12, 31)
    stichtag = min(stichtag or ende, ende)
    leer = pd.Series(dtype="int64")
    eintraege, termine = leer, leer
    if len(entries):
        rows = entries[(entries["datum"] >= pd.Timestamp(jahr, 1, 1))
                       & (entries["datum"] < pd.Timestamp(stichtag) + pd.Timedelta(days=1))]
        eintraege = rows.groupby(["schwerpunkt", "taetigkeit"]).size()
        termine = termine_je(rows, ["schwerpunkt", "taetigkeit"])
    result = []
    for sp in config.schwerpunkte:
        for m in sp.meilensteine:
            if m.jahr != jahr:
                continue
            counts = eintraege if m.zaehlt == EINTRAEGE else termine
            ist = int(counts.get((sp.id, m.taetigkeit), 0)) if m.zaehlbar else None
            result.append(MeilensteinStand(sp, m, stichtag, ist))
    return tuple(result)


def meilensteine_json(staende: tuple[MeilensteinStand, ...]) -> list[dict[str, Any]]:
    """The `meilensteine` list of the `bericht` document: the countable milestones only."""
    return [s.to_json() for s in staende if s.ist is not None]


def meilensteine_frame(staende: tuple[MeilensteinStand, ...]) -> pd.DataFrame:
    """Meilensteine sheet: every milestone, countable or not, with its status; what is due by
    the Stichtag as a whole number."""
    rows = [{
        "Schwerpunkt": s.schwerpunkt.id,
        "Titel": s.schwerpunkt.titel,
        "Jahr": s.meilenstein.jahr,
        "Meilenstein": s.meilenstein.text,
        "Tätigkeit": s.meilenstein.taetigkeit,
        "mindestens": s.meilenstein.mindestens,
        "höchstens": s.meilenstein.hoechstens,
        "Soll bis Stichtag": s.soll_bis_stichtag,
        "Ist": s.ist,
        "Stichtag": s.stichtag,
        "Status": s.status,
    } for s in staende]
    frame = pd.DataFrame(rows, columns=["Schwerpunkt", "Titel", "Jahr", "Meilenstein", "Tätigkeit",
                                        "mindestens", "höchstens", "Soll bis Stichtag", "Ist", "Stichtag",
                                        "Status"])
    # whole counts stay whole numbers even where a manual milestone leaves a gap
    return frame.astype({"mindestens": "Int64", "höchstens": "Int64", "Soll bis Stichtag": "Int64",
                         "Ist": "Int64"})
