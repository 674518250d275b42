"""File a closed month, or the reopening of one, as the next element of the chain.

Everything of a new element is written into a hidden temporary folder inside the Ablage
(`.neu-…`), flushed to disk, and only then renamed to its final name (`0001_2025-03_Abschluss`)
in one step. An interrupted run leaves at most such a temporary folder, which never counts as a
filing and is removed by the next command that writes to the Ablage or checks it (`reste`); the
Ablage is otherwise as it was. The caller holds the lock (`sperre.gesperrt`) and has checked
that the chain is still the one it read.

The filed report is `ausgabe.berichtsmappe.write_report` of the month, the files
`kibericht bericht --monat` writes (without names of staff), with one difference: the signature
block of its PDF and of its sheet „Übersicht“ shows the closing's Prüfcode (`pruefcode`). The
code is computed before the report is written, so that the report can carry it;
`abschluss_ablegen(..., schreiben=…)` takes another function that writes the report with it.

Manifests are written in format 2 (`manifest.FORMAT`): entries without any name, no salt, and
the Prüfcode.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from kibericht import __version__
from kibericht.ablage.kette import Ablagestand, Glied, anzeige, datei_sha256
from kibericht.ablage.manifest import (
    ABSCHLUSS,
    FORMAT,
    WIEDEREROEFFNUNG,
    lesen,
    manifest_name,
    ordner_name,
    versiegeln,
)
from kibericht.ablage.pruefcode import pruefcode
from kibericht.ablage.reste import NEU
from kibericht.ausgabe.atomar import AusgabeFehler, ausgabefehler
from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.dateinamen import hat_unlesbares, lesbar
from kibericht.regeln.abschluss import abdruck, eintrag_werte
from kibericht.regeln.bericht import Bericht

Schreiber = Callable[[Path, Bericht, str], list[Path]]
"""Writes the report of a closing into a folder, with its Prüfcode; returns the written paths."""


def bericht_schreiben(ordner: Path, bericht: Bericht, code: str) -> list[Path]:
    """The filed report: the files of `kibericht bericht --monat`, without names, with the
    Prüfcode `code` in the signature block of the PDF and of the sheet „Übersicht“."""
    return write_report(ordner, bericht, pruefcode=code)


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries (POSIX only: Windows cannot open a folder)."""
    if path.is_dir():
        if os.name == "nt":
            return
        fd = os.open(path, os.O_RDONLY)
    else:
        # Windows flushes only a handle opened for writing
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def neues_glied(ordner: Path, name: str) -> Iterator[Path]:
    """A temporary folder for the element `name`; renamed into place when the block succeeds,
    removed when it fails."""
    ordner = Path(ordner)
    ziel = ordner / name
    if ziel.exists():
        raise FileExistsError(f"„{anzeige(ziel)}“ gibt es schon")
    # mkdir, not mkdtemp: the filing gets the permissions of a normally created folder
    tmp = ordner / f"{NEU}{secrets.token_hex(8)}"
    tmp.mkdir()
    try:
        yield tmp
        for path in tmp.iterdir():
            _fsync(path)
        _fsync(tmp)
        os.rename(tmp, ziel)
        _fsync(ordner)
    except AusgabeFehler as exc:  # told of the Ablage, not of the temporary folder that goes away
        raise (exc if exc.ursache is None else ausgabefehler(exc.ursache, ordner)) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _relativ(datei: str, basis: Path) -> str:
    """A path as seen from the folder that holds the Ablage (absolute on another drive); a name
    the system could not decode cannot be filed (`dateinamen`), an `AusgabeFehler`."""
    if hat_unlesbares(datei):
        raise AusgabeFehler(Path(datei), (
            f"der Name „{lesbar(datei)}“ enthält Zeichen, die das System nicht lesen kann (die "
            "Spracheinstellung ist nicht UTF-8, oder der Name stammt von einem älteren System). Ein "
            "Abschluss hält die Namen der Nachweise dauerhaft fest: starten Sie kibericht mit UTF-8 "
            "(z. B. LANG=de_DE.UTF-8 oder PYTHONUTF8=1) oder benennen Sie die Datei bzw. den Ordner um"))
    absolute = os.path.abspath(datei)
    try:
        return Path(os.path.relpath(absolute, os.path.abspath(basis))).as_posix()
    except ValueError:
        return Path(absolute).as_posix()


def _datei_angabe(path: Path, name: str) -> dict[str, Any]:
    return {"datei": name, "sha256": datei_sha256(path), "bytes": path.stat().st_size}


def abgelegte_eintraege(eintraege: pd.DataFrame, salz: str | None, basis: Path) -> list[dict[str, Any]]:
    """The entries of the month as filed: values, fingerprint and place, sorted by place
    (`salz` None: without names, as format 2 files them; a salt: as format 1 did)."""
    liste = []
    records = eintraege.to_dict("records")
    for row in records:
        werte = eintrag_werte(row, salz)
        liste.append({"abdruck": abdruck(werte), "werte": werte, "datei": _relativ(row["_datei"], basis),
                      "blatt": str(row["_blatt"]), "zeile": int(row["_zeile"])})
    liste.sort(key=lambda e: (e["datei"], e["blatt"], e["zeile"]))
    return liste


def abschluss_inhalt(stand: Ablagestand, bericht: Bericht, eintraege: pd.DataFrame,
                     eingaben: list[str], config_datei: Path, zeitpunkt: str) -> dict[str, Any]:
    """The manifest of the closing of `bericht`'s month as the next element of `stand`, without
    what only exists once the report is written (`dateien`, `pruefcode`, the seal): what its
    Prüfcode is computed from (`pruefcode.pruefcode`)."""
    monat, basis = bericht.periode.label, stand.ordner.parent
    liste = abgelegte_eintraege(eintraege, None, basis)
    return {
        "art": ABSCHLUSS,
        "format": FORMAT,
        "nr": stand.naechste_nr,
        "monat": monat,
        "version": stand.version(monat),
        "ki": bericht.config.name,
        "kibericht": __version__,
        "zeitpunkt": zeitpunkt,
        "konfiguration": {"datei": Path(config_datei).name,
                          "sha256": datei_sha256(Path(config_datei))},
        "eingaben": [_datei_angabe(Path(p), _relativ(p, basis)) for p in eingaben],
        "eintraege": {"anzahl": len(liste), "liste": liste,
                      "stunden": round(sum(e["werte"]["stunden"] or 0.0 for e in liste), 6)},
        "bericht": bericht_dokument(bericht, []),
        "vorgaenger": stand.kopf,
    }


def abschluss_ablegen(stand: Ablagestand, bericht: Bericht, eintraege: pd.DataFrame,
                      eingaben: list[str], config_datei: Path, zeitpunkt: str,
                      schreiben: Schreiber | None = None) -> Glied:
    """File the month of `bericht` with its entries (valid and faulty rows dated in it).

    `schreiben(ordner, bericht, pruefcode)` writes the report (default `bericht_schreiben`);
    the Prüfcode is known before it runs. The returned element's `daten["pruefcode"]` is the
    code, `kette.kettenkopf(glied)` the new chain head."""
    ordner, monat, nr = stand.ordner, bericht.periode.label, stand.naechste_nr
    name = ordner_name(nr, monat, ABSCHLUSS)
    daten = abschluss_inhalt(stand, bericht, eintraege, eingaben, config_datei, zeitpunkt)
    code = pruefcode(daten)
    with neues_glied(ordner, name) as tmp:
        paths = (schreiben or bericht_schreiben)(tmp, bericht, code)
        daten["bericht"] = bericht_dokument(bericht, paths)
        daten["dateien"] = [_datei_angabe(p, p.name) for p in paths]
        daten["pruefcode"] = code
        data = versiegeln(daten)
        (tmp / manifest_name(monat, ABSCHLUSS)).write_bytes(data)
    ziel = ordner / name
    return Glied(nr, ABSCHLUSS, monat, ziel, ziel / manifest_name(monat, ABSCHLUSS),
                 hashlib.sha256(data).hexdigest(), lesen(data))


def wiedereroeffnung_ablegen(stand: Ablagestand, monat: str, grund: str, ki: str,
                             zeitpunkt: str) -> Glied:
    """File the reopening of the closed `monat`, naming the closing it ends."""
    ziel_glied = stand.geschlossen[monat]
    ordner, nr = stand.ordner, stand.naechste_nr
    name = ordner_name(nr, monat, WIEDEREROEFFNUNG)
    daten = {
        "art": WIEDEREROEFFNUNG,
        "format": FORMAT,
        "nr": nr,
        "monat": monat,
        "ki": ki,
        "kibericht": __version__,
        "zeitpunkt": zeitpunkt,
        "grund": grund,
        "wiedereroeffnet": {"nr": ziel_glied.nr,
                            "manifest": ziel_glied.manifest.relative_to(ordner).as_posix(),
                            "sha256": ziel_glied.sha256},
        "vorgaenger": stand.kopf,
    }
    data = versiegeln(daten)
    with neues_glied(ordner, name) as tmp:
        (tmp / manifest_name(monat, WIEDEREROEFFNUNG)).write_bytes(data)
    ziel = ordner / name
    return Glied(nr, WIEDEREROEFFNUNG, monat, ziel, ziel / manifest_name(monat, WIEDEREROEFFNUNG),
                 hashlib.sha256(data).hexdigest(), lesen(data))
