"""Use cases „verifizieren“: prove the Ablage, and with logs that closed months are unchanged;
with the Prüfcode of a signed report, that the Ablage holds that filing unchanged.

    verifizieren("ki.toml").exit_code
    pruefcode_verifizieren(None, "7KQ2-M4XD-9P3A-H1TB-R6WG", ablage=Path("abschluesse")).exit_code
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.anwendung.aufruf import anzeige, fehler_bei, konfiguration, nachweise_eingabe
from kibericht.anwendung.nachweise import befunde_json, lies_nachweise
from kibericht.befunde import FEHLER, Code, Finding, befund, has_errors
from kibericht.konfig import KIConfig
from kibericht.regeln.urteil import EXIT_AUFRUF, EXIT_DATEN, EXIT_OK

if TYPE_CHECKING:  # the Ablage's chain needs pandas: imported when the use case runs
    from kibericht.ablage.kette import Ablagestand, Glied
    from kibericht.ablage.papier import PruefcodeErgebnis
    from kibericht.ablauf import Fortschrittsmelder, Lesecache


def ist_abschluss(glied: Glied) -> bool:
    """Whether the element is a closing (else a reopening)."""
    from kibericht.ablage.manifest import ABSCHLUSS

    return glied.art == ABSCHLUSS


def fehler_in(glied: Glied, befunde: Sequence[Finding]) -> list[Finding]:
    """The errors about the files of one element of the chain (not about entries of the logs)."""
    ordner = anzeige(glied.ordner) + "/"
    return [f for f in befunde if f.schwere == FEHLER and f.code is not Code.NACHTRAEGLICHE_AENDERUNG
            and (f.datei + "/").startswith(ordner)]


@dataclass(frozen=True)
class VerifikationsErgebnis:
    """The Ablage checked: its chain (`stand`), the findings about it (and with logs about the
    entries of closed months), how many filed entries were compared. Exit code 0 intact, 1 not."""

    stand: Ablagestand
    befunde: tuple[Finding, ...]
    mit_eingabe: bool
    geprueft: int = 0  # filed entries compared with the logs

    @property
    def intakt(self) -> bool:
        return not has_errors(self.befunde)

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.intakt else EXIT_DATEN

    @property
    def dateien(self) -> tuple[Path, ...]:
        return ()

    @property
    def dokument(self) -> dict[str, Any]:
        stand = self.stand
        return {"ablage": anzeige(stand.ordner), "intakt": self.intakt,
                "glieder": [_glied_json(g, self.befunde) for g in stand.glieder],
                "geschlossen": {m: g.nr for m, g in sorted(stand.geschlossen.items())},
                "letzte_pruefsumme": stand.kopf, "eintraege_geprueft": self.mit_eingabe,
                **befunde_json(self.befunde)}


def _glied_json(g: Glied, befunde: Sequence[Finding]) -> dict[str, Any]:
    daten = g.daten or {}
    document = {"nr": g.nr, "art": g.art, "monat": g.monat, "ordner": anzeige(g.ordner),
                "manifest": anzeige(g.manifest), "pruefsumme": g.sha256,
                "zeitpunkt": daten.get("zeitpunkt"), "intakt": not fehler_in(g, befunde)}
    if ist_abschluss(g):
        document["version"] = daten.get("version")
        document["eintraege"] = daten.get("eintraege", {}).get("anzahl")
        document["dateien"] = [d["datei"] for d in daten.get("dateien", [])]
    else:
        document["grund"] = daten.get("grund")
    return document


def verifizieren(konfig: KIConfig | Path | str | None, eingabe: Sequence[Path | str] = (),
                 ablage: Path | None = None, *, fortschritt: Fortschrittsmelder | None = None,
                 cache: Lesecache | None = None) -> VerifikationsErgebnis:
    """Check the chain of the Ablage (`ablage`, default `[ablage] ordner`), every manifest and
    every filed file; with `eingabe` (all logs) also that the logs still hold every closed
    month's entries. Without `eingabe` and with `ablage`, no configuration is needed; without
    both, the logs are those of `[nachweise] ordner` where one is configured."""
    from kibericht.ablage.kette import lies_ablage
    from kibericht.ablage.reste import reste_entfernen

    config: KIConfig | None = None
    if eingabe or ablage is None:
        if konfig is None:
            raise ValueError("verifizieren needs the configuration (with logs, or without an Ablage)")
        config = konfiguration(konfig)
    if config is not None and ablage is None:
        eingabe = nachweise_eingabe(eingabe, config, "kibericht verifizieren nachweise/", pflicht=False)
    ordner = _ablageordner(config, ablage)
    reste_entfernen(ordner)  # an interrupted filing's hidden folder; filed elements stay untouched
    stand = lies_ablage(ordner, dateien_pruefen=True)
    if not eingabe:
        return VerifikationsErgebnis(stand, stand.befunde, False)
    assert config is not None
    result = lies_nachweise(eingabe, config, stand=stand, streng=True, fortschritt=fortschritt, cache=cache)
    # about closed months; with logs, file-level errors explain missing entries too
    befunde = tuple(f for f in result.findings
                    if f.code.betrifft_ablage or (f.schwere == FEHLER and f.zeile is None))
    abgleich = stand.abgleich()
    geprueft = sum(len(m.eintraege) for m in abgleich.monate) if abgleich else 0
    return VerifikationsErgebnis(stand, befunde, True, geprueft)


def _ablageordner(config: KIConfig | None, ablage: Path | None) -> Path:
    """The Ablage to check (`ablage`, else `[ablage] ordner`); a usage problem when it is no
    folder."""
    ordner = ablage if ablage is not None else Path(config.ablage) if config is not None else Path()
    if ordner.exists() and not ordner.is_dir():
        raise fehler_bei(f"Die Ablage „{anzeige(ordner)}“ ist eine Datei, kein Ordner. Geben Sie in "
                         "[ablage] ordner oder mit --ablage den Ordner der Ablage an.", ordner)
    if not ordner.is_dir():
        raise fehler_bei(f"Die Ablage „{anzeige(ordner)}“ gibt es nicht. Sie entsteht mit dem ersten "
                         "kibericht abschliessen; ein anderer Ordner steht in [ablage] ordner oder wird mit "
                         "--ablage angegeben.", ordner)
    return ordner


@dataclass(frozen=True)
class PruefcodeVerifikation:
    """Whether the Ablage holds the filing whose Prüfcode a signed report shows (`ergebnis`:
    found unchanged, found with a damaged chain, changed, unknown, mistyped, no code). Exit code
    0 found unchanged, 1 not, 2 the text is no Prüfcode or mistyped."""

    ergebnis: PruefcodeErgebnis

    @property
    def exit_code(self) -> int:
        return self.ergebnis.exit_code

    @property
    def zeilen(self) -> list[str]:
        """The answer in German, line by line (month, version and number of the filing)."""
        return self.ergebnis.text()

    @property
    def befunde(self) -> tuple[Finding, ...]:
        """The errors of the chain up to the filing found; for a text that is no code, the
        usage error."""
        if self.exit_code == EXIT_AUFRUF:
            return (befund(Code.AUFRUF_UNGUELTIG, "", wert=self.ergebnis.eingabe,
                           meldung=self.ergebnis.meldung),)
        return self.ergebnis.befunde

    @property
    def dateien(self) -> tuple[Path, ...]:
        return ()

    @property
    def dokument(self) -> dict[str, Any]:
        dokument = self.ergebnis.to_json()
        if self.exit_code == EXIT_AUFRUF:
            dokument["fehler"] = [f.to_json() for f in self.befunde]
        return dokument


def pruefcode_verifizieren(konfig: KIConfig | Path | str | None, pruefcode: str,
                           ablage: Path | None = None) -> PruefcodeVerifikation:
    """Whether the Ablage (`ablage`, default `[ablage] ordner`; with `ablage` no configuration
    is needed) holds the filing of the Prüfcode `pruefcode` unchanged, and the chain up to it.
    Reads and checks the whole Ablage (`ablage.papier`)."""
    from kibericht.ablage.papier import pruefcode_pruefen

    config: KIConfig | None = None
    if ablage is None:
        if konfig is None:
            raise ValueError("pruefcode_verifizieren needs the configuration or the Ablage")
        config = konfiguration(konfig)
    return PruefcodeVerifikation(pruefcode_pruefen(_ablageordner(config, ablage), pruefcode))
