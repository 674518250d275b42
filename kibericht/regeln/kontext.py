"""What a rule sees: the configuration, the entries, for the rules of a year the year, and the
closed months to compare the entries with.

Every rule is a plain function `check_x(kontext) -> list[Finding]`, registered in
`regeln.register.REGELN` with the stage at which it runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from kibericht.befunde import Finding
from kibericht.konfig import KIConfig


@dataclass(frozen=True)
class AbgelegterEintrag:
    """One entry of a closed month as filed: fingerprint, values and where it stood."""

    abdruck: str
    werte: Mapping[str, object]
    datei: str
    blatt: str
    zeile: int


@dataclass(frozen=True)
class GeschlossenerMonat:
    """A closed month: its filed entries and the manifest they come from."""

    monat: str  # JJJJ-MM
    manifest: str  # path of the manifest, for messages
    salz: str | None  # key of the name pseudonyms of a manifest of format 1; None: no names filed
    eintraege: tuple[AbgelegterEintrag, ...]


@dataclass(frozen=True)
class Abgleich:
    """What the entries of a run are compared with.

    `bereich`: the input paths of the run (files and folders); a filed entry whose file lies
    outside them is not reported as removed. None: every filed file counts (`verifizieren`).
    `basis`: the folder relative paths (of the run and of the filed entries) start from; by
    default the current folder when the Abgleich is made, so no rule reads it.
    """

    monate: tuple[GeschlossenerMonat, ...]
    bereich: tuple[str, ...] | None = None
    basis: str = field(default_factory=os.getcwd)


@dataclass(frozen=True)
class Kontext:
    """The input of a rule.

    - stage `eintrag`: `eintraege` are all typed entries (also rows with errors), `summen` the
      typed total rows;
    - stage `plausibilitaet`: `eintraege` are the valid entries;
    - stage `jahr`: `eintraege` are the valid entries (None when no logs were given), `jahr` and
      `monate` the months checked;
    - stage `abschluss`: `eintraege` are the typed entries of the files that count, `abgleich` the
      closed months of the Ablage (see `regeln.abschluss`).
    """

    config: KIConfig
    eintraege: pd.DataFrame | None = None
    summen: pd.DataFrame | None = None
    jahr: int | None = None
    monate: tuple[int, ...] = ()
    abgleich: Abgleich | None = None


Regel = Callable[[Kontext], list[Finding]]
