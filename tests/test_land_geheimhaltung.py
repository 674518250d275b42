"""The disclosure control of the public reports as the Meldung's: one pattern per year, the
Meldung's cells withheld exactly where the engine withholds the same figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kibericht.land.geheimhaltung import (
    GRUND,
    OeffentlicheGeheimhaltung,
    geheimhaltung_der_meldung,
)
from kibericht.land.meldung import MeldungFehler, Zelle, je_termin, meldungsinhalt
from kibericht.periode import Periode
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.geheimhaltung import MIT_SCHWERPUNKT, bis, geheimhaltung, monat
from tests.conftest import entry
from tests.meldung_helfer import FEBRUAR, MAERZ, berichte, kette

MAERZ_2025 = Periode.parse_monat("2025-03")
# March with a Netzwerktreffen of SP1 logged by FK2 and L1 (one Termin, 12 Teilnehmende)
TERMIN = [*MAERZ, entry(10, "FK2", "Bildung", "SP1", "Netzwerktreffen", "Alfter", 1.0, 12),
          entry(10, "L1", "Bildung", "SP1", "Netzwerktreffen", "Alfter", 1.0, 12)]


def _meldung(tmp_path, config, zeilen=None):
    b, bis_monat = berichte(tmp_path, config, [*FEBRUAR, *(zeilen or TERMIN)])
    entries = bis_monat.eintraege
    g = geheimhaltung_der_meldung(entries, config, MAERZ_2025)
    glieder = kette("2025-02", "2025-03")
    return meldungsinhalt(b, glieder[-1], g, bis_monat=bis_monat, kette=glieder), g, entries


def _katalog(ressource: str, key: str) -> tuple[str, tuple[str, ...]]:
    """The engine's table and key of a row of the Meldung (written out here, not taken from the
    adapter)."""
    tabelle = {"nach_handlungsfeld": "handlungsfeld", "nach_schwerpunkt": "schwerpunkt",
               "nach_zieldimension": "zieldimension", "nach_taetigkeit": "taetigkeit",
               "nach_kommune": "kommune"}[ressource]
    return tabelle, (OHNE_SCHWERPUNKT if (ressource, key) == ("nach_zieldimension", "ohne") else key,)


def test_every_figure_is_withheld_exactly_where_the_public_reports_withhold_it(tmp_path, config):
    inhalt, g, entries = _meldung(tmp_path, config)
    engine = geheimhaltung(je_termin(entries), config, MAERZ_2025)
    gesehen = {"gesperrt": 0, "veroeffentlicht": 0}
    for ressource in ("nach_handlungsfeld", "nach_schwerpunkt", "nach_zieldimension", "nach_taetigkeit",
                      "nach_kommune"):
        for z in inhalt.zeilen(ressource):
            zeitraum = monat(3) if z["zeitraum"] == "monat" else bis(3)
            tabelle, key = _katalog(ressource, z[ressource.removeprefix("nach_")])
            for mess, feld in (("stunden", "stunden"), ("teilnahmen", "teilnahmen")):
                zahl = engine.zahl(tabelle, mess, zeitraum, *key)
                if zahl.geheim:
                    assert (z[feld], z[f"{feld}_sperre"]) == (None, GRUND.format(zahl.grund))
                    gesehen["gesperrt"] += 1
                else:
                    assert z[feld] == (Decimal(str(zahl.wert)).quantize(Decimal("0.01")) if mess == "stunden"
                                       else int(zahl.wert))
                    assert z[f"{feld}_sperre"] is None
                    gesehen["veroeffentlicht"] += 1
    for z in inhalt.zeilen("kennzahlen"):
        zeitraum = monat(3) if z["zeitraum"] == "monat" else bis(3)
        assert (z["stunden"] is None) == engine.zahl("gesamt", "stunden", zeitraum).geheim
        assert (z["stunden_schwerpunkte"] is None) == \
            engine.zahl("schwerpunktbindung", "stunden", zeitraum, MIT_SCHWERPUNKT).geheim
    assert gesehen["gesperrt"] and gesehen["veroeffentlicht"]  # both kinds occur
    # FK1 alone in Querschnitt in March: primary; its reason as the public report gives it
    quer = next(z for z in inhalt.zeilen("nach_handlungsfeld")
                if (z["zeitraum"], z["handlungsfeld"]) == ("monat", "Querschnitt"))
    assert quer["stunden_sperre"] == "Zahlenwert geheim zu halten (primär: weniger als 3 Stellen)"


def test_teilnahmen_count_each_termin_once_as_the_report_does(tmp_path, config):
    inhalt, _, entries = _meldung(tmp_path, config)
    b, bis_monat = berichte(tmp_path / "b", config, [*FEBRUAR, *TERMIN])
    monat_ = next(z for z in inhalt.zeilen("kennzahlen") if z["zeitraum"] == "monat")
    # 3 + 2 + 5 + 10 + 12 (the Netzwerktreffen of FK2 and L1, once) = 32, as the report counts
    assert b.summary.teilnehmende == monat_["teilnahmen"] == 32
    # the engine counts each Termin once itself: fed the raw entries it decides about the same
    # figures (32, not 44), so the Meldung is made
    roh = OeffentlicheGeheimhaltung(geheimhaltung(entries, config, MAERZ_2025), 3)
    glieder = kette("2025-02", "2025-03")
    mit_roh = meldungsinhalt(b, glieder[-1], roh, bis_monat=bis_monat, kette=glieder)
    assert next(z for z in mit_roh.zeilen("kennzahlen") if z["zeitraum"] == "monat")["teilnahmen"] == 32


def test_a_figure_the_engine_decided_with_another_value_refuses_the_meldung(tmp_path, config):
    b, bis_monat = berichte(tmp_path, config, [*FEBRUAR, *TERMIN])
    # the engine fed with other entries (one entry less) than the report
    anders = geheimhaltung_der_meldung(bis_monat.eintraege.iloc[1:], config, MAERZ_2025)
    glieder = kette("2025-02", "2025-03")
    with pytest.raises(MeldungFehler, match="aus denselben Einträgen"):
        meldungsinhalt(b, glieder[-1], anders, bis_monat=bis_monat, kette=glieder)


def test_a_milestone_is_withheld_with_the_entries_of_its_taetigkeit_and_schwerpunkt(tmp_path, config):
    inhalt, g, _ = _meldung(tmp_path, config)
    [m] = inhalt.zeilen("meilensteine")
    zelle = g.entscheidung.zahl("taetigkeit_schwerpunkt", "eintraege", bis(3), "Netzwerktreffen", "SP1")
    # Netzwerktreffen of SP1 from January to March: L1 (5 March) and FK2 with L1 (10 March)
    assert zelle.geheim and (m["ist"], m["ist_sperre"]) == (None, GRUND.format(zelle.grund))


def test_a_milestone_counting_termine_follows_the_decision_not_the_value():
    g = geheimhaltung_leer()
    zelle = Zelle("meilensteine", "bis_monat", "SP1/1", "anzahl", 3.0, (), ("SP1", "Beratung", "termine"))
    assert OeffentlicheGeheimhaltung(g, 3).gesperrt([zelle]) == {}


def geheimhaltung_leer():
    """A decision over one Beratung entry of SP1 per Stelle in March, by three Stellen."""
    from kibericht.regeln.geheimhaltung import Zahl
    from kibericht.regeln.geheimhaltung.ergebnis import Geheimhaltung
    from kibericht.regeln.geheimhaltung.regel import Schwellen

    return Geheimhaltung(2025, 3, Schwellen(), {
        ("taetigkeit_schwerpunkt", "eintraege", bis(3), ("Beratung", "SP1")): Zahl(5.0)})


def test_a_cell_outside_the_decisions_is_published_only_when_nobody_contributed(config):
    g = OeffentlicheGeheimhaltung(geheimhaltung_leer(), 3)
    leer = Zelle("nach_kommune", "monat", "Neustadt", "stunden", 0.0, ())
    assert g.gesperrt([leer]) == {}
    with pytest.raises(MeldungFehler, match="keine Entscheidung"):
        g.gesperrt([Zelle("nach_kommune", "monat", "Neustadt", "stunden", 2.0, (2.0,))])
    with pytest.raises(ValueError):
        OeffentlicheGeheimhaltung(geheimhaltung_leer(), 4)  # decided up to March only
