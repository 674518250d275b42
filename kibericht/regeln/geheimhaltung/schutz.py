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

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

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
        bis_jetzt = self.modell.var_monat <= m
        for i in reihenfolge:
            for richtung in (1, -1):
                if self._geschuetzt(i, richtung):
                    continue
                zeuge, erreicht = self._lp([i], richtung, m, np.flatnonzero(self._eng(i, m)))
                if not erreicht[i]:
                    zeuge, _ = self._lp([i], richtung, m, np.flatnonzero(bis_jetzt), hart=True)
                self.vorrat.append(zeuge)
                self.zeugen[(i, richtung)] = zeuge

    def _eng(self, s: int, m: int) -> np.ndarray:
        """The atomic cells a witness of s is first looked for in: the months from s's own
        (January for a year-to-date figure) to m, in the block of s's table (with `gruppe`,
        which shares the Schwerpunkt with `inhalt`)."""
        z = self.mm.zellen[s]
        erster = 1 if z.zeitraum.art == BIS else z.zeitraum.monat
        bloecke = [1] if z.tabelle == "kommune" else [0, 2]
        monate = self.modell.var_monat
        return (monate >= erster) & (monate <= m) & np.isin(self.modell.var_block, bloecke)

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
        zeile = self.mm.matrix[s]
        for w in self.vorrat:
            a = float((zeile @ w)[0])
            if a * richtung >= ziel:
                return w * (ziel / abs(a))
            if -a * richtung >= ziel:
                kandidat = -w * (ziel / abs(a))
                if np.all(kandidat >= -self.x - 1e-9):
                    return kandidat
        return None

    def _lp(self, ziele: list[int], richtung: int, m: int, spalten: np.ndarray,
            hart: bool = False) -> tuple[np.ndarray, dict[int, bool]]:
        """A witness moving every cell of `ziele` by at least its δ in `richtung`, changing
        as cheap a set of still published figures of month m as possible, and none of the
        earlier months; suppresses what it changes. Soft (`hart=False`): a cell it cannot
        move far enough is left short, at a high price. Returns the witness and, per cell,
        whether it reached its δ."""
        mm = self.mm
        teil = self.matrix_csc[:, spalten].tocsr()
        beruehrt = (np.diff(teil.indptr) > 0) & (mm.schritt <= m)
        beruehrt[ziele] = False
        offen = beruehrt & (self.status == OFFEN)
        fest = np.flatnonzero(offen & (mm.schritt < m))
        frei = np.flatnonzero(offen & (mm.schritt == m))
        linien = self.linien[:, spalten].tocsr()
        linien = linien[np.diff(linien.indptr) > 0]
        n, k, z = len(spalten), len(frei), len(ziele)
        # columns: d (atomic changes), p and n of each free figure (Δ = p − n), shortfall u
        gleich = sparse.vstack([teil[fest], linien, teil[frei]]).tocoo()
        erste_freie = len(fest) + linien.shape[0]
        reihen = np.arange(k)
        a_eq = sparse.csr_matrix((
            np.concatenate([gleich.data, -np.ones(k), np.ones(k)]),
            (np.concatenate([gleich.row, erste_freie + reihen, erste_freie + reihen]),
             np.concatenate([gleich.col, n + reihen, n + k + reihen]))),
            shape=(erste_freie + k, n + 2 * k + z))
        # richtung · Δ_s + u_s ≥ δ_s, written as ≤
        ziel = teil[ziele].tocoo()
        a_ub = sparse.csr_matrix((
            np.concatenate([-richtung * ziel.data, -np.ones(z)]),
            (np.concatenate([ziel.row, np.arange(z)]), np.concatenate([ziel.col, n + 2 * k + np.arange(z)]))),
            shape=(z, n + 2 * k + z))
        betraege = np.array([self.betrag(s, richtung) for s in ziele])
        preis = self.kosten[frei] / self.kosten.max()
        strafe = 1e4 / betraege
        c = np.concatenate([np.zeros(n), preis, preis, strafe])
        lower = np.concatenate([-self.x[spalten], np.zeros(2 * k + z)])
        upper = np.concatenate([np.full(n + 2 * k, np.inf), np.zeros(z) if hart else np.full(z, np.inf)])
        res = linprog(c, A_ub=a_ub, b_ub=-betraege, A_eq=a_eq, b_eq=np.zeros(erste_freie + k),
                      bounds=np.column_stack([lower, upper]), method="highs")
        if res.status != 0:
            raise RuntimeError("no protection found")  # cannot happen: see the docstring
        zeuge = np.zeros(len(self.x))
        zeuge[spalten] = res.x[:n]
        aenderung = res.x[n:n + k] + res.x[n + k:n + 2 * k]
        kurz = res.x[n + 2 * k:]
        geaendert = frei[aenderung > 1e-6 * max(1.0, float(betraege.max()))]
        if len(geaendert):
            self.status[geaendert] = SEKUNDAER
            # the same figure in another table goes with it
            gleich_neu = np.isin(self.vertreter[self.neu], self.vertreter[geaendert])
            self.status[self.neu[gleich_neu & (self.status[self.neu] == OFFEN)]] = SEKUNDAER
        return zeuge, {s: bool(kurz[j] <= 1e-6 * betraege[j]) for j, s in enumerate(ziele)}


def sichern(mm: Messmodell, modell: Modell, schwellen: Schwellen) -> tuple[np.ndarray, list[str | None]]:
    """The status of every cell of one measure (OFFEN, PRIMAER, SEKUNDAER) and the primary
    reasons, the months decided in turn."""
    gruende = primaere_gruende(mm, schwellen)
    jahr = _Jahr(mm, modell, schwellen)
    for m in range(1, modell.letzter + 1):
        jahr.schritt(m, gruende)
    return jahr.status, gruende
