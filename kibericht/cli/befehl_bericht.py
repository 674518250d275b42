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
from kibericht.cli.optionen import Pfad, common_options, trotz_fehlern_option
from kibericht.cli.progress import progress_for
from kibericht.cli.tabelle import text_tabelle
from kibericht.zahlen import anzahl, cent, de_prozent, de_zahl


def _wert(value: float | None, art: str) -> str:
    if value is None:
        return "–"
    return {"stunden": de_zahl, "prozent": de_prozent}.get(art, lambda v: de_zahl(v, 0))(value)


@click.command("bericht")
@click.argument("eingabe", nargs=-1, required=False, type=Pfad(path_type=Path))
@common_options
@click.option("--monat", metavar="JJJJ-MM", help="Berichtsmonat, z. B. 2025-03.")
@click.option("--jahr", metavar="JJJJ", help="Berichtsjahr für den Jahresbericht, z. B. 2025.")
@click.option("--ausgabe", type=Pfad(file_okay=False, path_type=Path), required=True,
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
    if ergebnis.oeffentlich:
        _text_oeffentlich(ergebnis)
        return
    from kibericht.ausgabe import texte

    b, config = ergebnis.bericht, ergebnis.config
    assert b is not None
    shown = [f for f in b.findings if f.schwere in (FEHLER, WARNUNG)]
    if shown:
        print_findings(shown, err=True, hints=False)
    s = b.summary
    echo(f"{texte.titel(b)} – {config.name}")
    spalten = b.vergleich.spalten()
    for line in text_tabelle(
            ["", *[h.replace("\n", " ") for h in texte.vergleich_ueberschriften(b)]],
            [[label, *[_wert(texte.wert(k, feld), art) for _, k in spalten]]
             for label, feld, art in texte.KENNZAHLEN]):
        echo(line)
    echo(f"  Schwerpunktquote: {texte.quote_status(s.erfuellt).text} "
         f"(Mindestanteil {de_prozent(s.mindestanteil, 0)})")
    _pauschalen(ergebnis)
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
    _geschrieben(ergebnis)


def _pauschalen(ergebnis: BerichtErgebnis) -> None:
    """The Pauschale of each programme (from ki.toml and the staffing, public in both versions)."""
    b = ergebnis.bericht
    assert b is not None
    monat_nr = ergebnis.periode.start.month if b.monatlich else None
    for p in b.foerderung.programme:
        over = " – HÖCHSTBETRAG ÜBERSCHRITTEN" if p.ueberschritten else ""
        im_monat = f"{de_zahl(cent(p.im_monat(monat_nr)))} € im Monat, " \
                   f"{de_zahl(cent(p.bis_monat(monat_nr)))} € seit Januar, " if monat_nr else ""
        echo(f"  Pauschale {p.name}: {im_monat}{de_zahl(cent(p.anspruch))} € Anspruch im Jahr{over}")


def _geschrieben(ergebnis: BerichtErgebnis) -> None:
    echo("Geschrieben:")
    for path in ergebnis.dateien:
        echo(f"  {path.as_posix()}")
    if ergebnis.urteil is not None and not ergebnis.urteil.bestanden:
        echo("Prüfung nicht bestanden (Exit-Code 3): siehe Schwerpunktquote bzw. Pauschale oben.", err=True)


def _oeffentlich_wert(value: float | str | None, art: str) -> str:
    return value if isinstance(value, str) else _wert(value, art)  # a string is the sign of a withheld figure


def _text_oeffentlich(ergebnis: BerichtErgebnis) -> None:
    """The terminal text of the public version: only what the public report publishes, „.“
    where it withholds a figure (`BerichtErgebnis.oeffentliche_zahlen`, the disclosure control).
    Findings are counted, not shown: they quote rows and values of single Stellen."""
    from kibericht.ausgabe import texte

    b, config = ergebnis.bericht, ergebnis.config
    assert b is not None
    z = ergebnis.oeffentliche_zahlen()
    shown = [f for f in b.findings if f.schwere in (FEHLER, WARNUNG)]
    if shown:
        echo(f"{anzahl(len(shown), 'Befund', 'Befunde')} der Prüfung (Fehler und Warnungen); die "
             "öffentliche Fassung nennt sie nicht. Einzelheiten: kibericht pruefen oder der interne "
             "Bericht.", err=True)
    echo(f"{texte.titel(b)} – {config.name} ({texte.OEFFENTLICH})")
    spalten = [z.kennzahlen(name, k) for name, k in b.vergleich.spalten()]
    for line in text_tabelle(
            ["", *[h.replace("\n", " ") for h in texte.vergleich_ueberschriften(b)]],
            [[label, *[_wert(None, art) if w is None else _oeffentlich_wert(w[feld], art) for w in spalten]]
             for label, feld, art in texte.KENNZAHLEN]):
        echo(line)
    quote = texte.quote_status(b.summary.erfuellt).text if z.quote_offen() else z.ZEICHEN
    echo(f"  Schwerpunktquote: {quote} (Mindestanteil {de_prozent(b.summary.mindestanteil, 0)})")
    _pauschalen(ergebnis)
    for m in b.meilensteine:
        ist, status = z.meilenstein(m)
        if ist is not None:
            echo(f"  Meilenstein {m.schwerpunkt.id} {m.meilenstein.taetigkeit}: {ist} von "
                 f"mindestens {m.meilenstein.mindestens} – {status}")
    echo(f"  {texte.besetzung_am(b.besetzungsstand.stichtag)}: {b.besetzungsstand.text}")
    echo(f"  {z.FUSSNOTE}")
    _geschrieben(ergebnis)
