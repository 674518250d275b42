"""A read cache that also keeps the checked entries: a face that asks several use cases about
the same logs (the web app's pages) reads and checks them once per change, not once per use case.

A `Lesecache` keeps each file's read result, so a run reads only the files changed since; it
still types, validates and checks every entry in every run. A `Nachweiscache` is a `Lesecache`
that also keeps the last checked entries (`LoadResult`) of each call: while no input file has
changed (the same test as the Lesecache's: path, size, modification time), the configuration is
equal and the Ablage's closed months are the same, the next use case gets them without any
work. Pass it wherever a `Lesecache` goes::

    cache = Nachweiscache()
    quote(["nachweise/"], config, zeitraum(jahr=2025), cache=cache)     # read and checked
    bericht(["nachweise/"], config, monat("2025-03"), None, cache=cache)  # the same entries, no work

The entries are shared between the use cases that get them: nothing in kibericht changes a
`LoadResult` after it is made (the use cases derive new frames from it). Safe to share between
threads; two threads asking for the same logs at once read them once.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kibericht.ablauf import Lesecache, LoadResult
from kibericht.anwendung.datenstand import dateistand
from kibericht.konfig import KIConfig

if TYPE_CHECKING:
    from kibericht.ablage.kette import Ablagestand

GEMERKT = 4  # kinds of calls remembered (inputs × closed months × strict or not), each its newest result


def ablage_schluessel(stand: Ablagestand, bereich: tuple[str, ...] | None) -> Hashable:
    """What of the Ablage decides the comparison of entries with closed months: the closed
    months and their manifests, the Ablage's own findings, which files count as removed
    (`bereich`) and the folder relative paths start from."""
    geschlossen = tuple(sorted((m, g.sha256, g.intakt) for m, g in stand.geschlossen.items()))
    return (stand.kopf, geschlossen, tuple(stand.befunde), bereich, os.getcwd())


class Nachweiscache(Lesecache):
    """A `Lesecache` that also keeps the checked entries of the last calls (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        # per kind of call (inputs, Ablage): the state of the files, the configuration, the result
        self._ergebnisse: OrderedDict[Hashable, tuple[Hashable, KIConfig, LoadResult]] = OrderedDict()
        self._laden = threading.Lock()
        self.wiederverwendet = 0  # calls answered without reading or checking

    def ergebnis(self, eingabe: Sequence[Path | str], config: KIConfig, ablage: Hashable,
                 laden: Callable[[], LoadResult]) -> LoadResult:
        """The entries `laden()` gives for these inputs, configuration and Ablage
        (`ablage_schluessel`): remembered when nothing changed since, else loaded now."""
        with self._laden:  # one load at a time: the next caller gets what this one loaded
            schluessel = (tuple(Path(e).as_posix() for e in eingabe), ablage)
            stand = dateistand(eingabe)
            gemerkt = self._ergebnisse.get(schluessel)
            if gemerkt is not None and gemerkt[0] == stand and gemerkt[1] == config:
                self._ergebnisse.move_to_end(schluessel)
                self.gelesen = []
                self.wiederverwendet += 1
                return gemerkt[2]
            result = laden()
            # the newest result replaces the older one of the same kind (no stale entries kept),
            # under the state from before loading: a file saved while it was read has another
            # state now, so the next call reads it again
            self._ergebnisse[schluessel] = (stand, config, result)
            self._ergebnisse.move_to_end(schluessel)
            while len(self._ergebnisse) > GEMERKT:
                self._ergebnisse.popitem(last=False)
            return result
