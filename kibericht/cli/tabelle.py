"""Aligned plain-text tables for the terminal output of the commands."""

from __future__ import annotations

from collections.abc import Sequence


def text_tabelle(kopf: Sequence[str], zeilen: Sequence[Sequence[str]], links: int = 1,
                 einzug: str = "  ") -> list[str]:
    """Lines of a table: the first `links` columns left-aligned, the others right-aligned.

    >>> text_tabelle(["Monat", "Stunden"], [["Januar 2025", "970,25"]])
    ['  Monat        Stunden', '  Januar 2025   970,25']
    """
    breiten = [max(len(str(z[i])) for z in [kopf, *zeilen]) for i in range(len(kopf))]

    def zeile(werte: Sequence[str]) -> str:
        zellen = [str(w).ljust(b) if i < links else str(w).rjust(b)
                  for i, (w, b) in enumerate(zip(werte, breiten, strict=True))]
        return (einzug + "  ".join(zellen)).rstrip()

    return [zeile(kopf), *(zeile(z) for z in zeilen)]
