"""The attack on what is really published: the figures are read from the public outputs of every
report of a year (the JSON of `bericht --oeffentlich` and the public workbook of every month and of
the annual report), not from the engine's lookup, so a renderer that prints a figure kept secret
(a Kurzfassung sentence aside, a total row, a chart's table, „fehlende Stunden“) is caught.

Every number found in the outputs becomes an equation of the intruder (`Angreifer` of
`test_geheimhaltung_angriff`); every figure the engine keeps secret for the primary rule must stay
open to at least ± 15 % around its true value.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.ausgabe.texte import KENNZAHLEN_TITEL
from kibericht.periode import MONATSNAMEN, Periode
from kibericht.regeln.bericht import berechne_bericht
from kibericht.regeln.geheimhaltung import MIT_SCHWERPUNKT, SUMME, ZEICHEN, bis, monat
from kibericht.regeln.gruppen import stellengruppen
from kibericht.schema import load_schema
from tests.geheimhaltung_ki import zufalls_ki
from tests.test_geheimhaltung_angriff import Angreifer, eng

OHNE = "ohne Schwerpunkt"
SPALTEN = {"Einträge": "eintraege", "Teilnehmende": "teilnahmen", "Stunden": "stunden"}


class Gelesen:
    """The figures found in the public outputs: (table, measure, Zeitraum, key) → value."""

    def __init__(self, config):
        self.zahlen: dict[tuple, float] = {}
        self.geheim: set[tuple] = set()
        self.kategorien: dict[str, tuple[str, tuple]] = {}
        for sp in [*(s.id for s in config.schwerpunkte), OHNE]:
            self.kategorien[sp] = ("schwerpunkt", (sp,))
        for t in config.taetigkeiten:
            self.kategorien[t] = ("taetigkeit", (t,))
        for k in [*config.kommunen_mit_kreisweit, "ohne"]:
            self.kategorien[k] = ("kommune", (k,))
        for hf in load_schema().handlungsfelder:
            self.kategorien[hf] = ("handlungsfeld", (hf,))
        for zd, name in load_schema().zieldimensionen.items():
            self.kategorien[f"{zd} – {name}"] = ("zieldimension", (zd,))
        self.kategorien[OHNE] = ("schwerpunkt", (OHNE,))
        for g in stellengruppen(config):
            self.kategorien[g.name] = ("stellengruppe", (g.name,))

    def merke(self, tabelle: str, mess: str, zeitraum, schluessel: tuple, wert) -> None:
        key = (tabelle, mess, zeitraum, tuple(schluessel))
        if wert == ZEICHEN:
            self.geheim.add(key)
        elif isinstance(wert, (int, float)) and not isinstance(wert, bool):
            alt = self.zahlen.setdefault(key, float(wert))
            assert abs(alt - float(wert)) < 0.006, (key, alt, wert)  # two outputs, one figure

    # -- the JSON -------------------------------------------------------------------------------
    def json(self, doc: dict, zeitraum, vormonat=None) -> None:
        for feld, tabelle, mess, key in (("eintraege", "gesamt", "eintraege", ()),
                                         ("stunden", "gesamt", "stunden", ()),
                                         ("teilnehmende", "gesamt", "teilnahmen", ()),
                                         ("stunden_schwerpunkte", "schwerpunktbindung", "stunden",
                                          (MIT_SCHWERPUNKT,))):
            self._wert(tabelle, mess, zeitraum, key, doc[feld])
            for name, z in (("bis_jetzt", bis(zeitraum.monat)), ("vormonat", vormonat)):
                if doc.get(name) and z is not None:
                    self._wert(tabelle, mess, z, key, doc[name][feld if feld != "teilnehmende" else feld])
        for feld, tabelle, mess in (("nach_schwerpunkt", "schwerpunkt", "stunden"),
                                    ("nach_taetigkeit", "taetigkeit", "stunden"),
                                    ("nach_kommune", "kommune", "stunden"),
                                    ("nach_handlungsfeld", "handlungsfeld", "stunden"),
                                    ("anzahl_nach_taetigkeit", "taetigkeit", "eintraege")):
            for k, v in doc[feld].items():
                self._wert(tabelle, mess, zeitraum, (k,), v)
        assert "nach_stelle" not in doc and "fehler" not in doc

    def _wert(self, tabelle, mess, zeitraum, key, v) -> None:
        self.merke(tabelle, mess, zeitraum, key, ZEICHEN if v is None else v)

    # -- the workbook ---------------------------------------------------------------------------
    def mappe(self, path, zeitraum, jahr: int) -> None:
        wb = openpyxl.load_workbook(path)
        self._uebersicht(wb["Übersicht"], zeitraum)
        for name in ("Schwerpunkte", "Tätigkeiten", "Kommunen", "Stellengruppen", "Monate"):
            if name in wb.sheetnames:
                self._blatt(wb[name], zeitraum, jahr)

    def _uebersicht(self, ws, zeitraum) -> None:
        """The Kurzfassung's sentences and the key figures beside their comparisons."""
        zeilen = [r for r in ws.iter_rows(values_only=True)]
        texte = [r[0] for r in zeilen if isinstance(r[0], str)]
        vormonat = monat(zeitraum.monat - 1) if zeitraum.art == "monat" and zeitraum.monat > 1 else None
        for satz in texte:
            for muster, tabelle, mess, key, z in (
                    (r"das KI ([\d.]+) Tätigkeit", "gesamt", "eintraege", (), zeitraum),
                    (r"(?<!Vormonat: )(?<![\d.,])([\d.]+,\d\d) Stunden", "gesamt", "stunden", (), zeitraum),
                    (r"Vormonat: ([\d.]+,\d\d) Stunden", "gesamt", "stunden", (), vormonat),
                    (r"nahmen ([\d.]+) Personen", "gesamt", "teilnahmen", (), zeitraum)):
                for treffer in re.findall(muster, satz):
                    if z is not None:
                        self.merke(tabelle, mess, z, key, float(treffer.replace(".", "").replace(",", ".")))
        start = next(i for i, r in enumerate(zeilen) if r[0] == KENNZAHLEN_TITEL)
        spalten = [zeitraum, vormonat, None, bis(zeitraum.monat)] if zeitraum.art == "monat" else [zeitraum]
        felder = {"Tätigkeiten (Einträge)": ("gesamt", "eintraege", ()),
                  "Teilnehmende": ("gesamt", "teilnahmen", ()), "Stunden": ("gesamt", "stunden", ()),
                  "davon mit Themenschwerpunkt": ("schwerpunktbindung", "stunden", (MIT_SCHWERPUNKT,))}
        for r in zeilen[start + 2:start + 7]:
            if r[0] in felder:
                tabelle, mess, key = felder[r[0]]
                for j, z in enumerate(spalten, start=1):
                    if z is not None and r[j] not in (None, "–"):
                        self.merke(tabelle, mess, z, key, r[j])

    def _blatt(self, ws, zeitraum, jahr: int) -> None:
        kopf = None
        for row in ws.iter_rows(values_only=True):
            if row[0] is None:
                kopf = None
                continue
            zellen = [c for c in row]
            if kopf is None:
                if any(isinstance(c, str) and c in SPALTEN for c in zellen) or \
                        (len(zellen) > 1 and zellen[0] == "Tätigkeit"):
                    kopf = zellen
                continue
            label = str(zellen[0])
            for j, spalte in enumerate(kopf):
                if spalte is None or j == 0:
                    continue
                self._zelle(label, str(spalte), zellen[j], kopf, zeitraum, jahr)

    def _zelle(self, label, spalte, wert, kopf, zeitraum, jahr) -> None:
        if kopf[0] == "Tätigkeit" and "Anteil an allen Stunden" not in kopf:
            # a count table Tätigkeit × Handlungsfeld or Schwerpunkt, January to the last month
            tabelle = "taetigkeit_schwerpunkt" if spalte in self.kategorien and \
                self.kategorien[spalte][0] == "schwerpunkt" or (spalte == SUMME and OHNE in kopf) \
                else "taetigkeit_handlungsfeld"
            self.merke(tabelle, "eintraege", bis(zeitraum.monat), (label, spalte), wert)
            return
        if kopf[0] == "Schwerpunkt" and "Titel" not in kopf:
            # hours per Schwerpunkt and month (annual report)
            monate = [k for k in kopf[1:] if k != SUMME]
            z = bis(zeitraum.monat) if spalte == SUMME else monat(monate.index(spalte) + 1)
            tabelle, key = ("gesamt", ()) if label == SUMME else ("schwerpunkt", (label,))
            self.merke(tabelle, "stunden", z, key, wert)
            return
        if kopf[0] == "Monat":
            z = monat(MONATSNAMEN.index(label.split()[0]) + 1)  # „März 2025“
            if spalte == "Stunden mit Schwerpunkt":
                self.merke("schwerpunktbindung", "stunden", z, (MIT_SCHWERPUNKT,), wert)
            elif spalte in SPALTEN:
                self.merke("gesamt", SPALTEN[spalte], z, (), wert)
            elif spalte == "fehlende Stunden" and isinstance(wert, (int, float)) and wert > 0:
                self.fehlend = getattr(self, "fehlend", set()) | {(z, float(wert))}
            return
        art = {"Schwerpunkt": "schwerpunkt", "Tätigkeit": "taetigkeit", "Kommune": "kommune",
               "Handlungsfeld": "handlungsfeld", "Zieldimension": "zieldimension",
               "Stellengruppe": "stellengruppe"}.get(kopf[0])
        if label == SUMME:
            tabelle, key = "gesamt", ()
        elif art == "zieldimension":
            tabelle, key = art, (label.split(" – ")[0],)
        elif art is not None:
            tabelle, key = art, (label,)
        else:
            return
        if spalte == "Stunden mit Schwerpunkt":
            if tabelle == "stellengruppe":
                self.merke("stellengruppe_bindung", "stunden", zeitraum, (key[0], MIT_SCHWERPUNKT), wert)
            elif tabelle == "gesamt":
                self.merke("schwerpunktbindung", "stunden", zeitraum, (MIT_SCHWERPUNKT,), wert)
        elif spalte in SPALTEN:
            self.merke(tabelle, SPALTEN[spalte], zeitraum, key, wert)


class Veroeffentlicht:
    """What the outputs publish, shaped like `Geheimhaltung` for the intruder."""

    def __init__(self, g, gelesen: Gelesen):
        from kibericht.regeln.geheimhaltung import Zahl

        self.schwellen = g.schwellen
        self.zahlen = {key: Zahl(wert) for key, wert in gelesen.zahlen.items()}
        # the figures the engine keeps secret for the primary rule: attacked
        for key, zahl in g.zahlen.items():
            if zahl.primaer and key not in self.zahlen:
                self.zahlen[key] = zahl


def _berichte(tmp_path, config, entries, letzter: int) -> tuple:
    gelesen = Gelesen(config)
    g = None
    for m in range(1, letzter + 1):
        b = berechne_bericht(entries, config, Periode.parse_monat(f"2025-{m:02d}"))
        paths = write_report(tmp_path / f"m{m}", b, oeffentlich=True)
        gelesen.json(bericht_dokument(b, paths, oeffentlich=True), monat(m), monat(m - 1) if m > 1 else None)
        gelesen.mappe(paths[0], monat(m), 2025)
    b = berechne_bericht(entries, config, Periode.parse_jahr("2025"))
    paths = write_report(tmp_path / "jahr", b, oeffentlich=True)
    gelesen.json(bericht_dokument(b, paths, oeffentlich=True), bis(letzter))
    gelesen.mappe(paths[0], bis(letzter), 2025)
    g = b.geheimhaltung
    return g, gelesen


def _angriff(config, entries, g, gelesen: Gelesen, letzter: int):
    a = Angreifer(config, entries, 2025, letzter)
    veroeffentlicht = Veroeffentlicht(g, gelesen)
    ergebnis = {mess: a.pruefe(veroeffentlicht, mess) for mess in ("stunden", "eintraege", "teilnahmen")}
    return ergebnis


@pytest.mark.parametrize("seed, stellen, monate", [(21, 2, 2), (22, 4, 3), (23, 7, 2)])
def test_the_public_outputs_of_a_year_trace_to_no_person(tmp_path, seed, stellen, monate):
    config, entries, letzter = zufalls_ki(tmp_path, seed, stellen, monate)
    g, gelesen = _berichte(tmp_path, config, entries, letzter)
    assert gelesen.zahlen and gelesen.geheim  # the outputs were read: figures and „.“ both
    for mess, r in _angriff(config, entries, g, gelesen, letzter).items():
        assert r["verstoesse"] == [], mess
        assert eng(r["intervalle"]) == [], mess
    # every figure read is the one the engine published
    for key, wert in gelesen.zahlen.items():
        if key in g.zahlen:
            assert not g.zahlen[key].geheim and abs(g.zahlen[key].wert - wert) < 0.006, key


def test_a_renderer_that_prints_a_secret_figure_is_caught(tmp_path, monkeypatch):
    """The group table printing its hours unsuppressed: the intruder reads them."""
    from kibericht.ausgabe import abschnitte_oeffentlich

    config, entries, letzter = zufalls_ki(tmp_path, 24, 2, 2)
    echt = abschnitte_oeffentlich.Zahlen.wert

    def verraet(self, tabelle, mess, *schluessel, zeitraum=None):
        if tabelle == "stellengruppe":
            return self.zahl(tabelle, mess, *schluessel, zeitraum=zeitraum).wert or _wahr(
                entries, self, tabelle, mess, schluessel, zeitraum)
        return echt(self, tabelle, mess, *schluessel, zeitraum=zeitraum)

    monkeypatch.setattr(abschnitte_oeffentlich.Zahlen, "wert", verraet)
    g, gelesen = _berichte(tmp_path, config, entries, letzter)
    ergebnis = _angriff(config, entries, g, gelesen, letzter)
    assert eng(ergebnis["stunden"]["intervalle"]) or ergebnis["stunden"]["verstoesse"]


def test_a_kurzfassung_that_quotes_a_secret_figure_is_caught(tmp_path, monkeypatch):
    """The Kurzfassung quoting the true hours of a KI of two Stellen."""
    from kibericht.ausgabe import abschnitte

    config, entries, letzter = zufalls_ki(tmp_path, 25, 2, 1)
    echt = abschnitte._kurzwerte

    def verraet(b, z):
        werte = echt(b, z)
        werte["stunden"] = b.summary.stunden
        return werte

    monkeypatch.setattr(abschnitte, "_kurzwerte", verraet)
    g, gelesen = _berichte(tmp_path, config, entries, letzter)
    ergebnis = _angriff(config, entries, g, gelesen, letzter)
    assert ergebnis["stunden"]["verstoesse"]


def _wahr(entries, z, tabelle, mess, schluessel, zeitraum):
    """The true value of a group's figure (what a leaking renderer would print)."""
    zeitraum = zeitraum or z.zeitraum
    rows = entries[entries["datum"].dt.month.isin(zeitraum.monate)]
    gruppe = {s.id: g.name for g in stellengruppen(z.bericht.config) for s in g.stellen}
    if schluessel[0] != SUMME:
        rows = rows[rows["stelle"].map(gruppe) == schluessel[0]]
    return float(rows["stunden"].sum()) if mess == "stunden" else float(len(rows))


@pytest.mark.slow
@pytest.mark.parametrize("seed, stellen, monate", [(31, 3, 6), (32, 5, 6), (33, 12, 12), (34, 1, 6)])
def test_random_kis_from_their_outputs_half_and_full_years(tmp_path, seed, stellen, monate):
    config, entries, letzter = zufalls_ki(tmp_path, seed, stellen, monate)
    g, gelesen = _berichte(tmp_path, config, entries, letzter)
    for mess, r in _angriff(config, entries, g, gelesen, letzter).items():
        assert r["verstoesse"] == [], mess
        assert eng(r["intervalle"]) == [], mess


@pytest.mark.slow
def test_the_sample_year_from_its_outputs(tmp_path):
    """Every public report of the sample's year (twelve months and the annual report), attacked."""
    from kibericht.ablauf import load_entries
    from kibericht.konfig import load_config
    from tests.conftest import SAMPLE

    config = load_config(SAMPLE / "ki.toml")
    entries = load_entries([SAMPLE / "nachweise"], config).entries
    g, gelesen = _berichte(tmp_path, config, entries, 12)
    for mess, r in _angriff(config, entries, g, gelesen, 12).items():
        assert r["verstoesse"] == [], mess
        assert eng(r["intervalle"]) == [], mess


def test_the_terminal_text_of_the_public_version_shows_no_secret_figure(tmp_path, config_path):
    """`bericht --oeffentlich` prints the public figures and „.“, never the internal ones: a KI
    month of two Stellen (every figure from the logs withheld), and a Netzwerktreffen
    milestone."""
    from click.testing import CliRunner

    from kibericht.cli import cli
    from kibericht.zahlen import de_zahl
    from tests.conftest import HEADER, entry, write_xlsx

    zeilen = [entry(3, "FK1", "Bildung", "SP1", "Netzwerktreffen", "Alfter", 3.25, 17),
              entry(4, "FK2", "Bildung", "SP1", "Beratung", "Alfter", 2.5, 4),
              entry(5, "FK1", "Querschnitt", "SP2", "Veranstaltung", "Bornheim", 1.75, 23),
              entry(6, "FK2", "Übergreifend", None, "Verwaltung", None, 4.5, None)]
    write_xlsx(tmp_path / "in" / "nachweis.xlsx", {"2025": [HEADER, *zeilen]})
    geheim = [de_zahl(12.0), de_zahl(3.25 + 2.5 + 1.75), "44", "Netzwerktreffen: 1 von"]

    def lauf(*extra):
        r = CliRunner().invoke(cli, ["bericht", str(tmp_path / "in"), "--config", str(config_path),
                                     "--monat", "2025-03", "--ausgabe", str(tmp_path / "out"), *extra])
        assert r.exit_code in (0, 3), r.output
        return r.stdout + r.stderr

    intern = lauf()
    assert all(z in intern for z in geheim), intern  # the internal text shows them
    oeffentlich = lauf("--oeffentlich")
    assert [z for z in geheim if z in oeffentlich] == [], oeffentlich
    assert "Meilenstein SP1 Netzwerktreffen: . von mindestens 4 – ." in oeffentlich
    assert "Zahlenwert geheim zu halten" in oeffentlich and "oeffentlich.pdf" in oeffentlich
