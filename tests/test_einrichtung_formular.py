"""A form's answers for the setup (konfig/einrichtung_formular): checked field by field with the
rules and the very messages of ki.toml; a draft shown as form texts reads back to itself."""

from __future__ import annotations

import datetime as dt

import pytest

from kibericht.konfig import ConfigError, JahresWert, load_config
from kibericht.konfig.einrichtung import BesetzungEntwurf, Entwurf, ProgrammEntwurf, entwurf_aus_text
from kibericht.konfig.einrichtung_formular import (
    entferne,
    formular_von,
    formulartext,
    jahre_aus_text,
    pruefe_antwort,
    setze,
)
from tests.test_einrichtung import SAMPLE_AEHNLICH

BASIS = """
[ki]
name = "KI Test"
kommunen = ["Alfter"]
{ki}
[regeln]
{regeln}
[[programme]]
name = "KI"
hoechstbetrag = {hoechstbetrag}

[[stellen]]
{stelle}

[[schwerpunkte]]
{schwerpunkt}

[[schwerpunkte.meilensteine]]
{meilenstein}
"""
STELLE = {"id": '"FK1"', "art": '"Fachkraft"', "foerderung": '"KI"', "pauschale": "57000"}
SCHWERPUNKT = {"id": '"SP1"', "titel": '"Bildung"', "handlungsfeld": '"Bildung"', "zieldimension": '"I"',
               "von": "2025", "bis": "2026"}
MEILENSTEIN = {"jahr": "2025", "text": '"Treffen"'}


def _toml(werte: dict[str, str]) -> str:
    return "\n".join(f"{k} = {v}" for k, v in werte.items())


def loader_meldungen(tmp_path, ki=None, regeln=None, hoechstbetrag="170000", stelle=None, schwerpunkt=None,
                     meilenstein=None) -> list[str]:
    """The loader's messages for a ki.toml with these keys (None: leave the key out)."""
    def teil(basis: dict[str, str], aenderung: dict | None) -> dict[str, str]:
        werte = {**basis, **(aenderung or {})}
        return {k: v for k, v in werte.items() if v is not None}

    ki_werte = {k: v for k, v in (ki or {}).items() if v is not None}
    text = BASIS.format(ki=_toml(ki_werte), regeln=_toml(regeln or {}), hoechstbetrag=hoechstbetrag,
                        stelle=_toml(teil(STELLE, stelle)), schwerpunkt=_toml(teil(SCHWERPUNKT, schwerpunkt)),
                        meilenstein=_toml(teil(MEILENSTEIN, meilenstein)))
    if ki and ki.get("name") is None:
        text = text.replace('name = "KI Test"\n', "")
    path = tmp_path / "ki.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as fehler:
        load_config(path)
    return [f.meldung for f in fehler.value.befunde]


MIT_PROGRAMM = Entwurf(programme=(ProgrammEntwurf("KI", JahresWert(170000.0)),))
MIT_SCHWERPUNKT = Entwurf(schwerpunkte=setze(Entwurf(), "schwerpunkt", {
    "id": "SP1", "titel": "Bildung", "handlungsfeld": "Bildung", "zieldimension": "I", "von": "2025",
    "bis": "2026"})[0].schwerpunkte)
STELLE_FORMULAR = {"id": "FK1", "art": "Fachkraft", "foerderung": "KI", "pauschale": "57000"}
SP_FORMULAR = {"id": "SP1", "titel": "Bildung", "handlungsfeld": "Bildung", "zieldimension": "I",
               "von": "2025", "bis": "2026"}


@pytest.mark.parametrize(("feld", "text", "toml"), [
    ("umfang", "0", {"umfang": "0"}),
    ("umfang", "abc", {"umfang": '"abc"'}),
    ("umfang", "11", {"umfang": "11"}),
    ("wochenstunden", "70", {"wochenstunden": "70"}),
    ("art", "Fachkräfte", {"art": '"Fachkräfte"'}),
    ("art", "", {"art": None}),
    ("id", "", {"id": None}),
    ("pauschale", "500", {"pauschale": "500"}),
    ("pauschale", "20.000.000", {"pauschale": "20000000"}),
    ("pauschale_2025", "500", {"pauschale": "{ 2025 = 500 }"}),
    ("pauschale", "57000,505", {"pauschale": "57000.505"}),
    ("besetzt_1_umfang", "0", {"besetzt": "[ { von = 2025-01-01, umfang = 0 } ]"}),
    ("besetzt_1_umfang", "-1", {"besetzt": "[ { von = 2025-01-01, umfang = -1 } ]"}),
])
def test_a_stelle_field_gets_the_message_of_ki_toml(tmp_path, feld, text, toml):
    formular = {**STELLE_FORMULAR, feld: text}
    if feld.startswith("besetzt_"):
        formular["besetzt_1_von"] = "01.01.2025"
    if feld.startswith("pauschale_"):
        del formular["pauschale"]
    _, befunde = setze(MIT_PROGRAMM, "stelle", formular)
    assert [(b.schritt, b.nr, b.feld) for b in befunde] == [("stelle", None, feld)]
    assert [b.meldung for b in befunde] == loader_meldungen(tmp_path, stelle=toml)


@pytest.mark.parametrize(("feld", "text", "toml"), [
    ("von", "1980", {"von": "1980"}),
    ("handlungsfeld", "Sport", {"handlungsfeld": '"Sport"'}),
    ("zieldimension", "IV", {"zieldimension": '"IV"'}),
    ("titel", "", {"titel": None}),
])
def test_a_schwerpunkt_field_gets_the_message_of_ki_toml(tmp_path, feld, text, toml):
    _, befunde = setze(Entwurf(), "schwerpunkt", {**SP_FORMULAR, feld: text})
    assert [b.feld for b in befunde] == [feld]
    meldungen = loader_meldungen(tmp_path, schwerpunkt=toml)
    assert befunde[0].meldung == meldungen[0]


@pytest.mark.parametrize(("feld", "text", "toml"), [
    ("mindestens", "-1", {"mindestens": "-1", "taetigkeit": '"Netzwerktreffen"'}),
    ("hoechstens", "1,5", {"hoechstens": "1.5"}),
    ("jahr", "", {"jahr": None}),
])
def test_a_milestone_field_gets_the_message_of_ki_toml(tmp_path, feld, text, toml):
    formular = {"jahr": "2025", "text": "Treffen", feld: text}
    if feld == "mindestens":
        formular["taetigkeit"] = "Netzwerktreffen"
    _, befunde = setze(MIT_SCHWERPUNKT, "meilenstein", formular, eltern=0)
    assert [(b.schritt, b.eltern, b.feld) for b in befunde] == [("meilenstein", 0, feld)]
    assert befunde[0].meldung in loader_meldungen(tmp_path, meilenstein=toml)


def test_ki_and_programme_fields_get_the_messages_of_ki_toml(tmp_path):
    _, befunde = setze(Entwurf(), "ki", {"name": "", "kommunen": "Alfter", "jahre": "2025",
                                         "anteilig": "monatlich"})
    assert [b.feld for b in befunde] == ["name", "anteilig"]
    assert [b.meldung for b in befunde] == loader_meldungen(
        tmp_path, ki={"name": None}, regeln={"anteilig": '"monatlich"'})
    _, befunde = setze(Entwurf(), "programm", {"name": "KI", "hoechstbetrag": "170.000,999"})
    assert [b.meldung for b in befunde] == loader_meldungen(tmp_path, hoechstbetrag="170000.999")


def test_german_habits_are_read_as_meant():
    e, befunde = setze(MIT_PROGRAMM, "stelle", {
        "id": "FK1", "art": "Fachkraft", "umfang": "0,75", "foerderung": "KI", "pauschale_2025": "42.750 €",
        "pauschale_2026": "42750", "besetzt_1_von": "01.03.2025", "besetzt_1_bis": "31.12.2025",
        "besetzt_1_notiz": "neue Person", "besetzt_2_von": "2026-01-01", "besetzt_2_umfang": "0,5"})
    assert befunde == ()
    s = e.stellen[-1]
    assert (s.umfang, s.pauschale) == (0.75, JahresWert(None, ((2025, 42750.0), (2026, 42750.0))))
    assert s.besetzt == (BesetzungEntwurf(dt.date(2025, 3, 1), dt.date(2025, 12, 31), None, "neue Person"),
                         BesetzungEntwurf(dt.date(2026, 1, 1), None, 0.5))


def test_one_answer_is_checked_at_once():
    assert pruefe_antwort("stelle", "umfang", "0,5").wert == 0.5
    assert pruefe_antwort("stelle", "besetzt_3_bis", "31.12.2025").wert == dt.date(2025, 12, 31)
    assert pruefe_antwort("stelle", "bezeichnung", "").ok  # optional
    assert pruefe_antwort("stelle", "pauschale_2025", "").ok
    assert pruefe_antwort("ki", "kreis", "irgendwo").ok  # no key of ki.toml: any text
    falsch = pruefe_antwort("stelle", "umfang", "x", "bei Stelle „FK1“")
    assert falsch.meldung is not None and falsch.meldung.startswith("„umfang“ bei Stelle „FK1“")


@pytest.mark.parametrize(("text", "jahre"), [
    ("2025", (2025,)), ("2025-2026", (2025, 2026)), ("2026, 2025", (2025, 2026)),
    ("2025 – 2027", (2025, 2026, 2027)),
    ("25", ()), ("2026-2025", ()), ("1989", ()), ("2025-2040", ()), ("2025, x", ()),
])
def test_foerderjahre(text, jahre):
    gefunden, problem = jahre_aus_text(text)
    assert gefunden == jahre and (problem is None) == bool(jahre)


def test_form_texts_of_a_draft_read_back_to_the_same_draft():
    e = entwurf_aus_text(SAMPLE_AEHNLICH.replace('"57.000 €"', "{ 2025 = 57000.5 }"))
    formular = formular_von(e, "stelle", 0)
    assert formular["pauschale_2025"] == "57.000,50" and formular["besetzt_2_umfang"] == "0,5"
    wieder, befunde = setze(e, "stelle", formular, nr=0)
    assert befunde == () and wieder.stellen == e.stellen
    assert formular_von(e, "ki")["jahre"] == "2025-2026"
    assert formulartext(JahresWert(57000.0)) == "57.000" and formulartext(1.0) == "1"


def test_remove_and_replace_keep_where_an_item_came_from():
    lehrkraft = '\n[[stellen]]\nid = "L1"\nart = "Lehrkraft"\nfoerderung = "Land"\n'
    e = entwurf_aus_text(SAMPLE_AEHNLICH + lehrkraft)
    e2, _ = setze(e, "stelle", {"id": "L1", "art": "Lehrkraft", "foerderung": "Land", "umfang": "0,5"}, nr=1)
    assert e2.stellen[1].herkunft == 1 and e2.stellen[1].umfang == 0.5
    e3 = entferne(e2, "stelle", 0)
    assert [(s.id, s.herkunft) for s in e3.stellen] == [("L1", 1)]
