"""Use case „einstellungen“: the configuration ki.toml checked, with every finding at its line,
and what it sets — for a face that shows the settings (the web app's page Einstellungen)::

    ergebnis = einstellungen("ki.toml")
    ergebnis.gueltig, [(f.zeile, f.spalte, f.code) for f in ergebnis.befunde]

A configuration with errors is a result here, not an `Aufruffehler`: showing its errors is
what this use case is for (exit code 2 as every other use case gives for it; 0 when it can be
used, warnings allowed). Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kibericht.anwendung.aufruf import anzeige
from kibericht.anwendung.nachweise import befunde_json
from kibericht.befunde import Finding
from kibericht.konfig import ConfigError, KIConfig, load_config
from kibericht.regeln.urteil import EXIT_AUFRUF, EXIT_OK


@dataclass(frozen=True)
class EinstellungsErgebnis:
    """The configuration `datei` checked: `config` None when it cannot be used (`befunde` then
    holds its errors), else its warnings in `befunde`."""

    datei: Path
    config: KIConfig | None
    befunde: tuple[Finding, ...]

    @property
    def gueltig(self) -> bool:
        return self.config is not None

    @property
    def vorhanden(self) -> bool:
        return self.datei.is_file()

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.gueltig else EXIT_AUFRUF

    @property
    def dateien(self) -> tuple[Path, ...]:
        return ()

    @property
    def dokument(self) -> dict[str, Any]:
        document: dict[str, Any] = {"datei": anzeige(self.datei), "vorhanden": self.vorhanden,
                                    "gueltig": self.gueltig, **befunde_json(self.befunde)}
        c = self.config
        if c is not None:
            document.update({
                "ki": c.name, "kennung": c.kennung, "kommunen": list(c.kommunen),
                "taetigkeiten": list(c.taetigkeiten),
                "nachweise": None if c.nachweise is None else anzeige(c.nachweise),
                "ablage": anzeige(c.ablage),
                "regeln": {"schwerpunkt_mindestanteil": c.regeln.schwerpunkt_mindestanteil,
                           "max_stunden_pro_tag": c.regeln.max_stunden_pro_tag,
                           "anteilig": c.regeln.anteilig},
                "stellen": [s.id for s in c.stellen],
                "programme": [p.name for p in c.programme],
                "schwerpunkte": [s.id for s in c.schwerpunkte],
            })
        return document


def einstellungen(datei: Path | str) -> EinstellungsErgebnis:
    """The configuration at `datei`, checked as every use case checks it (`konfig.load_config`)."""
    datei = Path(datei)
    try:
        config = load_config(datei)
    except ConfigError as exc:
        return EinstellungsErgebnis(datei, None, tuple(exc.befunde))
    return EinstellungsErgebnis(datei, config, tuple(config.befunde))
