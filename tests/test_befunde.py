"""Finding codes: each defined once in the register `befunde.Code` with its severity and what
the program does with it; the docs' tables of codes agree with the register; no code is written
as a string anywhere else in the package."""

from __future__ import annotations

import ast
import json
import pickle
import re
from pathlib import Path

import pytest

from kibericht.befunde import (
    CODES,
    FEHLER,
    WARNUNG,
    Code,
    Finding,
    Kategorie,
    befund,
    codes_doku,
    ohne_doppelte,
    sichtbar,
)

ROOT = Path(__file__).resolve().parent.parent
TABELLENZEILE = re.compile(r"^\| `([a-z]+(?:-[a-z]+)*)` \| (fehler|warnung|hinweis) \| (.*) \|$", re.M)


def _tabellen() -> dict[Path, list[tuple[str, str, str]]]:
    """Every table of codes in the README and the docs: file → its rows (code, severity, text)."""
    found = {}
    docs = sorted(p for p in (ROOT / "docs").rglob("*.md") if "entwurf" not in p.parts)  # drafts: partial
    for path in [ROOT / "README.md", *docs]:
        if path.is_file() and (rows := TABELLENZEILE.findall(path.read_text("utf-8"))):
            found[path] = rows
    return found


def test_the_generated_page_of_codes_is_current():
    page = ROOT / "docs" / "befunde.md"
    assert page.read_text("utf-8") == codes_doku(), \
        "docs/befunde.md is out of date: python -m kibericht.befunde > docs/befunde.md"


def test_every_table_of_codes_in_the_docs_is_the_register():
    register = [(c.value, c.schwere, c.beschreibung) for c in Code]
    tabellen = _tabellen()
    assert ROOT / "docs" / "befunde.md" in tabellen
    for path, rows in tabellen.items():
        assert rows == register, path


def _code_strings(path: Path) -> list[tuple[int, str]]:
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CODES]


# strings that are a code's text by chance and mean something else: a key of ki.toml
NICHT_CODES = {("kibericht/konfig/schluessel.py", "stundentakt")}


def test_no_code_is_written_as_a_string_outside_the_register():
    register = ROOT / "kibericht" / "befunde.py"
    used = {}
    for path in sorted((ROOT / "kibericht").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        found = [(line, text) for line, text in _code_strings(path) if (name, text) not in NICHT_CODES]
        if path != register and found:
            used[name] = found
    assert used == {}
    assert _code_strings(register), "the register itself names every code: the check would find them"


def test_codes_carry_what_the_program_does_with_them():
    assert [c for c in Code if c.immer_im_zeitraum] == [Code.NACHTRAEGLICHE_AENDERUNG]
    assert [c for c in Code if c.verwirft_zeile and not c.verwirft_ohne_zeile] == \
        [Code.NACHTRAEGLICHE_AENDERUNG]
    assert {c for c in Code if c.betrifft_ablage} == {
        Code.NACHTRAEGLICHE_AENDERUNG, Code.ABSCHLUSS_UNGUELTIG, Code.ABSCHLUSS_KETTE,
        Code.ABSCHLUSS_DATEI_GEAENDERT, Code.ABSCHLUSS_DATEI_FREMD, Code.ABSCHLUSS_ZAHLEN}
    assert {c for c in Code if c.spalte_heisst == "Schlüssel"} == \
        {c for c in Code if c.value.startswith("konfig-")}
    assert Code.STUNDEN_UNGUELTIG.kategorie is Kategorie.ZEILE and Code.STUNDEN_UNGUELTIG.verwirft_zeile
    assert not Code.WOCHENENDE.verwirft_zeile and not Code.ORDNER_LEER.verwirft_ohne_zeile
    assert all(isinstance(c.kategorie, Kategorie) for c in Code)


def test_a_finding_is_json_and_pickles_as_before():
    f = befund(Code.STUNDEN_UNGUELTIG, "a.xlsx", "Jan", 5, "Stunden", "abc", "keine Zahl")
    assert json.dumps(f.to_json()) == json.dumps(
        {"schwere": "fehler", "code": "stunden-ungueltig", "datei": "a.xlsx", "blatt": "Jan", "zeile": 5,
         "spalte": "Stunden", "wert": "abc", "meldung": "keine Zahl"})
    assert type(f.to_json()["code"]) is str
    assert pickle.loads(pickle.dumps(f)) == f and pickle.loads(pickle.dumps(f)).code is Code.STUNDEN_UNGUELTIG
    assert Finding(FEHLER, "stunden-ungueltig", "a.xlsx", None, None, None, None, "").code \
        is Code.STUNDEN_UNGUELTIG


def test_a_rendered_finding_shows_control_and_bidi_characters_escaped():
    f = befund(Code.STELLE_UNBEKANNT, "a\x1b[2J.xlsx", "Jan", 5, "Stelle", "F\u202eK1",
               "Die Stelle „F\u202eK1\x00\r“ steht nicht im Stellenplan.")
    line = f.render()
    assert line == ("a\\x1b[2J.xlsx:Jan:5: fehler [stelle-unbekannt] Spalte Stelle: Die Stelle "
                    "„F\\u202eK1\\x00\\r“ steht nicht im Stellenplan.")
    assert sichtbar("zwei\nZeilen\r", zeilen=True) == "zwei\nZeilen\\r"
    assert befund(Code.KONFIG_UNGUELTIG, "ki.toml", None, 3, "umfang", "x", "m").render() == \
        "ki.toml:3: fehler [konfig-ungueltig] Schlüssel umfang: m"


def test_a_code_comes_with_its_severity():
    assert befund(Code.STUNDEN_UNGUELTIG, "a.xlsx").schwere == FEHLER
    assert befund(Code.WOCHENENDE, "a.xlsx").schwere == WARNUNG
    with pytest.raises(ValueError):
        Finding(WARNUNG, "stunden-ungueltig", "a.xlsx", None, None, None, None, "")
    with pytest.raises(KeyError):
        befund("gibt-es-nicht", "a.xlsx")


def test_a_second_error_at_the_same_cell_is_dropped_first_one_kept():
    first = befund(Code.STUNDEN_UNGUELTIG, "a.xlsx", "Jan", 5, "Stunden", "abc", "keine Zahl")
    later = befund(Code.PFLICHTFELD_LEER, "a.xlsx", "Jan", 5, "Stunden", None, "leer")
    other_cell = befund(Code.PFLICHTFELD_LEER, "a.xlsx", "Jan", 5, "Datum", None, "leer")
    warning = befund(Code.SUMME_ABWEICHEND, "a.xlsx", "Jan", 5, "Stunden", "3", "Summe")
    assert ohne_doppelte([first, later, other_cell, warning]) == [first, other_cell, warning]
