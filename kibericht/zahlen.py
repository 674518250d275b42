"""Numbers as the user wrote them and as a German reader expects them.

Exact values: a decimal from `ki.toml` becomes an exact fraction, and euros are rounded half up
to the cent only for display::

    >>> exakt(0.75), cent(exakt(50000) / 12)
    (Fraction(3, 4), 4166.67)

German formatting for messages, terminal output and charts::

    >>> de_zahl(1234.5), de_zahl(170000, 0), de_kurz(11.5), de_kurz(24.0), de_prozent(0.5875)
    ('1.234,50', '170.000', '11,5', '24', '58,8 %')
"""

from __future__ import annotations

from fractions import Fraction


def exakt(value: float) -> Fraction:
    """The decimal the user wrote in ki.toml (0.75, 22500.5) as an exact fraction."""
    return Fraction(str(value))


def cent(amount: Fraction) -> float:
    """Euros rounded half up to the cent, as a float for JSON and workbooks."""
    cents = (abs(amount) * 100 + Fraction(1, 2)).__floor__()
    return (cents if amount >= 0 else -cents) / 100


def de_zahl(x: float, decimals: int = 2) -> str:
    """Thousands with a dot, decimals with a comma."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def de_kurz(x: float) -> str:
    """At most two decimals and none that are zero: 11,5 · 24 · 0,25."""
    text = de_zahl(x, 2)
    return text.rstrip("0").rstrip(",")


def de_prozent(x: float | None, decimals: int = 1) -> str:
    """A share as percent (0.5875 → 58,8 %); "–" for a share that does not exist."""
    if x is None:
        return "–"
    return de_zahl(x * 100, decimals) + " %"


def stunden_wert(x: float) -> float:
    """Hours as shown in JSON and tables: rounded to 2 decimals."""
    return round(float(x) + 0.0, 2)


def anteil_wert(x: float | None) -> float | None:
    """A share as shown in JSON and tables: rounded to 4 decimals; None stays None."""
    return None if x is None or x != x else round(float(x), 4)
