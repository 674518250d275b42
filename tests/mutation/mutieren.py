"""Mutation testing of the money, quota, Soll/Ist, milestone, Termine, calendar and aggregation rules.

Run from the project root (20 to 40 minutes on 2 cores, depending on what else runs):

    python tests/mutation/mutieren.py                 # every module below
    python tests/mutation/mutieren.py quote kalender  # only these modules
    python tests/mutation/mutieren.py --liste         # list the mutants, run nothing

Each mutant changes one thing on the syntax tree of one module (a comparison `<`↔`<=`,
`>`↔`>=`, `==`↔`!=`, `is`↔`is not`, `in`↔`not in`; arithmetic `+`↔`-`, `*`↔`/`, `/`↔`//`,
`%`→`//`, `&`↔`|`; a number ±1; `and`↔`or`; `not` or unary minus removed; `min`↔`max`; a
wrapper call such as `round`, `exakt`, `Fraction`, `float` dropped; `return x` → `return None`;
an f-string format spec such as `:02d` dropped). It is written into a private copy of the project
and the module's tests run in a forked process with a timeout; heavy libraries are imported once
before forking, so a mutant costs about a second. A mutant is killed when a test fails (or the run
exceeds its timeout), and survives when every test passes.

mutmut 3 was tried first: it skips every decorated function (`@property`, `@lru_cache`), and those
hold much of the logic here (`foerderfaehig`, `status`, `feiertage`, …).

This file is a tool, not a test: pytest neither collects nor imports it (see tests/conftest.py).
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGELN = "kibericht/regeln"
# modules outside regeln/ with money logic, by their path from the project root
PFADE = {"zahlen": "kibericht/zahlen.py"}


def pfad(modul: str) -> str:
    """The module's file, from the project root."""
    return PFADE.get(modul, f"{REGELN}/{modul}.py")

# module → the test files that exercise it, the most specific and fastest first (pytest runs them in
# this order and stops at the first failure); the slow golden report tests run for the aggregation only
TESTS = {
    "foerderung": ["test_foerderung.py", "test_soll_ist.py", "test_quote.py"],
    "quote": ["test_quote.py"],
    "soll_ist": ["test_soll_ist.py"],
    "meilensteine": ["test_meilensteine.py"],
    "termine": ["test_termine.py", "test_meilensteine.py"],
    "kalender": ["test_kalender.py", "test_soll_ist.py", "test_plausibility.py"],
    "aggregation": ["test_report.py"],  # its summarize tests come first in the file
    "zahlen": ["test_zahlen.py", "test_foerderung.py", "test_quote.py"],
}

# Equivalent mutants: no input can tell them from the original. Key "module:function:mutation"
# (as printed for a survivor), value the reason in one line.
AUSGESCHLOSSEN: dict[str, str] = {
    "zahlen:auf_cent:>= → >": "cents is an int and -0 == 0: an amount of 0 gives 0 either way",
    "zahlen:raten:Fraction(…) entfernt": "start of a running total of Fractions: 0 + x is x",
    "zahlen:raten:Fraction(…) entfernt #2": "start of a running total of Fractions: 0 + x is x",
    "zahlen:halb_auf:1 → 2": "quantize uses only the exponent of its argument: 2E-2 is 1E-2",
    "zahlen:halb_auf:1 → 0": "quantize uses only the exponent of its argument: 0E-2 is 1E-2",
    "foerderung:cent:>= → >": "cents is an int and -0 == 0: an amount of 0 gives 0.0 either way",
    "foerderung:monatsanteil:Fraction(…) entfernt": "0 for a vacant month: P/12 × 0 is 0 either way",
    "foerderung:monatsanteil:Fraction(…) entfernt #3": "start of a sum of Fractions: 0 + x is x",
    "foerderung:StellenAnspruch.anspruch:Fraction(…) entfernt": "start of a sum of Fractions: 0 + x is x",
    "foerderung:ProgrammAnspruch.anspruch:Fraction(…) entfernt": "start of a sum of Fractions: 0 + x is x",
    "foerderung:ProgrammAnspruch.kumuliert:Fraction(…) entfernt": "running total from 0: 0 + x is x",
    "foerderung:berechne_foerderung:Fraction(…) entfernt": "12 × 0 for an unpaid Stelle: same sums",
    "foerderung:berechne_foerderung:Fraction(…) entfernt #2": "12 × 0 without a Pauschale: same sums",
    "foerderung:berechne_foerderung:Fraction(…) entfernt #3": "start of a sum of Fractions: 0 + x is x",
    "quote:Anteil.fehlstunden:> → >=": "a shortfall of exactly 0 is 0.0 either way",
    "quote:_anteile_je:float(…) entfernt": "numpy.float64 is a float subclass: same value, same JSON",
    "quote:_anteile_je:float(…) entfernt #2": "numpy.float64 is a float subclass: same value, same JSON",
    "quote:schwerpunktquote:float(…) entfernt": "numpy.float64 is a float subclass: same value, same JSON",
    "soll_ist:soll_stunden:Fraction(…) entfernt": "start of a sum of Fractions: 0 + x is x",
    "soll_ist:ist_stunden:int(…) entfernt": "a numpy month number hashes and compares like the int",
    "soll_ist:ist_stunden:float(…) entfernt": "numpy.float64 is a float subclass: same value, same JSON",
    "soll_ist:SollIstZeile.differenz:float(…) entfernt": "float − Fraction: the Fraction becomes a float",
    "soll_ist:SollIstZeile.quote:float(…) entfernt": "float ÷ Fraction: the Fraction becomes a float",
    "soll_ist:SollIst.summen:0 → -1": "the last row instead of the first: same Stelle, same Soll rule",
    "soll_ist:SollIst.summen:0 → -1 #3": "the last row instead of the first: the same Stelle",
    "soll_ist:SollIst.summen:Fraction(…) entfernt": "start of a sum of Fractions: 0 + x is x",
    "aggregation:summarize:int(…) entfernt": "round() of a float without digits already is an int",
    "aggregation:summarize:round(…) entfernt": "Teilnehmende are validated whole numbers: their sum is whole",
    "kalender:ostersonntag:+ → - #3": "… - 15) % 30 equals … + 15) % 30",
    "kalender:ostersonntag:8 → 9": "same Easter for every year 1583–4099 (test against dateutil)",
    "kalender:ostersonntag:25 → 24": "same Easter for every year 1583–4099 (test against dateutil)",
    "kalender:ostersonntag:451 → 450": "same Easter for every year 1583–4099 (test against dateutil)",
}

WRAPPERS = {"round", "exakt", "Fraction", "float", "int", "abs", "cent"}
COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
           ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
ARITH = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div], ast.Div: [ast.Mult, ast.FloorDiv],
         ast.FloorDiv: [ast.Div], ast.Mod: [ast.FloorDiv], ast.BitAnd: [ast.BitOr], ast.BitOr: [ast.BitAnd]}
SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
          ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.Add: "+",
          ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.BitAnd: "&",
          ast.BitOr: "|", ast.And: "and", ast.Or: "or"}


@dataclass
class Mutant:
    modul: str
    zeile: int
    funktion: str
    art: str
    quelle: str

    @property
    def schluessel(self) -> str:
        return f"{self.modul}:{self.funktion}:{self.art}"

    @property
    def ort(self) -> str:
        return f"{pfad(self.modul)}:{self.zeile}"


# --- generating mutants -------------------------------------------------------------------------

Undo = Callable[[], None]


def _set(obj: object, field: str, value: object, index: int | None = None) -> Undo:
    """Set obj.field (or obj.field[index]) and return the function that puts the old value back."""
    if index is None:
        old = getattr(obj, field)
        setattr(obj, field, value)
        return lambda: setattr(obj, field, old)
    seq = getattr(obj, field)
    old = seq[index]
    seq[index] = value
    return lambda: seq.__setitem__(index, old)


def _is_docstring(node: ast.AST) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def _mutations(node: ast.AST, parent: ast.AST, field: str,
               index: int | None) -> Iterator[tuple[str, Callable[[], Undo]]]:
    """(description, apply) for every mutation of `node`, which sits at parent.field[index]."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in COMPARE:
                new = COMPARE[type(op)]
                yield (f"{SYMBOL[type(op)]} → {SYMBOL[new]}",
                       lambda i=i, new=new: _set(node, "ops", new(), i))
    elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in ARITH:
        for new in ARITH[type(node.op)]:
            eq = "=" if isinstance(node, ast.AugAssign) else ""
            yield (f"{SYMBOL[type(node.op)]}{eq} → {SYMBOL[new]}{eq}",
                   lambda new=new: _set(node, "op", new()))
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield f"{SYMBOL[type(node.op)]} → {SYMBOL[new]}", lambda: _set(node, "op", new())
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        name = "not" if isinstance(node.op, ast.Not) else "unäres -"
        yield f"{name} entfernt", lambda: _set(parent, field, node.operand, index)
    elif (isinstance(node, ast.Constant) and isinstance(node.value, int | float)
          and not isinstance(node.value, bool)):
        for delta in (1, -1):
            value = node.value + delta
            yield f"{node.value!r} → {value!r}", lambda value=value: _set(node, "value", value)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name in ("min", "max"):
            other = "max" if name == "min" else "min"
            yield f"{name} → {other}", lambda: _set(node.func, "id", other)
        if name in WRAPPERS and node.args and not isinstance(node.args[0], ast.Starred):
            yield f"{name}(…) entfernt", lambda: _set(parent, field, node.args[0], index)
    elif (isinstance(node, ast.Return) and node.value is not None
          and not (isinstance(node.value, ast.Constant) and node.value.value is None)):
        yield "return … → return None", lambda: _set(node, "value", ast.Constant(None))
    elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
        spec = ast.unparse(node.format_spec)[2:-1]
        yield f"Format :{spec} entfernt", lambda: _set(node, "format_spec", None)


def _walk(node: ast.AST, qualname: str) -> Iterator[tuple[ast.AST, ast.AST, str, int | None, str]]:
    """(child, parent, field, index, enclosing function) below `node`, skipping what never runs
    as logic: docstrings, annotations, decorators."""
    for field, value in ast.iter_fields(node):
        if field in ("decorator_list", "returns", "annotation", "type_comment"):
            continue
        children = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, child in children:
            if not isinstance(child, ast.AST) or _is_docstring(child):
                continue
            if isinstance(child, ast.ImportFrom | ast.Import):
                continue
            name = qualname
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{qualname}.{child.name}" if qualname else child.name
            if isinstance(child, ast.JoinedStr):
                # only the format specs of an f-string, never its text
                for part in child.values:
                    if isinstance(part, ast.FormattedValue):
                        yield part, child, "values", child.values.index(part), name
                        yield from _walk(part.value, name)
                continue
            yield child, node, field, index, name
            yield from _walk(child, name)


def mutanten(modul: str) -> list[Mutant]:
    text = (ROOT / pfad(modul)).read_text("utf-8")
    tree = ast.parse(text)
    original = ast.unparse(tree)
    seen = {original}
    result = []
    for node, parent, field, index, funktion in list(_walk(tree, "")):
        for art, apply in _mutations(node, parent, field, index):
            undo = apply()
            try:
                source = ast.unparse(tree)
            finally:
                undo()
            if source in seen:
                continue
            seen.add(source)
            result.append(Mutant(modul, getattr(node, "lineno", 0), funktion or "<modul>", art, source))
    # a mutation may occur twice in one function: number the repeats so each key is unique
    count: dict[str, int] = {}
    for m in result:
        count[m.schluessel] = count.get(m.schluessel, 0) + 1
        if count[m.schluessel] > 1:
            m.art = f"{m.art} #{count[m.schluessel]}"
    return result


# --- running them -------------------------------------------------------------------------------

def _copy_project(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis", "mutation")
    for name in ("kibericht", "tests", "sample_data", "schemas"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")


def _preload() -> None:
    """Import the heavy libraries once, before forking, so each mutant starts fast."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib  # noqa: F401
    import numpy  # noqa: F401
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import pandera  # noqa: F401
    import pytest  # noqa: F401
    import xlsxwriter  # noqa: F401


def _start(slot: Path, tests: list[str]) -> int:
    """Fork a child that runs the tests in `slot` quietly; returns its pid."""
    pid = os.fork()
    if pid:
        return pid
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.chdir(slot)
        sys.path.insert(0, str(slot))
        import pytest
        code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                            *[f"tests/{t}" for t in tests]])
        kibericht = sys.modules.get("kibericht")
        if kibericht is None or not str(kibericht.__file__).startswith(str(slot)):
            code = 99  # the tests imported another copy of the package
        os._exit(int(code))
    except BaseException:
        os._exit(98)


@dataclass
class Lauf:
    mutant: Mutant | None  # None: the unmutated baseline of a module
    modul: str
    slot: int
    pid: int
    start: float
    timeout: float


def run(mutants: list[Mutant], module: list[str], jobs: int, faktor: float) -> dict[str, list]:
    """Run the baselines, then every mutant; returns module → [(mutant, outcome)]."""
    sys.dont_write_bytecode = True  # a stale .pyc of a same-sized mutant must never be loaded
    # on SIGTERM as on Ctrl-C: leave through `finally`, which ends the running children
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    _preload()
    work = Path(tempfile.mkdtemp(prefix="kibericht-mutation-"))
    slots = [work / f"slot{i}" for i in range(jobs)]
    for s in slots:
        _copy_project(s)
    originals = {m: (ROOT / pfad(m)).read_text("utf-8") for m in module}
    dauer: dict[str, float] = {}
    ergebnisse: dict[str, list] = {m: [] for m in module}
    queue: list[tuple[str, Mutant | None]] = [(m, None) for m in module]
    queue += [(m.modul, m) for m in mutants]
    frei, laeufe = list(range(jobs)), []
    fertig = 0
    try:
        while queue or laeufe:
            while frei and queue:
                modul, mutant = queue[0]
                if mutant is not None and modul not in dauer:
                    break  # wait for the module's baseline to set the timeout
                queue.pop(0)
                slot = frei.pop()
                path = slots[slot] / pfad(modul)
                path.write_text(originals[modul] if mutant is None else mutant.quelle, "utf-8")
                timeout = 600.0 if mutant is None else max(15.0, faktor * dauer[modul])
                laeufe.append(Lauf(mutant, modul, slot, _start(slots[slot], TESTS[modul]),
                                   time.monotonic(), timeout))
            time.sleep(0.02)
            for lauf in list(laeufe):
                pid, status = os.waitpid(lauf.pid, os.WNOHANG)
                elapsed = time.monotonic() - lauf.start
                if pid == 0 and elapsed < lauf.timeout:
                    continue
                if pid == 0:
                    os.killpg(lauf.pid, signal.SIGKILL)
                    os.waitpid(lauf.pid, 0)
                    outcome = "timeout"
                else:
                    code = os.waitstatus_to_exitcode(status)
                    outcome = "survived" if code == 0 else "killed"
                    if code in (98, 99) or (lauf.mutant is None and code != 0):
                        raise SystemExit(f"Grundlauf von {lauf.modul} fehlgeschlagen (Code {code}): "
                                         f"die Tests müssen ohne Mutation bestehen.")
                (slots[lauf.slot] / pfad(lauf.modul)).write_text(originals[lauf.modul], "utf-8")
                laeufe.remove(lauf)
                frei.append(lauf.slot)
                if lauf.mutant is None:
                    dauer[lauf.modul] = elapsed
                    continue
                ergebnisse[lauf.modul].append((lauf.mutant, outcome))
                fertig += 1
                if fertig % 25 == 0 or fertig == len(mutants):
                    print(f"  {fertig}/{len(mutants)} Mutanten", file=sys.stderr, flush=True)
    finally:
        for lauf in laeufe:
            os.killpg(lauf.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    return ergebnisse


def bericht(ergebnisse: dict[str, list], ausgeschlossen: list[Mutant]) -> float:
    print(f"\n{'Modul':<14}{'getötet':>9}{'Timeout':>9}{'überlebt':>10}{'gesamt':>8}{'Quote':>9}")
    total = killed = 0
    for modul, rows in ergebnisse.items():
        k = sum(o == "killed" for _, o in rows)
        t = sum(o == "timeout" for _, o in rows)
        s = sum(o == "survived" for _, o in rows)
        quote = 100 * (k + t) / len(rows) if rows else 100.0
        print(f"{modul:<14}{k:>9}{t:>9}{s:>10}{len(rows):>8}{quote:>8.1f}%")
        total += len(rows)
        killed += k + t
    quote = 100 * killed / total if total else 100.0
    print(f"{'gesamt':<14}{killed:>18}{total - killed:>10}{total:>8}{quote:>8.1f}%"
          "  (getötet einschließlich Timeout)")
    survivors = sorted((m for rows in ergebnisse.values() for m, o in rows if o == "survived"),
                       key=lambda m: (m.modul, m.zeile))
    if survivors:
        print("\nÜberlebende Mutanten:")
        for m in survivors:
            print(f"  {m.ort}  {m.funktion}: {m.art}    [{m.schluessel}]")
    if ausgeschlossen:
        print(f"\nAusgeschlossen (äquivalent): {len(ausgeschlossen)}")
        for m in ausgeschlossen:
            print(f"  {m.ort}  {m.funktion}: {m.art} – {AUSGESCHLOSSEN[m.schluessel]}")
    return quote


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="*", metavar="MODUL",
                        help=f"Module (Standard: alle): {', '.join(TESTS)}")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="parallele Läufe (Standard: 2)")
    parser.add_argument("--timeout-faktor", type=float, default=4.0,
                        help="Timeout je Mutant als Vielfaches des Grundlaufs (Standard: 4)")
    parser.add_argument("--mindestens", type=float, default=0.0,
                        help="Exit-Code 1, wenn weniger Prozent getötet werden")
    parser.add_argument("--liste", action="store_true", help="nur die Mutanten auflisten")
    args = parser.parse_args()
    module = args.module or list(TESTS)
    if unknown := [m for m in module if m not in TESTS]:
        parser.error(f"unbekanntes Modul: {', '.join(unknown)} (möglich: {', '.join(TESTS)})")
    alle = [m for modul in module for m in mutanten(modul)]
    ausgeschlossen = [m for m in alle if m.schluessel in AUSGESCHLOSSEN]
    unbekannt = set(AUSGESCHLOSSEN) - {m.schluessel for m in alle}
    if unbekannt and not args.module:
        print(f"Warnung: Ausschlüsse ohne passenden Mutanten: {sorted(unbekannt)}", file=sys.stderr)
    mutants = [m for m in alle if m.schluessel not in AUSGESCHLOSSEN]
    if args.liste:
        for m in mutants:
            print(f"{m.ort}  {m.funktion}: {m.art}")
        print(f"{len(mutants)} Mutanten, {len(ausgeschlossen)} ausgeschlossen")
        return 0
    print(f"{len(mutants)} Mutanten in {len(module)} Modulen, {args.jobs} parallel …", file=sys.stderr)
    start = time.monotonic()
    quote = bericht(run(mutants, module, args.jobs, args.timeout_faktor), ausgeschlossen)
    print(f"\nDauer: {time.monotonic() - start:.0f} s")
    return 1 if quote < args.mindestens else 0


if __name__ == "__main__":
    sys.exit(main())
