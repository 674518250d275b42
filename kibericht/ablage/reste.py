"""What an interrupted filing leaves in the Ablage, and its removal.

A new element of the chain is written into a hidden folder `.neu-…` and renamed into place in
one step (`ablegen.neues_glied`). A run killed before that rename leaves the hidden folder: it
never counts as a filing (`kette` reads only folders named like `0001_2025-03_Abschluss`), and
it is removed by the next command that writes to the Ablage or checks it (`abschliessen`,
reopening, `verifizieren`), under the lock of the Ablage, so that the folder of a run filing at
this very moment is never touched. Filed elements are never touched either: only hidden folders
of exactly this naming are removed.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

from kibericht.ablage.sperre import AblageGesperrt, gesperrt

NEU = ".neu-"  # prefix of the temporary folder of an element being written
_NEU = re.compile(r"\.neu-[0-9a-f]+")


def aufraeumen(ordner: Path) -> None:
    """Remove temporary folders of interrupted runs (only while holding the lock)."""
    for path in Path(ordner).glob(f"{NEU}*"):
        if _NEU.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def reste_entfernen(ordner: Path) -> bool:
    """Remove what interrupted runs left in the Ablage `ordner`, if there is anything and no
    other run is filing right now (never waiting for one); whether anything was removed. An
    Ablage that cannot be written (read-only, an auditor's copy) is left as it is."""
    ordner = Path(ordner)
    try:
        if not any(_NEU.fullmatch(p.name) for p in ordner.glob(f"{NEU}*")):
            return False
        with gesperrt(ordner, warten=0):
            aufraeumen(ordner)
    except (AblageGesperrt, OSError):
        return False
    with contextlib.suppress(OSError):
        return not any(_NEU.fullmatch(p.name) for p in ordner.glob(f"{NEU}*"))
    return False
