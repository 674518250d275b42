"""Reading the logs for a use case: compared with the closed months of the Ablage, split by the
report period, and stopped on data errors unless asked to go on.

With a report period, only errors that belong to the period stop the use case (see
`regeln.zuordnung`): errors in rows of other months are named as such and do not block.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding, by_severity, has_errors
from kibericht.konfig import KIConfig
from kibericht.periode import Periode

# re-exported: the application layer imports them from here
from kibericht.regeln.nicht_gezaehlt import NichtGezaehlt as NichtGezaehlt
from kibericht.regeln.nicht_gezaehlt import nicht_gezaehlt as nicht_gezaehlt

if TYPE_CHECKING:  # the core (pandas, pandera, calamine) is imported when logs are read
    from kibericht.ablage.kette import Ablagestand
    from kibericht.ablauf import Fortschrittsmelder, Lesecache, LoadResult


def befunde_json(findings: Iterable[Finding]) -> dict[str, list[dict[str, Any]]]:
    """`{"fehler": […], "warnungen": […], "hinweise": […]}`, each sorted by position."""
    groups = by_severity(findings)
    return {
        "fehler": [f.to_json() for f in groups[FEHLER]],
        "warnungen": [f.to_json() for f in groups[WARNUNG]],
        "hinweise": [f.to_json() for f in groups[HINWEIS]],
    }


@dataclass(frozen=True)
class Nachweise:
    """The logs of a use case: what was read, and the findings split by the report period.

    `eigene` are the findings of the period (all, without a period), `andere` the errors in rows
    of other months (they do not stop the period's work), `leer` the error `zeitraum-leer` when
    the period has no entry at all. `gestoppt`: nothing is computed from these logs (data errors
    of the period without `trotz_fehlern`, or no entry in the period)."""

    ergebnis: LoadResult
    zeitraum: str  # the period as JSON names it („2025-03“, „2025“)
    periode: Periode | None
    eigene: tuple[Finding, ...]
    andere: tuple[Finding, ...] = ()
    leer: Finding | None = None
    trotz_fehlern: bool = False

    @property
    def gestoppt(self) -> bool:
        return self.leer is not None or (has_errors(self.eigene) and not self.trotz_fehlern)

    @property
    def nicht_gezaehlt(self) -> NichtGezaehlt:
        return nicht_gezaehlt(self.ergebnis.rejected, self.ergebnis.findings)

    def stopp_dokument(self) -> dict[str, Any]:
        """The JSON document when the logs stop the use case (exit code 1)."""
        if self.leer is not None:
            return {"zeitraum": self.zeitraum, "eintraege": 0,
                    **befunde_json([self.leer, *self.ergebnis.findings])}
        return {"zeitraum": self.zeitraum, "eintraege": len(self.ergebnis.entries),
                **befunde_json(self.eigene), "fehler_andere_monate": [f.to_json() for f in self.andere]}


def lies_nachweise(eingabe: Sequence[Path | str], config: KIConfig, stand: Ablagestand | None = None,
                   streng: bool = False, fortschritt: Fortschrittsmelder | None = None,
                   cache: Lesecache | None = None) -> LoadResult:
    """The entries of `eingabe`, compared with every closed month of the Ablage.

    The one place where use cases read logs: a changed entry of a closed month is an error at
    its row, and a damaged Ablage an error naming its manifest, whichever use case runs. `stand`:
    the Ablage already read (default: read it from `config.ablage`, manifests only); `streng`:
    also entries of files outside `eingabe` count as removed (`verifizieren`).
    """
    from kibericht.ablage.kette import lies_ablage
    from kibericht.ablauf import load_entries

    if stand is None:
        stand = lies_ablage(config.ablage)
    bereich = None if streng else tuple(str(p) for p in eingabe)
    ablage = stand

    def laden() -> LoadResult:
        return load_entries(list(eingabe), config, fortschritt=fortschritt, abgleich=ablage.abgleich(bereich),
                            cache=cache)

    from kibericht.anwendung.nachweiscache import Nachweiscache, ablage_schluessel

    if isinstance(cache, Nachweiscache):  # the checked entries themselves are kept as well
        result = cache.ergebnis(eingabe, config, ablage_schluessel(stand, bereich), laden)
    else:
        result = laden()
    if not stand.befunde:
        return result
    findings = sorted([*stand.befunde, *result.findings], key=Finding.sort_key)
    return dataclasses.replace(result, findings=findings)


def lade_nachweise(eingabe: Sequence[Path | str], config: KIConfig, zeitraum: str,
                   periode: Periode | None = None, trotz_fehlern: bool = False,
                   stand: Ablagestand | None = None, fortschritt: Fortschrittsmelder | None = None,
                   cache: Lesecache | None = None) -> Nachweise:
    """The logs, split by `periode` (when given); see `Nachweise.gestoppt`. A period without any
    entry stops the use case too (nothing is written)."""
    from kibericht.regeln.zeitraum import leerer_zeitraum
    from kibericht.regeln.zuordnung import fehler_anderer_monate, teile_befunde, zeilen_mit_ort

    result = lies_nachweise(eingabe, config, stand, fortschritt=fortschritt, cache=cache)
    if periode is None:
        return Nachweise(result, zeitraum, None, tuple(result.findings), trotz_fehlern=trotz_fehlern)
    leer = leerer_zeitraum(result.entries, result.rejected, periode, result.files)
    rows = zeilen_mit_ort(result.entries, result.rejected)
    eigene, andere = teile_befunde(result.findings, rows, periode)
    return Nachweise(result, zeitraum, periode, tuple(eigene), tuple(fehler_anderer_monate(andere)), leer,
                     trotz_fehlern)
