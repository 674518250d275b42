"""The Meldungen of one run as a whole: which one counts for each KI and month, and what is amiss.

- The same content twice (the same file in two folders, or re-zipped): counted once, a hint
  (`meldung-doppelt`).
- Two different Meldungen for one KI and month: where the later one is a correction — a higher
  version of the month's closing whose chain contains the earlier filing — the later one counts
  and the earlier one is named as replaced (`meldung-ersetzt`). Otherwise neither counts
  (`meldung-widerspruch`): the Land cannot know which is right, and never silently picks one.
- The chain of each KI across its Meldungen (`kette`).
- Missing months (`meldung-fehlt`): from a KI's first Meldung to the newest month of any Meldung
  of the run, every month without a Meldung that counts.
- Late filings (`meldung-verspaetet`): closed (`abgeschlossen_am`, the time in the filing's
  manifest) after the deadline, day `frist_tag` of the following month (default the 15th).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kibericht.befunde import Code, befund
from kibericht.land.eingang import Eingang, Vermerk
from kibericht.land.kette import pruefe_ketten
from kibericht.periode import Periode

EINGEREICHT, FEHLT, UNGUELTIG, WIDERSPRUCH = "eingereicht", "fehlt", "ungültig", "widersprüchlich"
FRIST_TAG = 15


@dataclass(frozen=True)
class Bestand:
    eingaenge: tuple[Eingang, ...]
    gezaehlt: tuple[Eingang, ...]  # one per KI and month
    status: Mapping[tuple[str, str], str]  # (kennung, monat) → EINGEREICHT | FEHLT | UNGUELTIG | WIDERSPRUCH
    verspaetet: frozenset[tuple[str, str]]
    monate: tuple[str, ...]  # every month from the first to the newest of the run
    namen: Mapping[str, str]  # kennung → the KI's name in its newest Meldung
    vermerke: tuple[Vermerk, ...]  # of reading each file, then of the run as a whole


def frist(monat: str, frist_tag: int = FRIST_TAG) -> dt.date:
    """The deadline of a month's Meldung: day `frist_tag` of the following month."""
    ende = Periode.parse_monat(monat).ende
    folgemonat = ende + dt.timedelta(days=1)
    return folgemonat.replace(day=min(frist_tag, 28))


def _monatsfolge(erster: str, letzter: str) -> list[str]:
    return Periode(
        "periode", Periode.parse_monat(erster).start, Periode.parse_monat(letzter).ende, ""
    ).monate()


def _ist_korrektur(frueher: Eingang, spaeter: Eingang) -> bool:
    """`spaeter` is a later version of the same month's closing whose chain contains `frueher`."""
    kette = {z[0]: z[3] for z in spaeter.kette}
    return spaeter.kopf.version > frueher.kopf.version and kette.get(frueher.kopf.nr) == frueher.kopf.sha256


def _vermerk(code: str, e: Eingang, text: str, wert: str | None = None) -> Vermerk:
    return Vermerk(
        befund(code, e.datei, wert=wert, meldung=f"Meldung {e.kennung}, {e.titel}: {text}"),
        e.kennung,
        e.monat,
    )


def bestand(eingaenge: Iterable[Eingang], frist_tag: int = FRIST_TAG) -> Bestand:
    """Decide what counts among `eingaenge` and report everything amiss."""
    eingaenge = tuple(sorted(eingaenge, key=lambda e: e.datei))
    vermerke = [Vermerk(f, e.kennung, e.monat) for e in eingaenge for f in e.befunde]
    status: dict[tuple[str, str], str] = {}
    for e in eingaenge:
        if not e.gueltig and e.kennung and e.monat:
            status[(e.kennung, e.monat)] = UNGUELTIG
    gruppen: dict[tuple[str, str], list[Eingang]] = {}
    for e in eingaenge:
        if e.gueltig:
            gruppen.setdefault((e.kennung, e.monat), []).append(e)
    gezaehlt, verschieden_alle = [], []
    for schluessel in sorted(gruppen):
        verschieden: dict[str, Eingang] = {}
        for e in gruppen[schluessel]:
            erstes = verschieden.setdefault(e.inhalt_sha256, e)
            if erstes is not e:
                vermerke.append(
                    _vermerk(
                        Code.MELDUNG_DOPPELT,
                        e,
                        f"Dieselbe Meldung liegt auch als „{erstes.datei}“ vor; sie zählt einmal.",
                    )
                )
        kandidaten = sorted(verschieden.values(), key=lambda e: (e.kopf.version, e.kopf.nr, e.datei))
        verschieden_alle.extend(kandidaten)
        if all(_ist_korrektur(a, b) for a, b in zip(kandidaten, kandidaten[1:], strict=False)):
            for alt in kandidaten[:-1]:
                vermerke.append(
                    _vermerk(
                        Code.MELDUNG_ERSETZT,
                        alt,
                        f"Ersetzt durch Version {kandidaten[-1].kopf.version} "
                        f"(„{kandidaten[-1].datei}“), nach Wiedereröffnung des Monats.",
                    )
                )
            gezaehlt.append(kandidaten[-1])
            status[schluessel] = EINGEREICHT
            continue
        status[schluessel] = WIDERSPRUCH
        for e in kandidaten:
            andere = ", ".join(f"„{x.datei}“" for x in kandidaten if x is not e)
            vermerke.append(
                _vermerk(
                    Code.MELDUNG_WIDERSPRUCH,
                    e,
                    f"Eine andere Meldung für denselben Monat ({andere}) "
                    "hat einen anderen Inhalt und ist keine spätere Version dieses Abschlusses. "
                    "Keine der beiden zählt; klären Sie mit dem KI, welche gilt.",
                )
            )
    vermerke.extend(pruefe_ketten(verschieden_alle))
    verspaetet = set()
    for e in gezaehlt:
        tag = dt.datetime.fromisoformat(e.abgeschlossen_am).date()
        if tag > frist(e.monat, frist_tag):
            verspaetet.add((e.kennung, e.monat))
            vermerke.append(
                _vermerk(
                    Code.MELDUNG_VERSPAETET,
                    e,
                    f"Abgeschlossen am {tag:%d.%m.%Y}, nach der Frist {frist(e.monat, frist_tag):%d.%m.%Y}.",
                    tag.isoformat(),
                )
            )
    bekannte = sorted(m for (_k, m) in status)
    monate = tuple(_monatsfolge(bekannte[0], bekannte[-1])) if bekannte else ()
    namen = {e.kennung: e.ki_name for e in sorted(gezaehlt, key=lambda e: e.monat)}
    for kennung in sorted({k for k, _ in status}):
        eigene = sorted(m for k, m in status if k == kennung)
        fehlend = [m for m in monate if m >= eigene[0] and (kennung, m) not in status]
        for m in fehlend:
            status[(kennung, m)] = FEHLT
        if fehlend:
            beleg = max(
                (e for e in eingaenge if e.kennung == kennung), key=lambda e: (e.monat or "", e.datei)
            )
            titel = ", ".join(Periode.parse_monat(m).titel for m in fehlend)
            vermerke.append(
                Vermerk(
                    befund(
                        Code.MELDUNG_FEHLT,
                        beleg.datei,
                        wert=",".join(fehlend),
                        meldung=(f"KI {kennung}: Es fehlt die Meldung für {titel}."),
                    ),
                    kennung,
                    fehlend[0],
                )
            )
    return Bestand(
        eingaenge,
        tuple(sorted(gezaehlt, key=lambda e: (e.kennung, e.monat))),
        status,
        frozenset(verspaetet),
        monate,
        namen,
        tuple(vermerke),
    )
