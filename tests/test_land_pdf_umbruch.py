"""The Landesübersicht on paper: a KI's Kennung as kibericht derives it from the name
(KI-RHEIN-SIEG-KREIS, up to 32 characters) breaks after a hyphen in the narrow KI column of
„Stand je KI“, never inside a word („KI-RHEIN-SIEG-KRE“ / „IS“)."""

from __future__ import annotations

import pytest
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph

from kibericht.land import pdf

KENNUNGEN = ["KI-RHEIN-SIEG-KREIS", "KI-STAEDTEREGION-AACHEN", "KI-MAERKISCHER-KREIS",
             "KI-KREIS-SIEGEN-WITTGENSTEIN", "KI-ENNEPE-RUHR-KREIS"]


@pytest.mark.parametrize("kennung", KENNUNGEN)
def test_a_kennung_breaks_after_a_hyphen(kennung):
    pdf._schriften()
    absatz = Paragraph(kennung, pdf._stile()["zelle"])
    absatz.wrap(3.0 * cm - 12, 100)  # the KI column of „Stand je KI“ less the cell's padding
    zeilen = ["".join(map(str, teile)) for _breite, teile in absatz.blPara.lines]
    assert "".join(zeilen) == kennung
    assert all(z.endswith("-") for z in zeilen[:-1]), zeilen
