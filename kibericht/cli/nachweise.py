"""Reading the logs for a command: compared with the closed months of the Ablage, and for a
compliance command stopped on data errors unless --trotz-fehlern.

With a report period, only errors that belong to the period stop the command (see
`regeln.zuordnung`): errors in rows of other months are named as such and do not block.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kibericht.befunde import FEHLER, WARNUNG, Finding, by_severity, has_errors
from kibericht.cli.common import emit_json, findings_json, print_findings
from kibericht.cli.progress import progress_for
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.urteil import EXIT_DATEN
from kibericht.zahlen import anzahl

if TYPE_CHECKING:  # the core (pandas, pandera, calamine) is imported when logs are read
    from kibericht.ablage.kette import Ablagestand
    from kibericht.ablauf import LoadResult


def lies_nachweise(eingabe: tuple[Path, ...], config: KIConfig, fmt: str,
                   stand: Ablagestand | None = None, streng: bool = False) -> LoadResult:
    """The entries of `eingabe`, compared with every closed month of the Ablage.

    The one place where commands read logs: a changed entry of a closed month is an error at
    its row, and a damaged Ablage an error naming its manifest, whichever command runs. `stand`:
    the Ablage already read (default: read it from `config.ablage`, manifests only); `streng`:
    also entries of files outside `eingabe` count as removed (`verifizieren`).
    """
    from kibericht.ablage.kette import lies_ablage
    from kibericht.ablauf import load_entries

    if stand is None:
        stand = lies_ablage(config.ablage)
    bereich = None if streng else tuple(str(p) for p in eingabe)
    with progress_for(fmt) as progress:
        result = load_entries(list(eingabe), config, progress=progress, abgleich=stand.abgleich(bereich))
    if not stand.befunde:
        return result
    findings = sorted([*stand.befunde, *result.findings], key=Finding.sort_key)
    return dataclasses.replace(result, findings=findings)


def lade_nachweise(eingabe: tuple[Path, ...], config: KIConfig, fmt: str, trotz_fehlern: bool,
                   zeitraum: str, quiet: bool = False, periode: Periode | None = None,
                   stand: Ablagestand | None = None, abbruch: str | None = None) -> LoadResult:
    """The validated entries; with data errors (and no --trotz-fehlern) the findings, then exit 1.
    With `periode`, a period without any entry is such an error too (nothing is written).

    On stdout nothing but JSON in JSON mode: the errors then form the document
    `{"zeitraum", "eintraege", "fehler", "warnungen", "hinweise"}`. `abbruch`: the sentence that
    says what was not done (default: no evaluation, or use --trotz-fehlern).
    """
    from kibericht.regeln.zeitraum import leerer_zeitraum
    from kibericht.regeln.zuordnung import fehler_anderer_monate, teile_befunde, zeilen_mit_ort

    result = lies_nachweise(eingabe, config, fmt, stand)
    leer = leerer_zeitraum(result.entries, result.rejected, periode, result.files) if periode else None
    if leer is not None:
        if fmt == "json":
            emit_json({"zeitraum": zeitraum, "eintraege": 0,
                       **findings_json([leer, *result.findings])})
        else:
            if has_errors(result.findings):
                print_findings([f for f in result.findings if f.schwere == FEHLER], err=True, hints=False)
            click.echo(f"Keine Auswertung: {leer.meldung}", err=True)
        raise SystemExit(EXIT_DATEN)
    eigene, andere = result.findings, []
    if periode is not None:
        rows = zeilen_mit_ort(result.entries, result.rejected)
        eigene, andere = teile_befunde(result.findings, rows, periode)
        andere = fehler_anderer_monate(andere)
    groups = by_severity(eigene)
    if has_errors(eigene) and not trotz_fehlern:
        if fmt == "json":
            emit_json({"zeitraum": zeitraum, "eintraege": len(result.entries),
                       **findings_json(eigene), "fehler_andere_monate": [f.to_json() for f in andere]})
        else:
            print_findings(eigene, err=True, hints=False)
            _andere_monate(andere, periode)
            click.echo(abbruch or f"Keine Auswertung: {len(groups[FEHLER])} Fehler in den Eingaben"
                       + (f" für {periode.titel}" if periode is not None and andere else "")
                       + ". Korrigieren Sie die genannten Zellen (oder nutzen Sie --trotz-fehlern).",
                       err=True)
        raise SystemExit(EXIT_DATEN)
    if fmt == "text":
        _andere_monate(andere, periode)
    if fmt == "text" and not quiet and (groups[FEHLER] or groups[WARNUNG]):
        click.echo(f"Hinweis: {len(groups[FEHLER])} Fehler und "
                   f"{anzahl(len(groups[WARNUNG]), 'Warnung', 'Warnungen')} in den Nachweisen"
                   + (f"; {anzahl(len(result.rejected), 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} "
                      "nicht gezählt" if len(result.rejected) else "")
                   + ". Einzelheiten: kibericht pruefen.", err=True)
    return result


def _andere_monate(andere: list[Finding], periode: Periode | None) -> None:
    """Errors in rows of other months: listed, but they do not stop the report of `periode`."""
    if not andere or periode is None:
        return
    click.echo(f"{anzahl(len(andere), 'Fehler', 'Fehler')} in Einträgen anderer Monate (verhindern den "
               f"Bericht für {periode.titel} nicht; sie fehlen in den Vergleichswerten, bis sie "
               "korrigiert sind):", err=True)
    for f in andere:
        click.echo(f"  {f.render()}", err=True)
