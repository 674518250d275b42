"""`kibericht bericht`: the monthly Berichtspflicht workbook or the annual report."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht.befunde import FEHLER, WARNUNG
from kibericht.cli.common import (
    UsageError,
    common_options,
    emit_json,
    open_config,
    parse_zeitraum,
    print_findings,
    trotz_fehlern_option,
)
from kibericht.cli.nachweise import lade_nachweise
from kibericht.cli.tabelle import text_tabelle
from kibericht.zahlen import anzahl, cent, de_prozent, de_zahl


def _wert(value, art: str) -> str:
    if value is None:
        return "–"
    return {"stunden": de_zahl, "prozent": de_prozent}.get(art, lambda v: de_zahl(v, 0))(value)


@click.command("bericht")
@click.argument("eingabe", nargs=-1, required=True, type=click.Path(path_type=Path))
@common_options
@click.option("--monat", metavar="JJJJ-MM", help="Berichtsmonat, z. B. 2025-03.")
@click.option("--jahr", metavar="JJJJ", help="Berichtsjahr für den Jahresbericht, z. B. 2025.")
@click.option("--ausgabe", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Ordner, in den Arbeitsmappe und Diagramme geschrieben werden.")
@trotz_fehlern_option
@click.option("--mit-namen", is_flag=True, help="Namen der Mitarbeitenden im Blatt Daten zeigen.")
@click.option("--oeffentlich", is_flag=True,
              help="Öffentliche Fassung für Ausschuss und Veröffentlichung: ohne Zahlen je Stelle, ohne "
                   "Blatt Daten und ohne Namen; Stellen nur nach Art zusammengefasst.")
def bericht(eingabe, config_path, fmt, monat, jahr, ausgabe, trotz_fehlern, mit_namen, oeffentlich) -> None:
    """Erstellt den Monatsbericht (--monat) oder den Jahresbericht (--jahr).

    Schreibt Monatsbericht_JJJJ-MM.xlsx bzw. Jahresbericht_JJJJ.xlsx, dieselbe Übersicht als PDF
    für den Ausschuss (mit Unterschriftsfeld) und die Diagramme als PNG in den Ausgabeordner; mit
    --oeffentlich stattdessen die öffentliche Fassung …_oeffentlich.xlsx/.pdf. Enthalten die
    Einträge des Berichtszeitraums Datenfehler, wird nichts geschrieben (Exit-Code 1), außer mit
    --trotz-fehlern; Fehler in Einträgen anderer Monate werden genannt, verhindern den Bericht
    aber nicht. Der Bericht wird auch geschrieben, wenn eine Prüfung nicht bestanden ist; dann
    ist der Exit-Code 3 (Schwerpunktquote im Zeitraum unterschritten oder Höchstbetrag eines
    Programms überschritten).

    \b
    Beispiel:
      kibericht bericht nachweise/ --config ki.toml --monat 2025-03 --ausgabe berichte/
      kibericht bericht nachweise/ --config ki.toml --jahr 2025 --ausgabe berichte/
      kibericht bericht nachweise/ --monat 2025-03 --ausgabe ausschuss/ --oeffentlich
    """
    if oeffentlich and mit_namen:
        raise UsageError("--mit-namen und --oeffentlich schließen sich aus: die öffentliche Fassung enthält "
                         "nie Namen. Lassen Sie eine der beiden Angaben weg.")
    periode = parse_zeitraum(monat, jahr, mit_periode=False)
    config = open_config(config_path)
    result = lade_nachweise(eingabe, config, fmt, trotz_fehlern, periode.label, quiet=True,
                            periode=periode)
    # the report modules import matplotlib and reportlab: only for a report
    from kibericht.ausgabe import texte
    from kibericht.ausgabe.berichtsmappe import write_report
    from kibericht.ausgabe.dokument import bericht_dokument
    from kibericht.regeln.bericht import berechne_bericht

    b = berechne_bericht(result.entries, config, periode, result.rejected, tuple(result.findings),
                         tuple(result.files))
    paths = write_report(ausgabe, b, mit_namen=mit_namen, oeffentlich=oeffentlich)
    urteil = b.urteil
    if fmt == "json":
        emit_json(bericht_dokument(b, paths))
        raise SystemExit(urteil.exit_code)
    shown = [f for f in b.findings if f.schwere in (FEHLER, WARNUNG)]
    if shown:
        print_findings(shown, err=True, hints=False)
    s = b.summary
    click.echo(f"{texte.titel(b)} – {config.name}" + (f" ({texte.OEFFENTLICH})" if oeffentlich else ""))
    spalten = b.vergleich.spalten()
    for line in text_tabelle(
            ["", *[h.replace("\n", " ") for h in texte.vergleich_ueberschriften(b)]],
            [[label, *[_wert(texte.wert(k, feld), art) for _, k in spalten]]
             for label, feld, art in texte.KENNZAHLEN]):
        click.echo(line)
    click.echo(f"  Schwerpunktquote: {texte.quote_status(s.erfuellt).text} "
               f"(Mindestanteil {de_prozent(s.mindestanteil, 0)})")
    monat_nr = periode.start.month if b.monatlich else None
    for p in b.foerderung.programme:
        over = " – HÖCHSTBETRAG ÜBERSCHRITTEN" if p.ueberschritten else ""
        im_monat = f"{de_zahl(cent(p.im_monat(monat_nr)))} € im Monat, " \
                   f"{de_zahl(cent(p.bis_monat(monat_nr)))} € seit Januar, " if monat_nr else ""
        click.echo(f"  Pauschale {p.name}: {im_monat}{de_zahl(cent(p.anspruch))} € Anspruch im Jahr{over}")
    for m in b.meilensteine:
        if m.ist is not None:
            click.echo(f"  Meilenstein {m.schwerpunkt.id} {m.meilenstein.taetigkeit}: {m.ist} von "
                       f"mindestens {m.meilenstein.mindestens} – {m.status}")
    click.echo(f"  {texte.besetzung_am(b.besetzungsstand.stichtag)}: {b.besetzungsstand.text}")
    if len(b.nicht_gezaehlt):
        click.echo(f"  Nicht gezählt: {anzahl(len(b.nicht_gezaehlt), 'Zeile', 'Zeilen')} mit Fehlern")
    click.echo("Geschrieben:")
    for path in paths:
        click.echo(f"  {path.as_posix()}")
    if not urteil.bestanden:
        click.echo("Prüfung nicht bestanden (Exit-Code 3): siehe Schwerpunktquote bzw. Pauschale oben.",
                   err=True)
    raise SystemExit(urteil.exit_code)
