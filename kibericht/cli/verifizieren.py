"""`kibericht verifizieren`: prove the Ablage, and with logs that closed months are unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kibericht.befunde import FEHLER, Code, Finding, befund, by_severity, has_errors
from kibericht.cli.common import (
    UsageError,
    common_options,
    emit_json,
    findings_json,
    open_config,
    print_findings,
)
from kibericht.cli.nachweise import lies_nachweise
from kibericht.cli.tabelle import text_tabelle
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK
from kibericht.zahlen import anzahl

if TYPE_CHECKING:  # the Ablage's chain needs pandas: imported when the command runs
    from kibericht.ablage.kette import Ablagestand, Glied

# the findings about closed months; with logs, file-level errors explain missing entries too
ABLAGE_CODES = {Code.NACHTRAEGLICHE_AENDERUNG, Code.ABSCHLUSS_UNGUELTIG, Code.ABSCHLUSS_KETTE,
                Code.ABSCHLUSS_DATEI_GEAENDERT, Code.ABSCHLUSS_DATEI_FREMD}


@click.command("verifizieren")
@click.argument("eingabe", nargs=-1, required=False, type=click.Path(path_type=Path))
@common_options
@click.option("--ablage", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Die Ablage, die geprüft wird (Standard: [ablage] ordner aus ki.toml). Ohne "
                   "EINGABE braucht es dann keine ki.toml, z. B. für eine Kopie der Ablage.")
def verifizieren(eingabe, config_path, fmt, ablage) -> None:
    """Prüft die Ablage der abgeschlossenen Monate – für Leitung und Prüfung.

    Prüft, dass die Kette der Abschlüsse lückenlos ist, jedes Manifest unverändert ist und
    jede abgelegte Datei (Bericht, Diagramme) noch die Prüfsumme aus ihrem Manifest hat. Mit
    EINGABE (allen Tätigkeitsnachweisen) zusätzlich, dass die Nachweise noch genau die
    Einträge jedes abgeschlossenen Monats enthalten. Die zuletzt gezeigte Prüfsumme muss mit
    der beim letzten Abschluss notierten übereinstimmen.

    Exit-Code 0: alles stimmt, 1: etwas weicht ab (jede Abweichung mit Datei, Monat und Zeile),
    2: Aufruf- oder Konfigurationsfehler, die Ablage gibt es nicht.

    \b
    Beispiel:
      kibericht verifizieren --config ki.toml
      kibericht verifizieren nachweise/ --config ki.toml
      kibericht verifizieren --ablage kopie/abschluesse --format json
    """
    from kibericht.ablage.kette import anzeige, lies_ablage

    config = open_config(config_path) if eingabe or ablage is None else None
    ordner = ablage if ablage is not None else config.ablage
    if not ordner.is_dir():
        meldung = (f"Die Ablage „{anzeige(ordner)}“ gibt es nicht. Sie entsteht mit dem ersten kibericht "
                   "abschliessen; ein anderer Ordner steht in [ablage] ordner oder wird mit --ablage "
                   "angegeben.")
        raise UsageError(meldung, [befund(Code.AUFRUF_UNGUELTIG, anzeige(ordner), meldung=meldung)])
    stand = lies_ablage(ordner, dateien_pruefen=True)
    befunde = list(stand.befunde)
    geprueft = 0
    if eingabe:
        result = lies_nachweise(eingabe, config, fmt, stand=stand, streng=True)
        befunde = [f for f in result.findings
                   if f.code in ABLAGE_CODES or (f.schwere == FEHLER and f.zeile is None)]
        abgleich = stand.abgleich()
        geprueft = sum(len(m.eintraege) for m in abgleich.monate) if abgleich else 0
    intakt = not has_errors(befunde)
    if fmt == "json":
        emit_json({"ablage": anzeige(ordner), "intakt": intakt,
                   "glieder": [_glied_json(g, befunde) for g in stand.glieder],
                   "geschlossen": {m: g.nr for m, g in sorted(stand.geschlossen.items())},
                   "letzte_pruefsumme": stand.kopf, "eintraege_geprueft": bool(eingabe),
                   **findings_json(befunde)})
    else:
        _text(stand, befunde, bool(eingabe), geprueft, intakt)
    raise SystemExit(EXIT_OK if intakt else EXIT_DATEN)


def _fehler_in(glied: Glied, befunde: list[Finding]) -> list[Finding]:
    from kibericht.ablage.kette import anzeige

    ordner = anzeige(glied.ordner) + "/"
    return [f for f in befunde if f.schwere == FEHLER and f.code != Code.NACHTRAEGLICHE_AENDERUNG
            and (f.datei + "/").startswith(ordner)]


def _glied_json(g: Glied, befunde: list[Finding]) -> dict:
    from kibericht.ablage.kette import anzeige
    from kibericht.ablage.manifest import ABSCHLUSS

    daten = g.daten or {}
    document = {"nr": g.nr, "art": g.art, "monat": g.monat, "ordner": anzeige(g.ordner),
                "manifest": anzeige(g.manifest), "pruefsumme": g.sha256,
                "zeitpunkt": daten.get("zeitpunkt"), "intakt": not _fehler_in(g, befunde)}
    if g.art == ABSCHLUSS:
        document["version"] = daten.get("version")
        document["eintraege"] = daten.get("eintraege", {}).get("anzahl")
        document["dateien"] = [d["datei"] for d in daten.get("dateien", [])]
    else:
        document["grund"] = daten.get("grund")
    return document


def _zeitpunkt(daten: dict | None) -> str:
    try:
        return f"{dt.datetime.fromisoformat(daten['zeitpunkt']):%d.%m.%Y %H:%M}"
    except (TypeError, KeyError, ValueError):
        return "–"


def _text(stand: Ablagestand, befunde: list[Finding], mit_eingabe: bool, geprueft: int,
          intakt: bool) -> None:
    from kibericht.ablage.kette import anzeige
    from kibericht.ablage.manifest import ABSCHLUSS

    abschluesse = sum(g.art == ABSCHLUSS for g in stand.glieder)
    click.echo(f"Ablage {anzeige(stand.ordner)}: {anzahl(abschluesse, 'Abschluss', 'Abschlüsse')}, "
               f"{anzahl(len(stand.glieder) - abschluesse, 'Wiedereröffnung', 'Wiedereröffnungen')}")
    zeilen = []
    for g in stand.glieder:
        daten = g.daten or {}
        if g.art == ABSCHLUSS:
            art = f"Abschluss, Version {daten.get('version', '?')}"
            inhalt = f"{daten['eintraege']['anzahl']} Einträge, {len(daten['dateien'])} Dateien" \
                if daten else ""
        else:
            art = "Wiedereröffnung"
            inhalt = f"Grund: {daten['grund']}" if daten else ""
        zustand = "Abweichung" if _fehler_in(g, befunde) else "intakt"
        zeilen.append([f"{g.nr:04d}", g.titel, art, _zeitpunkt(g.daten), zustand, inhalt])
    if zeilen:
        for line in text_tabelle(["Nr.", "Monat", "Art", "Zeitpunkt", "Stand", ""], zeilen, links=6):
            click.echo(line)
    geschlossen = ", ".join(f"{g.titel} (Nr. {g.nr:04d})" for _, g in sorted(stand.geschlossen.items()))
    click.echo(f"Abgeschlossene Monate: {geschlossen or 'keine'}")
    if mit_eingabe:
        click.echo(f"Nachweise: {anzahl(geprueft, 'abgelegter Eintrag', 'abgelegte Einträge')} mit den "
                   "Nachweisen verglichen.")
    else:
        click.echo("Nachweise: nicht verglichen (dazu alle Tätigkeitsnachweise als EINGABE angeben).")
    if stand.kopf:
        click.echo(f"Letzte Prüfsumme: {stand.kopf}")
        click.echo("  Sie muss mit der beim letzten Abschluss notierten Prüfsumme übereinstimmen.")
    if befunde:
        click.echo("")
        print_findings(befunde)
    if intakt:
        click.echo("Ergebnis: Die Ablage ist intakt" + (" und die Nachweise enthalten die Einträge "
                                                       "aller abgeschlossenen Monate unverändert."
                                                       if mit_eingabe else "."))
    else:
        n = len(by_severity(befunde)[FEHLER])
        click.echo(f"Ergebnis: {anzahl(n, 'Abweichung', 'Abweichungen')} – siehe oben.")
