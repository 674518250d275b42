"""The linear model behind the public tables of one year: what the figures are sums of.

Every public figure is a sum over *atomic cells*: the finest classification any table needs, per
month and block (`katalog.BLOECKE`):

- `inhalt`: Tätigkeit × Schwerpunkt × Handlungsfeld (Zieldimension and „mit Schwerpunkt“ follow
  from the Schwerpunkt); a Schwerpunkt pairs only with its own Handlungsfeld, „ohne
  Schwerpunkt“ with every one (a pair the entries of that month break, a warning only, is
  added for that month);
- `kommune`: Kommune;
- `gruppe`: Stellengruppe × Schwerpunkt.

The blocks describe the same entries, so per month their totals agree and `gruppe` agrees with
`inhalt` on the hours per Schwerpunkt (the *linking* rows). This is exactly what a reader can
know about the unseen cross-classification of all Merkmale: any non-negative blocks that satisfy
the published figures and the linking rows can be filled into a full non-negative cross table
with the same margins (the blocks meet only in the total and in the Schwerpunkt), so no attacker
working with the full cross table learns more than one working with the blocks.

A cell of a table (`Zelle`) is one row of the matrix `matrix` (cells × atomic cells): its value
is `matrix @ x`, and the contributions of each Stelle are `matrix @ beitrag.T`.

Teilnahmen and Termine are counted per Termin (`regeln.termine`), as the internal report counts
them: a Termin's participants sit on the entry `regeln.termine` chooses by content, the Termin
itself on its first entry in the order of `INHALT` (date, Stelle, …), each in that entry's atomic
cells; the order of the rows changes nothing. Every Stelle with an entry in the Termin
contributes to it, in equal parts (three Stellen at a Netzwerktreffen of 30 people: 10 each); so
a Termin attended by three Stellen does not fail the rule by itself, and one logged by a single
Stelle is that Stelle's alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np
import pandas as pd
from scipy import sparse

from kibericht.konfig import KIConfig
from kibericht.regeln.aggregation import OHNE_KOMMUNE, OHNE_SCHWERPUNKT
from kibericht.regeln.geheimhaltung.katalog import (
    BLOECKE,
    EINTRAEGE,
    KATALOG,
    MIT_SCHWERPUNKT,
    MONAT,
    STUNDEN,
    SUMME,
    TEILNAHMEN,
    TERMINE,
    Zeitraum,
    bis,
    block_der_tabelle,
    monat,
)
from kibericht.regeln.gruppen import stellengruppen
from kibericht.regeln.termine import teilnehmende_einmal, termin_nummern
from kibericht.schema import load_schema

MESSGROESSEN = (STUNDEN, EINTRAEGE, TEILNAHMEN, TERMINE)
JE_TERMIN = (TEILNAHMEN, TERMINE)  # measures carried by one entry of a Termin, shared by its Stellen
# the order of the entries: by what places them in the atomic cells and the contributions
INHALT = ["datum", "stelle", "taetigkeit", "schwerpunkt", "handlungsfeld", "kommune", "stunden"]


@dataclass(frozen=True)
class Zelle:
    """One figure of the catalogue: table, measure, Zeitraum and key (Ausprägung or SUMME per
    Merkmal of the table)."""

    tabelle: str
    messgroesse: str
    zeitraum: Zeitraum
    schluessel: tuple[str, ...]


def _extra(werte: pd.Series, bekannt: list[str]) -> list[str]:
    return sorted(set(werte.dropna()) - set(bekannt))


@dataclass
class Auspraegungen:
    """The values each Merkmal can take: the configured ones first (in their order), then any
    other value the entries hold."""

    werte: dict[str, tuple[str, ...]]
    sp_hf: dict[str, str]  # Schwerpunkt → its Handlungsfeld
    sp_zd: dict[str, str]  # Schwerpunkt → its Zieldimension
    gruppe_von: dict[str, str]  # Stelle → its Stellengruppe

    @classmethod
    def aus(cls, config: KIConfig, eintraege: pd.DataFrame) -> Auspraegungen:
        sp = [s.id for s in config.schwerpunkte]
        sp_alle = [*sp, *_extra(eintraege["schwerpunkt"], sp), OHNE_SCHWERPUNKT]
        handlungsfelder = tuple(load_schema().handlungsfelder)
        hf = [*handlungsfelder, *_extra(eintraege["handlungsfeld"], handlungsfelder)]
        taetigkeiten = list(config.taetigkeiten)
        kommunen = [*config.kommunen_mit_kreisweit, OHNE_KOMMUNE]
        gruppen = stellengruppen(config)
        gruppe_von = {s.id: g.name for g in gruppen for s in g.stellen}
        sp_zd = {s.id: s.zieldimension for s in config.schwerpunkte}
        zieldimensionen = tuple(load_schema().zieldimensionen)
        zd = [*zieldimensionen, *sorted(set(sp_zd.values()) - set(zieldimensionen)), OHNE_SCHWERPUNKT]
        return cls(
            werte={
                "taetigkeit": (*taetigkeiten, *_extra(eintraege["taetigkeit"], taetigkeiten)),
                "schwerpunkt": tuple(sp_alle),
                "handlungsfeld": tuple(hf),
                "zieldimension": tuple(zd),
                "bindung": (MIT_SCHWERPUNKT, OHNE_SCHWERPUNKT),
                "kommune": (*kommunen, *_extra(eintraege["kommune"], kommunen)),
                "stellengruppe": tuple(g.name for g in gruppen),
            },
            sp_hf={s.id: s.handlungsfeld for s in config.schwerpunkte},
            sp_zd=sp_zd,
            gruppe_von=gruppe_von,
        )

    def abgeleitet(self, block: str, key: tuple[str, ...]) -> dict[str, str]:
        """The value of every Merkmal an atomic cell of `block` determines."""
        werte = dict(zip(BLOECKE[block], key, strict=True))
        if "schwerpunkt" in werte:
            sp = werte["schwerpunkt"]
            werte["zieldimension"] = self.sp_zd.get(sp, OHNE_SCHWERPUNKT)
            werte["bindung"] = OHNE_SCHWERPUNKT if sp == OHNE_SCHWERPUNKT else MIT_SCHWERPUNKT
        return werte

    def atomar(self, block: str, paare: set[tuple[str, str]]) -> list[tuple[str, ...]]:
        """The atomic cells of a block in a month; `paare`: (Schwerpunkt, Handlungsfeld) pairs
        of that month's entries outside the configured nesting."""
        w = self.werte
        if block == "inhalt":
            sph = [(sp, hf) for sp in w["schwerpunkt"] for hf in w["handlungsfeld"]
                   if sp == OHNE_SCHWERPUNKT or self.sp_hf.get(sp) == hf or (sp, hf) in paare]
            return [(t, sp, hf) for t in w["taetigkeit"] for sp, hf in sph]
        return [tuple(k) for k in product(*(w[m] for m in BLOECKE[block]))]


def _vorbereiten(eintraege: pd.DataFrame, a: Auspraegungen) -> pd.DataFrame:
    frame = pd.DataFrame({
        "monat": eintraege["datum"].dt.month.astype(int),
        "stelle": eintraege["stelle"].astype(str),
        "taetigkeit": eintraege["taetigkeit"].astype(str),
        "schwerpunkt": eintraege["schwerpunkt"].fillna(OHNE_SCHWERPUNKT).astype(str),
        "handlungsfeld": eintraege["handlungsfeld"].astype(str),
        "kommune": eintraege["kommune"].fillna(OHNE_KOMMUNE).astype(str),
        STUNDEN: eintraege["stunden"].astype(float),
        EINTRAEGE: 1.0,
    }, index=eintraege.index)
    if len(eintraege):
        frame[TEILNAHMEN] = teilnehmende_einmal(eintraege).fillna(0.0).astype(float)
        frame["termin"] = termin_nummern(eintraege).to_numpy()
        frame[TERMINE] = (~frame["termin"].duplicated()).astype(float)
    else:
        frame[TEILNAHMEN] = frame["termin"] = frame[TERMINE] = 0.0
    frame["stellengruppe"] = frame["stelle"].map(a.gruppe_von).fillna(frame["stelle"])
    return frame


@dataclass
class Messmodell:
    """The cells of one measure over the months 1..L and the matrix that sums them."""

    messgroesse: str
    zellen: list[Zelle]
    matrix: sparse.csr_matrix  # cells × atomic cells
    werte: np.ndarray  # per cell
    beitraege: np.ndarray  # cells × Stellen
    schritt: np.ndarray  # per cell: the month whose report first publishes it


@dataclass
class Modell:
    """The atomic cells of a year's months 1..L, their values, and the cells of the catalogue."""

    jahr: int
    letzter: int
    stellen: tuple[str, ...]
    var_monat: np.ndarray
    var_block: np.ndarray  # index into BLOECKE
    x: dict[str, np.ndarray]  # per measure: value of each atomic cell
    verknuepfung: sparse.csr_matrix  # linking rows: each row's sum is 0 for every true table
    mess: dict[str, Messmodell] = field(default_factory=dict)


def modell(eintraege: pd.DataFrame, config: KIConfig, jahr: int, letzter: int) -> Modell:
    """The model of the months 1..`letzter` of `jahr` from the valid entries (others ignored)."""
    dates = eintraege["datum"]
    im_jahr = eintraege[(dates.dt.year == jahr) & (dates.dt.month <= letzter)] if len(eintraege) \
        else eintraege
    # in an order of their content, not of their rows: which entry of a Termin carries it
    # (and so which atomic cells) never depends on how the rows were read
    im_jahr = im_jahr.sort_values(INHALT, kind="mergesort", na_position="last")
    a = Auspraegungen.aus(config, im_jahr)
    rows = _vorbereiten(im_jahr, a)
    stellen = tuple(sorted({*(s.id for s in config.stellen), *rows["stelle"]}))
    stelle_nr = {s: i for i, s in enumerate(stellen)}
    blocknamen = list(BLOECKE)

    var_monat: list[int] = []
    var_block: list[int] = []
    var_index: dict[tuple[int, str, tuple[str, ...]], int] = {}
    per_entry = {b: np.zeros(len(rows), dtype=np.int64) for b in blocknamen}
    positionen = {m: np.flatnonzero(rows["monat"].to_numpy() == m) for m in range(1, letzter + 1)}
    for m in range(1, letzter + 1):
        teil = rows.iloc[positionen[m]]
        paare = {(sp, hf) for sp, hf in zip(teil["schwerpunkt"], teil["handlungsfeld"], strict=True)
                 if sp != OHNE_SCHWERPUNKT and a.sp_hf.get(sp) != hf}
        for b_nr, block in enumerate(blocknamen):
            for key in a.atomar(block, paare):
                var_index[(m, block, key)] = len(var_monat)
                var_monat.append(m)
                var_block.append(b_nr)
            keys = zip(*(teil[c] for c in BLOECKE[block]), strict=True)
            per_entry[block][positionen[m]] = [var_index[(m, block, tuple(k))] for k in keys]
    n = len(var_monat)
    x: dict[str, np.ndarray] = {}
    beitrag: dict[str, np.ndarray] = {}
    stelle_idx = rows["stelle"].map(stelle_nr).to_numpy(dtype=np.int64)
    for mess in MESSGROESSEN:
        wer, wo, werte = _beitragende(rows, mess, stelle_idx)
        # every block holds every entry once; contributions per Stelle and atomic cell
        b = np.zeros((len(stellen), n))
        for block in blocknamen:
            np.add.at(b, (wer, per_entry[block][wo]), werte)
        beitrag[mess] = b
        x[mess] = b.sum(axis=0)

    var_keys = [None] * n
    for (m, block, key), i in var_index.items():
        var_keys[i] = (m, block, key)
    result = Modell(jahr, letzter, stellen, np.array(var_monat, dtype=np.int64),
                    np.array(var_block, dtype=np.int64), x, _verknuepfung(var_keys, letzter))
    for mess in MESSGROESSEN:
        result.mess[mess] = _messmodell(mess, a, var_keys, x[mess], beitrag[mess], letzter)
    return result


def _beitragende(rows: pd.DataFrame, mess: str, stelle_idx: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who contributes what where: (Stelle, position of the entry whose atomic cells hold it,
    amount). Hours and entries: each entry its own Stelle's. Teilnahmen and Termine: the value
    on the entry that carries the Termin, shared equally by every Stelle with an entry in it."""
    werte = rows[mess].to_numpy(dtype=float)
    if mess not in JE_TERMIN or not len(rows):
        return stelle_idx, np.arange(len(rows)), werte
    termin = rows["termin"].to_numpy()
    traeger = np.flatnonzero(werte > 0)  # the carrying entry of each Termin with a value
    traeger_von = dict(zip(termin[traeger], traeger, strict=True))
    paare = pd.DataFrame({"termin": termin, "stelle": stelle_idx}).drop_duplicates()
    paare = paare[paare["termin"].isin(traeger_von)]
    anzahl = paare.groupby("termin")["stelle"].transform("size").to_numpy(dtype=float)
    wo = paare["termin"].map(traeger_von).to_numpy(dtype=np.int64)
    return paare["stelle"].to_numpy(dtype=np.int64), wo, werte[wo] / anzahl


def _verknuepfung(var_keys, letzter: int) -> sparse.csr_matrix:
    """Per month: Σ kommune = Σ inhalt, and per Schwerpunkt Σ gruppe = Σ inhalt."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    index: dict[tuple, int] = {}

    def add(row_key: tuple, col: int, val: float) -> None:
        r = index.setdefault(row_key, len(index))
        rows.append(r)
        cols.append(col)
        vals.append(val)

    for i, (m, block, key) in enumerate(var_keys):
        if block == "inhalt":
            add((m, "gesamt"), i, -1.0)
            add((m, "sp", key[1]), i, -1.0)
        elif block == "kommune":
            add((m, "gesamt"), i, 1.0)
        else:
            add((m, "sp", key[1]), i, 1.0)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(index), len(var_keys)))


def _messmodell(mess: str, a: Auspraegungen, var_keys, x: np.ndarray, beitrag: np.ndarray,
                letzter: int) -> Messmodell:
    # the derived values of each atomic cell, once
    abgeleitet = [a.abgeleitet(block, key) for _, block, key in var_keys]
    var_monat = np.array([m for m, _, _ in var_keys], dtype=np.int64)
    blocks = np.array([block for _, block, _ in var_keys], dtype=object)
    zellen: list[Zelle] = []
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    schritt: list[int] = []
    for tabelle in KATALOG:
        if mess not in tabelle.messgroessen:
            continue
        block = block_der_tabelle(tabelle)
        im_block = np.flatnonzero(blocks == block)
        # for each atomic cell of the block, its key in this table
        keys = [tuple(abgeleitet[i][mm] for mm in tabelle.merkmale) for i in im_block]
        rand = (SUMME,) if tabelle.raender else ()
        schluessel = list(product(*[(*a.werte[mm], *rand) for mm in tabelle.merkmale]))
        nr = {k: j for j, k in enumerate(schluessel)}
        # which cells of the table each atomic cell falls into (its key with any Merkmal summed)
        paar_atom: list[int] = []
        paar_zelle: list[int] = []
        for i, k in zip(im_block, keys, strict=True):
            for v in product(*[(v, *rand) for v in k]):
                j = nr.get(v)
                if j is not None:
                    paar_atom.append(i)
                    paar_zelle.append(j)
        atom = np.array(paar_atom, dtype=np.int64)
        zelle = np.array(paar_zelle, dtype=np.int64)
        monat_des_paars = var_monat[atom]
        for m in range(1, letzter + 1):
            for zeitraum in (monat(m), bis(m)):
                if zeitraum.art not in tabelle.zeitraeume:
                    continue
                basis = len(zellen)
                zellen.extend(Zelle(tabelle.name, mess, zeitraum, k) for k in schluessel)
                schritt.extend([m] * len(schluessel))
                drin = monat_des_paars == m if zeitraum.art == MONAT else monat_des_paars <= m
                rows.append(basis + zelle[drin])
                cols.append(atom[drin])
    rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(zellen), len(var_keys)))
    matrix.sum_duplicates()
    return Messmodell(mess, zellen, matrix, matrix @ x, (matrix @ beitrag.T), np.array(schritt))
