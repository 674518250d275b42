"""The configuration of one KI as typed, frozen values (read by `konfig.laden`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kibericht.befunde import Finding
from kibericht.schema import load_schema, norm_key

ANTEILIG = ("tagesgenau", "volle_monate")
SOLL_LEHRKRAEFTE = ("wochenstunden", "keine")
NICHT_PAUSCHAL = ("Land", "Eigenmittel")
ABLAGE_STANDARD = "abschluesse"
# what a countable milestone counts: distinct Termine (see `regeln.termine`) or entries
TERMINE = "termine"
EINTRAEGE = "eintraege"
ZAEHLT = (TERMINE, EINTRAEGE)


class ConfigError(Exception):
    """The configuration cannot be used; `befunde` holds one finding per problem (file, line, key
    and a German sentence), `errors` the same as text lines ``ki.toml:12: …``."""

    def __init__(self, befunde: list[Finding]):
        self.befunde = list(befunde)
        super().__init__("\n".join(self.errors))

    @property
    def errors(self) -> list[str]:
        return [f"{f.datei}:{f.zeile}: {f.meldung}" if f.zeile
                else f.meldung if f.datei in f.meldung else f"{f.datei}: {f.meldung}"
                for f in self.befunde]


@dataclass(frozen=True)
class JahresWert:
    """A number that is either the same every year or given per year (`{ 2025 = 50000 }`)."""

    immer: float | None = None
    je_jahr: tuple[tuple[int, float], ...] = ()

    def fuer(self, jahr: int) -> float | None:
        for year, value in self.je_jahr:
            if year == jahr:
                return value
        return self.immer


@dataclass(frozen=True)
class Besetzung:
    """A period in which a Stelle is filled, both ends inclusive."""

    von: dt.date
    bis: dt.date | None  # inclusive; None = still filled
    umfang: float

    def enthaelt(self, tag: dt.date) -> bool:
        """Whether the Stelle is filled on `tag` in this period (`bis` inclusive)."""
        return self.von <= tag and (self.bis is None or tag <= self.bis)

    def tage_zwischen(self, anfang: dt.date, ende: dt.date) -> int:
        """Days of this period from `anfang` to `ende`, both inclusive (0 when apart)."""
        von = max(self.von, anfang)
        bis = ende if self.bis is None else min(self.bis, ende)
        return max((bis - von).days + 1, 0)


@dataclass(frozen=True)
class Stelle:
    id: str
    bezeichnung: str
    art: str
    umfang: float
    wochenstunden: float
    foerderung: str
    pauschale: JahresWert
    besetzt: tuple[Besetzung, ...] | None  # None: filled all the time at its own umfang

    def perioden(self, jahr: int) -> tuple[Besetzung, ...]:
        """The besetzt periods, with a Stelle without `besetzt` filled the whole year."""
        if self.besetzt is None:
            return (Besetzung(dt.date(jahr, 1, 1), None, self.umfang),)
        return self.besetzt

    def besetzt_am(self, tag: dt.date) -> float:
        """The filled share (VZÄ) on a day, 0.0 when vacant."""
        for p in self.perioden(tag.year):
            if p.enthaelt(tag):
                return p.umfang
        return 0.0


@dataclass(frozen=True)
class Programm:
    name: str
    hoechstbetrag: JahresWert


@dataclass(frozen=True)
class Meilenstein:
    jahr: int
    text: str
    taetigkeit: str | None = None
    mindestens: int | None = None
    hoechstens: int | None = None
    zaehlt: str = TERMINE  # TERMINE: one meeting logged by three Stellen counts once; EINTRAEGE

    @property
    def zaehlbar(self) -> bool:
        return self.taetigkeit is not None and self.mindestens is not None


@dataclass(frozen=True)
class Schwerpunkt:
    id: str
    titel: str
    handlungsfeld: str
    zieldimension: str
    von: int
    bis: int
    zielbezug: str = ""
    ziel: str = ""
    meilensteine: tuple[Meilenstein, ...] = ()

    def gilt_im_jahr(self, jahr: int) -> bool:
        return self.von <= jahr <= self.bis


@dataclass(frozen=True)
class Regeln:
    schwerpunkt_mindestanteil: float = 0.5
    max_stunden_pro_tag: float = 10.0
    anteilig: str = "tagesgenau"
    soll_lehrkraefte: str = "wochenstunden"
    stundentakt: float | None = None  # e.g. 0.25: hours off the quarter hour are a hint


@dataclass(frozen=True)
class Oeffentlich:
    """The disclosure-control thresholds of everything public (`[oeffentlich]`): a figure is
    published only when at least `mindestens_stellen` Stellen contribute to it and no single
    Stelle contributes more than `hoechstanteil` of it."""

    mindestens_stellen: int = 3
    hoechstanteil: float = 0.85


@dataclass(frozen=True)
class KIConfig:
    name: str
    kommunen: tuple[str, ...]
    taetigkeiten: tuple[str, ...]
    regeln: Regeln
    programme: tuple[Programm, ...]
    stellen: tuple[Stelle, ...]
    schwerpunkte: tuple[Schwerpunkt, ...]
    datei: str = field(default="ki.toml")
    # the Ablage of closed months; `load_config` makes it relative to the folder of ki.toml
    ablage: Path = field(default=Path(ABLAGE_STANDARD))
    # the logs folder (`[nachweise] ordner`), relative to the folder of ki.toml; None: not given
    nachweise: Path | None = None
    # a stable short code of the KI (`[ki] kennung`, or derived from the name: `ki_kennung`)
    kennung: str = "KI"
    oeffentlich: Oeffentlich = field(default=Oeffentlich())
    # warnings about a configuration that can be used (look-alike Stelle IDs); commands show them
    befunde: tuple[Finding, ...] = ()

    def stelle(self, stelle_id: str) -> Stelle:
        return next(s for s in self.stellen if s.id == stelle_id)

    def programm(self, name: str) -> Programm | None:
        return next((p for p in self.programme if p.name == name), None)

    def schwerpunkt(self, sp_id: str) -> Schwerpunkt:
        return next(s for s in self.schwerpunkte if s.id == sp_id)

    @property
    def kommunen_mit_kreisweit(self) -> tuple[str, ...]:
        kreisweit = load_schema().kreisweit
        if any(norm_key(k) == norm_key(kreisweit) for k in self.kommunen):
            return self.kommunen
        return (*self.kommunen, kreisweit)
