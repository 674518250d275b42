"""Read the Ablage: its chain of filings and reopenings, checked link by link.

`lies_ablage(ordner)` never writes and never raises for a damaged Ablage: every problem is a
finding that names the manifest or folder concerned. It checks that the elements are numbered
1, 2, 3 … without gap, that each manifest is intact (`manifest.lesen`) and matches its folder's
name, that each links to the manifest bytes of its predecessor, and that closings and reopenings
alternate per month. With `dateien_pruefen` it also hashes every filed output against its
manifest and recomputes each closing's figures and Prüfcode from its entries (`nachrechnen`):
`verifizieren` and `abschliessen` do; the other commands only need the manifests.

`kettenkopf(glied)` is what a recipient outside the Ablage needs to hold the chain: the
element's manifest hash, its number and the hash it links to (the Meldung carries it).

A month whose manifest is damaged counts as closed but cannot be compared: the error about its
manifest stands in every run until the Ablage is restored (from a backup), so nobody files on
top of a tampered Ablage and no changed fingerprint is ever trusted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kibericht.ablage.manifest import (
    ABSCHLUSS,
    ORDNER,
    ManifestFehler,
    art_im_namen,
    lesen,
    manifest_name,
)
from kibericht.ablage.nachrechnen import pruefe_abschluss
from kibericht.befunde import FEHLER, Code, Finding, befund, ursache
from kibericht.periode import Periode
from kibericht.regeln.kontext import AbgelegterEintrag, Abgleich, GeschlossenerMonat

# files an operating system puts into folders by itself
SYSTEMDATEIEN = {"thumbs.db", "desktop.ini", ".ds_store"}


@dataclass(frozen=True)
class Glied:
    """One element of the chain: a filing (Abschluss) or a reopening (Wiedereröffnung)."""

    nr: int
    art: str
    monat: str
    ordner: Path
    manifest: Path
    sha256: str | None = None  # of the manifest's bytes; None when it cannot be read
    daten: dict[str, Any] | None = None  # the checked manifest; None when it cannot be trusted

    @property
    def intakt(self) -> bool:
        return self.daten is not None

    @property
    def gepruefte_daten(self) -> dict[str, Any]:
        """The checked manifest of an element known to be intact; ValueError for a damaged one."""
        if self.daten is None:
            raise ValueError(f"element {self.nr} of the chain is damaged")
        return self.daten

    @property
    def titel(self) -> str:
        return Periode.parse_monat(self.monat).titel


@dataclass(frozen=True)
class Ablagestand:
    """What the Ablage holds: its chain, the closed months and every problem found."""

    ordner: Path
    glieder: tuple[Glied, ...] = ()
    befunde: tuple[Finding, ...] = ()
    geschlossen: Mapping[str, Glied] = field(default_factory=dict)  # month → its current closing
    vollstaendig: bool = False  # files, figures and Prüfcodes checked too (`dateien_pruefen`)

    @property
    def fehlerfrei(self) -> bool:
        return not any(f.schwere == FEHLER for f in self.befunde)

    @property
    def kopf(self) -> str | None:
        """sha256 of the last element's manifest: what the next element links to."""
        return self.glieder[-1].sha256 if self.glieder else None

    @property
    def naechste_nr(self) -> int:
        return max((g.nr for g in self.glieder), default=0) + 1

    def version(self, monat: str) -> int:
        """The version the next closing of `monat` gets (1 for the first)."""
        return 1 + sum(g.art == ABSCHLUSS and g.monat == monat for g in self.glieder)

    def ist_geschlossen(self, monat: str) -> bool:
        return monat in self.geschlossen

    def abgleich(self, bereich: tuple[str, ...] | None = None, basis: str | None = None) -> Abgleich | None:
        """The closed months with intact manifests, to compare the entries of a run with.
        `basis`: the folder relative paths start from (default: the current folder, now)."""
        monate = tuple(_geschlossener_monat(g, self.ordner) for _, g in sorted(self.geschlossen.items())
                       if g.intakt)
        if not monate:
            return None
        return Abgleich(monate, bereich) if basis is None else Abgleich(monate, bereich, basis)


@dataclass(frozen=True)
class Kettenkopf:
    """An element as the chain's head: what a copy of the chain outside the Ablage holds.

    `sha256` is the hash of the element's manifest bytes (the next element links to it),
    `vorgaenger` the hash this element links to (None for the first), `pruefcode` the code on a
    closing's paper (None for a reopening and for closings of manifest format 1)."""

    nr: int
    art: str
    monat: str
    version: int | None
    sha256: str
    vorgaenger: str | None
    pruefcode: str | None

    def to_json(self) -> dict[str, Any]:
        return {"nr": self.nr, "art": self.art, "monat": self.monat, "version": self.version,
                "sha256": self.sha256, "vorgaenger": self.vorgaenger, "pruefcode": self.pruefcode}


def kettenkopf(glied: Glied) -> Kettenkopf:
    """The chain head that `glied` is (or was, when later elements followed); ValueError for an
    element whose manifest cannot be trusted (it has no head to report)."""
    if not glied.intakt or glied.sha256 is None:
        raise ValueError(f"element {glied.nr} of the chain is damaged")
    daten = glied.gepruefte_daten
    return Kettenkopf(glied.nr, glied.art, glied.monat, daten.get("version"), glied.sha256,
                      daten["vorgaenger"], daten.get("pruefcode"))


def anzeige(path: Path) -> str:
    return Path(os.path.normpath(path)).as_posix()


def datei_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def lies_ablage(ordner: Path, dateien_pruefen: bool = False) -> Ablagestand:
    """The checked chain of the Ablage in `ordner` (an Ablage that does not exist is empty)."""
    ordner = Path(ordner)
    if not ordner.is_dir():
        return Ablagestand(ordner)
    befunde: list[Finding] = []
    kandidaten = []
    try:
        names = sorted(os.listdir(ordner))
    except OSError as exc:
        return Ablagestand(ordner, befunde=(befund(
            Code.ABSCHLUSS_UNGUELTIG, anzeige(ordner), meldung=f"Die Ablage kann nicht gelesen werden "
            f"({ursache(exc)}). Prüfen Sie den Ordner und die Zugriffsrechte."),))
    for name in names:
        m = ORDNER.match(name)
        if m and (ordner / name).is_dir():
            kandidaten.append((int(m.group(1)), m.group(2), art_im_namen(m.group(3)), name))
    kandidaten.sort()

    glieder: list[Glied] = []
    geschlossen: dict[str, Glied] = {}
    erwartet, vorgaenger = 1, None
    for nr, monat, art, name in kandidaten:
        folder = ordner / name
        glied = _lies_glied(nr, monat, art, folder, befunde)
        ort = anzeige(glied.manifest)
        if nr < erwartet:
            befunde.append(befund(Code.ABSCHLUSS_KETTE, anzeige(folder), meldung=(
                f"Die Nummer {nr:04d} ist in der Ablage doppelt vergeben; eine Ablage hat jede Nummer "
                f"genau einmal. Stellen Sie die Ablage aus der Sicherung wieder her.")))
            continue
        if nr > erwartet:
            fehlt = f"{erwartet:04d}" if nr == erwartet + 1 else f"{erwartet:04d} bis {nr - 1:04d}"
            befunde.append(befund(Code.ABSCHLUSS_KETTE, anzeige(ordner), meldung=(
                f"In der Kette der Abschlüsse fehlt Nr. {fehlt} (vor {name}). Ein abgelegter Abschluss "
                f"oder eine Wiedereröffnung wurde gelöscht oder umbenannt; stellen Sie ihn aus der "
                f"Sicherung wieder her.")))
        elif glied.intakt and glied.gepruefte_daten["vorgaenger"] != vorgaenger:
            was = "keinen Vorgänger haben" if vorgaenger is None else \
                f"auf den Vorgänger mit der Prüfsumme {vorgaenger} verweisen"
            befunde.append(befund(Code.ABSCHLUSS_KETTE, ort, meldung=(
                f"Die Kette ist unterbrochen: {name} müsste {was}, verweist aber auf "
                f"{glied.gepruefte_daten['vorgaenger'] or 'keinen'}. Ein früheres Glied wurde ersetzt oder "
                f"geändert.")))
        erwartet, vorgaenger = nr + 1, glied.sha256
        glieder.append(glied)
        if glied.intakt:
            _folge(glied, geschlossen, glieder, befunde)
        elif art == ABSCHLUSS:
            geschlossen[monat] = glied  # closed, but its fingerprints cannot be trusted
        else:
            geschlossen.pop(monat, None)
        if dateien_pruefen:
            _pruefe_dateien(glied, befunde)
            if glied.intakt and glied.art == ABSCHLUSS:
                befunde.extend(pruefe_abschluss(glied.gepruefte_daten, ort))
    return Ablagestand(ordner, tuple(glieder), tuple(befunde), geschlossen, dateien_pruefen)


def _lies_glied(nr: int, monat: str, art: str, folder: Path, befunde: list[Finding]) -> Glied:
    manifest = folder / manifest_name(monat, art)
    glied = Glied(nr, art, monat, folder, manifest)
    try:
        data = manifest.read_bytes()
    except FileNotFoundError:
        befunde.append(befund(Code.ABSCHLUSS_UNGUELTIG, anzeige(manifest), meldung=(
            f"Das Manifest fehlt: {folder.name} ist ohne {manifest.name} kein gültiger "
            f"{'Abschluss' if art == ABSCHLUSS else 'Wiedereröffnung'}. Stellen Sie es aus der "
            f"Sicherung wieder her.")))
        return glied
    except OSError as exc:
        befunde.append(befund(Code.ABSCHLUSS_UNGUELTIG, anzeige(manifest), meldung=(
            f"Das Manifest kann nicht gelesen werden ({ursache(exc)}).")))
        return glied
    sha = hashlib.sha256(data).hexdigest()
    try:
        daten = lesen(data)
    except ManifestFehler as exc:
        befunde.append(befund(Code.ABSCHLUSS_UNGUELTIG, anzeige(manifest), meldung=(
            f"{exc} Ein Manifest wird nie von Hand bearbeitet; stellen Sie es aus der Sicherung "
            f"wieder her.")))
        return Glied(nr, art, monat, folder, manifest, sha)
    if (daten["nr"], daten["monat"], daten["art"]) != (nr, monat, art):
        befunde.append(befund(Code.ABSCHLUSS_UNGUELTIG, anzeige(manifest), meldung=(
            f"Das Manifest gehört nicht in diesen Ordner: es nennt Nr. {daten['nr']:04d}, "
            f"{daten['monat']}, {daten['art']}. Ordner der Ablage werden nie umbenannt.")))
        return Glied(nr, art, monat, folder, manifest, sha)
    return Glied(nr, art, monat, folder, manifest, sha, daten)


def _folge(glied: Glied, geschlossen: dict[str, Glied], glieder: list[Glied],
           befunde: list[Finding]) -> None:
    """Closings and reopenings of a month alternate; a reopening names the closing it ends."""
    ort, daten, monat = anzeige(glied.manifest), glied.gepruefte_daten, glied.monat
    if glied.art == ABSCHLUSS:
        if monat in geschlossen:
            befunde.append(befund(Code.ABSCHLUSS_KETTE, ort, meldung=(
                f"{glied.titel} wird hier ein zweites Mal abgeschlossen, ohne dass der Abschluss "
                f"Nr. {geschlossen[monat].nr:04d} wiedereröffnet wurde.")))
        frueher = sum(g.art == ABSCHLUSS and g.monat == monat for g in glieder[:-1])
        if daten["version"] != frueher + 1:
            befunde.append(befund(Code.ABSCHLUSS_KETTE, ort, meldung=(
                f"Der Abschluss nennt Version {daten['version']}, ist aber der {frueher + 1}. "
                f"Abschluss von {glied.titel}.")))
        geschlossen[monat] = glied
        return
    ziel = geschlossen.get(monat)
    verweis = daten["wiedereroeffnet"]
    if ziel is None or verweis["nr"] != ziel.nr or verweis["sha256"] != ziel.sha256:
        befunde.append(befund(Code.ABSCHLUSS_KETTE, ort, meldung=(
            f"Die Wiedereröffnung von {glied.titel} verweist nicht auf den geltenden Abschluss "
            f"des Monats" + (f" (Nr. {ziel.nr:04d})." if ziel is not None else
                             " (der Monat war nicht abgeschlossen)."))))
    geschlossen.pop(monat, None)


def _pruefe_dateien(glied: Glied, befunde: list[Finding]) -> None:
    """Every filed output has the hash its manifest records; no file is added to a filing."""
    if not glied.intakt:
        return
    erfasst = {d["datei"]: d for d in glied.gepruefte_daten.get("dateien", [])}
    for name, angabe in sorted(erfasst.items()):
        path = glied.ordner / name
        try:
            sha = datei_sha256(path)
        except FileNotFoundError:
            befunde.append(befund(Code.ABSCHLUSS_DATEI_GEAENDERT, anzeige(path), meldung=(
                f"Die abgelegte Datei fehlt (Abschluss {glied.titel}, Nr. {glied.nr:04d}). Stellen "
                f"Sie sie aus der Sicherung wieder her.")))
            continue
        except OSError as exc:
            befunde.append(befund(Code.ABSCHLUSS_DATEI_GEAENDERT, anzeige(path), meldung=(
                f"Die abgelegte Datei kann nicht gelesen werden ({ursache(exc)}).")))
            continue
        if sha != angabe["sha256"]:
            befunde.append(befund(Code.ABSCHLUSS_DATEI_GEAENDERT, anzeige(path), wert=sha, meldung=(
                f"Die abgelegte Datei wurde nach dem Abschluss von {glied.titel} geändert: ihre "
                f"Prüfsumme ist {sha}, das Manifest nennt {angabe['sha256']}. Stellen Sie sie aus "
                f"der Sicherung wieder her.")))
    try:
        vorhanden = sorted(os.listdir(glied.ordner))
    except OSError:
        return
    for name in vorhanden:
        if name in erfasst or name == glied.manifest.name or name.casefold() in SYSTEMDATEIEN:
            continue
        befunde.append(befund(Code.ABSCHLUSS_DATEI_FREMD, anzeige(glied.ordner / name), meldung=(
            f"Diese Datei gehört nicht zum Abschluss Nr. {glied.nr:04d}: sein Manifest nennt sie "
            f"nicht. Legen Sie eigene Dateien außerhalb der Ablage ab.")))


def _geschlossener_monat(glied: Glied, ordner: Path) -> GeschlossenerMonat:
    """A closing's entries, with their files as paths from the current folder."""
    eintraege = glied.gepruefte_daten["eintraege"]
    basis = ordner.parent
    return GeschlossenerMonat(
        monat=glied.monat,
        manifest=anzeige(glied.manifest),
        salz=eintraege.get("salz"),  # format 1 only
        eintraege=tuple(AbgelegterEintrag(e["abdruck"], e["werte"], anzeige(basis / e["datei"]),
                                          e["blatt"], e["zeile"]) for e in eintraege["liste"]),
    )

