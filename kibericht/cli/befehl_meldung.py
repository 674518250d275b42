"""`kibericht meldung`: write the Meldung to the Land of a closed month again, from the Ablage."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht import anwendung
from kibericht.anwendung import MeldungErgebnis
from kibericht.anwendung.aufruf import anzeige
from kibericht.cli.darstellung import ablage_beschaedigt, echo, emit_json, ende
from kibericht.cli.optionen import Pfad, common_options
from kibericht.zahlen import anzahl


@click.command("meldung")
@common_options
@click.option("--monat", metavar="JJJJ-MM", help="Der abgeschlossene Monat, z. B. 2025-03 (Pflichtangabe).")
@click.option("--ausgabe", type=Pfad(path_type=Path), default=None, metavar="ORDNER",
              help="Ordner (oder Datei …zip) für die Meldung. Standard: der Ordner meldungen neben der "
                   "Ablage.")
def meldung(config_path: Path, fmt: str, monat: str | None, ausgabe: Path | None) -> int:
    """Schreibt die Meldung an das Land für einen abgeschlossenen Monat (erneut).

    Die Meldung Meldung_<KI-Kennung>_JJJJ-MM.zip schreibt kibericht abschliessen selbst. Dieser
    Befehl schreibt sie noch einmal, allein aus der Ablage: aus den abgelegten Einträgen des
    Monats und der Monate davor im selben Jahr, ohne die Tätigkeitsnachweise. Dieselbe Ablage
    ergibt dieselbe Datei (gleiche Bytes, gleiche Prüfsumme). Die Meldung enthält nur Summen,
    ohne Namen und ohne Zahlen je Stelle; Zahlen, die eine Person erkennbar machen könnten,
    sind gesperrt wie in der öffentlichen Fassung.

    Exit-Code 0: geschrieben, 1: die Ablage ist beschädigt (nichts geschrieben), 2: Aufruffehler,
    Monat nicht abgeschlossen, ki.toml seit dem Abschluss geändert oder Ausgabe nicht
    schreibbar.

    \b
    Beispiel:
      kibericht meldung --config ki.toml --monat 2025-03
      kibericht meldung --monat 2025-03 --ausgabe an_das_land/
    """
    ergebnis = anwendung.melden(config_path, anwendung.monat(monat), ausgabe)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    else:
        _text(ergebnis)
    return ende(ergebnis)


def meldung_zeilen(ergebnis: MeldungErgebnis) -> list[str]:
    """What a person reads about a Meldung written (also after `abschliessen`)."""
    inhalt = ergebnis.inhalt
    assert inhalt is not None and ergebnis.datei is not None
    gesperrt, alle = ergebnis.gesperrt
    zeilen = [f"Meldung an das Land: {anzeige(ergebnis.datei)}",
              f"  KI-Kennung {inhalt.kennung}, Abschluss Nr. {inhalt.kopf.nr:04d} "
              f"(Version {inhalt.kopf.version}); {gesperrt} von {anzahl(alle, 'Zahl', 'Zahlen')} "
              "gesperrt (Geheimhaltung).",
              f"  Prüfsumme der Meldung (sha256): {ergebnis.sha256}",
              "  Schicken Sie die Datei an das Land. Sie enthält nur Summen, keine Namen und keine Zahlen "
              "je Stelle."]
    zeilen.extend(f"  Hinweis: {h}" for h in ergebnis.hinweise)
    return zeilen


def _text(ergebnis: MeldungErgebnis) -> None:
    if ergebnis.inhalt is None:
        ablage_beschaedigt(ergebnis.befunde, "Keine Meldung geschrieben")
        return
    echo(f"Meldung {ergebnis.periode.titel} geschrieben – {ergebnis.config.name}")
    for zeile in meldung_zeilen(ergebnis):
        echo(zeile)
