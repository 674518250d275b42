"""`kibericht abschliessen`: file and lock a month in the Ablage, or reopen it with a reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kibericht.ablage.sperre import AblageGesperrt, gesperrt
from kibericht.ausgabe.atomar import AusgabeFehler
from kibericht.befunde import FEHLER, WARNUNG, Code, befund, by_severity
from kibericht.cli.common import (
    UsageError,
    common_options,
    emit_json,
    findings_json,
    open_config,
    print_findings,
)
from kibericht.cli.nachweise import lade_nachweise
from kibericht.konfig import KIConfig
from kibericht.periode import Periode, PeriodeError
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK
from kibericht.zahlen import de_prozent, de_zahl

if TYPE_CHECKING:  # the Ablage's chain needs pandas: imported where a command reads it
    from kibericht.ablage.kette import Ablagestand, Glied

STATUS = {True: "erfüllt", False: "nicht erfüllt", None: "nicht bestimmbar, keine Einträge"}


@click.command("abschliessen")
@click.argument("eingabe", nargs=-1, required=False, type=click.Path(path_type=Path))
@common_options
@click.option("--monat", metavar="JJJJ-MM", help="Der Monat, z. B. 2025-03 (Pflichtangabe).")
@click.option("--wiedereroeffnen", is_flag=True,
              help="Den abgeschlossenen Monat wieder öffnen (nur mit --grund).")
@click.option("--grund", metavar="TEXT",
              help="Warum der Monat wieder geöffnet wird; bleibt dauerhaft in der Ablage.")
def abschliessen(eingabe, config_path, fmt, monat, wiedereroeffnen, grund) -> None:
    """Schließt einen Monat ab: Bericht und Fingerabdrücke aller Einträge in die Ablage.

    Legt den Monatsbericht (wie kibericht bericht --monat) und ein Manifest mit einem
    Fingerabdruck jedes Eintrags des Monats in der Ablage ab ([ablage] ordner in ki.toml,
    Standard: abschluesse neben ki.toml). Danach ist jede Änderung an Einträgen dieses Monats
    in jedem Befehl ein Fehler [nachtraegliche-aenderung]. Mit --wiedereroeffnen --grund wird
    ein abgeschlossener Monat wieder geöffnet; der frühere Abschluss bleibt in der Ablage, und
    der Monat kann danach erneut abgeschlossen werden.

    Exit-Code 0: abgeschlossen, 1: Datenfehler in den Nachweisen, kein Eintrag im Monat oder
    beschädigte Ablage (nichts abgelegt), 2: Aufruffehler, Monat schon abgeschlossen oder Ablage nicht
    beschreibbar (nichts abgelegt), 3: abgeschlossen, aber Schwerpunktquote unterschritten oder
    Höchstbetrag überschritten.

    \b
    Beispiel:
      kibericht abschliessen nachweise/ --config ki.toml --monat 2025-03
      kibericht abschliessen --monat 2025-03 --wiedereroeffnen --grund "Stunden FK1 korrigiert"
    """
    if monat is None:
        raise UsageError("Geben Sie den Monat an, z. B. --monat 2025-03.")
    try:
        periode = Periode.parse_monat(monat)
    except PeriodeError as exc:
        raise UsageError(str(exc)) from None
    if grund is not None and not wiedereroeffnen:
        raise UsageError("--grund gehört zu --wiedereroeffnen.")
    if wiedereroeffnen and not (grund or "").strip():
        raise UsageError("Zum Wiedereröffnen gehört ein Grund, z. B. --grund \"Stunden FK1 im März "
                         "korrigiert\". Er bleibt dauerhaft in der Ablage.")
    if not wiedereroeffnen and not eingabe:
        raise UsageError("Geben Sie die Tätigkeitsnachweise an (Dateien oder Ordner), z. B. "
                         f"kibericht abschliessen nachweise/ --monat {periode.label}.")
    config = open_config(config_path)
    if wiedereroeffnen:
        _wiedereroeffnen(config, periode, grund.strip(), fmt)
    else:
        _abschliessen(eingabe, config, config_path, periode, fmt)


def _fehler(meldung: str, datei: Path, code: str = Code.AUFRUF_UNGUELTIG) -> UsageError:
    """Exit 2 with a finding that names the Ablage or manifest concerned."""
    from kibericht.ablage.kette import anzeige

    return UsageError(meldung, [befund(code, anzeige(datei), meldung=meldung)])


def _jetzt() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _schon_abgeschlossen(stand: Ablagestand, periode: Periode) -> UsageError:
    from kibericht.ablage.kette import anzeige

    glied = stand.geschlossen[periode.label]
    return _fehler(
        f"{periode.titel} ist bereits abgeschlossen ({anzeige(glied.ordner)}). Soll der Monat "
        f"geändert werden, öffnen Sie ihn zuerst wieder: kibericht abschliessen --monat {periode.label} "
        f"--wiedereroeffnen --grund \"…\".", glied.manifest)


def _unter_sperre(config: KIConfig, gelesen: Ablagestand, periode: Periode):
    """The lock of the Ablage and the Ablage as it is now: the same chain that was checked."""
    from kibericht.ablage.kette import anzeige, lies_ablage

    stand = lies_ablage(config.ablage)
    if stand.ist_geschlossen(periode.label) and not gelesen.ist_geschlossen(periode.label):
        raise _schon_abgeschlossen(stand, periode)
    if stand.kopf != gelesen.kopf:
        raise _fehler(f"Die Ablage „{anzeige(config.ablage)}“ wurde während dieses Laufs von einem "
                      "anderen Lauf geändert. Rufen Sie den Befehl noch einmal auf.", config.ablage,
                      Code.AUSGABE_NICHT_SCHREIBBAR)
    return stand


def _ablage_fehler(config: KIConfig, exc: Exception) -> UsageError:
    """The Ablage could not be written: nothing was filed (exit 2)."""
    from kibericht.ablage.kette import anzeige

    if isinstance(exc, AblageGesperrt):
        meldung = (f"Die Ablage „{anzeige(config.ablage)}“ ist gesperrt: gerade legt ein anderer Lauf dort "
                   "ab. Versuchen Sie es gleich noch einmal.")
    else:
        grund = exc.meldung if isinstance(exc, AusgabeFehler) else (getattr(exc, "strerror", None) or exc)
        meldung = (f"In die Ablage „{anzeige(config.ablage)}“ kann nicht geschrieben werden ({grund}). Es "
                   "wurde nichts abgelegt; die Ablage ist unverändert.")
    return _fehler(meldung, config.ablage, Code.AUSGABE_NICHT_SCHREIBBAR)


def _abschliessen(eingabe, config: KIConfig, config_path: Path, periode: Periode, fmt: str) -> None:
    import pandas as pd

    from kibericht.ablage.kette import anzeige, lies_ablage

    gelesen = lies_ablage(config.ablage, dateien_pruefen=True)
    if gelesen.ist_geschlossen(periode.label):
        raise _schon_abgeschlossen(gelesen, periode)
    if dt.date.today() <= periode.ende:
        raise UsageError(f"{periode.titel} ist noch nicht zu Ende. Ein Monat wird nach seinem letzten "
                         "Tag abgeschlossen.")
    result = lade_nachweise(
        eingabe, config, fmt, trotz_fehlern=False, zeitraum=periode.label, quiet=True, periode=periode,
        stand=gelesen,
        abbruch=f"Nicht abgeschlossen: Korrigieren Sie zuerst die genannten Fehler. Die Ablage "
                f"„{anzeige(config.ablage)}“ ist unverändert.")
    eintraege = pd.concat([result.entries, result.rejected[result.entries.columns]]) \
        if len(result.rejected) else result.entries
    eintraege = eintraege[periode.mask(eintraege["datum"])]
    # the report modules import matplotlib: only when filing
    from kibericht.ablage.ablegen import abschluss_ablegen, aufraeumen
    from kibericht.regeln.bericht import berechne_bericht

    b = berechne_bericht(result.entries, config, periode, result.rejected, tuple(result.findings),
                         tuple(result.files))
    try:
        with gesperrt(config.ablage):
            stand = _unter_sperre(config, gelesen, periode)
            aufraeumen(config.ablage)
            glied = abschluss_ablegen(stand, b, eintraege, result.files, config_path, _jetzt())
    except (AblageGesperrt, AusgabeFehler, OSError) as exc:
        raise _ablage_fehler(config, exc) from None
    dateien = [glied.manifest, *(glied.ordner / d["datei"] for d in glied.daten["dateien"])]
    if fmt == "json":
        emit_json({"aktion": "abgeschlossen", "monat": periode.label, "nr": glied.nr,
                   "version": glied.daten["version"], "ordner": anzeige(glied.ordner),
                   "manifest": anzeige(glied.manifest), "pruefsumme": glied.sha256,
                   "eintraege": len(eintraege), "dateien": [anzeige(p) for p in dateien],
                   "bericht": glied.daten["bericht"],
                   **{k: v for k, v in findings_json(list(b.findings)).items() if k != "hinweise"},
                   "fehler_andere_monate": [f.to_json() for f in b.fehler_andere_monate]})
        raise SystemExit(b.urteil.exit_code)
    print_findings([f for f in b.findings if f.schwere in (FEHLER, WARNUNG)], err=True, hints=False)
    s = b.summary
    click.echo(f"{periode.titel} abgeschlossen – {config.name} (Version {glied.daten['version']})")
    click.echo(f"  Einträge:              {len(eintraege)}")
    click.echo(f"  Stunden:               {de_zahl(s.stunden)}")
    click.echo(f"  Schwerpunktanteil:     {de_prozent(s.anteil)} "
               f"(Mindestanteil {de_prozent(s.mindestanteil, 0)}: {STATUS[s.erfuellt]})")
    click.echo(f"Abgelegt in {anzeige(glied.ordner)}:")
    for path in dateien:
        click.echo(f"  {path.name}")
    click.echo(f"Prüfsumme des Abschlusses: {glied.sha256}")
    click.echo("  Notieren Sie sie (z. B. im Anschreiben an das Land): mit ihr lässt sich der Abschluss "
               "später mit kibericht verifizieren beweisen.")
    click.echo(f"Ab jetzt ist jede Änderung an Einträgen aus {periode.titel} ein Fehler "
               "[nachtraegliche-aenderung].")
    if not b.urteil.bestanden:
        click.echo("Prüfung nicht bestanden (Exit-Code 3): siehe Schwerpunktquote bzw. Pauschale. Der "
                   "Monat ist trotzdem abgeschlossen.", err=True)
    raise SystemExit(b.urteil.exit_code)


def _wiedereroeffnen(config: KIConfig, periode: Periode, grund: str, fmt: str) -> None:
    from kibericht.ablage.kette import anzeige, lies_ablage

    gelesen = lies_ablage(config.ablage, dateien_pruefen=True)
    if not gelesen.fehlerfrei:
        _ablage_beschaedigt(gelesen, periode, fmt)
    if not gelesen.ist_geschlossen(periode.label):
        raise _fehler(f"{periode.titel} ist nicht abgeschlossen (Ablage „{anzeige(config.ablage)}“); es "
                      "gibt nichts wiederzueröffnen.", config.ablage)
    from kibericht.ablage.ablegen import aufraeumen, wiedereroeffnung_ablegen

    try:
        with gesperrt(config.ablage):
            stand = _unter_sperre(config, gelesen, periode)
            aufraeumen(config.ablage)
            glied = wiedereroeffnung_ablegen(stand, periode.label, grund, config.name, _jetzt())
    except (AblageGesperrt, AusgabeFehler, OSError) as exc:
        raise _ablage_fehler(config, exc) from None
    frueher: Glied = gelesen.geschlossen[periode.label]
    if fmt == "json":
        emit_json({"aktion": "wiedereroeffnet", "monat": periode.label, "nr": glied.nr,
                   "grund": grund, "zeitpunkt": glied.daten["zeitpunkt"],
                   "ordner": anzeige(glied.ordner), "manifest": anzeige(glied.manifest),
                   "pruefsumme": glied.sha256, "wiedereroeffnet": glied.daten["wiedereroeffnet"]})
        raise SystemExit(EXIT_OK)
    click.echo(f"{periode.titel} wiedereröffnet – {config.name}")
    click.echo(f"  Grund:     {grund}")
    click.echo(f"  Abgelegt:  {anzeige(glied.manifest)}")
    click.echo(f"  Der Abschluss {anzeige(frueher.ordner)} bleibt in der Ablage.")
    click.echo(f"Prüfsumme der Wiedereröffnung: {glied.sha256}")
    click.echo(f"Nach der Korrektur schließen Sie den Monat erneut ab: kibericht abschliessen "
               f"NACHWEISE --monat {periode.label}")
    raise SystemExit(EXIT_OK)


def _ablage_beschaedigt(stand: Ablagestand, periode: Periode, fmt: str) -> None:
    """A damaged Ablage: the findings, then exit 1; nothing is filed on top of it."""
    if fmt == "json":
        emit_json({"monat": periode.label, **findings_json(list(stand.befunde))})
    else:
        print_findings(list(stand.befunde), err=True, hints=False)
        groups = by_severity(stand.befunde)
        click.echo(f"Nichts abgelegt: die Ablage hat {len(groups[FEHLER])} Fehler. Stellen Sie sie aus der "
                   "Sicherung wieder her (Einzelheiten: kibericht verifizieren).", err=True)
    raise SystemExit(EXIT_DATEN)
