"""The compliance verdict of a period and the exit code it gives, decided in one place.

Exit codes of every command: 0 fine · 1 data errors in the input · 2 usage or configuration
error · 3 a compliance check failed (the Schwerpunkt quota not met, a programme over its cap) ·
130 interrupted (Ctrl+C or SIGTERM, as shells report a process ended by SIGINT).

    >>> Urteil(quote_erfuellt=False).exit_code, Urteil(quote_erfuellt=None).exit_code
    (3, 0)
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_DATEN = 1
EXIT_AUFRUF = 2
EXIT_PRUEFUNG = 3
EXIT_ABGEBROCHEN = 130


@dataclass(frozen=True)
class Urteil:
    """`quote_erfuellt` None: no hours, the quota is neither met nor failed; `ueberschritten`:
    the programmes whose entitlement exceeds their cap."""

    quote_erfuellt: bool | None = None
    ueberschritten: tuple[str, ...] = ()

    @property
    def bestanden(self) -> bool:
        return self.quote_erfuellt is not False and not self.ueberschritten

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.bestanden else EXIT_PRUEFUNG
