"""The `bericht` job: from loaded entries to the written report and its JSON summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kibericht.aggregate import OHNE_SCHWERPUNKT, Summary, summarize
from kibericht.config import KIConfig
from kibericht.periode import Periode
from kibericht.pipeline import LoadResult
from kibericht.report import ReportInput, write_report


def _hours(x: float) -> float:
    return round(float(x) + 0.0, 2)


def _share(x: float | None) -> float | None:
    return None if x is None or pd.isna(x) else round(float(x), 4)


def summary_json(summary: Summary) -> dict:
    """The numbers of the contract's `bericht` document."""
    sp = summary.nach_schwerpunkt
    sp = sp[(sp.index != OHNE_SCHWERPUNKT) & (sp["eintraege"] > 0)]
    stellen = summary.nach_stelle[summary.nach_stelle["eintraege"] > 0]
    taet = summary.nach_taetigkeit[summary.nach_taetigkeit["eintraege"] > 0]
    kom = summary.nach_kommune[summary.nach_kommune["eintraege"] > 0]
    return {
        "zeitraum": summary.periode.label,
        "eintraege": summary.eintraege,
        "stunden": _hours(summary.stunden),
        "stunden_schwerpunkte": _hours(summary.stunden_schwerpunkte),
        "schwerpunktanteil": _share(summary.anteil),
        "mindestanteil": summary.mindestanteil,
        "quote_erfuellt": summary.erfuellt,
        "schwerpunktanteil_bis_jetzt": _share(summary.anteil_bis_jetzt),
        "nach_schwerpunkt": {k: _hours(v) for k, v in sp["stunden"].items()},
        "nach_stelle": {k: _hours(v) for k, v in stellen["stunden"].items()},
        "nach_taetigkeit": {k: _hours(v) for k, v in taet["stunden"].items()},
        "nach_kommune": {k: _hours(v) for k, v in kom["stunden"].items()},
        "nach_handlungsfeld": {k: _hours(v) for k, v in summary.nach_handlungsfeld["stunden"].items()
                               if summary.nach_handlungsfeld.loc[k, "eintraege"] > 0},
        "monate": {m: _share(a) for m, a in summary.monate["anteil"].items()},
    }


def make_report(result: LoadResult, config: KIConfig, periode: Periode, out_dir: Path,
                mit_namen: bool = False) -> tuple[dict, list[Path]]:
    """Aggregate, write workbook and charts; return (JSON document without findings, paths)."""
    entries = result.entries
    summary = summarize(entries, config, periode)
    in_period = entries[periode.mask(entries["datum"])] if len(entries) else entries
    rejected = result.rejected
    if len(rejected):
        dates = rejected["datum"]
        rejected = rejected[periode.mask(dates) | dates.isna()]
    data = ReportInput(config=config, periode=periode, summary=summary, entries=in_period,
                       rejected=rejected, findings=result.findings, files=result.files,
                       mit_namen=mit_namen)
    paths = write_report(out_dir, data)
    document = summary_json(summary)
    document["dateien"] = [p.name for p in paths]
    return document, paths


