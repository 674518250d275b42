"""Report periods: a month (`2025-03`), a year (`2025`) or a two-year period (`2025-2026`).

    >>> p = Periode.parse_monat("2025-03"); (p.label, p.start.isoformat(), p.ende.isoformat())
    ('2025-03', '2025-03-01', '2025-03-31')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

MONATSNAMEN = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
               "Oktober", "November", "Dezember"]
MONATSKURZ = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]


class PeriodeError(ValueError):
    """A period argument that cannot be understood (German message)."""


@dataclass(frozen=True)
class Periode:
    art: str  # "monat" | "jahr" | "periode"
    start: dt.date
    ende: dt.date  # inclusive
    label: str

    @classmethod
    def parse_monat(cls, text: str) -> Periode:
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise PeriodeError(f"„{text}“ ist kein Monat. Schreiben Sie JJJJ-MM, z. B. 2025-03.")
        year, month = int(m.group(1)), int(m.group(2))
        last = calendar.monthrange(year, month)[1]
        return cls("monat", dt.date(year, month, 1), dt.date(year, month, last), f"{year}-{month:02d}")

    @classmethod
    def parse_jahr(cls, text: str | int) -> Periode:
        m = re.fullmatch(r"\s*(\d{4})\s*", str(text))
        if not m:
            raise PeriodeError(f"„{text}“ ist kein Jahr. Schreiben Sie JJJJ, z. B. 2025.")
        year = int(m.group(1))
        return cls("jahr", dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))

    @classmethod
    def parse_periode(cls, text: str) -> Periode:
        m = re.fullmatch(r"\s*(\d{4})\s*[-–/]\s*(\d{4})\s*", text or "")
        if not m or int(m.group(2)) < int(m.group(1)):
            raise PeriodeError(f"„{text}“ ist kein Zeitraum. Schreiben Sie JJJJ-JJJJ, z. B. 2025-2026.")
        a, b = int(m.group(1)), int(m.group(2))
        return cls("periode", dt.date(a, 1, 1), dt.date(b, 12, 31), f"{a}-{b}")

    @property
    def jahr(self) -> int:
        return self.ende.year

    @property
    def jahresbeginn(self) -> dt.date:
        """1 January of the period's (last) year: the start of the year to date."""
        return dt.date(self.ende.year, 1, 1)

    def monate(self) -> list[str]:
        """Every month of the period as JJJJ-MM."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.ende.year, self.ende.month):
            out.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    @property
    def titel(self) -> str:
        if self.art == "monat":
            return f"{MONATSNAMEN[self.start.month - 1]} {self.start.year}"
        if self.art == "jahr":
            return f"Jahr {self.start.year}"
        return f"Zeitraum {self.start.year}–{self.ende.year}"

    def mask(self, dates: pd.Series) -> pd.Series:
        import pandas as pd  # not at import time: `kibericht --help` must not wait for pandas

        return (dates >= pd.Timestamp(self.start)) & (dates <= pd.Timestamp(self.ende))

    def bis_jetzt(self) -> Periode:
        """The year to date: 1 January of the period's year to its end."""
        return Periode("jahr", self.jahresbeginn, self.ende, f"{self.ende.year} bis {self.label}")
