"""Secondary suppression: an LP-based cell suppression over all public reports of a year.

For every primary suppressed cell s (value v) the pattern must admit, in both directions, a
table that agrees with everything published and puts s at v + δ and at v − δ, with
δ = max(schutzbreite · v, one unit: 0,25 h, one entry, one Teilnahme). Such a table differs
from the true one by a *witness* d (a change of the atomic cells, `modell`): d keeps every atomic
cell non-negative, satisfies the linking rows, changes s by ±δ and changes no published cell.
Then no linear-programming attack on the published figures can narrow s below [v − δ, v + δ].

A witness is found by a linear programme (HiGHS through scipy), the classical LP heuristic of
cell suppression (Kelly, Golden and Assad 1992; Fischetti and Salazar-González 2000, the
„Optimal“/LP approach of τ-ARGUS): minimise Σ cᵢ·|Δᵢ| over the cells still publishable, where
Δ = matrix · d; every cell with Δᵢ ≠ 0 is then suppressed too (secondary). The costs cᵢ grow with
the value of the cell (small cells go first), and year-to-date figures, margins and the totals
are dearer than monthly inner cells, so that totals stay published wherever that suffices.

The year is handled as it is published, month by month (`sichern`): the figures of month m and
of January to m are decided when month m is, with everything decided for the earlier months
fixed (those reports are out); the witnesses of all earlier primary cells are checked against
the new figures and replaced where a new figure would break them. Nothing decided for month m
depends on a later month. Witnesses that still hold are kept, so a step solves few programmes.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np
from scipy import sparse

from kibericht.regeln.geheimhaltung.katalog import BIS, EINTRAEGE, STUNDEN, SUMME, TABELLEN
from kibericht.regeln.geheimhaltung.modell import Messmodell, Modell
from kibericht.regeln.geheimhaltung.regel import Schwellen, primaer_grund

OFFEN, PRIMAER, SEKUNDAER = 0, 1, 2
EINHEIT = {STUNDEN: 0.25, EINTRAEGE: 1.0}  # the smallest step a figure can move by; else 1
# weights of the cost of suppressing a cell (see the module docstring)
GEWICHT_BIS = 4.0
GEWICHT_RAND = 4.0
GEWICHT_SUMME = 100.0
KENNZAHLEN = ("gesamt", "schwerpunktbindung")
NULL_AUFSCHLAG = 3.0  # an empty cell shown as „.“ puzzles readers: only where it is needed
SICHERHEIT = 1.001  # witnesses move a little more than needed, against the solver's tolerances


def primaere_gruende(mm: Messmodell, schwellen: Schwellen) -> list[str | None]:
    """The primary reason of every cell of the measure (None: the rule lets it pass)."""
    b = mm.beitraege
    beteiligt = (b > 0).sum(axis=1)
    summe = b.sum(axis=1)
    groesste = b.max(axis=1) if b.shape[1] else np.zeros(len(summe))
    gruende: list[str | None] = [None] * len(summe)
    wenige = (beteiligt > 0) & (beteiligt < schwellen.mindestens_stellen)
    # exact comparison where the largest share comes near the threshold
    nahe = (beteiligt >= schwellen.mindestens_stellen) & \
        (groesste >= (schwellen.hoechstanteil - 1e-6) * summe) & (summe > 0)
    for i in np.flatnonzero(wenige):
        gruende[i] = schwellen.grund_wenige
    for i in np.flatnonzero(nahe):
        gruende[i] = primaer_grund(b[i], schwellen)
    return gruende


def kosten(mm: Messmodell) -> np.ndarray:
    """The cost of suppressing each cell: its value plus a unit, weighted by its kind."""
    ref = 4 * EINHEIT.get(mm.messgroesse, 1.0)
    c = np.empty(len(mm.zellen))
    for i, z in enumerate(mm.zellen):
        w = GEWICHT_BIS if z.zeitraum.art == BIS else 1.0
        merkmale = TABELLEN[z.tabelle].merkmale
        summen = sum(1 for k in z.schluessel if k == SUMME)
        if z.tabelle in KENNZAHLEN or summen == len(merkmale):
            w *= GEWICHT_SUMME
        elif summen:
            w *= GEWICHT_RAND
        v = mm.werte[i]
        c[i] = w * (v + ref) * (NULL_AUFSCHLAG if v == 0 else 1.0)
    return c


_STILL = threading.Lock()
_gestartet = False


def _highs():
    """A HiGHS instance that prints nothing. HiGHS writes its banner to the process's standard
    output once, when the first instance is made: that moment runs with the output sent to
    /dev/null (the report's terminal output is German, and JSON output must stay JSON)."""
    global _gestartet
    import highspy

    with _STILL:
        if not _gestartet:
            sys.stdout.flush()
            gerettet = os.dup(1)
            try:
                with open(os.devnull, "w") as leer:
                    os.dup2(leer.fileno(), 1)
                    h = highspy.Highs()
                    h.setOptionValue("output_flag", False)
            finally:
                os.dup2(gerettet, 1)
                os.close(gerettet)
            _gestartet = True
        else:
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
    return h


class _Programm:
    """The linear programme of one month's decisions: Δ = matrix · d for every figure
    published up to month m, d ≥ −x, the linking rows; a figure's Δ = p − n. Only bounds and
    costs change between the witnesses of a month, so HiGHS starts each from the last basis."""

    def __init__(self, jahr: _Jahr, m: int):
        import highspy

        self.jahr = jahr
        mm = jahr.mm
        self.spalten = np.flatnonzero(jahr.modell.var_monat <= m)
        n = len(self.spalten)
        eigene = jahr.vertreter == np.arange(len(mm.zellen))
        reihen = np.flatnonzero((mm.schritt <= m) & ~jahr.leer & eigene)
        self.reihen = reihen
        self.nr = {int(r): j for j, r in enumerate(reihen)}
        k = len(reihen)
        teil = jahr.matrix_csc[:, self.spalten].tocsr()[reihen]
        linien = jahr.linien[:, self.spalten].tocsr()
        linien = linien[np.diff(linien.indptr) > 0]
        eye = sparse.identity(k, format="csr")
        a = sparse.vstack([sparse.hstack([teil, -eye, eye]),
                           sparse.hstack([linien, sparse.csr_matrix((linien.shape[0], 2 * k))])]).tocsc()
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        lp.num_col_ = n + 2 * k
        lp.num_row_ = a.shape[0]
        lp.col_cost_ = np.zeros(n + 2 * k)
        lp.col_lower_ = np.concatenate([-jahr.x[self.spalten], np.zeros(2 * k)])
        lp.col_upper_ = np.full(n + 2 * k, inf)
        lp.row_lower_ = np.zeros(a.shape[0])
        lp.row_upper_ = np.zeros(a.shape[0])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        self.h = _highs()
        self.h.passModel(lp)
        self.n, self.k, self.m = n, k, m
        self.inf = inf
        self.optimal = highspy.HighsModelStatus.kOptimal
        # the price of a figure is that of all cells showing it
        preis = np.zeros(len(mm.zellen))
        np.add.at(preis, jahr.vertreter, jahr.kosten)
        self.preis = preis[reihen] / preis[reihen].max() if k else preis[reihen]
        self.stellen()

    def _setzen(self, j: np.ndarray, lower, upper, cost) -> None:
        j = np.asarray(j, dtype=np.int32)
        if not len(j):
            return
        for col in (self.n + j, self.n + self.k + j):
            self.h.changeColsBounds(len(col), col, np.broadcast_to(lower, len(col)).astype(float),
                                    np.broadcast_to(upper, len(col)).astype(float))
            self.h.changeColsCost(len(col), col, np.broadcast_to(cost, len(col)).astype(float))

    def stellen(self) -> None:
        """Bounds and costs from the status: published earlier Δ = 0, published now priced,
        suppressed free."""
        jahr, reihen = self.jahr, self.reihen
        offen = jahr.status[reihen] == OFFEN
        alt = jahr.mm.schritt[reihen] < self.m
        fest = np.flatnonzero(offen & alt)
        frei = np.flatnonzero(offen & ~alt)
        zu = np.flatnonzero(~offen)
        self._setzen(fest, 0.0, 0.0, 0.0)
        self._setzen(zu, 0.0, self.inf, 0.0)
        if len(frei):
            j = np.asarray(frei, dtype=np.int32)
            for col in (self.n + j, self.n + self.k + j):
                self.h.changeColsBounds(len(col), col, np.zeros(len(col)), np.full(len(col), self.inf))
                self.h.changeColsCost(len(col), col, self.preis[frei])

    def zeuge(self, s: int, richtung: int, betrag: float) -> tuple[np.ndarray, np.ndarray]:
        """The cheapest witness moving s by `richtung · betrag`; the cells it changes."""
        j = self.nr[s]
        p, n = self.n + j, self.n + self.k + j
        self.h.changeColBounds(p, betrag if richtung > 0 else 0.0, betrag if richtung > 0 else 0.0)
        self.h.changeColBounds(n, betrag if richtung < 0 else 0.0, betrag if richtung < 0 else 0.0)
        self.h.changeColCost(p, 0.0)
        self.h.changeColCost(n, 0.0)
        self.h.run()
        if self.h.getModelStatus() != self.optimal:
            raise RuntimeError("no protection found")  # cannot happen: see the docstring
        werte = np.asarray(self.h.getSolution().col_value)
        self.h.changeColBounds(p, 0.0, self.inf)
        self.h.changeColBounds(n, 0.0, self.inf)
        zeuge = np.zeros(len(self.jahr.x))
        zeuge[self.spalten] = werte[:self.n]
        delta = werte[self.n:self.n + self.k] - werte[self.n + self.k:]
        geaendert = self.reihen[np.abs(delta) > 1e-6 * max(1.0, betrag)]
        return zeuge, geaendert


class _Jahr:
    """The state of the suppression of one measure while the months are decided in turn."""

    def __init__(self, mm: Messmodell, modell: Modell, schwellen: Schwellen):
        self.mm = mm
        self.modell = modell
        self.x = modell.x[mm.messgroesse]
        self.schwellen = schwellen
        self.status = np.zeros(len(mm.zellen), dtype=np.int8)
        self.kosten = kosten(mm)
        self.einheit = EINHEIT.get(mm.messgroesse, 1.0)
        self.zeugen: dict[tuple[int, int], np.ndarray] = {}  # (cell, ±1) → witness d
        self.vorrat: list[np.ndarray] = []  # witnesses valid for the figures decided so far
        self.matrix_csc = mm.matrix.tocsc()
        self.linien = modell.verknuepfung.tocsc()
        # rows with the same atomic cells are the same figure (a total shown in many tables)
        gleiche: dict[bytes, int] = {}
        self.vertreter = np.empty(len(mm.zellen), dtype=np.int64)
        m = mm.matrix
        for i in range(len(mm.zellen)):
            sig = m.indices[m.indptr[i]:m.indptr[i + 1]].tobytes()
            self.vertreter[i] = gleiche.setdefault(sig, i)
        self.leer = np.diff(m.indptr) == 0

    def betrag(self, i: int, richtung: int) -> float:
        v = float(self.mm.werte[i])
        delta = max(self.schwellen.schutzbreite * v, self.einheit) * SICHERHEIT
        return delta if richtung > 0 else min(delta, v)

    def schritt(self, m: int, gruende: list[str | None]) -> None:
        """Decide the figures first published with month m."""
        neu = np.flatnonzero(self.mm.schritt == m)
        for i in neu:
            if gruende[i] is not None and not self.leer[i]:
                self.status[i] = PRIMAER
        self.zeilen_neu = self.mm.matrix[neu]
        self.neu = neu
        primaer = [i for i in np.flatnonzero((self.status == PRIMAER) & (self.mm.schritt <= m))
                   if self.vertreter[i] == i]
        werte = self.mm.werte
        # the cells of this month first, the largest first (their witnesses cover smaller
        # cells), then those of earlier months
        reihenfolge = sorted((i for i in primaer if self.mm.schritt[i] == m), key=lambda i: (-werte[i], i)) \
            + [i for i in primaer if self.mm.schritt[i] < m]
        self.vorrat = [w for w in self.vorrat if self._gilt(w)]
        programm = None
        for i in reihenfolge:
            for richtung in (1, -1):
                if self._geschuetzt(i, richtung):
                    continue
                if programm is None:
                    programm = _Programm(self, m)
                zeuge, geaendert = programm.zeuge(i, richtung, self.betrag(i, richtung))
                neu_zu = geaendert[self.status[geaendert] == OFFEN]
                if len(neu_zu):
                    gleich = np.isin(self.vertreter, neu_zu) & (self.status == OFFEN)
                    self.status[gleich] = SEKUNDAER
                    programm.stellen()
                self.vorrat.append(zeuge)
                self.zeugen[(i, richtung)] = zeuge

    def _geschuetzt(self, i: int, richtung: int) -> bool:
        """Whether cell i has a valid witness in this direction (its own, or another one's
        scaled down); remembers it."""
        zeuge = self.zeugen.get((i, richtung))
        if zeuge is not None and self._gilt(zeuge):
            return True
        zeuge = self._aus_vorrat(i, richtung)
        if zeuge is None:
            return False
        self.zeugen[(i, richtung)] = zeuge
        return True

    def _gilt(self, zeuge: np.ndarray) -> bool:
        """Whether a witness changes no figure of this month that is still published."""
        delta = self.zeilen_neu @ zeuge
        offen = self.status[self.neu] == OFFEN
        return not np.any(np.abs(delta[offen]) > 1e-6 * max(1.0, np.abs(zeuge).max()))

    def _aus_vorrat(self, s: int, richtung: int) -> np.ndarray | None:
        """A valid witness of other cells that moves s far enough, scaled down to what s
        needs (scaling by at most 1 keeps every atomic cell non-negative); its negative where
        that stays non-negative."""
        if not self.vorrat:
            return None
        ziel = self.betrag(s, richtung)
        a = self.mm.matrix[s] @ np.column_stack(self.vorrat)
        for j in np.flatnonzero(np.abs(a[0]) >= ziel):
            w, aj = self.vorrat[j], float(a[0, j])
            if aj * richtung > 0:
                return w * (ziel / abs(aj))
            kandidat = -w * (ziel / abs(aj))
            if np.all(kandidat >= -self.x - 1e-9):
                return kandidat
        return None


def sichern(mm: Messmodell, modell: Modell, schwellen: Schwellen) -> tuple[np.ndarray, list[str | None]]:
    """The status of every cell of one measure (OFFEN, PRIMAER, SEKUNDAER) and the primary
    reasons, the months decided in turn."""
    gruende = primaere_gruende(mm, schwellen)
    jahr = _Jahr(mm, modell, schwellen)
    for m in range(1, modell.letzter + 1):
        jahr.schritt(m, gruende)
    return jahr.status, gruende
