"""Time the web app as a user meets it: `kibericht web` started over a KI's year (25 workbooks,
about 12,500 entries, see erzeugen.ordner), then, over HTTP on 127.0.0.1:

- the Übersicht right after start-up (from the printed address to the page; and from the start
  of the process, imports included) — target ≤ 1,0 s after start-up;
- then, in the warm server (`WARM` seconds later: what it loads in the background is loaded),
  re-checking after one workbook changed (its time stamp moved: a save in Excel), as the page
  Prüfung does it on its next load, and by „Erneut prüfen“; the page says how many files were
  read again — target ≤ 0,3 s, only that file read again;
- the month page, first visit in the warm server and again — target ≤ 0,5 s;
- 20 page loads at once (all pages, in 20 threads) — target: every one served without error.

    python benchmarks/web.py                     # 5 runs each, a fresh server per run
    python benchmarks/web.py --wiederholungen 3

Each run starts its own server (a fresh process with a fresh read cache). Prints the medians
(and the spread) as a Markdown table for benchmarks/WEB.md. Nothing here is a test: a busy
machine makes the figures vary, so they are measured and reported, not asserted.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import erzeugen  # noqa: E402

WARM = 3.0  # seconds after the first Übersicht: the server has loaded the report modules


class Sitzung:
    """A browser's session with the server: the cookie from the one-time link, the CSRF token."""

    def __init__(self, erste_adresse: str) -> None:
        """Opens the one-time link (sets the cookie; the answer is the Übersicht, not timed)."""
        self.basis = erste_adresse.split("?")[0]
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        request = urllib.request.Request(erste_adresse)
        self.opener.open(request, timeout=120).read()
        self.csrf = ""

    def csrf_holen(self) -> None:
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', self.holen("pruefung")[1]).group(1)

    def holen(self, pfad: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.basis + pfad, timeout=120) as antwort:
                return antwort.status, antwort.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def senden(self, pfad: str, daten: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode({"csrf": self.csrf, **daten}).encode()
        request = urllib.request.Request(self.basis + pfad, body, headers={"Origin": self.basis.rstrip("/")})
        with self.opener.open(request, timeout=120) as antwort:
            return antwort.status, antwort.read().decode()


def _zeit(f) -> tuple[float, object]:
    start = time.perf_counter()
    wert = f()
    return time.perf_counter() - start, wert


def ein_lauf(ordner: Path, toml: Path, arbeit: Path) -> dict[str, float | str]:
    """One fresh server over a copy of the logs: every measurement once."""
    ki = Path(tempfile.mkdtemp(dir=arbeit))
    shutil.copytree(ordner, ki / "nachweise")
    shutil.copy(toml, ki / "ki.toml")
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    beginn = time.perf_counter()
    befehl = [sys.executable, "-m", "kibericht", "web", "nachweise", "--kein-browser"]
    prozess = subprocess.Popen(befehl, cwd=ki, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    try:
        zeilen = [prozess.stdout.readline() for _ in range(3)]
        bereit = time.perf_counter()
        erste = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", zeilen[1]).group(1)
        # the one-time link, as the browser opens it: cookie, then on to the Übersicht
        nach_start, s = _zeit(lambda: Sitzung(erste))
        ab_prozess = time.perf_counter() - beginn
        s.csrf_holen()
        wieder, _ = _zeit(lambda: s.holen("uebersicht"))
        time.sleep(WARM)  # the rest is measured in the warm server (the background loading done)

        eine = ki / "nachweise" / "Taetigkeitsnachweis_2025_S0007.xlsx"
        st = eine.stat()
        os.utime(eine, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        seite_neu, (status, _) = _zeit(lambda: s.holen("pruefung"))
        st = eine.stat()
        os.utime(eine, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        erneut, (status, html) = _zeit(lambda: s.senden("pruefung/erneut", {}))
        gelesen = re.search(r"Erneut geprüft:\s*(.*?)</p>", html, re.S)
        gelesen_text = " ".join(gelesen.group(1).split()) if gelesen else "?"

        monat, (status, _) = _zeit(lambda: s.holen("monat/2025-03"))
        assert status == 200
        monat_wieder, _ = _zeit(lambda: s.holen("monat/2025-03"))
        monat_kalt, _ = _zeit(lambda: s.holen("monat/2025-07"))

        seiten = ["uebersicht", "pruefung", "pruefung?ansicht=stelle", "quote", "foerderung", "vorlagen",
                  "ablage", "einstellungen", "uebersicht.json", "pruefung.json",
                  *[f"monat/2025-{m:02d}" for m in range(1, 11)]]
        with ThreadPoolExecutor(len(seiten)) as pool:
            zugleich, ergebnisse = _zeit(lambda: list(pool.map(lambda p: _zeit(lambda: s.holen(p)), seiten)))
        fehler = [p for p, (_, (code, _)) in zip(seiten, ergebnisse, strict=True) if code != 200]
        return {"start_bis_adresse": bereit - beginn, "uebersicht_nach_start": nach_start,
                "uebersicht_ab_prozess": ab_prozess, "uebersicht_wieder": wieder,
                "pruefung_eine_geaendert": seite_neu, "erneut_pruefen": erneut, "gelesen": gelesen_text,
                "monat_erster": monat, "monat_wieder": monat_wieder, "anderer_monat": monat_kalt,
                "zugleich_gesamt": zugleich,
                "zugleich_laengste": max(t for t, _ in ergebnisse), "zugleich_fehler": len(fehler)}
    finally:
        prozess.terminate()
        try:
            prozess.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            prozess.kill()
            prozess.communicate()
        shutil.rmtree(ki, ignore_errors=True)


ZEILEN = [
    ("start_bis_adresse", "Start bis zur angezeigten Adresse (Python, Imports, Server)", None),
    ("uebersicht_nach_start", "Übersicht eines KI-Jahres, erster Aufruf nach dem Start", 1.0),
    ("uebersicht_ab_prozess", "… gerechnet ab dem Start des Prozesses", None),
    ("uebersicht_wieder", "Übersicht, erneut (nichts geändert)", None),
    ("pruefung_eine_geaendert", "Seite Prüfung, nachdem eine Arbeitsmappe geändert wurde", 0.3),
    ("erneut_pruefen", "„Erneut prüfen“ nach einer geänderten Arbeitsmappe (mit Umleitung)", 0.3),
    ("monat_erster", "Monatsseite März, erster Aufruf im warmen Server", 0.5),
    ("monat_wieder", "Monatsseite März, erneut", None),
    ("anderer_monat", "Monatsseite Juli, erster Aufruf", 0.5),
    ("zugleich_gesamt", "20 Seiten zugleich (20 Threads), bis alle da sind", None),
    ("zugleich_laengste", "… die längste einzelne Antwort", None),
]


def _de(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wiederholungen", type=int, default=5, help="Läufe, je mit frischem Server")
    parser.add_argument("--daten", type=Path, default=HERE / "daten", help="Ordner für die Testdaten")
    args = parser.parse_args()
    ordner, toml = erzeugen.ordner(args.daten, 25, 500)
    with open("/proc/loadavg", encoding="ascii") as fh:
        last = " ".join(fh.read().split()[:3])
    print(f"Last zu Beginn (1/5/15 min): {last}; {os.cpu_count()} Kerne", flush=True)
    arbeit = Path(tempfile.mkdtemp(prefix="kibericht-web-bench-"))
    try:
        laeufe = []
        for i in range(args.wiederholungen):
            laeufe.append(ein_lauf(ordner, toml, arbeit))
            print(f"Lauf {i + 1}: " + ", ".join(f"{k} {_de(v) if isinstance(v, float) else v}"
                                                for k, v in laeufe[-1].items()), flush=True)
    finally:
        shutil.rmtree(arbeit, ignore_errors=True)
    with open("/proc/loadavg", encoding="ascii") as fh:
        print(f"Last am Ende (1/5/15 min): {' '.join(fh.read().split()[:3])}")
    print(f"\n| Messung | Median | Spanne ({len(laeufe)} Läufe) | Ziel | |")
    print("| --- | ---: | ---: | ---: | --- |")
    for schluessel, text, ziel in ZEILEN:
        werte = [float(lauf[schluessel]) for lauf in laeufe]
        median = statistics.median(werte)
        urteil = "" if ziel is None else ("erfüllt" if median <= ziel else "nicht erfüllt")
        print(f"| {text} | {_de(median)} s | {_de(min(werte))}–{_de(max(werte))} s | "
              f"{'' if ziel is None else '≤ ' + _de(ziel) + ' s'} | {urteil} |")
    fehler = sum(int(lauf["zugleich_fehler"]) for lauf in laeufe)
    print(f"\n20 Seiten zugleich: {fehler} Antworten ≠ 200 in {len(laeufe)} Läufen.")
    print("Neu gelesen nach „Erneut prüfen“: " + "; ".join(sorted({str(lauf['gelesen']) for lauf in laeufe})))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
