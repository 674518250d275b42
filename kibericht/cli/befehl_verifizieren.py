"""`kibericht verifizieren`: prove the Ablage, and with logs that closed months are unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from kibericht import anwendung
from kibericht.anwendung import VerifikationsErgebnis
from kibericht.anwendung.aufruf import anzeige
from kibericht.anwendung.verifikation import fehler_in, ist_abschluss
from kibericht.befunde import FEHLER, by_severity, sichtbar
from kibericht.cli.darstellung import echo, emit_json, ende, print_findings
from kibericht.cli.optionen import common_options
from kibericht.cli.progress import progress_for
from kibericht.cli.tabelle import text_tabelle
from kibericht.zahlen import anzahl


@click.command("verifizieren")
@click.argument("eingabe", nargs=-1, required=False, type=click.Path(path_type=Path))
@common_options
@click.option("--ablage", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Die Ablage, die geprüft wird (Standard: [ablage] ordner aus ki.toml). Ohne "
                   "EINGABE braucht es dann keine ki.toml, z. B. für eine Kopie der Ablage.")
def verifizieren(eingabe: tuple[Path, ...], config_path: Path, fmt: str, ablage: Path | None) -> int:
    """Prüft die Ablage der abgeschlossenen Monate – für Leitung und Prüfung.

    Prüft, dass die Kette der Abschlüsse lückenlos ist, jedes Manifest unverändert ist und
    jede abgelegte Datei (Bericht, Diagramme) noch die Prüfsumme aus ihrem Manifest hat. Mit
    EINGABE (allen Tätigkeitsnachweisen) zusätzlich, dass die Nachweise noch genau die
    Einträge jedes abgeschlossenen Monats enthalten. Die zuletzt gezeigte Prüfsumme muss mit
    der beim letzten Abschluss notierten übereinstimmen. Ohne EINGABE und ohne --ablage
    gelten die Nachweise aus [nachweise] ordner in ki.toml, wenn er eingetragen ist.

    Exit-Code 0: alles stimmt, 1: etwas weicht ab (jede Abweichung mit Datei, Monat und Zeile),
    2: Aufruf- oder Konfigurationsfehler, die Ablage gibt es nicht.

    \b
    Beispiel:
      kibericht verifizieren --config ki.toml
      kibericht verifizieren nachweise/ --config ki.toml
      kibericht verifizieren --ablage kopie/abschluesse --format json
    """
    with progress_for(fmt) as fortschritt:
        ergebnis = anwendung.verifizieren(config_path, eingabe, ablage, fortschritt=fortschritt)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    else:
        _text(ergebnis)
    return ende(ergebnis)


def _zeitpunkt(daten: dict[str, Any] | None) -> str:
    try:
        assert daten is not None
        return f"{dt.datetime.fromisoformat(daten['zeitpunkt']):%d.%m.%Y %H:%M}"
    except (AssertionError, TypeError, KeyError, ValueError):
        return "–"


def _text(ergebnis: VerifikationsErgebnis) -> None:
    stand, befunde = ergebnis.stand, ergebnis.befunde
    abschluesse = sum(ist_abschluss(g) for g in stand.glieder)
    echo(f"Ablage {anzeige(stand.ordner)}: {anzahl(abschluesse, 'Abschluss', 'Abschlüsse')}, "
         f"{anzahl(len(stand.glieder) - abschluesse, 'Wiedereröffnung', 'Wiedereröffnungen')}")
    zeilen = []
    for g in stand.glieder:
        daten = g.daten or {}
        if ist_abschluss(g):
            art = f"Abschluss, Version {daten.get('version', '?')}"
            inhalt = f"{daten['eintraege']['anzahl']} Einträge, {len(daten['dateien'])} Dateien" \
                if daten else ""
        else:
            art = "Wiedereröffnung"
            # a reason is shown on one line, whatever characters it holds
            inhalt = f"Grund: {sichtbar(str(daten['grund']))}" if daten else ""
        zustand = "Abweichung" if fehler_in(g, befunde) else "intakt"
        zeilen.append([f"{g.nr:04d}", g.titel, art, _zeitpunkt(g.daten), zustand, inhalt])
    if zeilen:
        for line in text_tabelle(["Nr.", "Monat", "Art", "Zeitpunkt", "Stand", ""], zeilen, links=6):
            echo(line)
    geschlossen = ", ".join(f"{g.titel} (Nr. {g.nr:04d})" for _, g in sorted(stand.geschlossen.items()))
    echo(f"Abgeschlossene Monate: {geschlossen or 'keine'}")
    if ergebnis.mit_eingabe:
        echo(f"Nachweise: {anzahl(ergebnis.geprueft, 'abgelegter Eintrag', 'abgelegte Einträge')} mit den "
             "Nachweisen verglichen.")
    else:
        echo("Nachweise: nicht verglichen (dazu alle Tätigkeitsnachweise als EINGABE angeben).")
    if stand.kopf:
        echo(f"Letzte Prüfsumme: {stand.kopf}")
        echo("  Sie muss mit der beim letzten Abschluss notierten Prüfsumme übereinstimmen.")
    if befunde:
        echo("")
        print_findings(befunde)
    if ergebnis.intakt:
        echo("Ergebnis: Die Ablage ist intakt" + (" und die Nachweise enthalten die Einträge "
                                                 "aller abgeschlossenen Monate unverändert."
                                                 if ergebnis.mit_eingabe else "."))
    else:
        n = len(by_severity(befunde)[FEHLER])
        echo(f"Ergebnis: {anzahl(n, 'Abweichung', 'Abweichungen')} – siehe oben.")
