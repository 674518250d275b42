"""The linear programme of one month's decisions, and what can be left out of it.

A witness d (a change of the atomic cells, `modell`) moves every figure i by Δᵢ = (matrix · d)ᵢ.
The programme of month m (`Programm`) holds, for the figures published up to month m:

- the figures of earlier months that are published: Δ = 0 (their reports are out);
- the figures of month m still published: Δ = p − n, priced (p and n cost the figure's price);
- the primary suppressed figures: Δ = p − n, free; the one to protect fixed at ±δ;
- the linking rows of the blocks (`modell.verknuepfung`), and x + d ≥ 0.

It is the whole programme with what no witness can use left out, so it has the same solutions:

- atomic cells the published figures pin at their value (`gebunden`): a figure Δ = 0 whose
  atomic cells but one are pinned pins that one too, and one whose movable atomic cells are all
  empty (d ≥ 0) pins them all;
- the secondary suppressed figures (their Δ is free: they constrain nothing);
- of a figure of January to m′ whose January to m′ − 1 is published, every atomic cell of the
  months before m′ (`kuerzen`): those months' part of it is the earlier figure, Δ = 0, so the
  row says the same with only month m′ in it.

A witness first lowers no atomic cell by more than `SPIELRAUM` of its value: such a witness can
be scaled up (`vorrat`) to protect larger figures too, so fewer programmes are solved. Where that
finds none, the whole value may go.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from scipy import sparse

from kibericht.regeln.geheimhaltung.loeser import loeser


class Jahr(Protocol):
    """What a programme reads of the suppression state of a year (`schutz.Jahr`), named here so
    that this module does not import the one that uses it."""

    mm: Any
    modell: Any
    x: np.ndarray
    status: np.ndarray
    kosten: np.ndarray
    kern: Any
    matrix_csr: sparse.csr_matrix
    linien: sparse.csc_matrix
    vertreter: np.ndarray
    leer: np.ndarray

OFFEN, PRIMAER, SEKUNDAER = 0, 1, 2
SPIELRAUM = 0.7  # how far a witness lowers an atomic cell at first (share of its value)


def gebunden(gleichungen: sparse.csr_matrix, x: np.ndarray) -> np.ndarray:
    """The atomic cells (columns) the equations Δ = 0 pin at their value (see the module)."""
    fest = np.zeros(gleichungen.shape[1], dtype=bool)
    leer = x <= 0
    eins = gleichungen.copy()
    eins.data[:] = 1.0
    while True:
        frei = (~fest).astype(float)
        anzahl = eins @ frei
        mit_wert = eins @ (frei * ~leer)
        binden = (anzahl > 0) & ((anzahl < 1.5) | (mit_wert < 0.5))
        if not binden.any():
            return fest
        fest |= (eins[binden].T @ np.ones(int(binden.sum()))) > 0


def kuerzen(jahr: Jahr, reihen: np.ndarray, fest: np.ndarray) -> sparse.csr_matrix:
    """The rows of the figures `reihen`, each figure of January to m′ whose January to m′ − 1
    is among the published `fest` cut to the atomic cells of month m′."""
    zeilen = jahr.matrix_csr[reihen]
    v = jahr.vorgaenger[reihen]
    ist_fest = np.zeros(len(jahr.status), dtype=bool)
    ist_fest[fest] = True
    kurz = (v >= 0) & ist_fest[np.maximum(v, 0)]
    if not kurz.any():
        return zeilen
    monat_der_zeile = jahr.monat_der_zelle[reihen]
    coo = zeilen.tocoo()
    behalten = ~kurz[coo.row] | (jahr.modell.var_monat[coo.col] == monat_der_zeile[coo.row])
    return sparse.csr_matrix((coo.data[behalten], (coo.row[behalten], coo.col[behalten])), shape=zeilen.shape)


class Programm:
    """The programme of month m (see the module). Columns: the movable atomic cells d, then
    p and n of each row in `reihen`; only bounds and costs change between its witnesses."""

    def __init__(self, jahr: Jahr, m: int):
        self.jahr = jahr
        mm = jahr.mm
        eigene = jahr.vertreter == np.arange(len(mm.zellen))
        kandidaten = np.flatnonzero((mm.schritt <= m) & ~jahr.leer & eigene)
        status = jahr.status[kandidaten]
        alt = mm.schritt[kandidaten] < m
        fest = kandidaten[(status == OFFEN) & alt]
        # rows with p and n: published now (priced) or primary (moved by a witness)
        self.reihen = reihen = kandidaten[((status == OFFEN) & ~alt) | (status == PRIMAER)]
        self.nr = {int(r): j for j, r in enumerate(reihen)}
        spalten = np.flatnonzero(jahr.modell.var_monat <= m)
        gleichungen = kuerzen(jahr, fest, fest)[:, spalten]
        beweglich = ~gebunden(gleichungen, jahr.x[spalten])
        self.spalten = spalten = spalten[beweglich]
        gleichungen = gleichungen[:, beweglich]
        linien = jahr.linien[:, spalten].tocsr()
        gleich = sparse.vstack([gleichungen, linien]).tocsr()
        gleich = gleich[np.diff(gleich.indptr) > 0]
        n, k = len(spalten), len(reihen)
        eye = sparse.identity(k, format="csr")
        a = sparse.vstack([sparse.hstack([kuerzen(jahr, reihen, fest)[:, spalten], -eye, eye]),
                           sparse.hstack([gleich, sparse.csr_matrix((gleich.shape[0], 2 * k))])]).tocsc()
        self.x = jahr.x[spalten]
        self.n, self.k, self.m = n, k, m
        # the price of a figure is that of all cells showing it
        preis = np.zeros(len(mm.zellen))
        np.add.at(preis, jahr.vertreter, jahr.kosten)
        self.preis = preis[reihen] / preis[reihen].max() if k else preis[reihen]
        self.lp = loeser(a, np.zeros(n + 2 * k), np.concatenate([-SPIELRAUM * self.x, np.zeros(2 * k)]),
                         np.full(n + 2 * k, np.inf), kern=jahr.kern)
        self.stellen()

    def _pn(self, j: np.ndarray) -> np.ndarray:
        """The columns p and n of the rows j."""
        j = np.asarray(j, dtype=np.int64)
        return np.concatenate([self.n + j, self.n + self.k + j])

    def stellen(self) -> None:
        """Bounds and costs from the status: published now priced, suppressed free."""
        offen = self.jahr.status[self.reihen] == OFFEN
        spalten = self._pn(np.arange(self.k))
        self.lp.grenzen(spalten, np.zeros(len(spalten)), np.full(len(spalten), np.inf))
        preis = np.where(offen, self.preis, 0.0)
        self.lp.kosten(spalten, np.concatenate([preis, preis]))

    def zeuge(self, s: int, richtung: int, betrag: float) -> tuple[np.ndarray, np.ndarray]:
        """The cheapest witness moving s by `richtung · betrag` (over all atomic cells of the
        year) and the figures it changes."""
        p, n = self._pn([self.nr[s]])
        fest = np.array([betrag if richtung > 0 else 0.0, betrag if richtung < 0 else 0.0])
        self.lp.grenzen(np.array([p, n]), fest, fest)
        werte = self.lp.loesen()
        if werte is None:  # no witness within SPIELRAUM: the whole value may go
            alle = np.arange(self.n)
            self.lp.grenzen(alle, -self.x, np.full(self.n, np.inf))
            werte = self.lp.loesen()
            self.lp.grenzen(alle, -SPIELRAUM * self.x, np.full(self.n, np.inf))
        self.lp.grenzen(np.array([p, n]), np.zeros(2), np.full(2, np.inf))
        if werte is None:
            raise RuntimeError("no protection found")  # cannot happen: see `schutz`
        zeuge = np.zeros(len(self.jahr.x))
        zeuge[self.spalten] = werte[:self.n]
        delta = werte[self.n:self.n + self.k] - werte[self.n + self.k:]
        geaendert = self.reihen[np.abs(delta) > 1e-6 * max(1.0, betrag)]
        return zeuge, geaendert
