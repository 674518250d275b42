"""File names as text: a name the system could not decode, shown as its user sees it.

Where Python cannot decode a file name with the system's encoding (the C locale without UTF-8
mode, or a name in Latin-1 bytes copied from an old share), it keeps each undecodable byte as a
lone surrogate (`"n\\udcc3\\udca4"` for the UTF-8 bytes of „nä“). Such a string opens the file,
but it cannot be written as UTF-8: into a workbook, a PDF or a JSON document it would end the
run with a traceback. For display the bytes are read as UTF-8, what file names are everywhere
today; bytes that are no UTF-8 become „�“:

    >>> lesbar("n\\udcc3\\udca4/TN.xlsx")
    'nä/TN.xlsx'
    >>> lesbar("n\\udce4.xlsx")
    'n�.xlsx'

Paths kept for opening files stay as they are; only text for people passes through `lesbar`.
"""

from __future__ import annotations


def lesbar(text: str) -> str:
    """`text` with every undecodable byte of a file name read as UTF-8 (else „�“); text without
    one is returned as it is."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "replace").decode("utf-8")


def hat_unlesbares(text: str) -> bool:
    """Whether `text` holds an undecodable byte (see `lesbar`)."""
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True
