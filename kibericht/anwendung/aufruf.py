"""What every use case checks before it works: the configuration, the period, the output paths.

A problem with the call itself is an `Aufruffehler` (exit code 2): a period that cannot be read,
a configuration with errors, an output folder inside the Ablage, a month already closed. It
carries its findings, so that a face shows them as text or as the JSON document
`{"fehler": [finding…]}`.

    >>> try:
    ...     zeitraum(monat="2025-13")
    ... except Aufruffehler as fehler:
    ...     print(fehler.exit_code, fehler.meldung)
    2 „2025-13“ ist kein Monat. Schreiben Sie JJJJ-MM, z. B. 2025-03.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kibericht.befunde import Code, Finding, befund, ursache
from kibericht.konfig import ConfigError, KIConfig, load_config
from kibericht.periode import Periode, PeriodeError
from kibericht.regeln.urteil import EXIT_AUFRUF


class Aufruffehler(Exception):
    """A usage, configuration or output problem: nothing was done (exit code 2).

    `meldung` is the German text for a person; `befunde` the same as findings (at least one)."""

    exit_code = EXIT_AUFRUF

    def __init__(self, meldung: str, befunde: Iterable[Finding] = ()) -> None:
        super().__init__(meldung)
        self.meldung = meldung
        self.befunde: tuple[Finding, ...] = tuple(befunde) or (
            befund(Code.AUFRUF_UNGUELTIG, "", meldung=meldung),)

    @property
    def dokument(self) -> dict[str, Any]:
        """The JSON document of the problem: `{"fehler": [finding…]}`."""
        return {"fehler": [f.to_json() for f in self.befunde]}


def anzeige(path: Path | str) -> str:
    """A path as it is shown in messages and documents (normalised, forward slashes)."""
    return Path(os.path.normpath(path)).as_posix()


def fehler_bei(meldung: str, datei: Path | str, code: Code = Code.AUFRUF_UNGUELTIG) -> Aufruffehler:
    """An `Aufruffehler` whose finding names the file or folder concerned."""
    return Aufruffehler(meldung, [befund(code, anzeige(datei), meldung=meldung)])


def konfiguration(konfig: KIConfig | Path | str) -> KIConfig:
    """The configuration itself, or read from its path; its errors as an `Aufruffehler`."""
    if isinstance(konfig, KIConfig):
        return konfig
    try:
        return load_config(konfig)
    except ConfigError as exc:
        lines = "\n".join(f"  {e}" for e in exc.errors)
        raise Aufruffehler(f"Die Konfiguration ist fehlerhaft:\n{lines}", exc.befunde) from None


def zeitraum(monat: str | None = None, jahr: str | int | None = None, periode: str | None = None,
             mit_periode: bool = True) -> Periode:
    """Exactly one of month, year (or two-year period) as a `Periode`."""
    choices = "--monat JJJJ-MM, --jahr JJJJ oder --periode JJJJ-JJJJ (z. B. --periode 2025-2026)" \
        if mit_periode else "--monat JJJJ-MM (Monatsbericht) oder --jahr JJJJ (Jahresbericht)"
    if sum(x is not None for x in (monat, jahr, periode)) != 1:
        raise Aufruffehler(f"Geben Sie genau eines an: {choices}.")
    try:
        if monat is not None:
            return Periode.parse_monat(monat)
        if jahr is not None:
            return Periode.parse_jahr(jahr)
        assert periode is not None
        return Periode.parse_periode(periode)
    except PeriodeError as exc:
        raise Aufruffehler(str(exc)) from None


def monat(text: str | None) -> Periode:
    """A month (`JJJJ-MM`), required."""
    if text is None:
        raise Aufruffehler("Geben Sie den Monat an, z. B. --monat 2025-03.")
    return zeitraum(monat=text)


def jahr(text: str | int | None, wofuer: str = "das Jahr") -> int:
    """A year (`JJJJ`), required; the year's number (what `foerderung` and `vorlage` take)."""
    if text is None:
        raise Aufruffehler(f"Geben Sie {wofuer} an, z. B. --jahr 2025.")
    return zeitraum(jahr=text).jahr


def als_periode(wert: Periode | int | str) -> Periode:
    """The period a script passes to a use case: a `Periode`, a year as a number (2025, what
    `jahr` gives), or text as on the command line („2025-03“, „2025“, „2025-2026“).

    >>> als_periode(2025).titel, als_periode("2025-03").titel, als_periode("2025-2026").art
    ('Jahr 2025', 'März 2025', 'periode')
    """
    if isinstance(wert, Periode):
        return wert
    if isinstance(wert, int) and not isinstance(wert, bool):
        return zeitraum(jahr=wert)
    if isinstance(wert, str):
        text = wert.strip()
        if len(text) == 7 and text[4] == "-":
            return zeitraum(monat=text)
        return zeitraum(periode=text) if "-" in text else zeitraum(jahr=text)
    raise Aufruffehler(f"„{wert!r}“ ist kein Zeitraum. Geben Sie einen Monat (monat(\"2025-03\")), ein Jahr "
                       "(2025) oder einen Zweijahreszeitraum (\"2025-2026\") an.")


def als_pfad(pfad: Path | str) -> Path:
    """A path a script gives as text or as a `Path`."""
    return pfad if isinstance(pfad, Path) else Path(os.fspath(pfad))


# the logs a use case reads: files or folders, or a single one
Eingabe = Sequence[Path | str] | Path | str


def als_eingabe(eingabe: Eingabe) -> tuple[Path | str, ...]:
    """The files and folders of `eingabe`; a single path (text or `Path`) is one input, not a
    sequence of characters.

    >>> als_eingabe("nachweise"), als_eingabe(["a.xlsx", "b.xlsx"])
    (('nachweise',), ('a.xlsx', 'b.xlsx'))
    """
    if isinstance(eingabe, (str, Path)):
        return (eingabe,)
    return tuple(eingabe)


def ausserhalb_der_ablage(ausgabe: Path, config: KIConfig, wofuer: str) -> None:
    """An output folder inside the Ablage is refused: filed evidence is never overwritten (and
    names never land there). Paths are compared resolved, so a link or a relative path cannot
    get around it."""
    ziel, ablage = Path(ausgabe).resolve(), Path(config.ablage).resolve()
    if ziel == ablage or ziel.is_relative_to(ablage):
        # an output is a folder, or a file named by its suffix (the template, a Meldung …zip)
        datei = bool(ziel.suffix) and not ziel.is_dir()
        was, wohin = ("Die Datei", "einen Ort") if datei else ("Der Ordner", "einen Ordner")
        raise fehler_bei(
            f"{was} „{anzeige(ausgabe)}“ für {wofuer} liegt in der Ablage „{anzeige(config.ablage)}“. "
            "Dort liegen die abgeschlossenen Monate als Beweis; sie werden nie überschrieben. Wählen "
            f"Sie {wohin} außerhalb der Ablage.", ausgabe)


def schreibgrund(exc: BaseException, pfad: Path) -> str:
    """Why `pfad` (a folder to write into) could not be written, in German."""
    code = exc.errno if isinstance(exc, OSError) else None
    blocker = next((p for p in (pfad, *pfad.parents) if p.is_file()), None)
    if blocker is not None or code in (errno.ENOTDIR, errno.EEXIST):
        return (f"„{anzeige(blocker or pfad)}“ ist eine Datei, kein Ordner; geben Sie einen Ordner an "
                "oder benennen Sie die Datei um")
    if code in (errno.EACCES, errno.EPERM):
        return "keine Berechtigung, dort zu schreiben"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "auf dem Laufwerk ist kein Platz mehr frei"
    if code == errno.EROFS:
        return "das Laufwerk ist schreibgeschützt"
    return ursache(exc)


def nachweise_eingabe(eingabe: Eingabe, config: KIConfig, beispiel: str,
                      pflicht: bool = True) -> tuple[Path | str, ...]:
    """The logs to read: `eingabe` as given, else the folder of `[nachweise] ordner` (relative
    to ki.toml). Without either, an `Aufruffehler` naming both ways (`beispiel`: the call with
    logs, e.g. „kibericht pruefen nachweise/“), or — where logs are optional (`pflicht` false) —
    no logs at all. A configured folder that does not exist is an `Aufruffehler` too: it is a
    setting, not an input typed for this run."""
    eingabe = als_eingabe(eingabe)
    if eingabe:
        return eingabe
    if config.nachweise is not None:
        ordner = Path(config.nachweise)
        if not ordner.is_dir():
            raise fehler_bei(
                f"Den Ordner der Tätigkeitsnachweise „{anzeige(ordner)}“ ([nachweise] ordner in "
                f"{config.datei}) gibt es nicht. Legen Sie ihn an, tragen Sie den richtigen Ordner ein "
                f"oder geben Sie die Nachweise beim Aufruf an, z. B. {beispiel}.", ordner)
        return (ordner,)
    if not pflicht:
        return ()
    raise Aufruffehler(
        f"Geben Sie die Tätigkeitsnachweise an (Dateien oder Ordner), z. B. {beispiel}, oder tragen "
        f"Sie ihren Ordner in {config.datei} ein: [nachweise] ordner = \"nachweise\" (relativ zu "
        f"{config.datei}).")
