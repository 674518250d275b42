"""How the commands show results: text on the terminal (escaped, any console encoding) or one
JSON document on stdout.

Every line of text goes through `echo`, which shows control and bidi characters from the input
escaped (`befunde.sichtbar`): a cell value can neither move the cursor nor reverse a line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

import click

from kibericht.anwendung import Nachweise, NichtGezaehlt
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding, by_severity, count_codes, sichtbar
from kibericht.dateinamen import lesbar
from kibericht.periode import Periode
from kibericht.zahlen import anzahl

SCHWERE_WORT = {FEHLER: ("Fehler", "Fehler"), WARNUNG: ("Warnung", "Warnungen"),
                HINWEIS: ("Hinweis", "Hinweise")}


def echo(text: str = "", err: bool = False) -> None:
    """One line (or a message of several lines) on stdout or stderr, control characters escaped."""
    click.echo(sichtbar(text, zeilen=True), err=err)


def ende(ergebnis: Any) -> int:
    """A command's exit code, after the warnings of its configuration (`KIConfig.befunde`: IDs
    that look alike …) on stderr, so that JSON on stdout stays one document."""
    config = getattr(ergebnis, "config", None)
    for f in getattr(config, "befunde", ()):
        echo(f.render(), err=True)
    return int(ergebnis.exit_code)


def emit_json(document: dict[str, Any]) -> None:
    """One JSON document on stdout, UTF-8, nothing else."""
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.buffer.write(lesbar(text).encode("utf-8") + b"\n")  # file names the system could not decode
    sys.stdout.flush()


def print_findings(findings: Iterable[Finding], err: bool = False, hints: bool = True) -> None:
    """Every finding as `datei:blatt:zeile: schwere [code] meldung`, then counts per kind."""
    findings = list(findings)
    groups = by_severity(findings)
    shown = [*groups[FEHLER], *groups[WARNUNG], *(groups[HINWEIS] if hints else [])]
    for f in shown:
        echo(f.render(), err=err)
    counts = count_codes(findings)
    if counts:
        echo("", err=err)
        echo("Zusammenfassung der Befunde:", err=err)
        for (schwere, code), n in sorted(counts.items(), key=lambda kv: (
                [FEHLER, WARNUNG, HINWEIS].index(kv[0][0]), kv[0][1])):
            echo(f"  {n:>5} × {schwere} [{code}]", err=err)
    totals = ", ".join(anzahl(len(groups[s]), *SCHWERE_WORT[s]) for s in (FEHLER, WARNUNG, HINWEIS))
    echo(totals, err=err)


def kopien_text(n: NichtGezaehlt) -> str:
    """„1 Kopie mit 341 Zeilen“ (or several): the copies of workbooks left out of the count."""
    return f"{anzahl(len(n.kopien), 'Kopie', 'Kopien')} mit {anzahl(n.zeilen_in_kopien, 'Zeile', 'Zeilen')}"


def andere_monate(andere: Iterable[Finding], periode: Periode | None) -> None:
    """Errors in rows of other months: listed, but they do not stop the work on `periode`."""
    andere = list(andere)
    if not andere or periode is None:
        return
    echo(f"{anzahl(len(andere), 'Fehler', 'Fehler')} in Einträgen anderer Monate (verhindern den "
         f"Bericht für {periode.titel} nicht; sie fehlen in den Vergleichswerten, bis sie "
         "korrigiert sind):", err=True)
    for f in andere:
        echo(f"  {f.render()}", err=True)


def nachweise_gestoppt(n: Nachweise, abbruch: str | None = None) -> None:
    """Why the logs stopped the command (exit code 1): their errors, then what was not done."""
    if n.leer is not None:
        if any(f.schwere == FEHLER for f in n.ergebnis.findings):
            print_findings([f for f in n.ergebnis.findings if f.schwere == FEHLER], err=True, hints=False)
        echo(f"Keine Auswertung: {n.leer.meldung}", err=True)
        return
    fehler = by_severity(n.eigene)[FEHLER]
    print_findings(n.eigene, err=True, hints=False)
    andere_monate(n.andere, n.periode)
    echo(abbruch or f"Keine Auswertung: {len(fehler)} Fehler in den Eingaben"
         + (f" für {n.periode.titel}" if n.periode is not None and n.andere else "")
         + ". Korrigieren Sie die genannten Zellen (oder nutzen Sie --trotz-fehlern).", err=True)


def nachweise_vorab(n: Nachweise, quiet: bool = False) -> None:
    """Before a command's result: errors of other months, and (unless `quiet`) how many errors
    and warnings the logs have and what was not counted."""
    andere_monate(n.andere, n.periode)
    groups = by_severity(n.eigene)
    if quiet or not (groups[FEHLER] or groups[WARNUNG]):
        return
    ng = n.nicht_gezaehlt
    nicht = [anzahl(ng.zeilen_mit_fehlern, "fehlerhafte Zeile", "fehlerhafte Zeilen")] \
        if ng.zeilen_mit_fehlern else []
    if ng.kopien:
        nicht.append(kopien_text(ng))
    echo(f"Hinweis: {len(groups[FEHLER])} Fehler und "
         f"{anzahl(len(groups[WARNUNG]), 'Warnung', 'Warnungen')} in den Nachweisen"
         + (f"; {' und '.join(nicht)} nicht gezählt" if nicht else "")
         + ". Einzelheiten: kibericht pruefen.", err=True)


def ablage_beschaedigt(befunde: Iterable[Finding], nichts: str) -> None:
    """A damaged Ablage stopped a command: its findings, then what was not done (`nichts`, e.g.
    „Nichts abgelegt“) and how to repair it."""
    befunde = list(befunde)
    print_findings(befunde, err=True, hints=False)
    fehler = by_severity(befunde)[FEHLER]
    echo(f"{nichts}: die Ablage hat {len(fehler)} Fehler. Stellen Sie sie aus der Sicherung wieder her "
         "(Einzelheiten: kibericht verifizieren).", err=True)
