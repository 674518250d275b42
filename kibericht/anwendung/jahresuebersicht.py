"""Use case „übersicht“: the KI's year at a glance, month by month — the entries, the hours, the
Schwerpunkt share against the minimum, the findings that concern the month, and whether it is
closed in the Ablage::

    ergebnis = uebersicht(["nachweise/"], "ki.toml")           # the year of the newest entry
    [(m.monat, m.eintraege, m.anteil, m.fehler, m.abgeschlossen) for m in ergebnis.monate]

Each figure is the one the other use cases give for the same logs: hours, Schwerpunkt hours,
share and Fehlstunden of a month are those of `quote` for the year (its months) and for the
month; a month's errors and warnings are those that belong to its report (`regeln.zuordnung`:
the findings `bericht --monat` and `quote --monat` would stop on or list), so a finding about a
whole workbook concerns every month, and the months' counts do not add up to the year's; the
year's counts are those of `pruefen` (every finding of the logs). Entries are the valid entries
dated in the month (rows with errors are not counted, as in the report).

Unlike `quote` and `bericht`, the overview never stops on data errors: it shows the figures of
the valid entries and says, per month, how many errors keep the month's report from being made.
Exit code 1 when the logs have errors, else 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.anwendung.aufruf import anzeige, konfiguration, nachweise_eingabe
from kibericht.anwendung.nachweise import lies_nachweise
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding, has_errors
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK
from kibericht.zahlen import anteil_wert, stunden_wert

if TYPE_CHECKING:
    from kibericht.ablage.kette import Ablagestand
    from kibericht.ablauf import Fortschrittsmelder, Lesecache, LoadResult
    from kibericht.regeln.quote import Quote


@dataclass(frozen=True)
class Monatszeile:
    """One month of the overview."""

    monat: str  # JJJJ-MM
    eintraege: int  # valid entries dated in the month
    stunden: float
    stunden_schwerpunkte: float
    anteil: float | None  # None: no hours
    erfuellt: bool | None  # None: no hours, neither met nor failed
    fehlstunden: float  # Schwerpunkt hours missing to the minimum
    fehler: int  # errors that belong to the month's report (and stop it)
    warnungen: int
    abschluss_nr: int | None  # the number of its closing in the Ablage; None: open
    wiedereroeffnet: bool  # reopened and not closed again

    @property
    def abgeschlossen(self) -> bool:
        return self.abschluss_nr is not None

    def to_json(self) -> dict[str, Any]:
        return {"monat": self.monat, "eintraege": self.eintraege, "stunden": stunden_wert(self.stunden),
                "stunden_schwerpunkte": stunden_wert(self.stunden_schwerpunkte),
                "anteil": anteil_wert(self.anteil), "erfuellt": self.erfuellt,
                "fehlstunden": stunden_wert(self.fehlstunden), "fehler": self.fehler,
                "warnungen": self.warnungen, "abgeschlossen": self.abgeschlossen,
                "abschluss_nr": self.abschluss_nr, "wiedereroeffnet": self.wiedereroeffnet}


@dataclass(frozen=True)
class UebersichtErgebnis:
    """The overview of `jahr`: its months, the year's quota, the logs and the Ablage it was
    made from, and the years the logs have entries in."""

    config: KIConfig
    jahr: int
    nachweise: LoadResult
    quote: Quote
    monate: tuple[Monatszeile, ...]
    ablage: Ablagestand
    jahre: tuple[int, ...]

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return tuple(self.nachweise.findings)

    @property
    def exit_code(self) -> int:
        return EXIT_DATEN if has_errors(self.befunde) else EXIT_OK

    @property
    def dateien(self) -> tuple[Path, ...]:
        return ()

    def anzahl(self, schwere: str) -> int:
        return sum(f.schwere == schwere for f in self.befunde)

    @property
    def dokument(self) -> dict[str, Any]:
        q = self.quote
        return {"ki": self.config.name, "jahr": self.jahr, "jahre": list(self.jahre),
                "dateien": len(self.nachweise.files),
                "eintraege": sum(m.eintraege for m in self.monate),
                "stunden": stunden_wert(q.gesamt.stunden),
                "stunden_schwerpunkte": stunden_wert(q.gesamt.stunden_schwerpunkte),
                "anteil": anteil_wert(q.anteil), "mindestanteil": q.mindestanteil, "erfuellt": q.erfuellt,
                "fehler": self.anzahl(FEHLER), "warnungen": self.anzahl(WARNUNG),
                "hinweise": self.anzahl(HINWEIS), "monate": [m.to_json() for m in self.monate],
                "ablage": anzeige(self.ablage.ordner), "letzte_pruefsumme": self.ablage.kopf}


def _jahre(result: LoadResult) -> tuple[int, ...]:
    daten = result.entries["datum"].dropna()
    return tuple(sorted({int(j) for j in daten.dt.year.unique()}))


def uebersicht(eingabe: Sequence[Path | str], konfig: KIConfig | Path | str, jahr: int | None = None, *,
               fortschritt: Fortschrittsmelder | None = None, cache: Lesecache | None = None,
               heute: dt.date | None = None) -> UebersichtErgebnis:
    """The overview of `jahr` (default: the year of the newest valid entry; without entries the
    current year, `heute`). Without `eingabe`, the folder of `[nachweise] ordner`."""
    from kibericht.ablage.kette import lies_ablage
    from kibericht.ablage.manifest import ABSCHLUSS
    from kibericht.regeln.quote import schwerpunktquote
    from kibericht.regeln.zuordnung import teile_befunde, zeilen_mit_ort

    config = konfiguration(konfig)
    eingabe = nachweise_eingabe(eingabe, config, "kibericht web nachweise/")
    stand = lies_ablage(config.ablage)
    result = lies_nachweise(eingabe, config, stand, fortschritt=fortschritt, cache=cache)
    jahre = _jahre(result)
    if jahr is None:
        jahr = jahre[-1] if jahre else (heute or dt.date.today()).year
    periode = Periode.parse_jahr(jahr)
    quote = schwerpunktquote(result.entries, config, periode)
    entries = result.entries
    im_jahr = entries.loc[entries["datum"].dt.year == jahr, "datum"]
    je_monat = im_jahr.dt.month.value_counts().to_dict()
    rows = zeilen_mit_ort(result.entries, result.rejected)
    letzte_art: dict[str, tuple[int, str]] = {}
    for g in stand.glieder:
        letzte_art[g.monat] = (g.nr, g.art)
    monate = []
    for m in quote.monate:
        eigene, _ = teile_befunde(result.findings, rows, Periode.parse_monat(m.monat))
        glied = stand.geschlossen.get(m.monat)
        letzte = letzte_art.get(m.monat)
        monate.append(Monatszeile(
            m.monat, int(je_monat.get(int(m.monat[5:]), 0)), m.werte.stunden, m.werte.stunden_schwerpunkte,
            m.werte.anteil, m.werte.erfuellt(m.mindestanteil), m.fehlstunden,
            sum(f.schwere == FEHLER for f in eigene), sum(f.schwere == WARNUNG for f in eigene),
            None if glied is None else glied.nr,
            glied is None and letzte is not None and letzte[1] != ABSCHLUSS))
    return UebersichtErgebnis(config, jahr, result, quote, tuple(monate), stand, jahre)
