"""Use cases that evaluate the logs: the report („bericht“, month or year, internal or public),
the Schwerpunkt quota („quote“) and the Pauschale („foerderung“).

Each stops on data errors of its period (exit code 1, the result's `nachweise` says why) unless
`trotz_fehlern`; otherwise its exit code is the verdict's: 0, or 3 when a check failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.anwendung.aufruf import Aufruffehler, ausserhalb_der_ablage, konfiguration, nachweise_eingabe
from kibericht.anwendung.nachweise import Nachweise, NichtGezaehlt, lade_nachweise
from kibericht.befunde import WARNUNG, Finding
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.urteil import EXIT_DATEN, Urteil

if TYPE_CHECKING:
    from kibericht.ablauf import Fortschrittsmelder, Lesecache
    from kibericht.ausgabe.abschnitte_oeffentlich import Zahlen
    from kibericht.regeln.bericht import Bericht
    from kibericht.regeln.foerderung import Foerderung
    from kibericht.regeln.quote import Quote
    from kibericht.regeln.soll_ist import SollIst


@dataclass(frozen=True)
class BerichtErgebnis:
    """A report written (`bericht`, the files in `dateien`, workbook first), or the logs that
    stopped it (`bericht` None, `nachweise.gestoppt`)."""

    config: KIConfig
    periode: Periode
    nachweise: Nachweise
    bericht: Bericht | None = None
    dateien: tuple[Path, ...] = ()
    oeffentlich: bool = False

    @property
    def urteil(self) -> Urteil | None:
        return None if self.bericht is None else self.bericht.urteil

    @property
    def exit_code(self) -> int:
        return EXIT_DATEN if self.bericht is None else self.bericht.urteil.exit_code

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return self.nachweise.eigene if self.bericht is None else self.bericht.findings

    def oeffentliche_zahlen(self) -> Zahlen:
        """The figures the public version publishes, `Zahlen.ZEICHEN` where the disclosure
        control withholds one (for a written report only)."""
        from kibericht.ausgabe.abschnitte_oeffentlich import Zahlen

        if self.bericht is None:
            raise ValueError("no report: the logs stopped it")
        return Zahlen.aus(self.bericht)

    @property
    def nicht_gezaehlt(self) -> NichtGezaehlt:
        """The period's rows left out: with errors, and those of copies of workbooks."""
        from kibericht.anwendung.nachweise import nicht_gezaehlt

        assert self.bericht is not None
        return nicht_gezaehlt(self.bericht.nicht_gezaehlt, self.bericht.findings)

    @property
    def dokument(self) -> dict[str, Any]:
        if self.bericht is None:
            return self.nachweise.stopp_dokument()
        from kibericht.ausgabe.dokument import bericht_dokument

        document = bericht_dokument(self.bericht, list(self.dateien), oeffentlich=self.oeffentlich)
        if self.nicht_gezaehlt.kopien and not self.oeffentlich:  # their file names name people
            document["kopien"] = self.nicht_gezaehlt.kopien_json()
        return document


def bericht(eingabe: Sequence[Path | str], konfig: KIConfig | Path | str, periode: Periode,
            ausgabe: Path | None, *,
            trotz_fehlern: bool = False, mit_namen: bool = False, oeffentlich: bool = False,
            fortschritt: Fortschrittsmelder | None = None, cache: Lesecache | None = None) -> BerichtErgebnis:
    """The monthly (`periode` a month) or annual report (a year) into the folder `ausgabe`:
    workbook, PDF and charts; with `oeffentlich` the public version. Nothing is written when the
    period's entries have data errors (unless `trotz_fehlern`) or the period has no entry, nor
    with `ausgabe` None: then the report value is only computed (a page shows it). Without
    `eingabe`, the folder of `[nachweise] ordner`."""
    if oeffentlich and mit_namen:
        raise Aufruffehler("--mit-namen und --oeffentlich schließen sich aus: die öffentliche Fassung "
                           "enthält nie Namen. Lassen Sie eine der beiden Angaben weg.")
    if periode.art not in ("monat", "jahr"):
        raise Aufruffehler("Ein Bericht gilt für einen Monat oder ein Jahr: --monat JJJJ-MM oder "
                           "--jahr JJJJ.")
    config = konfiguration(konfig)
    if ausgabe is not None:
        ausserhalb_der_ablage(ausgabe, config, "den Bericht")
    eingabe = nachweise_eingabe(eingabe, config,
                                f"kibericht bericht nachweise/ --{periode.art} {periode.label}")
    nachweise = lade_nachweise(eingabe, config, periode.label, periode, trotz_fehlern,
                               fortschritt=fortschritt, cache=cache)
    if nachweise.gestoppt:
        return BerichtErgebnis(config, periode, nachweise, oeffentlich=oeffentlich)
    # the report modules import matplotlib and reportlab: only for a report
    from kibericht.ausgabe.atomar import AusgabeFehler
    from kibericht.ausgabe.berichtsmappe import write_report
    from kibericht.regeln.bericht import berechne_bericht

    result = nachweise.ergebnis
    b = berechne_bericht(result.entries, config, periode, result.rejected, tuple(result.findings),
                         tuple(result.files))
    if ausgabe is None:
        return BerichtErgebnis(config, periode, nachweise, b, (), oeffentlich)
    try:
        paths = write_report(ausgabe, b, mit_namen=mit_namen, oeffentlich=oeffentlich)
    except AusgabeFehler as exc:  # an output that cannot be written is a usage problem
        raise Aufruffehler(exc.meldung, [exc.befund]) from None
    return BerichtErgebnis(config, periode, nachweise, b, tuple(paths), oeffentlich)


@dataclass(frozen=True)
class QuoteErgebnis:
    """The Schwerpunkt share of the period (and for a month the year to date), or the logs that
    stopped it. Exit code 3 when the share is below the minimum."""

    config: KIConfig
    periode: Periode
    nachweise: Nachweise
    quote: Quote | None = None
    bis_jetzt: Quote | None = None  # a month's year to date

    @property
    def urteil(self) -> Urteil | None:
        return None if self.quote is None else Urteil(quote_erfuellt=self.quote.erfuellt)

    @property
    def exit_code(self) -> int:
        return EXIT_DATEN if self.urteil is None else self.urteil.exit_code

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return self.nachweise.eigene

    @property
    def dateien(self) -> tuple[Path, ...]:
        return ()

    @property
    def dokument(self) -> dict[str, Any]:
        if self.quote is None:
            return self.nachweise.stopp_dokument()
        document: dict[str, Any] = self.quote.to_json()
        if self.bis_jetzt is not None:
            ytd = self.bis_jetzt.to_json()
            document["bis_jetzt"] = {k: ytd[k] for k in ("zeitraum", "anteil", "erfuellt")}
        return document


def quote(eingabe: Sequence[Path | str], konfig: KIConfig | Path | str, periode: Periode, *,
          trotz_fehlern: bool = False, fortschritt: Fortschrittsmelder | None = None,
          cache: Lesecache | None = None) -> QuoteErgebnis:
    """The share of hours with a Schwerpunkt in `periode` (a month, a year or the two-year period)
    against `schwerpunkt_mindestanteil`. Without `eingabe`, the folder of `[nachweise] ordner`."""
    config = konfiguration(konfig)
    eingabe = nachweise_eingabe(eingabe, config,
                                f"kibericht quote nachweise/ --{periode.art} {periode.label}")
    nachweise = lade_nachweise(eingabe, config, periode.label, periode, trotz_fehlern,
                               fortschritt=fortschritt, cache=cache)
    if nachweise.gestoppt:
        return QuoteErgebnis(config, periode, nachweise)
    from kibericht.regeln.quote import schwerpunktquote

    entries = nachweise.ergebnis.entries
    bis_jetzt = schwerpunktquote(entries, config, periode.bis_jetzt()) if periode.art == "monat" else None
    return QuoteErgebnis(config, periode, nachweise, schwerpunktquote(entries, config, periode), bis_jetzt)


@dataclass(frozen=True)
class FoerderErgebnis:
    """The Pauschale of a year per Stelle and month and per programme against its cap; with logs
    also Soll/Ist hours and the year's warnings. Exit code 3 when a programme exceeds its cap."""

    config: KIConfig
    jahr: int
    foerderung: Foerderung
    jahres_befunde: tuple[Finding, ...] = ()  # of the rules of the year (`regeln.register.JAHR`)
    nachweise: Nachweise | None = None  # None: no logs given
    soll_ist: SollIst | None = None

    @property
    def gestoppt(self) -> bool:
        return self.nachweise is not None and self.nachweise.gestoppt

    @property
    def urteil(self) -> Urteil | None:
        if self.gestoppt:
            return None
        return Urteil(ueberschritten=tuple(p.name for p in self.foerderung.ueberschritten))

    @property
    def exit_code(self) -> int:
        return EXIT_DATEN if self.urteil is None else self.urteil.exit_code

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return (*self.jahres_befunde, *(self.nachweise.eigene if self.nachweise else ()))

    @property
    def warnungen(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.befunde if f.schwere == WARNUNG)

    @property
    def dateien(self) -> tuple[Path, ...]:
        return ()

    @property
    def dokument(self) -> dict[str, Any]:
        if self.gestoppt:
            assert self.nachweise is not None
            return self.nachweise.stopp_dokument()
        document = self.foerderung.to_json()
        document["warnungen"] = [f.to_json() for f in self.warnungen]
        document["regel"] = self.foerderung.regel
        if self.soll_ist is not None:
            document["soll_ist"] = self.soll_ist.to_json()
        return document


def foerderung(konfig: KIConfig | Path | str, jahr: int, eingabe: Sequence[Path | str] = (), *,
               trotz_fehlern: bool = False, fortschritt: Fortschrittsmelder | None = None,
               cache: Lesecache | None = None) -> FoerderErgebnis:
    """The funding of `jahr` from the configuration; with logs (`eingabe`) also Soll/Ist hours
    and warnings for funded Stellen without hours and hours in vacant months (checked up to the
    last month with entries). Without `eingabe`, the folder of `[nachweise] ordner` where one is
    configured."""
    from kibericht.regeln.aggregation import letzter_monat
    from kibericht.regeln.foerderung import berechne_foerderung
    from kibericht.regeln.kontext import Jahresdaten
    from kibericht.regeln.register import JAHR, pruefe
    from kibericht.regeln.soll_ist import berechne_soll_ist

    config = konfiguration(konfig)
    eingabe = nachweise_eingabe(eingabe, config, f"kibericht foerderung nachweise/ --jahr {jahr}",
                                pflicht=False)
    ergebnis = berechne_foerderung(config, jahr)
    if not eingabe:
        return FoerderErgebnis(config, jahr, ergebnis, tuple(pruefe(JAHR, Jahresdaten(config, jahr))))
    nachweise = lade_nachweise(eingabe, config, str(jahr), trotz_fehlern=trotz_fehlern,
                               fortschritt=fortschritt, cache=cache)
    if nachweise.gestoppt:
        return FoerderErgebnis(config, jahr, ergebnis, nachweise=nachweise)
    entries = nachweise.ergebnis.entries
    monate = tuple(range(1, letzter_monat(entries, jahr) + 1))
    jahres_befunde = tuple(pruefe(JAHR, Jahresdaten(config, jahr, monate, entries)))
    return FoerderErgebnis(config, jahr, ergebnis, jahres_befunde, nachweise,
                           berechne_soll_ist(entries, config, jahr, monate))
