"""`kibericht bericht`: the monthly Berichtspflicht workbook or the annual report."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht.befunde import FEHLER, WARNUNG
from kibericht.cli.common import (
    common_options,
    emit_json,
    open_config,
    parse_zeitraum,
    print_findings,
    trotz_fehlern_option,
)
from kibericht.cli.nachweise import lade_nachweise
from kibericht.zahlen import anzahl, cent, de_prozent, de_zahl

STATUS = {True: "erfüllt", False: "nicht erfüllt", None: "nicht bestimmbar, keine Einträge"}


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
    result = lade_nachweise(eingabe, config, fmt, trotz_fehlern, periode.label, quiet=True,
                            periode=periode)
    # the report modules import matplotlib: only for a report
    from kibericht.ausgabe.arbeitsmappe import write_report
    from kibericht.ausgabe.dokument import bericht_dokument
    from kibericht.regeln.bericht import berechne_bericht

    b = berechne_bericht(result.entries, config, periode, result.rejected, tuple(result.findings),
                         tuple(result.files))
    paths = write_report(ausgabe, b, mit_namen=mit_namen)
    urteil = b.urteil
    if fmt == "json":
        emit_json(bericht_dokument(b, paths))
        raise SystemExit(urteil.exit_code)
    print_findings([f for f in b.findings if f.schwere in (FEHLER, WARNUNG)], err=True, hints=False)
    s = b.summary
    click.echo(f"{'Monatsbericht' if periode.art == 'monat' else 'Jahresbericht'} "
               f"{periode.titel} – {config.name}")
    click.echo(f"  Einträge:              {s.eintraege}")
    click.echo(f"  Stunden:               {de_zahl(s.stunden)}")
    click.echo(f"  davon mit Schwerpunkt: {de_zahl(s.stunden_schwerpunkte)}")
    click.echo(f"  Schwerpunktanteil:     {de_prozent(s.anteil)} "
               f"(Mindestanteil {de_prozent(s.mindestanteil, 0)}: {STATUS[s.erfuellt]})")
    for p in b.foerderung.programme:
        over = " – HÖCHSTBETRAG ÜBERSCHRITTEN" if p.ueberschritten else ""
        click.echo(f"  Pauschale {p.name}:          {de_zahl(cent(p.anspruch))} € Anspruch im Jahr{over}")
    for m in b.meilensteine:
        if m.ist is not None:
            click.echo(f"  Meilenstein {m.schwerpunkt.id} {m.meilenstein.taetigkeit}: {m.ist} von "
                       f"mindestens {m.meilenstein.mindestens} – {m.status}")
    if len(result.rejected):
        click.echo(f"  Nicht gezählt:         {anzahl(len(result.rejected), 'Zeile', 'Zeilen')} mit Fehlern")
    click.echo("Geschrieben:")
    for path in paths:
        click.echo(f"  {path.as_posix()}")
    if not urteil.bestanden:
        click.echo("Prüfung nicht bestanden (Exit-Code 3): siehe Schwerpunktquote bzw. Pauschale oben.",
                   err=True)
    raise SystemExit(urteil.exit_code)
