"""The chain across a KI's Meldungen: each filing must extend the chain the Land already knows.

Every Meldung carries the chain of the KI's Ablage up to its filing (`kette.csv`: number, month,
sha256 of each manifest and of its predecessor). A genuine chain only grows: a filing made later
has a higher number, and its chain repeats every element an earlier Meldung reported. Taking
the Meldungen of a KI in the order they were filed (`abgeschlossen_am`), each is compared with the
longest chain known so far; at the first element that differs:

- `kette-gekuerzt`: the new filing stands at a lower number than the newest element the Land
  knows, although it was filed later: elements were deleted and the chain filed on anew;
- `kette-umgeschrieben`: it reaches at least as far as the known chain, but an element before the
  newest known one has another hash: earlier filings were rewritten (even consistently, with every
  link recomputed, the hashes the Land holds do not match);
- `kette-verzweigt`: only the newest known element differs: the new filing does not build on the
  filing the Land knows as the newest (two filings at the same place in the chain).

After a finding the new chain is taken as known, so one manipulation is reported once.

    >>> [v.befund.code for v in pruefe_ketten(eingaenge)]          # doctest: +SKIP
    ['kette-umgeschrieben']
"""

from __future__ import annotations

from collections.abc import Iterable

from kibericht.befunde import Code, befund
from kibericht.land.eingang import Eingang, Vermerk
from kibericht.periode import Periode


def _titel(monat: str) -> str:
    return Periode.parse_monat(monat).titel


def _monate(monate: Iterable[str]) -> str:
    return ", ".join(_titel(m) for m in dict.fromkeys(monate))


def pruefe_ketten(eingaenge: Iterable[Eingang]) -> list[Vermerk]:
    """The chain findings of every KI among the valid Meldungen `eingaenge`."""
    je_ki: dict[str, list[Eingang]] = {}
    for e in eingaenge:
        if e.gueltig:
            je_ki.setdefault(e.kennung, []).append(e)
    vermerke: list[Vermerk] = []
    for kennung in sorted(je_ki):
        vermerke.extend(_pruefe_ki(kennung, je_ki[kennung]))
    return vermerke


def _pruefe_ki(kennung: str, eingaenge: list[Eingang]) -> list[Vermerk]:
    folge = sorted(eingaenge, key=lambda e: (e.zeitpunkt, e.kopf.nr, e.monat, e.datei))
    bekannt: dict[int, tuple] = {}  # nr → (sha256, monat, the Eingang that reported it first)
    neuestes, quelle = 0, None
    vermerke = []
    for e in folge:
        kette = {z[0]: z for z in e.kette}
        h = e.kopf.nr
        k = next((nr for nr in range(1, min(h, neuestes) + 1) if kette[nr][3] != bekannt[nr][0]), None)
        if k is None:
            if h > neuestes:
                for nr in range(neuestes + 1, h + 1):
                    bekannt[nr] = (kette[nr][3], kette[nr][2], e)
                neuestes, quelle = h, e
            continue
        anders = [nr for nr in range(k, min(h, neuestes) + 1) if kette[nr][3] != bekannt[nr][0]]
        alt_monate = _monate(bekannt[nr][1] for nr in anders)
        gemeldet = _monate(bekannt[nr][2].monat for nr in anders)
        if h < neuestes:
            code = Code.KETTE_GEKUERZT
            text = (
                f"Die Kette wurde gekürzt. Die Meldung für {e.titel} (abgeschlossen am "
                f"{e.abgeschlossen_am}) ist Glied Nr. {h}, obwohl die Meldung für {quelle.titel} schon "
                f"Nr. {neuestes} meldete; ab Nr. {k} ({alt_monate}) wurden Glieder gelöscht und ersetzt."
            )
        elif k < neuestes:
            code = Code.KETTE_UMGESCHRIEBEN
            text = (
                f"Die Kette wurde umgeschrieben. Die Meldung für {e.titel} nennt für die Glieder Nr. "
                f"{', '.join(map(str, anders))} ({alt_monate}) andere Prüfsummen als die Meldungen für "
                f"{gemeldet}. Eine Ablage wird nie nachträglich geändert."
            )
        else:
            code = Code.KETTE_VERZWEIGT
            text = (
                f"Die Kette hat sich verzweigt. Die Meldung für {e.titel} baut nicht auf Glied Nr. {k} "
                f"({alt_monate}) auf, das die Meldung für {gemeldet} nannte, sondern auf einem anderen "
                f"Glied Nr. {k}."
            )
        vermerke.append(
            Vermerk(
                befund(
                    code,
                    e.datei,
                    "kette.csv",
                    k + 1,
                    "sha256",
                    kette[k][3][:12],
                    f"KI {kennung}: {text} Fragen Sie beim KI nach und lassen Sie sich die "
                    "Ablage zeigen (kibericht verifizieren).",
                ),
                kennung,
                e.monat,
            )
        )
        bekannt = {nr: (z[3], z[2], e) for nr, z in kette.items()}
        neuestes, quelle = h, e
    return vermerke
