"""The state's use case: consolidate any number of Meldungen into the Landesübersicht.

    >>> e = zusammenfassen([Path("eingang/")], Path("uebersicht/"),  # doctest: +SKIP
    ...                    speicher=Path("land.duckdb"))
    >>> e.exit_code, [p.name for p in e.dateien]                  # doctest: +SKIP
    (0, ['Landesuebersicht_2025-06.json', 'Landesuebersicht_2025-06.pdf', 'Landesuebersicht_2025-06.xlsx'])

Reads the zip files given and those in the folders given (recursively), each file once: a file
whose sha256 the store (`speicher`) already holds is not opened again. Returns one frozen
`Ergebnis`; nothing is printed and nothing exits here.

Exit codes: 0 everything in order · 1 a Meldung is unreadable or invalid, contradicts another, or
a KI's chain is broken (the outputs are still written and name every problem) · 2 a path does not
exist, no Meldung was found, or the store or an output cannot be written · 3 no error, but a KI's
newest Meldung of a year reports the Schwerpunktquote from January not met or a programme above its
cap. Missing and late Meldungen are warnings (exit 0).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kibericht.anwendung.aufruf import Aufruffehler
from kibericht.ausgabe.atomar import AusgabeFehler, Ausgabegruppe
from kibericht.befunde import FEHLER, Code, Finding, befund, ursache
from kibericht.land.bestand import FRIST_TAG, bestand
from kibericht.land.eingang import Vermerk
from kibericht.land.lesen import GeleseneMeldung, lies_meldung_bytes
from kibericht.land.speicher import Speicher, SpeicherFehler, zeilen
from kibericht.land.uebersicht import Landesuebersicht, landesuebersicht
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK, EXIT_PRUEFUNG

PARALLEL_AB = 200  # new Meldungen; fewer are read faster in this process than by starting workers


@dataclass(frozen=True)
class ZusammenfassungsErgebnis:
    """The Landesübersicht written: its exit code, JSON document and files, the figures and
    findings it was written from, and how many files were read in this run (the others came from
    the store)."""

    exit_code: int
    dokument: dict[str, Any]
    uebersicht: Landesuebersicht
    dateien: tuple[Path, ...] = ()
    gelesen: int = 0

    @property
    def vermerke(self) -> tuple[Vermerk, ...]:
        return self.uebersicht.bestand.vermerke

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return tuple(v.befund for v in self.vermerke)


def _aufruf(befunde: list[Finding]) -> Aufruffehler:
    """Nothing could be done (exit code 2): a path that does not exist, no Meldung, an output or
    store that cannot be written."""
    return Aufruffehler(" ".join(f.meldung for f in befunde), befunde)


def finde_meldungen(eingaben: Sequence[Path]) -> tuple[list[Path], list[Finding]]:
    """The files to read: files as given, `*.zip` in folders (recursively, hidden ones skipped)."""
    dateien, befunde = [], []
    for eingabe in map(Path, eingaben):
        if eingabe.is_dir():
            dateien.extend(sorted(_zips(eingabe), key=lambda p: p.as_posix()))
        elif eingabe.is_file():
            dateien.append(eingabe)
        else:
            befunde.append(
                befund(
                    Code.DATEI_FEHLT,
                    eingabe.as_posix(),
                    meldung="Datei oder Ordner nicht gefunden. Prüfen Sie den Pfad.",
                )
            )
    return list(dict.fromkeys(dateien)), befunde


def _zips(ordner: Path) -> Iterator[Path]:
    for wurzel, unterordner, namen in os.walk(ordner):
        unterordner[:] = [o for o in unterordner if not o.startswith(".")]
        yield from (Path(wurzel) / n for n in namen if n.lower().endswith(".zip") and not n.startswith("."))


def _kerne() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _lies(args: tuple[bytes, str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Read one Meldung and return the rows it adds to the store."""
    return zeilen(lies_meldung_bytes(*args))


def _lies_alle(auftraege: list[tuple[bytes, str, str]]) -> list[dict[str, list[tuple[Any, ...]]]]:
    arbeiter = min(_kerne(), 4)
    if len(auftraege) < PARALLEL_AB or arbeiter < 2:
        return [_lies(a) for a in auftraege]
    try:
        with ProcessPoolExecutor(arbeiter) as pool:
            return list(pool.map(_lies, auftraege, chunksize=max(16, len(auftraege) // (arbeiter * 8))))
    except (BrokenProcessPool, OSError):  # a worker died: read here instead, nothing is lost
        return [_lies(a) for a in auftraege]


def zusammenfassen(
    meldungen: Sequence[Path],
    ausgabe: Path,
    *,
    speicher: Path | None = None,
    frist_tag: int = FRIST_TAG,
    fortschritt: Callable[[str], None] | None = None,
) -> ZusammenfassungsErgebnis:
    """Read, check and consolidate `meldungen`; write the Landesübersicht (workbook, PDF, JSON)
    into the folder `ausgabe`. `speicher`: the store file (None: a store for this run only)."""
    melde = fortschritt or (lambda _text: None)
    pfade, befunde = finde_meldungen(meldungen)
    if befunde:
        raise _aufruf(befunde)
    if not pfade:
        raise _aufruf(
            [
                befund(
                    Code.AUFRUF_UNGUELTIG,
                    ", ".join(Path(m).as_posix() for m in meldungen),
                    meldung=(
                        "Keine Meldung gefunden (Dateien Meldung_<Kennung>_JJJJ-MM.zip). Geben Sie die "
                        "Dateien oder die Ordner an, in denen sie liegen."
                    ),
                )
            ]
        )
    dateien: dict[str, list[str]] = {}
    daten: dict[str, bytes] = {}
    ohne_hash: list[GeleseneMeldung] = []
    for pfad in pfade:
        datei = pfad.as_posix()
        try:
            data = pfad.read_bytes()
        except OSError as exc:
            ohne_hash.append(
                GeleseneMeldung(
                    datei,
                    "",
                    None,
                    (
                        befund(
                            Code.DATEI_UNLESBAR,
                            datei,
                            meldung=(f"Die Meldung kann nicht gelesen werden ({ursache(exc)})."),
                        ),
                    ),
                )
            )
            continue
        sha = hashlib.sha256(data).hexdigest()
        dateien.setdefault(sha, []).append(datei)
        daten.setdefault(sha, data)
    try:
        with Speicher(speicher) as store:
            neu = sorted(set(dateien) - store.bekannt(dateien))
            melde(f"{len(pfade)} Meldungen, davon {len(neu)} neu zu lesen")
            gelesen = _lies_alle([(daten[sha], dateien[sha][0], sha) for sha in neu])
            store.ablegen(gelesen)
            eingaenge = [
                e.an(datei)
                for e in store.eingaenge({sha: ds[0] for sha, ds in dateien.items()})
                for datei in dateien[e.sha256]
            ]
            from kibericht.land.eingang import eingang

            eingaenge.extend(eingang(m) for m in ohne_hash)
            b = bestand(eingaenge, frist_tag)
            melde("Landesübersicht")
            uebersicht = landesuebersicht(b, store, frist_tag)
    except SpeicherFehler as exc:
        raise _aufruf(
            [
                befund(
                    Code.AUSGABE_NICHT_SCHREIBBAR,
                    Path(speicher).as_posix() if speicher else "",
                    meldung=str(exc),
                )
            ]
        ) from None
    try:
        geschrieben = _schreiben(uebersicht, Path(ausgabe))
    except AusgabeFehler as exc:
        raise _aufruf([exc.befund]) from None
    dokument = {**uebersicht.dokument(), "dateien": [p.name for p in geschrieben]}
    if any(v.befund.schwere == FEHLER for v in b.vermerke):
        code = EXIT_DATEN
    elif uebersicht.pruefungen:
        code = EXIT_PRUEFUNG
    else:
        code = EXIT_OK
    return ZusammenfassungsErgebnis(code, dokument, uebersicht, tuple(geschrieben), len(gelesen))


def _schreiben(uebersicht: Landesuebersicht, ausgabe: Path) -> list[Path]:
    import json

    from kibericht.land.mappe import mappe_bytes
    from kibericht.land.pdf import pdf_bytes

    stamm = ausgabe / f"Landesuebersicht_{uebersicht.stand or 'leer'}"
    pfade = [stamm.with_suffix(".json"), stamm.with_suffix(".pdf"), stamm.with_suffix(".xlsx")]
    with Ausgabegruppe() as gruppe:
        dokument = {**uebersicht.dokument(), "dateien": [p.name for p in pfade]}
        gruppe.bytes(
            pfade[0], json.dumps(dokument, ensure_ascii=False, indent=2, allow_nan=False).encode() + b"\n"
        )
        gruppe.bytes(pfade[1], pdf_bytes(uebersicht))
        gruppe.bytes(pfade[2], mappe_bytes(uebersicht))
    return pfade
