"""kibericht: Berichtspflicht und Förder-Controlling für Kommunale Integrationszentren (NRW)."""

__version__ = "0.1.0"
