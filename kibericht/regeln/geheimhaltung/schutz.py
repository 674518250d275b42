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
depends on a later month. Witnesses that still hold are kept, and any witness protects every
primary cell it moves far enough (scaled up or down, or reversed, as far as the non-negativity
of the atomic cells allows: `_Vorrat`), so a step solves few programmes.
"""

from __future__ import annotations

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


def _highs():
    """A HiGHS instance that prints nothing, not even the banner.

    highspy's `Highs()` writes the banner to the process's standard output while it is made,
    before any option can be set; the core class it wraps (`highspy._core._Highs`) does not, and
    `output_flag` is set on it before it does anything. Nothing touches the process's output, so
    other threads (a web server's) keep theirs."""
    from highspy import _core

    h = _core._Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
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


class _Vorrat:
    """The witnesses found so far, as columns of one matrix, and which still hold.

    A witness w may be scaled by any t ≥ 0 up to the point where an atomic cell it lowers
    reaches 0 (`hoch`), and its negative likewise (`runter`): so one witness protects every
    suppressed cell it moves, in either direction, as far as that bound allows.

    While month m is decided, a witness holds when every figure of month m it changes is
    suppressed (`offen`: how many it changes that are still published); figures are only ever
    suppressed meanwhile, so the count only falls. At the month's end (`abschliessen`) those
    figures are out: a witness that still changes one of them holds no more, for good."""

    def __init__(self, x: np.ndarray):
        self.x = x
        self.w = np.zeros((len(x), 32))
        self.anzahl = 0
        self.gilt = np.zeros(32, dtype=bool)
        self.hoch = np.zeros(32)
        self.runter = np.zeros(32)
        self.offen = np.zeros(32, dtype=np.int64)
        self.beruehrt = np.zeros((0, 32), dtype=bool)  # figures of the month × witnesses
        self.zeilen: dict[int, int] = {}  # cell → its row in `beruehrt`

    def neu(self, w: np.ndarray) -> int:
        """Add a witness that changes no published figure."""
        if self.anzahl == self.w.shape[1]:
            mehr = self.w.shape[1]
            self.w = np.hstack([self.w, np.zeros((len(self.x), mehr))])
            self.gilt = np.concatenate([self.gilt, np.zeros(mehr, dtype=bool)])
            self.hoch = np.concatenate([self.hoch, np.zeros(mehr)])
            self.runter = np.concatenate([self.runter, np.zeros(mehr)])
            self.offen = np.concatenate([self.offen, np.zeros(mehr, dtype=np.int64)])
            self.beruehrt = np.hstack([self.beruehrt, np.zeros((self.beruehrt.shape[0], mehr), dtype=bool)])
        j = self.anzahl
        self.w[:, j] = w
        self.gilt[j] = True
        self.hoch[j] = self._grenze(w)
        self.runter[j] = self._grenze(-w)
        self.offen[j] = 0
        self.beruehrt[:, j] = False
        self.anzahl += 1
        return j

    def _grenze(self, w: np.ndarray) -> float:
        """The largest t with x + t·w ≥ 0 (less a hair, against rounding)."""
        sinkt = w < -1e-12
        if not sinkt.any():
            return np.inf
        return float(np.min(self.x[sinkt] / -w[sinkt])) * (1 - 1e-9)

    def beginnen(self, zellen: np.ndarray, matrix: sparse.csr_matrix) -> None:
        """Month m begins: `zellen`, its figures still published, rows of `matrix`."""
        self.zeilen = {int(i): r for r, i in enumerate(zellen)}
        if not self.anzahl or not len(zellen):
            self.beruehrt = np.zeros((len(zellen), self.w.shape[1]), dtype=bool)
            self.offen[:] = 0
            return
        w = self.w[:, :self.anzahl]
        delta = np.abs(matrix[zellen] @ w)
        groesse = np.maximum(np.abs(w).max(axis=0), 1.0)
        self.beruehrt = np.zeros((len(zellen), self.w.shape[1]), dtype=bool)
        self.beruehrt[:, :self.anzahl] = delta > 1e-6 * groesse
        self.offen[:] = self.beruehrt.sum(axis=0)

    def gesperrt(self, zellen) -> None:
        """Figures of the month are suppressed now."""
        reihen = [self.zeilen[int(i)] for i in zellen if int(i) in self.zeilen]
        if reihen:
            self.offen -= self.beruehrt[reihen].sum(axis=0)
            self.beruehrt[reihen] = False

    def abschliessen(self) -> None:
        self.gilt &= self.offen == 0

    def haelt(self, j: int) -> bool:
        return bool(self.gilt[j] and self.offen[j] == 0)

    def fuer(self, spalten: np.ndarray, richtung: int, ziel: float) -> int | None:
        """A witness that holds and moves the figure summing `spalten` by `ziel` in `richtung`."""
        if not self.anzahl:
            return None
        n = self.anzahl
        a = self.w[spalten, :n].sum(axis=0) * richtung
        weit = np.zeros(n)
        hin, her = a > 1e-12, a < -1e-12
        weit[hin] = a[hin] * self.hoch[:n][hin]
        weit[her] = -a[her] * self.runter[:n][her]
        ok = np.flatnonzero(self.gilt[:n] & (self.offen[:n] == 0) & (weit >= ziel))
        return int(ok[0]) if len(ok) else None


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
        self.zeugen: dict[tuple[int, int], int] = {}  # (cell, ±1) → its witness in `vorrat`
        self.vorrat = _Vorrat(self.x)
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
        primaer = [i for i in np.flatnonzero((self.status == PRIMAER) & (self.mm.schritt <= m))
                   if self.vertreter[i] == i]
        werte = self.mm.werte
        # the cells of this month first, the largest first (their witnesses cover smaller
        # cells), then those of earlier months
        reihenfolge = sorted((i for i in primaer if self.mm.schritt[i] == m), key=lambda i: (-werte[i], i)) \
            + [i for i in primaer if self.mm.schritt[i] < m]
        # which witnesses change a figure of this month still published
        self.vorrat.beginnen(neu[self.status[neu] == OFFEN], self.mm.matrix)
        programm = None
        for i in reihenfolge:
            for richtung in (1, -1):
                if self._geschuetzt(i, richtung):
                    continue
                betrag = self.betrag(i, richtung)
                if programm is None:
                    programm = _Programm(self, m)
                zeuge, geaendert = programm.zeuge(i, richtung, betrag)
                neu_zu = geaendert[self.status[geaendert] == OFFEN]
                if len(neu_zu):
                    gleich = np.flatnonzero(np.isin(self.vertreter, neu_zu) & (self.status == OFFEN))
                    self.status[gleich] = SEKUNDAER
                    self.vorrat.gesperrt(gleich)
                    programm.stellen()
                self.zeugen[(i, richtung)] = self.vorrat.neu(zeuge)
        self.vorrat.abschliessen()

    def _geschuetzt(self, i: int, richtung: int) -> bool:
        """Whether cell i has a valid witness in this direction (its own, or another one's
        scaled); remembers it."""
        j = self.zeugen.get((i, richtung))
        if j is not None and self.vorrat.haelt(j):
            return True
        m = self.mm.matrix
        j = self.vorrat.fuer(m.indices[m.indptr[i]:m.indptr[i + 1]], richtung, self.betrag(i, richtung))
        if j is None:
            return False
        self.zeugen[(i, richtung)] = j
        return True


def sichern(mm: Messmodell, modell: Modell, schwellen: Schwellen) -> tuple[np.ndarray, list[str | None]]:
    """The status of every cell of one measure (OFFEN, PRIMAER, SEKUNDAER) and the primary
    reasons, the months decided in turn."""
    gruende = primaere_gruende(mm, schwellen)
    jahr = _Jahr(mm, modell, schwellen)
    for m in range(1, modell.letzter + 1):
        jahr.schritt(m, gruende)
    return jahr.status, gruende
