"""matplotlib's settings and font-list folder, chosen before matplotlib is imported, so that charts
are drawn without a word on stderr even where HOME is not writable.

matplotlib keeps its settings and its font list in `~/.config/matplotlib` and `~/.cache/matplotlib`
(or in `$MPLCONFIGDIR`). Where these cannot be created or written (a read-only HOME on a
locked-down office PC or a service account, no HOME at all), matplotlib makes a temporary folder
of its own, prints an English warning to stderr, and builds its font list again on every run
(after 5 s with another English warning). `vorbereiten()` sees this first and sets
`MPLCONFIGDIR` to a folder of this user's own in the temporary directory,
`kibericht-matplotlib-<uid>`, kept across runs so that the font list is built once. A folder of
that name that is not this user's private directory is never used (someone else may have made
it): a fresh private folder is made instead and removed when the process ends.

An `MPLCONFIGDIR` the user set, and writable default folders, are left as they are.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

PRAEFIX = "kibericht-matplotlib-"


def _beschreibbar(ordner: Path) -> bool:
    """What matplotlib asks of its folder: it can be created, and is a writable directory."""
    try:
        ordner = ordner.resolve()
        ordner.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return False
    return ordner.is_dir() and os.access(ordner, os.W_OK)


def standardordner(umgebung: Mapping[str, str]) -> list[Path] | None:
    """The folders matplotlib uses without `MPLCONFIGDIR` (settings, font list); None where the
    home folder cannot be found."""
    try:
        home = Path(umgebung["HOME"]) if umgebung.get("HOME") else Path.home()
    except RuntimeError:
        return None
    if sys.platform.startswith(("linux", "freebsd")):
        return [Path(umgebung.get("XDG_CONFIG_HOME") or home / ".config") / "matplotlib",
                Path(umgebung.get("XDG_CACHE_HOME") or home / ".cache") / "matplotlib"]
    if sys.platform == "win32" and not (home / ".matplotlib").is_dir() and umgebung.get("LOCALAPPDATA"):
        return [Path(umgebung["LOCALAPPDATA"]) / "matplotlib"]
    return [home / ".matplotlib"]


def _privat(ordner: Path) -> bool:
    """A directory (not a link) of this user's that no one else may read or write."""
    try:
        info = os.lstat(ordner)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def eigener_ordner(basis: Path) -> Path | None:
    """This user's folder for matplotlib under `basis` (kept across runs), or a fresh private one
    removed at exit; None where `basis` takes no folder at all."""
    if hasattr(os, "getuid"):
        ordner = basis / f"{PRAEFIX}{os.getuid()}"
        try:
            ordner.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
        if _privat(ordner):
            return ordner
    try:
        neu = Path(tempfile.mkdtemp(prefix=PRAEFIX, dir=basis))
    except OSError:
        return None
    atexit.register(shutil.rmtree, neu, ignore_errors=True)
    return neu


def ordner_fuer(umgebung: Mapping[str, str]) -> Path | None:
    """The folder to set as `MPLCONFIGDIR`; None where matplotlib's own choice is fine."""
    if umgebung.get("MPLCONFIGDIR"):
        return None
    standard = standardordner(umgebung)
    if standard is not None and all(_beschreibbar(o) for o in standard):
        return None
    return eigener_ordner(Path(tempfile.gettempdir()))


def vorbereiten() -> None:
    """Before the first import of matplotlib: its folder set where the default is not writable,
    and its font list loaded without the English note that building it takes a moment."""
    if "matplotlib" in sys.modules:
        return
    ordner = ordner_fuer(os.environ)
    if ordner is not None:
        os.environ["MPLCONFIGDIR"] = str(ordner)
    log = logging.getLogger("matplotlib.font_manager")
    stufe = log.level
    log.setLevel(logging.ERROR)
    try:
        import matplotlib.font_manager  # noqa: F401 - builds or reads the font list now
    finally:
        log.setLevel(stufe)
