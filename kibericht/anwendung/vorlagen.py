"""Use case „vorlage“: a blank Tätigkeitsnachweis for the configured KI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kibericht.anwendung.aufruf import Aufruffehler, als_pfad, ausserhalb_der_ablage, konfiguration
from kibericht.befunde import Finding
from kibericht.konfig import KIConfig
from kibericht.regeln.urteil import EXIT_OK


@dataclass(frozen=True)
class VorlageErgebnis:
    """The template written: its file, year, Stelle, sheets, and warnings (German sentences)."""

    config: KIConfig
    datei: Path
    jahr: int
    stelle: str | None
    blaetter: tuple[str, ...]
    warnungen: tuple[str, ...] = ()

    exit_code = EXIT_OK

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return ()

    @property
    def dateien(self) -> tuple[Path, ...]:
        return (self.datei,)

    @property
    def dokument(self) -> dict[str, Any]:
        return {"datei": self.datei.as_posix(), "jahr": self.jahr, "stelle": self.stelle,
                "blaetter": list(self.blaetter), "warnungen": list(self.warnungen)}


def vorlage(konfig: KIConfig | Path | str, jahr: int, ausgabe: Path | str, stelle: str | None = None,
            ueberschreiben: bool = False) -> VorlageErgebnis:
    """Write the template of `jahr` (one sheet per month, dropdowns from the configuration) to
    `ausgabe` (.xlsx); an existing file is replaced only with `ueberschreiben`, and never one in
    the Ablage."""
    ausgabe = als_pfad(ausgabe)
    if not 1990 <= jahr <= 2099:
        raise Aufruffehler(f"Das Jahr {jahr} liegt außerhalb von 1990 bis 2099. Beispiel: --jahr 2025")
    if ausgabe.suffix.lower() != ".xlsx":
        raise Aufruffehler(f"Die Vorlage wird als .xlsx geschrieben; „{ausgabe.name}“ hat eine andere "
                           "Endung. Beispiel: --ausgabe Vorlage.xlsx")
    config = konfiguration(konfig)
    ausserhalb_der_ablage(ausgabe, config, "die Vorlage")  # even with --ueberschreiben
    if ausgabe.exists() and not ueberschreiben:
        raise Aufruffehler(f"„{ausgabe}“ gibt es schon; die Vorlage überschreibt keine vorhandene Datei "
                           "(sie könnte ein ausgefüllter Tätigkeitsnachweis sein). Wählen Sie einen anderen "
                           "Namen oder geben Sie --ueberschreiben an.")
    from kibericht.ausgabe.atomar import AusgabeFehler
    from kibericht.ausgabe.vorlage import VorlageError, sheet_name, write_template  # XlsxWriter

    try:
        path = write_template(config, jahr, ausgabe, stelle=stelle)
    except VorlageError as exc:
        raise Aufruffehler(str(exc)) from None
    except AusgabeFehler as exc:
        raise Aufruffehler(exc.meldung, [exc.befund]) from None
    warnungen = []
    if not any(sp.gilt_im_jahr(jahr) for sp in config.schwerpunkte):
        warnungen.append(f"Für {jahr} ist in {config.datei} kein Themenschwerpunkt konfiguriert; die "
                         "Auswahlliste Schwerpunkt der Vorlage ist leer. Ergänzen Sie die Schwerpunkte "
                         "des Jahres in [[schwerpunkte]] (von/bis) und erstellen Sie die Vorlage neu.")
    blaetter = ("Anleitung", *(sheet_name(jahr, m) for m in range(1, 13)))
    return VorlageErgebnis(config, path, jahr, stelle, blaetter, tuple(warnungen))
