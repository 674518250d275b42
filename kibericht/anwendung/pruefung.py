"""Use case „prüfen“: validate the logs, list every finding, optionally write marked copies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.anwendung.aufruf import (
    Aufruffehler,
    ausserhalb_der_ablage,
    fehler_bei,
    konfiguration,
    nachweise_eingabe,
    schreibgrund,
)
from kibericht.anwendung.nachweise import NichtGezaehlt, befunde_json, lies_nachweise, nicht_gezaehlt
from kibericht.befunde import Code, Finding, has_errors
from kibericht.konfig import KIConfig
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK

if TYPE_CHECKING:
    from kibericht.ablauf import Fortschrittsmelder, Lesecache, LoadResult


@dataclass(frozen=True)
class PruefErgebnis:
    """The logs checked: every finding, the counts, the marked copies written (and those that
    could not be made, with the reason). Exit code 1 with any error, else 0."""

    config: KIConfig
    nachweise: LoadResult
    nicht_gezaehlt: NichtGezaehlt
    markiert: tuple[Path, ...] | None  # None: no marked copies asked for
    nicht_markiert: tuple[tuple[Path, str], ...] = ()

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return tuple(self.nachweise.findings)

    @property
    def dateien(self) -> tuple[Path, ...]:
        """The files written: the marked copies."""
        return self.markiert or ()

    @property
    def exit_code(self) -> int:
        return EXIT_DATEN if has_errors(self.nachweise.findings) else EXIT_OK

    @property
    def dokument(self) -> dict[str, Any]:
        document: dict[str, Any] = {"eintraege": len(self.nachweise.entries), **befunde_json(self.befunde)}
        if self.markiert is not None:
            document["markiert"] = [p.as_posix() for p in self.markiert]
            document["nicht_markiert"] = [{"datei": p.as_posix(), "grund": g} for p, g in self.nicht_markiert]
        if self.nicht_gezaehlt.kopien:
            document["kopien"] = self.nicht_gezaehlt.kopien_json()
        return document


def pruefen(eingabe: Sequence[Path | str], konfig: KIConfig | Path | str, markiert: Path | None = None, *,
            fortschritt: Fortschrittsmelder | None = None, cache: Lesecache | None = None) -> PruefErgebnis:
    """Check the logs `eingabe` (files or folders) against the configuration and every closed
    month; with `markiert`, write copies of faulty workbooks with the faulty cells marked there
    (a folder outside the inputs and outside the Ablage). Without `eingabe`, the folder of
    `[nachweise] ordner`."""
    config = konfiguration(konfig)
    eingabe = nachweise_eingabe(eingabe, config, "kibericht pruefen nachweise/")
    if markiert is not None:
        ausserhalb_der_ablage(markiert, config, "die markierten Kopien")
    result = lies_nachweise(eingabe, config, fortschritt=fortschritt, cache=cache)
    geschrieben: tuple[Path, ...] | None = None
    nicht: tuple[tuple[Path, str], ...] = ()
    if markiert is not None:
        from kibericht.ausgabe.atomar import AusgabeFehler
        from kibericht.ausgabe.markiert import MarkiertError, write_marked_copies

        try:
            kopien = write_marked_copies(result.findings, markiert, [Path(e) for e in eingabe])
        except MarkiertError as exc:
            raise Aufruffehler(str(exc)) from None
        except AusgabeFehler as exc:
            raise Aufruffehler(exc.meldung, [exc.befund]) from None
        except OSError as exc:
            raise fehler_bei(f"Die markierten Kopien können nicht nach „{markiert.as_posix()}“ geschrieben "
                             f"werden ({schreibgrund(exc, markiert)}).", markiert,
                             Code.AUSGABE_NICHT_SCHREIBBAR) from None
        geschrieben, nicht = tuple(kopien.geschrieben), tuple(kopien.nicht_moeglich)
    return PruefErgebnis(config, result, nicht_gezaehlt(result.rejected, result.findings), geschrieben, nicht)
