"""Lastprobe der Landesübersicht: 54 KI × 12 Monate × 5 Jahre = 3.240 Meldungen.

    python benchmarks/land.py [--kis 54] [--jahre 5] [--daten benchmarks/daten/land]

1. erzeugt die Meldungen (`meldungen.py`) in DATEN/JJJJ-MM/, dazu einen weiteren Monat aller KI;
2. misst `kibericht zusammenfassen` über alle Monate mit einem neuen Speicher (alles wird gelesen);
3. misst denselben Befehl, nachdem der weitere Monat dazugekommen ist (nur er wird gelesen);
4. misst zum Vergleich den zweiten Lauf ohne neue Meldung.

Jeder Lauf ist ein eigener Prozess (mit Python-Start und Imports). Gemessen werden die Wanduhrzeit,
die Rechenzeit (Benutzer + System, mit Arbeitsprozessen) und der höchste residente Speicher eines
Prozesses. Die Ziele: ≤ 10 s und ≤ 1 GB für alle 3.240, ≤ 2 s für einen neuen Monat aller KI.
Auf einem geteilten Rechner ist die Wanduhrzeit höher als die Rechenzeit; das Skript nennt die Last.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.meldungen import KI, monate  # noqa: E402
from benchmarks.run import _tree_rss  # noqa: E402
from kibericht.land.schreiben import meldung_bytes  # noqa: E402


def erzeugen(daten: Path, kis: int, jahre: int, start: int = 2021) -> list[str]:
    """All months of `jahre` years plus one more; returns the months."""
    alle = monate(start, jahre + 1)[: 12 * jahre + 1]
    if (daten / alle[-1]).is_dir() and len(list((daten / alle[-1]).glob("*.zip"))) == kis:
        return alle
    shutil.rmtree(daten, ignore_errors=True)
    kis_ = [KI(i) for i in range(1, kis + 1)]
    for monat in alle:
        ziel = daten / monat
        ziel.mkdir(parents=True, exist_ok=True)
        for ki in kis_:
            inhalt = ki.monat(monat, spaet=ki.rng.random() < 0.02)
            (ziel / inhalt.dateiname).write_bytes(meldung_bytes(inhalt))
    return alle


def messen(args: list[str]) -> tuple[float, float, float, int]:
    """(wall s, cpu s with worker processes, peak MiB of the process tree, exit code) of one
    `kibericht` process; memory sampled every 20 ms as in `run.py` (PSS summed over the tree)."""
    t = time.perf_counter()
    kind = subprocess.Popen([sys.executable, "-m", "kibericht", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    spitze, fertig = [0], threading.Event()

    def abtasten() -> None:
        while not fertig.wait(0.02):
            spitze[0] = max(spitze[0], _tree_rss(kind.pid))

    faden = threading.Thread(target=abtasten, daemon=True)
    faden.start()
    _, status, nutzung = os.wait4(kind.pid, 0)
    wand = time.perf_counter() - t
    fertig.set()
    faden.join()
    cpu = nutzung.ru_utime + nutzung.ru_stime
    return wand, cpu, max(spitze[0], nutzung.ru_maxrss * 1024) / 1024**2, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kis", type=int, default=54)
    parser.add_argument("--jahre", type=int, default=5)
    parser.add_argument("--daten", type=Path, default=HERE / "daten" / "land")
    args = parser.parse_args()
    alle = erzeugen(args.daten, args.kis, args.jahre)
    ordner = [str(args.daten / m) for m in alle]
    arbeit = args.daten.parent / "land-lauf"
    shutil.rmtree(arbeit, ignore_errors=True)
    arbeit.mkdir(parents=True)
    speicher = arbeit / "land.duckdb"
    print(f"Last vorher: {os.getloadavg()[0]:.1f} (Kerne: {os.cpu_count()})")
    n = args.kis * 12 * args.jahre
    faelle = [
        (f"alle {n} Meldungen, neuer Speicher", ordner[:-1]),
        (f"ein neuer Monat aller {args.kis} KI dazu", ordner),
        ("derselbe Stand noch einmal (nichts neu)", ordner),
    ]
    for name, eingaben in faelle:
        wand, cpu, rss, code = messen(
            ["zusammenfassen", *eingaben, "--ausgabe", str(arbeit / "aus"), "--speicher", str(speicher)]
        )
        print(f"{name}: {wand:.2f} s Wanduhr, {cpu:.2f} s Rechenzeit, {rss:.0f} MiB, Exit-Code {code}")
    print(f"Last nachher: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
