"""The schema is the one source of truth: the docs of the logs (docs/nachweise.md) and header matching
follow it."""

from __future__ import annotations

from pathlib import Path

from kibericht.schema import load_schema, norm_key

SEITE = Path(__file__).resolve().parent.parent / "docs" / "nachweise.md"


def test_every_column_and_alias_is_documented():
    text = SEITE.read_text("utf-8")
    for column in load_schema().columns:
        assert f"| {column.name} |" in text
        for alias in column.aliase:
            assert f"`{alias}`" in text, alias


def test_aliases_are_unambiguous():
    seen: dict[str, str] = {}
    for column in load_schema().columns:
        for spelling in (column.name, *column.aliase):
            key = norm_key(spelling)
            assert seen.setdefault(key, column.name) == column.name, spelling


def test_norm_key_folds_case_space_umlauts():
    assert norm_key(" Tätigkeit ") == norm_key("TAETIGKEIT") == "taetigkeit"
    assert norm_key("Stunden (h)") == "stundenh"
    assert norm_key("Mitarbeiter/in") == norm_key("Mitarbeiterin")
