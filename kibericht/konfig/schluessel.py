"""The keys of ki.toml, described once: name, type, range, default, German label and help text.

`konfig.feldpruefung` checks a value of a key with its description — the loader
(`konfig.laden`) every key of the file, a form (the setup assistant, in the browser or on the
command line) one field, with the same rules and the same German sentences. `schluessel_tabelle()`
writes the key table of the documentation from the same descriptions::

    >>> schluessel("stellen", "umfang").label
    'Stellenanteil (VZÄ)'
    >>> bereich_text(schluessel("stellen", "umfang"))
    'zwischen 0,01 und 10'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from kibericht.konfig.ki_kennung import KENNUNG_LAENGE, KENNUNG_MUSTER
from kibericht.konfig.modell import (
    ABLAGE_STANDARD,
    ANTEILIG,
    SOLL_LEHRKRAEFTE,
    TERMINE,
    ZAEHLT,
)
from kibericht.schema import load_schema
from kibericht.zahlen import de_kurz, de_zahl

# kinds of value
TEXT = "text"
TEXTE = "texte"  # a list of texts
ZAHL = "zahl"
GANZZAHL = "ganzzahl"
BETRAG = "betrag"  # euros a year: a number, or one per year { 2025 = 57000 }
DATUM = "datum"
AUSWAHL = "auswahl"  # one of a few texts
TABELLEN = "tabellen"  # a list of tables (besetzt, meilensteine)

MINDESTBETRAG = 1000  # € a year; less is a typo such as 57.000 (TOML reads 57.0)
HOECHSTBETRAG = 10_000_000  # € a year; a KI's whole funding is some hundred thousand euros
ERSTES_JAHR, LETZTES_JAHR = 1990, 2099  # as the dates of entries (`datum-unplausibel`)
MEILENSTEIN_HOECHSTZAHL = 10_000  # countable things in one year
# VZÄ: a hundredth of a full-time post (0.39 h a week) is the least a Stelle or a period of it can
# be; 1e-320 is a positive float too, and the Soll hours of such a Stelle are 0.0 as a float
MINDESTUMFANG = 0.01
MINDESTWOCHENSTUNDEN = 10  # a full-time week (Vollzeit); part time is `umfang`



@dataclass(frozen=True)
class Tabelle:
    """A table of ki.toml: `[ki]` (one) or `[[stellen]]` (a list of tables)."""

    name: str  # the path in the file: "ki", "stellen", "schwerpunkte.meilensteine"
    liste: bool
    label: str
    hilfe: str
    pflicht: bool = False

    @property
    def toml(self) -> str:
        """How the table is written in ki.toml: `[ki]`, `[[stellen]]`, `[[stellen]] besetzt`."""
        if self.name == "stellen.besetzt":  # inline tables in the list `besetzt` of a Stelle
            return "[[stellen]] besetzt"
        return f"[[{self.name}]]" if self.liste else f"[{self.name}]"


@dataclass(frozen=True)
class Schluessel:
    """One key of ki.toml with everything needed to check a value and to document it."""

    tabelle: str
    name: str
    art: str
    label: str  # a German name for a form field
    hilfe: str  # one or two German sentences: what it means
    beispiel: str = ""  # as written in ki.toml, e.g. "0.5" or '"tagesgenau"'
    pflicht: bool = False
    pflicht_text: str = ""  # for the docs where "ja"/"nein" does not say it ("bei Programm")
    standard: object = None
    standard_text: str = ""  # for the docs where the default is no value ("die id")
    minimum: float | None = None
    maximum: float | None = None
    ueber_minimum: bool = False  # the minimum itself is not allowed
    auswahl: tuple[str, ...] | str = ()  # the allowed texts, or the name of a list in schemas/
    leer_erlaubt: bool = False  # a text may be empty
    hoechstlaenge: int | None = None
    muster: str | None = None  # a text must match it whole
    muster_text: str = ""  # what the pattern asks for, in German
    teilt: Fraction | None = None  # the value must divide this into whole parts (stundentakt: 1 h)
    nachkommastellen: int | None = None

    @property
    def ort(self) -> str:
        """Where the key stands, for messages: „in [[stellen]]“."""
        return f"in {TABELLEN_DER_DATEI[self.tabelle].toml}"

    def erlaubt(self) -> tuple[str, ...]:
        """The allowed texts of an AUSWAHL key."""
        if isinstance(self.auswahl, str):
            return tuple(getattr(load_schema(), self.auswahl))
        return self.auswahl


_T = Tabelle
TABELLEN_DER_DATEI: dict[str, Tabelle] = {t.name: t for t in (
    _T("ki", False, "Das KI", "Name, Kommunen und Tätigkeiten des Kommunalen Integrationszentrums.", True),
    _T("regeln", False, "Prüfregeln", "Schwerpunktquote, Höchststunden, Kürzung der Pauschale."),
    _T("programme", True, "Förderprogramme", "Förderprogramme mit ihrem Höchstbetrag je Jahr."),
    _T("stellen", True, "Stellenplan", "Jede Stelle des Stellenplans, mit Förderung und Besetzung.", True),
    _T("stellen.besetzt", True, "Besetzung", "Zeiträume, in denen eine Stelle besetzt ist."),
    _T("schwerpunkte", True, "Themenschwerpunkte", "Die vom Ausschuss beschlossenen Schwerpunkte."),
    _T("schwerpunkte.meilensteine", True, "Meilensteine", "Ein Meilenstein je Schwerpunkt und Jahr."),
    _T("ablage", False, "Ablage", "Wo abgeschlossene Monate abgelegt werden."),
    _T("nachweise", False, "Nachweise", "Wo die Tätigkeitsnachweise liegen."),
    _T("oeffentlich", False, "Öffentliche Fassung", "Geheimhaltung in allem, was veröffentlicht wird."),
)}

_S = Schluessel
SCHLUESSEL: tuple[Schluessel, ...] = (
    # [ki]
    _S("ki", "name", TEXT, "Name des KI", "Name des KI, steht auf jedem Bericht.",
       '"Kommunales Integrationszentrum Kreis Beispiel"', pflicht=True, hoechstlaenge=200),
    _S("ki", "kommunen", TEXTE, "Kommunen", "Die Kommunen des Kreises; „kreisweit“ ist immer zusätzlich "
       "erlaubt.", '["Alfter", "Bornheim"]', pflicht=True),
    _S("ki", "taetigkeiten", TEXTE, "Tätigkeiten", "Eigene Liste der Tätigkeiten.", '["Beratung", '
       '"Netzwerktreffen"]', standard_text="Beratung, Veranstaltung, Fortbildung, Netzwerktreffen, "
       "Gremienarbeit, Konzeptentwicklung, Projektarbeit, Öffentlichkeitsarbeit, Verwaltung, Sonstiges"),
    _S("ki", "kennung", TEXT, "Kennung des KI", "Feste Kurzbezeichnung des KI (Buchstaben, Ziffern und "
       "Bindestrich), z. B. für die Meldung an das Land; ohne Angabe aus dem Namen gebildet: „KI-“ und "
       "die Wörter des Namens ohne „Kommunales Integrationszentrum“ und ohne Klammern, in "
       "Großbuchstaben, Umlaute ausgeschrieben, höchstens 32 Zeichen.", '"KI-AC"',
       standard_text="aus dem Namen gebildet", hoechstlaenge=KENNUNG_LAENGE[1], muster=KENNUNG_MUSTER,
       muster_text=f"nur Buchstaben A–Z, Ziffern und Bindestriche dazwischen, {KENNUNG_LAENGE[0]} bis "
                   f"{KENNUNG_LAENGE[1]} Zeichen"),
    # [regeln]
    _S("regeln", "schwerpunkt_mindestanteil", ZAHL, "Mindestanteil der Schwerpunkte", "Mindestanteil "
       "der Stunden mit Schwerpunkt (0.5 = 50 %).", "0.5", standard=0.5, minimum=0, maximum=1),
    _S("regeln", "max_stunden_pro_tag", ZAHL, "Höchststunden je Tag", "Mehr Stunden je Stelle und Tag "
       "ergeben eine Warnung (Arbeitszeitgesetz).", "10", standard=10.0, minimum=0, ueber_minimum=True,
       maximum=24),
    _S("regeln", "anteilig", AUSWAHL, "Kürzung der Pauschale", "Kürzung der Pauschale bei Vakanz und "
       "Teilzeit: „tagesgenau“ oder „volle_monate“.", '"tagesgenau"', standard="tagesgenau",
       auswahl=ANTEILIG),
    _S("regeln", "soll_lehrkraefte", AUSWAHL, "Soll-Stunden der Lehrkräfte", "„wochenstunden“: wie "
       "alle Stellen; „keine“: kein Soll (z. B. bei Abordnung mit Unterrichtsverpflichtung).",
       '"wochenstunden"', standard="wochenstunden", auswahl=SOLL_LEHRKRAEFTE),
    _S("regeln", "stundentakt", ZAHL, "Stundentakt", "Takt, in dem Stunden erfasst werden, z. B. 0.25 "
       "(Viertelstunde); Stunden, die nicht darauf liegen, ergeben einen Hinweis. Ohne Angabe kein "
       "solcher Hinweis.", "0.25", standard_text="kein Takt", minimum=0, ueber_minimum=True, maximum=1,
       teilt=Fraction(1)),
    # [[programme]]
    _S("programme", "name", TEXT, "Name des Programms", "Name des Förderprogramms (z. B. „KI“, „KIM“, "
       "„KOMM-AN“); „Land“ und „Eigenmittel“ sind reserviert.", '"KI"', pflicht=True, hoechstlaenge=60),
    _S("programme", "hoechstbetrag", BETRAG, "Höchstbetrag je Jahr", "Höchstbetrag in € je Jahr für alle "
       "Stellen des Programms, fest oder je Jahr.", "170000", pflicht=True, minimum=MINDESTBETRAG,
       maximum=HOECHSTBETRAG, nachkommastellen=2),
    # [[stellen]]
    _S("stellen", "id", TEXT, "Kürzel der Stelle", "Kürzel, wie es in der Spalte „Stelle“ steht "
       "(eindeutig).", '"FK1"', pflicht=True, hoechstlaenge=30),
    _S("stellen", "bezeichnung", TEXT, "Bezeichnung", "Bezeichnung der Stelle.", '"Fachkraft"',
       standard_text="die id", leer_erlaubt=True, hoechstlaenge=200),
    _S("stellen", "art", AUSWAHL, "Art der Stelle", "Lehrkraft, Fachkraft, Verwaltung oder Assistenz.",
       '"Fachkraft"', pflicht=True, auswahl="stellenarten"),
    _S("stellen", "umfang", ZAHL, "Stellenanteil (VZÄ)", "Stellenanteil in Vollzeitäquivalenten.", "0.5",
       standard=1.0, minimum=MINDESTUMFANG, maximum=10),
    _S("stellen", "wochenstunden", ZAHL, "Wochenstunden bei Vollzeit", "Wochenarbeitszeit bei Vollzeit "
       "(39 nach TVöD-VKA, 41 für Beamtinnen und Beamte in NRW).", "39", standard=39.0,
       minimum=MINDESTWOCHENSTUNDEN, maximum=60),
    _S("stellen", "foerderung", TEXT, "Förderung", "Ein Programm aus [[programme]], „Land“ (vom Land "
       "bezahlt, keine Pauschale) oder „Eigenmittel“.", '"KI"', pflicht=True),
    _S("stellen", "pauschale", BETRAG, "Pauschale je Jahr", "€ je Jahr bei voller Besetzung, fest oder "
       "je Jahr.", "57000", pflicht_text="bei Programm", minimum=MINDESTBETRAG, maximum=HOECHSTBETRAG,
       nachkommastellen=2),
    _S("stellen", "besetzt", TABELLEN, "Besetzung", "Besetzungszeiträume; ohne Angabe ganzjährig "
       "besetzt.", "[ { von = 2025-01-01, bis = 2025-06-30 } ]", standard_text="ganzjährig besetzt"),
    # besetzt = [ { von, bis, umfang } ]
    _S("stellen.besetzt", "von", DATUM, "besetzt ab", "Erster Tag des Zeitraums.", "2025-01-01",
       pflicht=True),
    _S("stellen.besetzt", "bis", DATUM, "besetzt bis", "Letzter Tag des Zeitraums (einschließlich); ohne "
       "Angabe weiterhin besetzt.", "2025-06-30", standard_text="weiterhin besetzt"),
    _S("stellen.besetzt", "umfang", ZAHL, "Umfang im Zeitraum", "Besetzter Anteil in VZÄ, höchstens der "
       "Umfang der Stelle.", "0.5", standard_text="Umfang der Stelle", minimum=MINDESTUMFANG, maximum=10),
    # [[schwerpunkte]]
    _S("schwerpunkte", "id", TEXT, "Kürzel des Schwerpunkts", "Kürzel; in den Nachweisen zählt es wie der "
       "Titel.", '"SP1"', pflicht=True, hoechstlaenge=30),
    _S("schwerpunkte", "titel", TEXT, "Titel", "Titel des Schwerpunkts.", '"Bildung verbessern"',
       pflicht=True, hoechstlaenge=500),
    _S("schwerpunkte", "handlungsfeld", AUSWAHL, "Handlungsfeld", "Bildung, Querschnitt, KIM oder "
       "Übergreifend.", '"Bildung"', pflicht=True, auswahl="handlungsfelder"),
    _S("schwerpunkte", "zieldimension", AUSWAHL, "Zieldimension", "I Erstintegration, II Nachhaltige "
       "Integration in die Regelsysteme, III Migrationsgesellschaft gestalten.", '"I"', pflicht=True,
       auswahl="zieldimensionen"),
    _S("schwerpunkte", "von", GANZZAHL, "erstes Jahr", "Erstes Jahr des Zweijahreszeitraums.", "2025",
       pflicht=True, minimum=ERSTES_JAHR, maximum=LETZTES_JAHR),
    _S("schwerpunkte", "bis", GANZZAHL, "letztes Jahr", "Letztes Jahr des Zweijahreszeitraums.", "2026",
       pflicht=True, minimum=ERSTES_JAHR, maximum=LETZTES_JAHR),
    _S("schwerpunkte", "zielbezug", TEXT, "Zielbezug", "Text aus dem Ausschussbeschluss.", '"…"',
       leer_erlaubt=True, hoechstlaenge=2000),
    _S("schwerpunkte", "ziel", TEXT, "Ziel", "Text aus dem Ausschussbeschluss.", '"…"', leer_erlaubt=True,
       hoechstlaenge=2000),
    _S("schwerpunkte", "meilensteine", TABELLEN, "Meilensteine", "Ein Meilenstein je Jahr.",
       "[[schwerpunkte.meilensteine]]"),
    # [[schwerpunkte.meilensteine]]
    _S("schwerpunkte.meilensteine", "jahr", GANZZAHL, "Jahr", "Das Jahr des Meilensteins.", "2025",
       pflicht=True, minimum=ERSTES_JAHR, maximum=LETZTES_JAHR),
    _S("schwerpunkte.meilensteine", "text", TEXT, "Meilenstein", "Der Meilenstein, wie beschlossen.",
       '"4–6 Netzwerktreffen"', pflicht=True, hoechstlaenge=2000),
    _S("schwerpunkte.meilensteine", "taetigkeit", TEXT, "gezählte Tätigkeit", "Macht den Meilenstein "
       "zusammen mit „mindestens“ zählbar: gezählt werden Termine (oder Einträge, siehe „zaehlt“) dieser "
       "Tätigkeit mit diesem Schwerpunkt im Jahr.", '"Netzwerktreffen"'),
    _S("schwerpunkte.meilensteine", "mindestens", GANZZAHL, "mindestens", "Zahl, die im Jahr erreicht "
       "werden soll.", "4", minimum=0, maximum=MEILENSTEIN_HOECHSTZAHL),
    _S("schwerpunkte.meilensteine", "hoechstens", GANZZAHL, "höchstens", "Obergrenze (z. B. 4–6 "
       "Treffen).", "6", minimum=0, maximum=MEILENSTEIN_HOECHSTZAHL),
    _S("schwerpunkte.meilensteine", "zaehlt", AUSWAHL, "gezählt werden", "„termine“: Einträge mit "
       "gleichem Datum, gleicher Tätigkeit, gleichem Schwerpunkt und gleicher Kommune sind ein Termin "
       "(ein Netzwerktreffen, das drei Mitarbeitende eintragen, zählt einmal); „eintraege“: jeder Eintrag "
       "zählt.", '"termine"', standard=TERMINE, auswahl=ZAEHLT),
    # [ablage], [nachweise], [oeffentlich]
    _S("ablage", "ordner", TEXT, "Ordner der Ablage", "Ordner der abgeschlossenen Monate, relativ zum "
       "Ordner der ki.toml oder absolut.", '"abschluesse"', standard=ABLAGE_STANDARD,
       standard_text=f"„{ABLAGE_STANDARD}“ neben der ki.toml"),
    _S("nachweise", "ordner", TEXT, "Ordner der Nachweise", "Ordner der Tätigkeitsnachweise, relativ "
       "zum Ordner der ki.toml oder absolut; wird genutzt, wenn ein Befehl ohne Eingabe aufgerufen wird.",
       '"nachweise"', standard_text="keiner"),
    _S("oeffentlich", "mindestens_stellen", GANZZAHL, "Mindestzahl der Stellen", "Eine Zahl der "
       "öffentlichen Fassung wird nur gezeigt, wenn mindestens so viele Stellen zu ihr beitragen "
       "(Fallzahlregel der amtlichen Statistik; strenger ja, weniger als 3 nicht).", "3", standard=3,
       minimum=3, maximum=50),
    _S("oeffentlich", "hoechstanteil", ZAHL, "Höchstanteil einer Stelle", "Eine Zahl der öffentlichen "
       "Fassung wird nur gezeigt, wenn keine einzelne Stelle mehr als diesen Anteil beiträgt "
       "(Dominanzregel; strenger ja, mehr als 0.85 nicht).", "0.85", standard=0.85, minimum=0.5,
       maximum=0.85),
)
_NACH_NAME = {(s.tabelle, s.name): s for s in SCHLUESSEL}


def schluessel(tabelle: str, name: str) -> Schluessel:
    """The description of one key, e.g. `schluessel("stellen", "umfang")`."""
    return _NACH_NAME[(tabelle, name)]


def schluessel_von(tabelle: str) -> tuple[Schluessel, ...]:
    """The keys a table may hold, in the order of the documentation."""
    return tuple(s for s in SCHLUESSEL if s.tabelle == tabelle)


def oberste_tabellen() -> tuple[str, ...]:
    """The tables a ki.toml may hold at its top level."""
    return tuple(name for name in TABELLEN_DER_DATEI if "." not in name)


def bereich_text(s: Schluessel) -> str:
    """„über 0 und höchstens 1“, „zwischen 0 und 1“, „mindestens 3“."""
    unten = None if s.minimum is None else de_kurz(s.minimum)
    oben = None if s.maximum is None else de_kurz(s.maximum)
    if s.art == GANZZAHL and s.minimum is not None and s.minimum >= ERSTES_JAHR:
        unten, oben = str(int(s.minimum)), str(int(s.maximum or 0))  # years without a thousands dot
    elif s.art == BETRAG:
        unten, oben = f"{de_zahl(s.minimum or 0, 0)} €", f"{de_zahl(s.maximum or 0, 0)} €"
    if unten is not None and oben is not None:
        return f"über {unten} und höchstens {oben}" if s.ueber_minimum else f"zwischen {unten} und {oben}"
    if unten is not None:
        return f"über {unten}" if s.ueber_minimum else f"mindestens {unten}"
    return f"höchstens {oben}"


# ---------------------------------------------------------------------------- documentation

def _standard(s: Schluessel) -> str:
    if s.standard_text:
        return s.standard_text
    if s.standard is None:
        return "–"
    return f"`{s.standard}`"  # as written in ki.toml: `1.0`, `tagesgenau`


def _bereich(s: Schluessel) -> str:
    if s.art == AUSWAHL:
        return ", ".join(f"`{e}`" for e in s.erlaubt())
    if s.minimum is None and s.maximum is None:
        return {TEXT: "Text", TEXTE: "Liste von Texten", DATUM: "Datum JJJJ-MM-TT",
                TABELLEN: "Liste von Zeiträumen" if s.name == "besetzt" else "Tabellen"}.get(s.art, "")
    bereich = bereich_text(s)
    if s.art == BETRAG:
        bereich += ", höchstens Cent, fest oder je Jahr `{ 2025 = 57000 }`"
    if s.teilt is not None:
        bereich += ", teilt eine Stunde in gleiche Teile"
    return bereich


def schluessel_tabelle(pruefe: Callable[[Schluessel], bool] = lambda s: True) -> str:
    """The key table of the documentation (Markdown), from the descriptions above:
    Schlüssel | Pflicht | Standard | Werte | Bedeutung."""
    zeilen = ["| Schlüssel | Pflicht | Standard | Werte | Bedeutung |", "| --- | --- | --- | --- | --- |"]
    for s in SCHLUESSEL:
        if not pruefe(s):
            continue
        tabelle = TABELLEN_DER_DATEI[s.tabelle]
        ort = f"`{tabelle.toml}`"
        pflicht = s.pflicht_text or ("ja" if s.pflicht else "nein")
        zeilen.append(f"| {ort} `{s.name}` | {pflicht} | {_standard(s)} | {_bereich(s)} | {s.hilfe} |")
    return "\n".join(zeilen) + "\n"
