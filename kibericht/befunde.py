"""Findings: every data problem is a value with a position, never an exception.

Every finding code is defined once in `CODES`, with its severity and a one-line description (the
README's table of codes lists each of them). A finding names its place as the user sees it in
Excel::

    >>> f = befund("stunden-ungueltig", "FK1.xlsx", "Jan 2025", 14, "Stunden", "abc",
    ...            "„abc“ ist keine Stundenzahl.")
    >>> f.render()
    'FK1.xlsx:Jan 2025:14: fehler [stunden-ungueltig] Spalte Stunden: „abc“ ist keine Stundenzahl.'

Stages return their findings; `ohne_doppelte` removes, in one final step, a second error at a cell
that already has one (a cell that is not a number is not also reported as empty).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

FEHLER = "fehler"
WARNUNG = "warnung"
HINWEIS = "hinweis"
SEVERITIES = (FEHLER, WARNUNG, HINWEIS)


@dataclass(frozen=True, slots=True)
class Code:
    """A finding code: its name, its severity and what it means (one line, German)."""

    name: str
    schwere: str
    beschreibung: str


_CODES = (
    # the call and the configuration (exit code 2)
    Code("aufruf-ungueltig", FEHLER, "der Befehl wurde falsch aufgerufen (Option fehlt oder ist ungültig)"),
    Code("konfig-fehlt", FEHLER, "die Konfiguration ki.toml wurde nicht gefunden"),
    Code("konfig-unlesbar", FEHLER, "die Konfiguration kann nicht gelesen werden (z. B. nicht UTF-8)"),
    Code("konfig-syntax", FEHLER, "die Konfiguration ist kein gültiges TOML (Zeile und Spalte werden "
         "genannt)"),
    Code("konfig-ungueltig", FEHLER, "ein Schlüssel der Konfiguration fehlt, ist unbekannt oder hat einen "
         "unzulässigen Wert"),
    Code("ausgabe-nicht-schreibbar", FEHLER, "eine Ausgabedatei kann nicht geschrieben werden (geöffnet, "
         "schreibgeschützt, Platte voll)"),
    Code("zeitraum-leer", FEHLER, "für den Berichtszeitraum gibt es keinen einzigen Eintrag"),
    # input files and folders
    Code("datei-fehlt", FEHLER, "eine angegebene Datei oder ein Ordner existiert nicht"),
    Code("ordner-leer", HINWEIS, "im angegebenen Ordner liegt keine Arbeitsmappe"),
    Code("datei-doppelt", FEHLER, "alle Einträge der Arbeitsmappe stehen auch in einer anderen (eine "
         "Kopie); sie werden nicht gezählt"),
    Code("eigene-datei", HINWEIS, "ein Bericht oder eine markierte Kopie von kibericht liegt bei den "
         "Nachweisen; sie wird nicht gezählt"),
    Code("datei-leer", FEHLER, "die Datei ist leer (0 Byte)"),
    Code("datei-altformat", FEHLER, "altes Excel-Format (.xls) oder binäre Arbeitsmappe (.xlsb)"),
    Code("datei-verschluesselt", FEHLER, "die Arbeitsmappe ist mit einem Kennwort geschützt"),
    Code("datei-kein-excel", FEHLER, "die Datei ist keine Arbeitsmappe (z. B. umbenannte CSV- oder "
         "ZIP-Datei)"),
    Code("datei-beschaedigt", FEHLER, "ZIP-Archiv oder Struktur der Arbeitsmappe sind beschädigt"),
    Code("datei-unlesbar", FEHLER, "die Datei kann nicht gelesen werden"),
    Code("datei-zu-gross", FEHLER, "entpackt unplausibel groß oder zu stark komprimiert (ZIP-Bombe)"),
    Code("datei-xml-angriff", FEHLER, "DTD- oder Entity-Deklarationen, die Excel nie schreibt"),
    # sheets and header rows
    Code("blatt-unlesbar", FEHLER, "ein Blatt kann nicht gelesen werden"),
    Code("blatt-zu-gross", FEHLER, "der gefüllte Bereich eines Blatts ist unplausibel groß"),
    Code("blatt-zu-breit", HINWEIS, "das Blatt hat mehr als 200 Spalten; gelesen werden die ersten 200"),
    Code("blatt-ohne-kopfzeile", HINWEIS, "ein Blatt ohne erkennbare Kopfzeile (und ohne Einträge) wird "
         "übersprungen"),
    Code("kopfzeile-fehlt", FEHLER, "ein Blatt mit Einträgen (Zeilen mit Datum und Zahl) hat keine "
         "erkennbare Kopfzeile; seine Stunden gingen verloren"),
    Code("blatt-anleitung", HINWEIS, "ein Blatt heißt wie eine Anleitung oder ein Beispiel (Anleitung, "
         "Hinweise, Beispiel, Muster …) und wird nicht gezählt"),
    Code("blatt-ausgeblendet", HINWEIS, "ein ausgeblendetes Blatt wurde trotzdem gelesen"),
    Code("spalte-fehlt", FEHLER, "eine Pflichtspalte fehlt in der Kopfzeile; das Blatt wird nicht "
         "ausgewertet"),
    Code("spalte-doppelt", WARNUNG, "eine Spalte steht zweimal in der Kopfzeile; gelesen wird die erste"),
    Code("spalte-unbekannt", HINWEIS, "eine Spalte der Kopfzeile ist unbekannt und wird nicht ausgewertet"),
    Code("zeilen-ausgeblendet", HINWEIS, "ausgeblendete Zeilen wurden mitgelesen und gezählt"),
    Code("zellen-verbunden", HINWEIS, "verbundene Zellen im Datenbereich: gelesen wird der Wert der "
         "oberen linken Zelle"),
    # rows and cells
    Code("zeile-unlesbar", FEHLER, "eine Zeile enthält einen Wert, der sich nicht lesen lässt"),
    Code("fehlerwert", FEHLER, "eine Zelle enthält einen Excel-Fehlerwert wie #DIV/0!"),
    Code("formel-ohne-wert", FEHLER, "eine Formel ohne gespeichertes Ergebnis (Datei nie in Excel "
         "berechnet)"),
    Code("pflichtfeld-leer", FEHLER, "eine Pflichtspalte der Zeile ist leer"),
    Code("datum-ungueltig", FEHLER, "kein Datum"),
    Code("datum-unplausibel", FEHLER, "ein Datum vor 1990 oder nach 2099"),
    Code("stunden-ungueltig", FEHLER, "keine Stundenzahl"),
    Code("stunden-bereich", FEHLER, "Stunden nicht über 0 oder über 24"),
    Code("teilnehmende-ungueltig", FEHLER, "Teilnehmende keine ganze Zahl ≥ 0"),
    Code("stelle-unbekannt", FEHLER, "die Stelle steht nicht im Stellenplan"),
    Code("handlungsfeld-unbekannt", FEHLER, "unbekanntes Handlungsfeld"),
    Code("schwerpunkt-unbekannt", FEHLER, "unbekannter Schwerpunkt"),
    Code("taetigkeit-unbekannt", FEHLER, "die Tätigkeit ist nicht konfiguriert"),
    Code("kommune-unbekannt", FEHLER, "die Kommune ist nicht konfiguriert"),
    Code("datum-jahr-abweichend", FEHLER, "das Jahr des Datums passt nicht zum Jahr im Blattnamen (oder "
         "sonst im Dateinamen)"),
    Code("datum-monat-abweichend", WARNUNG, "der Monat des Datums passt nicht zum Monat im Blattnamen"),
    Code("schwerpunkt-zeitraum", FEHLER, "der Schwerpunkt gilt im Jahr des Eintrags nicht"),
    Code("handlungsfeld-abweichend", WARNUNG, "das Handlungsfeld passt nicht zum Schwerpunkt"),
    Code("summe-abweichend", WARNUNG, "eine Summenzeile passt nicht zu den Einträgen darüber"),
    Code("summe-unlesbar", WARNUNG, "eine Summenzeile enthält keine lesbare Stundenzahl"),
    # plausibility of the entries
    Code("tageshoechstzahl", WARNUNG, "mehr als max_stunden_pro_tag für eine Stelle an einem Tag"),
    Code("wochenende", WARNUNG, "ein Eintrag an einem Samstag oder Sonntag"),
    Code("feiertag", WARNUNG, "ein Eintrag an einem gesetzlichen Feiertag in NRW"),
    Code("doppelter-eintrag", WARNUNG, "gleicher Tag, Stelle, Tätigkeit, Stunden und Beschreibung"),
    Code("ausserhalb-besetzung", WARNUNG, "ein Eintrag für eine Stelle, die an dem Tag nicht besetzt ist"),
    # Stellenplan and funding of a year
    Code("keine-stunden", WARNUNG, "eine geförderte Stelle ist im Monat besetzt, hat aber keine "
         "dokumentierten Stunden"),
    Code("stunden-unbesetzt", WARNUNG, "Stunden in einem Monat, in dem die Stelle ganz unbesetzt ist"),
    Code("pauschale-fehlt", WARNUNG, "für das Jahr ist keine Pauschale konfiguriert (die Stelle zählt "
         "0 €)"),
    Code("hoechstbetrag-fehlt", WARNUNG, "für das Jahr ist kein Höchstbetrag konfiguriert (der Anspruch "
         "wird nicht gedeckelt)"),
    # closed months and their Ablage
    Code("nachtraegliche-aenderung", FEHLER, "ein Eintrag eines abgeschlossenen Monats wurde geändert, "
         "hinzugefügt oder entfernt"),
    Code("abschluss-ungueltig", FEHLER, "ein Manifest der Ablage fehlt, ist unlesbar, unvollständig oder "
         "von Hand geändert"),
    Code("abschluss-kette", FEHLER, "die Kette der Abschlüsse ist unterbrochen (ein Glied fehlt oder "
         "verweist nicht auf seinen Vorgänger)"),
    Code("abschluss-datei-geaendert", FEHLER, "eine abgelegte Datei fehlt oder hat nicht mehr die "
         "Prüfsumme aus ihrem Manifest"),
    Code("abschluss-datei-fremd", WARNUNG, "in einem Abschluss liegt eine Datei, die sein Manifest nicht "
         "nennt"),
    # odd input files and cells (lesen.dateien, pruefen.typisieren)
    Code("datei-sonderdatei", FEHLER, "die Eingabe ist keine gewöhnliche Datei (benannte Pipe, Gerät, "
         "Socket); sie wird nicht gelesen"),
    Code("datei-geoeffnet", HINWEIS, "eine Sperrdatei von Excel (~$Name.xlsx) oder LibreOffice zeigt, dass "
         "die Arbeitsmappe gerade geöffnet ist; gelesen wird ihr gespeicherter Stand"),
    Code("stunden-mehrdeutig", WARNUNG, "Stunden als Text mit Punkt und Minuten-Ziffern („1.30“): gezählt "
         "wird 1,30 Std., gemeint war vielleicht 1:30"),
)
CODES: dict[str, Code] = {c.name: c for c in _CODES}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or note about the input, with its position (file, sheet, Excel row, column)."""

    schwere: str
    code: str
    datei: str
    blatt: str | None
    zeile: int | None
    spalte: str | None
    wert: str | None
    meldung: str

    def __post_init__(self) -> None:
        known = CODES.get(self.code)
        if known is None or known.schwere != self.schwere:
            raise ValueError(f"finding code {self.code!r} with severity {self.schwere!r} is not in CODES")

    def render(self) -> str:
        """`datei:blatt:zeile: schwere [code] meldung`, the form editors can jump to."""
        place = ":".join(
            str(part) for part in (self.datei, self.blatt, self.zeile) if part not in (None, "")
        )
        label = "Schlüssel" if self.code.startswith("konfig-") else "Spalte"
        column = f"{label} {self.spalte}: " if self.spalte else ""
        return f"{place}: {self.schwere} [{self.code}] {column}{self.meldung}"

    def to_json(self) -> dict:
        return asdict(self)

    def sort_key(self) -> tuple:
        return (self.datei, self.blatt or "", self.zeile or 0, self.spalte or "", self.code)


def befund(code: str, datei: str, blatt: str | None = None, zeile: int | None = None,
           spalte: str | None = None, wert: str | None = None, meldung: str = "") -> Finding:
    """A finding of `code`, with the severity the code is defined with."""
    return Finding(CODES[code].schwere, code, datei, blatt, zeile, spalte, wert, meldung)


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
    seen: set[tuple] = set()
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


def count_codes(findings: Iterable[Finding]) -> Counter:
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
