"""What a rule sees: the configuration, the entries and, for the rules of a year, the year.

Every rule is a plain function `check_x(kontext) -> list[Finding]`, registered in
`regeln.register.REGELN` with the stage at which it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from kibericht.befunde import Finding
from kibericht.konfig import KIConfig


@dataclass(frozen=True)
class Kontext:
    """The input of a rule.

    - stage `eintrag`: `eintraege` are all typed entries (also rows with errors), `summen` the
      typed total rows;
    - stage `plausibilitaet`: `eintraege` are the valid entries;
    - stage `jahr`: `eintraege` are the valid entries (None when no logs were given), `jahr` and
      `monate` the months checked.
    """

    config: KIConfig
    eintraege: pd.DataFrame | None = None
    summen: pd.DataFrame | None = None
    jahr: int | None = None
    monate: tuple[int, ...] = ()


Regel = Callable[[Kontext], list[Finding]]
