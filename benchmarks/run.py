"""Time kibericht at the real scale: many small workbooks, one huge one, and the start-up.

    python benchmarks/run.py                       # everything (about 15 minutes on 2 cores)
    python benchmarks/run.py --schnell             # one KI's year, a Kreis and the start-up (minutes)
    python benchmarks/run.py --faelle ki,land --wiederholungen 5
    python benchmarks/run.py --vorher ../kibericht-alt     # an older version beside, same run

Every figure is a whole command in a fresh process (interpreter start and imports included), the
median of N runs after one warm-up run. Beside kibericht run, in the same pass and on the same
files, the bare readers it is measured against: a single-process python-calamine loop that reads
every sheet, the same loop in two processes, and for the large workbook the floor (unzip and a
bare expat parse of the sheet XML). Peak memory is the largest sum of the resident set sizes of
the command and all its child processes (sampled every 20 ms; at least the kernel's own peak of
the command). The targets are checked at the end; the exit code is 0 when every measured target
is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import erzeugen  # noqa: E402

# name: (label, how to make it); folders are shaped like real logs (see erzeugen.ordner)
FAELLE = {
    "ki": ("ein KI-Jahr: 25 Dateien", lambda d: erzeugen.ordner(d, 25, 500)),
    "kreis": ("500 Dateien", lambda d: erzeugen.ordner(d, 500, 200)),
    "land": ("alle 54 KI: 1.350 Dateien", lambda d: erzeugen.ordner(d, 1350, 500)),
    "1m": ("eine Arbeitsmappe, 1 Mio. Einträge", lambda d: erzeugen.grosse_mappe(d, 1_000_000)),
}
SCHNELL = ("ki", "kreis")
START = "start"
MB = 1024**2

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
READ_CALAMINE_2 = """
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from python_calamine import CalamineWorkbook

def read(files):
    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()

if __name__ == "__main__":
    files = sorted(Path(sys.argv[1]).rglob("*.xlsx"))
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(read, [files[0::2], files[1::2]]))
"""
FLOOR = """
import sys, zipfile
from xml.parsers import expat
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
            p = expat.ParserCreate()
            with z.open(name) as fh:
                p.ParseFile(fh)
"""
FASTEXCEL = """
import sys
import fastexcel
reader = fastexcel.read_excel(sys.argv[1])
for name in reader.sheet_names:
    reader.load_sheet_by_name(name, header_row=None).to_arrow()
"""


@dataclass
class Messung:
    fall: str
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


def _tree_rss(pid: int) -> int:
    """Memory of `pid` and all its descendants in bytes (0 once it has gone): the resident size
    of a single process; for several, their proportional sizes (PSS), since forked processes
    share their parent's pages and summing resident sizes would count those pages twice."""
    page = os.sysconf("SC_PAGE_SIZE")
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children", "rb") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
        pids.append(p)
    total = 0
    for p in pids:
        try:
            if len(pids) == 1:
                with open(f"/proc/{p}/statm", "rb") as fh:
                    total += int(fh.read().split()[1]) * page
            else:
                with open(f"/proc/{p}/smaps_rollup", "rb") as fh:
                    total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith(b"Pss:"))
        except (OSError, ValueError, StopIteration):
            continue
    return total


def run_once(command: list[str], cwd: str, code: Path) -> tuple[float, float, int]:
    """(wall seconds, peak resident MiB of the process tree, exit code) of one fresh process that
    imports kibericht from the folder `code`."""
    env = {**os.environ, "PYTHONPATH": str(code) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # an installed package has its bytecode: the warm-up run writes it, as pip does on install
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL, cwd=cwd, env=env)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    own = usage.ru_maxrss * 1024  # KiB on Linux: the largest single process of the tree
    return seconds, max(peak[0], own) / MB, child.returncode


def _has(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


VORHER = " (vorher)"


def befehle(fall: str, eingabe: Path, toml: Path, ausgabe: Path, vorher: Path | None
            ) -> dict[str, tuple[list[str], Path]]:
    """Name → (command, folder kibericht is imported from)."""
    py = sys.executable
    kibericht = [py, "-m", "kibericht"]
    if fall == START:
        ours = {
            "kibericht --help": [*kibericht, "--help"],
            "kibericht --version": [*kibericht, "--version"],
            "pruefen, 20 Zeilen": [*kibericht, "pruefen", str(eingabe), "--config", str(toml)],
        }
        commands = {"python -c pass": ([py, "-c", "pass"], HERE.parent)}
    else:
        ours = {
            "pruefen": [*kibericht, "pruefen", str(eingabe), "--config", str(toml)],
            "bericht --jahr": [*kibericht, "bericht", str(eingabe), "--config", str(toml), "--jahr",
                               str(erzeugen.JAHR), "--ausgabe", str(ausgabe)],
        }
        commands = {}
    commands.update({name: (command, HERE.parent) for name, command in ours.items()})
    if vorher is not None:
        commands.update({name + VORHER: (command, vorher) for name, command in ours.items()})
    if fall == START:
        return commands
    readers = {"python-calamine": [py, "-c", READ_CALAMINE, str(eingabe)]}
    if eingabe.is_dir():
        readers["python-calamine, 2 Prozesse"] = [py, "-c", READ_CALAMINE_2, str(eingabe)]
    else:
        readers["unzip + expat (Boden)"] = [py, "-c", FLOOR, str(eingabe)]
        if _has("fastexcel") and _has("pyarrow"):
            readers["fastexcel → arrow"] = [py, "-c", FASTEXCEL, str(eingabe)]
    commands.update({name: (command, HERE.parent) for name, command in readers.items()})
    return commands


def measure(faelle: list[str], runs: int, daten: Path, vorher: Path | None) -> list[Messung]:
    results: list[Messung] = []
    daten = daten.resolve()
    with tempfile.TemporaryDirectory(prefix="kibericht-bench-") as tmp:
        for fall in faelle:
            if fall == START:
                eingabe, toml = erzeugen.grosse_mappe(daten, 20)
            else:
                print(f"  Daten für {fall} …", file=sys.stderr, flush=True)
                eingabe, toml = FAELLE[fall][1](daten)
            commands = befehle(fall, eingabe, toml, Path(tmp) / fall, vorher)
            messungen = {name: Messung(fall, name) for name in commands}
            for command, code in commands.values():  # warm the file cache and the bytecode
                run_once(command, tmp, code)
            for i in range(runs):
                for name, (command, code) in commands.items():
                    seconds, mib, code = run_once(command, tmp, code)
                    m = messungen[name]
                    m.sekunden.append(seconds)
                    m.spitze_mib.append(mib)
                    m.exit_codes.add(code)
                    print(f"  {fall:>6} {name:<28} Lauf {i + 1}/{runs}: {seconds:7.2f} s  "
                          f"{mib:7.0f} MiB  (Exit {code})", file=sys.stderr, flush=True)
            results.extend(messungen.values())
    return results


@dataclass
class Ziel:
    text: str
    wert: str
    erfuellt: bool
    vorher: str = "–"  # the same figure for the older version (--vorher)


def _de(x: float, nachkomma: int = 2) -> str:
    return f"{x:.{nachkomma}f}".replace(".", ",")


def check_targets(results: list[Messung]) -> list[Ziel]:
    by = {(m.fall, m.befehl): m for m in results}
    ziele: list[Ziel] = []

    def target(text: str, figure, limit: float, show) -> None:
        """`figure(suffix)`: the measured value for our commands ("") or the older ones."""
        value = figure("")
        if value is None:
            return
        before = figure(VORHER)
        ziele.append(Ziel(text, show(value), value <= limit, "–" if before is None else show(before)))

    def ratio(fall: str, a: str, b: str, ours_only_a: bool = True):
        def figure(suffix: str) -> float | None:
            first, second = (fall, a + suffix), (fall, b + ("" if ours_only_a else suffix))
            return by[first].median / by[second].median if first in by and second in by else None
        return figure

    def times(x: float) -> str:
        return f"{_de(x)}×"

    for fall in ("ki", "kreis", "land"):
        target(f"`pruefen` {FAELLE[fall][0]} ≤ 2,0 × python-calamine (1 Prozess)",
               ratio(fall, "pruefen", "python-calamine"), 2.0, times)
    target("`pruefen` 1 Mio. Einträge ≤ 1,2 × python-calamine",
           ratio("1m", "pruefen", "python-calamine"), 1.2, times)

    def peak(suffix: str) -> float | None:
        m = by.get(("1m", "pruefen" + suffix))
        return None if m is None else m.spitze * MB / 1e9

    target("`pruefen` 1 Mio. Einträge ≤ 1,0 GB Speicher", peak, 1.0, lambda x: f"{_de(x)} GB")
    for fall in ("land", "1m"):
        target(f"`bericht --jahr` {FAELLE[fall][0]} ≤ 1,5 × `pruefen`",
               ratio(fall, "bericht --jahr", "pruefen", ours_only_a=False), 1.5, times)

    def start(name: str):
        def figure(suffix: str) -> float | None:
            bare, ours = (START, "python -c pass"), (START, name + suffix)
            return by[ours].median - by[bare].median if bare in by and ours in by else None
        return figure

    for name in ("kibericht --help", "kibericht --version"):
        target(f"`{name}` ≤ 0,15 s über `python -c pass`", start(name), 0.15, lambda x: f"+{_de(x)} s")

    def seconds(suffix: str) -> float | None:
        m = by.get(("ki", "pruefen" + suffix))
        return None if m is None else m.median

    target("`pruefen` ein KI-Jahr (25 Dateien) ≤ 0,5 s", seconds, 0.5, lambda x: f"{_de(x)} s")
    return ziele


def table(results: list[Messung]) -> str:
    lines = ["| Fall | Befehl | Median | höchster Speicher |", "| --- | --- | ---: | ---: |"]
    for m in results:
        label = "Start" if m.fall == START else FAELLE[m.fall][0]
        lines.append(f"| {label} | {m.befehl} | {_de(m.median)} s | {m.spitze:.0f} MiB |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faelle", default=",".join([START, *FAELLE]),
                        help=f"Komma-getrennt aus {START}, {', '.join(FAELLE)} (Standard: alle)")
    parser.add_argument("--wiederholungen", type=int, default=3, help="Läufe je Befehl (Median)")
    parser.add_argument("--schnell", action="store_true",
                        help=f"nur {START}, {', '.join(SCHNELL)} (wenige Minuten)")
    parser.add_argument("--daten", type=Path, default=HERE / "daten", help="Ordner für die Testdaten")
    parser.add_argument("--vorher", type=Path, default=None,
                        help="Quellordner einer älteren Fassung von kibericht, im selben Lauf gemessen")
    args = parser.parse_args()
    faelle = [f.strip().lower() for f in args.faelle.split(",") if f.strip()]
    unknown = [f for f in faelle if f not in (START, *FAELLE)]
    if unknown:
        parser.error(f"unbekannte Fälle: {', '.join(unknown)}")
    if args.schnell:
        faelle = [f for f in faelle if f in (START, *SCHNELL)]
    with open("/proc/loadavg", encoding="ascii") as fh:
        print(f"Last zu Beginn (1/5/15 min): {' '.join(fh.read().split()[:3])}; {os.cpu_count()} Kerne",
              flush=True)
    vorher = args.vorher.resolve() if args.vorher else None
    results = measure(faelle, args.wiederholungen, args.daten, vorher)
    with open("/proc/loadavg", encoding="ascii") as fh:
        print(f"Last am Ende (1/5/15 min): {' '.join(fh.read().split()[:3])}")
    print(f"\nMedian von {args.wiederholungen} Läufen je ganzer Befehl; Speicher: höchster Stand des "
          "Prozesses, bei mehreren Prozessen die Summe ihrer anteiligen Größen (PSS).\n")
    print(table(results))
    ziele = check_targets(results)
    if ziele:
        print("\n| Ziel | vorher | gemessen | |\n| --- | --- | --- | --- |")
        for z in ziele:
            print(f"| {z.text} | {z.vorher} | {z.wert} | {'erfüllt' if z.erfuellt else 'nicht erfüllt'} |")
    failed = sorted({f"{m.fall} {m.befehl}: Exit {c}" for m in results for c in m.exit_codes
                     if c != 0})
    if failed:
        print("\nBefehle mit Exit-Code ≠ 0: " + "; ".join(failed))
    return 0 if all(z.erfuellt for z in ziele) else 1


if __name__ == "__main__":
    raise SystemExit(main())
