"""Pure aggregation of validated entries: frames in, frames out, no I/O.

Hours are summed exactly as entered; rounding happens only when a value is shown. The
Schwerpunkt share itself comes from `quote.schwerpunktquote`, the one place that decides it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

import pandas as pd

from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.quote import Quote, schwerpunktquote
from kibericht.regeln.termine import teilnehmende_einmal
from kibericht.schema import load_schema

OHNE_SCHWERPUNKT = "ohne Schwerpunkt"
OHNE_KOMMUNE = "ohne"


@dataclass
class Summary:
    """Everything the report needs about one period."""

    periode: Periode
    eintraege: int
    quote: Quote  # the Schwerpunkt share of the period
    quote_bis_jetzt: Quote  # year to date (for a monthly report; the period itself otherwise)
    nach_schwerpunkt: pd.DataFrame  # index SP id incl. OHNE_SCHWERPUNKT; Stunden, Einträge, Anteil
    schwerpunkt_stelle: pd.DataFrame  # hours, rows: Schwerpunkt, columns: Stelle
    nach_stelle: pd.DataFrame
    nach_taetigkeit: pd.DataFrame
    nach_kommune: pd.DataFrame
    nach_handlungsfeld: pd.DataFrame
    nach_zieldimension: pd.DataFrame
    eintraege_je_monat: dict[str, int]  # over the months of quote_bis_jetzt
    schwerpunkt_monat: pd.DataFrame  # hours, rows: Schwerpunkt, columns: JJJJ-MM
    teilnehmende: int  # Teilnehmende of the period, each Termin once (`termine`)
    taetigkeit_handlungsfeld: pd.DataFrame  # number of entries, rows: Tätigkeit, columns: Handlungsfeld
    taetigkeit_schwerpunkt: pd.DataFrame  # number of entries, rows: Tätigkeit, columns: Schwerpunkt

    @property
    def stunden(self) -> float:
        return self.quote.gesamt.stunden

    @property
    def stunden_schwerpunkte(self) -> float:
        return self.quote.gesamt.stunden_schwerpunkte

    @property
    def anteil(self) -> float | None:
        return self.quote.anteil

    @property
    def erfuellt(self) -> bool | None:
        return self.quote.erfuellt

    @property
    def mindestanteil(self) -> float:
        return self.quote.mindestanteil

    @property
    def anteil_gesamt(self) -> float | None:
        """The share of all hours in all hours, as a Summe row shows it: 1, None without hours."""
        return 1.0 if self.stunden else None


def letzter_monat(entries: pd.DataFrame, jahr: int) -> int:
    """The last month of `jahr` with an entry: 12 for a complete year, 0 without entries.

    An unfinished year is checked up to this month, not into the future."""
    if entries.empty:
        return 0
    monate = entries.loc[entries["datum"].dt.year == jahr, "datum"].dt.month
    return int(monate.max()) if len(monate) else 0


def _month_labels(dates: pd.Series) -> pd.Series:
    """JJJJ-MM per date, formatted once per distinct month (strftime per row is slow)."""
    key = dates.dt.year * 100 + dates.dt.month
    labels = {k: f"{k // 100}-{k % 100:02d}" for k in key.dropna().unique()}
    monate: pd.Series = key.map(labels)
    return monate


def _by(entries: pd.DataFrame, key: pd.Series, order: list[str] | None = None) -> pd.DataFrame:
    total = entries["stunden"].sum()
    frame = pd.DataFrame({"key": key, "stunden": entries["stunden"],
                          "teilnehmende": entries["teilnehmende"]})
    grouped = frame.groupby("key", sort=False).agg(
        stunden=("stunden", "sum"), eintraege=("stunden", "size"),
        teilnehmende=("teilnehmende", "sum"))
    if order is not None:
        extra = [k for k in grouped.index if k not in order]
        grouped = grouped.reindex([*order, *extra])
        grouped[["stunden", "teilnehmende"]] = grouped[["stunden", "teilnehmende"]].fillna(0.0)
        grouped["eintraege"] = grouped["eintraege"].fillna(0).astype(int)
    grouped["anteil"] = grouped["stunden"] / total if total > 0 else None
    return grouped


def _anzahl(rows: pd.DataFrame, key: pd.Series, index: list[str], columns: list[str]) -> pd.DataFrame:
    """Number of entries per Tätigkeit (rows, configured order first) and `key` (columns)."""
    taetigkeit = rows["taetigkeit"]
    index = [*index, *sorted(set(taetigkeit) - set(index))]
    columns = [*columns, *sorted(set(key) - set(columns))]
    if rows.empty:
        return pd.DataFrame(0, index=index, columns=columns)
    return pd.crosstab(taetigkeit, key).reindex(index=index, columns=columns).fillna(0).astype(int)


def summarize(entries: pd.DataFrame, config: KIConfig, periode: Periode) -> Summary:
    """Aggregate the entries of `periode` (entries outside it are ignored)."""
    in_period = entries[periode.mask(entries["datum"])]
    # each Termin's participants once (see `termine`): every participant figure below adds up
    in_period = in_period.assign(teilnehmende=teilnehmende_einmal(in_period))
    ytd_period = periode.bis_jetzt() if periode.art == "monat" else periode
    ytd = entries[ytd_period.mask(entries["datum"])]
    sp_ids = [s.id for s in config.schwerpunkte]
    stellen = [s.id for s in config.stellen]
    schema = load_schema()
    handlungsfelder = list(schema.handlungsfelder)  # in the schema's order
    sp_key = in_period["schwerpunkt"].fillna(OHNE_SCHWERPUNKT)

    nach_sp = _by(in_period, sp_key, [*sp_ids, OHNE_SCHWERPUNKT])
    matrix = pd.crosstab(sp_key, in_period["stelle"], values=in_period["stunden"],
                         aggfunc="sum").reindex(index=[*sp_ids, OHNE_SCHWERPUNKT], columns=stellen) \
        .fillna(0.0) if len(in_period) else \
        pd.DataFrame(0.0, index=[*sp_ids, OHNE_SCHWERPUNKT], columns=stellen)

    nach_stelle = _by(in_period, in_period["stelle"], stellen)
    sp_per_stelle = in_period.loc[in_period["schwerpunkt"].notna()].groupby("stelle")["stunden"].sum()
    nach_stelle["schwerpunkte"] = sp_per_stelle.reindex(nach_stelle.index).fillna(0.0)
    nach_stelle["schwerpunktanteil"] = [sp / h if h > 0 else None for h, sp in
                                        zip(nach_stelle["stunden"], nach_stelle["schwerpunkte"],
                                            strict=True)]

    zd = {s.id: s.zieldimension for s in config.schwerpunkte}
    zd_key = in_period["schwerpunkt"].map(zd).fillna(OHNE_SCHWERPUNKT)
    month_of = _month_labels(in_period["datum"])
    sp_month = pd.crosstab(sp_key, month_of, values=in_period["stunden"], aggfunc="sum") \
        .reindex(index=[*sp_ids, OHNE_SCHWERPUNKT], columns=periode.monate()).fillna(0.0) \
        if len(in_period) else pd.DataFrame(0.0, index=[*sp_ids, OHNE_SCHWERPUNKT],
                                            columns=periode.monate())
    return Summary(
        periode=periode,
        eintraege=len(in_period),
        quote=schwerpunktquote(entries, config, periode),
        quote_bis_jetzt=schwerpunktquote(entries, config, ytd_period),
        nach_schwerpunkt=nach_sp,
        schwerpunkt_stelle=matrix,
        nach_stelle=nach_stelle,
        nach_taetigkeit=_by(in_period, in_period["taetigkeit"], list(config.taetigkeiten)),
        nach_kommune=_by(in_period, in_period["kommune"].fillna(OHNE_KOMMUNE),
                         [*config.kommunen_mit_kreisweit, OHNE_KOMMUNE]),
        nach_handlungsfeld=_by(in_period, in_period["handlungsfeld"], handlungsfelder),
        nach_zieldimension=_by(in_period, zd_key, [*schema.zieldimensionen, OHNE_SCHWERPUNKT]),
        eintraege_je_monat=cast("dict[str, int]", _month_labels(ytd["datum"]).value_counts().to_dict()),
        schwerpunkt_monat=sp_month,
        teilnehmende=int(round(math.fsum(in_period["teilnehmende"].dropna()))),
        taetigkeit_handlungsfeld=_anzahl(in_period, in_period["handlungsfeld"], list(config.taetigkeiten),
                                         handlungsfelder),
        taetigkeit_schwerpunkt=_anzahl(in_period, sp_key, list(config.taetigkeiten),
                                       [*sp_ids, OHNE_SCHWERPUNKT]),
    )
