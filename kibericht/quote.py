"""The Schwerpunkt quota: hours with a Schwerpunkt ÷ all documented hours, against the minimum.

"Die gesetzten Themenschwerpunkte sollen mindestens 50 Prozent der Arbeit des Kommunalen
Integrationszentrums abbilden." Measured for a month, a year, the year to date or the two-year
Schwerpunkt period. A month below the minimum falls short by ``minimum × hours − Schwerpunkt
hours``: August 2025 of the sample, 555,25 h of which 182,25 h with a Schwerpunkt, misses 50 % by
0,5 × 555,25 − 182,25 = 95,375 h.

A month without entries has no share (None, "–"); it is not 0 % and does not count as failing.

    >>> zeitraum = Zeitraum.parse("2025-2026")                   # doctest: +SKIP
    >>> schwerpunktquote(entries, config, zeitraum).to_json()    # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from kibericht.config import KIConfig
from kibericht.foerderung import exakt
from kibericht.soll_ist import MONATSNAMEN


@dataclass(frozen=True)
class Zeitraum:
    """Whole months from (jahr, monat) to (bis_jahr, bis_monat), both inclusive."""

    label: str  # "2025-03", "2025", "2025-2026", "2025-01 bis 2025-03"
    jahr: int
    monat: int
    bis_jahr: int
    bis_monat: int

    @classmethod
    def monat_von(cls, jahr: int, monat: int) -> Zeitraum:
        return cls(f"{jahr}-{monat:02d}", jahr, monat, jahr, monat)

    @classmethod
    def jahr_von(cls, jahr: int) -> Zeitraum:
        return cls(str(jahr), jahr, 1, jahr, 12)

    @classmethod
    def periode_von(cls, von: int, bis: int) -> Zeitraum:
        return cls(f"{von}-{bis}", von, 1, bis, 12)

    @classmethod
    def ytd(cls, jahr: int, monat: int) -> Zeitraum:
        """January up to and including `monat` (year to date)."""
        return cls(f"{jahr}-01 bis {jahr}-{monat:02d}", jahr, 1, jahr, monat)

    @classmethod
    def parse(cls, text: str) -> Zeitraum:
        """"2025-03" (a month), "2025" (a year) or "2025-2026" (a period); ValueError otherwise."""
        text = text.strip()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            jahr, monat = int(m.group(1)), int(m.group(2))
            if not 1 <= monat <= 12:
                raise ValueError(f"„{text}“: den Monat {monat} gibt es nicht (01 bis 12).")
            return cls.monat_von(jahr, monat)
        if re.fullmatch(r"\d{4}", text):
            return cls.jahr_von(int(text))
        if m := re.fullmatch(r"(\d{4})-(\d{4})", text):
            von, bis = int(m.group(1)), int(m.group(2))
            if bis < von:
                raise ValueError(f"„{text}“: das Endjahr liegt vor dem Anfangsjahr.")
            return cls.periode_von(von, bis)
        raise ValueError(f"„{text}“ ist kein Zeitraum; erwartet JJJJ-MM, JJJJ oder JJJJ-JJJJ "
                         f"(z. B. 2025-03, 2025, 2025-2026).")

    @property
    def monate(self) -> tuple[tuple[int, int], ...]:
        """Every (jahr, monat) of the period, in order."""
        result, jahr, monat = [], self.jahr, self.monat
        while (jahr, monat) <= (self.bis_jahr, self.bis_monat):
            result.append((jahr, monat))
            jahr, monat = (jahr + 1, 1) if monat == 12 else (jahr, monat + 1)
        return tuple(result)

    @property
    def von_datum(self) -> dt.date:
        return dt.date(self.jahr, self.monat, 1)

    @property
    def bis_datum(self) -> dt.date:
        """The last day of the period."""
        if self.bis_monat == 12:
            return dt.date(self.bis_jahr, 12, 31)
        return dt.date(self.bis_jahr, self.bis_monat + 1, 1) - dt.timedelta(days=1)

    def enthaelt(self, datum: pd.Series) -> pd.Series:
        """Mask of the dates (datetime64) inside the period."""
        return (datum >= pd.Timestamp(self.von_datum)) & (datum < pd.Timestamp(self.bis_datum)
                                                            + pd.Timedelta(days=1))


def monatsname(jahr: int, monat: int) -> str:
    """"August 2025"."""
    return f"{MONATSNAMEN[monat - 1]} {jahr}"


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
        missing = exakt(mindestanteil) * Fraction(self.stunden) - Fraction(self.stunden_schwerpunkte)
        return float(missing) if missing > 0 else 0.0

    def erfuellt(self, mindestanteil: float) -> bool | None:
        """None without hours: an undefined share neither passes nor fails."""
        if not self.stunden:
            return None
        return self.fehlstunden(mindestanteil) == 0


@dataclass(frozen=True)
class Monatsquote:
    jahr: int
    monat: int
    werte: Anteil
    mindestanteil: float

    @property
    def schluessel(self) -> str:
        return f"{self.jahr}-{self.monat:02d}"

    @property
    def unterschritten(self) -> bool:
        return self.werte.erfuellt(self.mindestanteil) is False

    @property
    def fehlstunden(self) -> float:
        return self.werte.fehlstunden(self.mindestanteil)


@dataclass(frozen=True)
class Quote:
    """The Schwerpunkt quota of a period, month by month, per Schwerpunkt and per Stelle."""

    zeitraum: Zeitraum
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

    def to_json(self) -> dict:
        """The `quote` document of contract §3, plus shortfalls, per Schwerpunkt and per Stelle."""
        return {
            "zeitraum": self.zeitraum.label,
            "stunden": round(self.gesamt.stunden, 2),
            "stunden_schwerpunkte": round(self.gesamt.stunden_schwerpunkte, 2),
            "anteil": _share(self.anteil),
            "mindestanteil": self.mindestanteil,
            "erfuellt": self.erfuellt,
            "monate": {m.schluessel: _share(m.werte.anteil) for m in self.monate},
            "fehlstunden": {m.schluessel: round(m.fehlstunden, 2) for m in self.monate if m.unterschritten},
            "nach_schwerpunkt": {
                sp: {"stunden": round(h, 2), "anteil": _share(self.schwerpunkt_anteil(sp))}
                for sp, h in self.nach_schwerpunkt.items()
            },
            "nach_stelle": {
                s: {"stunden": round(a.stunden, 2), "stunden_schwerpunkte": round(a.stunden_schwerpunkte, 2),
                    "anteil": _share(a.anteil)}
                for s, a in self.nach_stelle.items()
            },
        }

    def monate_frame(self) -> pd.DataFrame:
        """One row per month: Stunden, Schwerpunkt-Stunden, Anteil (NaN without hours), Fehlstunden."""
        rows = [{
            "Monat": m.schluessel,
            "Stunden": round(m.werte.stunden, 2),
            "Schwerpunkt-Stunden": round(m.werte.stunden_schwerpunkte, 2),
            "Anteil": _share(m.werte.anteil),
            "Mindestanteil": self.mindestanteil,
            "Fehlstunden": round(m.fehlstunden, 2),
        } for m in self.monate]
        return pd.DataFrame(rows, columns=["Monat", "Stunden", "Schwerpunkt-Stunden", "Anteil",
                                           "Mindestanteil", "Fehlstunden"])

    def schwerpunkte_frame(self, config: KIConfig) -> pd.DataFrame:
        titel = {sp.id: sp.titel for sp in config.schwerpunkte}
        rows = [{"Schwerpunkt": sp, "Titel": titel.get(sp, ""), "Stunden": round(h, 2),
                 "Anteil": _share(self.schwerpunkt_anteil(sp))} for sp, h in self.nach_schwerpunkt.items()]
        return pd.DataFrame(rows, columns=["Schwerpunkt", "Titel", "Stunden", "Anteil"])

    def stellen_frame(self) -> pd.DataFrame:
        rows = [{"Stelle": s, "Stunden": round(a.stunden, 2),
                 "Schwerpunkt-Stunden": round(a.stunden_schwerpunkte, 2), "Anteil": _share(a.anteil)}
                for s, a in self.nach_stelle.items()]
        return pd.DataFrame(rows, columns=["Stelle", "Stunden", "Schwerpunkt-Stunden", "Anteil"])


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _anteil(rows: pd.DataFrame) -> Anteil:
    # fsum: the correctly rounded sum, independent of the order of the rows
    return Anteil(math.fsum(rows["stunden"]), math.fsum(rows.loc[rows["schwerpunkt"].notna(), "stunden"]))


def schwerpunktquote(entries: pd.DataFrame, config: KIConfig, zeitraum: Zeitraum) -> Quote:
    """The quota of `zeitraum` from the validated entries, against `regeln.schwerpunkt_mindestanteil`."""
    mindestanteil = config.regeln.schwerpunkt_mindestanteil
    rows = entries[zeitraum.enthaelt(entries["datum"])] if len(entries) else entries
    if rows.empty:
        rows = pd.DataFrame({"datum": pd.Series(dtype="datetime64[ns]"), "stelle": pd.Series(dtype=object),
                             "schwerpunkt": pd.Series(dtype=object), "stunden": pd.Series(dtype=float)})
    jahr, monat = rows["datum"].dt.year, rows["datum"].dt.month
    monate = tuple(
        Monatsquote(j, m, _anteil(rows[(jahr == j) & (monat == m)]), mindestanteil)
        for j, m in zeitraum.monate
    )
    # configured Schwerpunkte of the period first (with 0 h), then any other id found in the data
    sp_ids = [sp.id for sp in config.schwerpunkte
              if sp.von <= zeitraum.bis_jahr and sp.bis >= zeitraum.jahr]
    sp_ids += sorted(set(rows["schwerpunkt"].dropna()) - set(sp_ids))
    nach_schwerpunkt = {sp: math.fsum(rows.loc[rows["schwerpunkt"] == sp, "stunden"]) for sp in sp_ids}
    stellen = [s.id for s in config.stellen if s.id in set(rows["stelle"])]
    nach_stelle = {s: _anteil(rows[rows["stelle"] == s]) for s in stellen}
    return Quote(zeitraum, mindestanteil, _anteil(rows), monate, nach_schwerpunkt, nach_stelle)
