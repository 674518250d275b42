"""The KI's short code: as set in ki.toml, or derived from the name by a fixed rule."""

from __future__ import annotations

import re

import pytest

from kibericht.konfig.ki_kennung import KENNUNG_MUSTER, ki_kennung


@pytest.mark.parametrize(("name", "kennung"), [
    ("Kommunales Integrationszentrum StädteRegion Aachen (Beispiel)", "KI-STAEDTEREGION-AACHEN"),
    ("Kommunales Integrationszentrum des Rhein-Sieg-Kreises", "KI-RHEIN-SIEG-KREISES"),
    ("Kommunales Integrationszentrum Kreis Lippe", "KI-KREIS-LIPPE"),
    ("KI Testkreis", "KI-TESTKREIS"),
    ("Kommunales Integrationszentrum für die Stadt Köln", "KI-STADT-KOELN"),
    ("Kommunale Integrationszentrum Münster [Entwurf]", "KI-MUENSTER"),
    ("Kommunales Integrationszentrum", "KI"),
    ("", "KI"),
    # whole words are dropped from the end until at most 32 characters are left
    ("Kommunales Integrationszentrum Ennepe-Ruhr-Kreis und Märkischer Kreis",
     "KI-ENNEPE-RUHR-KREIS-MAERKISCHER"),
    ("Integrationszentrum Donaudampfschifffahrtsgesellschaftskapitänskajüte",
     "KI-DONAUDAMPFSCHIFFFAHRTSGESELLS"),
    ("Kommunales Integrationszentrum Łódź Ærø", "KI-LODZ-AEROE"),
])
def test_derived_from_the_name(name, kennung):
    assert ki_kennung(name) == kennung
    assert len(kennung) <= 32 and re.fullmatch(KENNUNG_MUSTER, kennung) or kennung == "KI"


def test_the_same_name_gives_the_same_code():
    name = "Kommunales Integrationszentrum Kreis Düren"
    assert ki_kennung(name) == ki_kennung(name) == "KI-KREIS-DUEREN"


@pytest.mark.parametrize(("text", "ok"), [("KI-AC", True), ("KI-1", True), ("AC", True), ("K", False),
                                          ("KI--AC", False), ("-KI", False), ("KI AC", False),
                                          ("KI-ÄC", False), ("A" * 32, True), ("A" * 33, False)])
def test_pattern(text, ok):
    assert bool(re.fullmatch(KENNUNG_MUSTER, text)) is ok
