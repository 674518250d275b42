"""The Landesförderung Pauschale: entitlement per Stelle and month, per programme against its cap.

The contract ("Pro-rating, exactly") fixes the arithmetic. For a Stelle with the year's
Pauschale P and Stellenanteil U, in a month with D days:

- ``tagesgenau``: P/12 × Σ over its besetzt periods (days of the period in the month ÷ D × period
  umfang ÷ U);
- ``volle_monate``: P/12 × (highest umfang ÷ U among periods with at least one day in the month),
  0 for a month without a besetzt day.

FK2 at 50 000 €, vacant from 16.05. to 30.06., tagesgenau: May = 50 000/12 × 15/31 = 2 016,13 €,
June = 0 €. Under ``volle_monate`` May counts in full (4 166,67 €) and June is 0 €.

Money is computed as exact fractions. A Stelle's monthly amounts are then paid out in whole
cents that add up: each month's running total is the exact running total rounded half up to the
cent (FK1 at 50 000 €: 4 166,67 · 4 166,66 · 4 166,67 …, together exactly 50 000,00 €). A
programme's amounts are the sums of its Stellen's amounts, so every table adds up to the cent.
Stellen paid by the Land or from Eigenmittel are listed but never counted against a programme.
A funded Stelle without a Pauschale for the year counts 0 € (`pauschale-fehlt`); a programme
without a cap for the year is not capped (`hoechstbetrag-fehlt`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from kibericht.befunde import Code, Finding, befund
from kibericht.konfig import NICHT_PAUSCHAL, Besetzung, KIConfig, Stelle
from kibericht.periode import MONATSKURZ
from kibericht.regeln.kontext import Jahresdaten
from kibericht.zahlen import cent, exakt, raten

REGEL_TEXT = {"tagesgenau": "tagesgenau", "volle_monate": "volle Monate"}


def besetzte_tage(periode: Besetzung, jahr: int, monat: int) -> int:
    """Days of the period inside the month, both ends inclusive."""
    ende = dt.date(jahr, monat, calendar.monthrange(jahr, monat)[1])
    return periode.tage_zwischen(dt.date(jahr, monat, 1), ende)


def monatsanteil(stelle: Stelle, jahr: int, monat: int, anteilig: str) -> Fraction:
    """The share of P/12 the Stelle earns in a month (1 = filled all month at its full umfang)."""
    umfang = exakt(stelle.umfang)
    tage_im_monat = calendar.monthrange(jahr, monat)[1]
    perioden = [(p, besetzte_tage(p, jahr, monat)) for p in stelle.perioden(jahr)]
    if anteilig == "volle_monate":
        besetzt = [exakt(p.umfang) for p, tage in perioden if tage > 0]
        return max(besetzt) / umfang if besetzt else Fraction(0)
    return sum((Fraction(tage, tage_im_monat) * exakt(p.umfang) / umfang for p, tage in perioden),
               Fraction(0))


@dataclass(frozen=True)
class StellenAnspruch:
    """One Stelle in one year: `exakt` holds the 12 exact monthly amounts (all 0 when not
    counted), `monate` the same as instalments in whole cents that add up to `anspruch`."""

    stelle: Stelle
    pauschale: Fraction | None  # the year's value; None when the config has none for the year
    exakt: tuple[Fraction, ...]

    @property
    def monate(self) -> tuple[Fraction, ...]:
        return raten(self.exakt)

    @property
    def programm(self) -> str:
        return self.stelle.foerderung

    @property
    def gezaehlt(self) -> bool:
        """Paid from a programme's Pauschale (not by the Land, not from Eigenmittel)."""
        return self.stelle.foerderung not in NICHT_PAUSCHAL

    @property
    def anspruch(self) -> Fraction:
        return sum(self.monate, Fraction(0))


@dataclass(frozen=True)
class ProgrammAnspruch:
    """One programme in one year against its cap (`hoechstbetrag` None: no cap for the year);
    `monate` are the sums of its Stellen's monthly amounts in cents."""

    name: str
    monate: tuple[Fraction, ...]
    hoechstbetrag: Fraction | None

    @property
    def anspruch(self) -> Fraction:
        return sum(self.monate, Fraction(0))

    @property
    def foerderfaehig(self) -> Fraction:
        if self.hoechstbetrag is None:
            return self.anspruch
        return min(self.anspruch, self.hoechstbetrag)

    @property
    def ueberschreitung(self) -> Fraction:
        """How far the entitlement exceeds the cap, 0 when within it."""
        return self.anspruch - self.foerderfaehig

    @property
    def ueberschritten(self) -> bool:
        return self.ueberschreitung > 0

    @property
    def kumuliert(self) -> tuple[Fraction, ...]:
        """Running total January … December, for the chart against the cap."""
        total, result = Fraction(0), []
        for betrag in self.monate:
            total += betrag
            result.append(total)
        return tuple(result)

    def im_monat(self, monat: int) -> Fraction:
        """The programme's amount of one month (1–12), in whole cents."""
        return self.monate[monat - 1]

    def bis_monat(self, monat: int) -> Fraction:
        """January to `monat`: the sum of those months' amounts, so month + earlier months =
        year to date to the cent."""
        return self.kumuliert[monat - 1]


@dataclass(frozen=True)
class Foerderung:
    """The funding result of a year: per Stelle and per programme."""

    jahr: int
    anteilig: str
    stellen: tuple[StellenAnspruch, ...]
    programme: tuple[ProgrammAnspruch, ...]

    @property
    def regel(self) -> str:
        """The rule in words for the user: "tagesgenau" or "volle Monate"."""
        return REGEL_TEXT[self.anteilig]

    @property
    def gefoerderte_stellen(self) -> tuple[StellenAnspruch, ...]:
        return tuple(s for s in self.stellen if s.gezaehlt)

    @property
    def ueberschritten(self) -> tuple[ProgrammAnspruch, ...]:
        return tuple(p for p in self.programme if p.ueberschritten)

    def to_json(self) -> dict[str, Any]:
        """The `foerderung` document of contract §3, with a few extra keys (without warnings)."""
        return {
            "jahr": self.jahr,
            "anteilig": self.anteilig,
            "stellen": {
                s.stelle.id: {
                    "programm": s.programm,
                    "anspruch": cent(s.anspruch),
                    "monate": [cent(m) for m in s.monate],
                    "bezeichnung": s.stelle.bezeichnung,
                    "pauschale": None if s.pauschale is None else cent(s.pauschale),
                }
                for s in self.gefoerderte_stellen
            },
            "programme": {
                p.name: {
                    "anspruch": cent(p.anspruch),
                    "hoechstbetrag": None if p.hoechstbetrag is None else cent(p.hoechstbetrag),
                    "foerderfaehig": cent(p.foerderfaehig),
                    "ueberschritten": p.ueberschritten,
                    "ueberschreitung": cent(p.ueberschreitung),
                    "monate_kumuliert": [cent(m) for m in p.kumuliert],
                }
                for p in self.programme
            },
            "ohne_pauschale": {s.stelle.id: s.stelle.foerderung for s in self.stellen if not s.gezaehlt},
        }

    def stellen_frame(self) -> pd.DataFrame:
        """Förderung sheet: one row per Stelle (funded first), euros per month and the year."""
        rows = []
        for s in sorted(self.stellen, key=lambda s: not s.gezaehlt):
            row = {
                "Stelle": s.stelle.id,
                "Bezeichnung": s.stelle.bezeichnung,
                "Programm": s.programm,
                "Pauschale/Jahr": None if s.pauschale is None or not s.gezaehlt else cent(s.pauschale),
            }
            row.update({name: cent(m) for name, m in zip(MONATSKURZ, s.monate, strict=True)})
            row["Summe"] = cent(s.anspruch)
            rows.append(row)
        return pd.DataFrame(rows, columns=["Stelle", "Bezeichnung", "Programm", "Pauschale/Jahr",
                                           *MONATSKURZ, "Summe"])

    def programme_frame(self) -> pd.DataFrame:
        """Förderung sheet: each programme against its cap."""
        rows = [{
            "Programm": p.name,
            "Anspruch": cent(p.anspruch),
            "Höchstbetrag": None if p.hoechstbetrag is None else cent(p.hoechstbetrag),
            "förderfähig": cent(p.foerderfaehig),
            "Überschreitung": cent(p.ueberschreitung),
        } for p in self.programme]
        return pd.DataFrame(rows, columns=["Programm", "Anspruch", "Höchstbetrag", "förderfähig",
                                           "Überschreitung"])

    def kumuliert_frame(self) -> pd.DataFrame:
        """Cumulative euros per programme (columns) by month (index Jan … Dez), for the chart."""
        return pd.DataFrame({p.name: [cent(m) for m in p.kumuliert] for p in self.programme},
                            index=pd.Index(MONATSKURZ, name="Monat"))


def berechne_foerderung(config: KIConfig, jahr: int) -> Foerderung:
    """Entitlement of every Stelle and programme in `jahr` under `config.regeln.anteilig`."""
    anteilig = config.regeln.anteilig
    stellen: list[StellenAnspruch] = []
    for stelle in config.stellen:
        value = None if stelle.foerderung in NICHT_PAUSCHAL else stelle.pauschale.fuer(jahr)
        if value is None:
            stellen.append(StellenAnspruch(stelle, None, (Fraction(0),) * 12))
            continue
        pauschale = exakt(value)
        monate = tuple(pauschale / 12 * monatsanteil(stelle, jahr, m, anteilig) for m in range(1, 13))
        stellen.append(StellenAnspruch(stelle, pauschale, monate))

    programme = []
    for programm in config.programme:
        cap = programm.hoechstbetrag.fuer(jahr)
        eigene = [s for s in stellen if s.programm == programm.name]
        monate = tuple(sum((s.monate[i] for s in eigene), Fraction(0)) for i in range(12))
        programme.append(ProgrammAnspruch(programm.name, monate, None if cap is None else exakt(cap)))
    return Foerderung(jahr, anteilig, tuple(stellen), tuple(programme))


def check_pauschale_fehlt(k: Jahresdaten) -> list[Finding]:
    """A Stelle funded from a programme without a Pauschale for the year (it counts 0 €)."""
    return [_config_warnung(
        k.config, Code.PAUSCHALE_FEHLT, "Stelle", stelle.id,
        f"Für die Stelle {stelle.id} ist keine Pauschale für {k.jahr} angegeben; sie wird mit "
        f"0 € gerechnet. Ergänzen Sie in ki.toml z. B. pauschale = {{ {k.jahr} = 57000 }}.")
        for stelle in k.config.stellen
        if stelle.foerderung not in NICHT_PAUSCHAL and stelle.pauschale.fuer(k.jahr) is None]


def check_hoechstbetrag_fehlt(k: Jahresdaten) -> list[Finding]:
    """A programme without a cap for the year (its entitlement is not capped)."""
    return [_config_warnung(
        k.config, Code.HOECHSTBETRAG_FEHLT, "Programm", programm.name,
        f"Für das Programm {programm.name} ist kein Höchstbetrag für {k.jahr} angegeben; der "
        f"Anspruch wird nicht gedeckelt. Ergänzen Sie in ki.toml "
        f"hoechstbetrag = {{ {k.jahr} = … }}.")
        for programm in k.config.programme if programm.hoechstbetrag.fuer(k.jahr) is None]


def _config_warnung(config: KIConfig, code: Code, spalte: str, wert: str, meldung: str) -> Finding:
    # A finding about the configuration points at the config file, not at a cell of a log.
    return befund(code, config.datei, None, None, spalte, wert, meldung)
