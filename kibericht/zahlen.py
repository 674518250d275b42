"""Numbers as the user wrote them and as a German reader expects them.

Exact values: a decimal from `ki.toml` becomes an exact fraction, and euros are rounded half up
to the cent only for display::

    >>> exakt(0.75), cent(exakt(50000) / 12)
    (Fraction(3, 4), 4166.67)

German formatting for messages, terminal output and charts::

    >>> de_zahl(1234.5), de_zahl(170000, 0), de_kurz(11.5), de_kurz(24.0), de_prozent(0.5875)
    ('1.234,50', '170.000', '11,5', '24', '58,8 %')
    >>> de_zahl(2.675), stunden_wert(0.125), anteil_wert(0.58745)
    ('2,68', 0.13, 0.5875)
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def exakt(value: float) -> Fraction:
    """The decimal the user wrote in ki.toml (0.75, 22500.5) as an exact fraction."""
    return Fraction(str(value))


def auf_cent(amount: Fraction) -> Fraction:
    """Euros rounded half up to the cent (half away from zero), still exact."""
    cents = (abs(amount) * 100 + Fraction(1, 2)).__floor__()
    return Fraction(cents if amount >= 0 else -cents, 100)


def stunden_exakt(stunden: float) -> Fraction:
    """A sum of hours as the exact decimal a person reads (10,5 h, 6,3 h): binary noise below a
    nanohour (0,1 + 0,2 = 0,30000000000000004) does not decide whether a quota is met."""
    return Fraction(repr(round(float(stunden), 9)))


def cent(amount: Fraction) -> float:
    """Euros rounded half up to the cent, as a float for JSON and workbooks."""
    return float(auf_cent(amount))


def raten(betraege: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Exact amounts as instalments in whole cents that add up: each running total is the exact
    running total rounded to the cent, so the instalments sum to the rounded total and no
    instalment is more than a cent from its exact amount.

        >>> [float(r) for r in raten([Fraction(50000, 12)] * 3)]
        [4166.67, 4166.66, 4166.67]
    """
    result, exact, paid = [], Fraction(0), Fraction(0)
    for betrag in betraege:
        exact += betrag
        rate = auf_cent(exact) - paid
        result.append(rate)
        paid += rate
    return tuple(result)


def halb_auf(x: float | Fraction, stellen: int) -> Decimal:
    """`x` rounded half up (away from zero) to `stellen` decimals, as a person rounds the number
    they see: 2,675 → 2,68 (binary floating point would give 2,67)."""
    value = Decimal(repr(float(x))) if not isinstance(x, Fraction) else \
        Decimal(x.numerator) / Decimal(x.denominator)
    if not value.is_finite():
        return value
    return value.quantize(Decimal(1).scaleb(-stellen), rounding=ROUND_HALF_UP) + 0


def de_zahl(x: float | Fraction, decimals: int = 2) -> str:
    """Thousands with a dot, decimals with a comma, rounded half up."""
    text = f"{halb_auf(x, decimals):,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def de_kurz(x: float | Fraction) -> str:
    """At most two decimals and none that are zero: 11,5 · 24 · 0,25."""
    text = de_zahl(x, 2)
    return text.rstrip("0").rstrip(",")


def de_prozent(x: float | Fraction | None, decimals: int = 1) -> str:
    """A share as percent (0.5875 → 58,8 %); "–" for a share that does not exist."""
    if x is None:
        return "–"
    return de_zahl(x * 100, decimals) + " %"


def stunden_wert(x: float | Fraction) -> float:
    """Hours as shown in JSON and tables: rounded half up to 2 decimals."""
    return float(halb_auf(x, 2))


def anteil_wert(x: float | Fraction | None) -> float | None:
    """A share as shown in JSON and tables: rounded half up to 4 decimals; None stays None."""
    return None if x is None or x != x else float(halb_auf(x, 4))


def anzahl(n: int, einzahl: str, mehrzahl: str) -> str:
    """A count with the noun in singular or plural: `1 Datei`, `3 Dateien`, `0 Dateien`."""
    return f"{de_zahl(n, 0)} {einzahl if n == 1 else mehrzahl}"
