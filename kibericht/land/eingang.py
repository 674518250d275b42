"""What the checks across Meldungen need of one Meldung file, and a finding tied to a KI and month.

`Eingang` is the light record of a file: its hashes, KI, month, head data and chain extract,
and the findings of reading it. It comes from a freshly read `GeleseneMeldung` or from the store
(`speicher`), so a file read in an earlier run is not opened again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kibericht.befunde import Finding
from kibericht.land.format import Kettenkopf
from kibericht.land.lesen import GeleseneMeldung
from kibericht.periode import Periode


@dataclass(frozen=True)
class Eingang:
    datei: str
    sha256: str
    kennung: str | None
    monat: str | None
    gueltig: bool
    befunde: tuple[Finding, ...] = ()
    ki_name: str | None = None
    inhalt_sha256: str | None = None
    abgeschlossen_am: str | None = None
    kopf: Kettenkopf | None = None
    kette: tuple[tuple, ...] = ()  # (nr, art, monat, sha256, vorgaenger) of the chain extract

    @property
    def zeitpunkt(self) -> dt.datetime:
        """The time of the filing (UTC), for ordering filings."""
        return dt.datetime.fromisoformat(self.abgeschlossen_am).astimezone(dt.UTC)

    @property
    def titel(self) -> str:
        return Periode.parse_monat(self.monat).titel if self.monat else "unbekannter Monat"

    def an(self, datei: str) -> Eingang:
        """The same file found at another path: findings name the path of this run."""
        if datei == self.datei:
            return self
        return replace(self, datei=datei, befunde=tuple(replace(f, datei=datei) for f in self.befunde))


def eingang(m: GeleseneMeldung) -> Eingang:
    i = m.inhalt
    if i is None:
        return Eingang(m.datei, m.sha256, m.kennung, m.monat, False, m.befunde)
    return Eingang(
        m.datei,
        m.sha256,
        i.kennung,
        i.monat,
        True,
        m.befunde,
        i.ki_name,
        m.inhalt_sha256,
        i.abgeschlossen_am,
        i.kopf,
        i.tabellen["kette"],
    )


@dataclass(frozen=True)
class Vermerk:
    """A finding with the KI and month it concerns (None where the file does not say)."""

    befund: Finding
    kennung: str | None
    monat: str | None

    def to_json(self) -> dict:
        return {**self.befund.to_json(), "ki": self.kennung, "monat": self.monat}
