"""The Prüfcode itself: what it covers, its form, the check character, tolerant reading."""

from __future__ import annotations

import copy
import re

import pytest

from kibericht.ablage.pruefcode import (
    ALPHABET,
    PruefcodeFehler,
    ist_pruefcode,
    normalisiere,
    pruefcode,
)

DATEN = {
    "art": "abschluss", "format": 2, "nr": 2, "monat": "2025-04", "version": 1, "ki": "KI Testkreis",
    "kibericht": "0.1.0", "zeitpunkt": "2025-05-05T10:00:00+02:00",
    "konfiguration": {"datei": "ki.toml", "sha256": "1" * 64},
    "eingaben": [{"datei": "nachweise/FK1.xlsx", "sha256": "2" * 64, "bytes": 100}],
    "eintraege": {"anzahl": 1, "stunden": 2.0, "liste": [
        {"abdruck": "3" * 64, "datei": "nachweise/FK1.xlsx", "blatt": "April", "zeile": 2,
         "werte": {"datum": "2025-04-01", "stunden": 2.0}}]},
    "bericht": {"stunden": 2.0, "nach_stelle": {"FK1": 2.0}, "dateien": []},
    "vorgaenger": "4" * 64,
}
FORM = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


def test_a_code_is_five_groups_of_four_crockford_characters():
    code = pruefcode(DATEN)
    assert FORM.match(code), code
    assert not set(code) & set("ILOU")
    assert ist_pruefcode(code) and normalisiere(code) == code
    assert pruefcode(copy.deepcopy(DATEN)) == code  # the same content, the same code


@pytest.mark.parametrize("aendern", [
    lambda d: d["eintraege"]["liste"][0].update(abdruck="5" * 64),  # an entry's fingerprint
    lambda d: d["eintraege"]["liste"][0].update(zeile=3),  # its place
    lambda d: d["bericht"].update(stunden=2.25),  # a figure
    lambda d: d["bericht"]["nach_stelle"].update(FK1=2.25),
    lambda d: d.update(vorgaenger="6" * 64),  # the previous chain head
    lambda d: d.update(vorgaenger=None),
    lambda d: d.update(nr=3),
    lambda d: d.update(version=2),
    lambda d: d.update(ki="KI Nachbarkreis"),
    lambda d: d.update(zeitpunkt="2025-05-05T10:00:01+02:00"),
    lambda d: d["konfiguration"].update(sha256="7" * 64),
])
def test_every_part_of_the_filing_known_before_the_report_is_in_the_code(aendern):
    daten = copy.deepcopy(DATEN)
    aendern(daten)
    assert pruefcode(daten) != pruefcode(DATEN)


def test_what_exists_only_after_the_report_is_written_is_not_in_the_code():
    daten = copy.deepcopy(DATEN)
    daten["bericht"]["dateien"] = ["Monatsbericht_2025-04.xlsx"]
    daten["dateien"] = [{"datei": "Monatsbericht_2025-04.xlsx", "sha256": "8" * 64, "bytes": 1}]
    daten["pruefcode"] = "irgendwas"
    daten["siegel"] = "9" * 64
    assert pruefcode(daten) == pruefcode(DATEN)


def test_reading_is_tolerant_as_people_type_a_code_off_paper():
    code = pruefcode(DATEN)
    getippt = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalisiere(f"  {getippt} ") == code
    assert normalisiere(code.replace("-", "")) == code
    assert normalisiere(code.replace("-", " – ")) == code
    assert normalisiere(code.replace("1", "I")) == code


def test_every_single_wrong_character_and_every_swap_is_a_typo():
    code = pruefcode(DATEN).replace("-", "")
    falsch = []
    for i in range(len(code)):
        falsch += [code[:i] + c + code[i + 1:] for c in ALPHABET if c != code[i]]
        for j in range(i + 1, len(code)):
            if code[i] != code[j]:
                t = list(code)
                t[i], t[j] = t[j], t[i]
                falsch.append("".join(t))
    assert len(falsch) > 800
    for text in falsch:
        with pytest.raises(PruefcodeFehler) as info:
            normalisiere(text)
        assert info.value.art == "tippfehler"
    assert "falsch abgeschrieben" in info.value.meldung


@pytest.mark.parametrize("text, grund", [
    ("", "0 statt 20"),
    ("7KQ2-M4XD-9P3A", "12 statt 20"),
    ("7KQ2-M4XD-9P3A-H1TB-R6WG-0", "21 statt 20"),
    ("7KQ2-M4XD-9P3A-H1TB-R6WU", "„U“"),
    ("7KQ2-M4XD-9P3A-H1TB-R6W!", "„!“"),
])
def test_a_text_that_is_no_code_says_why(text, grund):
    with pytest.raises(PruefcodeFehler) as info:
        normalisiere(text)
    assert info.value.art == "ungueltig" and grund in info.value.meldung
    assert not ist_pruefcode(text)


def test_the_example_in_the_messages_is_a_valid_code():
    beispiel = re.search(r"z\. B\. (\S+)\.", str(pytest.raises(PruefcodeFehler, normalisiere, "x").value))
    assert beispiel and normalisiere(beispiel.group(1)) == beispiel.group(1)


def test_only_the_printed_form_is_a_stored_code():
    code = pruefcode(DATEN)
    assert not ist_pruefcode(code.lower()) and not ist_pruefcode(code.replace("-", ""))
    assert not ist_pruefcode(None) and not ist_pruefcode(42)
