"""Property tests: random tables with random damage never break reading, and valid hours add up.

Each example writes a workbook with valid rows, damaged rows (each damage is a data error),
blank rows and random title rows, with shuffled and aliased headers and maybe a missing column.
Then `load_entries` must not raise, every cell finding must have a position, and the hours of
the valid rows must come out exactly (quarter hours are exact in binary floating point).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.schema import norm_key
from tests.conftest import HEADER, KI_TOML, write_xlsx

ALIASES = {"Stunden": ["Std.", "Stunden (h)", "Dauer"], "Tätigkeit": ["Taetigkeit", "Art der Tätigkeit"],
           "Teilnehmende": ["TN", "Anzahl Teilnehmende"], "Schwerpunkt": ["Themenschwerpunkt"],
           "Mitarbeiter/in": ["Name"], "Beschreibung": ["Bemerkung"]}
REQUIRED = {"Datum", "Stelle", "Handlungsfeld", "Tätigkeit", "Stunden"}
SUMME = re.compile(r"(?i)^\s*(summe|gesamt|gesamtsumme|insgesamt|total)\b")
STELLEN = {"fk1", "fk2", "l1"}

SETTINGS = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def config():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ki.toml"
        path.write_text(KI_TOML, "utf-8")
        yield load_config(path)


odd_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda t: t.strip() and not SUMME.match(t) and not t.strip().startswith("="))
quarters = st.integers(1, 32).map(lambda q: q / 4)


@st.composite
def valid_row(draw) -> dict:
    return {
        "Datum": dt.date(2025, 3, draw(st.integers(1, 31))),
        "Stelle": draw(st.sampled_from(["FK1", "fk1", " L1 "])),
        "Mitarbeiter/in": draw(st.one_of(st.none(), odd_text)),
        "Handlungsfeld": draw(st.sampled_from(["Bildung", "Integration durch Bildung", "KIM"])),
        "Schwerpunkt": draw(st.sampled_from([None, "SP1", "-", "kein"])),
        "Tätigkeit": draw(st.sampled_from(["Beratung", "netzwerktreffen", "Öffentlichkeitsarbeit"])),
        "Kommune": draw(st.sampled_from([None, "Alfter", "KREISWEIT"])),
        "Stunden": draw(st.one_of(quarters, quarters.map(lambda h: f"{h:g}".replace(".", ",")))),
        "Teilnehmende": draw(st.one_of(st.none(), st.integers(0, 10**6))),
        "Beschreibung": draw(st.one_of(st.none(), odd_text)),
    }


@st.composite
def damaged_row(draw) -> tuple[dict, str]:
    """A row with one data error, and the column that holds it."""
    row = draw(valid_row())
    kind = draw(st.sampled_from(["text", "huge", "negative", "stelle", "leer", "datum", "tn"]))
    column = {"stelle": "Stelle", "datum": "Datum", "tn": "Teilnehmende"}.get(kind, "Stunden")
    if kind == "text":
        row["Stunden"] = draw(odd_text.filter(lambda t: not re.search(r"\d", t)))
    elif kind == "huge":
        row["Stunden"] = draw(st.sampled_from([1e30, 10**20, 25, 1e308]))
    elif kind == "negative":
        row["Stunden"] = -draw(quarters)
    elif kind == "stelle":
        row["Stelle"] = draw(odd_text.filter(lambda t: norm_key(t) not in STELLEN))
    elif kind == "leer":
        column = draw(st.sampled_from(sorted(REQUIRED)))
        row[column] = None
    elif kind == "datum":
        row["Datum"] = draw(st.sampled_from(["32.13.2025", "gestern", "01.01.1899", "2999-12-31"]))
    else:
        row["Teilnehmende"] = draw(st.sampled_from([-1, 2.5, "viele"]))
    return row, column


@st.composite
def table(draw):
    header = draw(st.permutations(HEADER))
    header = [draw(st.sampled_from([name, *ALIASES.get(name, [])])) for name in header]
    dropped = draw(st.sampled_from([None] * 8 + HEADER))
    lines = [("valid", r) for r in draw(st.lists(valid_row(), min_size=1, max_size=12))]
    for row, column in draw(st.lists(damaged_row(), max_size=6)):
        # damage in a column that is left out does no harm
        lines.append(("valid" if column == dropped else "bad", row))
    lines += [("blank", None)] * draw(st.integers(0, 4))
    lines = draw(st.permutations(lines))
    titles = draw(st.lists(odd_text, max_size=3))
    return header, dropped, lines, titles


def canonical_name(spelling: str) -> str:
    for name in HEADER:
        if spelling == name or spelling in ALIASES.get(name, []):
            return name
    raise AssertionError(spelling)


@SETTINGS
@given(data=table())
def test_random_damage_never_breaks_reading(config, data):
    header, dropped, lines, titles = data
    columns = [h for h in header if canonical_name(h) != dropped]
    rows = [[t] for t in titles] + [columns]
    for kind, row in lines:
        rows.append([] if kind == "blank" else [row[canonical_name(h)] for h in columns])
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "fuzz.xlsx", {"März": rows})
        result = load_entries([path], config)

    for f in result.findings:
        assert f.datei and f.meldung
        if f.spalte is not None:
            assert f.blatt and f.zeile, f
    valid = [row for kind, row in lines if kind == "valid"]
    written = len(valid) + sum(kind == "bad" for kind, _ in lines)
    assert result.rows_in == written
    assert result.rows_in == len(result.entries) + len(result.rejected) + result.rows_unprocessed
    if dropped in REQUIRED:
        assert result.entries.empty and result.rows_unprocessed == written
        return
    hours = sum(float(str(r["Stunden"]).replace(",", ".")) for r in valid)
    assert len(result.entries) == len(valid)
    assert result.entries["stunden"].sum() == hours
    assert len(result.rejected) == written - len(valid)
