"""The disclosure control of the public reports as the Meldung's: one pattern per year, the
Meldung's cells withheld exactly where the engine withholds the same figures."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from kibericht.land.geheimhaltung import (
    GRUND,
    OeffentlicheGeheimhaltung,
    geheimhaltung_der_meldung,
)
from kibericht.land.meldung import MeldungFehler, Zelle, je_termin, meldungsinhalt
from kibericht.periode import Periode
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.geheimhaltung import (
    MIT_SCHWERPUNKT,
    bis,
    geheimhaltung,
    geheimhaltung_des_jahres,
    monat,
)
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
    engine = geheimhaltung(entries, config, MAERZ_2025)
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


def test_counting_termine_before_the_engine_changes_no_decision(tmp_path):
    """The engine counts each Termin's participants once itself: entries passed through
    `je_termin` first give the very same decisions (so the Meldung does not)."""
    from tests.geheimhaltung_ki import zufalls_ki

    config, entries, letzter = zufalls_ki(tmp_path, 51, 6, 3)
    # Netzwerktreffen of several Stellen on one day in one Kommune: Termine of several entries
    treffen = entries[entries["taetigkeit"] == "Netzwerktreffen"].head(6).copy()
    treffen["datum"], treffen["kommune"], treffen["schwerpunkt"] = treffen["datum"].iloc[0], "Alfter", None
    entries = pd.concat([entries, treffen], ignore_index=True)
    assert (je_termin(entries)["teilnehmende"].fillna(0) != entries["teilnehmende"].fillna(0)).any()
    roh = geheimhaltung_des_jahres(entries, config, 2025, letzter, speicher=None)
    vorher = geheimhaltung_des_jahres(je_termin(entries), config, 2025, letzter, speicher=None)
    assert roh == vorher
    assert any(z.geheim for z in roh.zahlen.values()) and any(not z.geheim for z in roh.zahlen.values())


def _zahlen_des_berichts(b):
    from kibericht.ausgabe.abschnitte_oeffentlich import Zahlen

    return Zahlen.aus(b)


@pytest.mark.parametrize("zaehlt", ["termine", "eintraege"])
def test_a_milestone_is_withheld_in_the_meldung_exactly_as_in_the_public_report(tmp_path, config_path,
                                                                                 zaehlt):
    from kibericht.konfig import load_config

    config_path.write_text(config_path.read_text(encoding="utf-8").replace(
        "mindestens = 4\n", f'mindestens = 4\nzaehlt = "{zaehlt}"\n'), encoding="utf-8")
    config = load_config(config_path)
    ergebnisse = []
    # Netzwerktreffen of SP1: L1 (5 March) and FK2 with L1 (10 March): two Stellen, withheld;
    # with four more Stellen's Netzwerktreffen on other days: published
    mehr = [entry(d, s, "Bildung", "SP1", "Netzwerktreffen", "Alfter", 1.0, 8)
            for d, s in ((11, "FK1"), (12, "FK2"), (13, "L1"), (14, "FK1"), (17, "FK2"), (18, "L1"))]
    for zeilen in (TERMIN, [*TERMIN, *mehr]):
        inhalt, g, _ = _meldung(tmp_path / f"{len(zeilen)}", config, zeilen)
        [m] = inhalt.zeilen("meilensteine")
        b, _bis = berichte(tmp_path / f"b{len(zeilen)}", config, [*FEBRUAR, *zeilen])
        [stand] = b.meilensteine
        ist, status = _zahlen_des_berichts(b).meilenstein(stand)
        regel = g.entscheidung.meilenstein("Netzwerktreffen", "SP1", zaehlt, 3)
        if regel.geheim:
            assert (m["ist"], m["ist_sperre"]) == (None, GRUND.format(regel.grund))
            assert (ist, status) == (".", ".")
        else:
            assert m["ist"] == ist == stand.ist == regel.wert and m["ist_sperre"] is None
        ergebnisse.append(regel.geheim)
    # withheld with two Stellen; with more, the Termine are published (the entries' cell of a
    # table of few cells stays secondary suppressed here)
    assert ergebnisse[0] and (zaehlt != "termine" or not ergebnisse[1])


def test_a_milestone_counting_termine_is_the_engines_termine_figure():
    g = geheimhaltung_leer()
    zelle = Zelle("meilensteine", "bis_monat", "SP1/1", "anzahl", 3.0, (), ("SP1", "Beratung", "termine"))
    assert OeffentlicheGeheimhaltung(g, 3).gesperrt([zelle]) == {}
    falsch = Zelle("meilensteine", "bis_monat", "SP1/1", "anzahl", 4.0, (), ("SP1", "Beratung", "termine"))
    with pytest.raises(MeldungFehler, match="aus denselben Einträgen"):
        OeffentlicheGeheimhaltung(g, 3).gesperrt([falsch])
    # counting entries, the milestone is the cell of taetigkeit_schwerpunkt (5 entries)
    eintraege = Zelle("meilensteine", "bis_monat", "SP1/1", "anzahl", 5.0, (),
                      ("SP1", "Beratung", "eintraege"))
    assert OeffentlicheGeheimhaltung(g, 3).gesperrt([eintraege]) == {}


def geheimhaltung_leer():
    """A decision over Beratung of SP1 in March: 5 entries, 3 Termine."""
    from kibericht.regeln.geheimhaltung import Zahl
    from kibericht.regeln.geheimhaltung.ergebnis import Geheimhaltung
    from kibericht.regeln.geheimhaltung.regel import Schwellen

    return Geheimhaltung(2025, 3, Schwellen(), {
        ("taetigkeit_schwerpunkt", "eintraege", bis(3), ("Beratung", "SP1")): Zahl(5.0),
        ("termine", "termine", bis(3), ("Beratung", "SP1")): Zahl(3.0)})


def test_a_cell_outside_the_decisions_is_published_only_when_nobody_contributed(config):
    g = OeffentlicheGeheimhaltung(geheimhaltung_leer(), 3)
    leer = Zelle("nach_kommune", "monat", "Neustadt", "stunden", 0.0, ())
    assert g.gesperrt([leer]) == {}
    with pytest.raises(MeldungFehler, match="keine Entscheidung"):
        g.gesperrt([Zelle("nach_kommune", "monat", "Neustadt", "stunden", 2.0, (2.0,))])
    with pytest.raises(ValueError):
        OeffentlicheGeheimhaltung(geheimhaltung_leer(), 4)  # decided up to March only
