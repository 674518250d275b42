"""The `bericht` job: from loaded entries to the written report and its JSON summary.

Besides the hours it gathers what Controlling and Finance need on the same sheet of paper: the
Schwerpunkt quota (via `quote`), the milestones of the year up to the end of the period, the
Pauschale of the year and Soll/Ist hours per Stelle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT, Summary, summarize
from kibericht.ausgabe.diagramme import chart_foerderung, chart_soll_ist, png_bytes
from kibericht.konfig.laden import KIConfig
from kibericht.befunde import Finding
from kibericht.regeln.foerderung import Foerderung, berechne_foerderung, cent
from kibericht.regeln.meilensteine import MeilensteinStand, meilensteine_frame, meilensteine_json, meilensteine_stand
from kibericht.periode import Periode
from kibericht.pruefen.pipeline import LoadResult
from kibericht.ausgabe.arbeitsmappe import ReportInput, write_report
from kibericht.regeln.soll_ist import SollIst, berechne_soll_ist
from kibericht.zahlen import de_zahl


def _hours(x: float) -> float:
    return round(float(x) + 0.0, 2)


def _share(x: float | None) -> float | None:
    return None if x is None or pd.isna(x) else round(float(x), 4)


def summary_json(summary: Summary) -> dict:
    """The numbers of the contract's `bericht` document."""
    sp = summary.nach_schwerpunkt
    sp = sp[(sp.index != OHNE_SCHWERPUNKT) & (sp["eintraege"] > 0)]

    def hours_of(frame: pd.DataFrame) -> dict[str, float]:
        return {k: _hours(v) for k, v in frame.loc[frame["eintraege"] > 0, "stunden"].items()}

    return {
        "zeitraum": summary.periode.label,
        "eintraege": summary.eintraege,
        "stunden": _hours(summary.stunden),
        "stunden_schwerpunkte": _hours(summary.stunden_schwerpunkte),
        "schwerpunktanteil": _share(summary.anteil),
        "mindestanteil": summary.mindestanteil,
        "quote_erfuellt": summary.erfuellt,
        "schwerpunktanteil_bis_jetzt": _share(summary.quote_bis_jetzt.anteil),
        "nach_schwerpunkt": {k: _hours(v) for k, v in sp["stunden"].items()},
        "nach_stelle": hours_of(summary.nach_stelle),
        "nach_taetigkeit": hours_of(summary.nach_taetigkeit),
        "nach_kommune": hours_of(summary.nach_kommune),
        "nach_handlungsfeld": hours_of(summary.nach_handlungsfeld),
        "monate": {m.monat: _share(m.werte.anteil) for m in summary.quote_bis_jetzt.monate},
    }


@dataclass
class Controlling:
    """Milestones, funding and Soll/Ist for the period of a report."""

    meilensteine: tuple[MeilensteinStand, ...]
    foerderung: Foerderung
    soll_ist: SollIst


def controlling(entries: pd.DataFrame, config: KIConfig, periode: Periode) -> Controlling:
    jahr = periode.jahr
    if periode.art == "monat":
        monate = [periode.start.month]
    else:
        # an unfinished year: check months up to the last one with entries, not the future
        in_year = entries.loc[entries["datum"].dt.year == jahr, "datum"] if len(entries) else None
        last = int(in_year.dt.month.max()) if in_year is not None and len(in_year) else 12
        monate = list(range(1, last + 1))
    return Controlling(
        meilensteine=meilensteine_stand(entries, config, jahr, stichtag=periode.ende),
        foerderung=berechne_foerderung(config, jahr),
        soll_ist=berechne_soll_ist(entries, config, jahr, monate),
    )


def _overview_lines(c: Controlling) -> list[tuple[str, object, str | None]]:
    lines: list[tuple[str, object, str | None]] = []
    for p in c.foerderung.programme:
        lines.append((f"Pauschale {p.name}: Anspruch {c.foerderung.jahr}", cent(p.anspruch), "euro"))
        if p.hoechstbetrag is not None:
            lines.append((f"Pauschale {p.name}: Höchstbetrag", cent(p.hoechstbetrag), "euro"))
            status = (f"überschritten um {de_zahl(cent(p.ueberschreitung))} €" if p.ueberschritten
                      else "eingehalten")
            lines.append((f"Pauschale {p.name}: Status", status, "status"))
    countable = [m for m in c.meilensteine if m.ist is not None]
    if c.meilensteine:
        counts = {s: sum(1 for m in countable if m.status.startswith(s))
                  for s in ("erreicht", "auf Kurs", "im Verzug")}
        text = (f"{counts['erreicht']} erreicht, {counts['auf Kurs']} auf Kurs, "
                f"{counts['im Verzug']} im Verzug, {len(c.meilensteine) - len(countable)} manuell")
        lines.append(("Meilensteine", ("im Verzug: " if counts["im Verzug"] else "") + text
                      if counts["im Verzug"] else text, "status"))
    return lines


def make_report(result: LoadResult, config: KIConfig, periode: Periode, out_dir: Path,
                mit_namen: bool = False) -> tuple[dict, list[Path], list[Finding]]:
    """Aggregate, write workbook and charts.

    Returns the JSON document (without findings), the written paths and all findings: those of
    the input plus the funding and Soll/Ist warnings of the period."""
    entries = result.entries
    summary = summarize(entries, config, periode)
    c = controlling(entries, config, periode)
    in_period = entries[periode.mask(entries["datum"])] if len(entries) else entries
    rejected = result.rejected
    if len(rejected):
        dates = rejected["datum"]
        rejected = rejected[periode.mask(dates) | dates.isna()]
    findings = [*result.findings, *c.foerderung.findings, *c.soll_ist.findings]
    foerderung_sheet = [
        (f"Pauschale je Stelle und Monat {c.foerderung.jahr} (Anteilsregel: {c.foerderung.regel})",
         c.foerderung.stellen_frame()),
        ("Programme gegen Höchstbetrag", c.foerderung.programme_frame()),
    ]
    stichtag = f"{periode.ende:%d.%m.%Y}"
    caps = {p.name: None if p.hoechstbetrag is None else cent(p.hoechstbetrag)
            for p in c.foerderung.programme}
    data = ReportInput(
        config=config, periode=periode, summary=summary, entries=in_period, rejected=rejected,
        findings=findings, files=result.files, mit_namen=mit_namen,
        extra_sheets=[
            ("Meilensteine", [(f"Meilensteine {periode.jahr}, Stand {stichtag}",
                               meilensteine_frame(c.meilensteine))]),
            ("Förderung", foerderung_sheet),
        ],
        stellen_blocks=[("Soll/Ist-Stunden je Stelle", c.soll_ist.summen_frame()),
                        *([("Soll/Ist je Stelle und Monat", c.soll_ist.frame())]
                          if periode.art != "monat" else [])],
        overview_lines=_overview_lines(c),
        extra_charts={
            "foerderung": png_bytes(chart_foerderung(c.foerderung.kumuliert_frame(), caps,
                                                     c.foerderung.jahr)),
            "soll_ist": png_bytes(chart_soll_ist(c.soll_ist.summen_frame(), periode.titel)),
        },
    )
    paths = write_report(out_dir, data)
    document = summary_json(summary)
    document["meilensteine"] = meilensteine_json(c.meilensteine)
    document["foerderung"] = {
        p.name: {"anspruch": cent(p.anspruch),
                 "hoechstbetrag": None if p.hoechstbetrag is None else cent(p.hoechstbetrag),
                 "foerderfaehig": cent(p.foerderfaehig), "ueberschritten": p.ueberschritten}
        for p in c.foerderung.programme}
    document["dateien"] = [p.name for p in paths]
    return document, paths, findings
