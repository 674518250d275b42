"""Findings: every data problem is a value with a position, never an exception.

Every finding code is defined once, as a member of `Code` (the register of codes), with its
severity, its category, a one-line description (the table of codes in the docs is generated from
it, see `code_tabelle`) and what the program does with it. Call sites name a code by its
constant, never by its text::

    >>> f = befund(Code.STUNDEN_UNGUELTIG, "FK1.xlsx", "Jan 2025", 14, "Stunden", "abc",
    ...            "„abc“ ist keine Stundenzahl.")
    >>> f.render()
    'FK1.xlsx:Jan 2025:14: fehler [stunden-ungueltig] Spalte Stunden: „abc“ ist keine Stundenzahl.'
    >>> f.code == "stunden-ungueltig", f.code.verwirft_zeile, f.code.kategorie.value
    (True, True, 'Zeilen und Zellen')

A `Code` is a string (its text, as in the JSON documents), so findings serialise as before.

Stages return their findings; `ohne_doppelte` removes, in one final step, a second error at a cell
that already has one (a cell that is not a number is not also reported as empty).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from enum import Enum, Flag, StrEnum, auto
from typing import Any

FEHLER = "fehler"
WARNUNG = "warnung"
HINWEIS = "hinweis"
SEVERITIES = (FEHLER, WARNUNG, HINWEIS)


class Kategorie(Enum):
    """What a finding is about; the value is the heading of its group in the docs."""

    AUFRUF = "Aufruf, Zeitraum und Ausgabe"
    KONFIGURATION = "Konfiguration"
    DATEI = "Dateien und Ordner"
    BLATT = "Blätter und Kopfzeilen"
    ZEILE = "Zeilen und Zellen"
    PLAUSIBILITAET = "Plausibilität"
    JAHR = "Stellenplan und Förderung eines Jahres"
    ABLAGE = "Abgeschlossene Monate und Ablage"
    MELDUNG = "Meldungen an das Land und ihre Zusammenfassung"


class Merkmal(Flag):
    """What sets a code apart from the others of its severity."""

    KEINE = 0
    # belongs to every report period, whatever month its row is in (`regeln.zuordnung`)
    IMMER_IM_ZEITRAUM = auto()
    # rejects the row it stands at, but without a row (an entry removed from a closed month,
    # named by the sheet it stood in) rejects nothing (`ablauf`)
    NUR_AN_ZEILEN = auto()


class Code(StrEnum):
    """The register of finding codes. Each member is the code's text (a `str`) and carries:

    - `schwere`: fehler, warnung or hinweis;
    - `kategorie`: what it is about (`Kategorie`);
    - `beschreibung`: one German line for the table of codes;
    - `verwirft_zeile`: an error at a row takes that row out of the count (every fehler);
    - `verwirft_ohne_zeile`: an error without a row takes every row of the sheet or file it names
      out of the count (every fehler, except where `Merkmal.NUR_AN_ZEILEN` says otherwise);
    - `immer_im_zeitraum`: it belongs to every report period (`regeln.zuordnung`);
    - `betrifft_ablage`: it is about the closed months and their Ablage (`verifizieren`);
    - `spalte_heisst`: what its `spalte` names: „Schlüssel“ of ki.toml or „Spalte“ of a sheet.
    """

    schwere: str
    kategorie: Kategorie
    beschreibung: str
    merkmale: Merkmal

    def __new__(cls, wert: str, schwere: str, kategorie: Kategorie, beschreibung: str,
                merkmale: Merkmal = Merkmal.KEINE) -> Code:
        member = str.__new__(cls, wert)
        member._value_ = wert
        member.schwere = schwere
        member.kategorie = kategorie
        member.beschreibung = beschreibung
        member.merkmale = merkmale
        return member

    # the call and the configuration (exit code 2)
    AUFRUF_UNGUELTIG = ("aufruf-ungueltig", FEHLER, Kategorie.AUFRUF,
        "der Befehl wurde falsch aufgerufen (Option fehlt oder ist ungültig)")
    KONFIG_FEHLT = ("konfig-fehlt", FEHLER, Kategorie.KONFIGURATION,
        "die Konfiguration ki.toml wurde nicht gefunden")
    KONFIG_UNLESBAR = ("konfig-unlesbar", FEHLER, Kategorie.KONFIGURATION,
        "die Konfiguration kann nicht gelesen werden (z. B. nicht UTF-8)")
    KONFIG_SYNTAX = ("konfig-syntax", FEHLER, Kategorie.KONFIGURATION,
        "die Konfiguration ist kein gültiges TOML (Zeile und Spalte werden genannt)")
    KONFIG_UNGUELTIG = ("konfig-ungueltig", FEHLER, Kategorie.KONFIGURATION,
        "ein Schlüssel der Konfiguration fehlt, ist unbekannt oder hat einen unzulässigen Wert")
    KONFIG_VERWECHSELBAR = ("konfig-verwechselbar", WARNUNG, Kategorie.KONFIGURATION,
        "eine Stellen- oder Schwerpunkt-ID sieht einer anderen zum Verwechseln ähnlich oder enthält "
        "Buchstaben einer anderen Schrift, die wie lateinische aussehen")
    AUSGABE_NICHT_SCHREIBBAR = ("ausgabe-nicht-schreibbar", FEHLER, Kategorie.AUFRUF,
        "eine Ausgabedatei kann nicht geschrieben werden (geöffnet, schreibgeschützt, Platte voll)")
    ZEITRAUM_LEER = ("zeitraum-leer", FEHLER, Kategorie.AUFRUF,
        "für den Berichtszeitraum gibt es keinen einzigen Eintrag")
    # input files and folders
    DATEI_FEHLT = ("datei-fehlt", FEHLER, Kategorie.DATEI,
        "eine angegebene Datei oder ein Ordner existiert nicht")
    ORDNER_LEER = ("ordner-leer", HINWEIS, Kategorie.DATEI, "im angegebenen Ordner liegt keine Arbeitsmappe")
    DATEI_SONDERDATEI = ("datei-sonderdatei", FEHLER, Kategorie.DATEI,
        "die Eingabe ist keine gewöhnliche Datei (benannte Pipe, Gerät, Socket); sie wird nicht gelesen")
    DATEI_GEOEFFNET = ("datei-geoeffnet", HINWEIS, Kategorie.DATEI,
        "eine Sperrdatei von Excel (~$Name.xlsx) oder LibreOffice zeigt, dass die Arbeitsmappe gerade "
        "geöffnet ist; gelesen wird ihr gespeicherter Stand")
    DATEI_DOPPELT = ("datei-doppelt", FEHLER, Kategorie.DATEI,
        "alle Einträge der Arbeitsmappe stehen auch in einer anderen (eine Kopie); sie werden nicht "
        "gezählt")
    EIGENE_DATEI = ("eigene-datei", HINWEIS, Kategorie.DATEI,
        "ein Bericht oder eine markierte Kopie von kibericht liegt bei den Nachweisen; sie wird nicht "
        "gezählt")
    DATEI_LEER = ("datei-leer", FEHLER, Kategorie.DATEI, "die Datei ist leer (0 Byte)")
    DATEI_ALTFORMAT = ("datei-altformat", FEHLER, Kategorie.DATEI,
        "altes Excel-Format (.xls) oder binäre Arbeitsmappe (.xlsb)")
    DATEI_VERSCHLUESSELT = ("datei-verschluesselt", FEHLER, Kategorie.DATEI,
        "die Arbeitsmappe ist mit einem Kennwort geschützt")
    DATEI_KEIN_EXCEL = ("datei-kein-excel", FEHLER, Kategorie.DATEI,
        "die Datei ist keine Arbeitsmappe (z. B. umbenannte CSV- oder ZIP-Datei)")
    DATEI_BESCHAEDIGT = ("datei-beschaedigt", FEHLER, Kategorie.DATEI,
        "ZIP-Archiv oder Struktur der Arbeitsmappe sind beschädigt")
    DATEI_UNLESBAR = ("datei-unlesbar", FEHLER, Kategorie.DATEI, "die Datei kann nicht gelesen werden")
    DATEI_ZU_GROSS = ("datei-zu-gross", FEHLER, Kategorie.DATEI,
        "entpackt unplausibel groß oder zu stark komprimiert (ZIP-Bombe)")
    DATEI_XML_ANGRIFF = ("datei-xml-angriff", FEHLER, Kategorie.DATEI,
        "DTD- oder Entity-Deklarationen, die Excel nie schreibt")
    # sheets and header rows
    BLATT_UNLESBAR = ("blatt-unlesbar", FEHLER, Kategorie.BLATT, "ein Blatt kann nicht gelesen werden")
    BLATT_ZU_GROSS = ("blatt-zu-gross", FEHLER, Kategorie.BLATT,
        "der gefüllte Bereich eines Blatts ist unplausibel groß")
    BLATT_ZU_BREIT = ("blatt-zu-breit", HINWEIS, Kategorie.BLATT,
        "das Blatt hat mehr als 200 Spalten; gelesen werden die ersten 200")
    BLATT_OHNE_KOPFZEILE = ("blatt-ohne-kopfzeile", HINWEIS, Kategorie.BLATT,
        "ein Blatt ohne erkennbare Kopfzeile (und ohne Einträge) wird übersprungen")
    KOPFZEILE_FEHLT = ("kopfzeile-fehlt", FEHLER, Kategorie.BLATT,
        "ein Blatt mit Einträgen (Zeilen mit Datum und Zahl) hat keine erkennbare Kopfzeile; seine "
        "Stunden gingen verloren")
    BLATT_ANLEITUNG = ("blatt-anleitung", HINWEIS, Kategorie.BLATT,
        "ein Blatt heißt wie eine Anleitung oder ein Beispiel (Anleitung, Hinweise, Beispiel, Muster …) "
        "und wird nicht gezählt")
    BLATT_AUSGEBLENDET = ("blatt-ausgeblendet", HINWEIS, Kategorie.BLATT,
        "ein ausgeblendetes Blatt wurde trotzdem gelesen")
    SPALTE_FEHLT = ("spalte-fehlt", FEHLER, Kategorie.BLATT,
        "eine Pflichtspalte fehlt in der Kopfzeile; das Blatt wird nicht ausgewertet")
    SPALTE_DOPPELT = ("spalte-doppelt", WARNUNG, Kategorie.BLATT,
        "eine Spalte steht zweimal in der Kopfzeile; gelesen wird die erste")
    SPALTE_UNBEKANNT = ("spalte-unbekannt", HINWEIS, Kategorie.BLATT,
        "eine Spalte der Kopfzeile ist unbekannt und wird nicht ausgewertet")
    ZEILEN_AUSGEBLENDET = ("zeilen-ausgeblendet", HINWEIS, Kategorie.BLATT,
        "ausgeblendete Zeilen wurden mitgelesen und gezählt")
    ZELLEN_VERBUNDEN = ("zellen-verbunden", HINWEIS, Kategorie.BLATT,
        "verbundene Zellen im Datenbereich: gelesen wird der Wert der oberen linken Zelle")
    # rows and cells
    ZEILE_UNLESBAR = ("zeile-unlesbar", FEHLER, Kategorie.ZEILE,
        "eine Zeile enthält einen Wert, der sich nicht lesen lässt")
    FEHLERWERT = ("fehlerwert", FEHLER, Kategorie.ZEILE,
        "eine Zelle enthält einen Excel-Fehlerwert wie #DIV/0!")
    FORMEL_OHNE_WERT = ("formel-ohne-wert", FEHLER, Kategorie.ZEILE,
        "eine Formel ohne gespeichertes Ergebnis (Datei nie in Excel berechnet)")
    PFLICHTFELD_LEER = ("pflichtfeld-leer", FEHLER, Kategorie.ZEILE, "eine Pflichtspalte der Zeile ist leer")
    DATUM_UNGUELTIG = ("datum-ungueltig", FEHLER, Kategorie.ZEILE, "kein Datum")
    DATUM_UNPLAUSIBEL = ("datum-unplausibel", FEHLER, Kategorie.ZEILE, "ein Datum vor 1990 oder nach 2099")
    STUNDEN_UNGUELTIG = ("stunden-ungueltig", FEHLER, Kategorie.ZEILE, "keine Stundenzahl")
    STUNDEN_BEREICH = ("stunden-bereich", FEHLER, Kategorie.ZEILE, "Stunden nicht über 0 oder über 24")
    STUNDEN_MEHRDEUTIG = ("stunden-mehrdeutig", WARNUNG, Kategorie.ZEILE,
        "Stunden als Text mit Punkt und Minuten-Ziffern („1.30“): gezählt wird 1,30 Std., gemeint war "
        "vielleicht 1:30")
    TEILNEHMENDE_UNGUELTIG = ("teilnehmende-ungueltig", FEHLER, Kategorie.ZEILE,
        "Teilnehmende keine ganze Zahl ≥ 0")
    STELLE_UNBEKANNT = ("stelle-unbekannt", FEHLER, Kategorie.ZEILE, "die Stelle steht nicht im Stellenplan")
    HANDLUNGSFELD_UNBEKANNT = ("handlungsfeld-unbekannt", FEHLER, Kategorie.ZEILE,
        "unbekanntes Handlungsfeld")
    SCHWERPUNKT_UNBEKANNT = ("schwerpunkt-unbekannt", FEHLER, Kategorie.ZEILE, "unbekannter Schwerpunkt")
    TAETIGKEIT_UNBEKANNT = ("taetigkeit-unbekannt", FEHLER, Kategorie.ZEILE,
        "die Tätigkeit ist nicht konfiguriert")
    KOMMUNE_UNBEKANNT = ("kommune-unbekannt", FEHLER, Kategorie.ZEILE, "die Kommune ist nicht konfiguriert")
    DATUM_JAHR_ABWEICHEND = ("datum-jahr-abweichend", FEHLER, Kategorie.ZEILE,
        "das Jahr des Datums passt nicht zum Jahr im Blattnamen (oder sonst im Dateinamen)")
    DATUM_MONAT_ABWEICHEND = ("datum-monat-abweichend", WARNUNG, Kategorie.ZEILE,
        "der Monat des Datums passt nicht zum Monat im Blattnamen")
    SCHWERPUNKT_ZEITRAUM = ("schwerpunkt-zeitraum", FEHLER, Kategorie.ZEILE,
        "der Schwerpunkt gilt im Jahr des Eintrags nicht")
    HANDLUNGSFELD_ABWEICHEND = ("handlungsfeld-abweichend", WARNUNG, Kategorie.ZEILE,
        "das Handlungsfeld passt nicht zum Schwerpunkt")
    SUMME_ABWEICHEND = ("summe-abweichend", WARNUNG, Kategorie.ZEILE,
        "eine Summenzeile passt nicht zu den Einträgen darüber")
    SUMME_UNLESBAR = ("summe-unlesbar", WARNUNG, Kategorie.ZEILE,
        "eine Summenzeile enthält keine lesbare Stundenzahl")
    # plausibility of the entries
    TAGESHOECHSTZAHL = ("tageshoechstzahl", WARNUNG, Kategorie.PLAUSIBILITAET,
        "mehr als max_stunden_pro_tag für eine Stelle an einem Tag")
    WOCHENENDE = ("wochenende", WARNUNG, Kategorie.PLAUSIBILITAET,
        "ein Eintrag an einem Samstag oder Sonntag")
    FEIERTAG = ("feiertag", WARNUNG, Kategorie.PLAUSIBILITAET,
        "ein Eintrag an einem gesetzlichen Feiertag in NRW")
    DOPPELTER_EINTRAG = ("doppelter-eintrag", WARNUNG, Kategorie.PLAUSIBILITAET,
        "derselbe Eintrag zweimal: alle Felder gleich (Datum, Stelle, Handlungsfeld, Schwerpunkt, "
        "Tätigkeit, Kommune, Stunden, Teilnehmende, Beschreibung)")
    AEHNLICHER_EINTRAG = ("aehnlicher-eintrag", HINWEIS, Kategorie.PLAUSIBILITAET,
        "gleicher Tag, Stelle, Tätigkeit, Stunden und Beschreibung wie ein anderer Eintrag, aber z. B. "
        "andere Kommune oder anderer Schwerpunkt: vermutlich zwei Tätigkeiten")
    AUSSERHALB_BESETZUNG = ("ausserhalb-besetzung", WARNUNG, Kategorie.PLAUSIBILITAET,
        "ein Eintrag für eine Stelle, die an dem Tag nicht besetzt ist")
    STUNDENTAKT = ("stundentakt", HINWEIS, Kategorie.PLAUSIBILITAET,
        "die Stunden liegen nicht auf dem Takt aus [regeln] stundentakt (z. B. der Viertelstunde)")
    # Stellenplan and funding of a year
    KEINE_STUNDEN = ("keine-stunden", WARNUNG, Kategorie.JAHR,
        "eine geförderte Stelle ist im Monat besetzt, hat aber keine dokumentierten Stunden")
    STUNDEN_UNBESETZT = ("stunden-unbesetzt", WARNUNG, Kategorie.JAHR,
        "Stunden in einem Monat, in dem die Stelle ganz unbesetzt ist")
    PAUSCHALE_FEHLT = ("pauschale-fehlt", WARNUNG, Kategorie.JAHR,
        "für das Jahr ist keine Pauschale konfiguriert (die Stelle zählt 0 €)")
    HOECHSTBETRAG_FEHLT = ("hoechstbetrag-fehlt", WARNUNG, Kategorie.JAHR,
        "für das Jahr ist kein Höchstbetrag konfiguriert (der Anspruch wird nicht gedeckelt)")
    # closed months and their Ablage
    NACHTRAEGLICHE_AENDERUNG = ("nachtraegliche-aenderung", FEHLER, Kategorie.ABLAGE,
        "ein Eintrag eines abgeschlossenen Monats wurde geändert, hinzugefügt oder entfernt",
        Merkmal.IMMER_IM_ZEITRAUM | Merkmal.NUR_AN_ZEILEN)
    ABSCHLUSS_UNGUELTIG = ("abschluss-ungueltig", FEHLER, Kategorie.ABLAGE,
        "ein Manifest der Ablage fehlt, ist unlesbar, unvollständig oder von Hand geändert")
    ABSCHLUSS_KETTE = ("abschluss-kette", FEHLER, Kategorie.ABLAGE,
        "die Kette der Abschlüsse ist unterbrochen (ein Glied fehlt oder verweist nicht auf seinen "
        "Vorgänger)")
    ABSCHLUSS_DATEI_GEAENDERT = ("abschluss-datei-geaendert", FEHLER, Kategorie.ABLAGE,
        "eine abgelegte Datei fehlt oder hat nicht mehr die Prüfsumme aus ihrem Manifest")
    ABSCHLUSS_DATEI_FREMD = ("abschluss-datei-fremd", WARNUNG, Kategorie.ABLAGE,
        "in einem Abschluss liegt eine Datei, die sein Manifest nicht nennt")
    ABSCHLUSS_ZAHLEN = ("abschluss-zahlen", FEHLER, Kategorie.ABLAGE,
        "eine Zahl oder der Prüfcode eines Abschlusses passt nicht zu seinen abgelegten Einträgen "
        "(Manifest geändert und neu versiegelt)")
    # Meldungen to the Land and their consolidation (`kibericht zusammenfassen`)
    MELDUNG_KEIN_ZIP = ("meldung-kein-zip", FEHLER, Kategorie.MELDUNG,
        "die Datei ist keine Meldung (kein ZIP-Archiv)")
    MELDUNG_BESCHAEDIGT = ("meldung-beschaedigt", FEHLER, Kategorie.MELDUNG,
        "ZIP-Archiv, datapackage.json oder eine Tabelle der Meldung fehlt, ist unlesbar oder "
        "unvollständig")
    MELDUNG_ZU_GROSS = ("meldung-zu-gross", FEHLER, Kategorie.MELDUNG,
        "die Meldung ist entpackt unplausibel groß oder zu stark komprimiert (ZIP-Bombe)")
    MELDUNG_VERSION = ("meldung-version", FEHLER, Kategorie.MELDUNG,
        "die Meldung hat eine neuere oder unbekannte Schemaversion")
    MELDUNG_SCHEMA = ("meldung-schema", FEHLER, Kategorie.MELDUNG,
        "das Tabellenschema der Meldung weicht vom Schema ihrer Version ab")
    MELDUNG_KOPFZEILE = ("meldung-kopfzeile", FEHLER, Kategorie.MELDUNG,
        "die Kopfzeile einer Tabelle der Meldung passt nicht zum Schema")
    MELDUNG_ZEILE = ("meldung-zeile", FEHLER, Kategorie.MELDUNG,
        "eine Zeile einer Tabelle hat zu viele oder zu wenige Zellen oder ist leer")
    MELDUNG_WERT = ("meldung-wert", FEHLER, Kategorie.MELDUNG,
        "ein Wert passt nicht zu Typ oder Bedingung seines Felds")
    MELDUNG_SCHLUESSEL = ("meldung-schluessel", FEHLER, Kategorie.MELDUNG,
        "Primär- oder Fremdschlüssel verletzt (Zeile doppelt, Schwerpunkt unbekannt)")
    MELDUNG_INHALT = ("meldung-inhalt", FEHLER, Kategorie.MELDUNG,
        "die Angaben der Meldung widersprechen sich (Sperrvermerk, Kette, Kopfdaten)")
    MELDUNG_FREMDE_DATEI = ("meldung-fremde-datei", HINWEIS, Kategorie.MELDUNG,
        "in der Meldung liegt eine Datei, die ihr datapackage.json nicht nennt; sie wird nicht "
        "gelesen")
    MELDUNG_DOPPELT = ("meldung-doppelt", HINWEIS, Kategorie.MELDUNG,
        "dieselbe Meldung liegt mehrfach vor; sie zählt einmal")
    MELDUNG_ERSETZT = ("meldung-ersetzt", WARNUNG, Kategorie.MELDUNG,
        "eine Meldung wurde durch eine spätere Version desselben Monats ersetzt")
    MELDUNG_WIDERSPRUCH = ("meldung-widerspruch", FEHLER, Kategorie.MELDUNG,
        "zwei Meldungen desselben KI und Monats widersprechen sich; keine zählt")
    MELDUNG_FEHLT = ("meldung-fehlt", WARNUNG, Kategorie.MELDUNG,
        "für einen Monat liegt keine Meldung des KI vor")
    MELDUNG_VERSPAETET = ("meldung-verspaetet", WARNUNG, Kategorie.MELDUNG,
        "der Monat wurde nach der Frist abgeschlossen")
    KETTE_UMGESCHRIEBEN = ("kette-umgeschrieben", FEHLER, Kategorie.MELDUNG,
        "ein Glied der Kette, das eine frühere Meldung nannte, hat eine andere Prüfsumme")
    KETTE_VERZWEIGT = ("kette-verzweigt", FEHLER, Kategorie.MELDUNG,
        "eine Meldung baut nicht auf dem neuesten Abschluss auf, den das Land kennt")
    KETTE_GEKUERZT = ("kette-gekuerzt", FEHLER, Kategorie.MELDUNG,
        "die Kette einer später abgeschlossenen Meldung ist kürzer als eine bekannte: Glieder "
        "wurden gelöscht")

    @property
    def verwirft_zeile(self) -> bool:
        return self.schwere == FEHLER

    @property
    def verwirft_ohne_zeile(self) -> bool:
        return self.schwere == FEHLER and Merkmal.NUR_AN_ZEILEN not in self.merkmale

    @property
    def immer_im_zeitraum(self) -> bool:
        return Merkmal.IMMER_IM_ZEITRAUM in self.merkmale

    @property
    def betrifft_ablage(self) -> bool:
        return self.kategorie is Kategorie.ABLAGE

    @property
    def spalte_heisst(self) -> str:
        return "Schlüssel" if self.kategorie is Kategorie.KONFIGURATION else "Spalte"


CODES: Mapping[str, Code] = {c.value: c for c in Code}


def codes_doku() -> str:
    """The page of the docs that lists every code (`docs/befunde.md`), generated from the
    register: `python -m kibericht.befunde > docs/befunde.md`."""
    return "\n".join([
        "# Befunde", "",
        "<!-- Erzeugt aus kibericht/befunde.py (python -m kibericht.befunde); nicht von Hand ändern. -->",
        "",
        "Jeder Befund hat eine Schwere (`fehler` verhindert den Bericht, `warnung` und `hinweis` nicht),",
        "einen festen Code und den Ort (Datei, Blatt, Excel-Zeilennummer, Spalte).", "",
        *code_tabelle(), ""])


def code_tabelle() -> list[str]:
    """The table of codes for the docs (Markdown), in the order of the register::

        | Code | Schwere | Bedeutung |
        | --- | --- | --- |
        | `aufruf-ungueltig` | fehler | der Befehl wurde falsch aufgerufen (…) |
    """
    return ["| Code | Schwere | Bedeutung |", "| --- | --- | --- |",
            *(f"| `{c.value}` | {c.schwere} | {c.beschreibung} |" for c in Code)]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or note about the input, with its position (file, sheet, Excel row, column).

    `code` is a member of `Code`; a code's text is accepted and looked up (as findings read back
    from JSON are), an unknown one or a wrong severity is a ValueError."""

    schwere: str
    code: Code
    datei: str
    blatt: str | None
    zeile: int | None
    spalte: str | None
    wert: str | None
    meldung: str

    def __post_init__(self) -> None:
        known = self.code if isinstance(self.code, Code) else CODES.get(self.code)
        if known is None or known.schwere != self.schwere:
            raise ValueError(f"finding code {self.code!r} with severity {self.schwere!r} is not in CODES")
        object.__setattr__(self, "code", known)

    def render(self) -> str:
        """`datei:blatt:zeile: schwere [code] meldung`, the form editors can jump to; one line,
        control and bidi characters from the input shown escaped (see `sichtbar`)."""
        place = ":".join(
            str(part) for part in (self.datei, self.blatt, self.zeile) if part not in (None, "")
        )
        column = f"{self.code.spalte_heisst} {self.spalte}: " if self.spalte else ""
        return sichtbar(f"{place}: {self.schwere} [{self.code}] {column}{self.meldung}")

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["code"] = self.code.value
        return document

    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.datei, self.blatt or "", self.zeile or 0, self.spalte or "", self.code)


def befund(code: Code, datei: str, blatt: str | None = None, zeile: int | None = None,
           spalte: str | None = None, wert: str | None = None, meldung: str = "") -> Finding:
    """A finding of `code`, with the severity the code is defined with."""
    known = code if isinstance(code, Code) else CODES[code]  # KeyError for a code not in the register
    return Finding(known.schwere, known, datei, blatt, zeile, spalte, wert, meldung)


# C0 and C1 control characters and the characters that change the direction of text: shown as
# escapes in terminal output, so a cell value can neither move the cursor nor reverse a line
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
_UNSICHTBAR = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0))} | \
    {ord(c): f"\\u{ord(c):04x}" for c in _BIDI}
_UNSICHTBAR_AUSSER_ZEILEN = {k: v for k, v in _UNSICHTBAR.items() if k not in (0x0A, 0x09)}


def sichtbar(text: str, zeilen: bool = False) -> str:
    """`text` with control and bidi characters escaped (ESC → `\\x1b`, U+202E → `\\u202e`);
    with `zeilen`, line feeds and tabs are kept (a message of several lines).

        >>> sichtbar("a\\x1b[2Jb\\rc\\u202e")
        'a\\\\x1b[2Jb\\\\rc\\\\u202e'
    """
    return text.translate(_UNSICHTBAR_AUSSER_ZEILEN if zeilen else _UNSICHTBAR)


def show_value(value: object, limit: int = 60) -> str | None:
    """The cell value as the user typed it, shortened for a message; None for an empty cell."""
    if value is None:
        return None
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def ohne_doppelte(findings: Iterable[Finding]) -> list[Finding]:
    """The findings in their order, without a second error at a cell that already has one.

    Stages report in the order read → parse → type → validate → rules, so the first error at a
    cell is the most specific one (`stunden-ungueltig` before pandera's `pflichtfeld-leer`)."""
    seen: set[tuple[str, str | None, int, str]] = set()
    result = []
    for f in findings:
        if f.schwere == FEHLER and f.zeile is not None and f.spalte is not None:
            cell = (f.datei, f.blatt, f.zeile, f.spalte)
            if cell in seen:
                continue
            seen.add(cell)
        result.append(f)
    return result


def by_severity(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped as fehler / warnung / hinweis, each sorted by position."""
    groups: dict[str, list[Finding]] = {s: [] for s in SEVERITIES}
    for f in findings:
        groups[f.schwere].append(f)
    for items in groups.values():
        items.sort(key=Finding.sort_key)
    return groups


def count_codes(findings: Iterable[Finding]) -> Counter[tuple[str, Code]]:
    """How many findings per (schwere, code), for the summary before the list."""
    return Counter((f.schwere, f.code) for f in findings)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.schwere == FEHLER for f in findings)


_ZIP_TEXTE = (("not a zip file", "kein gültiges ZIP-Archiv"),
              ("crc", "die Prüfsumme eines Teils stimmt nicht"),
              ("magic number", "ein Dateikopf ist beschädigt"),
              ("truncated", "die Datei ist abgeschnitten"),
              ("overlap", "Teile des Archivs überlappen sich"),
              ("encrypt", "ein Teil ist verschlüsselt"),
              ("compression method", "ein Teil ist mit einem unbekannten Verfahren gepackt"))


def ursache(exc: BaseException) -> str:
    """A short German description of why a library could not read something, for the message of
    a finding; a library's own (English) text never reaches the user."""
    import errno
    import json
    import zipfile
    import zlib

    text = str(exc).casefold()
    if isinstance(exc, zipfile.BadZipFile):
        return next((german for key, german in _ZIP_TEXTE if key in text), "das ZIP-Archiv ist beschädigt")
    if isinstance(exc, zlib.error):
        return "ein Teil lässt sich nicht entpacken"
    if isinstance(exc, EOFError):
        return "die Datei endet vorzeitig"
    if isinstance(exc, json.JSONDecodeError):
        return f"kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno})"
    if isinstance(exc, UnicodeError):
        return "ungültige Zeichenkodierung"
    if isinstance(exc, PermissionError):
        return "keine Berechtigung"
    if isinstance(exc, FileNotFoundError):
        return "nicht gefunden"
    if isinstance(exc, OSError):
        name = errno.errorcode.get(exc.errno or 0)
        return f"Fehler des Betriebssystems {name}" if name else "Fehler beim Lesen oder Schreiben"
    position = getattr(exc, "position", None)
    if type(exc).__name__ == "ParseError" and position:
        return f"ungültiges XML in Zeile {position[0]}"
    if "nicht gefunden" in text or "fehlt" in text:  # our own German texts pass through
        return str(exc)
    return f"technischer Lesefehler ({type(exc).__name__})"


if __name__ == "__main__":
    print(codes_doku(), end="")
