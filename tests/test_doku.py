"""The documentation as a reader meets it: a short README whose Schnellstart is the contract's, pages in
`docs/` that say whom they are for, and tables that are generated from the registers, not copied.

A page holds a generated table between two markers::

    <!-- erzeugt: schluessel (python tests/test_doku.py); nicht von Hand ändern -->
    | Schlüssel | … |
    <!-- ende: schluessel -->

`python tests/test_doku.py` fills every such block from its source (`BLOECKE`); the test below
fails while a block differs from it. The whole generated pages (`docs/befehle.md`,
`docs/befunde.md`) have their own tests (`tests/test_hilfe.py`, `tests/test_befunde.py`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BEFEHL = "python tests/test_doku.py"

SCHNELLSTART = [
    "pip install . && kibericht bericht sample_data/nachweise --config sample_data/ki.toml --monat 2025-03 "
    "--ausgabe berichte",
    'pip install ".[test]" && python -m pytest',
]
# pages generated as a whole: they say what they are in their first line, not whom they are for
GANZ_ERZEUGT = {"befehle.md", "befunde.md"}
README_HOECHSTENS = 200  # lines: an entry that fits on a few screens; the rest lives in docs/


def spalten_tabelle() -> str:
    """The columns of a Tätigkeitsnachweis and the spellings recognised, from `schemas/`."""
    from kibericht.schema import load_schema

    zeilen = ["| Spalte | Pflicht | auch erkannt als | Inhalt |", "| --- | --- | --- | --- |"]
    for c in load_schema().columns:
        aliase = ", ".join(f"`{a}`" for a in c.aliase) or "–"
        zeilen.append(f"| {c.name} | {'ja' if c.pflicht else 'nein'} | {aliase} | {c.beschreibung} |")
    return "\n".join(zeilen) + "\n"


def _schluessel() -> str:
    from kibericht.konfig import schluessel_tabelle

    return schluessel_tabelle()


def _foerdersaetze() -> str:
    from kibericht.konfig.vorschlaege import foerdersaetze_tabelle

    return foerdersaetze_tabelle()


def _meldung_schema() -> str:
    from kibericht.land.format import schema_markdown

    return schema_markdown()


BLOECKE: dict[str, Callable[[], str]] = {
    "schluessel": _schluessel,            # the keys of ki.toml (konfig.schluessel)
    "foerdersaetze": _foerdersaetze,      # the suggested amounts with source and date (schemas/)
    "meldung-schema": _meldung_schema,    # the resources and fields of the Meldung (land.format)
    "spalten": spalten_tabelle,           # the columns of a Tätigkeitsnachweis (schemas/)
}
BLOCK = re.compile(r"(<!-- erzeugt: ([a-z-]+) \([^)]*\); nicht von Hand ändern -->\n)"
                   r"(.*?)(<!-- ende: \2 -->)", re.S)


def seiten() -> list[Path]:
    """README and the pages of docs/ (not the drafts in docs/entwurf/, which are on their way in)."""
    return [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if "entwurf" not in p.parts)]


def erneuern(text: str) -> str:
    """`text` with every generated block filled from its source."""
    return BLOCK.sub(lambda m: m.group(1) + BLOECKE[m.group(2)]() + m.group(4), text)


def test_every_generated_block_is_current():
    gefunden = set()
    for seite in seiten():
        text = seite.read_text("utf-8")
        for m in BLOCK.finditer(text):
            name = m.group(2)
            assert name in BLOECKE, (seite.name, name)
            gefunden.add(name)
            assert m.group(3) == BLOECKE[name](), \
                f"{seite.relative_to(ROOT)}: block {name} is out of date: {BEFEHL}"
    assert gefunden == set(BLOECKE), "every generated table stands in the docs"


def test_a_changed_block_is_found_and_filled_again():
    alt = (f"vor\n<!-- erzeugt: spalten ({BEFEHL}); nicht von Hand ändern -->\n| alt |\n"
           "<!-- ende: spalten -->\nnach\n")
    neu = erneuern(alt)
    assert neu != alt and neu.startswith("vor\n<!--") and neu.endswith("<!-- ende: spalten -->\nnach\n")
    assert "| Datum | ja | `Tag`, `Datum der Tätigkeit` |" in neu
    assert erneuern(neu) == neu


def _codebloecke(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M)


def test_the_schnellstart_begins_with_the_two_commands_of_the_contract():
    readme = (ROOT / "README.md").read_text("utf-8")
    abschnitt = readme.split("\n## Schnellstart\n", 1)[1]
    assert _codebloecke(abschnitt)[0].splitlines() == SCHNELLSTART


def test_the_readme_is_a_short_entry_that_links_every_page():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= README_HOECHSTENS
    for seite in seiten()[1:]:
        assert f"](docs/{seite.relative_to(DOCS).as_posix()})" in readme, f"README links {seite.name}"


def test_every_page_says_whom_it_is_for():
    for seite in seiten()[1:]:
        if seite.name in GANZ_ERZEUGT:
            continue
        kopf = seite.read_text("utf-8").splitlines()[:8]
        assert kopf[0].startswith("# "), seite.name
        assert any(z.startswith("**Für wen:**") for z in kopf), f"{seite.name}: no „Für wen:“ at its top"


if __name__ == "__main__":
    for seite in seiten():
        text = seite.read_text("utf-8")
        if (neu := erneuern(text)) != text:
            seite.write_text(neu, "utf-8")
            print(f"erneuert: {seite.relative_to(ROOT)}", file=sys.stderr)
