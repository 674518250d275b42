"""`kibericht abschliessen`: file and lock a month in the Ablage, or reopen it with a reason."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht import anwendung
from kibericht.anwendung import AbschlussErgebnis, WiedereroeffnungsErgebnis
from kibericht.anwendung.aufruf import anzeige
from kibericht.befunde import FEHLER, WARNUNG, sichtbar
from kibericht.cli.befehl_meldung import meldung_zeilen
from kibericht.cli.darstellung import (
    ablage_beschaedigt,
    echo,
    emit_json,
    ende,
    nachweise_gestoppt,
    nachweise_vorab,
    print_findings,
)
from kibericht.cli.optionen import Pfad, argument_text, common_options
from kibericht.cli.progress import progress_for
from kibericht.zahlen import de_prozent, de_zahl

STATUS = {True: "erfüllt", False: "nicht erfüllt", None: "nicht bestimmbar, keine Einträge"}


@click.command("abschliessen")
@click.argument("eingabe", nargs=-1, required=False, type=Pfad(path_type=Path))
@common_options
@click.option("--monat", metavar="JJJJ-MM", help="Der Monat, z. B. 2025-03 (Pflichtangabe).")
@click.option("--wiedereroeffnen", is_flag=True,
              help="Den abgeschlossenen Monat wieder öffnen (nur mit --grund).")
@click.option("--grund", metavar="TEXT",
              help="Warum der Monat wieder geöffnet wird; bleibt dauerhaft in der Ablage.")
def abschliessen(eingabe: tuple[Path, ...], config_path: Path, fmt: str, monat: str | None,
                 wiedereroeffnen: bool, grund: str | None) -> int:
    """Schließt einen Monat ab: Bericht und Fingerabdrücke aller Einträge in die Ablage.

    Legt den Monatsbericht (wie kibericht bericht --monat) und ein Manifest mit einem
    Fingerabdruck jedes Eintrags des Monats in der Ablage ab ([ablage] ordner in ki.toml,
    Standard: abschluesse neben ki.toml). Der abgelegte Bericht trägt im Unterschriftsblock
    (PDF und Arbeitsmappe) den Prüfcode des Abschlusses. Anschließend schreibt der Befehl die
    Meldung an das Land, Meldung_<KI-Kennung>_JJJJ-MM.zip, in den Ordner meldungen neben der
    Ablage (erneut: kibericht meldung). Ab dann ist jede Änderung an Einträgen dieses Monats in
    jedem Befehl ein Fehler [nachtraegliche-aenderung]. Mit --wiedereroeffnen --grund wird ein
    abgeschlossener Monat wieder geöffnet; der frühere Abschluss bleibt in der Ablage, und der
    Monat kann danach erneut abgeschlossen werden. Ohne EINGABE werden die Nachweise aus
    [nachweise] ordner in ki.toml gelesen.

    Exit-Code 0: abgeschlossen, 1: Datenfehler in den Nachweisen, kein Eintrag im Monat oder
    beschädigte Ablage (nichts abgelegt), 2: Aufruffehler, Monat schon abgeschlossen oder Ablage nicht
    beschreibbar (nichts abgelegt), 3: abgeschlossen, aber Schwerpunktquote unterschritten oder
    Höchstbetrag überschritten. Kann die Meldung an das Land nicht geschrieben werden, bleibt
    der Abschluss gültig; der Exit-Code ist der des Abschlusses, und ein Hinweis sagt, warum und
    wie sie nachträglich geschrieben wird.

    \b
    Beispiel:
      kibericht abschliessen nachweise/ --config ki.toml --monat 2025-03
      kibericht abschliessen --monat 2025-03 --wiedereroeffnen --grund "Stunden FK1 korrigiert"
    """
    periode = anwendung.monat(monat)
    if grund is not None and not wiedereroeffnen:
        raise anwendung.Aufruffehler("--grund gehört zu --wiedereroeffnen.")
    if wiedereroeffnen:
        wieder = anwendung.wiedereroeffnen(config_path, periode, argument_text(grund))
        if fmt == "json":
            emit_json(wieder.dokument)
        else:
            _wiedereroeffnet_text(wieder)
        return ende(wieder)
    with progress_for(fmt) as fortschritt:
        ergebnis = anwendung.abschliessen(eingabe, config_path, periode, fortschritt=fortschritt)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    elif ergebnis.glied is None:
        nachweise_gestoppt(ergebnis.nachweise, f"Nicht abgeschlossen: Korrigieren Sie zuerst die genannten "
                           f"Fehler. Die Ablage „{anzeige(ergebnis.config.ablage)}“ ist unverändert.")
    else:
        nachweise_vorab(ergebnis.nachweise, quiet=True)
        _abgeschlossen_text(ergebnis)
    return ende(ergebnis)


def _abgeschlossen_text(ergebnis: AbschlussErgebnis) -> None:
    b, glied, periode = ergebnis.bericht, ergebnis.glied, ergebnis.periode
    assert b is not None and glied is not None and glied.daten is not None
    print_findings([f for f in b.findings if f.schwere in (FEHLER, WARNUNG)], err=True, hints=False)
    s = b.summary
    echo(f"{periode.titel} abgeschlossen – {ergebnis.config.name} (Version {glied.daten['version']})")
    echo(f"  Einträge:              {ergebnis.eintraege}")
    echo(f"  Stunden:               {de_zahl(s.stunden)}")
    echo(f"  Schwerpunktanteil:     {de_prozent(s.anteil)} "
         f"(Mindestanteil {de_prozent(s.mindestanteil, 0)}: {STATUS[s.erfuellt]})")
    echo(f"Abgelegt in {anzeige(glied.ordner)}:")
    for path in ergebnis.abgelegt:
        echo(f"  {path.name}")
    echo(f"Prüfsumme des Abschlusses: {glied.sha256}")
    echo(f"Prüfcode: {ergebnis.pruefcode}")
    echo("  Er steht im Unterschriftsblock des abgelegten Monatsberichts (PDF und Arbeitsmappe): "
         "Unterschreiben Sie diesen Bericht und notieren Sie den Prüfcode. Mit kibericht verifizieren "
         "--pruefcode CODE lässt sich später beweisen, dass die Ablage diesen Abschluss unverändert "
         "enthält.")
    if ergebnis.meldung is not None:
        for zeile in meldung_zeilen(ergebnis.meldung):
            echo(zeile)
    else:
        for f in ergebnis.meldung_fehler:
            echo(f"Die Meldung an das Land wurde nicht geschrieben: {f.meldung}", err=True)
        echo(f"  Der Abschluss ist gültig. Schreiben Sie die Meldung, sobald die Ursache behoben ist: "
             f"kibericht meldung --monat {periode.label}", err=True)
    echo(f"Ab jetzt ist jede Änderung an Einträgen aus {periode.titel} ein Fehler "
         "[nachtraegliche-aenderung].")
    if not b.urteil.bestanden:
        echo("Prüfung nicht bestanden (Exit-Code 3): siehe Schwerpunktquote bzw. Pauschale. Der "
             "Monat ist trotzdem abgeschlossen.", err=True)


def _wiedereroeffnet_text(ergebnis: WiedereroeffnungsErgebnis) -> None:
    periode, glied, frueher = ergebnis.periode, ergebnis.glied, ergebnis.frueher
    if glied is None or frueher is None:  # a damaged Ablage: nothing is filed on top of it
        ablage_beschaedigt(ergebnis.befunde, "Nichts abgelegt")
        return
    echo(f"{periode.titel} wiedereröffnet – {ergebnis.config.name}")
    echo(f"  Grund:     {sichtbar(ergebnis.grund)}")
    echo(f"  Abgelegt:  {anzeige(glied.manifest)}")
    echo(f"  Der Abschluss {anzeige(frueher.ordner)} bleibt in der Ablage.")
    echo(f"Prüfsumme der Wiedereröffnung: {glied.sha256}")
    echo(f"Nach der Korrektur schließen Sie den Monat erneut ab: kibericht abschliessen "
         f"NACHWEISE --monat {periode.label}")
