"""The primary rule: which figure may not be published because of who contributes to it.

A figure is published only if at least `mindestens_stellen` Stellen contribute to it (default 3)
and no single Stelle contributes more than `hoechstanteil` of it (default 0,85: the dominance
rule of official statistics). A figure to which no Stelle contributes (an empty cell, 0) is safe:
it tells that nobody worked there, nothing about one person's work.

    >>> primaer_grund([4.0, 3.0, 2.0], Schwellen())    # three Stellen, none above 85 %
    >>> primaer_grund([4.0, 3.0], Schwellen())
    'primär: weniger als 3 Stellen'
    >>> primaer_grund([90.0, 5.0, 5.0], Schwellen())
    'primär: eine Stelle mehr als 85 %'

`schutzbreite` is the protection interval of the secondary suppression: no suppressed figure may
be narrowed by what is published to less than ± 15 % around its value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

MINDESTENS_STELLEN = 3
HOECHSTANTEIL = 0.85
SCHUTZBREITE = 0.15

SEKUNDAER = "sekundär"


@dataclass(frozen=True)
class Schwellen:
    """The thresholds of the disclosure control (`[oeffentlich]` in ki.toml)."""

    mindestens_stellen: int = MINDESTENS_STELLEN
    hoechstanteil: float = HOECHSTANTEIL
    schutzbreite: float = SCHUTZBREITE

    def __post_init__(self) -> None:
        if self.mindestens_stellen < 1:
            raise ValueError("mindestens_stellen must be at least 1")
        if not 0 < self.hoechstanteil <= 1:
            raise ValueError("hoechstanteil must lie in (0, 1]")
        if not 0 < self.schutzbreite < 1:
            raise ValueError("schutzbreite must lie in (0, 1)")

    @property
    def grund_wenige(self) -> str:
        return f"primär: weniger als {self.mindestens_stellen} Stellen"

    @property
    def grund_dominanz(self) -> str:
        prozent = f"{self.hoechstanteil * 100:.10g}".replace(".", ",")
        return f"primär: eine Stelle mehr als {prozent} %"


def schwellen_aus(config: object) -> Schwellen:
    """The thresholds of a configuration: its `[oeffentlich]` table where it has one (attributes
    `mindestens_stellen`, `hoechstanteil`, each optional), the defaults otherwise."""
    oeffentlich = getattr(config, "oeffentlich", None)
    if oeffentlich is None:
        return Schwellen()
    mindestens = getattr(oeffentlich, "mindestens_stellen", None)
    anteil = getattr(oeffentlich, "hoechstanteil", None)
    return Schwellen(MINDESTENS_STELLEN if mindestens is None else int(mindestens),
                     HOECHSTANTEIL if anteil is None else float(anteil))


def _exakt(x: float) -> Fraction:
    """A sum of hours as the decimal it stands for (sums of floats carry tiny binary errors)."""
    return Fraction(repr(round(float(x), 9)))


def primaer_grund(beitraege: Iterable[float], schwellen: Schwellen) -> str | None:
    """Why a figure with these contributions per Stelle must not be published; None if it may.

    Exactly `mindestens_stellen` Stellen are enough; a Stelle with exactly `hoechstanteil` of
    the figure does not dominate it (the rule says „more than“)."""
    positiv = [_exakt(b) for b in beitraege if b > 0]
    if not positiv:
        return None
    if len(positiv) < schwellen.mindestens_stellen:
        return schwellen.grund_wenige
    if max(positiv) > Fraction(repr(schwellen.hoechstanteil)) * sum(positiv):
        return schwellen.grund_dominanz
    return None
