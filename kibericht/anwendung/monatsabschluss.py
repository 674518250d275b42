"""Use cases „abschliessen“ and „wiedereroeffnen“: file a month in the Ablage, or reopen it.

Closing reads the Ablage (hashing its files), refuses a month already closed or not yet over,
reads the logs (stopped by errors of that month alone), computes the report and then, holding
the lock of the Ablage, checks that the chain is still the one it read and files the month as
the next element: the report carries the closing's Prüfcode in its signature block. Then it
writes the month's Meldung to the Land from the Ablage (`anwendung.meldung.melden`, into the folder
`meldungen` beside the Ablage). Reopening files a reopening with its reason. Either leaves the
Ablage as it was when anything fails (exit code 2, nothing filed)::

    ergebnis = abschliessen(["nachweise/"], "ki.toml", monat("2025-03"))
    ergebnis.exit_code, ergebnis.pruefsumme, ergebnis.pruefcode, ergebnis.meldung.datei

A Meldung that cannot be written does not undo the filing: the result holds why
(`meldung_fehler`), the exit code is the filing's, and `kibericht meldung --monat` writes the
Meldung again once the cause is fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.ablage.sperre import AblageGesperrt, gesperrt
from kibericht.anwendung.aufruf import (
    Aufruffehler,
    anzeige,
    fehler_bei,
    konfiguration,
    nachweise_eingabe,
    schreibgrund,
)
from kibericht.anwendung.nachweise import Nachweise, befunde_json, lade_nachweise
from kibericht.befunde import Code, Finding
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK, Urteil

if TYPE_CHECKING:  # the Ablage's chain needs pandas: imported where a use case reads it
    from kibericht.ablage.kette import Ablagestand, Glied
    from kibericht.ablauf import Fortschrittsmelder, Lesecache
    from kibericht.anwendung.meldung import MeldungErgebnis
    from kibericht.regeln.bericht import Bericht


def jetzt() -> str:
    """The moment of filing, local time with its offset (ISO 8601)."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class AbschlussErgebnis:
    """A month filed (`glied`: the new element of the chain, `bericht`: its report, `meldung`:
    its Meldung to the Land, or why none was written in `meldung_fehler`), or the logs or a
    damaged Ablage that stopped it (`glied` None). Exit code 0, 3 when filed but a check
    failed, 1 when stopped (a Meldung not written changes none of them)."""

    config: KIConfig
    periode: Periode
    nachweise: Nachweise
    bericht: Bericht | None = None
    glied: Glied | None = None
    eintraege: int = 0  # the entries of the month filed (valid and faulty)
    meldung: MeldungErgebnis | None = None
    meldung_fehler: tuple[Finding, ...] = ()

    @property
    def urteil(self) -> Urteil | None:
        return None if self.bericht is None else self.bericht.urteil

    @property
    def exit_code(self) -> int:
        return EXIT_DATEN if self.bericht is None else self.bericht.urteil.exit_code

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return self.nachweise.eigene if self.bericht is None else self.bericht.findings

    @property
    def abgelegt(self) -> tuple[Path, ...]:
        """The files filed: the manifest, then the report's files."""
        if self.glied is None or self.glied.daten is None:
            return ()
        return (self.glied.manifest, *(self.glied.ordner / d["datei"] for d in self.glied.daten["dateien"]))

    @property
    def dateien(self) -> tuple[Path, ...]:
        """The files written: those filed, then the Meldung."""
        return (*self.abgelegt, *(() if self.meldung is None else self.meldung.dateien))

    @property
    def pruefsumme(self) -> str | None:
        return None if self.glied is None else self.glied.sha256

    @property
    def pruefcode(self) -> str | None:
        """The Prüfcode printed on the filed report."""
        return None if self.glied is None or self.glied.daten is None else self.glied.daten.get("pruefcode")

    def _meldung_json(self) -> dict[str, Any]:
        if self.meldung is not None and self.meldung.datei is not None:
            return {"datei": anzeige(self.meldung.datei), "sha256": self.meldung.sha256, "fehler": []}
        return {"datei": None, "sha256": None, "fehler": [f.to_json() for f in self.meldung_fehler]}

    @property
    def dokument(self) -> dict[str, Any]:
        glied, b = self.glied, self.bericht
        daten = None if glied is None else glied.daten
        if b is None or glied is None or daten is None:
            return self.nachweise.stopp_dokument()
        return {"aktion": "abgeschlossen", "monat": self.periode.label, "nr": glied.nr,
                "version": daten["version"], "ordner": anzeige(glied.ordner),
                "manifest": anzeige(glied.manifest), "pruefsumme": glied.sha256,
                "pruefcode": daten.get("pruefcode"), "meldung": self._meldung_json(),
                "eintraege": self.eintraege, "dateien": [anzeige(p) for p in self.abgelegt],
                "bericht": daten["bericht"],
                **{k: v for k, v in befunde_json(b.findings).items() if k != "hinweise"},
                "fehler_andere_monate": [f.to_json() for f in b.fehler_andere_monate]}


def _schon_abgeschlossen(stand: Ablagestand, periode: Periode) -> Aufruffehler:
    glied = stand.geschlossen[periode.label]
    return fehler_bei(
        f"{periode.titel} ist bereits abgeschlossen ({anzeige(glied.ordner)}). Soll der Monat "
        f"geändert werden, öffnen Sie ihn zuerst wieder: kibericht abschliessen --monat {periode.label} "
        f"--wiedereroeffnen --grund \"…\".", glied.manifest)


def _unter_sperre(config: KIConfig, gelesen: Ablagestand, periode: Periode) -> Ablagestand:
    """The Ablage as it is now, under its lock: the same chain that was checked."""
    from kibericht.ablage.kette import lies_ablage

    stand = lies_ablage(config.ablage)
    if stand.ist_geschlossen(periode.label) and not gelesen.ist_geschlossen(periode.label):
        raise _schon_abgeschlossen(stand, periode)
    if stand.kopf != gelesen.kopf:
        raise fehler_bei(f"Die Ablage „{anzeige(config.ablage)}“ wurde während dieses Laufs von einem "
                         "anderen Lauf geändert. Rufen Sie den Befehl noch einmal auf.", config.ablage,
                         Code.AUSGABE_NICHT_SCHREIBBAR)
    return stand


def _ablage_fehler(config: KIConfig, exc: Exception) -> Aufruffehler:
    """The Ablage could not be written: nothing was filed (exit 2)."""
    from kibericht.ausgabe.atomar import AusgabeFehler

    if isinstance(exc, AblageGesperrt):
        meldung = (f"Die Ablage „{anzeige(config.ablage)}“ ist gesperrt: gerade legt ein anderer Lauf dort "
                   "ab. Versuchen Sie es gleich noch einmal.")
    else:
        grund = exc.meldung if isinstance(exc, AusgabeFehler) else schreibgrund(exc, Path(config.ablage))
        meldung = (f"In die Ablage „{anzeige(config.ablage)}“ kann nicht geschrieben werden ({grund}). Es "
                   "wurde nichts abgelegt; die Ablage ist unverändert.")
    return fehler_bei(meldung, config.ablage, Code.AUSGABE_NICHT_SCHREIBBAR)


def _ablage_lesen(config: KIConfig) -> Ablagestand:
    """The Ablage with its files hashed; a path that is a file is a usage problem."""
    from kibericht.ablage.kette import lies_ablage
    from kibericht.ablage.reste import reste_entfernen

    if Path(config.ablage).exists() and not Path(config.ablage).is_dir():
        raise _ablage_fehler(config, NotADirectoryError())
    reste_entfernen(config.ablage)  # what a killed run left, before anything else
    return lies_ablage(config.ablage, dateien_pruefen=True)


def _ablegen(config: KIConfig, gelesen: Ablagestand, periode: Periode,
             ablegen: Callable[[Ablagestand], Glied]) -> Glied:
    """Under the lock of the Ablage: check the chain, remove leftovers, file the next element."""
    from kibericht.ablage.reste import aufraeumen
    from kibericht.ausgabe.atomar import AusgabeFehler

    try:
        with gesperrt(config.ablage):
            stand = _unter_sperre(config, gelesen, periode)
            aufraeumen(config.ablage)
            return ablegen(stand)
    except (AblageGesperrt, AusgabeFehler, OSError) as exc:
        raise _ablage_fehler(config, exc) from None


def abschliessen(eingabe: Sequence[Path | str], konfig: KIConfig | Path | str, periode: Periode, *,
                 konfig_datei: Path | None = None, heute: dt.date | None = None,
                 fortschritt: Fortschrittsmelder | None = None, cache: Lesecache | None = None
                 ) -> AbschlussErgebnis:
    """File the month `periode` in the Ablage (`[ablage] ordner`): its report and a manifest with
    a fingerprint of every entry. `konfig_datei`: the ki.toml whose hash the manifest records
    (default: `konfig`, which then must be its path); `heute`: the date that decides whether the
    month is over (default: today). Without `eingabe`, the folder of `[nachweise] ordner`."""
    if periode.art != "monat":
        raise Aufruffehler("Abgeschlossen wird ein Monat, z. B. --monat 2025-03.")
    if konfig_datei is None and isinstance(konfig, KIConfig):
        raise ValueError("konfig_datei: the path of ki.toml, whose hash the manifest records")
    config = konfiguration(konfig)
    eingabe = nachweise_eingabe(eingabe, config, f"kibericht abschliessen nachweise/ --monat {periode.label}")
    datei = konfig_datei or Path(str(konfig))
    gelesen = _ablage_lesen(config)
    if gelesen.ist_geschlossen(periode.label):
        raise _schon_abgeschlossen(gelesen, periode)
    if (heute or dt.date.today()) <= periode.ende:
        raise Aufruffehler(f"{periode.titel} ist noch nicht zu Ende. Ein Monat wird nach seinem letzten "
                           "Tag abgeschlossen.")
    nachweise = lade_nachweise(eingabe, config, periode.label, periode, stand=gelesen,
                               fortschritt=fortschritt, cache=cache)
    if nachweise.gestoppt:
        return AbschlussErgebnis(config, periode, nachweise)
    import pandas as pd

    # the report modules import matplotlib: only when filing
    from kibericht.ablage.ablegen import abschluss_ablegen
    from kibericht.regeln.bericht import berechne_bericht

    result = nachweise.ergebnis
    eintraege = pd.concat([result.entries, result.rejected[result.entries.columns]]) \
        if len(result.rejected) else result.entries
    eintraege = eintraege[periode.mask(eintraege["datum"])]
    b = berechne_bericht(result.entries, config, periode, result.rejected, tuple(result.findings),
                         tuple(result.files))
    glied = _ablegen(config, gelesen, periode,
                     lambda stand: abschluss_ablegen(stand, b, eintraege, result.files, datei, jetzt()))
    gemeldet, nicht_gemeldet = _melden(config, periode, datei)
    return AbschlussErgebnis(config, periode, nachweise, b, glied, len(eintraege), gemeldet, nicht_gemeldet)


def _melden(config: KIConfig, periode: Periode,
            datei: Path) -> tuple[MeldungErgebnis | None, tuple[Finding, ...]]:
    """The Meldung of the month just filed, written from the Ablage; or why it was not."""
    from kibericht.anwendung.meldung import melden

    try:
        ergebnis = melden(config, periode, konfig_datei=datei)
    except Aufruffehler as exc:
        return None, exc.befunde
    if ergebnis.datei is None:  # the Ablage was damaged meanwhile
        return None, ergebnis.befunde
    return ergebnis, ()


@dataclass(frozen=True)
class WiedereroeffnungsErgebnis:
    """A closed month reopened (`glied`; `frueher`: the closing that stays in the Ablage), or a
    damaged Ablage that stopped it (`glied` None, its findings in `befunde`, exit code 1)."""

    config: KIConfig
    periode: Periode
    grund: str
    glied: Glied | None = None
    frueher: Glied | None = None
    ablage_befunde: tuple[Finding, ...] = ()

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.glied is not None else EXIT_DATEN

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return self.ablage_befunde

    @property
    def dateien(self) -> tuple[Path, ...]:
        return () if self.glied is None else (self.glied.manifest,)

    @property
    def pruefsumme(self) -> str | None:
        return None if self.glied is None else self.glied.sha256

    @property
    def dokument(self) -> dict[str, Any]:
        glied = self.glied
        daten = None if glied is None else glied.daten
        if glied is None or daten is None:
            return {"monat": self.periode.label, **befunde_json(self.ablage_befunde)}
        return {"aktion": "wiedereroeffnet", "monat": self.periode.label, "nr": glied.nr,
                "grund": self.grund, "zeitpunkt": daten["zeitpunkt"],
                "ordner": anzeige(glied.ordner), "manifest": anzeige(glied.manifest),
                "pruefsumme": glied.sha256, "wiedereroeffnet": daten["wiedereroeffnet"]}


def wiedereroeffnen(konfig: KIConfig | Path | str, periode: Periode,
                    grund: str | None) -> WiedereroeffnungsErgebnis:
    """Reopen the closed month `periode` with a reason (kept in the Ablage for good); the
    earlier closing stays filed, and the month can be closed again."""
    if periode.art != "monat":
        raise Aufruffehler("Wiedereröffnet wird ein Monat, z. B. --monat 2025-03.")
    if not (grund or "").strip():
        raise Aufruffehler("Zum Wiedereröffnen gehört ein Grund, z. B. --grund \"Stunden FK1 im März "
                           "korrigiert\". Er bleibt dauerhaft in der Ablage.")
    assert grund is not None
    grund = grund.strip()
    config = konfiguration(konfig)
    gelesen = _ablage_lesen(config)
    if not gelesen.fehlerfrei:
        return WiedereroeffnungsErgebnis(config, periode, grund, ablage_befunde=gelesen.befunde)
    if not gelesen.ist_geschlossen(periode.label):
        raise fehler_bei(f"{periode.titel} ist nicht abgeschlossen (Ablage „{anzeige(config.ablage)}“); es "
                         "gibt nichts wiederzueröffnen.", config.ablage)
    from kibericht.ablage.ablegen import wiedereroeffnung_ablegen

    ki = config.name
    glied = _ablegen(config, gelesen, periode,
                     lambda stand: wiedereroeffnung_ablegen(stand, periode.label, grund, ki, jetzt()))
    return WiedereroeffnungsErgebnis(config, periode, grund, glied, gelesen.geschlossen[periode.label])
