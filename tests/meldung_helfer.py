"""Shared by the Meldung tests: a KI's month as report values, a filing, and the test double of the
disclosure control."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kibericht.ablage.kette import Glied
from kibericht.ablauf import load_entries
from kibericht.land.eingang import Eingang
from kibericht.land.format import Kettenkopf
from kibericht.land.meldung import meldungsinhalt
from kibericht.periode import Periode
from kibericht.regeln.bericht import berechne_bericht
from tests.conftest import HEADER, entry, write_xlsx

# Bildung in March: FK1 2 h, FK2 3 h, L1 4 h (three Stellen); Querschnitt in March: FK1 alone;
# Übergreifend: FK1 alone, without Schwerpunkt and Kommune; February: Querschnitt by FK2 and L1.
MAERZ = [
    entry(3, "FK1", "Bildung", "SP1", "Beratung", "Alfter", 2.0, 3),
    entry(4, "FK2", "Bildung", "SP1", "Beratung", "Alfter", 3.0, 2),
    entry(5, "L1", "Bildung", "SP1", "Netzwerktreffen", "Alfter", 4.0, 5),
    entry(6, "FK1", "Querschnitt", "SP2", "Veranstaltung", "Bornheim", 1.5, 10),
    entry(7, "FK1", "Übergreifend", None, "Verwaltung", None, 2.25, None),
]
FEBRUAR = [
    entry(3, "FK2", "Querschnitt", "SP2", "Beratung", "Eitorf", 1.0, None, month=2),
    entry(4, "L1", "Querschnitt", "SP2", "Beratung", "Bornheim", 2.0, None, month=2),
]


class MindestensDreiStellenTestdouble:
    """Test double of the disclosure control: withholds every figure to which one or two Stellen
    contribute (a figure nobody contributes to, a zero, is published)."""

    GRUND = "geheim zu halten (weniger als 3 Stellen)"

    def gesperrt(self, zellen):
        return {z: self.GRUND for z in zellen if 0 < len(z.beitraege) < 3}


class NichtsGesperrtTestdouble:
    def gesperrt(self, zellen):
        return {}


def berichte(tmp_path: Path, config, zeilen=None, monat: str = "2025-03"):
    """The month's report value and that of January to the month, from a workbook in tmp_path."""
    write_xlsx(tmp_path / "in" / "nachweis.xlsx", {"2025": [HEADER, *(zeilen or [*FEBRUAR, *MAERZ])]})
    result = load_entries([tmp_path / "in"], config)
    assert not result.errors, result.errors
    periode = Periode.parse_monat(monat)
    return (
        berechne_bericht(result.entries, config, periode),
        berechne_bericht(result.entries, config, periode.bis_jetzt()),
    )


def glied(
    nr: int,
    monat: str,
    vorgaenger: str | None,
    version: int = 1,
    art: str = "abschluss",
    zeitpunkt: str | None = None,
) -> Glied:
    """A chain element as `ablage.kette.lies_ablage` returns it (hash derived from its fields)."""
    sha = hashlib.sha256(f"{nr}|{monat}|{art}|{vorgaenger}|{version}".encode()).hexdigest()
    jahr, m = int(monat[:4]), int(monat[5:])
    zeit = zeitpunkt or f"{jahr + (m == 12)}-{m % 12 + 1:02d}-03T09:30:00+01:00"
    daten = {"vorgaenger": vorgaenger, "zeitpunkt": zeit, "version": version}
    return Glied(nr, art, monat, Path("abschluesse") / f"{nr:04d}", Path("m.json"), sha, daten)


def kette(*monate: str) -> list[Glied]:
    glieder, vorher = [], None
    for nr, monat in enumerate(monate, start=1):
        g = glied(nr, monat, vorher)
        glieder.append(g)
        vorher = g.sha256
    return glieder


def inhalt(tmp_path: Path, config, geheimhaltung=None, monate=("2025-02", "2025-03")):
    b, bis = berichte(tmp_path, config)
    glieder = kette(*monate)
    return meldungsinhalt(
        b, glieder[-1], geheimhaltung or MindestensDreiStellenTestdouble(), bis_monat=bis, kette=glieder
    )


def _sha(*teile) -> str:
    return hashlib.sha256("|".join(map(str, teile)).encode()).hexdigest()


class Ablage:
    """A KI's chain as the Land sees it through the Meldungen: one element per closing."""

    def __init__(self, kennung: str = "KREIS-01", salz: str = ""):
        self.kennung, self.salz, self.kette = kennung, salz, []

    def abschluss(self, monat: str, tag: int = 5, version: int = 1, art: str = "abschluss") -> Eingang:
        vorgaenger = self.kette[-1][3] if self.kette else None
        nr = len(self.kette) + 1
        sha = _sha(self.kennung, nr, monat, vorgaenger, self.salz)
        self.kette.append((nr, art, monat, sha, vorgaenger))
        jahr, m = int(monat[:4]), int(monat[5:])
        zeit = f"{jahr + (m == 12)}-{m % 12 + 1:02d}-{tag:02d}T10:00:00+01:00"
        return Eingang(
            f"Meldung_{self.kennung}_{monat}_v{version}.zip",
            _sha("datei", sha),
            self.kennung,
            monat,
            True,
            (),
            "KI",
            _sha("inhalt", sha),
            zeit,
            Kettenkopf(nr, version, sha, vorgaenger),
            tuple(self.kette),
        )

    def korrektur(self, monat: str, tag: int = 10) -> Eingang:
        """The month reopened and closed again: the second version of its closing."""
        self.abschluss(monat, tag, art="wiedereroeffnung")
        return self.abschluss(monat, tag, version=2)

    def kuerzen(self, laenge: int) -> None:
        del self.kette[laenge:]
