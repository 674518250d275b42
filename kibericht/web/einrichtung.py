"""The guided setup's draft a server holds while its pages are filled in: one draft of the
ki.toml the server was started with, begun from that file (to edit it, comments kept) or, when
there is none, empty — and written only to that file.

    stand = Einrichtungsstand(Path("ki.toml"))
    entwurf = stand.entwurf()                 # read from ki.toml the first time
    stand.setzen(pruefe_schritt(entwurf, "stelle", formular).entwurf)
    stand.speichern()                         # anwendung.einrichtung.speichern, then begun anew

The draft lives in the server's memory only (a server serves the one person who started it);
`verwerfen` drops it, and the next page begins again from the file. Writing goes through the
use case, which refuses a file changed on disk since the draft was read from it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the setup's use case (tomlkit, the loader): with the first page of the setup
    from kibericht.anwendung import einrichtung as ein


class Einrichtungsstand:
    """The draft of one server's ki.toml (see the module)."""

    def __init__(self, konfig_datei: Path) -> None:
        self.konfig_datei = konfig_datei
        self._entwurf: ein.Entwurf | None = None
        self.zuletzt: ein.Speicherergebnis | None = None  # what the last save wrote (for its page)
        self._sperre = threading.Lock()

    @property
    def begonnen(self) -> bool:
        """Whether a draft is held (answers may differ from the file)."""
        return self._entwurf is not None

    def entwurf(self) -> ein.Entwurf:
        """The draft; begun from ki.toml when there is none (an Aufruffehler when the file
        cannot be read or is no TOML), else empty."""
        from kibericht.anwendung import einrichtung as ein

        with self._sperre:
            if self._entwurf is None:
                self._entwurf = (ein.entwurf_aus_datei(self.konfig_datei) if self.konfig_datei.is_file()
                                 else ein.neuer_entwurf())
            return self._entwurf

    def setzen(self, entwurf: ein.Entwurf) -> None:
        with self._sperre:
            self._entwurf = entwurf

    def verwerfen(self) -> None:
        with self._sperre:
            self._entwurf = None

    def speichern(self) -> ein.Speicherergebnis:
        """Write the draft to ki.toml (the use case's checks and refusals apply); afterwards
        the next page begins from the file written."""
        from kibericht.anwendung import einrichtung as ein

        with self._sperre:
            if self._entwurf is None:
                raise ValueError("no draft to save")
            ergebnis = ein.speichern(self._entwurf, self.konfig_datei)
            self._entwurf = None
            return ergebnis
