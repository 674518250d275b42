"""Generate realistic Tätigkeitsnachweise for the benchmark, fast and deterministically.

    >>> path, toml = grosse_mappe(Path("benchmarks/daten"), 100_000)      # doctest: +SKIP
    >>> folder, toml = ordner(Path("benchmarks/daten"), 25, 500)           # doctest: +SKIP

The sheet XML is written directly (shared strings, as Excel saves them), so a 1M-row workbook takes
seconds rather than the minutes a cell-by-cell writer needs. The values look like real logs: Excel
dates with a few text dates (`03.03.2025`, `2025-03-03`), hours as numbers with some decimal-comma
text (`1,5`, `2 h`), clock text (`1:30`) and time cells, long Handlungsfeld names, lower-case
Kommunen, `-` for no Schwerpunkt, empty optional cells, a title above the header and a Summe row.
The data is valid (no errors, no plausibility warnings), so `bericht` writes its report.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from kibericht.regeln.kalender import feiertage

JAHR = 2025
EXCEL_EPOCH = dt.date(1899, 12, 30)
HEADER = ["Datum", "Stelle", "Mitarbeiter/in", "Handlungsfeld", "Schwerpunkt", "Tätigkeit", "Kommune",
          "Stunden", "Teilnehmende", "Beschreibung"]
KOMMUNEN = ["Aachen", "Alsdorf", "Baesweiler", "Eschweiler", "Herzogenrath", "Monschau", "Roetgen",
            "Simmerath", "Stolberg", "Würselen"]
TAETIGKEITEN = ["Beratung", "Veranstaltung", "Fortbildung", "Netzwerktreffen", "Gremienarbeit",
                "Konzeptentwicklung", "Projektarbeit", "Öffentlichkeitsarbeit", "Verwaltung", "Sonstiges"]
HF_LANG = {"Bildung": "Integration durch Bildung", "Querschnitt": "Integration als Querschnittsaufgabe",
           "KIM": "Kommunales Integrationsmanagement", "Übergreifend": "Übergreifend"}
SCHWERPUNKTE = {"SP1": ("Bildung", "Teilhabechancen neu zugewanderter Kinder im Bildungssystem verbessern"),
                "SP2": ("Querschnitt", "Ehrenamt und Vereine für die Arbeitsmarktintegration"),
                "SP3": ("Querschnitt", "Einstieg von Frauen mit Familiengeschichte in den Arbeitsmarkt"),
                "SP4": ("KIM", "Kompetenzzentrum Integration und Arbeit")}
THEMEN = ["Elterncafé Grundschule", "Sprachkurs Vermittlung", "Anerkennung Berufsabschluss",
          "Netzwerk Seiteneinstieg", "Runder Tisch Ehrenamt", "Fachtag Vielfalt", "Bewerbungstraining",
          "Schulplatzvergabe", "Kita-Einstieg Brückenprojekt", "Integrationsrat Sitzung",
          "Dolmetscherpool", "Migrantenorganisation Beratung", "Jobcenter Fallkonferenz",
          "Sprachmittlung Elterngespräch", "Interkulturelle Woche Planung", "Haushalt und Abrechnung"]
NAMEN = ["Yilmaz", "Becker", "Hoffmann", "Schäfer", "Demir", "Krämer", "Nowak", "Weber", "Kaya",
         "Schmitz", "Öztürk", "Wagner", "Fischer", "Jansen", "Meyer", "Çelik"]
HOURS = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cellXfs: 0 general, 1 date dd.mm.yyyy, 2 time h:mm, 3 bold (header)
STYLES = (XML_HEAD + f'<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" '
          'formatCode="dd\\.mm\\.yyyy"/></numFmts><fonts count="2"><font><sz val="10"/><name val="Arial"/>'
          '</font><font><b/><sz val="10"/><name val="Arial"/></font></fonts><fills count="2"><fill>'
          '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
          '<cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/></cellStyles>'
          '</styleSheet>')


class Datum(int):
    """An Excel date serial, written with the date format."""


class Uhrzeit(float):
    """A fraction of a day, written with the time format h:mm."""


def _letters(j: int) -> str:
    text = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        text = chr(65 + r) + text
    return text


class _Strings:
    """The shared-strings table."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def __call__(self, text: str) -> int:
        self.count += 1
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i

    def xml(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self.index)
        return XML_HEAD + f'<sst {NS} count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>'


def _sheet_xml(rows: list[list], strings: _Strings) -> str:
    """Rows of values (str, int, float, Datum, Uhrzeit, None) as worksheet XML from row 1."""
    letters = [_letters(j) for j in range(len(HEADER))]
    parts = [XML_HEAD, f'<worksheet {NS} {NS_R}><sheetData>']
    append = parts.append
    for i, row in enumerate(rows, start=1):
        cells = []
        for j, v in enumerate(row):
            if v is None:
                continue
            ref = f"{letters[j]}{i}"
            if isinstance(v, str):
                cells.append(f'<c r="{ref}" t="s"><v>{strings(v)}</v></c>')
            elif isinstance(v, Datum):
                cells.append(f'<c r="{ref}" s="1"><v>{int(v)}</v></c>')
            elif isinstance(v, Uhrzeit):
                cells.append(f'<c r="{ref}" s="2"><v>{float(v)!r}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
        append(f'<row r="{i}">{"".join(cells)}</row>')
    append("</sheetData></worksheet>")
    return "".join(parts)


def write_xlsx(path: Path, sheets: list[tuple[str, list[list]]]) -> None:
    """A minimal but complete .xlsx as Excel writes it (shared strings, styles, fixed dates)."""
    strings = _Strings()
    bodies = [_sheet_xml(rows, strings) for _, rows in sheets]
    n = len(sheets)
    worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{worksheet}"/>'
                    for i in range(1, n + 1))
    content_types = (
        XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>' + types +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    root_rels = (XML_HEAD + f'<Relationships xmlns="{PKG_RELS}"><Relationship Id="rId1" '
                 f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    sheet_list = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, (name, _) in enumerate(sheets, start=1))
    workbook = XML_HEAD + f'<workbook {NS} {NS_R}><sheets>{sheet_list}</sheets></workbook>'
    rels = "".join(f'<Relationship Id="rId{i}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    rels += (f'<Relationship Id="rId{n + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
             f'<Relationship Id="rId{n + 2}" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>')
    workbook_rels = XML_HEAD + f'<Relationships xmlns="{PKG_RELS}">{rels}</Relationships>'
    tmp = path.with_name(path.name + ".tmp")
    fixed = (2025, 1, 2, 8, 0, 0)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        def put(name: str, text: str) -> None:
            archive.writestr(zipfile.ZipInfo(name, fixed), text.encode("utf-8"), zipfile.ZIP_DEFLATED)

        put("[Content_Types].xml", content_types)
        put("_rels/.rels", root_rels)
        put("xl/workbook.xml", workbook)
        put("xl/_rels/workbook.xml.rels", workbook_rels)
        put("xl/styles.xml", STYLES)
        for i, body in enumerate(bodies, start=1):
            put(f"xl/worksheets/sheet{i}.xml", body)
        put("xl/sharedStrings.xml", strings.xml())
    tmp.replace(path)


# --- the entries ---------------------------------------------------------------------------------

def _arbeitstage() -> list[dt.date]:
    holidays = set(feiertage(JAHR))
    day, end, days = dt.date(JAHR, 1, 1), dt.date(JAHR, 12, 31), []
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _datum(rng: random.Random, day: dt.date):
    roll = rng.random()
    if roll < 0.02:
        return f"{day:%d.%m.%Y}"
    if roll < 0.025:
        return day.isoformat()
    return Datum((day - EXCEL_EPOCH).days)


def _stunden(rng: random.Random, hours: float):
    roll = rng.random()
    if roll < 0.04:
        return f"{hours:g}".replace(".", ",")
    if roll < 0.05:
        return f"{hours:g} h".replace(".", ",")
    if roll < 0.06:
        return f"{int(hours)}:{round(hours % 1 * 60):02d}"
    if roll < 0.065:
        return Uhrzeit(hours / 24)
    return hours


def _eintrag(rng: random.Random, stelle: str, person: str, day: dt.date, k: int, hours: float) -> list:
    roll = rng.random()
    if roll < 0.55:
        sp = rng.choice(list(SCHWERPUNKTE))
        hf = SCHWERPUNKTE[sp][0]
        if rng.random() < 0.03:
            sp = SCHWERPUNKTE[sp][1]
    else:
        sp = "-" if roll < 0.62 else None
        hf = rng.choice(list(HF_LANG))
    if rng.random() < 0.1:
        hf = HF_LANG[hf]
    kommune = rng.choice([*KOMMUNEN, "kreisweit"]) if rng.random() < 0.9 else None
    if kommune and rng.random() < 0.03:
        kommune = kommune.lower()
    taetigkeit = rng.choice(TAETIGKEITEN)
    teilnehmende = rng.randint(1, 40) if taetigkeit in ("Veranstaltung", "Fortbildung", "Beratung") \
        and rng.random() < 0.8 else None
    if teilnehmende and rng.random() < 0.02:
        teilnehmende = str(teilnehmende)
    thema = rng.choice(THEMEN)
    if rng.random() < 0.3:
        thema = f"{thema}, Familie {rng.choice(NAMEN)} ({rng.randint(1, 9999)})"
    # an empty Beschreibung only on the first entry of a day, so no entry is a duplicate
    beschreibung = None if k == 1 and rng.random() < 0.05 else f"{thema} – Termin {k}"
    return [_datum(rng, day), stelle, person, hf, sp, taetigkeit, kommune, _stunden(rng, hours),
            teilnehmende, beschreibung]


def _stellen_eintraege(rng: random.Random, stelle: str, person: str, anzahl: int,
                       tage: list[dt.date]) -> Iterator[tuple[dt.date, float, list]]:
    """About `anzahl` entries of one Stelle in the year: at most 4 a day, at most 8 h a day."""
    per_day = anzahl / len(tage)
    rest = anzahl
    for day in tage:
        if rest <= 0:
            break
        k = min(rest, 4, int(per_day) + (1 if rng.random() < per_day % 1 else 0))
        for i in range(k):
            hours = rng.choice(HOURS)
            yield day, hours, _eintrag(rng, stelle, person, day, i + 1, hours)
        rest -= k


def _person(rng: random.Random, n: int) -> str:
    return f"{chr(65 + n % 26)}. {rng.choice(NAMEN)}"


def ki_toml(stellen: list[str]) -> str:
    lines = ['[ki]', 'name = "KI Lastprobe (Benchmark)"',
             "kommunen = [" + ", ".join(f'"{k}"' for k in KOMMUNEN) + "]", "",
             "[regeln]", "schwerpunkt_mindestanteil = 0.5", "max_stunden_pro_tag = 10",
             'anteilig = "tagesgenau"', "", "[[programme]]", 'name = "KI"', "hoechstbetrag = 170000", ""]
    for i, s in enumerate(stellen):
        funded = i < 3
        lines += ["[[stellen]]", f'id = "{s}"', 'bezeichnung = "Fachkraft"', 'art = "Fachkraft"',
                  "umfang = 1.0", "wochenstunden = 39.0",
                  f'foerderung = "{"KI" if funded else "Eigenmittel"}"']
        if funded:
            lines.append("pauschale = 50000")
        if i == 1:
            lines.append(f"besetzt = [ {{ von = {JAHR}-01-01 }} ]")
        lines.append("")
    for sp, (hf, titel) in SCHWERPUNKTE.items():
        lines += ["[[schwerpunkte]]", f'id = "{sp}"', f'titel = "{titel}"', f'handlungsfeld = "{hf}"',
                  'zieldimension = "I"', f"von = {JAHR}", f"bis = {JAHR + 1}", ""]
    return "\n".join(lines)


def _title(text: str) -> list:
    return [text] + [None] * (len(HEADER) - 1)


def _summe(total: float) -> list:
    row: list = [None] * len(HEADER)
    row[0] = "Summe"
    row[7] = round(total, 2)
    return row


def grosse_mappe(folder: Path, rows: int) -> tuple[Path, Path]:
    """One workbook with one sheet of `rows` entries (cached); returns (xlsx, ki.toml)."""
    folder.mkdir(parents=True, exist_ok=True)
    label = _label(rows)
    path, toml = folder / f"nachweis_{label}.xlsx", folder / f"ki_{label}.toml"
    if path.exists() and toml.exists():
        return path, toml
    rng = random.Random(rows)
    tage = _arbeitstage()
    per_stelle = 600
    stellen = [f"S{i:04d}" for i in range(math.ceil(rows / per_stelle))]
    sheet = [_title(f"Tätigkeitsnachweise {JAHR} – alle Stellen"), [None] * len(HEADER), list(HEADER)]
    total, left = 0.0, rows
    for n, stelle in enumerate(stellen):
        person = _person(rng, n)
        for _, hours, entry in _stellen_eintraege(rng, stelle, person, min(per_stelle, left), tage):
            sheet.append(entry)
            total += hours
        left = rows - (len(sheet) - 3)
    sheet.append(_summe(total))
    write_xlsx(path, [("Einträge", sheet)])
    toml.write_text(ki_toml(stellen), encoding="utf-8")
    return path, toml


def ordner(folder: Path, dateien: int, rows_per_file: int) -> tuple[Path, Path]:
    """`dateien` workbooks, one per Stelle, each with an instruction sheet and 12 month sheets
    (title rows, header in row 3, a Summe row per month); returns (folder, ki.toml)."""
    target = folder / f"ordner_{dateien}x{rows_per_file}"
    toml = folder / f"ki_ordner_{dateien}x{rows_per_file}.toml"
    done = target / ".fertig"
    if done.exists() and toml.exists():
        return target, toml
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(dateien * 1000 + rows_per_file)
    tage = _arbeitstage()
    stellen = [f"S{i:04d}" for i in range(dateien)]
    for n, stelle in enumerate(stellen):
        person = _person(rng, n)
        months: dict[int, list] = {m: [] for m in range(1, 13)}
        totals = dict.fromkeys(months, 0.0)
        for day, hours, entry in _stellen_eintraege(rng, stelle, person, rows_per_file, tage):
            months[day.month].append(entry)
            totals[day.month] += hours
        if n == 0:  # text that looks like a formula must stay text in the report
            months[1][0][9] = '=HYPERLINK("http://example.org","Link")'
        sheets = [("Anleitung", [_title("Bitte tragen Sie jede Tätigkeit in eine Zeile ein."),
                                 _title("Stunden als Dezimalzahl, z. B. 1,5.")])]
        for m, entries in months.items():
            rows = [_title(f"Tätigkeitsnachweis {stelle} – {m:02d}/{JAHR}"), [None] * len(HEADER),
                    list(HEADER), *entries, _summe(totals[m])]
            sheets.append((f"{m:02d}-{JAHR}", rows))
        write_xlsx(target / f"Taetigkeitsnachweis_{JAHR}_{stelle}.xlsx", sheets)
    toml.write_text(ki_toml(stellen), encoding="utf-8")
    done.write_text("", encoding="utf-8")
    return target, toml


def _label(rows: int) -> str:
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    return f"{rows // 1000}k" if rows % 1000 == 0 else str(rows)
