"""kibericht's use cases as a library: the layer every face (the command line, the web app, a
script of the state's coordination office) calls.

One function per use case, each taking typed parameters and returning one frozen result:

=================  ======================================================  ===========================
use case           function                                                result
=================  ======================================================  ===========================
check              `pruefen(eingabe, konfig, markiert=None)`                 `PruefErgebnis`
report             `bericht(eingabe, konfig, periode, ausgabe, …)`          `BerichtErgebnis`
quota              `quote(eingabe, konfig, periode, …)`                     `QuoteErgebnis`
funding            `foerderung(konfig, jahr, eingabe=(), …)`                `FoerderErgebnis`
template           `vorlage(konfig, jahr, ausgabe, stelle=None, …)`         `VorlageErgebnis`
close a month      `abschliessen(eingabe, konfig, periode, …)`              `AbschlussErgebnis`
reopen a month     `wiedereroeffnen(konfig, periode, grund)`                `WiedereroeffnungsErgebnis`
verify the Ablage  `verifizieren(konfig, eingabe=(), ablage=None, …)`       `VerifikationsErgebnis`
check a Prüfcode   `pruefcode_verifizieren(konfig, pruefcode, …)`           `PruefcodeVerifikation`
Meldung            `melden(konfig, periode, ausgabe=None, …)`               `MeldungErgebnis`
year overview      `uebersicht(eingabe, konfig, jahr=None, …)`              `UebersichtErgebnis`
settings           `einstellungen(datei)`                                   `EinstellungsErgebnis`
Landesübersicht    `zusammenfassen(meldungen, ausgabe, speicher=None, …)`   `ZusammenfassungsErgebnis`
=================  ======================================================  ===========================

Every result has `exit_code` (0 fine · 1 data errors, or stopped by them · 3 a check failed),
`dokument` (the JSON document of the command line, the same bytes when rendered with
`json.dumps(…, ensure_ascii=False, indent=2)`), `dateien` (the files written) and `befunde`, plus
the domain values a page renders from (`BerichtErgebnis.bericht`, `QuoteErgebnis.quote`, …).
A use case that reads logs and is stopped by their data errors returns its result with the
domain value None and `nachweise.gestoppt` true (exit code 1); `nachweise` says why.

**Usage problems are one exception.** A problem with the call itself — a period that cannot be
read, a configuration with errors, an output folder inside the Ablage or that is a file, a
month already closed or not yet over, a missing reason, a locked Ablage — raises
`Aufruffehler` (exit code 2) with German `meldung` and `befunde`; nothing was done. Nothing in
this layer prints, exits or imports click.

**Parameters.** `konfig` is a `KIConfig` or the path of ki.toml; `periode` a `Periode` (parse
text with `zeitraum`, `monat`, `jahr`); `eingabe` files or folders of logs. `fortschritt` is
called with a `Fortschritt` for each step and each file read (from the calling thread).
`cache` is a `Lesecache`: pass the same one to a later call and only files changed since are
read again (default: none, every file is read); a `Nachweiscache` also keeps the checked entries,
for a face that asks several use cases about the same logs. `eingabe` may be empty: then the
logs are those of `[nachweise] ordner` in ki.toml (`aufruf.nachweise_eingabe`). A face that keeps
results compares `datenstand(…)` to know when they no longer hold; `nach_datei` and
`nach_stelle` group findings as a KI office looks at them::

    from kibericht.anwendung import abschliessen, monat
    ergebnis = abschliessen(["nachweise/"], "ki.toml", monat("2025-03"))
    ergebnis.exit_code, ergebnis.urteil.bestanden, ergebnis.pruefsumme

Importing this package loads neither pandas nor any reader or writer: they come with the first
use case that needs them. The functions keep no state between calls (only a `Lesecache` passed
in does); two closings of the same Ablage exclude each other through its lock, also across
processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kibericht.anwendung.aufruf import Aufruffehler, jahr, monat, zeitraum
from kibericht.anwendung.auswertung import (
    BerichtErgebnis,
    FoerderErgebnis,
    QuoteErgebnis,
    bericht,
    foerderung,
    quote,
)
from kibericht.anwendung.befundorte import Befundgruppe, nach_datei, nach_stelle
from kibericht.anwendung.datenstand import Datenstand, datenstand
from kibericht.anwendung.einstellungen import EinstellungsErgebnis, einstellungen
from kibericht.anwendung.jahresuebersicht import Monatszeile, UebersichtErgebnis, uebersicht
from kibericht.anwendung.meldung import MeldungErgebnis, melden
from kibericht.anwendung.monatsabschluss import (
    AbschlussErgebnis,
    WiedereroeffnungsErgebnis,
    abschliessen,
    wiedereroeffnen,
)
from kibericht.anwendung.nachweise import Nachweise, NichtGezaehlt
from kibericht.anwendung.pruefung import PruefErgebnis, pruefen
from kibericht.anwendung.verifikation import (
    PruefcodeVerifikation,
    VerifikationsErgebnis,
    pruefcode_verifizieren,
    verifizieren,
)
from kibericht.anwendung.vorlagen import VorlageErgebnis, vorlage
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.urteil import (
    EXIT_ABGEBROCHEN,
    EXIT_AUFRUF,
    EXIT_DATEN,
    EXIT_OK,
    EXIT_PRUEFUNG,
    Urteil,
)

if TYPE_CHECKING:
    from kibericht.ablauf import Fortschritt, Lesecache
    from kibericht.anwendung.nachweiscache import Nachweiscache
    from kibericht.anwendung.zusammenfassung import ZusammenfassungsErgebnis, zusammenfassen


def __getattr__(name: str) -> object:
    """`Fortschritt`, `Lesecache` and `Nachweiscache` live with the reading of logs (`ablauf`, which
    needs pandas), the state's use case `zusammenfassen` with the Meldungen (`land`): imported on
    first use."""
    if name in ("Fortschritt", "Lesecache"):
        from kibericht import ablauf

        return getattr(ablauf, name)
    if name == "Nachweiscache":
        from kibericht.anwendung import nachweiscache

        return nachweiscache.Nachweiscache
    if name in ("zusammenfassen", "ZusammenfassungsErgebnis"):
        from kibericht.anwendung import zusammenfassung

        return getattr(zusammenfassung, name)
    raise AttributeError(name)


__all__ = [
    "EXIT_ABGEBROCHEN", "EXIT_AUFRUF", "EXIT_DATEN", "EXIT_OK", "EXIT_PRUEFUNG", "KIConfig", "Urteil",
    "AbschlussErgebnis", "Aufruffehler", "BerichtErgebnis", "FoerderErgebnis", "Fortschritt", "Lesecache",
    "MeldungErgebnis", "Nachweise", "NichtGezaehlt", "Periode", "PruefErgebnis", "PruefcodeVerifikation",
    "QuoteErgebnis", "VerifikationsErgebnis", "ZusammenfassungsErgebnis", "zusammenfassen", "Befundgruppe",
    "Datenstand", "EinstellungsErgebnis", "Monatszeile", "Nachweiscache", "UebersichtErgebnis", "datenstand",
    "einstellungen", "nach_datei", "nach_stelle", "uebersicht",
    "VorlageErgebnis", "WiedereroeffnungsErgebnis", "abschliessen", "bericht", "foerderung", "jahr",
    "melden", "monat", "pruefcode_verifizieren", "pruefen", "quote", "verifizieren", "vorlage",
    "wiedereroeffnen", "zeitraum",
]

