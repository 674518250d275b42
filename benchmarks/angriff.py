"""The attack run, repeated as a new user would: kills at any moment, full disks, hostile strings,
odd files, odd consoles — against the installed `kibericht`.

    python benchmarks/angriff.py                 # 30 kills per command and everything else (minutes)
    python benchmarks/angriff.py --schnell       # 3 kills per command (the slow test runs this)
    python benchmarks/angriff.py --abbrueche 50 --seed 7

Every run is a fresh process in a session of its own. After each one the run is judged: no
traceback and no library's English text on its outputs, a German message for every exit code 2,
after a kill no process of its session alive (orphan), the next run not refused as locked (stale
lock), the report folder holding one complete report (never old files beside new ones, never a
leftover once the next run has written there), and every file ever filed in the Ablage unchanged.
Beyond the kills: full disks (reports, marked copies, the template, the Ablage, the state's
store), hostile strings, odd files, odd consoles (output, and answers typed into `einrichten`),
every output option pointed into the Ablage, numbers in ki.toml no KI has (1e-320, NaN, inf).
The summary counts runs and findings per kind; the exit code is 0 when nothing was found. Linux
only (/proc, signals); a full file system needs root (tmpfs), else that part is skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
MONAT = "2025-03"
FREMD = re.compile(r"Traceback|Exception ignored|Error:|Warning:|No such file|Permission denied|"
                   r"No space left|UnicodeEncodeError")
ARTEN = ("traceback", "fremder Text", "ohne deutsche Meldung", "verwaister Prozess", "hängende Sperre",
         "gemischter Bericht", "Reste im Ordner", "Ablage verändert", "hängt", "falsches Ergebnis")


@dataclass
class Bilanz:
    laeufe: Counter = field(default_factory=Counter)
    funde: list[tuple[str, str, str]] = field(default_factory=list)  # (Teil, Art, Beschreibung)

    def fund(self, teil: str, art: str, text: str) -> None:
        self.funde.append((teil, art, text))
        print(f"  ✗ {teil}: {art} – {text}", flush=True)


@dataclass
class Lauf:
    code: int | None  # None: killed
    aus: str
    fehler: str
    sitzung: int
    dauer: float


def kibericht_befehl() -> list[str]:
    """The installed command, else this Python's module."""
    gefunden = shutil.which("kibericht")
    return [gefunden] if gefunden else [sys.executable, "-m", "kibericht"]


def lebende_in_sitzung(sid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if fields[0] not in ("Z", "X") and int(fields[3]) == sid:
            found.append(int(entry))
    return found


def starten(args: list[str], cwd: Path, env: dict | None = None, eingabe: bool = False) -> subprocess.Popen:
    """Start kibericht in a session of its own; its stdin is empty (a question would never be
    answered) unless `eingabe`: then `beenden` writes the answers."""
    return subprocess.Popen([*kibericht_befehl(), *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.PIPE if eingabe else subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ, **(env or {})})


def beenden(proc: subprocess.Popen, start: float, timeout: float = 300, eingabe: bytes | None = None) -> Lauf:
    try:
        aus, fehler = proc.communicate(eingabe, timeout=timeout)
    except subprocess.TimeoutExpired:
        for pid in lebende_in_sitzung(proc.pid):
            os.kill(pid, signal.SIGKILL)
        aus, fehler = proc.communicate()
        return Lauf(-999, aus.decode("utf-8", "replace"), fehler.decode("utf-8", "replace"), proc.pid,
                    time.monotonic() - start)
    return Lauf(proc.returncode, aus.decode("utf-8", "replace"), fehler.decode("utf-8", "replace"), proc.pid,
                time.monotonic() - start)


def ausfuehren(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 300,
               eingabe: bytes | None = None) -> Lauf:
    return beenden(starten(args, cwd, env, eingabe is not None), time.monotonic(), timeout, eingabe)


GETOETET = (-signal.SIGKILL, -signal.SIGTERM, 130)  # killed, or ended by SIGTERM as by Ctrl+C


def beurteilen(bilanz: Bilanz, teil: str, lauf: Lauf, erlaubt: tuple[int, ...] = (0, 1, 2, 3)) -> None:
    """Judge a finished run: its outputs, its exit code (a killed run's own are allowed where
    the caller allows them), its message."""
    bilanz.laeufe[teil] += 1
    if lauf.code == -999:
        bilanz.fund(teil, "hängt", "nach 300 s abgebrochen")
        return
    text = lauf.aus + lauf.fehler
    if "Traceback" in text:
        bilanz.fund(teil, "traceback", text[text.index("Traceback"):][:300])
    elif FREMD.search(text):
        bilanz.fund(teil, "fremder Text", FREMD.search(text).group(0))
    if lauf.code not in erlaubt:
        bilanz.fund(teil, "falsches Ergebnis", f"Exit-Code {lauf.code}")
    if lauf.code == 2 and not (lauf.fehler.startswith("Fehler:") or '"fehler"' in lauf.aus):
        bilanz.fund(teil, "ohne deutsche Meldung", text[:200])


def hashes(ordner: Path) -> dict[str, str]:
    if not ordner.exists():
        return {}
    return {p.relative_to(ordner).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(ordner.rglob("*")) if p.is_file()}


# --- the KI the attack works on -------------------------------------------------------------------

@dataclass
class KI:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "ki.toml"

    @property
    def ablage(self) -> Path:
        return self.root / "abschluesse"

    def bericht(self, eingabe: str, ausgabe: Path) -> list[str]:
        return ["bericht", eingabe, "--config", str(self.config), "--monat", MONAT, "--ausgabe", str(ausgabe)]

    def abschliessen(self) -> list[str]:
        return ["abschliessen", "nachweise", "--config", str(self.config), "--monat", MONAT]

    def wiedereroeffnen(self) -> list[str]:
        return ["abschliessen", "--config", str(self.config), "--monat", MONAT, "--wiedereroeffnen",
                "--grund", "Angriff: erneut abschließen"]


def neues_ki(root: Path) -> KI:
    root.mkdir(parents=True)
    shutil.copy(SAMPLE / "ki.toml", root / "ki.toml")
    shutil.copytree(SAMPLE / "nachweise", root / "nachweise")
    # a second input with one file fewer: its report differs in every file
    shutil.copytree(SAMPLE / "nachweise", root / "weniger")
    next(iter(sorted((root / "weniger").glob("TN_*.xlsx")))).unlink()
    return KI(root)


# --- kills ------------------------------------------------------------------------------------------

# renames slowed, as on a network share (a module Python imports at start, see `site`)
LANGSAM = """import os, time
_replace = os.replace
def _langsam(src, dst):
    _replace(src, dst)
    time.sleep(0.3)
os.replace = _langsam
"""


def langsame_umgebung(ordner: Path) -> dict[str, str]:
    """The environment of a run whose renames take 0.3 s each."""
    ordner.mkdir(exist_ok=True)
    (ordner / "sitecustomize.py").write_text(LANGSAM, encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(ordner), os.environ.get("PYTHONPATH")]))}


def toeten(proc: subprocess.Popen, zufall: random.Random, dauer: float, beobachten: Path | None,
           muster: str, danach: float = 0.0) -> str:
    """Kill the run at a random moment, or (one time in three, always with `danach`) a random
    time up to `danach` seconds after `muster` shows up in `beobachten`; SIGKILL two times in
    three, else SIGTERM. Returns how."""
    signal_ = signal.SIGKILL if zufall.random() < 2 / 3 else signal.SIGTERM
    if beobachten is not None and (danach or zufall.random() < 1 / 3):
        ende = time.monotonic() + dauer * 2
        while time.monotonic() < ende and proc.poll() is None:
            if beobachten.exists() and any(Path(beobachten).glob(muster)):
                break
            time.sleep(0.001)
        warte = zufall.uniform(0, danach)
        time.sleep(warte)
        wann = f"{warte:.2f} s nach {muster}"
    else:
        warte = zufall.uniform(0.05, dauer * 1.1)
        time.sleep(warte)
        wann = f"nach {warte:.2f} s"
    if proc.poll() is None:
        os.kill(proc.pid, signal_)
    return f"{signal_.name} {wann}"


def verwaist(bilanz: Bilanz, teil: str, proc: subprocess.Popen) -> None:
    ende = time.monotonic() + 10
    while (reste := lebende_in_sitzung(proc.pid)) and time.monotonic() < ende:
        time.sleep(0.05)
    if reste:
        bilanz.fund(teil, "verwaister Prozess", f"{len(reste)} Prozesse leben noch")
        for pid in reste:
            os.kill(pid, signal.SIGKILL)


def berichte_abbrechen(bilanz: Bilanz, ki: KI, n: int, zufall: random.Random) -> None:
    teil = "bericht abbrechen"
    ausgabe = ki.root / "berichte"
    referenz = {}
    for eingabe in ("nachweise", "weniger"):
        lauf = ausfuehren(ki.bericht(eingabe, ki.root / f"ref_{eingabe}"), ki.root)
        beurteilen(bilanz, teil, lauf, (0,))
        referenz[eingabe] = hashes(ki.root / f"ref_{eingabe}")
    dauer = lauf.dauer
    shutil.copytree(ki.root / "ref_nachweise", ausgabe)
    stand = "nachweise"
    langsam = langsame_umgebung(ki.root / "langsam")
    for i in range(n):
        neu = "weniger" if stand == "nachweise" else "nachweise"
        start = time.monotonic()
        if i % 2:  # every second run with slowed renames, killed while it switches the files
            proc = starten(ki.bericht(neu, ausgabe), ki.root, langsam)
            wie = "langsam, " + toeten(proc, zufall, dauer, ausgabe, ".*.alt", danach=3.0)
        else:
            proc = starten(ki.bericht(neu, ausgabe), ki.root)
            wie = toeten(proc, zufall, dauer, ausgabe, ".*.tmp")
        lauf = beenden(proc, start)
        beurteilen(bilanz, teil, lauf, (0, *GETOETET))
        verwaist(bilanz, teil, proc)
        # between the runs: old and new files never side by side (files equal in both reports
        # tell nothing)
        sichtbar = {k: v for k, v in hashes(ausgabe).items() if not k.startswith(".")}
        a, b = referenz["nachweise"], referenz["weniger"]
        herkunft = {e for k, v in sichtbar.items() if a.get(k) != b.get(k)
                    for e, ref in referenz.items() if ref.get(k) == v}
        fremd = [k for k, v in sichtbar.items() if v not in (a.get(k), b.get(k))]
        if len(herkunft) > 1 or fremd:
            bilanz.fund(teil, "gemischter Bericht", f"{wie}: {sorted(herkunft)} {fremd}")
        # the next run into the folder: one complete report, nothing left over
        folge = ausfuehren(ki.bericht(neu, ausgabe), ki.root)
        beurteilen(bilanz, teil, folge, (0,))
        if hashes(ausgabe) != referenz[neu]:
            uebrig = sorted(set(hashes(ausgabe)) - set(referenz[neu]))
            art = "Reste im Ordner" if uebrig else "gemischter Bericht"
            bilanz.fund(teil, art, f"{wie}: nach dem nächsten Lauf {uebrig or 'unvollständig'}")
        stand = neu
        print(f"  bericht {i + 1}/{n}: {wie}, Exit {lauf.code}", flush=True)


def abschluesse_abbrechen(bilanz: Bilanz, ki: KI, n: int, zufall: random.Random) -> None:
    teil = "abschliessen abbrechen"
    lauf = ausfuehren(ki.abschliessen(), ki.root)
    beurteilen(bilanz, teil, lauf, (0,))
    dauer = lauf.dauer
    for i in range(n):
        vorher = hashes(ki.ablage)
        geschlossen = lauf_ist_geschlossen(ki)
        befehl = ki.wiedereroeffnen() if geschlossen else ki.abschliessen()
        start = time.monotonic()
        proc = starten(befehl, ki.root)
        wie = toeten(proc, zufall, dauer if not geschlossen else dauer / 2, ki.ablage, ".neu-*")
        beurteilen(bilanz, teil, beenden(proc, start), (0, 3, *GETOETET))
        verwaist(bilanz, teil, proc)
        nachher = hashes(ki.ablage)
        geaendert = [k for k, v in vorher.items() if nachher.get(k) != v and not k.startswith(".")]
        if geaendert:
            bilanz.fund(teil, "Ablage verändert", f"{wie}: {geaendert[:3]}")
        pruefung = ausfuehren(["verifizieren", "--config", str(ki.config)], ki.root)
        beurteilen(bilanz, teil, pruefung, (0,))
        if list(ki.ablage.glob(".neu-*")):
            bilanz.fund(teil, "Reste im Ordner", f"{wie}: .neu- nach verifizieren")
        # the next run is not refused as locked
        folge = ausfuehren(ki.wiedereroeffnen() if lauf_ist_geschlossen(ki) else ki.abschliessen(), ki.root)
        beurteilen(bilanz, teil, folge, (0, 3))
        if "gesperrt" in folge.fehler:
            bilanz.fund(teil, "hängende Sperre", wie)
        print(f"  {befehl[0]}{' --wiedereroeffnen' if geschlossen else ''} {i + 1}/{n}: {wie}", flush=True)


def lauf_ist_geschlossen(ki: KI) -> bool:
    lauf = ausfuehren(["verifizieren", "--config", str(ki.config), "--format", "json"], ki.root)
    try:
        return MONAT in json.loads(lauf.aus).get("geschlossen", {})
    except ValueError:
        return False


# --- full disks --------------------------------------------------------------------------------------

def volle_platte(bilanz: Bilanz, ki: KI) -> None:
    teil = "volle Platte"
    punkt = ki.root / "klein"
    punkt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(punkt)],
                      capture_output=True).returncode != 0:
        print("  (übersprungen: kein tmpfs einzuhängen – nur als root)")
        return
    try:
        (punkt / "fueller").write_bytes(b"\0" * 200_000)
        faelle = [
            ("bericht", ki.bericht("nachweise", punkt / "b") + ["--format", "json"], {}),
            ("pruefen --markiert", ["pruefen", "nachweise", "--config", str(ki.config), "--markiert",
                                    str(punkt / "m"), "--format", "json"], {}),
            ("vorlage", ["vorlage", "--jahr", "2025", "--config", str(ki.config), "--ausgabe",
                         str(punkt / "V.xlsx"), "--format", "json"], {}),
            ("bericht, TMPDIR voll", ["bericht", "nachweise", "--config", str(ki.config), "--jahr", "2025",
                                      "--ausgabe", str(ki.root / "jahr"), "--format", "json"],
             {"TMPDIR": str(punkt)}),
        ]
        if importlib.util.find_spec("duckdb") is not None:  # the state's store (extra `land`)
            land = ["zusammenfassen", str(land_eingang(ki)), "--ausgabe", str(ki.root / "land_aus"),
                    "--speicher", str(punkt / "land.duckdb"), "--format", "json"]
            faelle.append(("zusammenfassen, Speicher voll", land, {}))
        for name, args, env in faelle:
            lauf = ausfuehren(args, ki.root, env)
            beurteilen(bilanz, teil, lauf, (0, 1, 2))
            if lauf.code == 2:
                try:
                    [meldung] = [f["meldung"] for f in json.loads(lauf.aus)["fehler"]]
                except (ValueError, KeyError):
                    bilanz.fund(teil, "ohne deutsche Meldung", f"{name}: kein JSON-Dokument")
                    continue
                if "Platz" not in meldung:
                    bilanz.fund(teil, "falsches Ergebnis", f"{name}: {meldung}")
            reste = [p.name for p in punkt.rglob(".*") if p.name != ".sperre"]
            reste += [p.name for p in punkt.glob("land.duckdb*")]  # a store cut short
            if reste or lauf.fehler:
                bilanz.fund(teil, "Reste im Ordner", f"{name}: {reste} {lauf.fehler[:120]}")
            print(f"  {name}: Exit {lauf.code}", flush=True)
        # the Ablage on a full disk
        voll = ki.root / "voll.toml"
        voll.write_text(ki.config.read_text("utf-8") + f'\n[ablage]\nordner = "{punkt}/ablage"\n', "utf-8")
        lauf = ausfuehren(["abschliessen", "nachweise", "--config", str(voll), "--monat", MONAT,
                           "--format", "json"], ki.root)
        beurteilen(bilanz, teil, lauf, (2,))
        inhalt = sorted(p.name for p in (punkt / "ablage").iterdir()) if (punkt / "ablage").exists() else []
        if inhalt not in ([], [".sperre"]):
            bilanz.fund(teil, "Reste im Ordner", f"Ablage: {inhalt}")
        print(f"  abschliessen in eine volle Ablage: Exit {lauf.code}", flush=True)
    finally:
        subprocess.run(["umount", "-l", str(punkt)], capture_output=True)


# --- hostile strings, odd files, odd consoles ---------------------------------------------------------

FEINDLICH = ["=HYPERLINK(\"http://x\",\"klick\")", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3",
             "\x00\x07\x1b[31m", "\u202egnalretnU", "Zeile\r\nZwei", "x" * 40_000, "😀 Emoji 𝔘", "\ufeffBOM",
             "\ud7ff\ue000\uffff"]


def feindliche_zeichen(bilanz: Bilanz, ki: KI) -> None:
    import openpyxl

    teil = "feindliche Zeichen"
    ordner = ki.root / "feindlich"
    ordner.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "März 2025"
    ws.append(["Datum", "Stelle", "Mitarbeiter/in", "Handlungsfeld", "Schwerpunkt", "Tätigkeit", "Kommune",
               "Stunden", "Teilnehmende", "Beschreibung"])
    import datetime as dt

    for i, text in enumerate(FEINDLICH):
        sauber = "".join(c for c in text if c >= " " or c in "\t\n\r")  # what a cell can hold at all
        ws.append([dt.date(2025, 3, 3 + i), "FK1", "A. B.", "Bildung", "SP1", "Beratung", "Aachen", 1.5, 2,
                   sauber[:32_000]])
        ws.append([dt.date(2025, 3, 3 + i), "FK1", "A. B.", sauber[:200], "SP1", "Beratung", sauber[:50],
                   "x", 1, "kaputt"])
    wb.save(ordner / "TN_feindlich.xlsx")
    for args in (["pruefen", str(ordner), "--config", str(ki.config), "--markiert", str(ki.root / "mark")],
                 ["pruefen", str(ordner), "--config", str(ki.config), "--format", "json"],
                 ["bericht", str(ordner), "--config", str(ki.config), "--monat", MONAT, "--trotz-fehlern",
                  "--ausgabe", str(ki.root / "feindlich_bericht")]):
        lauf = ausfuehren(args, ki.root)
        beurteilen(bilanz, teil, lauf)
        if "json" not in args and ("\x1b[" in lauf.aus + lauf.fehler or "\u202e" in lauf.aus + lauf.fehler):
            bilanz.fund(teil, "fremder Text", f"{args[0]}: Steuerzeichen ungeschützt ausgegeben")
    for mappe in [*(ki.root / "mark").rglob("*.xlsx"), *(ki.root / "feindlich_bericht").glob("*.xlsx")]:
        try:
            geladen = openpyxl.load_workbook(mappe)
        except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
            bilanz.fund(teil, "falsches Ergebnis", f"{mappe.name} lässt sich nicht öffnen: "
                                                   f"{type(exc).__name__}")
            continue
        formeln = [c.coordinate for s in geladen for row in s.iter_rows() for c in row
                   if c.data_type == "f" and any(t[:8] in str(c.value) for t in FEINDLICH[:3])]
        if formeln:
            bilanz.fund(teil, "falsches Ergebnis", f"{mappe.name}: Text als Formel in {formeln[:3]}")
    print(f"  {bilanz.laeufe[teil]} Läufe", flush=True)


def seltsame_dateien(bilanz: Bilanz, ki: KI) -> None:
    teil = "seltsame Dateien"
    ordner = ki.root / "seltsam"
    ordner.mkdir()
    os.mkfifo(ordner / "fifo.xlsx")
    (ordner / "null.csv").symlink_to("/dev/zero")
    (ordner / "leer.xlsx").write_bytes(b"")
    (ordner / "text.xlsx").write_text("kein Excel", encoding="utf-8")
    (ordner / "ordner.xlsx").mkdir()
    (ordner / "~$TN_FK2_2025.xlsx").write_bytes(b"\x00" * 165)
    halb = (SAMPLE / "nachweise" / "TN_FK2_2025.xlsx").read_bytes()
    (ordner / "abgeschnitten.xlsx").write_bytes(halb[: len(halb) // 2])
    shutil.copy(SAMPLE / "nachweise" / "TN_FK2_2025.xlsx", ordner / "TN_FK2_2025.xlsx")
    for args in (["pruefen", str(ordner), "--config", str(ki.config)],
                 ["pruefen", str(ordner), str(Path(ordner).resolve() / "TN_FK2_2025.xlsx"), "--config",
                  str(ki.config), "--format", "json"]):
        beurteilen(bilanz, teil, ausfuehren(args, ki.root, timeout=120))
    print(f"  {bilanz.laeufe[teil]} Läufe", flush=True)


def seltsame_konsolen(bilanz: Bilanz, ki: KI) -> None:
    teil = "seltsame Konsolen"
    umlaut = ki.root / "Nachweise Büro"
    shutil.copytree(SAMPLE / "nachweise", umlaut)
    for env in ({"PYTHONIOENCODING": "cp1252"}, {"PYTHONIOENCODING": "cp850"}, {"PYTHONIOENCODING": "ascii"},
                {"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"}):
        for args in (["pruefen", umlaut.name, "--config", str(ki.config)],
                     ["bericht", umlaut.name, "--config", str(ki.config), "--monat", MONAT, "--ausgabe",
                      str(ki.root / "konsole")],
                     ["bericht", umlaut.name, "--config", str(ki.config), "--monat", MONAT, "--ausgabe",
                      str(ki.root / "konsole"), "--format", "json"]):
            lauf = ausfuehren(args, ki.root, env)
            beurteilen(bilanz, teil, lauf, (0,))
    print(f"  {bilanz.laeufe[teil]} Läufe", flush=True)


def land_eingang(ki: KI) -> Path:
    """Meldungen of three generated KIs for a year, for the state's command."""
    eingang = ki.root / "land_eingang"
    if not eingang.exists():
        sys.path.insert(0, str(ROOT))
        from benchmarks.meldungen import erzeuge

        erzeuge(eingang, kis=3, jahre=1, start=2025)
    return eingang


def ablage_schutz(bilanz: Bilanz, ki: KI) -> None:
    """Every option that names an output, pointed into the Ablage (at a filed report, with
    --ueberschreiben where there is one): refused with exit code 2, the Ablage unchanged."""
    teil = "Ablage geschützt"
    if not lauf_ist_geschlossen(ki):
        beurteilen(bilanz, teil, ausfuehren(ki.abschliessen(), ki.root), (0, 3))
    vorher = {k: v for k, v in hashes(ki.ablage).items() if not k.startswith(".")}
    glied = next(p for p in sorted(ki.ablage.iterdir()) if p.name.endswith("_Abschluss"))
    bericht = next(glied.glob("*.xlsx"))
    config = ["--config", str(ki.config), "--format", "json"]
    for args in (ki.bericht("nachweise", glied) + ["--format", "json"],
                 ["pruefen", "nachweise", "--markiert", str(ki.ablage / "markiert"), *config],
                 ["vorlage", "--jahr", "2025", "--ausgabe", str(bericht), "--ueberschreiben", *config],
                 ["meldung", "--monat", MONAT, "--ausgabe", str(glied), *config]):
        lauf = ausfuehren(args, ki.root)
        beurteilen(bilanz, teil, lauf, (2,))
        nachher = {k: v for k, v in hashes(ki.ablage).items() if not k.startswith(".")}
        if nachher != vorher:
            anders = sorted(set(nachher.items()) ^ set(vorher.items()))[:2]
            bilanz.fund(teil, "Ablage verändert", f"{args[0]}: {anders}")
            vorher = nachher
    print(f"  {bilanz.laeufe[teil]} Läufe", flush=True)


KONFIG = [("umfang = 1.0", "umfang = 1e-320"), ("wochenstunden = 39.0", "wochenstunden = 1e-320"),
          ("wochenstunden = 39.0", "wochenstunden = nan"),
          ("pauschale = { 2025 = 57000 }", "pauschale = inf"),
          ("pauschale = { 2025 = 57000 }", "pauschale = 1234567890123456789"),
          ("schwerpunkt_mindestanteil = 0.5", "schwerpunkt_mindestanteil = 1e308")]


def seltsame_konfig(bilanz: Bilanz, ki: KI) -> None:
    """Numbers TOML allows but no KI has: a configuration error with its line (exit code 2)."""
    teil = "seltsame Konfiguration"
    text = ki.config.read_text("utf-8")
    seltsam = ki.root / "seltsam.toml"
    for alt, neu in KONFIG:
        seltsam.write_text(text.replace(alt, neu, 1), encoding="utf-8")
        for args in (["foerderung", "--jahr", "2025", "nachweise", "--config", str(seltsam)],
                     ["bericht", "nachweise", "--config", str(seltsam), "--monat", MONAT, "--ausgabe",
                      str(ki.root / "seltsam_bericht")]):
            lauf = ausfuehren(args, ki.root)
            beurteilen(bilanz, teil, lauf, (2,))
            if lauf.code == 2 and "seltsam.toml:" not in lauf.fehler:
                bilanz.fund(teil, "ohne deutsche Meldung", f"{neu}: ohne Zeile – {lauf.fehler[:120]}")
    print(f"  {bilanz.laeufe[teil]} Läufe", flush=True)


# the answers of `einrichten` for one Stelle; the Bezeichnung is typed with an umlaut
ANTWORTEN = ["Rhein-Sieg-Kreis", "", "", "2025", "", "KI", "", "", "FK1", "Fachkräfte", "Fachkraft",
             "", "", "", "", "nein", "", "", "", "", "ja"]


def einrichten_konsolen(bilanz: Bilanz, ki: KI) -> None:
    """`einrichten` answered on odd consoles: nothing read may end in a traceback."""
    teil = "seltsame Konsolen"
    for encoding in ("ascii", "cp850", "cp1252"):
        eingabe = "\n".join(ANTWORTEN).encode("utf-8" if encoding == "ascii" else encoding) + b"\n"
        lauf = ausfuehren(["einrichten", "--config", str(ki.root / f"einrichten_{encoding}.toml")], ki.root,
                          {"PYTHONIOENCODING": encoding}, eingabe=eingabe)
        beurteilen(bilanz, teil, lauf, (0,))


TEILE = ("bericht", "abschliessen", "platte", "zeichen", "dateien", "konsolen", "ablage", "konfig")


def main() -> int:
    parser = argparse.ArgumentParser(description="Der Angriffslauf gegen das installierte kibericht.")
    parser.add_argument("--abbrueche", type=int, default=30, help="Abbrüche je Befehl (Standard 30)")
    parser.add_argument("--schnell", action="store_true", help="3 Abbrüche je Befehl")
    parser.add_argument("--seed", type=int, default=None, help="Zufallszahl für die Zeitpunkte")
    parser.add_argument("--teile", default=",".join(TEILE), help=f"Teile, mit Komma: {','.join(TEILE)}")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        print("Der Angriffslauf braucht Linux (/proc, Signale).")
        return 2
    n = 3 if args.schnell else args.abbrueche
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    zufall = random.Random(seed)
    bilanz = Bilanz()
    start = time.monotonic()
    print(f"Angriffslauf gegen {' '.join(kibericht_befehl())} (Zufallszahl {seed}, {n} Abbrüche je Befehl)")
    with tempfile.TemporaryDirectory(prefix="kibericht-angriff-") as tmp:
        ki = neues_ki(Path(tmp) / "ki")
        teile = {
            "bericht": ("Abbrüche: bericht", lambda: berichte_abbrechen(bilanz, ki, n, zufall)),
            "abschliessen": ("Abbrüche: abschliessen und wiedereröffnen",
                             lambda: abschluesse_abbrechen(bilanz, ki, n, zufall)),
            "platte": ("Volle Platte", lambda: volle_platte(bilanz, ki)),
            "zeichen": ("Feindliche Zeichen in Zellen", lambda: feindliche_zeichen(bilanz, ki)),
            "dateien": ("Seltsame Dateien", lambda: seltsame_dateien(bilanz, ki)),
            "konsolen": ("Seltsame Konsolen", lambda: (seltsame_konsolen(bilanz, ki),
                                                       einrichten_konsolen(bilanz, ki))),
            "ablage": ("Ausgaben in die Ablage", lambda: ablage_schutz(bilanz, ki)),
            "konfig": ("Seltsame Zahlen in der Konfiguration", lambda: seltsame_konfig(bilanz, ki)),
        }
        for name in args.teile.split(","):
            titel, teil = teile[name.strip()]
            print(f"\n{titel}", flush=True)
            teil()
    funde = Counter(art for _, art, _ in bilanz.funde)
    print(f"\nErgebnis nach {time.monotonic() - start:.0f} s: {sum(bilanz.laeufe.values())} Läufe")
    for teil, anzahl in bilanz.laeufe.items():
        print(f"  {teil:<26} {anzahl:>4} Läufe, {sum(1 for t, _, _ in bilanz.funde if t == teil)} Funde")
    for art in ARTEN:
        print(f"  {art:<26} {funde[art]:>4}")
    print("Keine Funde." if not bilanz.funde else f"{len(bilanz.funde)} Funde (oben einzeln).")
    return 0 if not bilanz.funde else 1


if __name__ == "__main__":
    sys.exit(main())
