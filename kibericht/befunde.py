"""Findings: every data problem is a value with a position, never an exception.

A finding names its place as the user sees it in Excel::

    >>> f = Finding("fehler", "stunden-ungueltig", "FK1.xlsx", "Jan 2025", 14, "Stunden", "abc",
    ...             "„abc“ ist keine Stundenzahl.")
    >>> f.render()
    'FK1.xlsx:Jan 2025:14: fehler [stunden-ungueltig] Spalte Stunden: „abc“ ist keine Stundenzahl.'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

FEHLER = "fehler"
WARNUNG = "warnung"
HINWEIS = "hinweis"
SEVERITIES = (FEHLER, WARNUNG, HINWEIS)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or note about the input, with its position (file, sheet, Excel row, column)."""

    schwere: str
    code: str
    datei: str
    blatt: str | None
    zeile: int | None
    spalte: str | None
    wert: str | None
    meldung: str

    def render(self) -> str:
        """`datei:blatt:zeile: schwere [code] meldung`, the form editors can jump to."""
        place = ":".join(
            str(part) for part in (self.datei, self.blatt, self.zeile) if part not in (None, "")
        )
        column = f"Spalte {self.spalte}: " if self.spalte else ""
        return f"{place}: {self.schwere} [{self.code}] {column}{self.meldung}"

    def to_json(self) -> dict:
        return asdict(self)

    def sort_key(self) -> tuple:
        return (self.datei, self.blatt or "", self.zeile or 0, self.spalte or "", self.code)


def show_value(value: object, limit: int = 60) -> str | None:
    """The cell value as the user typed it, shortened for a message; None for an empty cell."""
    if value is None:
        return None
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def by_severity(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped as fehler / warnung / hinweis, each sorted by position."""
    groups: dict[str, list[Finding]] = {s: [] for s in SEVERITIES}
    for f in findings:
        groups[f.schwere].append(f)
    for items in groups.values():
        items.sort(key=Finding.sort_key)
    return groups


def count_codes(findings: Iterable[Finding]) -> Counter:
    """How many findings per (schwere, code), for the summary before the list."""
    return Counter((f.schwere, f.code) for f in findings)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.schwere == FEHLER for f in findings)
