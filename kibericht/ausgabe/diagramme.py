"""Charts for the report (matplotlib, German labels), readable when printed in a committee paper.

Each function takes aggregated values and returns a matplotlib Figure; `png_bytes` renders it
without timestamps so the same data gives the same bytes. Figures are created without pyplot
and drawn under the module's own style (`STIL`), so importing this module changes no global
matplotlib state.

Printed in black and white and read by colour-blind members of a committee, the charts must not
depend on hue: Schwerpunkte have colours of the Okabe–Ito palette (safe for the common kinds of
colour blindness) with clearly different grey levels *and* each its own hatching; "ohne
Schwerpunkt" is a very light grey without hatching; a month that meets the minimum share is a
solid dark bar marked „✓“, one below it a hatched light bar marked „✗“; the legend names each
Schwerpunkt with its (shortened) title.

matplotlib is imported only after `matplotlib_ordner.vorbereiten()`: charts are drawn without a
word on stderr even where HOME is read-only.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.matplotlib_ordner import vorbereiten
from kibericht.periode import MONATSKURZ
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.geheimhaltung import FUSSNOTE, ZEICHEN
from kibericht.regeln.tabellen import groesste_spalten
from kibericht.zahlen import cent, de_prozent, de_zahl

vorbereiten()  # before matplotlib is imported: its folder, and no English warning on stderr

import matplotlib  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"]
# (colour, hatching) per Schwerpunkt; grey levels 87, 162, 106, 151, 159, 119, 214, 0 and
# hatchings that tell the neighbours apart where the grey levels are close
SCHWERPUNKT_STIL = [("#0072b2", ""), ("#e69f00", "///"), ("#009e73", "..."), ("#cc79a7", "xxx"),
                    ("#56b4e9", "\\\\\\"), ("#d55e00", "+++"), ("#f0e442", "ooo"), ("#666666", "---")]
OHNE_STIL = ("#e8e8e8", "")
DUNKEL = "#0072b2"
ERFUELLT = ("#0072b2", "")
VERFEHLT = ("#f5c9a6", "////")
KANTE = "#333333"
SIZE = (8.3, 4.6)
TITEL_LAENGE = 44

STIL = {
    "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.spines.top": False,
    "axes.spines.right": False, "svg.hashsalt": "kibericht", "axes.formatter.use_locale": False,
    "hatch.linewidth": 0.8, "hatch.color": KANTE,
}


def kurztitel(titel: str, laenge: int = TITEL_LAENGE) -> str:
    """A Schwerpunkt title shortened for a legend, cut at a word: „Verbesserung der …“."""
    if len(titel) <= laenge:
        return titel
    cut = titel[: laenge - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–(")
    return cut + " …"


def schwerpunkt_stil(i: int, sp: str) -> tuple[str, str]:
    return OHNE_STIL if sp == OHNE_SCHWERPUNKT else SCHWERPUNKT_STIL[i % len(SCHWERPUNKT_STIL)]


def _figure() -> tuple[Figure, object]:
    fig = Figure(figsize=SIZE)
    FigureCanvasAgg(fig)  # a renderer to measure labels with before the chart is saved
    return fig, fig.subplots()


def _ganze_zahlen(axis) -> None:
    """An axis of counts, hours or euros: ticks on whole numbers only, shown without decimals (no
    tick label twice, as „1 1 2 2“ where ticks fall on halves)."""
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda x, _: de_zahl(x, 0)))


def _kreuzt(ax, text: Text, andere: list[Text]) -> bool:
    """Whether `text` (as drawn) crosses a line of the axes (plotted lines and reference lines)
    or one of the texts `andere`."""
    renderer = ax.figure.canvas.get_renderer()
    box = text.get_window_extent(renderer).padded(2)
    for line in ax.lines:
        if line.get_visible() and line.get_transform().transform_path(line.get_path()).intersects_bbox(
                box, filled=False):
            return True
    return any(box.overlaps(t.get_window_extent(renderer)) for t in andere if t is not text)


def _frei_setzen(ax, text: Text, lagen: list[Callable[[Text], None]], andere: list[Text]) -> None:
    """Move `text` to the first of `lagen` (each sets its position) where it crosses no line and
    no other text; where none is free, the first, on a white ground that hides the line."""
    for lage in lagen:
        lage(text)
        if not _kreuzt(ax, text, andere):
            return
    lagen[0](text)
    text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.5})


def _empty(ax, text: str = texte.KEINE_EINTRAEGE) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def _month_label(key: str) -> str:
    """„Mär“ for "2025-03": the year stands in the chart's title."""
    return MONATSKURZ[int(key[5:]) - 1]


MAX_BARS = 20  # bars of a chart; the smallest beyond are summed as „übrige“


def chart_schwerpunkte_stellen(matrix: pd.DataFrame, titel: str, sp_titel: dict[str, str],
                               achse: str = "Stelle") -> Figure:
    """Hours per Stelle (or per group of Stellen), stacked by Schwerpunkt, each with its colour
    and hatching; the legend says „SP1 – <title>“."""
    fig, ax = _figure()
    matrix = groesste_spalten(matrix, MAX_BARS, texte.UEBRIGE)
    stellen = [str(c) for c in matrix.columns]
    if not stellen:
        _empty(ax)
    else:
        left = pd.Series(0.0, index=matrix.columns)
        for i, sp in enumerate(matrix.index):
            values = matrix.loc[sp]
            if values.sum() == 0:
                continue
            color, hatch = schwerpunkt_stil(i, sp)
            label = sp if sp == OHNE_SCHWERPUNKT else f"{sp} – {kurztitel(sp_titel.get(sp, sp))}"
            ax.barh(stellen, values.to_numpy(), left=left.to_numpy(), color=color, hatch=hatch, label=label,
                    edgecolor=KANTE, linewidth=0.6)
            left += values
        ax.invert_yaxis()
        _ganze_zahlen(ax.xaxis)
        ax.set_xlabel("Stunden")
        ax.set_ylabel(achse)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8, frameon=False, ncol=2)
    ax.set_title(texte.diagramm_schwerpunkte(achse, titel))
    fig.tight_layout()
    return fig


def chart_schwerpunktanteil(months, minimum: float, titel: str) -> Figure:
    """Schwerpunkt share per month against the minimum line: a month that meets it is a solid
    dark bar marked „✓“, one below it a hatched light bar marked „✗“; months without entries
    say so. `months` are `quote.Monatsquote`s."""
    fig, ax = _figure()
    labels = [_month_label(m.monat) for m in months]
    anteile = [m.werte.anteil for m in months]
    for x, m in enumerate(months):
        if m.werte.anteil is None or _geheim(m.werte.anteil):
            continue
        color, hatch = VERFEHLT if m.unterschritten else ERFUELLT
        ax.bar(x, m.werte.anteil, color=color, hatch=hatch, edgecolor=KANTE, linewidth=0.6, width=0.7)
    ax.axhline(minimum, color=KANTE, linestyle="--", linewidth=1.2)
    beschriftungen = []
    for x, (share, m) in enumerate(zip(anteile, months, strict=True)):
        if _geheim(share):
            text, share = ZEICHEN, None  # kept secret: no bar, the sign of official statistics
        elif share is None:
            text = "keine\nEinträge"
        else:
            text = ("✗ " if m.unterschritten else "✓ ") + de_zahl(share * 100, 1) + " %"
        beschriftungen.append(ax.annotate(text, (x, share or 0), xytext=(0, 3), textcoords="offset points",
                                          ha="center", va="bottom", fontsize=8 if len(months) < 7 else 7))
    ax.set_xticks(range(len(labels)), labels)
    ax.set_xlim(-0.6, max(len(labels), 2) - 0.4)
    handles = [Patch(facecolor=c, hatch=h, edgecolor=KANTE, label=label) for (c, h), label in (
        (ERFUELLT, texte.LEGENDE_ERREICHT), (VERFEHLT, texte.LEGENDE_VERFEHLT))]
    handles.append(Line2D([], [], color=KANTE, linestyle="--", linewidth=1.2,
                          label=f"{texte.MINDESTANTEIL} {de_zahl(minimum * 100, 0)} %"))
    ax.legend(handles=handles, loc="upper right", fontsize=8, frameon=False, ncol=3,
              bbox_to_anchor=(1.0, 1.0))
    ax.set_ylim(0, 1.15)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{de_zahl(x * 100, 0)} %"))
    ax.set_ylabel("Anteil der Stunden mit Schwerpunkt")
    ax.set_title(texte.diagramm_anteil(titel))
    fig.tight_layout()
    # a label that would be struck through by the minimum's line stands just above it
    for beschriftung in beschriftungen:
        x = beschriftung.xy[0]
        _frei_setzen(ax, beschriftung, [lambda t: None, lambda t, x=x: setattr(t, "xy", (x, minimum))], [])
    return fig


def chart_hours(frame: pd.DataFrame, title: str, spalte: str = "stunden",
                einheit: str = "Stunden") -> Figure:
    """Horizontal bars of hours (or of the number of entries: `spalte="eintraege"`) per category
    (Tätigkeit, Kommune …), largest on top, each labelled with its value."""
    fig, ax = _figure()
    ganzzahl = spalte != "stunden"
    data = frame[spalte]
    # a figure kept secret (public version) has no bar, only „.“, below the others
    geheim = [str(i) for i, v in data.items() if _geheim(v)]
    data = data[[not _geheim(v) for v in data]].astype(float)
    data = data[data > 0].sort_values()
    if data.empty and not geheim:
        _empty(ax)
    else:
        if geheim:
            for bar in ax.barh(geheim, [0.0] * len(geheim), color=DUNKEL):
                ax.text(0, bar.get_y() + bar.get_height() / 2, f" {ZEICHEN}", va="center", fontsize=8)
        bars = ax.barh([str(i) for i in data.index], data.values, color=DUNKEL, edgecolor=KANTE,
                       linewidth=0.6)
        for bar, value in zip(bars, data.values, strict=True):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                    " " + (de_zahl(value, 0) if ganzzahl else de_zahl(value, 2)), va="center", fontsize=8)
        if geheim:
            ax.text(1.0, -0.1, FUSSNOTE, transform=ax.transAxes, ha="right", va="top", fontsize=7,
                    color="#555555")
        _ganze_zahlen(ax.xaxis)
        ax.set_xlabel(einheit)
        ax.margins(x=0.12)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def chart_foerderung(kumuliert: pd.DataFrame, caps: dict[str, float | None], jahr: int,
                     monat: int | None = None) -> Figure:
    """Cumulative entitlement per programme over the year against its cap; a monthly report
    marks its month with the amount reached."""
    fig, ax = _figure()
    if kumuliert.empty or not len(kumuliert.columns):
        _empty(ax, texte.KEINE_GEFOERDERTEN)
    beschriftungen = []  # (text, where it may stand)
    letzter = len(kumuliert.index) - 1
    for i, name in enumerate(kumuliert.columns):
        color = PALETTE[i % len(PALETTE)]
        ax.plot(list(range(len(kumuliert.index))), kumuliert[name], marker="osD^v"[i % 5], color=color,
                linestyle=["-", "-.", ":", (0, (5, 1))][i % 4], label=f"{name}: Anspruch kumuliert")
        cap = caps.get(name)
        if cap:
            ax.axhline(cap, color=color, linestyle="--", linewidth=1.2)
            text = ax.annotate(f"Höchstbetrag {name}: {de_zahl(cap, 0)} €", (0, cap), fontsize=8, color=color,
                               xytext=(2, 2), textcoords="offset points", va="bottom")
            beschriftungen.append((text, [_lage((0, cap), (2, 2), "left", "bottom"),
                                          _lage((letzter, cap), (-2, 2), "right", "bottom"),
                                          _lage((0, cap), (2, -3), "left", "top"),
                                          _lage((letzter, cap), (-2, -3), "right", "top"),
                                          _lage((letzter / 2, cap), (0, 2), "center", "bottom"),
                                          _lage((letzter / 2, cap), (0, -3), "center", "top")]))
    if monat is not None and len(kumuliert.columns):
        ax.axvline(monat - 1, color=KANTE, linestyle=":", linewidth=1)
        for name in kumuliert.columns:
            wert = kumuliert[name].iloc[monat - 1]
            punkt = (monat - 1, wert)
            text = ax.annotate(f"bis {MONATSKURZ[monat - 1]}: {de_zahl(wert)} €", punkt, fontsize=8,
                               xytext=(6, -12), textcoords="offset points")
            beschriftungen.append((text, [_lage(punkt, (6, -4), "left", "top"),
                                          _lage(punkt, (-6, 4), "right", "bottom"),
                                          _lage(punkt, (-6, -4), "right", "top"),
                                          _lage(punkt, (6, 4), "left", "bottom")]))
    ax.set_xticks(range(len(kumuliert.index)), list(kumuliert.index))
    _ganze_zahlen(ax.yaxis)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{de_zahl(x, 0)} €"))
    ax.set_ylim(bottom=0, top=None if kumuliert.to_numpy().any() or any(caps.values()) else 1)
    if len(kumuliert.columns):
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(texte.diagramm_foerderung(jahr))
    fig.tight_layout()
    # labels clear of every line and of each other: „Höchstbetrag“ is never crossed by the
    # entitlement's line or the month's, wherever they run
    gesetzt: list[Text] = []
    for text, lagen in beschriftungen:
        _frei_setzen(ax, text, lagen, gesetzt)
        gesetzt.append(text)
    return fig


def _lage(xy: tuple[float, float], versatz: tuple[float, float], ha: str, va: str) -> Callable[[Text], None]:
    """A place for an annotation: at `xy` (data), moved by `versatz` points, so aligned."""
    def setzen(text) -> None:
        text.xy = xy
        text.set_position(versatz)
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
    return setzen


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
        ax.bar([i - 0.2 for i in x], soll, width=0.4, color="#f2f2f2", hatch="///", edgecolor=KANTE,
               linewidth=0.6, label="Soll")
        ax.bar([i + 0.2 for i in x], frame["Ist"], width=0.4, color=DUNKEL, edgecolor=KANTE, linewidth=0.6,
               label="Ist")
        ax.set_xticks(x, list(frame["Stelle"]))
        _ganze_zahlen(ax.yaxis)
        ax.set_ylabel("Stunden")
        ax.legend(fontsize=8, frameon=False)
    ax.set_title(texte.soll_ist(titel))
    fig.tight_layout()
    return fig


def _geheim(wert) -> bool:
    return isinstance(wert, str) and wert == ZEICHEN


@dataclass(frozen=True)
class Diagramm:
    """A chart of a report: its file-name key, its alt text, and how to draw it."""

    name: str
    beschreibung: str
    zeichnen: Callable[[], Figure]


def _verlauf_text(months, minimum: float) -> str:
    teile = [f"{texte.monat_titel(m.monat)} {de_prozent(m.werte.anteil)}"
             + ("" if m.werte.anteil is None else " (unter Mindestanteil)" if m.unterschritten
                else " (erreicht)")
             for m in months]
    return f"Mindestanteil {de_prozent(minimum, 0)}; " + "; ".join(teile)


def _top(frame: pd.DataFrame, spalte: str, n: int = 5, ganzzahl: bool = False) -> str:
    data = frame[spalte]
    data = data[data > 0].sort_values(ascending=False).head(n)
    return "; ".join(f"{k} {de_zahl(v, 0) if ganzzahl else de_zahl(v)}" for k, v in data.items()) or "keine"


def report_charts(bericht: Bericht, oeffentlich: bool = False) -> list[Diagramm]:
    """The charts of a report in the order they are shown; the public report has no chart per
    Stelle or group of Stellen and shows its figures as published (`_oeffentliche_charts`)."""
    if oeffentlich:
        return _oeffentliche_charts(bericht)
    summary = bericht.summary
    titel = bericht.titel
    sp_titel = {sp.id: sp.titel for sp in bericht.config.schwerpunkte}
    months = list(bericht.quote_monate)
    minimum = summary.mindestanteil
    sp_text = "; ".join(f"{sp} {de_zahl(h)} h" for sp, h in summary.nach_schwerpunkt["stunden"].items()
                        if h > 0)
    charts = [Diagramm(
        "schwerpunktanteil",
        f"Säulendiagramm: Schwerpunktanteil je Monat, {titel}. {_verlauf_text(months, minimum)}.",
        lambda: chart_schwerpunktanteil(months, minimum, titel))]
    if oeffentlich:
        matrix = bericht.gruppen.schwerpunkt_gruppe
        charts.append(Diagramm(
            "schwerpunkte_gruppen",
            f"Balkendiagramm: Stunden nach Stellengruppe und Schwerpunkt, {titel}. {sp_text}.",
            lambda: chart_schwerpunkte_stellen(matrix, titel, sp_titel, achse="Stellengruppe")))
    else:
        charts.append(Diagramm(
            "schwerpunkte_stellen",
            f"Balkendiagramm: Stunden nach Stelle und Schwerpunkt, {titel}. {sp_text}.",
            lambda: chart_schwerpunkte_stellen(summary.schwerpunkt_stelle, titel, sp_titel)))
    charts += [
        Diagramm("anzahl", f"Balkendiagramm: Anzahl der Tätigkeiten, {titel}. "
                 f"{_top(summary.nach_taetigkeit, 'eintraege', 10, True)}.",
                 lambda: chart_hours(summary.nach_taetigkeit, texte.diagramm_anzahl(titel),
                                     spalte="eintraege", einheit="Anzahl")),
        Diagramm("taetigkeiten", f"Balkendiagramm: Stunden nach Tätigkeit, {titel}. "
                 f"{_top(summary.nach_taetigkeit, 'stunden', 10)}.",
                 lambda: chart_hours(summary.nach_taetigkeit, texte.diagramm_taetigkeiten(titel))),
        Diagramm("kommunen", f"Balkendiagramm: Stunden nach Kommune, {titel}. "
                 f"{_top(summary.nach_kommune, 'stunden', 12)}.",
                 lambda: chart_hours(summary.nach_kommune, texte.diagramm_kommunen(titel))),
        _foerderung_diagramm(bericht),
    ]
    if not oeffentlich:
        charts.append(Diagramm(
            "soll_ist", f"Säulendiagramm: Soll- und Ist-Stunden je Stelle, {titel}.",
            lambda: chart_soll_ist(bericht.soll_ist.summen_frame(), titel)))
    return charts


@dataclass(frozen=True)
class _Werte:
    stunden: object
    stunden_schwerpunkte: object
    anteil: object


@dataclass(frozen=True)
class _Monat:
    """A month of the chart of the Schwerpunkt share, as published."""

    monat: str
    werte: _Werte
    unterschritten: bool


def _oeffentliche_charts(bericht: Bericht) -> list[Diagramm]:
    """The charts of the public version, drawn from the public sections (`abschnitte`):
    a figure kept secret has no bar and is marked „.“, in the chart and in its description."""
    from kibericht.ausgabe.abschnitte import abschnitte

    teile = abschnitte(bericht, oeffentlich=True)
    titel = bericht.titel
    minimum = bericht.summary.mindestanteil
    tabelle = teile.monate.tabelle
    months = [_Monat(m.monat, _Werte(r["Stunden"], r["Stunden mit Schwerpunkt"], r["Schwerpunktanteil"]),
                     m.unterschritten)
              for m, r in zip(bericht.quote_monate, tabelle.to_dict("records"), strict=True)]
    taetigkeiten = _spalten(teile.taetigkeiten.taetigkeiten, "Tätigkeit")
    kommunen = _spalten(teile.kommunen, "Kommune")
    verlauf = "; ".join(f"{texte.monat_titel(m.monat)} "
                        + (ZEICHEN if _geheim(m.werte.anteil) else de_prozent(m.werte.anteil)
                           + ("" if m.werte.anteil is None else " (unter Mindestanteil)" if m.unterschritten
                              else " (erreicht)"))
                        for m in months)
    fuss = f" ({FUSSNOTE})"
    return [
        Diagramm("schwerpunktanteil", f"Säulendiagramm: Schwerpunktanteil je Monat, {titel}. Mindestanteil "
                 f"{de_prozent(minimum, 0)}; {verlauf}.{fuss}",
                 lambda: chart_schwerpunktanteil(months, minimum, titel)),
        Diagramm("anzahl", f"Balkendiagramm: Anzahl der Tätigkeiten, {titel}. "
                 f"{_top_oeffentlich(taetigkeiten, 'eintraege', 10, True)}.{fuss}",
                 lambda: chart_hours(taetigkeiten, texte.diagramm_anzahl(titel), spalte="eintraege",
                                     einheit="Anzahl")),
        Diagramm("taetigkeiten", f"Balkendiagramm: Stunden nach Tätigkeit, {titel}. "
                 f"{_top_oeffentlich(taetigkeiten, 'stunden', 10)}.{fuss}",
                 lambda: chart_hours(taetigkeiten, texte.diagramm_taetigkeiten(titel))),
        Diagramm("kommunen", f"Balkendiagramm: Stunden nach Kommune, {titel}. "
                 f"{_top_oeffentlich(kommunen, 'stunden', 12)}.{fuss}",
                 lambda: chart_hours(kommunen, texte.diagramm_kommunen(titel))),
        _foerderung_diagramm(bericht),
    ]


def _foerderung_diagramm(bericht: Bericht) -> Diagramm:
    """The funding chart, the same in the internal and the public version (no figure per Stelle)."""
    foerderung = bericht.foerderung
    caps = {p.name: None if p.hoechstbetrag is None else cent(p.hoechstbetrag) for p in foerderung.programme}
    return Diagramm(
        "foerderung", "Liniendiagramm: Pauschale kumuliert je Programm gegen den Höchstbetrag, "
        f"{foerderung.jahr}. " + "; ".join(
            f"{p.name}: Anspruch {de_zahl(cent(p.anspruch))} €"
            + ("" if p.hoechstbetrag is None else f", Höchstbetrag {de_zahl(cent(p.hoechstbetrag))} €")
            for p in foerderung.programme) + ".",
        lambda: chart_foerderung(foerderung.kumuliert_frame(), caps, foerderung.jahr,
                                 bericht.periode.start.month if bericht.monatlich else None))


def _spalten(tabelle: pd.DataFrame, spalte: str) -> pd.DataFrame:
    """A public category table (Summe row left out) as the chart functions read it."""
    rows = tabelle.iloc[:-1]
    return pd.DataFrame({"eintraege": list(rows["Einträge"]), "stunden": list(rows["Stunden"])},
                        index=list(rows[spalte]))


def _top_oeffentlich(frame: pd.DataFrame, spalte: str, n: int, ganzzahl: bool = False) -> str:
    """The largest published figures, then those kept secret („Fortbildung .“)."""
    data = frame[spalte]
    offen = data[[not _geheim(v) for v in data]].astype(float)
    offen = offen[offen > 0].sort_values(ascending=False).head(n)
    teile = [f"{k} {de_zahl(v, 0) if ganzzahl else de_zahl(v)}" for k, v in offen.items()]
    teile += [f"{k} {ZEICHEN}" for k, v in data.items() if _geheim(v)]
    return "; ".join(teile) or "keine"


def png_bytes(draw: Callable[[], Figure]) -> bytes:
    """The chart `draw()` returns, as PNG without a timestamp or software tag (deterministic
    bytes), drawn and saved under `STIL`."""
    with matplotlib.rc_context(STIL):
        fig = draw()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()
