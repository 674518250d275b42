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
from kibericht.cli.optionen import Pfad, argument_text, common_options
from kibericht.cli.progress import progress_for
from kibericht.cli.tabelle import text_tabelle
from kibericht.zahlen import anzahl


@click.command("verifizieren")
@click.argument("eingabe", nargs=-1, required=False, type=Pfad(path_type=Path))
@common_options
@click.option("--ablage", type=Pfad(file_okay=False, path_type=Path), default=None,
              help="Die Ablage, die geprüft wird (Standard: [ablage] ordner aus ki.toml). Ohne "
                   "EINGABE braucht es dann keine ki.toml, z. B. für eine Kopie der Ablage.")
@click.option("--pruefcode", metavar="CODE", default=None,
              help="Der Prüfcode vom unterschriebenen Monatsbericht: prüft, ob die Ablage genau diesen "
                   "Abschluss unverändert enthält (Groß-/Kleinschreibung, Leerzeichen und Bindestriche "
                   "egal).")
def verifizieren(eingabe: tuple[Path, ...], config_path: Path, fmt: str, ablage: Path | None,
                 pruefcode: str | None) -> int:
    """Prüft die Ablage der abgeschlossenen Monate – für Leitung und Prüfung.

    Prüft, dass die Kette der Abschlüsse lückenlos ist, jedes Manifest unverändert ist und
    jede abgelegte Datei (Bericht, Diagramme) noch die Prüfsumme aus ihrem Manifest hat. Mit
    EINGABE (allen Tätigkeitsnachweisen) zusätzlich, dass die Nachweise noch genau die
    Einträge jedes abgeschlossenen Monats enthalten. Die zuletzt gezeigte Prüfsumme muss mit
    der beim letzten Abschluss notierten übereinstimmen. Ohne EINGABE und ohne --ablage
    gelten die Nachweise aus [nachweise] ordner in ki.toml, wenn er eingetragen ist.

    Mit --pruefcode CODE (vom unterschriebenen Monatsbericht) sagt der Befehl, ob die Ablage
    den Abschluss mit diesem Prüfcode unverändert enthält, mit Monat, Version und Nummer –
    auch wenn jemand die Ablage in sich stimmig umgeschrieben hat.

    Exit-Code 0: alles stimmt, 1: etwas weicht ab (jede Abweichung mit Datei, Monat und Zeile;
    mit --pruefcode: der Abschluss fehlt oder wurde verändert), 2: Aufruf- oder
    Konfigurationsfehler, die Ablage gibt es nicht, der Prüfcode ist falsch abgeschrieben.

    \b
    Beispiel:
      kibericht verifizieren --config ki.toml
      kibericht verifizieren nachweise/ --config ki.toml
      kibericht verifizieren --ablage kopie/abschluesse --format json
      kibericht verifizieren --config ki.toml --pruefcode 7KQ2-M4XD-9P3A-H1TB-R6WG
    """
    if pruefcode is not None:
        return _pruefcode(eingabe, config_path, fmt, ablage, argument_text(pruefcode) or "")
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


def _pruefcode(eingabe: tuple[Path, ...], config_path: Path, fmt: str, ablage: Path | None,
               code: str) -> int:
    """`verifizieren --pruefcode`: the answer about one signed report."""
    if eingabe:
        if any(p.exists() for p in eingabe):
            raise anwendung.Aufruffehler("--pruefcode prüft die Ablage, nicht die Nachweise. Rufen Sie "
                                         "kibericht verifizieren NACHWEISE getrennt davon auf.")
        # the code typed in groups without quotes: --pruefcode 7KQ2 M4XD 9P3A H1TB R6WG
        code = " ".join([code, *(str(p) for p in eingabe)])
    ergebnis = anwendung.pruefcode_verifizieren(config_path, code, ablage)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    elif ergebnis.exit_code == anwendung.EXIT_AUFRUF:
        for zeile in ergebnis.zeilen:
            echo(f"Fehler: {zeile}", err=True)
    else:
        for zeile in ergebnis.zeilen:
            echo(zeile)
    return ergebnis.exit_code
