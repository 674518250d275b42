"""Stage 1: the configuration `ki.toml` of one KI, read into typed, frozen objects.

    >>> config = load_config("ki.toml")          # doctest: +SKIP
"""

from kibericht.konfig.laden import load_config, parse_config
from kibericht.konfig.modell import (
    NICHT_PAUSCHAL,
    Besetzung,
    ConfigError,
    JahresWert,
    KIConfig,
    Meilenstein,
    Programm,
    Regeln,
    Schwerpunkt,
    Stelle,
)

__all__ = ["NICHT_PAUSCHAL", "Besetzung", "ConfigError", "JahresWert", "KIConfig", "Meilenstein",
           "Programm", "Regeln", "Schwerpunkt", "Stelle", "load_config", "parse_config"]
