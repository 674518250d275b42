"""The signed paper as a witness: does the Ablage still hold the filing whose Prüfcode it shows?

`kibericht verifizieren --pruefcode CODE` reads the Ablage in full (`kette.lies_ablage` with
`dateien_pruefen`) and looks for the closing whose content gives CODE (`pruefcode.pruefcode`),
recomputed, not as stored: a manifest that was changed and given the paper's code back is
found out. The answer is one of

- `gefunden`: the closing is in the Ablage unchanged, and so is the chain up to it (numbers
  without gap, every link, manifest, figure and filed file);
- `kette-beschaedigt`: the closing is unchanged, but an element up to it is not;
- `geaendert`: a manifest carries the code, but its content gives another one;
- `unbekannt`: no closing gives the code — the paper belongs to another Ablage, or the filing it
  shows was rewritten (also when the Ablage otherwise looks intact);
- `tippfehler`: the check character does not fit (mistyped);
- `ungueltig`: the text is no Prüfcode at all.

    >>> ergebnis = pruefcode_pruefen(Path("abschluesse"), "7kq2 m4xd 9p3a h1tb r6wg")  # doctest: +SKIP
    >>> ergebnis.status, ergebnis.exit_code                                          # doctest: +SKIP
    ('unbekannt', 1)

The result is a value: `text()` the German answer for the terminal, `to_json()` the document,
`exit_code` 0 for `gefunden`, 1 when the Ablage does not hold the filing unchanged, 2 for a text
that is no valid code (the call is wrong, not the Ablage).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kibericht.ablage.kette import Ablagestand, Glied, anzeige, lies_ablage
from kibericht.ablage.manifest import ABSCHLUSS, ORDNER
from kibericht.ablage.pruefcode import PruefcodeFehler, normalisiere, pruefcode
from kibericht.befunde import FEHLER, Finding
from kibericht.periode import Periode
from kibericht.regeln.urteil import EXIT_AUFRUF, EXIT_DATEN, EXIT_OK
from kibericht.zahlen import anzahl

GEFUNDEN = "gefunden"
KETTE_BESCHAEDIGT = "kette-beschaedigt"
GEAENDERT = "geaendert"
UNBEKANNT = "unbekannt"
TIPPFEHLER = "tippfehler"
UNGUELTIG = "ungueltig"


@dataclass(frozen=True)
class PruefcodeErgebnis:
    """Whether the Ablage holds the filing of a Prüfcode unchanged (see the module)."""

    status: str
    eingabe: str  # as typed
    ablage: str  # the Ablage's folder, as shown
    code: str | None = None  # the code in its printed form (None when the text is none)
    nr: int | None = None  # the closing found (or the one that carries the code)
    monat: str | None = None
    version: int | None = None
    manifest: str | None = None
    gilt: bool | None = None  # the closing is its month's current one
    spaeter: str | None = None  # what became of the month since (German, when it no longer counts)
    befunde: tuple[Finding, ...] = ()  # errors of the chain up to the closing
    meldung: str = ""  # why the text is no code (ungueltig, tippfehler)
    ohne_code: int = 0  # intact closings without a Prüfcode (manifest format 1)
    unlesbar: int = 0  # closings whose manifest cannot be trusted (not searched)
    fehler_danach: int = 0  # errors of the Ablage after the closing found

    @property
    def unveraendert(self) -> bool:
        return self.status == GEFUNDEN

    @property
    def exit_code(self) -> int:
        if self.status == GEFUNDEN:
            return EXIT_OK
        return EXIT_AUFRUF if self.status in (TIPPFEHLER, UNGUELTIG) else EXIT_DATEN

    @property
    def titel(self) -> str | None:
        return None if self.monat is None else Periode.parse_monat(self.monat).titel

    def _abschluss(self) -> str:
        return f"Der Abschluss {self.titel} (Version {self.version}, Nr. {self.nr:04d})"

    def text(self) -> list[str]:
        """The answer in German, line by line."""
        if self.status in (UNGUELTIG, TIPPFEHLER):
            return [self.meldung]
        kopf = f"Prüfcode {self.code}:"
        if self.status == UNBEKANNT:
            zeilen = [f"{kopf} nicht gefunden.",
                      f"Die Ablage „{self.ablage}“ enthält keinen Abschluss mit diesem Prüfcode. Entweder "
                      "gehört das Papier nicht zu dieser Ablage (ein anderes KI, eine andere Ablage), oder "
                      "der Abschluss, den es zeigt, wurde nachträglich verändert oder ersetzt – auch wenn "
                      "die Ablage sonst intakt erscheint."]
            if self.ohne_code:
                einer = self.ohne_code == 1
                zeilen.append(f"{anzahl(self.ohne_code, 'Abschluss', 'Abschlüsse')} der Ablage "
                              f"{'stammt' if einer else 'stammen'} aus einer kibericht-Version ohne Prüfcode "
                              f"und {'lässt' if einer else 'lassen'} sich so nicht finden.")
            if self.unlesbar:
                zeilen.append(f"{anzahl(self.unlesbar, 'Manifest', 'Manifeste')} der Ablage "
                              f"{'ist' if self.unlesbar == 1 else 'sind'} beschädigt und wurde"
                              f"{'' if self.unlesbar == 1 else 'n'} nicht durchsucht; Einzelheiten: "
                              "kibericht verifizieren.")
            return zeilen
        if self.status == GEAENDERT:
            return [f"{kopf} der Abschluss wurde verändert.",
                    f"{self._abschluss()} trägt diesen Prüfcode, sein Inhalt ergibt aber einen anderen: "
                    f"das Manifest „{self.manifest}“ wurde nach dem Druck des Berichts geändert. Es gilt "
                    "das unterschriebene Papier; stellen Sie die Ablage aus der Sicherung wieder her."]
        zeilen = [f"{kopf} gefunden."]
        if self.status == GEFUNDEN:
            bis = "Nr. 0001" if self.nr == 1 else f"Nr. 0001 bis {self.nr:04d}"
            zeilen.append(f"{self._abschluss()} ist unverändert in der Ablage „{self.ablage}“, ebenso die "
                          f"Kette bis zu ihm ({bis}): Manifeste, Verweise, Zahlen und abgelegte Dateien.")
        else:
            zeilen.append(f"Einträge und Zahlen des Abschlusses {self.titel} (Version {self.version}, "
                          f"Nr. {self.nr:04d}) sind unverändert, aber in der Ablage bis zu ihm weicht etwas "
                          f"ab ({anzahl(len(self.befunde), 'Abweichung', 'Abweichungen')}, siehe unten). "
                          "Stellen Sie die Ablage aus der Sicherung wieder her.")
            zeilen.extend(f"  {f.render()}" for f in self.befunde)
        zeilen.append("Er ist der geltende Abschluss des Monats." if self.gilt else
                      f"Er gilt nicht mehr: {self.spaeter}")
        if self.fehler_danach:
            danach = anzahl(self.fehler_danach, "Abweichung", "Abweichungen")
            zeilen.append(f"Spätere Teile der Ablage weichen ab ({danach}); Einzelheiten: kibericht "
                          "verifizieren.")
        return zeilen

    def to_json(self) -> dict[str, Any]:
        return {"pruefcode": self.code, "eingabe": self.eingabe, "ergebnis": self.status,
                "unveraendert": self.unveraendert, "ablage": self.ablage, "nr": self.nr,
                "monat": self.monat, "version": self.version, "manifest": self.manifest,
                "gilt": self.gilt, "fehler": [f.to_json() for f in self.befunde],
                "fehler_danach": self.fehler_danach, "meldung": "\n".join(self.text())}


def pruefcode_pruefen(ordner: Path, eingabe: str) -> PruefcodeErgebnis:
    """Whether the Ablage in `ordner` holds the filing of the Prüfcode `eingabe` unchanged; reads
    and checks the whole Ablage (files, figures, chain)."""
    return finde_pruefcode(lies_ablage(Path(ordner), dateien_pruefen=True), eingabe)


def finde_pruefcode(stand: Ablagestand, eingabe: str) -> PruefcodeErgebnis:
    """The closing of `stand` with the Prüfcode `eingabe` and whether it and the chain up to it
    are unchanged. `stand` must be read with `dateien_pruefen` (ValueError otherwise): an
    Ablage whose files and figures were not checked cannot be called unchanged."""
    if not stand.vollstaendig:
        raise ValueError("finde_pruefcode needs an Ablage read with dateien_pruefen=True")
    ablage = anzeige(stand.ordner)
    try:
        code = normalisiere(eingabe)
    except PruefcodeFehler as exc:
        return PruefcodeErgebnis(exc.art, eingabe, ablage, meldung=exc.meldung)
    abschluesse = [g for g in stand.glieder if g.art == ABSCHLUSS and g.intakt]
    mit_code = [g for g in abschluesse if "pruefcode" in g.gepruefte_daten]
    treffer = next((g for g in mit_code if pruefcode(g.gepruefte_daten) == code), None)
    if treffer is None:
        falsch = next((g for g in mit_code if g.gepruefte_daten["pruefcode"] == code), None)
        if falsch is not None:
            return _ergebnis(GEAENDERT, eingabe, code, stand, falsch)
        unlesbar = sum(g.art == ABSCHLUSS and not g.intakt for g in stand.glieder)
        return PruefcodeErgebnis(UNBEKANNT, eingabe, ablage, code,
                                 ohne_code=len(abschluesse) - len(mit_code), unlesbar=unlesbar)
    befunde = _fehler_bis(stand, treffer)
    return _ergebnis(KETTE_BESCHAEDIGT if befunde else GEFUNDEN, eingabe, code, stand, treffer, befunde)


def _ergebnis(status: str, eingabe: str, code: str, stand: Ablagestand, glied: Glied,
              befunde: tuple[Finding, ...] = ()) -> PruefcodeErgebnis:
    gilt = stand.geschlossen.get(glied.monat) is glied
    alle = sum(f.schwere == FEHLER for f in stand.befunde)
    return PruefcodeErgebnis(status, eingabe, anzeige(stand.ordner), code, glied.nr, glied.monat,
                             glied.gepruefte_daten.get("version"), anzeige(glied.manifest), gilt,
                             None if gilt else _spaeter(stand, glied), befunde,
                             fehler_danach=alle - len(befunde) if status != GEAENDERT else 0)


def _fehler_bis(stand: Ablagestand, ziel: Glied) -> tuple[Finding, ...]:
    """The errors of the chain from its first element up to `ziel`: every error in the folder of
    an element numbered up to it (also of a folder whose number is taken twice), and a gap in
    the numbers before it (reported at the Ablage's folder)."""
    lueckenlos = [g.nr for g in stand.glieder if g.nr <= ziel.nr] == list(range(1, ziel.nr + 1))
    befunde = []
    for f in stand.befunde:
        if f.schwere != FEHLER:
            continue
        nr = _nr_im_pfad(f.datei, stand.ordner)
        if (nr is not None and nr <= ziel.nr) or (nr is None and not lueckenlos):
            befunde.append(f)
    return tuple(befunde)


def _nr_im_pfad(datei: str, ordner: Path) -> int | None:
    """The number of the element whose folder holds `datei` (None: the Ablage's folder itself)."""
    try:
        teile = Path(os.path.relpath(datei, ordner)).parts
    except ValueError:  # another drive
        return None
    m = ORDNER.match(teile[0]) if teile and teile[0] not in (".", "..") else None
    return int(m.group(1)) if m else None


def _spaeter(stand: Ablagestand, glied: Glied) -> str:
    """What happened to the month of `glied` after it (it is no longer the current closing)."""
    danach = [g for g in stand.glieder if g.nr > glied.nr and g.monat == glied.monat]
    wieder = next((g for g in danach if g.art != ABSCHLUSS), None)
    neu = next((g for g in danach if g.art == ABSCHLUSS), None)
    titel = Periode.parse_monat(glied.monat).titel
    if wieder is None:
        return f"{titel} hat in der Ablage einen anderen geltenden Abschluss."
    text = f"{titel} wurde wiedereröffnet (Nr. {wieder.nr:04d}"
    grund = (wieder.daten or {}).get("grund")
    text += f", Grund: {grund})" if grund else ")"
    if neu is None:
        return text + " und ist seitdem nicht wieder abgeschlossen."
    version = (neu.daten or {}).get("version")
    return text + f" und als Version {version} erneut abgeschlossen (Nr. {neu.nr:04d})."
