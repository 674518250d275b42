"""Build the desktop program (PyInstaller, one folder) from this source tree.

    python packaging/bauen.py                       # -> dist/kibericht/ (kibericht.exe on Windows)
    python packaging/bauen.py --ziel D:\\bau --zip   # ... and kibericht-0.1.0-windows-x64.zip beside it

Three steps: the wheel of this tree is built (exactly what `pip install` would install, with the
package data pyproject.toml declares), unpacked into a staging folder, and PyInstaller builds
`packaging/kibericht.spec` from it with the libraries of the environment this script runs in.
That environment needs `pip install ".[desktop]"` (PyInstaller; setuptools to build the wheel
without the network). Exit code 0 when the folder is built, 2 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
WURZEL = PACKAGING.parent
SPEC = PACKAGING / "kibericht.spec"
NICHT_KOPIEREN = shutil.ignore_patterns("__pycache__", "*.pyc")


class Baufehler(Exception):
    """A step of the build failed; the message says which and what to do (German, for the IT)."""


def _setuptools_reicht() -> bool:
    """setuptools as pyproject.toml requires it is installed: the wheel is built without the network."""
    try:
        import setuptools
    except ImportError:
        return False
    teile = [int(t) for t in setuptools.__version__.split(".")[:1] if t.isdigit()]
    return bool(teile) and teile[0] >= 68


def _ausfuehren(befehl: list[str], was: str, umgebung: dict[str, str] | None = None) -> None:
    erg = subprocess.run(befehl, env=umgebung)
    if erg.returncode != 0:
        raise Baufehler(f"{was} ist fehlgeschlagen (Exit-Code {erg.returncode}); die Meldungen stehen "
                        "darüber.")


def quelltext_kopieren(kopie: Path) -> Path:
    """What the wheel is built from: pyproject.toml, the README and the package folders it names
    (`[tool.setuptools.package-dir]`), not the tests, samples or benchmarks."""
    projekt = tomllib.loads((WURZEL / "pyproject.toml").read_text("utf-8"))
    ordner = set(projekt["tool"]["setuptools"].get("package-dir", {}).values()) | {"kibericht"}
    kopie.mkdir(parents=True)
    for datei in [WURZEL / "pyproject.toml", *WURZEL.glob("README*"), *WURZEL.glob("LICEN[CS]E*")]:
        shutil.copy2(datei, kopie / datei.name)
    for name in sorted(ordner):
        shutil.copytree(WURZEL / name, kopie / name, ignore=NICHT_KOPIEREN)
    return kopie


def rad_bauen(arbeit: Path) -> Path:
    """The wheel of the source tree, built in a copy of it (the tree stays as it is)."""
    kopie = quelltext_kopieren(arbeit / "quelltext")
    raeder = arbeit / "rad"
    befehl = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(raeder),
              str(kopie)]
    if _setuptools_reicht():
        befehl.insert(4, "--no-build-isolation")
    _ausfuehren(befehl, "Das Bauen des Wheels von kibericht")
    gefunden = sorted(raeder.glob("kibericht-*.whl"))
    if len(gefunden) != 1:
        raise Baufehler(f"Im Ordner {raeder} liegt nicht genau ein Wheel von kibericht.")
    return gefunden[0]


def entpacken(rad: Path, ziel: Path) -> Path:
    """The wheel unpacked as pip installs it (a wheel of pure Python is a zip of site-packages)."""
    with zipfile.ZipFile(rad) as zf:
        zf.extractall(ziel)
    return ziel


def plattform() -> str:
    """The tag of the zip's name: windows-x64, linux-x86_64, ..."""
    maschine = platform.machine().lower()
    if sys.platform == "win32":
        return "windows-" + {"amd64": "x64", "x86_64": "x64", "arm64": "arm64"}.get(maschine, maschine)
    return f"{sys.platform.rstrip('0123456789')}-{maschine}"


def ordnergroesse(ordner: Path) -> int:
    return sum(p.stat().st_size for p in ordner.rglob("*") if p.is_file() and not p.is_symlink())


def version(quelle: Path) -> str:
    for zeile in (quelle / "kibericht" / "__init__.py").read_text("utf-8").splitlines():
        if zeile.startswith("__version__"):
            return zeile.split("=", 1)[1].strip().strip("\"'")
    raise Baufehler("kibericht/__init__.py nennt keine __version__.")


def bauen(ziel: Path, arbeit: Path, mit_zip: bool) -> Path:
    """Build into `ziel`/kibericht (replaced if there); return the program folder."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise Baufehler("PyInstaller fehlt in dieser Python-Umgebung. Installieren Sie es mit: "
                        "pip install \".[desktop]\"")
    for rest in ("quelltext", "rad", "installiert"):  # of an earlier build in the same --arbeit
        shutil.rmtree(arbeit / rest, ignore_errors=True)
    quelle = entpacken(rad_bauen(arbeit), arbeit / "installiert")
    umgebung = {**os.environ, "KIBERICHT_QUELLE": str(quelle)}
    _ausfuehren([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                 "--distpath", str(ziel), "--workpath", str(arbeit / "pyinstaller"), str(SPEC)],
                "PyInstaller", umgebung)
    programm = ziel / "kibericht"
    if not (programm / ("kibericht.exe" if sys.platform == "win32" else "kibericht")).is_file():
        raise Baufehler(f"PyInstaller hat in {programm} kein Programm kibericht erzeugt.")
    if mit_zip:
        name = f"kibericht-{version(quelle)}-{plattform()}"
        archiv = shutil.make_archive(str(ziel / name), "zip", root_dir=ziel, base_dir="kibericht")
        print(f"Zip: {archiv}")
    return programm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python packaging/bauen.py",
        description="Baut kibericht als Programmordner (PyInstaller, ein Ordner) für diesen Rechner.")
    parser.add_argument("--ziel", type=Path, default=WURZEL / "dist",
                        help="Ordner, in dem der Programmordner kibericht entsteht (Standard: dist)")
    parser.add_argument("--arbeit", type=Path, default=None,
                        help="Arbeitsordner des Baus (Standard: ein temporärer Ordner, danach gelöscht)")
    parser.add_argument("--zip", action="store_true",
                        help="zusätzlich ein Zip des Programmordners zum Verteilen")
    args = parser.parse_args(argv)

    ziel = args.ziel.resolve()
    temporaer = args.arbeit is None
    arbeit = Path(tempfile.mkdtemp(prefix="kibericht-bau-")) if temporaer else args.arbeit.resolve()
    try:
        arbeit.mkdir(parents=True, exist_ok=True)
        programm = bauen(ziel, arbeit, args.zip)
    except Baufehler as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    finally:
        if temporaer:
            shutil.rmtree(arbeit, ignore_errors=True)
    groesse = ordnergroesse(programm)
    print(f"Gebaut: {programm} ({groesse / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
