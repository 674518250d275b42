"""Charts for the report (matplotlib, German labels), readable when printed in a committee paper.

Each function takes aggregated values and returns a matplotlib Figure; `png_bytes` renders it
without timestamps so the same data gives the same bytes. Figures are created without pyplot
and drawn under the module's own style (`STIL`), so importing this module changes no global
matplotlib state.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kibericht.periode import MONATSKURZ
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT, Summary
from kibericht.regeln.bericht import Bericht
from kibericht.zahlen import cent, de_zahl

PALETTE = ["#1f4e79", "#2e86c1", "#76b7e5", "#f39c12", "#8e44ad", "#16a085", "#c0392b",
           "#7f8c8d", "#d35400", "#27ae60", "#34495e", "#e67e22"]
GREY = "#bdbdbd"
SIZE = (8.3, 4.6)

STIL = {
    "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.spines.top": False,
    "axes.spines.right": False, "svg.hashsalt": "kibericht", "axes.formatter.use_locale": False,
}


def _figure() -> tuple[Figure, object]:
    fig = Figure(figsize=SIZE)
    return fig, fig.subplots()


_HOURS = FuncFormatter(lambda x, _: de_zahl(x, 0))


def _empty(ax, text: str = "Keine Einträge im Zeitraum") -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONATSKURZ[int(month) - 1]} {year[2:]}"


MAX_BARS = 20


def _largest_columns(matrix: pd.DataFrame) -> pd.DataFrame:
    """At most MAX_BARS columns: the largest, the rest summed as „übrige“ (a chart stays readable
    for a Kreis with hundreds of Stellen)."""
    totals = matrix.sum()
    totals = totals[totals > 0]
    if len(totals) <= MAX_BARS:
        return matrix[[c for c in matrix.columns if c in totals.index]]
    keep = [c for c in matrix.columns if c in totals.nlargest(MAX_BARS - 1).index]
    rest = [c for c in totals.index if c not in keep]
    out = matrix[keep].copy()
    out[f"übrige ({len(rest)})"] = matrix[rest].sum(axis=1)
    return out


def chart_schwerpunkte_stellen(summary: Summary) -> Figure:
    """Hours per Stelle, stacked by Schwerpunkt (grey: without Schwerpunkt)."""
    fig, ax = _figure()
    matrix = _largest_columns(summary.schwerpunkt_stelle)
    stellen = list(matrix.columns)
    if not stellen:
        _empty(ax)
    else:
        left = pd.Series(0.0, index=stellen)
        for i, sp in enumerate(matrix.index):
            values = matrix.loc[sp, stellen]
            if values.sum() == 0:
                continue
            color = GREY if sp == OHNE_SCHWERPUNKT else PALETTE[i % len(PALETTE)]
            ax.barh(stellen, values, left=left, color=color, label=sp, edgecolor="white")
            left += values
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(_HOURS)
        ax.set_xlabel("Stunden")
        ax.legend(loc="lower right", fontsize=8, frameon=False, ncol=2)
    ax.set_title(f"Stunden nach Stelle und Schwerpunkt – {summary.periode.titel}")
    fig.tight_layout()
    return fig


def chart_schwerpunktanteil(summary: Summary) -> Figure:
    """Schwerpunkt share per month against the minimum line; months without entries marked."""
    fig, ax = _figure()
    months = summary.quote_bis_jetzt.monate
    labels = [_month_label(m.monat) for m in months]
    anteile = [m.werte.anteil for m in months]
    shares = [s if s is not None else 0.0 for s in anteile]
    minimum = summary.mindestanteil
    colors = [GREY if m.werte.anteil is None else ("#c62828" if m.unterschritten else "#2e7d32")
              for m in months]
    ax.bar(labels, shares, color=colors)
    for x, share in enumerate(anteile):
        text = "keine\nEinträge" if share is None else de_zahl(share * 100, 1) + " %"
        ax.text(x, (share or 0) + 0.015, text, ha="center", va="bottom", fontsize=8)
    ax.axhline(minimum, color="#333333", linestyle="--", linewidth=1.2)
    ax.text(-0.45, minimum, f" Mindestanteil {de_zahl(minimum * 100, 0)} % ", ha="left", va="center",
            fontsize=8, bbox={"facecolor": "white", "edgecolor": "#333333", "linewidth": 0.6})
    ax.set_ylim(0, 1.08)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{de_zahl(x * 100, 0)} %"))
    ax.set_ylabel("Anteil der Stunden mit Schwerpunkt")
    ax.set_title("Schwerpunktanteil je Monat")
    fig.tight_layout()
    return fig


def chart_hours(frame: pd.DataFrame, title: str) -> Figure:
    """Horizontal bars of hours per category (Tätigkeit, Kommune …), largest on top."""
    fig, ax = _figure()
    data = frame["stunden"]
    data = data[data > 0].sort_values()
    if data.empty:
        _empty(ax)
    else:
        bars = ax.barh([str(i) for i in data.index], data.values, color=PALETTE[1])
        for bar, value in zip(bars, data.values, strict=True):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + de_zahl(value, 2),
                    va="center", fontsize=8)
        ax.xaxis.set_major_formatter(_HOURS)
        ax.set_xlabel("Stunden")
        ax.margins(x=0.12)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def chart_foerderung(kumuliert: pd.DataFrame, caps: dict[str, float | None], jahr: int) -> Figure:
    """Cumulative entitlement per programme over the year against its cap."""
    fig, ax = _figure()
    if kumuliert.empty or not len(kumuliert.columns):
        _empty(ax, "Keine geförderten Stellen")
    for i, name in enumerate(kumuliert.columns):
        color = PALETTE[i % len(PALETTE)]
        ax.plot(list(kumuliert.index), kumuliert[name], marker="o", color=color,
                label=f"{name}: Anspruch kumuliert")
        cap = caps.get(name)
        if cap:
            ax.axhline(cap, color=color, linestyle="--", linewidth=1.2)
            ax.text(0, cap, f" Höchstbetrag {name}: {de_zahl(cap, 0)} € ", va="bottom", fontsize=8,
                    color=color)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{de_zahl(x, 0)} €"))
    ax.set_ylim(bottom=0)
    if len(kumuliert.columns):
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(f"Pauschale kumuliert je Programm – {jahr}")
    fig.tight_layout()
    return fig


def chart_soll_ist(frame: pd.DataFrame, titel: str) -> Figure:
    """Soll and Ist hours per Stelle side by side (Stellen without Soll show Ist only)."""
    fig, ax = _figure()
    if len(frame) > MAX_BARS:
        frame = frame.nlargest(MAX_BARS, "Ist")
        titel = f"{titel} (die {MAX_BARS} Stellen mit den meisten Stunden)"
    if frame.empty:
        _empty(ax)
    else:
        x = list(range(len(frame)))
        soll = frame["Soll"].astype(float).fillna(0.0)
        ax.bar([i - 0.2 for i in x], soll, width=0.4, color=GREY, label="Soll")
        ax.bar([i + 0.2 for i in x], frame["Ist"], width=0.4, color=PALETTE[0], label="Ist")
        ax.set_xticks(x, list(frame["Stelle"]))
        ax.yaxis.set_major_formatter(_HOURS)
        ax.set_ylabel("Stunden")
        ax.legend(fontsize=8, frameon=False)
    ax.set_title(f"Soll/Ist-Stunden je Stelle – {titel}")
    fig.tight_layout()
    return fig


def report_charts(bericht: Bericht) -> dict[str, Callable[[], Figure]]:
    """The charts of a report, by the name used in the PNG file name (each drawn when called)."""
    summary = bericht.summary
    titel = summary.periode.titel
    foerderung = bericht.foerderung
    caps = {p.name: None if p.hoechstbetrag is None else cent(p.hoechstbetrag)
            for p in foerderung.programme}
    return {
        "schwerpunkte_stellen": lambda: chart_schwerpunkte_stellen(summary),
        "schwerpunktanteil": lambda: chart_schwerpunktanteil(summary),
        "taetigkeiten": lambda: chart_hours(summary.nach_taetigkeit, f"Stunden nach Tätigkeit – {titel}"),
        "kommunen": lambda: chart_hours(summary.nach_kommune, f"Stunden nach Kommune – {titel}"),
        "foerderung": lambda: chart_foerderung(foerderung.kumuliert_frame(), caps, foerderung.jahr),
        "soll_ist": lambda: chart_soll_ist(bericht.soll_ist.summen_frame(), titel),
    }


def png_bytes(draw: Callable[[], Figure]) -> bytes:
    """The chart `draw()` returns, as PNG without a timestamp or software tag (deterministic
    bytes), drawn and saved under `STIL`."""
    with matplotlib.rc_context(STIL):
        fig = draw()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()
