"""Secondary suppression: an LP-based cell suppression over all public reports of a year.

For every primary suppressed cell s (value v) the pattern must admit, in both directions, a
table that agrees with everything published and puts s at v + δ and at v − δ, with
δ = max(schutzbreite · v, one unit: 0,25 h, one entry, one Teilnahme). Such a table differs
from the true one by a *witness* d (a change of the atomic cells, `modell`): d keeps every atomic
cell non-negative, satisfies the linking rows, changes s by ±δ and changes no published cell.
Then no linear-programming attack on the published figures can narrow s below [v − δ, v + δ].

A witness is found by a linear programme (HiGHS: `programm`, `loeser`), the classical LP heuristic of
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
of the atomic cells allows: `vorrat`), so a step solves few programmes.

Such a witness always exists for a primary figure of month m: raising one of its atomic cells
of month m changes only figures of month m (and January to m), which may all be suppressed; the
figures of earlier months, fixed, do not contain it. Lowering it is possible as far as the
figure's value, which is why δ downwards is at most v.
"""

from __future__ import annotations

import numpy as np

from kibericht.regeln.geheimhaltung.katalog import BIS, EINTRAEGE, STUNDEN, SUMME, TABELLEN
from kibericht.regeln.geheimhaltung.modell import Messmodell, Modell
from kibericht.regeln.geheimhaltung.programm import OFFEN, PRIMAER, SEKUNDAER, Programm
from kibericht.regeln.geheimhaltung.regel import Schwellen, primaer_grund
from kibericht.regeln.geheimhaltung.vorrat import Vorrat

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


class Jahr:
    """The state of the suppression of one measure while the months are decided in turn."""

    def __init__(self, mm: Messmodell, modell: Modell, schwellen: Schwellen, kern=None):
        self.mm = mm
        self.modell = modell
        self.x = modell.x[mm.messgroesse]
        self.schwellen = schwellen
        self.status = np.zeros(len(mm.zellen), dtype=np.int8)
        self.kosten = kosten(mm)
        self.einheit = EINHEIT.get(mm.messgroesse, 1.0)
        self.zeugen: dict[tuple[int, int], int] = {}  # (cell, ±1) → its witness in `vorrat`
        self.vorrat = Vorrat(self.x)
        self.kern = kern  # the HiGHS class (`loeser.loeser`)
        self.matrix_csc = mm.matrix.tocsc()
        self.matrix_csr = mm.matrix.tocsr()
        self.linien = modell.verknuepfung.tocsc()
        # rows with the same atomic cells are the same figure (a total shown in many tables)
        gleiche: dict[bytes, int] = {}
        self.vertreter = np.empty(len(mm.zellen), dtype=np.int64)
        m = mm.matrix
        for i in range(len(mm.zellen)):
            sig = m.indices[m.indptr[i]:m.indptr[i + 1]].tobytes()
            self.vertreter[i] = gleiche.setdefault(sig, i)
        self.leer = np.diff(m.indptr) == 0
        # a figure of January to m: the same figure of January to m − 1
        bis_nr = {(z.tabelle, z.schluessel, z.zeitraum.monat): i for i, z in enumerate(mm.zellen)
                  if z.zeitraum.art == BIS}
        self.vorgaenger = np.full(len(mm.zellen), -1, dtype=np.int64)
        for (tabelle, schluessel, monat_), i in bis_nr.items():
            v = bis_nr.get((tabelle, schluessel, monat_ - 1))
            if v is not None:
                self.vorgaenger[i] = self.vertreter[v]
        self.monat_der_zelle = np.array([z.zeitraum.monat for z in mm.zellen], dtype=np.int64)

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
                    programm = Programm(self, m)
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


def sichern(mm: Messmodell, modell: Modell, schwellen: Schwellen,
            kern=None) -> tuple[np.ndarray, list[str | None]]:
    """The status of every cell of one measure (OFFEN, PRIMAER, SEKUNDAER) and the primary
    reasons, the months decided in turn. `kern`: see `loeser.loeser`."""
    gruende = primaere_gruende(mm, schwellen)
    jahr = Jahr(mm, modell, schwellen, kern)
    for m in range(1, modell.letzter + 1):
        jahr.schritt(m, gruende)
    return jahr.status, gruende
