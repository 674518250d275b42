"""IDs that look alike (TR39 skeleton): Cyrillic „FК1“ beside Latin „FK1“, „FKl“ beside „FK1“."""

from __future__ import annotations

import pytest

from kibericht.konfig.verwechslung import fremde_zeichen, skelett, verwechselbar, zeichen_text


@pytest.mark.parametrize(("a", "b"), [("FK1", "FК1"), ("FK1", "FKl"), ("FK1", "FKI"), ("SP0", "SPO"),
                                      ("VA1", "ѴA1".replace("Ѵ", "V")), ("L1", "Ｌ１"), ("KIM", "ΚΙΜ"),
                                      ("ab", "аb"), ("Lehrer", "Lеhrеr")])
def test_look_alikes_have_the_same_skeleton(a, b):
    assert skelett(a) == skelett(b)


@pytest.mark.parametrize(("a", "b"), [("FK1", "FK2"), ("FK1", "FA1"), ("Fä1", "Fa1"), ("SP1", "SP11")])
def test_different_ids_have_different_skeletons(a, b):
    assert skelett(a) != skelett(b)


def test_foreign_characters_that_look_latin():
    assert fremde_zeichen("FК1") == [("К", "K")]
    assert fremde_zeichen("Ｆ1") == [("Ｆ", "F")]
    assert fremde_zeichen("Fä1") == [] and fremde_zeichen("FK1") == []
    assert zeichen_text("К", "K") == "das kyrillische „К“ (U+041A), das wie „K“ aussieht"
    assert zeichen_text("Ο", "O").startswith("das griechische „Ο“ (U+039F)")
    assert zeichen_text("ı", "i").startswith("das Sonderzeichen „ı“")


def test_which_ids_are_reported():
    ids = ["FK1", "FK2", "FК1", "FKl", "fk2", "VA1", "Ｖ２"]
    # FК1 and FKl look like FK1 (position 0); fk2 is the same ID as FK2 (left to the duplicate
    # check); Ｖ２ holds a full-width letter and digit
    assert verwechselbar(ids) == {2: (0, [("К", "K")]), 3: (0, []), 6: (-1, [("Ｖ", "V"), ("２", "2")])}
    assert verwechselbar(["FK1", "FK2", "L1"]) == {}
