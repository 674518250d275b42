"""The KI's Meldung to the Land, built from its report values and its filing in the Ablage.

`meldungsinhalt(bericht, glied, geheimhaltung, bis_monat=…)` reads every figure from the report
values (`regeln.bericht.Bericht` of the month and of January to the month) — nothing is computed
here in another way — and asks the disclosure control which hours, Teilnahmen and counts may be
published. `land.schreiben.meldung_schreiben` then writes the zip::

    b = berechne_bericht(entries, config, periode)                    # the month
    bis = berechne_bericht(entries, config, periode.bis_jetzt())      # 1 January to its end
    inhalt = meldungsinhalt(b, glied, geheimhaltung, bis_monat=bis)   # glied: the month's filing
    meldung_schreiben(inhalt, ausgabe_ordner)

The disclosure control is a parameter (`Geheimhaltung`): it sees every figure as a `Zelle` with
the anonymous contributions of the Stellen to it (hours or counts per contributing Stelle,
largest first) and returns the cells to withhold with their reason. The cells of one resource
and period add up to the total of that period in `kennzahlen` (`gesamt`; those of
`nach_schwerpunkt` to `schwerpunkte`), so a control can also protect against differencing. The
control of the public reports is `land.geheimhaltung.geheimhaltung_der_meldung`; a KI's Meldung
is built from its Ablage by `land.aus_ablage.meldung_aus_ablage`.

The Meldung contains no names, no Stelle ids and no figure per Stelle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

import pandas as pd

from kibericht import __version__
from kibericht.ablage.kette import Glied, kettenkopf, lies_ablage
from kibericht.ablage.manifest import ABSCHLUSS
from kibericht.konfig import KIConfig
from kibericht.land.format import OHNE, Kettenkopf, Meldungsinhalt, gueltige_kennung
from kibericht.regeln.aggregation import OHNE_KOMMUNE, OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.termine import teilnehmende_einmal
from kibericht.zahlen import halb_auf

STUNDEN, TEILNAHMEN, ANZAHL = "stunden", "teilnahmen", "anzahl"
GESAMT, SCHWERPUNKTE = "gesamt", "schwerpunkte"


class MeldungFehler(ValueError):
    """A Meldung cannot be built from what was given (German message)."""


@dataclass(frozen=True)
class Zelle:
    """One figure of the Meldung as the disclosure control sees it.

    `ressource`/`zeitraum`/`schluessel` name the cell (`nach_kommune`, `monat`, `Alfter`;
    `kennzahlen`, `bis_monat`, `gesamt`; `meilensteine`, `bis_monat`, `SP1/1`), `groesse` what it
    counts (`stunden`, `teilnahmen`, `anzahl`), `wert` the figure, `beitraege` what each Stelle
    with an entry in the cell contributes to it, largest first, without saying which Stelle.
    `bezug` says what a milestone's Ist counts: (Schwerpunkt, Tätigkeit, `termine` or
    `eintraege`); empty for every other cell."""

    ressource: str
    zeitraum: str
    schluessel: str
    groesse: str
    wert: float
    beitraege: tuple[float, ...]
    bezug: tuple[str, ...] = ()


class Geheimhaltung(Protocol):
    """The disclosure control: which figures of a Meldung must not be published, and why."""

    def gesperrt(self, zellen: Sequence[Zelle]) -> Mapping[Zelle, str]:
        """The cells to withhold (a subset of `zellen`), each with its reason in German."""
        ...


def ki_kennung(config: KIConfig) -> str:
    """The KI's short code in the Meldung: `[ki] kennung` of ki.toml, or the code the configuration
    derived from its name (`konfig.ki_kennung`)."""
    return config.kennung


def _beitraege(eintraege: pd.DataFrame, schluessel: pd.Series, wert: str) -> dict[str, tuple[float, ...]]:
    """Per key: the sums of `wert` of each Stelle with an entry under that key, largest first."""
    if eintraege.empty:
        return {}
    frame = pd.DataFrame(
        {"k": schluessel, "stelle": eintraege["stelle"], "w": eintraege[wert].fillna(0.0)}
    ).dropna(subset=["k"])
    summen = frame.groupby(["k", "stelle"], sort=False)["w"].sum()
    result: dict[str, list[float]] = {}
    for (k, _stelle), w in summen.items():
        result.setdefault(str(k), []).append(float(w))
    return {k: tuple(sorted(v, reverse=True)) for k, v in result.items()}


class _Zellen:
    """The cells of a Meldung, collected while its rows are built; decided once at the end."""

    def __init__(self) -> None:
        self.liste: list[Zelle] = []

    def zelle(
        self,
        ressource: str,
        zeitraum: str,
        schluessel: str,
        groesse: str,
        wert: float,
        beitraege: Mapping[str, tuple[float, ...]],
        bezug: tuple[str, ...] = (),
    ) -> Zelle:
        z = Zelle(ressource, zeitraum, schluessel, groesse, float(wert), beitraege.get(schluessel, ()), bezug)
        self.liste.append(z)
        return z


def _schluessel(ressource: str, bericht: Bericht, eintraege: pd.DataFrame) -> pd.Series:
    """The key of each entry in a `nach_…` resource (as the report's summary groups them)."""
    if eintraege.empty:
        return pd.Series(dtype=object)
    if ressource == "nach_zieldimension":
        zd = {s.id: s.zieldimension for s in bericht.config.schwerpunkte}
        return eintraege["schwerpunkt"].map(zd).fillna(OHNE)
    if ressource == "nach_kommune":
        return eintraege["kommune"].fillna(OHNE_KOMMUNE)
    return eintraege[ressource.removeprefix("nach_")]


def _frame(ressource: str, bericht: Bericht) -> pd.DataFrame:
    s = bericht.summary
    frame = {
        "nach_handlungsfeld": s.nach_handlungsfeld,
        "nach_schwerpunkt": s.nach_schwerpunkt,
        "nach_zieldimension": s.nach_zieldimension,
        "nach_taetigkeit": s.nach_taetigkeit,
        "nach_kommune": s.nach_kommune,
    }[ressource]
    if ressource == "nach_schwerpunkt":
        return frame[frame.index != OHNE_SCHWERPUNKT]
    if ressource == "nach_zieldimension":
        return frame.rename(index={OHNE_SCHWERPUNKT: OHNE})
    return frame


def _pruefe(bericht: Bericht, bis_monat: Bericht, glied: Glied) -> None:
    if not bericht.monatlich:
        raise MeldungFehler("Eine Meldung gehört zu einem Monat; der Bericht umfasst keinen einzelnen Monat.")
    p = bericht.periode
    if (bis_monat.periode.start.timetuple()[:3] != (p.jahr, 1, 1)) or bis_monat.periode.ende != p.ende:
        raise MeldungFehler(
            f"bis_monat muss der Bericht vom 1. Januar bis Ende {p.titel} sein "
            "(berechne_bericht(…, periode.bis_jetzt()))."
        )
    if glied.art != ABSCHLUSS or glied.monat != p.label:
        raise MeldungFehler(
            f"Die Meldung für {p.titel} gehört zum Abschluss dieses Monats, nicht zu "
            f"Nr. {glied.nr:04d} ({glied.art} {glied.monat})."
        )
    if not glied.intakt or glied.sha256 is None:
        raise MeldungFehler(
            f"Das Manifest des Abschlusses Nr. {glied.nr:04d} ist beschädigt; stellen Sie "
            "die Ablage wieder her, bevor Sie eine Meldung schreiben."
        )


def _kette(glied: Glied, kette: Sequence[Glied] | None) -> list[tuple]:
    """The rows of `kette`: every element up to `glied`, each linked to its predecessor."""
    glieder = list(kette) if kette is not None else list(lies_ablage(glied.ordner.parent).glieder)
    glieder = [g for g in glieder if g.nr <= glied.nr]
    if not glieder or glieder[-1].sha256 != glied.sha256:
        raise MeldungFehler(f"Der Abschluss Nr. {glied.nr:04d} steht nicht in der angegebenen Kette.")
    zeilen, vorher = [], None
    for erwartet, g in enumerate(glieder, start=1):
        if g.nr != erwartet or not g.intakt or g.daten["vorgaenger"] != vorher:
            raise MeldungFehler(
                f"Die Kette der Ablage ist bei Nr. {erwartet:04d} unterbrochen oder "
                "beschädigt (kibericht verifizieren nennt Einzelheiten); eine Meldung "
                "wird erst nach der Wiederherstellung geschrieben."
            )
        zeilen.append((g.nr, g.art, g.monat, g.sha256, g.daten["vorgaenger"]))
        vorher = g.sha256
    return zeilen


def je_termin(eintraege: pd.DataFrame) -> pd.DataFrame:
    """The entries with each Termin's participants on one of its entries (`regeln.termine`), as
    every Teilnahmen figure of a report counts them: the contributions of the Stellen add up to
    the figure (applying it twice changes nothing)."""
    if eintraege.empty:
        return eintraege
    return eintraege.assign(teilnehmende=teilnehmende_einmal(eintraege))


def _stunden(wert: float) -> Decimal:
    return halb_auf(wert, 2)


def meldungsinhalt(
    bericht: Bericht,
    glied: Glied,
    geheimhaltung: Geheimhaltung,
    *,
    bis_monat: Bericht,
    kette: Sequence[Glied] | None = None,
    kennung: str | None = None,
) -> Meldungsinhalt:
    """The Meldung of the month of `bericht`, filed as `glied`.

    `bis_monat` is the report value of 1 January to the end of the month (for the year-to-date
    figures), `kette` the chain elements of the Ablage (read from `glied`'s Ablage when None),
    `kennung` overrides `ki_kennung(config)`. Raises `MeldungFehler` when the parts do not belong
    together or the Ablage is damaged."""
    _pruefe(bericht, bis_monat, glied)
    config = bericht.config
    kennung = kennung or ki_kennung(config)
    if not gueltige_kennung(kennung):
        raise MeldungFehler(
            f"„{kennung}“ ist keine gültige KI-Kennung: erlaubt sind Buchstaben, Ziffern, - "
            "und _, höchstens 40 Zeichen. Setzen Sie [ki] kennung in ki.toml."
        )
    zellen = _Zellen()
    berichte = {"monat": bericht, "bis_monat": bis_monat}
    zeilen: dict[str, list] = {}  # rows with Zelle objects where figures go; resolved below

    kennzahlen = []
    for zeitraum, b in berichte.items():
        e = je_termin(b.eintraege)
        alle = _beitraege(e, pd.Series(GESAMT, index=e.index), "stunden")
        mit_sp = (
            _beitraege(e, e["schwerpunkt"].where(e["schwerpunkt"].isna(), SCHWERPUNKTE), "stunden")
            if len(e)
            else {}
        )
        tn = _beitraege(e, pd.Series(GESAMT, index=e.index), "teilnehmende")
        s = b.summary
        kennzahlen.append(
            (
                zeitraum,
                zellen.zelle("kennzahlen", zeitraum, GESAMT, STUNDEN, s.stunden, alle),
                zellen.zelle("kennzahlen", zeitraum, SCHWERPUNKTE, STUNDEN, s.stunden_schwerpunkte, mit_sp),
                s.anteil,
                s.mindestanteil,
                s.erfuellt,
                zellen.zelle("kennzahlen", zeitraum, GESAMT, TEILNAHMEN, s.teilnehmende, tn),
            )
        )
    for ressource in (
        "nach_handlungsfeld",
        "nach_schwerpunkt",
        "nach_zieldimension",
        "nach_taetigkeit",
        "nach_kommune",
    ):
        zeilen[ressource] = []
        for zeitraum, b in berichte.items():
            e = je_termin(b.eintraege)
            key = _schluessel(ressource, b, e)
            h, t = _beitraege(e, key, "stunden"), _beitraege(e, key, "teilnehmende")
            for schluessel, r in _frame(ressource, b).iterrows():
                zeilen[ressource].append(
                    (
                        zeitraum,
                        str(schluessel),
                        zellen.zelle(ressource, zeitraum, str(schluessel), STUNDEN, r["stunden"], h),
                        zellen.zelle(
                            ressource, zeitraum, str(schluessel), TEILNAHMEN, round(r["teilnehmende"]), t
                        ),
                    )
                )
    meilensteine, nummern = [], {}
    e = bis_monat.eintraege
    zaehler = (
        _beitraege(e.assign(eins=1.0), e["schwerpunkt"] + "/" + e["taetigkeit"], "eins") if len(e) else {}
    )
    for m in bericht.meilensteine:
        sp = m.schwerpunkt.id
        nummern[sp] = nummern.get(sp, 0) + 1
        ist = (
            None
            if m.ist is None
            else zellen.zelle(
                "meilensteine",
                "bis_monat",
                f"{sp}/{nummern[sp]}",
                ANZAHL,
                m.ist,
                {f"{sp}/{nummern[sp]}": zaehler.get(f"{sp}/{m.meilenstein.taetigkeit}", ())},
                (sp, str(m.meilenstein.taetigkeit), m.meilenstein.zaehlt),
            )
        )
        mm = m.meilenstein
        meilensteine.append(
            (
                sp,
                nummern[sp],
                mm.jahr,
                mm.text,
                mm.taetigkeit,
                mm.mindestens,
                mm.hoechstens,
                ist,
                m.stichtag.isoformat(),
                m.status,
            )
        )

    gesperrt = dict(geheimhaltung.gesperrt(tuple(zellen.liste)))
    unbekannt = set(gesperrt) - set(zellen.liste)
    if unbekannt:
        raise MeldungFehler("Die Geheimhaltung nennt Zellen, die die Meldung nicht hat.")

    def wert(z: Zelle, art: str = STUNDEN) -> tuple:
        if z in gesperrt:
            return None, gesperrt[z] or "geheim zu halten"
        return (_stunden(z.wert) if art == STUNDEN else int(z.wert)), None

    tabellen: dict[str, list[tuple]] = {}
    tabellen["kennzahlen"] = []
    for zeitraum, h, sp, anteil, mindest, erfuellt, tn in kennzahlen:
        sperre = gesperrt.get(h) or gesperrt.get(sp)
        anteil_wert = None if anteil is None or sperre else halb_auf(anteil, 4)
        tabellen["kennzahlen"].append(
            (
                zeitraum,
                *wert(h),
                *wert(sp),
                anteil_wert,
                sperre if anteil is not None and sperre else None,
                halb_auf(mindest, 4),
                erfuellt,
                *wert(tn, TEILNAHMEN),
            )
        )
    for ressource, liste in zeilen.items():
        tabellen[ressource] = [
            (zeitraum, key, *wert(h), *wert(t, TEILNAHMEN)) for zeitraum, key, h, t in liste
        ]
    tabellen["schwerpunkte"] = [
        (s.id, s.titel, s.handlungsfeld, s.zieldimension, s.von, s.bis) for s in config.schwerpunkte
    ]
    tabellen["meilensteine"] = [
        (*m[:7], *((None, None) if m[7] is None else wert(m[7], ANZAHL)), *m[8:]) for m in meilensteine
    ]
    monat = bericht.periode.start.month
    bm = next(m for m in bericht.besetzungsstand.monate if m.monat == monat)
    tabellen["besetzung"] = [
        ("monatsmittel", halb_auf(bm.stellenplan, 4), halb_auf(bm.besetzt, 4), halb_auf(bm.unbesetzt, 4)),
        (
            "monatsende",
            halb_auf(bm.stellenplan, 4),
            halb_auf(bm.besetzt_monatsende, 4),
            halb_auf(bm.unbesetzt_monatsende, 4),
        ),
    ]
    tabellen["foerderung"] = [
        (
            p.name,
            halb_auf(p.im_monat(monat), 2),
            halb_auf(p.bis_monat(monat), 2),
            halb_auf(p.anspruch, 2),
            None if p.hoechstbetrag is None else halb_auf(p.hoechstbetrag, 2),
            halb_auf(p.foerderfaehig, 2),
            p.ueberschritten,
        )
        for p in bericht.foerderung.programme
    ]
    tabellen["kette"] = _kette(glied, kette)
    kopf = kettenkopf(glied)
    return Meldungsinhalt(
        kennung=kennung,
        ki_name=config.name,
        monat=bericht.periode.label,
        kibericht_version=__version__,
        abgeschlossen_am=glied.daten["zeitpunkt"],
        kopf=Kettenkopf(kopf.nr, kopf.version, kopf.sha256, kopf.vorgaenger),
        tabellen=tabellen,
    )
