"""Time kibericht at the real scale: many small workbooks, one huge one, and the start-up.

    python benchmarks/run.py                       # everything (about 15 minutes on 2 cores)
    python benchmarks/run.py --schnell             # one KI's year, a Kreis and the start-up (minutes)
    python benchmarks/run.py --faelle ki,land --wiederholungen 5

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
    """Resident bytes of `pid` and all its descendants (0 once it has gone)."""
    total, todo = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * page
            with open(f"/proc/{p}/task/{p}/children", "rb") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_once(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak resident MiB of the process tree, exit code) of one fresh process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL)
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


def befehle(fall: str, eingabe: Path, toml: Path, ausgabe: Path) -> dict[str, list[str]]:
    py = sys.executable
    kibericht = [py, "-m", "kibericht"]
    if fall == START:
        return {
            "python -c pass": [py, "-c", "pass"],
            "kibericht --help": [*kibericht, "--help"],
            "kibericht --version": [*kibericht, "--version"],
            "pruefen, 20 Zeilen": [*kibericht, "pruefen", str(eingabe), "--config", str(toml)],
        }
    commands = {
        "pruefen": [*kibericht, "pruefen", str(eingabe), "--config", str(toml)],
        "bericht --jahr": [*kibericht, "bericht", str(eingabe), "--config", str(toml), "--jahr",
                           str(erzeugen.JAHR), "--ausgabe", str(ausgabe)],
        "python-calamine": [py, "-c", READ_CALAMINE, str(eingabe)],
    }
    if eingabe.is_dir():
        commands["python-calamine, 2 Prozesse"] = [py, "-c", READ_CALAMINE_2, str(eingabe)]
    else:
        commands["unzip + expat (Boden)"] = [py, "-c", FLOOR, str(eingabe)]
        if _has("fastexcel") and _has("pyarrow"):
            commands["fastexcel → arrow"] = [py, "-c", FASTEXCEL, str(eingabe)]
    return commands


def measure(faelle: list[str], runs: int, daten: Path) -> list[Messung]:
    results: list[Messung] = []
    os.environ["PYTHONPATH"] = str(HERE.parent) + os.pathsep + os.environ.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory(prefix="kibericht-bench-") as tmp:
        for fall in faelle:
            if fall == START:
                eingabe, toml = erzeugen.grosse_mappe(daten, 20)
            else:
                print(f"  Daten für {fall} …", file=sys.stderr, flush=True)
                eingabe, toml = FAELLE[fall][1](daten)
            commands = befehle(fall, eingabe, toml, Path(tmp) / fall)
            messungen = {name: Messung(fall, name) for name in commands}
            for command in commands.values():  # warm the file cache and the bytecode
                run_once(command)
            for i in range(runs):
                for name, command in commands.items():
                    seconds, mib, code = run_once(command)
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


def _de(x: float, nachkomma: int = 2) -> str:
    return f"{x:.{nachkomma}f}".replace(".", ",")


def check_targets(results: list[Messung]) -> list[Ziel]:
    by = {(m.fall, m.befehl): m for m in results}
    ziele: list[Ziel] = []

    def ratio(a: tuple[str, str], b: tuple[str, str], limit: float, text: str) -> None:
        if a in by and b in by:
            r = by[a].median / by[b].median
            ziele.append(Ziel(text, f"{_de(r)}×", r <= limit))

    for fall in ("ki", "kreis", "land"):
        ratio((fall, "pruefen"), (fall, "python-calamine"), 2.0,
              f"`pruefen` {FAELLE[fall][0]} ≤ 2,0 × python-calamine (1 Prozess)")
    ratio(("1m", "pruefen"), ("1m", "python-calamine"), 1.2,
          "`pruefen` 1 Mio. Einträge ≤ 1,2 × python-calamine")
    if ("1m", "pruefen") in by:
        m = by[("1m", "pruefen")]
        gb = m.spitze * MB / 1e9
        ziele.append(Ziel("`pruefen` 1 Mio. Einträge ≤ 1,0 GB Speicher", f"{_de(gb)} GB", gb <= 1.0))
    for fall in ("land", "1m"):
        ratio((fall, "bericht --jahr"), (fall, "pruefen"), 1.5,
              f"`bericht --jahr` {FAELLE[fall][0]} ≤ 1,5 × `pruefen`")
    if (START, "python -c pass") in by:
        bare = by[(START, "python -c pass")].median
        for name in ("kibericht --help", "kibericht --version"):
            if (START, name) in by:
                extra = by[(START, name)].median - bare
                ziele.append(Ziel(f"`{name}` ≤ 0,15 s über `python -c pass`", f"+{_de(extra)} s",
                                  extra <= 0.15))
    if ("ki", "pruefen") in by:
        s = by[("ki", "pruefen")].median
        ziele.append(Ziel("`pruefen` ein KI-Jahr (25 Dateien) ≤ 0,5 s", f"{_de(s)} s", s <= 0.5))
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
    args = parser.parse_args()
    faelle = [f.strip().lower() for f in args.faelle.split(",") if f.strip()]
    unknown = [f for f in faelle if f not in (START, *FAELLE)]
    if unknown:
        parser.error(f"unbekannte Fälle: {', '.join(unknown)}")
    if args.schnell:
        faelle = [f for f in faelle if f in (START, *SCHNELL)]
    with open("/proc/loadavg", encoding="ascii") as fh:
        print(f"Last vorher (1/5/15 min): {' '.join(fh.read().split()[:3])}; {os.cpu_count()} Kerne",
              flush=True)
    results = measure(faelle, args.wiederholungen, args.daten)
    with open("/proc/loadavg", encoding="ascii") as fh:
        print(f"Last nachher (1/5/15 min): {' '.join(fh.read().split()[:3])}")
    print(f"\nMedian von {args.wiederholungen} Läufen je ganzer Befehl; Speicher: Summe über alle "
          "Prozesse des Befehls.\n")
    print(table(results))
    ziele = check_targets(results)
    if ziele:
        print("\n| Ziel | gemessen | |\n| --- | --- | --- |")
        for z in ziele:
            print(f"| {z.text} | {z.wert} | {'erfüllt' if z.erfuellt else 'nicht erfüllt'} |")
    failed = sorted({f"{m.fall} {m.befehl}: Exit {c}" for m in results for c in m.exit_codes
                     if c != 0})
    if failed:
        print("\nBefehle mit Exit-Code ≠ 0: " + "; ".join(failed))
    return 0 if all(z.erfuellt for z in ziele) else 1


if __name__ == "__main__":
    raise SystemExit(main())
