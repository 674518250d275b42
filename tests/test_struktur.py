"""The package's shape: no import cycle anywhere (lazy imports included), the core never imports
click, few flat modules, every stage in its own subpackage, and data flowing one way:

    konfig → lesen → pruefen → regeln → ausgabe → ablage → land → anwendung → web, cli

A stage imports only earlier stages (and the flat modules: befunde, periode, zahlen, …); the
application layer (`anwendung`) may import every stage; no stage and no flat module imports the
application layer or a face. The faces are the command line (`cli`) and the web app (`web`):
each imports the application layer and only the helpers that render its results (befunde,
zahlen, periode, the report wording in `ausgabe.texte`; the web app also the report's sections
`ausgabe.abschnitte`, its charts `ausgabe.diagramme` and the workbook's column formats
`ausgabe.zellformate`, as its pages show what the workbook and the PDF show). The command line
imports the web app only to start it (`befehl_web` → `web.server`); the web app never imports
the command line or click. Imports under `if TYPE_CHECKING:` are names for type hints, not
dependencies, and are not counted for the faces' rules. Exactly one place exits the process."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kibericht"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(laufzeit: bool = False) -> dict[str, set[str]]:
    """Module → the kibericht modules it imports, at any depth of its code; with `laufzeit`
    without the imports for type hints only (`if TYPE_CHECKING:`)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text("utf-8"))
        nur_typen = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                     and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
                     for stmt in block.body for n in ast.walk(stmt)} if laufzeit else set()
        for node in ast.walk(tree):
            if id(node) in nur_typen:
                continue
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                    + ([base] if base else []))
                found = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                         for a in node.names]
            else:
                continue
            for target in found:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target != "kibericht":
                    targets.add(target)
        graph[name] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle():
    assert _cycle(_imports()) is None


def test_core_never_imports_click():
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "click" for n in names), path


def test_stages_are_subpackages_and_few_modules_stay_flat():
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= 12, flat
    for stage in ("konfig", "lesen", "pruefen", "regeln", "ausgabe", "ablage", "land", "anwendung", "web",
                  "cli"):
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


ORDER = ["konfig", "lesen", "pruefen", "regeln", "ausgabe", "ablage", "land", "anwendung", "web", "cli"]


def test_stages_import_only_earlier_stages():
    """Data flows one way: konfig → lesen → pruefen → regeln → ausgabe → ablage → land → anwendung → web →
    cli (the command line starts the web app; the web app never uses the command line)."""
    order = ORDER
    for module, targets in _imports().items():
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in order:
            continue
        for target in targets:
            tparts = target.split(".")
            if len(tparts) >= 2 and tparts[1] in order:
                assert order.index(tparts[1]) <= order.index(parts[1]), f"{module} → {target}"


def test_the_command_line_starts_without_the_core():
    """`kibericht --help` and `--version` answer at once: importing the commands loads neither
    pandas nor any reader, writer or chart library; they come when a command needs them."""
    import subprocess
    import sys

    heavy = ("pandas", "numpy", "pandera", "matplotlib", "reportlab", "xlsxwriter", "openpyxl",
             "python_calamine", "defusedxml", "starlette", "uvicorn", "jinja2", "python_multipart")
    code = ("import sys, kibericht.cli; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=PACKAGE.parent, check=True)
    assert done.stdout.strip() == "[]"


def test_nothing_but_the_faces_imports_the_application_layer_or_a_face():
    for module, targets in _imports().items():
        if module.startswith(("kibericht.cli", "kibericht.web", "kibericht.anwendung")) \
                or module == "kibericht.__main__":
            continue  # (`python -m kibericht` starts the command line)
        outward = sorted(t for t in targets if t.startswith(("kibericht.cli", "kibericht.web",
                                                             "kibericht.anwendung")))
        assert outward == [], module


def test_the_web_app_never_imports_the_command_line_or_click_and_only_the_command_web_starts_it():
    for module, targets in _imports().items():
        if module.startswith("kibericht.web"):
            assert not [t for t in targets if t.startswith("kibericht.cli")], module
        elif module.startswith("kibericht.cli"):
            web = sorted(t for t in targets if t.startswith("kibericht.web"))
            assert web == ([] if module != "kibericht.cli.befehl_web" else ["kibericht.web.server"]), module


def test_the_application_layer_never_imports_the_command_line():
    for module, targets in _imports().items():
        if module.startswith("kibericht.anwendung"):
            assert not [t for t in targets if t.startswith("kibericht.cli")], module


# what a face may use besides the application layer: the helpers that render its results
DARSTELLUNG = {"kibericht.befunde", "kibericht.zahlen", "kibericht.periode", "kibericht.ausgabe.texte",
               "kibericht.dateinamen"}


# … and the web app's pages show the report's sections, its charts and the workbook's formats
WEB_DARSTELLUNG = DARSTELLUNG | {"kibericht.ausgabe.abschnitte", "kibericht.ausgabe.diagramme",
                                 "kibericht.ausgabe.zellformate"}


def test_the_command_line_imports_only_the_application_layer_and_rendering_helpers():
    for module, targets in _imports(laufzeit=True).items():
        if not module.startswith("kibericht.cli"):
            continue
        other = sorted(t for t in targets if not t.startswith(("kibericht.cli", "kibericht.anwendung"))
                       and t not in DARSTELLUNG and t != "kibericht"
                       and (module, t) != ("kibericht.cli.befehl_web", "kibericht.web.server"))
        assert other == [], module


def test_the_web_app_imports_only_the_application_layer_and_rendering_helpers():
    for module, targets in _imports(laufzeit=True).items():
        if not module.startswith("kibericht.web"):
            continue
        other = sorted(t for t in targets if not t.startswith(("kibericht.web", "kibericht.anwendung"))
                       and t not in WEB_DARSTELLUNG and t != "kibericht")
        assert other == [], module


def _exits(path: Path) -> list[tuple[int, str]]:
    """Where a module ends the process: `sys.exit(…)`, `exit(…)`, `quit(…)`, `raise SystemExit`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in ("sys.exit", "exit", "quit"):
                found.append((node.lineno, name))
        elif isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if ast.unparse(raised) in ("SystemExit", "click.exceptions.Exit", "click.Exit"):
                found.append((node.lineno, "raise SystemExit"))
    return found


def test_the_command_line_exits_in_one_place():
    """Only the command group's `main` ends the process, with the code its command returned."""
    exits = {path.relative_to(PACKAGE).as_posix(): found for path in sorted(PACKAGE.rglob("*.py"))
             if (found := _exits(path))}
    assert list(exits) == ["cli/__init__.py"] and len(exits["cli/__init__.py"]) == 1, exits
    [(line, _)] = exits["cli/__init__.py"]
    tree = ast.parse((PACKAGE / "cli" / "__init__.py").read_text("utf-8"))
    [group] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "KiberichtGroup"]
    [main] = [n for n in group.body if isinstance(n, ast.FunctionDef) and n.name == "main"]
    assert main.lineno <= line <= main.end_lineno
