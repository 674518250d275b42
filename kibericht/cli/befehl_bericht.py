"""`kibericht bericht`: the monthly Berichtspflicht workbook or the annual report."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht import anwendung
from kibericht.anwendung import BerichtErgebnis
from kibericht.befunde import FEHLER, WARNUNG
from kibericht.cli.darstellung import (
    echo,
    emit_json,
    ende,
    kopien_text,
    nachweise_gestoppt,
    nachweise_vorab,
    print_findings,
)
from kibericht.cli.optionen import common_options, trotz_fehlern_option
from kibericht.cli.progress import progress_for
from kibericht.cli.tabelle import text_tabelle
from kibericht.zahlen import anzahl, cent, de_prozent, de_zahl


def _wert(value: float | None, art: str) -> str:
    if value is None:
        return "–"
    return {"stunden": de_zahl, "prozent": de_prozent}.get(art, lambda v: de_zahl(v, 0))(value)


@click.command("bericht")
@click.argument("eingabe", nargs=-1, required=False, type=click.Path(path_type=Path))
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
def bericht(eingabe: tuple[Path, ...], config_path: Path, fmt: str, monat: str | None, jahr: str | None,
            ausgabe: Path, trotz_fehlern: bool, mit_namen: bool, oeffentlich: bool) -> int:
    """Erstellt den Monatsbericht (--monat) oder den Jahresbericht (--jahr).

    Schreibt Monatsbericht_JJJJ-MM.xlsx bzw. Jahresbericht_JJJJ.xlsx, dieselbe Übersicht als PDF
    für den Ausschuss (mit Unterschriftsfeld) und die Diagramme als PNG in den Ausgabeordner; mit
    --oeffentlich stattdessen die öffentliche Fassung …_oeffentlich.xlsx/.pdf. Enthalten die
    Einträge des Berichtszeitraums Datenfehler, wird nichts geschrieben (Exit-Code 1), außer mit
    --trotz-fehlern; Fehler in Einträgen anderer Monate werden genannt, verhindern den Bericht
    aber nicht. Ohne EINGABE werden die Nachweise aus [nachweise] ordner in ki.toml gelesen. Der
    Bericht wird auch geschrieben, wenn eine Prüfung nicht bestanden ist; dann
    ist der Exit-Code 3 (Schwerpunktquote im Zeitraum unterschritten oder Höchstbetrag eines
    Programms überschritten). Ein Ausgabeordner in der Ablage wird abgelehnt.

    \b
    Beispiel:
      kibericht bericht nachweise/ --config ki.toml --monat 2025-03 --ausgabe berichte/
      kibericht bericht nachweise/ --config ki.toml --jahr 2025 --ausgabe berichte/
      kibericht bericht nachweise/ --monat 2025-03 --ausgabe ausschuss/ --oeffentlich
    """
    periode = anwendung.zeitraum(monat, jahr, mit_periode=False)
    with progress_for(fmt) as fortschritt:
        ergebnis = anwendung.bericht(eingabe, config_path, periode, ausgabe, trotz_fehlern=trotz_fehlern,
                                     mit_namen=mit_namen, oeffentlich=oeffentlich, fortschritt=fortschritt)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    elif ergebnis.bericht is None:
        nachweise_gestoppt(ergebnis.nachweise)
    else:
        nachweise_vorab(ergebnis.nachweise, quiet=True)
        _text(ergebnis)
    return ende(ergebnis)


def _text(ergebnis: BerichtErgebnis) -> None:
    from kibericht.ausgabe import texte

    b, config = ergebnis.bericht, ergebnis.config
    assert b is not None
    shown = [f for f in b.findings if f.schwere in (FEHLER, WARNUNG)]
    if shown:
        print_findings(shown, err=True, hints=False)
    s = b.summary
    echo(f"{texte.titel(b)} – {config.name}" + (f" ({texte.OEFFENTLICH})" if ergebnis.oeffentlich else ""))
    spalten = b.vergleich.spalten()
    for line in text_tabelle(
            ["", *[h.replace("\n", " ") for h in texte.vergleich_ueberschriften(b)]],
            [[label, *[_wert(texte.wert(k, feld), art) for _, k in spalten]]
             for label, feld, art in texte.KENNZAHLEN]):
        echo(line)
    echo(f"  Schwerpunktquote: {texte.quote_status(s.erfuellt).text} "
         f"(Mindestanteil {de_prozent(s.mindestanteil, 0)})")
    monat_nr = ergebnis.periode.start.month if b.monatlich else None
    for p in b.foerderung.programme:
        over = " – HÖCHSTBETRAG ÜBERSCHRITTEN" if p.ueberschritten else ""
        im_monat = f"{de_zahl(cent(p.im_monat(monat_nr)))} € im Monat, " \
                   f"{de_zahl(cent(p.bis_monat(monat_nr)))} € seit Januar, " if monat_nr else ""
        echo(f"  Pauschale {p.name}: {im_monat}{de_zahl(cent(p.anspruch))} € Anspruch im Jahr{over}")
    for m in b.meilensteine:
        if m.ist is not None:
            echo(f"  Meilenstein {m.schwerpunkt.id} {m.meilenstein.taetigkeit}: {m.ist} von "
                 f"mindestens {m.meilenstein.mindestens} – {m.status}")
    echo(f"  {texte.besetzung_am(b.besetzungsstand.stichtag)}: {b.besetzungsstand.text}")
    ng = ergebnis.nicht_gezaehlt
    if ng.zeilen_mit_fehlern or ng.kopien:
        teile = [anzahl(ng.zeilen_mit_fehlern, "Zeile", "Zeilen") + " mit Fehlern"] if ng.zeilen_mit_fehlern \
            else []
        if ng.kopien:
            teile.append(kopien_text(ng))
        echo(f"  Nicht gezählt: {' und '.join(teile)}")
    echo("Geschrieben:")
    for path in ergebnis.dateien:
        echo(f"  {path.as_posix()}")
    if ergebnis.urteil is not None and not ergebnis.urteil.bestanden:
        echo("Prüfung nicht bestanden (Exit-Code 3): siehe Schwerpunktquote bzw. Pauschale oben.", err=True)
