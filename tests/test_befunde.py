"""Finding codes: each defined once with its severity, each listed in the README's table, and
only defined codes are used anywhere in the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kibericht.befunde import CODES, FEHLER, WARNUNG, Finding, befund, ohne_doppelte

ROOT = Path(__file__).resolve().parent.parent


def _readme_codes() -> dict[str, str]:
    """The code tables of the README and of the documentation in docs/."""
    texts = [(ROOT / "README.md").read_text("utf-8"),
             *(p.read_text("utf-8") for p in sorted((ROOT / "docs").rglob("*.md")))]
    return dict(re.findall(r"^\| `([a-z]+(?:-[a-z]+)*)` \| (fehler|warnung|hinweis) \|", "\n".join(texts),
                           re.M))


def test_every_code_is_in_the_readme_with_its_severity():
    assert _readme_codes() == {c.name: c.schwere for c in CODES.values()}


def test_only_defined_codes_are_used_in_the_package():
    used = set()
    for path in (ROOT / "kibericht").rglob("*.py"):
        text = path.read_text("utf-8")
        used |= set(re.findall(r'befund\(\s*"([a-z-]+)"', text))
        used |= set(re.findall(r'(?:PackageError|_too_big)\(\s*"([a-z-]+)"', text))
    assert used, "no finding codes found: the pattern is wrong"
    assert used - set(CODES) == set()


def test_a_code_comes_with_its_severity():
    assert befund("stunden-ungueltig", "a.xlsx").schwere == FEHLER
    assert befund("wochenende", "a.xlsx").schwere == WARNUNG
    with pytest.raises(ValueError):
        Finding(WARNUNG, "stunden-ungueltig", "a.xlsx", None, None, None, None, "")
    with pytest.raises(KeyError):
        befund("gibt-es-nicht", "a.xlsx")


def test_a_second_error_at_the_same_cell_is_dropped_first_one_kept():
    first = befund("stunden-ungueltig", "a.xlsx", "Jan", 5, "Stunden", "abc", "keine Zahl")
    later = befund("pflichtfeld-leer", "a.xlsx", "Jan", 5, "Stunden", None, "leer")
    other_cell = befund("pflichtfeld-leer", "a.xlsx", "Jan", 5, "Datum", None, "leer")
    warning = befund("summe-abweichend", "a.xlsx", "Jan", 5, "Stunden", "3", "Summe")
    assert ohne_doppelte([first, later, other_cell, warning]) == [first, other_cell, warning]
