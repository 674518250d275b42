"""Use case „melden“ (`kibericht meldung`): the Meldung to the Land of a closed month, from the
Ablage.

    ergebnis = melden("ki.toml", monat("2025-03"))
    ergebnis.datei         # meldungen/Meldung_<KI-Kennung>_2025-03.zip
    ergebnis.daten         # its bytes (what a web page offers for download, `schreiben=False`)

The Meldung is built from the Ablage alone (`land.aus_ablage`): the filed entries of the month's
closing and of the closings of the months before it in its year, the chain up to the closing,
the configuration. No logs are read, and the same Ablage gives the same bytes, whether it is
written right after `abschliessen` or again later.

**Where.** By default into the folder `meldungen` beside the Ablage (`meldungsordner`: with the
default Ablage `abschluesse` beside ki.toml, `meldungen` beside ki.toml). Not into the Ablage:
a closing's manifest cannot hold the hash of a Meldung that holds the manifest's hash, and an
element of the chain holds only what its manifest names. `ausgabe` writes it elsewhere (never
into the Ablage).

**Exit codes.** 0 written · 1 the Ablage has errors (its findings in `befunde`; nothing written)
· 2 (`Aufruffehler`) the month is not closed, the Ablage does not exist, the filed entries do not
give the filed figures (ki.toml changed since, an earlier month not closed), the output cannot be
written.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.anwendung.aufruf import (
    Aufruffehler,
    als_periode,
    anzeige,
    ausserhalb_der_ablage,
    fehler_bei,
    konfiguration,
)
from kibericht.anwendung.nachweise import befunde_json
from kibericht.befunde import Finding
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK

if TYPE_CHECKING:  # the Ablage and the Meldung need pandas: imported when the use case runs
    from kibericht.ablage.kette import Ablagestand, Glied
    from kibericht.land.format import Meldungsinhalt

MELDUNGEN = "meldungen"


def meldungsordner(config: KIConfig) -> Path:
    """Where `abschliessen` and `meldung` write the Meldungen: the folder `meldungen` beside the
    Ablage (outside its chain)."""
    return Path(os.path.normpath(config.ablage)).parent / MELDUNGEN


@dataclass(frozen=True)
class MeldungErgebnis:
    """The Meldung of a closed month: its content, its bytes, where it was written (`datei`, None
    when only its bytes were asked for), the closing it belongs to and notes about it; or the
    errors of a damaged Ablage that stopped it (`inhalt` None, exit code 1)."""

    config: KIConfig
    periode: Periode
    inhalt: Meldungsinhalt | None = None
    daten: bytes = b""
    glied: Glied | None = None
    datei: Path | None = None
    hinweise: tuple[str, ...] = ()  # German notes (e.g. ki.toml changed since the closing)
    ablage_befunde: tuple[Finding, ...] = ()

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.inhalt is not None else EXIT_DATEN

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return self.ablage_befunde

    @property
    def dateien(self) -> tuple[Path, ...]:
        return () if self.datei is None else (self.datei,)

    @property
    def dateiname(self) -> str | None:
        return None if self.inhalt is None else self.inhalt.dateiname

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.daten).hexdigest() if self.daten else None

    @property
    def gesperrt(self) -> tuple[int, int]:
        """(withheld figures, all figures that can be withheld) of the Meldung."""
        from kibericht.land.stimmig import SPERREN

        if self.inhalt is None:
            return 0, 0
        leer = alle = 0
        for ressource, felder in SPERREN.items():
            for zeile in self.inhalt.zeilen(ressource):
                for feld, _ in felder:
                    alle += 1
                    leer += bool(zeile[f"{feld}_sperre"])
        return leer, alle

    @property
    def dokument(self) -> dict[str, Any]:
        inhalt, glied = self.inhalt, self.glied
        if inhalt is None or glied is None:
            return {"monat": self.periode.label, **befunde_json(self.ablage_befunde)}
        gesperrt, alle = self.gesperrt
        k = inhalt.kopf
        return {"aktion": "meldung", "monat": inhalt.monat,
                "ki": {"kennung": inhalt.kennung, "name": inhalt.ki_name},
                "datei": None if self.datei is None else anzeige(self.datei), "dateiname": inhalt.dateiname,
                "sha256": self.sha256, "bytes": len(self.daten), "schemaversion": inhalt.schemaversion,
                "abschluss": {"nr": k.nr, "version": k.version, "sha256": k.sha256,
                              "vorgaenger": k.vorgaenger, "abgeschlossen_am": inhalt.abgeschlossen_am},
                "gesperrt": gesperrt, "sperrbar": alle, "hinweise": list(self.hinweise)}


def _ablage(config: KIConfig) -> Ablagestand:
    from kibericht.ablage.kette import lies_ablage

    ordner = Path(config.ablage)
    if ordner.exists() and not ordner.is_dir():
        raise fehler_bei(f"Die Ablage „{anzeige(ordner)}“ ist eine Datei, kein Ordner. Geben Sie in "
                         "[ablage] ordner den Ordner der Ablage an.", ordner)
    if not ordner.is_dir():
        raise fehler_bei(f"Die Ablage „{anzeige(ordner)}“ gibt es nicht. Eine Meldung gehört zu einem "
                         "abgeschlossenen Monat: kibericht abschliessen NACHWEISE --monat JJJJ-MM.", ordner)
    return lies_ablage(ordner, dateien_pruefen=True)


def _abschluss(stand: Ablagestand, periode: Periode) -> Glied:
    """The current closing of the month; an `Aufruffehler` when there is none."""
    glied = stand.geschlossen.get(periode.label)
    if glied is not None:
        return glied
    from kibericht.ablage.manifest import ABSCHLUSS

    frueher = [g for g in stand.glieder if g.monat == periode.label]
    if frueher and frueher[-1].art != ABSCHLUSS:
        meldung = (f"{periode.titel} wurde wiedereröffnet (Nr. {frueher[-1].nr:04d}) und ist nicht wieder "
                   f"abgeschlossen. Schließen Sie den Monat erneut ab (kibericht abschliessen NACHWEISE "
                   f"--monat {periode.label}); dabei wird seine Meldung geschrieben.")
    else:
        meldung = (f"{periode.titel} ist nicht abgeschlossen (Ablage „{anzeige(stand.ordner)}“). Eine "
                   f"Meldung gehört zu einem abgeschlossenen Monat: kibericht abschliessen NACHWEISE --monat "
                   f"{periode.label}.")
    raise fehler_bei(meldung, stand.ordner)


def melden(konfig: KIConfig | Path | str, periode: Periode | str, ausgabe: Path | str | None = None, *,
            konfig_datei: Path | None = None, schreiben: bool = True) -> MeldungErgebnis:
    """The Meldung of the closed month `periode`, built from the Ablage and written into
    `ausgabe` (a folder, or a file ending in .zip; default `meldungsordner(config)`).

    `konfig_datei`: the ki.toml `konfig` was read from (default: `konfig` when it is a path),
    to tell whether it is the one of the closing. `schreiben=False`: nothing is written; the
    result holds the bytes (`daten`) and the file name (`dateiname`)."""
    periode = als_periode(periode)
    if periode.art != "monat":
        raise Aufruffehler("Eine Meldung gehört zu einem Monat, z. B. --monat 2025-03.")
    config = konfiguration(konfig)
    if konfig_datei is None and not isinstance(konfig, KIConfig):
        konfig_datei = Path(konfig)
    ziel = Path(ausgabe) if ausgabe is not None else meldungsordner(config)
    if schreiben:
        ausserhalb_der_ablage(ziel, config, "die Meldung")
    stand = _ablage(config)
    if not stand.fehlerfrei:
        return MeldungErgebnis(config, periode, ablage_befunde=stand.befunde)
    glied = _abschluss(stand, periode)

    from kibericht.ausgabe.atomar import AusgabeFehler
    from kibericht.land.aus_ablage import konfig_pruefsumme, meldung_aus_ablage
    from kibericht.land.meldung import MeldungFehler
    from kibericht.land.schreiben import meldung_bytes, meldung_schreiben

    sha = konfig_pruefsumme(konfig_datei)
    try:
        inhalt = meldung_aus_ablage(stand, glied, config, konfig_sha256=sha)
    except MeldungFehler as exc:
        raise fehler_bei(str(exc), glied.manifest) from None
    hinweise = []
    if sha is not None and sha != (glied.daten or {}).get("konfiguration", {}).get("sha256"):
        hinweise.append("Die ki.toml wurde seit dem Abschluss geändert. Die Zahlen sind die des "
                        "abgeschlossenen Berichts; Name des KI, Kennung und Titel der Schwerpunkte kommen "
                        "aus der heutigen ki.toml.")
    datei = None
    if schreiben:
        try:
            datei = meldung_schreiben(inhalt, ziel)
        except AusgabeFehler as exc:
            raise Aufruffehler(exc.meldung, [exc.befund]) from None
    return MeldungErgebnis(config, periode, inhalt, meldung_bytes(inhalt), glied, datei, tuple(hinweise))
