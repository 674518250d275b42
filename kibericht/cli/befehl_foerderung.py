"""`kibericht foerderung`: the Pauschale per Stelle and month, per programme against its cap."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kibericht import anwendung
from kibericht.anwendung import KIConfig
from kibericht.befunde import WARNUNG, Finding
from kibericht.cli.darstellung import echo, emit_json, ende, nachweise_gestoppt, nachweise_vorab
from kibericht.cli.optionen import Pfad, common_options, trotz_fehlern_option
from kibericht.cli.progress import progress_for
from kibericht.cli.tabelle import text_tabelle
from kibericht.periode import MONATSKURZ, MONATSNAMEN
from kibericht.zahlen import cent, de_prozent, de_zahl

if TYPE_CHECKING:  # the rules need pandas: imported when the command runs
    from kibericht.regeln.foerderung import Foerderung
    from kibericht.regeln.soll_ist import SollIst


@click.command("foerderung")
@click.argument("eingabe", nargs=-1, required=False, type=Pfad(path_type=Path))
@common_options
@click.option("--jahr", metavar="JJJJ", help="Förderjahr, z. B. 2025 (Pflichtangabe).")
@trotz_fehlern_option
def foerderung(eingabe: tuple[Path, ...], config_path: Path, fmt: str, jahr: str | None,
               trotz_fehlern: bool) -> int:
    """Berechnet den Anspruch auf die Landespauschale je Stelle und Monat.

    Kürzt die Pauschale bei Vakanz und Teilzeit nach der Regel „anteilig“ aus ki.toml
    (tagesgenau oder volle Monate) und vergleicht jedes Programm mit seinem Höchstbetrag.
    Stellen, die das Land bezahlt oder die aus Eigenmitteln finanziert sind, werden genannt,
    aber nicht gezählt. Mit Tätigkeitsnachweisen (EINGABE) kommen Soll/Ist-Stunden je Stelle
    und Monat hinzu, und Warnungen für geförderte Stellen ohne dokumentierte Stunden sowie für
    Stunden in Monaten ohne Besetzung (geprüft bis zum letzten Monat mit Einträgen). Ohne
    EINGABE gelten die Nachweise aus [nachweise] ordner in ki.toml, wenn er eingetragen ist.

    Exit-Code 0: in Ordnung, 1: Datenfehler in den Nachweisen, 2: Aufruf- oder
    Konfigurationsfehler, 3: ein Programm überschreitet seinen Höchstbetrag.

    \b
    Beispiel:
      kibericht foerderung --jahr 2025 --config ki.toml
      kibericht foerderung nachweise/ --jahr 2025 --config ki.toml
      kibericht foerderung --jahr 2025 --format json > foerderung_2025.json
    """
    jahr_nr = anwendung.jahr(jahr, "das Förderjahr")
    with progress_for(fmt) as fortschritt:
        ergebnis = anwendung.foerderung(config_path, jahr_nr, eingabe, trotz_fehlern=trotz_fehlern,
                                        fortschritt=fortschritt)
    if ergebnis.gestoppt:
        assert ergebnis.nachweise is not None
        if fmt == "json":
            emit_json(ergebnis.dokument)
        else:
            nachweise_gestoppt(ergebnis.nachweise)
        return ende(ergebnis)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    else:
        if ergebnis.nachweise is not None:
            nachweise_vorab(ergebnis.nachweise)
        for line in foerderung_text(ergebnis.foerderung, ergebnis.config, ergebnis.soll_ist,
                                    list(ergebnis.jahres_befunde)):
            echo(line)
    for p in ergebnis.foerderung.ueberschritten:
        assert p.hoechstbetrag is not None  # only a programme with a cap exceeds it
        echo(f"Das Programm „{p.name}“ überschreitet {jahr_nr} seinen Höchstbetrag um "
             f"{de_zahl(cent(p.ueberschreitung))} € (Anspruch {de_zahl(cent(p.anspruch))} €, "
             f"Höchstbetrag {de_zahl(cent(p.hoechstbetrag))} €).", err=True)
    return ende(ergebnis)


def foerderung_text(f: Foerderung, config: KIConfig, soll_ist: SollIst | None,
                    befunde: list[Finding]) -> list[str]:
    """The German text report of `kibericht foerderung`."""
    lines = [f"Landesförderung {f.jahr} – {config.name}",
             f"Anteilige Berechnung bei Vakanz und Teilzeit: {f.regel}", ""]
    stellen = [[s.stelle.id, s.stelle.bezeichnung, s.programm, de_zahl(s.stelle.umfang),
                "–" if s.pauschale is None else de_zahl(cent(s.pauschale)),
                de_zahl(cent(s.anspruch)) if s.gezaehlt else "nicht gezählt"] for s in f.stellen]
    lines += ["Stellen", *text_tabelle(["Stelle", "Bezeichnung", "Finanzierung", "VZÄ", "Pauschale/Jahr",
                                        "Anspruch €"], stellen, links=3)]

    gefoerdert = f.gefoerderte_stellen
    if gefoerdert:
        kopf = ["Monat", *(s.stelle.id for s in gefoerdert), *(f"{p.name} gesamt" for p in f.programme)]
        zeilen = [[MONATSKURZ[i], *(de_zahl(cent(s.monate[i])) for s in gefoerdert),
                   *(de_zahl(cent(p.monate[i])) for p in f.programme)] for i in range(12)]
        zeilen.append(["Summe", *(de_zahl(cent(s.anspruch)) for s in gefoerdert),
                       *(de_zahl(cent(p.anspruch)) for p in f.programme)])
        lines += ["", "Anspruch je Stelle und Monat (€)", *text_tabelle(kopf, zeilen)]

    programme = [[p.name, de_zahl(cent(p.anspruch)),
                  "kein Höchstbetrag" if p.hoechstbetrag is None else de_zahl(cent(p.hoechstbetrag)),
                  de_zahl(cent(p.foerderfaehig)),
                  f"überschritten um {de_zahl(cent(p.ueberschreitung))} €" if p.ueberschritten
                  else "im Rahmen"] for p in f.programme]
    lines += ["", "Programme", *text_tabelle(["Programm", "Anspruch €", "Höchstbetrag €", "förderfähig €",
                                              "Status"], programme)]

    if soll_ist is not None:
        lines += ["", *_soll_ist_text(soll_ist)]
    warnungen = [w for w in befunde if w.schwere == WARNUNG]
    if warnungen:
        lines += ["", "Warnungen", *(f"  {w.render()}" for w in warnungen)]
    return lines


def _soll_ist_text(soll_ist: SollIst) -> list[str]:
    monate = sorted({z.monat for z in soll_ist.zeilen if z.monat is not None})
    if not monate:
        return [f"Soll/Ist-Stunden: keine Einträge für {soll_ist.jahr}."]
    zeilen = [[z.stelle.id, "–" if z.soll is None else de_zahl(float(z.soll)), de_zahl(z.ist),
               "–" if z.differenz is None else de_zahl(z.differenz), de_prozent(z.quote)]
              for z in soll_ist.summen()]
    bis = MONATSNAMEN[monate[-1] - 1]
    lines = [f"Soll/Ist-Stunden Januar bis {bis} {soll_ist.jahr}",
             *text_tabelle(["Stelle", "Soll", "Ist", "Differenz", "Ist/Soll"], zeilen)]
    je_monat: dict[str, list[str]] = {}
    for z in soll_ist.zeilen:
        je_monat.setdefault(z.stelle.id, []).append(de_prozent(z.quote, 0))
    lines += ["", "Ist in % des Solls je Monat („–“: kein Soll)",
              *text_tabelle(["Stelle", *(MONATSKURZ[m - 1] for m in monate)],
                            [[s, *werte] for s, werte in je_monat.items()])]
    return lines
