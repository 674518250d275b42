"""The witnesses found so far for one measure, and which of them still hold.

A witness (`programm`) is a change d of the atomic cells that keeps them non-negative and
changes no published figure. Once found, it protects every suppressed figure it moves far
enough, not only the one it was found for: so most primary figures need no programme of their
own (`Vorrat.fuer`).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


class Vorrat:
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
