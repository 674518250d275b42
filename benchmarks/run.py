"""Time `kibericht pruefen` and `kibericht bericht --jahr` on generated logs and compare them with a
bare read of the same files (pandas + openpyxl, pandas + calamine, python-calamine alone).

    python benchmarks/run.py                       # 10k, 100k, 1M rows and a folder of 500 files
    python benchmarks/run.py --schnell             # without 1M (the openpyxl read alone takes minutes)
    python benchmarks/run.py --groessen 10k,100k --wiederholungen 5

Every figure is a whole command in a fresh process (interpreter start and imports included), the
median of N runs; peak memory is the child's maximum resident set size. The targets of issue 5 are
checked at the end; the exit code is 0 when every measured target is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import erzeugen  # noqa: E402

GROESSEN = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
ORDNER = "ordner"  # 500 workbooks of about 200 entries each
GB = 1e9

READ_PANDAS = """
import sys
from pathlib import Path
import pandas as pd
path = Path(sys.argv[2])
for f in (sorted(path.rglob("*.xlsx")) if path.is_dir() else [path]):
    pd.read_excel(f, engine=sys.argv[1], sheet_name=None, header=None)
"""
READ_CALAMINE = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
path = Path(sys.argv[1])
for f in (sorted(path.rglob("*.xlsx")) if path.is_dir() else [path]):
    wb = CalamineWorkbook.from_path(str(f))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
"""


@dataclass
class Messung:
    groesse: str
    befehl: str
    sekunden: list[float] = field(default_factory=list)
    spitze_mib: list[float] = field(default_factory=list)
    exit_codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.sekunden)

    @property
    def spitze(self) -> float:
        return max(self.spitze_mib)


def run_once(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak resident MiB, exit code) of one fresh child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is KiB on Linux


def befehle(groesse: str, eingabe: Path, toml: Path, ausgabe: Path, schnell: bool) -> dict[str, list[str]]:
    py = sys.executable
    kibericht = [py, "-m", "kibericht"]
    commands = {
        "pruefen": [*kibericht, "pruefen", str(eingabe), "--config", str(toml)],
        "bericht --jahr": [*kibericht, "bericht", str(eingabe), "--config", str(toml), "--jahr",
                           str(erzeugen.JAHR), "--ausgabe", str(ausgabe)],
        "pandas + calamine": [py, "-c", READ_PANDAS, "calamine", str(eingabe)],
        "python-calamine": [py, "-c", READ_CALAMINE, str(eingabe)],
        "pandas + openpyxl": [py, "-c", READ_PANDAS, "openpyxl", str(eingabe)],
    }
    if schnell and groesse == "1m":
        del commands["pandas + openpyxl"]
    return commands


def measure(groessen: list[str], runs: int, schnell: bool, daten: Path) -> list[Messung]:
    results: list[Messung] = []
    env_root = str(HERE.parent)
    os.environ["PYTHONPATH"] = env_root + os.pathsep + os.environ.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory(prefix="kibericht-bench-") as tmp:
        for groesse in groessen:
            if groesse == ORDNER:
                eingabe, toml = erzeugen.ordner(daten, 500, 200)
            else:
                eingabe, toml = erzeugen.grosse_mappe(daten, GROESSEN[groesse])
            commands = befehle(groesse, eingabe, toml, Path(tmp) / groesse, schnell)
            messungen = {name: Messung(groesse, name) for name in commands}
            if groesse != "1m":  # warm the file cache and the bytecode; at 1M the first run does it
                for command in commands.values():
                    run_once(command)
            for i in range(runs):
                for name, command in commands.items():
                    seconds, mib, code = run_once(command)
                    m = messungen[name]
                    m.sekunden.append(seconds)
                    m.spitze_mib.append(mib)
                    m.exit_codes.add(code)
                    print(f"  {groesse:>6} {name:<18} Lauf {i + 1}/{runs}: {seconds:7.2f} s  "
                          f"{mib:7.0f} MiB  (Exit {code})", file=sys.stderr, flush=True)
            results.extend(messungen.values())
    return results


@dataclass
class Ziel:
    text: str
    wert: str
    erfuellt: bool


def check_targets(results: list[Messung]) -> list[Ziel]:
    by = {(m.groesse, m.befehl): m for m in results}
    ziele: list[Ziel] = []

    def ratio(a: tuple[str, str], b: tuple[str, str], limit: float, text: str) -> None:
        if a in by and b in by:
            r = by[a].median / by[b].median
            ziele.append(Ziel(text, f"{r:.2f}".replace(".", ","), r <= limit))

    ratio(("100k", "pruefen"), ("100k", "pandas + openpyxl"), 0.2,
          "`pruefen` 100k ≤ 0,2 × pandas + openpyxl")
    ratio(("100k", "pruefen"), ("100k", "pandas + calamine"), 2.0,
          "`pruefen` 100k ≤ 2 × pandas + calamine")
    if ("1m", "pruefen") in by:
        m = by[("1m", "pruefen")]
        ziele.append(Ziel("`pruefen` 1M ≤ 30 s", _de(m.median, "s"), m.median <= 30))
        ziele.append(Ziel("`pruefen` 1M ≤ 2,5 GB Spitze", _de(m.spitze * 2**20 / GB, "GB"),
                          m.spitze * 2**20 <= 2.5 * GB))
    ratio((ORDNER, "bericht --jahr"), (ORDNER, "pruefen"), 2.0,
          "`bericht --jahr` 500 Dateien ≤ 2 × `pruefen`")
    return ziele


def _de(x: float, unit: str) -> str:
    return f"{x:.2f} {unit}".replace(".", ",")


def table(results: list[Messung]) -> str:
    names = list(dict.fromkeys(m.befehl for m in results))
    sizes = list(dict.fromkeys(m.groesse for m in results))
    by = {(m.groesse, m.befehl): m for m in results}
    label = {"10k": "10.000 Zeilen", "100k": "100.000 Zeilen", "1m": "1.000.000 Zeilen",
             ORDNER: "500 Dateien (≈ 100.000 Zeilen)"}
    lines = ["| Befehl | " + " | ".join(label[s] for s in sizes) + " |",
             "| --- |" + " --- |" * len(sizes)]
    for name in names:
        cells = []
        for s in sizes:
            m = by.get((s, name))
            cells.append("–" if m is None else f"{_de(m.median, 's')} ({m.spitze:.0f} MiB)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groessen", default="10k,100k,1m,ordner",
                        help="Komma-getrennt aus 10k, 100k, 1m, ordner (Standard: alle)")
    parser.add_argument("--wiederholungen", type=int, default=3, help="Läufe je Befehl (Median)")
    parser.add_argument("--schnell", action="store_true", help="ohne 1M (und ohne openpyxl bei 1M)")
    parser.add_argument("--daten", type=Path, default=HERE / "daten", help="Ordner für die Testdaten")
    args = parser.parse_args()
    groessen = [g.strip().lower() for g in args.groessen.split(",") if g.strip()]
    unknown = [g for g in groessen if g not in (*GROESSEN, ORDNER)]
    if unknown:
        parser.error(f"unbekannte Größe(n): {', '.join(unknown)}")
    if args.schnell:
        groessen = [g for g in groessen if g != "1m"]
    results = measure(groessen, args.wiederholungen, args.schnell, args.daten)
    print(f"\nMedian von {args.wiederholungen} Läufen je ganzer Befehl, in Klammern der höchste "
          "Speicherbedarf (RSS).\n")
    print(table(results))
    ziele = check_targets(results)
    if ziele:
        print("\n| Ziel (Issue 5) | gemessen | |\n| --- | --- | --- |")
        for z in ziele:
            print(f"| {z.text} | {z.wert} | {'erfüllt' if z.erfuellt else 'nicht erfüllt'} |")
    failed = sorted({f"{m.groesse} {m.befehl}: Exit {c}" for m in results for c in m.exit_codes
                     if c != 0})
    if failed:
        print("\nBefehle mit Exit-Code ≠ 0: " + "; ".join(failed))
    return 0 if all(z.erfuellt for z in ziele) else 1


if __name__ == "__main__":
    raise SystemExit(main())
