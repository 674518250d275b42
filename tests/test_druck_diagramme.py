"""The charts as printed: no label is struck through by a reference line or crossed by a plotted
line („✗ 45,4 %“ over the minimum's line, „Höchstbetrag“ under the entitlement's line or the
month's), and an axis of counts, hours or euros never shows a tick label twice („1 1 2 2“)."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import pandas as pd
import pytest

from kibericht.ausgabe import diagramme
from kibericht.periode import MONATSKURZ


@dataclass(frozen=True)
class _Werte:
    stunden: float
    stunden_schwerpunkte: float
    anteil: float | None


@dataclass(frozen=True)
class _Monat:
    monat: str
    werte: _Werte
    unterschritten: bool


def _monate(anteile: list[float | None], minimum: float = 0.5) -> list[_Monat]:
    return [_Monat(f"2025-{i + 1:02d}", _Werte(100.0, 100.0 * (a or 0), a), a is not None and a < minimum)
            for i, a in enumerate(anteile)]


def _zeichnen(draw):
    """The chart drawn as `png_bytes` draws it (its style, its final layout)."""
    with matplotlib.rc_context(diagramme.STIL):
        fig = draw()
        fig.canvas.draw()
        return fig


def _gekreuzt(fig) -> list[tuple[str, str]]:
    """Every (text, line) pair where a line runs through a text of the axes, measured as drawn:
    the text's box against the line's path in display coordinates."""
    renderer = fig.canvas.get_renderer()
    treffer = []
    for ax in fig.axes:
        for text in ax.texts:
            if not text.get_text().strip() or text.get_bbox_patch() is not None:
                continue  # a text on a white ground hides the line behind it
            box = text.get_window_extent(renderer)
            for line in ax.lines:
                path = line.get_transform().transform_path(line.get_path())
                if path.intersects_bbox(box, filled=False):
                    treffer.append((text.get_text(), line.get_label()))
    return treffer


def _doppelte_ticks(axis) -> list[str]:
    labels = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    return sorted({x for x in labels if labels.count(x) > 1})


@pytest.mark.parametrize("anteile", [
    [0.454, 0.47, 0.49, 0.5, 0.505, 0.52, 0.3, 0.8, 1.0, 0.0, None, 0.485],
    [0.48, 0.46, 0.44],
    [0.495],
])
def test_no_share_label_is_struck_through_by_the_minimum_line(anteile):
    fig = _zeichnen(lambda: diagramme.chart_schwerpunktanteil(_monate(anteile), 0.5, "Jahr 2025"))
    assert _gekreuzt(fig) == []
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "✗ 45,4 %" in labels or len(anteile) < 12
    # a label moved off its bar still stands over its bar, at the bar's top or just above the line
    for i, (text, anteil) in enumerate(zip(fig.axes[0].texts, anteile, strict=True)):
        assert text.xy[0] == i and text.xy[1] in (anteil or 0, 0.5)


def _kumuliert(werte: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame(werte, index=pd.Index(MONATSKURZ, name="Monat"))


@pytest.mark.parametrize("monat", [None, 1, 2, 6, 12])
@pytest.mark.parametrize("fall", ["ueberschritten", "zwei_programme", "knapp"])
def test_hoechstbetrag_and_the_months_amount_are_crossed_by_no_line(fall, monat):
    if fall == "ueberschritten":  # the entitlement crosses the cap near the label's place
        kumuliert = _kumuliert({"KI": [40000.0 * (m + 1) for m in range(12)]})
        caps = {"KI": 120000.0}
    elif fall == "zwei_programme":  # two caps close together, one line crossing both
        kumuliert = _kumuliert({"KI": [16000.0 * (m + 1) for m in range(12)],
                                "KIM-Koordination": [18000.0 * (m + 1) for m in range(12)]})
        caps = {"KI": 190000.0, "KIM-Koordination": 200000.0}
    else:  # the entitlement runs along just under the cap from January
        kumuliert = _kumuliert({"KI": [170000.0 + 100 * m for m in range(12)]})
        caps = {"KI": 171000.0}
    fig = _zeichnen(lambda: diagramme.chart_foerderung(kumuliert, caps, 2025, monat))
    texte = [t.get_text() for t in fig.axes[0].texts]
    assert sum("Höchstbetrag" in t for t in texte) == len(caps)
    assert _gekreuzt(fig) == []


def test_count_and_hour_axes_show_each_tick_once():
    wenige = pd.DataFrame({"eintraege": [1, 2, 3], "stunden": [0.25, 0.5, 1.25]},
                          index=["Beratung", "Fortbildung", "Sonstiges"])
    for spalte in ("eintraege", "stunden"):
        fig = _zeichnen(lambda spalte=spalte: diagramme.chart_hours(wenige, "Titel", spalte=spalte))
        assert _doppelte_ticks(fig.axes[0].xaxis) == [], spalte
    soll_ist = pd.DataFrame({"Stelle": ["FK1", "FK2"], "Soll": [1.0, 2.0], "Ist": [0.5, 1.5]})
    fig = _zeichnen(lambda: diagramme.chart_soll_ist(soll_ist, "März 2025"))
    assert _doppelte_ticks(fig.axes[0].yaxis) == []
    matrix = pd.DataFrame({"FK1": [0.25, 0.5], "FK2": [1.0, 0.0]}, index=["SP1", "ohne Schwerpunkt"])
    fig = _zeichnen(lambda: diagramme.chart_schwerpunkte_stellen(matrix, "März 2025", {"SP1": "Bildung"}))
    assert _doppelte_ticks(fig.axes[0].xaxis) == []
    leer = _kumuliert({"KI": [0.0] * 12})
    fig = _zeichnen(lambda: diagramme.chart_foerderung(leer, {"KI": None}, 2025, 3))
    assert _doppelte_ticks(fig.axes[0].yaxis) == []


def test_the_share_chart_names_its_months_as_the_report_does():
    fig = _zeichnen(lambda: diagramme.chart_schwerpunktanteil(_monate([0.6, 0.4, 0.7]), 0.5, "März 2025"))
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Jan", "Feb", "Mär"]
    text = diagramme._verlauf_text(_monate([0.6, 0.4]), 0.5)
    assert "Januar 2025 60,0 % (erreicht); Februar 2025 40,0 % (unter Mindestanteil)" in text
