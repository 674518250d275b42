"""Benchmark of the disclosure control: the year's decisions and the commands that need them.

    python benchmarks/geheimhaltung.py                  # all cases, 3 repetitions
    python benchmarks/geheimhaltung.py --wiederholungen 1 --faelle engine

Cases (results in GEHEIMHALTUNG.md, German):
- `engine`: the decisions of the sample's whole year and of a KI of 12 Stellen (about 5,000
  entries), each computed anew (no store), wall clock and CPU time of this process;
- `bericht`: `kibericht bericht --oeffentlich --jahr 2025` on the sample, a process of its own;
- `abschliessen`: closing December on a copy of the sample (report, filing and Meldung), a
  process of its own.
The machine's load is printed before and after: on a shared machine the wall clock of a run
depends on it, the CPU time much less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[1]
BEISPIEL = WURZEL / "sample_data"
ZIEL = {"engine Beispieljahr": 3.0, "engine KI 12 Stellen": 3.0, "bericht --oeffentlich --jahr": 5.0,
        "abschliessen Dezember": 5.0}


def _last() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _engine(wiederholungen: int) -> dict[str, tuple[float, float]]:
    sys.path.insert(0, str(WURZEL))
    from kibericht.ablauf import load_entries
    from kibericht.konfig import load_config
    from kibericht.regeln.geheimhaltung import geheimhaltung_des_jahres
    from tests.geheimhaltung_ki import zufalls_ki

    config = load_config(BEISPIEL / "ki.toml")
    entries = load_entries([BEISPIEL / "nachweise"], config).entries
    with tempfile.TemporaryDirectory() as tmp:
        ki = zufalls_ki(Path(tmp), 77, 12, 12, je_monat=(30, 40), gross=True)
    faelle = {"engine Beispieljahr": (entries, config, 12), "engine KI 12 Stellen": (ki[1], ki[0], ki[2])}
    out = {}
    for name, (e, c, letzter) in faelle.items():
        geheimhaltung_des_jahres(e, c, 2025, letzter, speicher=None)  # imports, warm-up
        wand, cpu = [], []
        for _ in range(wiederholungen):
            t, p = time.perf_counter(), time.process_time()
            geheimhaltung_des_jahres(e, c, 2025, letzter, speicher=None)
            wand.append(time.perf_counter() - t)
            cpu.append(time.process_time() - p)
        out[f"{name} ({len(e)} Einträge)"] = (statistics.median(wand), statistics.median(cpu))
    return out


def _prozess(befehl: list[str], wiederholungen: int, vorher=None) -> tuple[float, float]:
    wand, cpu = [], []
    for _ in range(wiederholungen + 1):  # the first run writes the bytecode
        if vorher:
            vorher()
        t = time.perf_counter()
        r0 = os.times()
        subprocess.run(befehl, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r1 = os.times()
        wand.append(time.perf_counter() - t)
        cpu.append((r1.children_user - r0.children_user) + (r1.children_system - r0.children_system))
    return statistics.median(wand[1:]), statistics.median(cpu[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wiederholungen", type=int, default=3)
    parser.add_argument("--faelle", default="engine,bericht,abschliessen")
    args = parser.parse_args()
    faelle = args.faelle.split(",")
    print(f"Last vorher: {_last()}")
    ergebnisse: dict[str, tuple[float, float]] = {}
    if "engine" in faelle:
        ergebnisse.update(_engine(args.wiederholungen))
    kibericht = [sys.executable, "-m", "kibericht"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if "bericht" in faelle:
            ergebnisse["bericht --oeffentlich --jahr"] = _prozess(
                [*kibericht, "bericht", str(BEISPIEL / "nachweise"), "--config", str(BEISPIEL / "ki.toml"),
                 "--jahr", "2025", "--ausgabe", str(tmp_path / "bericht"), "--oeffentlich"],
                args.wiederholungen)
        if "abschliessen" in faelle:
            ki = tmp_path / "ki"

            def frisch() -> None:
                shutil.rmtree(ki, ignore_errors=True)
                shutil.copytree(BEISPIEL, ki, ignore=shutil.ignore_patterns("abschluesse", "meldungen"))

            ergebnisse["abschliessen Dezember"] = _prozess(
                [*kibericht, "abschliessen", str(ki / "nachweise"), "--config", str(ki / "ki.toml"),
                 "--monat", "2025-12"], args.wiederholungen, vorher=frisch)
    print(f"Last nachher: {_last()}")
    print(f"{'Fall':45} {'Wand (s)':>9} {'CPU (s)':>8} {'Ziel':>6}")
    for name, (wand, cpu) in ergebnisse.items():
        ziel = next((z for k, z in ZIEL.items() if name.startswith(k)), None)
        print(f"{name:45} {wand:9.2f} {cpu:8.2f} {ziel if ziel is not None else '':>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
