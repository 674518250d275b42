"""The Schwerpunkt quota: hours with a Schwerpunkt ÷ all documented hours, against the minimum.

"Die gesetzten Themenschwerpunkte sollen mindestens 50 Prozent der Arbeit des Kommunalen
Integrationszentrums abbilden." Measured for a month, a year, the year to date or the two-year
Schwerpunkt period. A month below the minimum falls short by ``minimum × hours − Schwerpunkt
hours``: August 2025 of the sample, 555,25 h of which 182,25 h with a Schwerpunkt, misses 50 % by
0,5 × 555,25 − 182,25 = 95,375 h.

A month without entries has no share (None, "–"); it is not 0 % and does not count as failing.

    >>> periode = Periode.parse_periode("2025-2026")             # doctest: +SKIP
    >>> schwerpunktquote(entries, config, periode).to_json()     # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.zahlen import anteil_wert, exakt, stunden_exakt, stunden_wert


@dataclass(frozen=True)
class Anteil:
    """Hours, Schwerpunkt hours and the share of one group (a month, a Stelle, the whole period)."""

    stunden: float
    stunden_schwerpunkte: float

    @property
    def anteil(self) -> float | None:
        """Schwerpunkt hours ÷ hours; None when no hours are documented."""
        return self.stunden_schwerpunkte / self.stunden if self.stunden else None

    def fehlstunden(self, mindestanteil: float) -> float:
        """Schwerpunkt hours missing to reach the minimum (0 when reached or without hours)."""
        soll = exakt(mindestanteil) * stunden_exakt(self.stunden)
        missing = soll - stunden_exakt(self.stunden_schwerpunkte)
        return float(missing) if missing > 0 else 0.0

    def erfuellt(self, mindestanteil: float) -> bool | None:
        """None without hours: an undefined share neither passes nor fails."""
        if not self.stunden:
            return None
        return self.fehlstunden(mindestanteil) == 0


@dataclass(frozen=True)
class Monatsquote:
    monat: str  # JJJJ-MM
    werte: Anteil
    mindestanteil: float

    @property
    def unterschritten(self) -> bool:
        return self.werte.erfuellt(self.mindestanteil) is False

    @property
    def fehlstunden(self) -> float:
        return self.werte.fehlstunden(self.mindestanteil)


@dataclass(frozen=True)
class Quote:
    """The Schwerpunkt quota of a period, month by month, per Schwerpunkt and per Stelle."""

    periode: Periode
    mindestanteil: float
    gesamt: Anteil
    monate: tuple[Monatsquote, ...]
    nach_schwerpunkt: dict[str, float]  # Schwerpunkt id → hours
    nach_stelle: dict[str, Anteil]

    @property
    def anteil(self) -> float | None:
        return self.gesamt.anteil

    @property
    def erfuellt(self) -> bool | None:
        """True/False; None when the period has no documented hours at all."""
        return self.gesamt.erfuellt(self.mindestanteil)

    @property
    def fehlstunden(self) -> float:
        return self.gesamt.fehlstunden(self.mindestanteil)

    def schwerpunkt_anteil(self, sp_id: str) -> float | None:
        """The Schwerpunkt's hours ÷ all hours of the period."""
        return self.nach_schwerpunkt[sp_id] / self.gesamt.stunden if self.gesamt.stunden else None

    def to_json(self) -> dict[str, Any]:
        """The `quote` document of contract §3, plus shortfalls, per Schwerpunkt and per Stelle."""
        return {
            "zeitraum": self.periode.label,
            "stunden": stunden_wert(self.gesamt.stunden),
            "stunden_schwerpunkte": stunden_wert(self.gesamt.stunden_schwerpunkte),
            "anteil": anteil_wert(self.anteil),
            "mindestanteil": self.mindestanteil,
            "erfuellt": self.erfuellt,
            "monate": {m.monat: anteil_wert(m.werte.anteil) for m in self.monate},
            "fehlstunden": {m.monat: stunden_wert(m.fehlstunden) for m in self.monate if m.unterschritten},
            "nach_schwerpunkt": {
                sp: {"stunden": stunden_wert(h), "anteil": anteil_wert(self.schwerpunkt_anteil(sp))}
                for sp, h in self.nach_schwerpunkt.items()
            },
            "nach_stelle": {
                s: {"stunden": stunden_wert(a.stunden),
                    "stunden_schwerpunkte": stunden_wert(a.stunden_schwerpunkte),
                    "anteil": anteil_wert(a.anteil)}
                for s, a in self.nach_stelle.items()
            },
        }

    def monate_frame(self) -> pd.DataFrame:
        """One row per month: Stunden, Schwerpunkt-Stunden, Anteil (NaN without hours), Fehlstunden."""
        rows = [{
            "Monat": m.monat,
            "Stunden": stunden_wert(m.werte.stunden),
            "Schwerpunkt-Stunden": stunden_wert(m.werte.stunden_schwerpunkte),
            "Anteil": anteil_wert(m.werte.anteil),
            "Mindestanteil": self.mindestanteil,
            "Fehlstunden": stunden_wert(m.fehlstunden),
        } for m in self.monate]
        return pd.DataFrame(rows, columns=["Monat", "Stunden", "Schwerpunkt-Stunden", "Anteil",
                                           "Mindestanteil", "Fehlstunden"])

    def schwerpunkte_frame(self, config: KIConfig) -> pd.DataFrame:
        titel = {sp.id: sp.titel for sp in config.schwerpunkte}
        rows = [{"Schwerpunkt": sp, "Titel": titel.get(sp, ""), "Stunden": stunden_wert(h),
                 "Anteil": anteil_wert(self.schwerpunkt_anteil(sp))}
                for sp, h in self.nach_schwerpunkt.items()]
        return pd.DataFrame(rows, columns=["Schwerpunkt", "Titel", "Stunden", "Anteil"])

    def stellen_frame(self) -> pd.DataFrame:
        rows = [{"Stelle": s, "Stunden": stunden_wert(a.stunden),
                 "Schwerpunkt-Stunden": stunden_wert(a.stunden_schwerpunkte), "Anteil": anteil_wert(a.anteil)}
                for s, a in self.nach_stelle.items()]
        return pd.DataFrame(rows, columns=["Stelle", "Stunden", "Schwerpunkt-Stunden", "Anteil"])


def _anteil(rows: pd.DataFrame) -> Anteil:
    # fsum: the correctly rounded sum, independent of the order of the rows
    return Anteil(math.fsum(rows["stunden"]), math.fsum(rows.loc[rows["schwerpunkt"].notna(), "stunden"]))


def _anteile_je(rows: pd.DataFrame, key: pd.Series) -> dict[Hashable, Anteil]:
    """Anteil per value of `key` in one pass (hours and Schwerpunkt hours per group)."""
    frame = pd.DataFrame({"key": key, "stunden": rows["stunden"],
                          "sp": rows["stunden"].where(rows["schwerpunkt"].notna(), 0.0)})
    sums = frame.groupby("key", sort=False)[["stunden", "sp"]].sum()
    return {k: Anteil(float(h), float(sp)) for k, h, sp in sums.itertuples()}


def schwerpunktquote(entries: pd.DataFrame, config: KIConfig, periode: Periode) -> Quote:
    """The quota of `periode` from the validated entries, against `regeln.schwerpunkt_mindestanteil`.

    For the year to date of a monthly report pass `periode.bis_jetzt()`.
    """
    mindestanteil = config.regeln.schwerpunkt_mindestanteil
    rows = entries[periode.mask(entries["datum"])] if len(entries) else entries
    if rows.empty:
        rows = pd.DataFrame({"datum": pd.Series(dtype="datetime64[ns]"), "stelle": pd.Series(dtype=object),
                             "schwerpunkt": pd.Series(dtype=object), "stunden": pd.Series(dtype=float)})
    month_key = rows["datum"].dt.year * 100 + rows["datum"].dt.month
    per_month = _anteile_je(rows, month_key)
    monate = tuple(Monatsquote(m, per_month.get(int(m[:4]) * 100 + int(m[5:]), Anteil(0.0, 0.0)),
                               mindestanteil) for m in periode.monate())
    # configured Schwerpunkte of the period first (with 0 h), then any other id found in the data
    sp_ids = [sp.id for sp in config.schwerpunkte
              if sp.von <= periode.ende.year and sp.bis >= periode.start.year]
    per_sp = rows.groupby("schwerpunkt", sort=False)["stunden"].sum()
    sp_ids += sorted(set(per_sp.index) - set(sp_ids))
    nach_schwerpunkt = {sp: float(per_sp.get(sp, 0.0)) for sp in sp_ids}
    per_stelle = _anteile_je(rows, rows["stelle"])
    nach_stelle = {s.id: per_stelle[s.id] for s in config.stellen if s.id in per_stelle}
    return Quote(periode, mindestanteil, _anteil(rows), monate, nach_schwerpunkt, nach_stelle)
