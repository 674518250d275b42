"""The KI's short code (`[ki] kennung`): letters, digits and hyphens, e.g. ``KI-AC``.

It names the KI in file names and in what the KI sends to the Land, so it must stay the same
from month to month. Where ki.toml does not set it, it is derived from `[ki] name` by a fixed
rule, so the same name always gives the same code:

1. parts in brackets are dropped („(Beispiel)“);
2. umlauts are written out (ä → ae, ß → ss; also ø → oe, æ → ae, ł → l), other accents dropped,
   other characters separate words;
3. the words „Kommunales“, „Kommunale“, „Integrationszentrum“, „KI“ and the small words „der“,
   „des“, „die“, „das“, „dem“, „den“, „im“, „in“, „für“, „und“ are dropped;
4. the rest is written in capitals, joined by hyphens, after „KI-“; whole words are dropped from
   the end until the code has at most 32 characters (a single longer word is cut).

    >>> ki_kennung("Kommunales Integrationszentrum StädteRegion Aachen (Beispiel)")
    'KI-STAEDTEREGION-AACHEN'
    >>> ki_kennung("Kommunales Integrationszentrum des Rhein-Sieg-Kreises")
    'KI-RHEIN-SIEG-KREISES'
    >>> ki_kennung("Kommunales Integrationszentrum")
    'KI'
"""

from __future__ import annotations

import re
import unicodedata

KENNUNG_LAENGE = (2, 32)
# letters, digits and single hyphens between them, 2 to 32 characters (for `re.fullmatch`)
KENNUNG_MUSTER = r"(?=.{2,32}\Z)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"

_KLAMMERN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# umlauts written out; letters without a decomposition into ASCII (Ł, ø, æ) by their usual form
_UMLAUTE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
                          "ẞ": "SS", "Ł": "L", "ł": "l", "Ø": "O", "ø": "oe", "Æ": "Ae", "æ": "ae",
                          "Œ": "Oe", "œ": "oe", "Đ": "D", "đ": "d", "ı": "i"})
_WORT = re.compile(r"[A-Za-z0-9]+")
_OHNE = frozenset({"kommunales", "kommunale", "integrationszentrum", "ki", "der", "des", "die", "das",
                   "dem", "den", "im", "in", "fuer", "und"})


def ki_kennung(name: str) -> str:
    """The short code derived from the KI's name by the rule of this module."""
    text = _KLAMMERN.sub(" ", name).translate(_UMLAUTE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    woerter = [w.upper() for w in _WORT.findall(text) if w.casefold() not in _OHNE]
    kennung = "KI"
    for wort in woerter:
        if len(kennung) + 1 + len(wort) > KENNUNG_LAENGE[1]:
            if kennung == "KI":  # a single word longer than the code may be
                kennung = f"KI-{wort[: KENNUNG_LAENGE[1] - 3]}"
            break
        kennung = f"{kennung}-{wort}"
    return kennung
