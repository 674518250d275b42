"""The input contract of a Tätigkeitsnachweis, loaded from `schemas/taetigkeitsnachweis.toml`.

Headers and values are compared by a normalised key, so that the spellings staff use match::

    >>> norm_key(" Tätigkeit ") == norm_key("TAETIGKEIT") == norm_key("Taetig-keit")
    True
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

SCHEMA_FILE = "taetigkeitsnachweis.toml"

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def norm_key(text: object) -> str:
    """Case-, space-, punctuation- and umlaut-insensitive key of a header or value."""
    s = unicodedata.normalize("NFC", str(text)).casefold().translate(_UMLAUTS)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", s)


@dataclass(frozen=True)
class Column:
    name: str
    pflicht: bool
    typ: str
    aliase: tuple[str, ...]
    beschreibung: str
    breite: int


@dataclass(frozen=True)
class InputSchema:
    columns: tuple[Column, ...]
    suchtiefe: int
    mindestspalten: int
    summenzeilen: tuple[str, ...]
    kein_schwerpunkt: tuple[str, ...]
    handlungsfelder: dict[str, tuple[str, ...]]
    zieldimensionen: dict[str, str]
    standard_taetigkeiten: tuple[str, ...]
    stellenarten: tuple[str, ...]
    kreisweit: str
    stunden_max: float

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.pflicht]

    def header_lookup(self) -> dict[str, str]:
        """Normalised header spelling → canonical column name."""
        lookup: dict[str, str] = {}
        for col in self.columns:
            for spelling in (col.name, *col.aliase):
                lookup[norm_key(spelling)] = col.name
        return lookup

    def handlungsfeld_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for canonical, spellings in self.handlungsfelder.items():
            for spelling in (canonical, *spellings):
                lookup[norm_key(spelling)] = canonical
        return lookup


def _schema_text() -> str:
    try:
        return resources.files("kibericht.schemas").joinpath(SCHEMA_FILE).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        # running from a source checkout: schemas/ sits beside the package
        here = Path(__file__).resolve().parent.parent / "schemas" / SCHEMA_FILE
        return here.read_text("utf-8")


@lru_cache(maxsize=1)
def load_schema() -> InputSchema:
    raw = tomllib.loads(_schema_text())
    columns = tuple(
        Column(
            name=c["name"],
            pflicht=bool(c["pflicht"]),
            typ=c["typ"],
            aliase=tuple(c.get("aliase", ())),
            beschreibung=c["beschreibung"],
            breite=int(c.get("breite", 12)),
        )
        for c in raw["spalten"]
    )
    stunden = next(c for c in raw["spalten"] if c["name"] == "Stunden")
    return InputSchema(
        columns=columns,
        suchtiefe=int(raw["kopf"]["suchtiefe"]),
        mindestspalten=int(raw["kopf"]["mindestspalten"]),
        summenzeilen=tuple(raw["kopf"]["summenzeilen"]),
        kein_schwerpunkt=tuple(raw["kopf"]["kein_schwerpunkt"]),
        handlungsfelder={k: tuple(v) for k, v in raw["handlungsfelder"].items()},
        zieldimensionen=dict(raw["zieldimensionen"]),
        standard_taetigkeiten=tuple(raw["standard"]["taetigkeiten"]),
        stellenarten=tuple(raw["standard"]["stellenarten"]),
        kreisweit=raw["standard"]["kreisweit"],
        stunden_max=float(stunden.get("maximum", 24)),
    )
