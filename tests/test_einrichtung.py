"""Reading an existing ki.toml into a draft (konfig/einrichtung): every value kept, a wrong one as
a `Rohwert` with the loader's message, the years its amounts are given for."""

from __future__ import annotations

import datetime as dt

import pytest

from kibericht.konfig import ConfigError
from kibericht.konfig.einrichtung import BesetzungEntwurf, Rohwert, entwurf_aus_text

SAMPLE_AEHNLICH = """# Kopf
[ki]
name = "KI"
kommunen = ["Alfter", "Bornheim"]
kennung = "KI-X"

[regeln]
anteilig = "volle_monate"
stundentakt = 0.25

[[programme]]
name = "KI"
hoechstbetrag = { 2025 = 193500, 2026 = 193500 }

[[stellen]]
id = "FK1"
art = "Fachkraft"
foerderung = "KI"
pauschale = "57.000 €"
besetzt = [ { von = 2025-01-01, bis = 2025-05-15 }, { von = 2025-07-01, umfang = 0.5 } ]
umfang = 1.0
"""


def test_a_file_becomes_a_draft_and_a_wrong_value_is_kept():
    e = entwurf_aus_text(SAMPLE_AEHNLICH)
    assert (e.name, e.kommunen, e.anteilig, e.jahre, e.vorlage) == (
        "KI", ("Alfter", "Bornheim"), "volle_monate", (2025, 2026), SAMPLE_AEHNLICH)
    s = e.stellen[0]
    assert isinstance(s.pauschale, Rohwert) and s.pauschale.wert == "57.000 €"
    assert "pauschale = 57000" in s.pauschale.meldung
    assert s.besetzt == (BesetzungEntwurf(dt.date(2025, 1, 1), dt.date(2025, 5, 15)),
                         BesetzungEntwurf(dt.date(2025, 7, 1), None, 0.5))
    assert (s.herkunft, e.programme[0].herkunft) == (0, 0)


def test_no_toml_is_a_config_error_with_line():
    with pytest.raises(ConfigError) as fehler:
        entwurf_aus_text('[ki]\nname = "KI\n')
    assert [f.zeile for f in fehler.value.befunde] == [2]
