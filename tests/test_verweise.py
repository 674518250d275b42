"""Every module the docs name exists: no docstring, comment or page points at a renamed module.

Checked are the docstrings and comments of the package, the README and the pages of `docs/`
(not the drafts in `docs/entwurf/`, which describe work on its way). Three forms of name:

- a path ending in `.py` (`lesen/paket.py`, `tests/test_read.py`, `befunde.py`): a file from the
  root, from `kibericht/` or from the mentioning module's folder; a bare file name anywhere;
- a dotted name from the package (`kibericht.befunde.Finding`): a module and its attributes;
- a dotted name in backticks relative to the package (`lesen.paket`, `befunde.CODES`), unless
  it is a key of ki.toml (`regeln.schwerpunkt_mindestanteil`).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import io
import re
import tokenize
from pathlib import Path

import pytest

from kibericht.konfig.schluessel import SCHLUESSEL

ROOT = Path(__file__).resolve().parent.parent
PAKET = ROOT / "kibericht"
OBERSTE = sorted(p.stem for p in PAKET.iterdir()
                 if not p.name.startswith("_") and (p.suffix == ".py" or (p / "__init__.py").is_file()))

PFAD = re.compile(r"(?<![\w./-])((?:[A-Za-z_][\w-]*/)*[A-Za-z_]\w*\.py)\b")
PUNKTIERT = re.compile(r"(?<![\w.])(kibericht(?:\.\w+)+)")
RELATIV = re.compile(rf"`((?:{'|'.join(OBERSTE)})(?:\.\w+)+)`")
KONFIG_SCHLUESSEL = {f"{s.tabelle}.{s.name}" for s in SCHLUESSEL}


def _docstrings_und_kommentare(path: Path) -> str:
    source = path.read_text("utf-8")
    texte = [ast.get_docstring(node, clean=False) or "" for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)]
    texte += [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type == tokenize.COMMENT]
    return "\n".join(texte)


def _texte() -> list[tuple[Path, str]]:
    module = [(p, _docstrings_und_kommentare(p)) for p in sorted(PAKET.rglob("*.py"))]
    seiten = [p for p in sorted((ROOT / "docs").rglob("*.md")) if "entwurf" not in p.parts]
    return module + [(p, p.read_text("utf-8")) for p in [ROOT / "README.md", *seiten] if p.is_file()]


def _datei_gibt_es(name: str, bei: Path) -> bool:
    if "/" not in name:
        return any(any(ordner.rglob(name)) for ordner in (PAKET, ROOT / "tests", ROOT / "benchmarks")) \
            or (ROOT / name).is_file() or (bei.parent / name).is_file()
    return any((basis / name).is_file() for basis in (ROOT, PAKET, bei.parent))


def _name_gibt_es(name: str) -> bool:
    """`kibericht.a.b.C`: the longest prefix that is a module, the rest its attributes."""
    teile = name.split(".")
    for i in range(len(teile), 0, -1):
        modul = ".".join(teile[:i])
        try:
            gefunden = importlib.util.find_spec(modul) is not None
        except ModuleNotFoundError:  # a parent is no package
            gefunden = False
        if gefunden:
            wert: object = importlib.import_module(modul)
            for attribut in teile[i:]:
                if not hasattr(wert, attribut):
                    return False
                wert = getattr(wert, attribut)
            return True
    return False


def verweise_ins_leere(texte: list[tuple[Path, str]]) -> list[tuple[str, str]]:
    """(mentioning file, name) for every name in `texte` that points at nothing."""
    leer = []
    for path, text in texte:
        wo = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        leer += [(wo, n) for n in PFAD.findall(text) if not _datei_gibt_es(n, path)]
        leer += [(wo, n) for n in PUNKTIERT.findall(text) if not _name_gibt_es(n)]
        leer += [(wo, n) for n in RELATIV.findall(text)
                 if n not in KONFIG_SCHLUESSEL and not _name_gibt_es(f"kibericht.{n}")]
    return leer


def test_every_module_named_in_docstrings_comments_and_docs_exists():
    texte = _texte()
    assert len(texte) > 100 and any(p.name == "README.md" for p, _ in texte)
    assert verweise_ins_leere(texte) == []


@pytest.mark.parametrize(("text", "leer"), [
    ("see `lesen/paket.py` and blaetter/blatt.py", []),
    ("the old `cli/pruefen.py` and report_format.py", ["cli/pruefen.py", "report_format.py"]),
    ("kibericht.befunde.Finding, kibericht.befunde.Befund, kibericht.cli.common", [
        "kibericht.befunde.Befund", "kibericht.cli.common"]),
    ("`lesen.paket`, `befunde.CODES`, `regeln.schwerpunkt_mindestanteil`, `regeln.besetzung`",
     ["regeln.besetzung"]),
])
def test_a_name_that_points_at_nothing_is_found(text, leer):
    assert [n for _, n in verweise_ins_leere([(PAKET / "ausgabe" / "__init__.py", text)])] == leer
