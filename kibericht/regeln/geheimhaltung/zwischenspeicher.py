"""The decisions of a year, kept while the process runs: the same entries are decided once.

The disclosure control is a deterministic function of the entries of the year up to its last
month, the configuration and the thresholds; so its result can be kept and handed out again
(a report and its Meldung, the months of the web app). More than that: month m is decided with
the data to m only (`schutz`), so the decisions of January to L also answer every L′ < L whose
entries to L′ are the same — the figures of the months 1..L′, as a computation for L′ would give
them.

    >>> speicher = Zwischenspeicher()
    >>> g = speicher.holen(eintraege, config, 2025, 12, schwellen, rechnen)    # doctest: +SKIP

Keys are SHA-256 fingerprints (`fingerabdruecke`): of what the control takes from the
configuration and the thresholds, then, chained month by month, of the entries of each month in
an order of their content (the order of the rows changes nothing). Reports in several threads
(a web server) share one store: a computation running for a key is waited for, not repeated.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import pandas as pd

from kibericht.konfig import KIConfig
from kibericht.regeln.geheimhaltung.ergebnis import Geheimhaltung
from kibericht.regeln.geheimhaltung.regel import Schwellen
from kibericht.regeln.gruppen import stellengruppen
from kibericht.schema import load_schema

SPALTEN = ["datum", "stelle", "taetigkeit", "schwerpunkt", "handlungsfeld", "kommune", "stunden",
           "teilnehmende"]
GROESSE = 8  # results kept (the latest used)


def _konfig_abdruck(config: KIConfig, schwellen: Schwellen) -> bytes:
    schema = load_schema()
    teile = (
        repr(schwellen),
        [(s.id, s.handlungsfeld, s.zieldimension) for s in config.schwerpunkte],
        list(config.taetigkeiten), list(config.kommunen_mit_kreisweit),
        [s.id for s in config.stellen],
        [(g.name, [s.id for s in g.stellen]) for g in stellengruppen(config)],
        list(schema.handlungsfelder), list(schema.zieldimensionen),
    )
    return hashlib.sha256(repr(teile).encode("utf-8")).digest()


def _nur_bekannte(config: KIConfig, eintraege: pd.DataFrame) -> bool:
    """Whether every value of the entries is one the configuration knows (then the cells of a
    month do not depend on later months' entries)."""
    sp = {s.id for s in config.schwerpunkte}
    return bool(eintraege["taetigkeit"].isin(list(config.taetigkeiten)).all()
                and (eintraege["schwerpunkt"].isna() | eintraege["schwerpunkt"].isin(sp)).all()
                and eintraege["handlungsfeld"].isin(list(load_schema().handlungsfelder)).all()
                and (eintraege["kommune"].isna()
                     | eintraege["kommune"].isin(list(config.kommunen_mit_kreisweit))).all())


def fingerabdruecke(eintraege: pd.DataFrame, config: KIConfig, jahr: int, letzter: int,
                    schwellen: Schwellen) -> tuple[list[bytes], bool]:
    """The fingerprints of January to m for m = 0..`letzter` (0: the configuration alone) and
    whether they may stand for each other (see `_nur_bekannte`)."""
    if len(eintraege):
        d = eintraege["datum"]
        teil = eintraege.loc[(d.dt.year == jahr) & (d.dt.month <= letzter), SPALTEN]
    else:
        teil = pd.DataFrame(columns=SPALTEN)
    h = hashlib.sha256(b"%d" % jahr + _konfig_abdruck(config, schwellen)).digest()
    kette = [h]
    if len(teil):
        monat_ = teil["datum"].dt.month.to_numpy()
        spalten = [teil[c].map(repr).to_numpy(dtype=object) for c in SPALTEN]
        text = np.array(["\x1f".join(z) for z in zip(*spalten, strict=True)], dtype=object)
        for m in range(1, letzter + 1):
            zeilen = sorted(text[monat_ == m])
            h = hashlib.sha256(h + "\x1e".join(zeilen).encode("utf-8")).digest()
            kette.append(h)
    else:
        kette.extend(hashlib.sha256(h + b"%d" % m).digest() for m in range(1, letzter + 1))
    return kette, (not len(teil)) or _nur_bekannte(config, teil)


def bis_monat(g: Geheimhaltung, letzter: int) -> Geheimhaltung:
    """The decisions of the months 1..`letzter` of a year decided further."""
    if letzter == g.letzter:
        return g
    return Geheimhaltung(g.jahr, letzter, g.schwellen,
                         {k: z for k, z in g.zahlen.items() if k[2].monat <= letzter})


class Zwischenspeicher:
    """Results of the disclosure control by fingerprint (see the module), thread-safe."""

    def __init__(self, groesse: int = GROESSE):
        self.groesse = groesse
        self._sperre = threading.Lock()
        self._ergebnisse: OrderedDict[bytes, Geheimhaltung] = OrderedDict()
        self._vorsilben: dict[bytes, tuple[bytes, int]] = {}  # fingerprint of 1..m → (result, m)
        self._laufend: dict[bytes, threading.Lock] = {}

    def leeren(self) -> None:
        with self._sperre:
            self._ergebnisse.clear()
            self._vorsilben.clear()

    def _suchen(self, h: bytes) -> tuple[Geheimhaltung, int] | None:
        ort = self._vorsilben.get(h)
        if ort is None or ort[0] not in self._ergebnisse:
            return None
        self._ergebnisse.move_to_end(ort[0])
        return self._ergebnisse[ort[0]], ort[1]

    def holen(self, eintraege: pd.DataFrame, config: KIConfig, jahr: int, letzter: int, schwellen: Schwellen,
              rechnen: Callable[[], Geheimhaltung]) -> Geheimhaltung:
        """The result for these arguments: kept, or `rechnen()` (once, whatever the threads)."""
        kette, vorsilben = fingerabdruecke(eintraege, config, jahr, letzter, schwellen)
        h = kette[letzter]
        with self._sperre:
            gefunden = self._suchen(h)
            if gefunden is None:
                laeuft = self._laufend.setdefault(h, threading.Lock())
        if gefunden is not None:
            return bis_monat(*gefunden)
        with laeuft:
            with self._sperre:
                gefunden = self._suchen(h)
            if gefunden is not None:
                return bis_monat(*gefunden)
            g = rechnen()
            with self._sperre:
                self._ergebnisse[h] = g
                for m, hm in enumerate(kette):
                    if m == letzter or (vorsilben and m >= 1):
                        self._vorsilben[hm] = (h, m)
                while len(self._ergebnisse) > self.groesse:
                    alt, _ = self._ergebnisse.popitem(last=False)
                    self._vorsilben = {k: v for k, v in self._vorsilben.items() if v[0] != alt}
                self._laufend.pop(h, None)
        return g


SPEICHER = Zwischenspeicher()
