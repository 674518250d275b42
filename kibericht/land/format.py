"""The Meldung format as data: its resources and fields, its version, and the shared value.

A Meldung is a Frictionless Tabular Data Package (`datapackage.json` plus one UTF-8 CSV per
resource) in a zip. This module is the one source of truth for it: the writer builds the
descriptor from `RESSOURCEN`, the reader checks a package against the same list, and
`docs/entwurf/land.md` documents it field by field.

Versioning (`SCHEMAVERSION`, "MAJOR.MINOR"): MINOR grows when a resource or a field is added;
MAJOR when a field changes its name, type or meaning. A reader reads every version it knows
(same MAJOR, MINOR at most its own) and refuses a newer one with a clear finding: a figure it
does not understand is never counted.

Numbers are written as plain decimals with a dot and a fixed number of places (hours 2, euros 2,
shares and VZÄ 4), an empty cell is `null`. A hours, Teilnahmen or count figure that the
disclosure control withholds is an empty cell with its reason in the `…_sperre` column beside it.

    >>> [r.name for r in RESSOURCEN][:3]
    ['kennzahlen', 'nach_handlungsfeld', 'nach_schwerpunkt']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypedDict

SCHEMAVERSION = "1.0"
PROFIL = "tabular-data-package"
ZEITRAEUME = ("monat", "bis_monat")
HANDLUNGSFELDER = ("Bildung", "Querschnitt", "KIM", "Übergreifend")
ZIELDIMENSIONEN = ("I", "II", "III")
OHNE = "ohne"
STATUS = ("erreicht", "erreicht (über Höchstzahl)", "auf Kurs", "im Verzug", "manuell prüfen")
KENNUNG_MUSTER = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"
MONAT_MUSTER = r"[0-9]{4}-(0[1-9]|1[0-2])"
SHA256_MUSTER = r"[0-9a-f]{64}"


@dataclass(frozen=True)
class Feld:
    """One column of a resource, as its Table Schema field describes it."""

    name: str
    typ: str  # Table Schema type: string, integer, number, boolean, date
    titel: str
    beschreibung: str
    einheit: str | None = None  # "h", "EUR", "VZÄ", "Anteil"
    pflicht: bool = False
    werte: tuple[str, ...] | None = None  # enum
    minimum: int | None = None
    maximum: int | None = None
    muster: str | None = None  # pattern (anchored at both ends)
    stellen: int | None = None  # decimal places of a number

    def schema(self) -> dict[str, Any]:
        """The Table Schema field descriptor."""
        result: dict[str, Any] = {
            "name": self.name,
            "type": self.typ,
            "title": self.titel,
            "description": self.beschreibung,
        }
        if self.einheit:
            result["unit"] = self.einheit
        if self.typ == "number":
            result["bareNumber"] = True
        constraints: dict[str, Any] = {}
        if self.pflicht:
            constraints["required"] = True
        if self.werte is not None:
            constraints["enum"] = list(self.werte)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.muster is not None:
            constraints["pattern"] = self.muster
        if constraints:
            result["constraints"] = constraints
        return result


@dataclass(frozen=True)
class Fremdschluessel:
    felder: tuple[str, ...]
    ressource: str
    ziel: tuple[str, ...]


@dataclass(frozen=True)
class Ressource:
    """One table of the Meldung (one CSV file)."""

    name: str
    titel: str
    beschreibung: str
    felder: tuple[Feld, ...]
    schluessel: tuple[str, ...]
    fremdschluessel: tuple[Fremdschluessel, ...] = ()

    @property
    def datei(self) -> str:
        return f"{self.name}.csv"

    @cached_property
    def namen(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.felder)

    def schema(self) -> dict[str, Any]:
        """The Table Schema of the resource."""
        result: dict[str, Any] = {"fields": [f.schema() for f in self.felder],
                                  "primaryKey": list(self.schluessel)}
        if self.fremdschluessel:
            result["foreignKeys"] = [
                {"fields": list(k.felder), "reference": {"resource": k.ressource, "fields": list(k.ziel)}}
                for k in self.fremdschluessel
            ]
        return result

    def descriptor(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.datei,
            "profile": "tabular-data-resource",
            "title": self.titel,
            "description": self.beschreibung,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": self.schema(),
        }


def _zeitraum() -> Feld:
    return Feld("zeitraum", "string", "Zeitraum", "„monat“: der Berichtsmonat; „bis_monat“: 1. Januar bis "
                "Ende des Berichtsmonats.", pflicht=True, werte=ZEITRAEUME)


def _sperre(name: str, was: str) -> Feld:
    return Feld(f"{name}_sperre", "string", f"Sperrvermerk {was}",
                f"Leer, wenn die Zelle {name} veröffentlicht ist; sonst der Grund, aus dem sie leer ist "
                "(Geheimhaltung: „Zahlenwert geheim zu halten“).")


def _stunden(name: str = "stunden", titel: str = "Stunden") -> tuple[Feld, Feld]:
    return (Feld(name, "number", titel, f"{titel}: dokumentierte Arbeitsstunden, auf zwei Stellen gerundet "
                 "(kaufmännisch); leer, wenn geheim zu halten.", einheit="h", minimum=0, stellen=2),
            _sperre(name, titel))


def _teilnahmen() -> tuple[Feld, Feld]:
    return (Feld("teilnahmen", "integer", "Teilnahmen", "Summe der Teilnehmenden über die Einträge (eine "
                 "Person, die zweimal teilnimmt, zählt zweimal); leer, wenn geheim zu halten.",
                 einheit="Personen", minimum=0),
            _sperre("teilnahmen", "Teilnahmen"))


def _nach(name: str, titel: str, merkmal: Feld, beschreibung: str,
          fremd: tuple[Fremdschluessel, ...] = ()) -> Ressource:
    return Ressource(name, titel, beschreibung, (_zeitraum(), merkmal, *_stunden(), *_teilnahmen()),
                     ("zeitraum", merkmal.name), fremd)


class _Einheit(TypedDict):
    einheit: str
    stellen: int


def _pflicht(name: str, typ: str, titel: str, beschreibung: str, **weiter: Any) -> Feld:
    return Feld(name, typ, titel, beschreibung, pflicht=True, **weiter)


_ZUM_SCHWERPUNKT = (Fremdschluessel(("schwerpunkt",), "schwerpunkte", ("schwerpunkt",)),)
_EURO: _Einheit = {"einheit": "EUR", "stellen": 2}
_VZA: _Einheit = {"einheit": "VZÄ", "stellen": 4}

RESSOURCEN: tuple[Ressource, ...] = (
    Ressource(
        "kennzahlen", "Kennzahlen und Schwerpunktquote",
        "Stunden, Stunden mit Themenschwerpunkt, Schwerpunktanteil und Urteil der Quote, je für den Monat "
        "und für 1. Januar bis Monatsende.",
        (_zeitraum(), *_stunden(), *_stunden("stunden_schwerpunkte", "Stunden mit Themenschwerpunkt"),
         Feld("schwerpunktanteil", "number", "Schwerpunktanteil", "Stunden mit Themenschwerpunkt ÷ alle "
              "Stunden, auf vier Stellen gerundet; leer ohne Stunden oder wenn geheim zu halten.",
              einheit="Anteil", minimum=0, maximum=1, stellen=4),
         _sperre("schwerpunktanteil", "Schwerpunktanteil"),
         _pflicht("mindestanteil", "number", "Mindestanteil", "Der Anteil, den die Schwerpunkte mindestens "
                  "erreichen sollen (ki.toml: schwerpunkt_mindestanteil).", einheit="Anteil", minimum=0,
                  maximum=1, stellen=4),
         Feld("quote_erfuellt", "boolean", "Quote erfüllt", "true: Mindestanteil erreicht; false: nicht "
              "erreicht; leer: keine Stunden im Zeitraum."),
         *_teilnahmen()),
        ("zeitraum",)),
    _nach("nach_handlungsfeld", "Nach Handlungsfeld",
          _pflicht("handlungsfeld", "string", "Handlungsfeld", "Handlungsfeld des Landes.",
                   werte=HANDLUNGSFELDER),
          "Stunden und Teilnahmen je Handlungsfeld; die Zeilen eines Zeitraums ergeben zusammen alle "
          "Stunden."),
    _nach("nach_schwerpunkt", "Nach Themenschwerpunkt",
          _pflicht("schwerpunkt", "string", "Schwerpunkt", "Kennung des Themenschwerpunkts (siehe Ressource "
                   "schwerpunkte)."),
          "Stunden und Teilnahmen je Themenschwerpunkt; die Zeilen eines Zeitraums ergeben zusammen die "
          "Stunden mit Themenschwerpunkt.", _ZUM_SCHWERPUNKT),
    _nach("nach_zieldimension", "Nach Zieldimension",
          _pflicht("zieldimension", "string", "Zieldimension", "Zieldimension der Teilhabe- und "
                   "Integrationsstrategie 2030 (über den Schwerpunkt); „ohne“: Stunden ohne Schwerpunkt.",
                   werte=(*ZIELDIMENSIONEN, OHNE)),
          "Stunden und Teilnahmen je Zieldimension; die Zeilen eines Zeitraums ergeben zusammen alle "
          "Stunden."),
    _nach("nach_taetigkeit", "Nach Tätigkeit",
          _pflicht("taetigkeit", "string", "Tätigkeit", "Art der Aufgabenwahrnehmung, wie im KI "
                   "konfiguriert."),
          "Stunden und Teilnahmen je Tätigkeit; die Zeilen eines Zeitraums ergeben zusammen alle Stunden."),
    _nach("nach_kommune", "Nach Kommune",
          _pflicht("kommune", "string", "Kommune", "Kommune des Kreises, „kreisweit“, oder „ohne“ für "
                   "Einträge ohne Kommune."),
          "Stunden und Teilnahmen je Kommune; die Zeilen eines Zeitraums ergeben zusammen alle Stunden."),
    Ressource(
        "schwerpunkte", "Themenschwerpunkte", "Die Themenschwerpunkte des KI, die im Jahr des Berichtsmonats "
        "gelten.",
        (_pflicht("schwerpunkt", "string", "Schwerpunkt", "Kennung des Schwerpunkts im KI (z. B. SP1)."),
         _pflicht("titel", "string", "Titel", "Titel des Schwerpunkts, wie vom Ausschuss beschlossen."),
         _pflicht("handlungsfeld", "string", "Handlungsfeld", "Handlungsfeld des Schwerpunkts.",
                  werte=HANDLUNGSFELDER),
         _pflicht("zieldimension", "string", "Zieldimension", "Zieldimension des Schwerpunkts.",
                  werte=ZIELDIMENSIONEN),
         _pflicht("von", "integer", "von", "Erstes Jahr des Schwerpunktzeitraums."),
         _pflicht("bis", "integer", "bis", "Letztes Jahr des Schwerpunktzeitraums.")),
        ("schwerpunkt",)),
    Ressource(
        "meilensteine", "Meilensteine", "Die Meilensteine des Jahres mit ihrem Stand am Ende des "
        "Berichtsmonats.",
        (_pflicht("schwerpunkt", "string", "Schwerpunkt", "Kennung des Schwerpunkts."),
         _pflicht("nr", "integer", "Nr.", "Laufende Nummer des Meilensteins im Schwerpunkt und Jahr.",
                  minimum=1),
         _pflicht("jahr", "integer", "Jahr", "Jahr des Meilensteins."),
         _pflicht("text", "string", "Meilenstein", "Text des Meilensteins."),
         Feld("taetigkeit", "string", "Tätigkeit", "Gezählte Tätigkeit; leer bei einem Meilenstein, der "
              "nicht gezählt werden kann."),
         Feld("mindestens", "integer", "mindestens", "Mindestzahl im Jahr.", minimum=0),
         Feld("hoechstens", "integer", "höchstens", "Höchstzahl im Jahr.", minimum=0),
         Feld("ist", "integer", "Ist", "Gezählt vom 1. Januar bis zum Stichtag; leer, wenn nicht zählbar "
              "oder geheim zu halten.", einheit="Anzahl", minimum=0),
         _sperre("ist", "Ist"),
         _pflicht("stichtag", "date", "Stichtag", "Letzter Tag, bis zu dem gezählt wurde."),
         _pflicht("status", "string", "Status", "Stand des Meilensteins am Stichtag.", werte=STATUS)),
        ("schwerpunkt", "nr"), _ZUM_SCHWERPUNKT),
    Ressource(
        "besetzung", "Besetzung des Stellenplans", "VZÄ im Stellenplan, besetzt und unbesetzt: im Mittel "
        "über die Tage des Monats und am Monatsende (alle Stellen des KI zusammen).",
        (_pflicht("bezug", "string", "Bezug", "„monatsmittel“: Mittel über die Tage des Monats; "
                  "„monatsende“: am letzten Tag des Monats.", werte=("monatsmittel", "monatsende")),
         _pflicht("stellenplan_vza", "number", "VZÄ im Stellenplan", "Summe der Stellenanteile.", minimum=0,
                  **_VZA),
         _pflicht("besetzt_vza", "number", "VZÄ besetzt", "Besetzte Stellenanteile.", minimum=0, **_VZA),
         _pflicht("unbesetzt_vza", "number", "VZÄ unbesetzt", "Stellenplan minus besetzt.", **_VZA)),
        ("bezug",)),
    Ressource(
        "foerderung", "Landesförderung (Pauschale)", "Der Anspruch je Förderprogramm: im Monat, vom 1. "
        "Januar bis Monatsende und im Jahr, gegen den Höchstbetrag.",
        (_pflicht("programm", "string", "Programm", "Name des Förderprogramms."),
         _pflicht("monat", "number", "Anspruch im Monat", "Pauschale des Berichtsmonats.", **_EURO),
         _pflicht("bis_monat", "number", "Anspruch seit Januar", "Pauschale vom 1. Januar bis Monatsende.",
                  **_EURO),
         _pflicht("anspruch", "number", "Anspruch im Jahr", "Pauschale des ganzen Jahres nach Stellenplan.",
                  **_EURO),
         Feld("hoechstbetrag", "number", "Höchstbetrag", "Höchstbetrag des Programms im Jahr; leer: keiner "
              "konfiguriert.", **_EURO),
         _pflicht("foerderfaehig", "number", "förderfähig", "Anspruch, höchstens der Höchstbetrag.", **_EURO),
         _pflicht("ueberschritten", "boolean", "überschritten", "true: der Anspruch im Jahr übersteigt den "
                  "Höchstbetrag.")),
        ("programm",)),
    Ressource(
        "kette", "Kette der Abschlüsse", "Die Glieder der Ablage-Kette des KI bis zu diesem Abschluss: jedes "
        "Manifest mit seiner Prüfsumme und der seines Vorgängers. Das letzte Glied ist dieser Abschluss.",
        (_pflicht("nr", "integer", "Nr.", "Nummer des Glieds in der Kette.", minimum=1),
         _pflicht("art", "string", "Art", "Abschluss oder Wiedereröffnung eines Monats.",
                  werte=("abschluss", "wiedereroeffnung")),
         _pflicht("monat", "string", "Monat", "Der abgeschlossene oder wiedereröffnete Monat.",
                  muster=MONAT_MUSTER),
         _pflicht("sha256", "string", "Prüfsumme", "sha256 der Bytes des Manifests.", muster=SHA256_MUSTER),
         Feld("vorgaenger", "string", "Vorgänger", "sha256 des Manifests des vorigen Glieds; leer beim "
              "ersten.",
              muster=SHA256_MUSTER)),
        ("nr",)),
)
NACH = ("nach_handlungsfeld", "nach_schwerpunkt", "nach_zieldimension", "nach_taetigkeit", "nach_kommune")
RESSOURCE: Mapping[str, Ressource] = MappingProxyType({r.name: r for r in RESSOURCEN})

Wert = str | int | Decimal | bool | None  # a cell: a date is its ISO text, an empty cell None
Zeile = tuple[Wert, ...]  # one row: values in field order


@dataclass(frozen=True)
class Kettenkopf:
    """The filing a Meldung belongs to: its number in the chain, the version of the month's
    closing, the sha256 of its manifest and that of its predecessor."""

    nr: int
    version: int
    sha256: str
    vorgaenger: str | None


@dataclass(frozen=True)
class Meldungsinhalt:
    """Everything a Meldung says, independent of how it is stored: metadata and the rows of each
    resource (values in field order; `Decimal` for numbers, None for an empty cell)."""

    kennung: str
    ki_name: str
    monat: str  # JJJJ-MM
    kibericht_version: str
    abgeschlossen_am: str  # ISO 8601 time of the filing (from its manifest)
    kopf: Kettenkopf
    tabellen: Mapping[str, tuple[Zeile, ...]] = field(default_factory=dict)
    schemaversion: str = SCHEMAVERSION

    def __post_init__(self) -> None:
        tabellen = {name: tuple(tuple(z) for z in self.tabellen.get(name, ())) for name in RESSOURCE}
        object.__setattr__(self, "tabellen", MappingProxyType(tabellen))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Meldungsinhalt):
            return NotImplemented
        return self._vergleich() == other._vergleich()

    def __hash__(self) -> int:
        return hash(self._vergleich())

    def __reduce__(self) -> tuple[type[Meldungsinhalt], tuple[object, ...]]:
        # a read-only mapping cannot be pickled: rebuild from a plain dict
        return (Meldungsinhalt, (self.kennung, self.ki_name, self.monat, self.kibericht_version,
                                 self.abgeschlossen_am, self.kopf, dict(self.tabellen), self.schemaversion))

    def _vergleich(self) -> tuple[object, ...]:
        return (self.kennung, self.ki_name, self.monat, self.kibericht_version, self.abgeschlossen_am,
                self.kopf, self.schemaversion, tuple(sorted(self.tabellen.items())))

    def zeilen(self, ressource: str) -> list[dict[str, Wert]]:
        """The rows of a resource as dicts by field name."""
        namen = RESSOURCE[ressource].namen
        return [dict(zip(namen, z, strict=True)) for z in self.tabellen[ressource]]

    @property
    def dateiname(self) -> str:
        return meldung_dateiname(self.kennung, self.monat)


def meldung_dateiname(kennung: str, monat: str) -> str:
    """`Meldung_<Kennung>_JJJJ-MM.zip`."""
    return f"Meldung_{kennung}_{monat}.zip"


def zahl_text(wert: Decimal, stellen: int | None) -> str:
    """A number as written in the CSV: a plain decimal with a dot and fixed places."""
    if stellen is None:
        return format(wert, "f")
    return format(wert.quantize(Decimal(1).scaleb(-stellen)), "f")


def gueltige_kennung(text: str) -> bool:
    return re.fullmatch(KENNUNG_MUSTER, text or "") is not None


def schema_markdown() -> str:
    """The resources and fields as Markdown tables, for `docs/` (a test keeps the docs equal to it)."""
    teile = []
    for r in RESSOURCEN:
        schluessel = ", ".join(f"`{k}`" for k in r.schluessel)
        fremd = "".join(
            f" Fremdschlüssel: `{', '.join(k.felder)}` → `{k.ressource}.{', '.join(k.ziel)}`."
            for k in r.fremdschluessel
        )
        teile.append(f"#### `{r.name}` – {r.titel} (`{r.datei}`)\n\n{r.beschreibung} Primärschlüssel: "
                     f"{schluessel}.{fremd}\n\n| Feld | Typ | Einheit | Pflicht | Bedingung | Bedeutung |\n"
                     "| --- | --- | --- | --- | --- | --- |")
        for f in r.felder:
            bedingung = []
            if f.werte is not None:
                bedingung.append("eines von " + ", ".join(f"`{w}`" for w in f.werte))
            if f.minimum is not None:
                bedingung.append(f"≥ {f.minimum}")
            if f.maximum is not None:
                bedingung.append(f"≤ {f.maximum}")
            if f.muster is not None:
                bedingung.append(f"Muster `{f.muster}`")
            if f.stellen is not None:
                bedingung.append(f"{f.stellen} Nachkommastellen")
            teile.append(f"| `{f.name}` | {f.typ} | {f.einheit or ''} | {'ja' if f.pflicht else ''} | "
                         f"{'; '.join(bedingung)} | {f.beschreibung} |")
        teile.append("")
    return "\n".join(teile)
