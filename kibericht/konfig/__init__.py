"""Stage 1: the configuration `ki.toml` of one KI, read into typed, frozen objects.

    >>> config = load_config("ki.toml")          # doctest: +SKIP
    >>> load_config("gibt-es-nicht.toml")          # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kibericht.konfig.modell.ConfigError: Konfiguration „gibt-es-nicht.toml“ nicht gefunden. Geben Sie ...

Every key of ki.toml is described once in `schluessel` (type, range, default, German label and
help); the loader and a form field (`feldpruefung`: `pruefe_feld`, `aus_formular`) check values
with it.
"""

from kibericht.konfig.feldpruefung import Feldpruefung, aus_formular, pruefe_feld
from kibericht.konfig.ki_kennung import ki_kennung
from kibericht.konfig.laden import load_config, parse_config
from kibericht.konfig.modell import (
    EINTRAEGE,
    NICHT_PAUSCHAL,
    TERMINE,
    Besetzung,
    ConfigError,
    JahresWert,
    KIConfig,
    Meilenstein,
    Oeffentlich,
    Programm,
    Regeln,
    Schwerpunkt,
    Stelle,
)
from kibericht.konfig.schluessel import SCHLUESSEL, Schluessel, schluessel_tabelle

__all__ = ["EINTRAEGE", "NICHT_PAUSCHAL", "SCHLUESSEL", "TERMINE", "Besetzung", "ConfigError",
           "Feldpruefung", "JahresWert", "KIConfig", "Meilenstein", "Oeffentlich", "Programm", "Regeln",
           "Schluessel", "Schwerpunkt", "Stelle", "aus_formular", "ki_kennung", "load_config",
           "parse_config", "pruefe_feld", "schluessel_tabelle"]
