"""Values the pages compute once and show many times: a month's report, its sections and charts,
the overview — each kept under a key that includes the `Datenstand` it was computed for, so a
changed workbook, ki.toml or Ablage gives a new key and the value is computed again.

Twenty browser tabs asking for the same month at once compute it once: the first request
computes, the others wait for its value (or its exception). The oldest values are dropped
beyond `GROESSE`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")
GROESSE = 64


class Zwischenspeicher:
    """Computed values by key, computed once per key (see the module)."""

    def __init__(self, groesse: int = GROESSE) -> None:
        self._werte: OrderedDict[Hashable, Future[Any]] = OrderedDict()
        self._sperre = threading.Lock()
        self._groesse = groesse
        self.berechnet = 0  # how many values were computed (not taken from here)

    def holen(self, schluessel: Hashable, berechnen: Callable[[], T]) -> T:
        """The value of `schluessel`, computed with `berechnen()` when it is not here yet. An
        exception is raised to every caller waiting for it, and not kept."""
        with self._sperre:
            future = self._werte.get(schluessel)
            eigen = future is None
            if future is None:
                future = Future()
                self._werte[schluessel] = future
                while len(self._werte) > self._groesse:
                    self._werte.popitem(last=False)
            else:
                self._werte.move_to_end(schluessel)
        if eigen:
            try:
                future.set_result(berechnen())
                self.berechnet += 1
            except BaseException as exc:
                future.set_exception(exc)
                with self._sperre:
                    if self._werte.get(schluessel) is future:
                        del self._werte[schluessel]
        wert: T = future.result()
        return wert

    def leeren(self) -> None:
        with self._sperre:
            self._werte.clear()
