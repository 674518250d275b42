"""`kibericht bericht`: the monthly Berichtspflicht workbook or the annual report."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht.cli.common import (
    EXIT_COMPLIANCE,
    EXIT_OK,
    common_options,
    de_number,
    de_percent,
    emit_json,
    findings_json,
    open_config,
    parse_zeitraum,
    print_findings,
    trotz_fehlern_option,
)
from kibericht.cli.nachweise import lade_nachweise
from kibericht.befunde import FEHLER, WARNUNG


@click.command("bericht")
@click.argument("eingabe", nargs=-1, required=True, type=click.Path(path_type=Path))
@common_options
@click.option("--monat", metavar="JJJJ-MM", help="Berichtsmonat, z. B. 2025-03.")
@click.option("--jahr", metavar="JJJJ", help="Berichtsjahr für den Jahresbericht, z. B. 2025.")
@click.option("--ausgabe", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Ordner, in den Arbeitsmappe und Diagramme geschrieben werden.")
@trotz_fehlern_option
@click.option("--mit-namen", is_flag=True, help="Namen der Mitarbeitenden im Blatt Daten zeigen.")
def bericht(eingabe, config_path, fmt, monat, jahr, ausgabe, trotz_fehlern, mit_namen) -> None:
    """Erstellt den Monatsbericht (--monat) oder den Jahresbericht (--jahr).

    Schreibt Monatsbericht_JJJJ-MM.xlsx bzw. Jahresbericht_JJJJ.xlsx und die Diagramme als PNG
    in den Ausgabeordner. Enthalten die Eingaben Datenfehler, wird nichts geschrieben (Exit-Code
    1), außer mit --trotz-fehlern. Der Bericht wird auch geschrieben, wenn eine Prüfung nicht
    bestanden ist; dann ist der Exit-Code 3 (Schwerpunktquote im Zeitraum unterschritten oder
    Höchstbetrag eines Programms überschritten).

    \b
    Beispiel:
      kibericht bericht nachweise/ --config ki.toml --monat 2025-03 --ausgabe berichte/
      kibericht bericht nachweise/ --config ki.toml --jahr 2025 --ausgabe berichte/
    """
    periode = parse_zeitraum(monat, jahr, mit_periode=False)
    config = open_config(config_path)
    result = lade_nachweise(eingabe, config, fmt, trotz_fehlern, periode.label, quiet=True)
    from kibericht.regeln.bericht import make_report  # imports matplotlib: only for a report
    document, paths, findings = make_report(result, config, periode, ausgabe, mit_namen=mit_namen)
    failed = document["quote_erfuellt"] is False or any(
        p["ueberschritten"] for p in document["foerderung"].values())
    exit_code = EXIT_COMPLIANCE if failed else EXIT_OK
    if fmt == "json":
        groups = findings_json(findings)
        emit_json({**document, "fehler": groups["fehler"], "warnungen": groups["warnungen"]})
        raise SystemExit(exit_code)
    print_findings([f for f in findings if f.schwere in (FEHLER, WARNUNG)], err=True, hints=False)
    click.echo(f"{'Monatsbericht' if periode.art == 'monat' else 'Jahresbericht'} "
               f"{periode.titel} – {config.name}")
    click.echo(f"  Einträge:              {document['eintraege']}")
    click.echo(f"  Stunden:               {de_number(document['stunden'])}")
    click.echo(f"  davon mit Schwerpunkt: {de_number(document['stunden_schwerpunkte'])}")
    status = {True: "erfüllt", False: "nicht erfüllt", None: "nicht bestimmbar, keine Einträge"}[
        document["quote_erfuellt"]]
    click.echo(f"  Schwerpunktanteil:     {de_percent(document['schwerpunktanteil'])} "
               f"(Mindestanteil {de_percent(config.regeln.schwerpunkt_mindestanteil, 0)}: {status})")
    for name, p in document["foerderung"].items():
        over = " – HÖCHSTBETRAG ÜBERSCHRITTEN" if p["ueberschritten"] else ""
        click.echo(f"  Pauschale {name}:          {de_number(p['anspruch'])} € Anspruch im Jahr{over}")
    for m in document["meilensteine"]:
        click.echo(f"  Meilenstein {m['schwerpunkt']} {m['taetigkeit']}: {m['ist']} von mindestens "
                   f"{m['mindestens']} – {m['status']}")
    if len(result.rejected):
        click.echo(f"  Nicht gezählt:         {len(result.rejected)} Zeilen mit Fehlern")
    click.echo("Geschrieben:")
    for path in paths:
        click.echo(f"  {path.as_posix()}")
    if failed:
        click.echo("Prüfung nicht bestanden (Exit-Code 3): siehe Schwerpunktquote bzw. Pauschale oben.",
                   err=True)
    raise SystemExit(exit_code)
