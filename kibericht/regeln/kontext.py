"""What a rule sees: one frozen input per stage of `regeln.register`.

Every rule is a plain function `check_x(daten) -> list[Finding]` whose parameter says its stage:

- `Eintragsdaten` (stage `eintrag`): every typed entry, also rows with errors, and the typed total
  rows;
- `Dateidaten` (stage `datei`): the typed entries of all files together;
- `Abschlussdaten` (stage `abschluss`): the typed entries of the files that count (copies left
  out) and the closed months of the Ablage;
- `Plausibilitaetsdaten` (stage `plausibilitaet`): the valid entries;
- `Jahresdaten` (stage `jahr`): a year, the months checked, and the valid entries (None when the
  command was given no logs, as `kibericht foerderung --jahr 2025` without EINGABE).

Each field means one thing at one stage; a rule never asks which stage it is in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from kibericht.konfig import KIConfig

# a value of a filed entry: a JSON scalar (date as ISO text, hours and Teilnehmende as numbers)
Feldwert = str | int | float | None


@dataclass(frozen=True)
class AbgelegterEintrag:
    """One entry of a closed month as filed: fingerprint, values and where it stood."""

    abdruck: str
    werte: Mapping[str, Feldwert]
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
class Eintragsdaten:
    """Stage `eintrag`: every typed entry (also rows with errors) and the typed total rows."""

    config: KIConfig
    eintraege: pd.DataFrame
    summen: pd.DataFrame


@dataclass(frozen=True)
class Dateidaten:
    """Stage `datei`: the typed entries of all input files together."""

    config: KIConfig
    eintraege: pd.DataFrame


@dataclass(frozen=True)
class Abschlussdaten:
    """Stage `abschluss`: the typed entries of the files that count, and the closed months."""

    config: KIConfig
    eintraege: pd.DataFrame
    abgleich: Abgleich


@dataclass(frozen=True)
class Plausibilitaetsdaten:
    """Stage `plausibilitaet`: the valid entries."""

    config: KIConfig
    eintraege: pd.DataFrame


@dataclass(frozen=True)
class Jahresdaten:
    """Stage `jahr`: the year and the months checked; the valid entries, None without logs."""

    config: KIConfig
    jahr: int
    monate: tuple[int, ...] = ()
    eintraege: pd.DataFrame | None = None
