"""The LP solver behind the secondary suppression: HiGHS, warm-started, printing nothing.

`loeser(a, kosten, unten, oben)` gives an object with the few operations the suppression needs
(`grenzen`, `kosten`, `loesen`) over the programme min kosten·z, a·z = 0, unten ≤ z ≤ oben.
Between two solves only bounds and costs change, so HiGHS starts each from the last basis.

HiGHS must not write to the process's standard output: a report's JSON goes there, and a web
server's threads share it. highspy's convenience class `Highs()` prints its banner while it is
made, before any option can be set; the core class it wraps, `highspy._Highs` (exported by
highspy beside `Highs`), does not, and `output_flag` is off before it does anything. Where a
highspy lacks it, scipy's `linprog` (HiGHS too, silent, but solving each programme from scratch)
takes its place: slower, the same protection.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def _kern():
    """highspy's core class, or None."""
    try:
        from highspy import _Highs
    except ImportError:
        return None
    return _Highs


class _Highs:
    """One HiGHS instance holding the programme."""

    def __init__(self, kern, a: sparse.csc_matrix, kosten: np.ndarray, unten: np.ndarray, oben: np.ndarray):
        import highspy

        self.h = kern()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("log_to_console", False)
        lp = highspy.HighsLp()
        lp.num_col_ = a.shape[1]
        lp.num_row_ = a.shape[0]
        lp.col_cost_ = np.asarray(kosten, dtype=float)
        lp.col_lower_ = np.asarray(unten, dtype=float)
        lp.col_upper_ = np.where(np.isinf(oben), highspy.kHighsInf, oben).astype(float)
        lp.row_lower_ = np.zeros(a.shape[0])
        lp.row_upper_ = np.zeros(a.shape[0])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        self.h.passModel(lp)
        self.inf = highspy.kHighsInf
        self.optimal = highspy.HighsModelStatus.kOptimal

    def grenzen(self, spalten: np.ndarray, unten: np.ndarray, oben: np.ndarray) -> None:
        spalten = np.asarray(spalten, dtype=np.int32)
        if len(spalten):
            self.h.changeColsBounds(len(spalten), spalten, np.asarray(unten, dtype=float),
                                    np.where(np.isinf(oben), self.inf, oben).astype(float))

    def kosten(self, spalten: np.ndarray, kosten: np.ndarray) -> None:
        spalten = np.asarray(spalten, dtype=np.int32)
        if len(spalten):
            self.h.changeColsCost(len(spalten), spalten, np.asarray(kosten, dtype=float))

    def loesen(self) -> np.ndarray | None:
        """The optimal z, or None where the programme has no solution."""
        self.h.run()
        if self.h.getModelStatus() != self.optimal:
            return None
        return np.asarray(self.h.getSolution().col_value)


class _Linprog:
    """The same programme for scipy's `linprog`, solved from scratch each time."""

    def __init__(self, a: sparse.csc_matrix, kosten: np.ndarray, unten: np.ndarray, oben: np.ndarray):
        self.a = a
        self.c = np.array(kosten, dtype=float)
        self.unten = np.array(unten, dtype=float)
        self.oben = np.array(oben, dtype=float)

    def grenzen(self, spalten: np.ndarray, unten: np.ndarray, oben: np.ndarray) -> None:
        self.unten[spalten] = unten
        self.oben[spalten] = oben

    def kosten(self, spalten: np.ndarray, kosten: np.ndarray) -> None:
        self.c[spalten] = kosten

    def loesen(self) -> np.ndarray | None:
        from scipy.optimize import linprog

        r = linprog(self.c, A_eq=self.a, b_eq=np.zeros(self.a.shape[0]), method="highs-ds",
                    bounds=np.column_stack([self.unten, np.where(np.isinf(self.oben), None, self.oben)]))
        return r.x if r.status == 0 else None


def loeser(a: sparse.csc_matrix, kosten: np.ndarray, unten: np.ndarray, oben: np.ndarray,
           kern=None):
    """The programme min kosten·z, a·z = 0, unten ≤ z ≤ oben (oben may be inf), ready to be
    solved again and again. `kern`: the HiGHS class to use (default: highspy's core class;
    False: scipy's linprog)."""
    kern = _kern() if kern is None else kern
    if not kern:
        return _Linprog(a, kosten, unten, oben)
    return _Highs(kern, a, kosten, unten, oben)
