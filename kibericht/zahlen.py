"""German number formatting for messages, terminal output and charts.

    >>> de_zahl(1234.5)
    '1.234,50'
    >>> de_zahl(170000, 0)
    '170.000'
"""

from __future__ import annotations


def de_zahl(x: float, decimals: int = 2) -> str:
    """Thousands with a dot, decimals with a comma."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")
