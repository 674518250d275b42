"""The Landesübersicht as one value: per KI and month what was submitted and what it says, the
state's totals, and what needs attention. The workbook, the PDF and the JSON document render it.

Figures come from the store in one query each and are summed as whole numbers (hundredths of an
hour, cents), so the state's totals are exactly the sums of the KIs' own figures. A figure a KI
withheld (disclosure control) is not in any total; each total says how many withheld cells it
lacks (`gesperrt`).

What needs attention (`handlungsbedarf`): every error and warning of the run, and for each KI and
year the verdicts of its newest Meldung of that year: the Schwerpunktquote from 1 January to that
month not met, or a programme's entitlement above its cap. These verdicts give exit code 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kibericht.befunde import FEHLER, HINWEIS, WARNUNG
from kibericht.land.bestand import EINGEREICHT, Bestand
from kibericht.land.eingang import Eingang
from kibericht.land.speicher import Speicher
from kibericht.periode import Periode
from kibericht.zahlen import de_prozent, de_zahl

STATUSFOLGE = ("erreicht", "erreicht (über Höchstzahl)", "auf Kurs", "im Verzug", "manuell prüfen")
MERKMALE = {"nach_handlungsfeld": "handlungsfeld", "nach_zieldimension": "zieldimension"}


@dataclass(frozen=True)
class Foerderzeile:
    programm: str
    monat: Decimal
    bis_monat: Decimal
    anspruch: Decimal
    hoechstbetrag: Decimal | None
    foerderfaehig: Decimal
    ueberschritten: bool


@dataclass(frozen=True)
class KIMonat:
    """One KI in one month: its Meldung's status and, where one counts, its key figures."""

    kennung: str
    monat: str
    status: str
    verspaetet: bool = False
    datei: str | None = None
    abgeschlossen_am: str | None = None
    kette_nr: int | None = None
    stunden: Decimal | None = None
    stunden_bis: Decimal | None = None
    anteil: Decimal | None = None
    anteil_bis: Decimal | None = None
    mindestanteil: Decimal | None = None
    erfuellt: bool | None = None
    erfuellt_bis: bool | None = None
    foerderung: tuple[Foerderzeile, ...] = ()
    meilensteine: tuple[tuple[str, int], ...] = ()  # (status, count)

    @property
    def ueberschritten(self) -> tuple[str, ...]:
        return tuple(f.programm for f in self.foerderung if f.ueberschritten)


@dataclass(frozen=True)
class Summe:
    """The state's total of one month for one Handlungsfeld or Zieldimension."""

    monat: str
    merkmal: str  # handlungsfeld | zieldimension
    auspraegung: str
    stunden: Decimal
    teilnahmen: int
    gesperrt: int  # withheld hours cells not in the total
    meldungen: int


@dataclass(frozen=True)
class Handlungsbedarf:
    schwere: str
    kennung: str | None
    monat: str | None
    code: str
    text: str
    datei: str | None = None


@dataclass(frozen=True)
class Landesuebersicht:
    bestand: Bestand
    zeilen: tuple[KIMonat, ...]  # every KI × month of the run, in order
    summen: tuple[Summe, ...]
    meilensteine: tuple[dict, ...]  # milestones of each KI's newest Meldung
    frist_tag: int

    @property
    def stand(self) -> str | None:
        return self.bestand.monate[-1] if self.bestand.monate else None

    @property
    def kis(self) -> tuple[tuple[str, str], ...]:
        kennungen = sorted({z.kennung for z in self.zeilen})
        return tuple((k, self.bestand.namen.get(k, k)) for k in kennungen)

    def neueste(self) -> dict[tuple[str, int], KIMonat]:
        """Each KI's newest counted Meldung of each year."""
        result: dict[tuple[str, int], KIMonat] = {}
        for z in self.zeilen:
            if z.status == EINGEREICHT:
                result[(z.kennung, int(z.monat[:4]))] = z
        return result

    @property
    def pruefungen(self) -> tuple[Handlungsbedarf, ...]:
        """The verdicts that failed (quota from 1 January, caps), per KI and year."""
        items = []
        for (kennung, jahr), z in sorted(self.neueste().items()):
            stand = Periode.parse_monat(z.monat).titel
            if z.erfuellt_bis is False:
                items.append(
                    Handlungsbedarf(
                        WARNUNG,
                        kennung,
                        z.monat,
                        "quote-nicht-erfuellt",
                        f"Schwerpunktquote {jahr} nicht erreicht: {de_prozent(_f(z.anteil_bis))} von Januar "
                        f"bis {stand} (mindestens {de_prozent(_f(z.mindestanteil), 0)}).",
                        z.datei,
                    )
                )
            for f in z.foerderung:
                if f.ueberschritten:
                    items.append(
                        Handlungsbedarf(
                            WARNUNG,
                            kennung,
                            z.monat,
                            "hoechstbetrag-ueberschritten",
                            f"Programm {f.programm}: Anspruch {jahr} {de_zahl(f.anspruch)} € über dem "
                            f"Höchstbetrag {de_zahl(f.hoechstbetrag)} € (Stand {stand}).",
                            z.datei,
                        )
                    )
        return tuple(items)

    @property
    def handlungsbedarf(self) -> tuple[Handlungsbedarf, ...]:
        befunde = [
            Handlungsbedarf(
                v.befund.schwere, v.kennung, v.monat, v.befund.code, v.befund.meldung, v.befund.datei
            )
            for v in self.bestand.vermerke
            if v.befund.schwere != HINWEIS
        ]
        befunde.sort(key=lambda h: (h.schwere != FEHLER, h.kennung or "", h.monat or "", h.code))
        return (*befunde, *self.pruefungen)

    def dokument(self) -> dict:
        """The JSON document of `zusammenfassen`."""
        gruppen = {
            s: [v.to_json() for v in self.bestand.vermerke if v.befund.schwere == s]
            for s in (FEHLER, WARNUNG, HINWEIS)
        }
        summen: dict[str, dict] = {}
        for s in self.summen:
            summen.setdefault(s.monat, {}).setdefault(s.merkmal, {})[s.auspraegung] = {
                "stunden": float(s.stunden),
                "teilnahmen": s.teilnahmen,
                "gesperrt": s.gesperrt,
                "meldungen": s.meldungen,
            }
        return {
            "stand": self.stand,
            "monate": list(self.bestand.monate),
            "frist_tag": self.frist_tag,
            "kis": [{"kennung": k, "name": n} for k, n in self.kis],
            "meldungen": [_zeile_json(z) for z in self.zeilen],
            "landessummen": summen,
            "meilensteine": list(self.meilensteine),
            "pruefungen": [_bedarf_json(h) for h in self.pruefungen],
            "fehler": gruppen[FEHLER],
            "warnungen": gruppen[WARNUNG],
            "hinweise": gruppen[HINWEIS],
        }


def _f(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _bedarf_json(h: Handlungsbedarf) -> dict:
    return {
        "schwere": h.schwere,
        "ki": h.kennung,
        "monat": h.monat,
        "code": h.code,
        "meldung": h.text,
        "datei": h.datei,
    }


def _zeile_json(z: KIMonat) -> dict:
    return {
        "ki": z.kennung,
        "monat": z.monat,
        "status": z.status,
        "verspaetet": z.verspaetet,
        "datei": z.datei,
        "abgeschlossen_am": z.abgeschlossen_am,
        "kette_nr": z.kette_nr,
        "stunden": _f(z.stunden),
        "stunden_bis_monat": _f(z.stunden_bis),
        "schwerpunktanteil": _f(z.anteil),
        "schwerpunktanteil_bis_monat": _f(z.anteil_bis),
        "mindestanteil": _f(z.mindestanteil),
        "quote_erfuellt": z.erfuellt,
        "quote_erfuellt_bis_monat": z.erfuellt_bis,
        "foerderung": {
            f.programm: {
                "monat": float(f.monat),
                "bis_monat": float(f.bis_monat),
                "anspruch": float(f.anspruch),
                "hoechstbetrag": _f(f.hoechstbetrag),
                "foerderfaehig": float(f.foerderfaehig),
                "ueberschritten": f.ueberschritten,
            }
            for f in z.foerderung
        },
        "meilensteine": dict(z.meilensteine),
    }


def _dez(wert: int | None, teiler: int) -> Decimal | None:
    return None if wert is None else Decimal(int(wert)) / teiler


KENNZAHLEN_SQL = """
SELECT g.kennung, g.monat,
  max(k.stunden) FILTER (WHERE k.zeitraum = 'monat') AS stunden,
  max(k.stunden) FILTER (WHERE k.zeitraum = 'bis_monat') AS stunden_bis,
  max(k.anteil) FILTER (WHERE k.zeitraum = 'monat') AS anteil,
  max(k.anteil) FILTER (WHERE k.zeitraum = 'bis_monat') AS anteil_bis,
  max(k.mindestanteil) AS mindestanteil,
  bool_or(k.erfuellt) FILTER (WHERE k.zeitraum = 'monat') AS erfuellt,
  bool_or(k.erfuellt) FILTER (WHERE k.zeitraum = 'bis_monat') AS erfuellt_bis
FROM gezaehlt g JOIN kennzahl k USING (sha256) GROUP BY g.kennung, g.monat
"""
FOERDERUNG_SQL = """
SELECT g.kennung, g.monat, f.programm, f.monat AS im_monat, f.bis_monat, f.anspruch, f.hoechstbetrag,
       f.foerderfaehig, f.ueberschritten
FROM gezaehlt g JOIN foerderung f USING (sha256) ORDER BY g.kennung, g.monat, f.programm
"""
MEILENSTEINE_SQL = """
SELECT g.kennung, g.monat, m.status, count(*) AS n FROM gezaehlt g JOIN meilenstein m USING (sha256)
GROUP BY ALL
"""
SUMMEN_SQL = """
SELECT g.monat, z.ressource, z.schluessel, sum(z.stunden) AS stunden, sum(z.teilnahmen) AS teilnahmen,
       count(*) FILTER (WHERE z.stunden IS NULL) AS gesperrt, count(*) AS meldungen
FROM gezaehlt g JOIN zahl z USING (sha256)
WHERE z.zeitraum = 'monat' AND z.ressource IN ('nach_handlungsfeld', 'nach_zieldimension')
GROUP BY ALL ORDER BY g.monat, z.ressource, z.schluessel
"""
NEUESTE_MEILENSTEINE_SQL = """
SELECT g.kennung, g.monat, m.schwerpunkt, m.nr, m.jahr, m.text, m.taetigkeit, m.mindestens,
       m.hoechstens, m.ist, m.ist_sperre, m.status
FROM gezaehlt g JOIN meilenstein m USING (sha256)
WHERE g.sha256 IN (SELECT arg_max(sha256, monat) FROM gezaehlt GROUP BY kennung)
ORDER BY g.kennung, m.schwerpunkt, m.nr
"""


def landesuebersicht(bestand: Bestand, speicher: Speicher, frist_tag: int) -> Landesuebersicht:
    """Consolidate what counts in `bestand` from the store."""
    gezaehlt: tuple[Eingang, ...] = bestand.gezaehlt
    kz = {(r[0], r[1]): r[2:] for r in speicher.abfrage(KENNZAHLEN_SQL, gezaehlt)}
    foerderung: dict[tuple[str, str], list[Foerderzeile]] = {}
    for kennung, monat, programm, im_monat, bis, anspruch, hb, ff, ueb in speicher.abfrage(
        FOERDERUNG_SQL, gezaehlt
    ):
        foerderung.setdefault((kennung, monat), []).append(
            Foerderzeile(
                programm,
                _dez(im_monat, 100),
                _dez(bis, 100),
                _dez(anspruch, 100),
                _dez(hb, 100),
                _dez(ff, 100),
                bool(ueb),
            )
        )
    meilensteine: dict[tuple[str, str], dict[str, int]] = {}
    for kennung, monat, status, n in speicher.abfrage(MEILENSTEINE_SQL, gezaehlt):
        meilensteine.setdefault((kennung, monat), {})[status] = int(n)
    nach_datei = {(e.kennung, e.monat): e for e in gezaehlt}
    zeilen = []
    for (kennung, monat), status in sorted(bestand.status.items()):
        e = nach_datei.get((kennung, monat)) if status == EINGEREICHT else None
        if e is None:
            zeilen.append(KIMonat(kennung, monat, status))
            continue
        stunden, stunden_bis, anteil, anteil_bis, mindest, erfuellt, erfuellt_bis = kz[(kennung, monat)]
        ms = meilensteine.get((kennung, monat), {})
        zeilen.append(
            KIMonat(
                kennung,
                monat,
                status,
                (kennung, monat) in bestand.verspaetet,
                e.datei,
                e.abgeschlossen_am,
                e.kopf.nr,
                _dez(stunden, 100),
                _dez(stunden_bis, 100),
                _dez(anteil, 10000),
                _dez(anteil_bis, 10000),
                _dez(mindest, 10000),
                erfuellt,
                erfuellt_bis,
                tuple(foerderung.get((kennung, monat), ())),
                tuple((s, ms[s]) for s in STATUSFOLGE if s in ms),
            )
        )
    summen = tuple(
        Summe(
            monat,
            MERKMALE[ressource],
            schluessel,
            _dez(stunden, 100) or Decimal(0),
            int(teilnahmen or 0),
            int(gesperrt),
            int(n),
        )
        for monat, ressource, schluessel, stunden, teilnahmen, gesperrt, n in speicher.abfrage(
            SUMMEN_SQL, gezaehlt
        )
    )
    spalten = (
        "ki",
        "monat",
        "schwerpunkt",
        "nr",
        "jahr",
        "text",
        "taetigkeit",
        "mindestens",
        "hoechstens",
        "ist",
        "gesperrt",
        "status",
    )
    neueste = tuple(
        dict(zip(spalten, r, strict=True)) for r in speicher.abfrage(NEUESTE_MEILENSTEINE_SQL, gezaehlt)
    )
    return Landesuebersicht(bestand, tuple(zeilen), summen, neueste, frist_tag)
