"""The Prüfcode: a short code on the signed report that binds the paper to its filing.

A closing's manifest is sealed and chained, but the chain lives in the KI's own Ablage: whoever
can write there can rewrite every manifest consistently. The signed Monatsbericht in the state's
file cannot be rewritten. It carries the Prüfcode of its filing, and `kibericht verifizieren
--pruefcode CODE` (`papier.pruefcode_pruefen`) tells whether the Ablage still holds that filing
unchanged.

The code is computed before the report files are written (it is printed on them), from
everything the manifest holds except what only exists afterwards: the entries of the month with
their fingerprints and places, the figures (`bericht`), the previous element's manifest hash
(`vorgaenger`, which binds the whole chain before it), the KI, month, number, version, time,
configuration and input hashes — all but `dateien`, `bericht.dateien`, `pruefcode` and `siegel`::

    >>> code = pruefcode({"art": "abschluss", "nr": 1, "vorgaenger": None, "bericht": {}})
    >>> len(code), code.count("-"), normalisiere(code.lower().replace("-", " ")) == code
    (24, 4, True)

The code is 19 characters of the sha256 (95 bits) and one check character, in Crockford's
base32 (digits and letters without I, L, O and U), in five groups of four. 95 bits: to match a
paper, a forger must find other content with the same code, on average 2^95 ≈ 4·10^28 hashes —
about a billion years at 10^12 hashes a second. The check character is a weighted sum over GF(32)
with the weights α^k (α a generator of the field's 31 non-zero elements): every single wrong
character and every swap of two characters is found, so a typo is told apart from a code that
is not in the Ablage.
Reading is tolerant: lower case, spaces and dashes, O for 0, I or L for 1.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from kibericht.regeln.abschluss import kanonisch

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
DATENZEICHEN = 19  # 95 bits of the hash
ZEICHEN = DATENZEICHEN + 1  # and the check character
GRUPPE = 4
# what only exists once the report files are written, and the seal over everything
NICHT_IM_CODE = ("dateien", "pruefcode", "siegel")
_ZWECK = b"kibericht-pruefcode-1\n"  # a domain of its own: no other sha256 of kibericht is a code
_WERT = {c: i for i, c in enumerate(ALPHABET)}
# how people read a code off paper: O is 0, I and L are 1; separators are dropped
_GELESEN = str.maketrans({"O": "0", "I": "1", "L": "1"})
_TRENNER = str.maketrans("", "", " \t\r\n-‐‑‒–—_.")
_POLYNOM = 0b100101  # x^5 + x^2 + 1, primitive: α = x generates all 31 non-zero elements


class PruefcodeFehler(ValueError):
    """A text that is not a Prüfcode (`art` "ungueltig") or one with a wrong check character
    (`art` "tippfehler"); the message says so in German."""

    def __init__(self, art: str, meldung: str):
        super().__init__(meldung)
        self.art = art
        self.meldung = meldung


def pruefcode_inhalt(daten: Mapping[str, Any]) -> dict[str, Any]:
    """What the Prüfcode of a closing covers: its manifest content without the written files'
    names and hashes, the code itself and the seal."""
    inhalt = {k: v for k, v in daten.items() if k not in NICHT_IM_CODE}
    bericht = inhalt.get("bericht")
    if isinstance(bericht, Mapping):
        inhalt["bericht"] = {k: v for k, v in bericht.items() if k != "dateien"}
    return inhalt


def pruefcode(daten: Mapping[str, Any]) -> str:
    """The Prüfcode of a closing, from its manifest content (before or after the files are
    written: the keys of `NICHT_IM_CODE` and `bericht.dateien` are left out)."""
    digest = hashlib.sha256(_ZWECK + kanonisch(pruefcode_inhalt(daten))).digest()
    zahl = int.from_bytes(digest[:12], "big") >> (96 - 5 * DATENZEICHEN)
    werte = [(zahl >> (5 * i)) & 31 for i in reversed(range(DATENZEICHEN))]
    return _gruppiert([*werte, _pruefzeichen(werte)])


def normalisiere(eingabe: str) -> str:
    """A code as typed, in the form printed (`7KQ2-M4XD-…`); PruefcodeFehler when it is none or
    its check character does not fit."""
    text = str(eingabe).upper().translate(_TRENNER).translate(_GELESEN)
    falsch = sorted({c for c in text if c not in _WERT})
    if falsch or len(text) != ZEICHEN:
        grund = (f"die Zeichen {', '.join(f'„{c}“' for c in falsch)} kommen in einem Prüfcode nicht vor"
                 if falsch else f"er hat {len(text)} statt {ZEICHEN} Zeichen")
        raise PruefcodeFehler("ungueltig", (
            f"„{eingabe}“ ist kein Prüfcode: {grund}. Ein Prüfcode besteht aus fünf Gruppen zu vier "
            f"Zeichen (Ziffern und Buchstaben außer I, L, O und U), z. B. 7KQ2-M4XD-9P3A-H1TB-R6WG."))
    werte = [_WERT[c] for c in text]
    if _pruefzeichen(werte[:-1]) != werte[-1]:
        raise PruefcodeFehler("tippfehler", (
            f"Der Prüfcode „{_gruppiert(werte)}“ ist falsch abgeschrieben: seine Zeichen passen nicht "
            f"zusammen (das letzte ist ein Prüfzeichen über die anderen). Vergleichen Sie ihn Zeichen für "
            f"Zeichen mit dem Papier."))
    return _gruppiert(werte)


def ist_pruefcode(text: object) -> bool:
    """Whether `text` is a Prüfcode exactly as kibericht writes it (groups, upper case, check
    character right)."""
    if not isinstance(text, str):
        return False
    try:
        return normalisiere(text) == text
    except PruefcodeFehler:
        return False


def _mal_alpha(x: int) -> int:
    x <<= 1
    return x ^ _POLYNOM if x & 0b100000 else x


def _pruefzeichen(werte: list[int]) -> int:
    """The character that makes Σ α^(n-i) · c_i = 0 over GF(32) for the whole code (Horner)."""
    summe = 0
    for w in werte:
        summe = _mal_alpha(summe) ^ w
    return _mal_alpha(summe)


def _gruppiert(werte: list[int]) -> str:
    text = "".join(ALPHABET[w] for w in werte)
    return "-".join(text[i:i + GRUPPE] for i in range(0, len(text), GRUPPE))
