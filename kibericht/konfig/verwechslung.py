"""IDs that look alike: the Cyrillic „FК1“ beside the Latin „FK1“ are two Stellen that look the same.

Staff type a Stelle's ID into their logs; an ID that only looks like the one they type (a Cyrillic
„К“ copied from somewhere, „FK1“ beside „FKl“) sends their hours to an unknown Stelle, or two
Stellen of the Stellenplan cannot be told apart on paper. Following the skeleton of Unicode
Technical Standard #39 (Security Mechanisms, „confusable detection“), two IDs are confusable
when their skeletons are equal::

    >>> skelett("FК1") == skelett("FK1") == skelett("FKl")
    True
    >>> [(z, ersatz) for z, ersatz in fremde_zeichen("FК1")]
    [('К', 'K')]

The skeleton here is: Unicode NFKC (full-width and mathematical letters become plain ones),
then every character of `_WIE_LATEIN` is replaced by the Latin letter or digit it looks like,
then case folding (kibericht compares IDs without regard to case).

Why a small table and not a library: TR39's full data (confusables.txt, about 6,000 mappings)
is not in the standard library; the kept Python package that ships it (confusable-homoglyphs)
offers pairs of homoglyphs, not the skeleton, and IDs in ki.toml are short codes of Latin
letters and digits. The table holds the mappings of confusables.txt whose target is an ASCII
letter or digit for the scripts that reach German office computers (Cyrillic, Greek, Armenian,
Latin special forms) and the ASCII look-alikes 0/O and 1/l/I/|; as IDs are compared without
case, the lower-case Cyrillic and Greek letters that look like small capitals (к, м, н, т, в, κ)
are mapped too. Multi-letter look-alikes (rn/m) are not covered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# character -> the ASCII letter or digit it looks like (after TR39 confusables.txt, see above)
_WIE_LATEIN = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "З": "3", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "l", "Ј": "J", "Ԛ": "Q", "Ԝ": "W",
    "Ӏ": "l", "Ү": "Y", "Ь": "b",
    # Cyrillic small letters
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i",
    "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y", "к": "k", "м": "m",
    "н": "h", "т": "t", "в": "b",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "l", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "γ": "y", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "ϲ": "c", "ϳ": "j",
    # Armenian
    "Օ": "O", "օ": "o", "Ս": "U", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "զ": "q",
    # Latin special forms
    "ı": "i", "ȷ": "j", "ɡ": "g", "ɑ": "a",
    # ASCII look-alikes: 0 and O, 1 and l and I and |
    "0": "O", "1": "l", "I": "l", "|": "l",
}

_SCHRIFT = (("CYRILLIC", "das kyrillische"), ("GREEK", "das griechische"), ("ARMENIAN", "das armenische"),
            ("FULLWIDTH", "das vollbreite"), ("MATHEMATICAL", "das mathematische"))


def skelett(text: str) -> str:
    """The TR39-style skeleton of `text`: equal skeletons look alike (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text.strip())
    return "".join(_WIE_LATEIN.get(z, z) for z in text).casefold()


def fremde_zeichen(text: str) -> list[tuple[str, str]]:
    """The characters of `text` outside ASCII that look like an ASCII letter or digit, each with
    the one it looks like: `[("К", "K")]` for the Cyrillic „FК1“."""
    result = []
    for zeichen in unicodedata.normalize("NFC", text):
        if zeichen.isascii():
            continue
        ersatz = _WIE_LATEIN.get(zeichen) or unicodedata.normalize("NFKC", zeichen)
        if ersatz.isascii() and ersatz.isalnum():
            result.append((zeichen, ersatz))
    return result


def zeichen_text(zeichen: str, ersatz: str) -> str:
    """„das kyrillische „К“ (U+041A), das wie „K“ aussieht“."""
    name = unicodedata.name(zeichen, "")
    art = next((wort for prefix, wort in _SCHRIFT if name.startswith(prefix)), "das Sonderzeichen")
    return f"{art} „{zeichen}“ (U+{ord(zeichen):04X}), das wie „{ersatz}“ aussieht"


def verwechselbar(ids: Iterable[str]) -> dict[int, tuple[int, list[tuple[str, str]]]]:
    """For each ID (by its position) that is confusable with an earlier one or holds look-alike
    characters: (the position of the earlier ID it looks like, or -1; its look-alike characters).

    IDs that kibericht already treats as equal (same letters, other case) are left to the
    duplicate check."""
    from kibericht.schema import norm_key

    result: dict[int, tuple[int, list[tuple[str, str]]]] = {}
    seen: dict[str, tuple[int, str]] = {}
    for i, ident in enumerate(ids):
        fremd = fremde_zeichen(ident)
        key = skelett(ident)
        earlier = seen.get(key)
        if earlier is not None and norm_key(earlier[1]) != norm_key(ident):
            result[i] = (earlier[0], fremd)
        elif fremd:
            result[i] = (-1, fremd)
        seen.setdefault(key, (i, ident))
    return result
