"""Load `ki.toml`, the configuration of one KI, into typed, frozen objects.

Every key is checked with its description in `konfig.schluessel` (type, range, finite numbers,
allowed values); what concerns several keys is checked here (a Stelle's programme exists, IDs
are unique, periods do not overlap). Every problem is collected and raised at once as
`ConfigError`, each naming the key and the line, e.g.
``ki.toml:12: Unbekannter Schlüssel „pauschal“ in [[stellen]] Nr. 2``. A typo must never
silently drop a rule, so unknown keys are errors. What does not stop the configuration from
being used (two Stellen IDs that look alike) is a warning in `KIConfig.befunde`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kibericht.befunde import Code, befund, ursache
from kibericht.konfig.feldpruefung import pruefe_wert
from kibericht.konfig.ki_kennung import ki_kennung
from kibericht.konfig.modell import (
    ABLAGE_STANDARD,
    NICHT_PAUSCHAL,
    TERMINE,
    Besetzung,
    ConfigError,
    JahresWert,
    KIConfig,
    Meilenstein,
    Oeffentlich,
    Programm,
    Regeln,
    Schwerpunkt,
    Stelle,
)
from kibericht.konfig.schluessel import (
    TABELLEN_DER_DATEI,
    oberste_tabellen,
    schluessel,
    schluessel_von,
)
from kibericht.konfig.toml_zeilen import TomlReader, toml_syntaxfehler
from kibericht.konfig.verwechslung import verwechselbar, zeichen_text
from kibericht.schema import load_schema, norm_key
from kibericht.zahlen import de_kurz


def load_config(path: str | Path) -> KIConfig:
    """Read and check `ki.toml`; raise ConfigError listing every problem."""
    path = Path(path)
    label_path = path.name
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([befund(Code.KONFIG_FEHLT, path.as_posix(), meldung=f"Konfiguration „{path}“ "
                                  "nicht gefunden. Geben Sie den Pfad mit --config an oder legen Sie "
                                  "ki.toml in den aktuellen Ordner.")]) from None
    except UnicodeDecodeError:
        raise ConfigError([befund(Code.KONFIG_UNLESBAR, path.as_posix(), meldung=f"Die Konfiguration "
                                  f"„{path}“ ist nicht als UTF-8 gespeichert. Speichern Sie sie in "
                                  "Ihrem Editor mit der Kodierung UTF-8.")]) from None
    except IsADirectoryError:
        raise ConfigError([befund(Code.KONFIG_UNLESBAR, path.as_posix(), meldung=f"„{path}“ ist ein "
                                  "Ordner. Geben Sie mit --config die Datei ki.toml an.")]) from None
    except OSError as exc:
        raise ConfigError([befund(Code.KONFIG_UNLESBAR, path.as_posix(), meldung=f"Die Konfiguration "
                                  f"„{path}“ kann nicht gelesen werden ({ursache(exc)}).")]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([toml_syntaxfehler(str(exc), text, label_path)]) from None
    config = parse_config(raw, text, label_path)
    # the Ablage and the logs folder lie beside ki.toml unless their paths are absolute
    nachweise = None if config.nachweise is None else path.parent / config.nachweise
    return dataclasses.replace(config, ablage=path.parent / config.ablage, nachweise=nachweise)


def _ort(label: str) -> str:
    """„in [regeln]“ or „bei Stelle „FK1““: a label with the preposition a message needs."""
    return f"in {label}" if label.startswith("[") else f"bei {label}"


def parse_config(raw: dict[str, Any], text: str, label_path: str = "ki.toml") -> KIConfig:
    """The configuration from the parsed TOML `raw` and its `text` (for line numbers)."""
    r = TomlReader(label_path, text)
    r.check_keys(raw, oberste_tabellen(), ("", 0), "der Datei")

    ki = r.get(raw, "ki", (dict,), ("", 0), "der Datei", required=True, default={})
    r.check_keys(ki, [s.name for s in schluessel_von("ki")], ("ki", 0), "[ki]")
    name = r.feld(ki, schluessel("ki", "name"), ("ki", 0)) or ""
    kommunen = r.feld(ki, schluessel("ki", "kommunen"), ("ki", 0)) or ()
    taetigkeiten = r.feld(ki, schluessel("ki", "taetigkeiten"), ("ki", 0)) or \
        load_schema().standard_taetigkeiten
    for label, values in (("kommunen", kommunen), ("taetigkeiten", taetigkeiten)):
        seen: dict[str, str] = {}
        for v in values:
            if norm_key(v) in seen:
                r.error(("ki", 0), label, f"„{v}“ steht doppelt in [ki] {label}.")
            seen[norm_key(v)] = v
    kennung = r.feld(ki, schluessel("ki", "kennung"), ("ki", 0)) or ki_kennung(name)

    regeln = _parse_regeln(r, raw)
    programme = _parse_programme(r, raw)
    stellen = _parse_stellen(r, raw, {p.name for p in programme})
    schwerpunkte = _parse_schwerpunkte(r, raw, taetigkeiten)
    ablage = _ordner(r, raw, "ablage") or Path(ABLAGE_STANDARD)
    nachweise = _ordner(r, raw, "nachweise")
    oeffentlich = _parse_oeffentlich(r, raw)
    _verwechselbare_ids(r, "stellen", [s.id for s in stellen], "Stellen-ID")
    _verwechselbare_ids(r, "schwerpunkte", [s.id for s in schwerpunkte], "Schwerpunkt-ID")

    if r.errors:
        raise ConfigError(r.errors)
    return KIConfig(
        name=name, kommunen=kommunen, taetigkeiten=taetigkeiten, regeln=regeln,
        programme=programme, stellen=stellen, schwerpunkte=schwerpunkte, datei=label_path,
        ablage=ablage, nachweise=nachweise, kennung=kennung, oeffentlich=oeffentlich,
        befunde=tuple(r.warnings),
    )


def _tabelle(r: TomlReader, raw: dict[str, Any], name: str) -> dict[str, Any]:
    """A table of the top level (`[regeln]`), checked for unknown keys; {} when missing."""
    table: dict[str, Any] = r.get(raw, name, (dict,), ("", 0), "der Datei", default={})
    r.check_keys(table, [s.name for s in schluessel_von(name)], (name, 0), TABELLEN_DER_DATEI[name].toml)
    return table


def _ordner(r: TomlReader, raw: dict[str, Any], tabelle: str) -> Path | None:
    """`[ablage] ordner` or `[nachweise] ordner` as a path (relative to ki.toml until loaded)."""
    ordner = r.feld(_tabelle(r, raw, tabelle), schluessel(tabelle, "ordner"), (tabelle, 0))
    return None if ordner is None else Path(ordner)


def _parse_regeln(r: TomlReader, raw: dict[str, Any]) -> Regeln:
    rg = _tabelle(r, raw, "regeln")
    werte = {s.name: r.feld(rg, s, ("regeln", 0)) for s in schluessel_von("regeln")}
    # a wrong value has been reported; the default keeps the rest of the check going
    d = Regeln()
    return Regeln(**{k: (v if v is not None else getattr(d, k)) for k, v in werte.items()})


def _parse_oeffentlich(r: TomlReader, raw: dict[str, Any]) -> Oeffentlich:
    table = _tabelle(r, raw, "oeffentlich")
    d = Oeffentlich()
    werte = {s.name: r.feld(table, s, ("oeffentlich", 0)) for s in schluessel_von("oeffentlich")}
    return Oeffentlich(**{k: (v if v is not None else getattr(d, k)) for k, v in werte.items()})


def _liste(r: TomlReader, raw: dict[str, Any], name: str) -> list[Any]:
    liste: list[Any] = r.get(raw, name, (list,), ("", 0), "der Datei", default=[])
    return liste


def _parse_programme(r: TomlReader, raw: dict[str, Any]) -> tuple[Programm, ...]:
    result, seen = [], set()
    allowed = [s.name for s in schluessel_von("programme")]
    for i, p in enumerate(_liste(r, raw, "programme")):
        where, label = ("programme", i), f"[[programme]] Nr. {i + 1}"
        if not isinstance(p, dict):
            r.error(where, None, f"{label} muss eine Tabelle sein.")
            continue
        r.check_keys(p, allowed, where, label)
        name = r.feld(p, schluessel("programme", "name"), where, _ort(label))
        cap = r.feld(p, schluessel("programme", "hoechstbetrag"), where, _ort(label))
        if name is None:
            continue
        if name in NICHT_PAUSCHAL:
            r.error(where, "name", f"„{name}“ ist als Programmname reserviert (für Stellen, die "
                    f"nicht aus einer Pauschale bezahlt werden).")
        if name in seen:
            r.error(where, "name", f"Das Programm „{name}“ ist doppelt angelegt.")
        seen.add(name)
        # with an invalid cap the programme still exists, so its Stellen raise no follow-up errors
        result.append(Programm(name, cap or JahresWert()))
    return tuple(result)


def _parse_stellen(r: TomlReader, raw: dict[str, Any], programme: set[str]) -> tuple[Stelle, ...]:
    items = _liste(r, raw, "stellen")
    if not items:
        r.error(("", 0), None, "Es ist keine Stelle angelegt: ergänzen Sie mindestens einen "
                "[[stellen]]-Block.")
    allowed = [s.name for s in schluessel_von("stellen")]
    result, seen = [], {}
    for i, s in enumerate(items):
        where = ("stellen", i)
        label = f"[[stellen]] Nr. {i + 1}"
        if not isinstance(s, dict):
            r.error(where, None, f"{label} muss eine Tabelle sein.")
            continue
        r.check_keys(s, allowed, where, label)
        sid = r.feld(s, schluessel("stellen", "id"), where, _ort(label))
        if sid is not None:
            label = f"Stelle „{sid}“"
            if norm_key(sid) in seen:
                r.error(where, "id", f"Die Stellen-ID „{sid}“ ist doppelt vergeben.")
            seen[norm_key(sid)] = sid
        ort = _ort(label)
        art = r.feld(s, schluessel("stellen", "art"), where, ort)
        umfang = r.feld(s, schluessel("stellen", "umfang"), where, ort)
        wochenstunden = r.feld(s, schluessel("stellen", "wochenstunden"), where, ort)
        foerderung = r.feld(s, schluessel("stellen", "foerderung"), where, ort)
        if foerderung is not None and foerderung not in programme and foerderung not in NICHT_PAUSCHAL:
            known = ", ".join([*sorted(programme), *NICHT_PAUSCHAL])
            r.error(where, "foerderung", f"foerderung = „{foerderung}“ {ort} ist weder ein Programm aus "
                    f"[[programme]] noch „Land“ oder „Eigenmittel“. Bekannt: {known}.")
        pauschale = r.feld(s, schluessel("stellen", "pauschale"), where, ort)
        if pauschale is None:
            if foerderung in programme and "pauschale" not in s:
                r.error(where, "pauschale", f"{label} wird aus „{foerderung}“ gefördert, aber "
                        f"„pauschale“ fehlt (Euro pro Jahr bei voller Besetzung).")
            pauschale = JahresWert()
        umfang = umfang or 1.0
        besetzt = _parse_besetzt(r, s, where, label, umfang)
        bezeichnung = r.feld(s, schluessel("stellen", "bezeichnung"), where, ort)
        result.append(Stelle(
            id=sid or "", bezeichnung=bezeichnung or sid or "", art=art or "", umfang=umfang,
            wochenstunden=wochenstunden or 39.0, foerderung=foerderung or "", pauschale=pauschale,
            besetzt=besetzt,
        ))
    return tuple(result)


def _parse_besetzt(r: TomlReader, s: dict[str, Any], where: tuple[str, int], label: str,
                   umfang: float) -> tuple[Besetzung, ...] | None:
    if "besetzt" not in s:
        return None
    periods = r.feld(s, schluessel("stellen", "besetzt"), where, _ort(label))
    if periods is None:
        return None
    allowed = [k.name for k in schluessel_von("stellen.besetzt")]
    result = []
    for j, p in enumerate(periods, start=1):
        plabel = f"{label}, besetzt Nr. {j}"
        ort = _ort(plabel)
        for key in p:
            if key not in allowed:
                r.error(where, "besetzt", f"Unbekannter Schlüssel „{key}“ in {plabel}; erlaubt "
                        f"sind {', '.join(allowed)}.")
        # errors inside an inline table name the line of `besetzt`
        checked = {k.name: _besetzt_wert(r, p, k.name, where, ort) for k in schluessel_von("stellen.besetzt")}
        von, bis, p_umfang = checked["von"], checked["bis"], checked["umfang"]
        if von is None or ("bis" in p and bis is None) or ("umfang" in p and p_umfang is None):
            continue
        if bis is not None and bis < von:
            r.error(where, "besetzt", f"{plabel}: „bis“ ({bis:%d.%m.%Y}) liegt vor „von“ "
                    f"({von:%d.%m.%Y}).")
            continue
        p_umfang = umfang if p_umfang is None else p_umfang
        if p_umfang > umfang:
            r.error(where, "besetzt", f"{plabel}: umfang muss über 0 und höchstens der Umfang "
                    f"der Stelle ({de_kurz(umfang)}) sein, nicht {de_kurz(p_umfang)}.")
            continue
        result.append(Besetzung(von, bis, p_umfang))
    result.sort(key=lambda b: b.von)
    for a, b in zip(result, result[1:], strict=False):
        if a.bis is None or a.bis >= b.von:
            r.error(where, "besetzt", f"{label}: die Zeiträume ab {a.von:%d.%m.%Y} und ab "
                    f"{b.von:%d.%m.%Y} überschneiden sich.")
    return tuple(result)


def _besetzt_wert(r: TomlReader, p: dict[str, Any], name: str, where: tuple[str, int], ort: str) -> Any:
    """A value of one besetzt period; its error is reported at the line of `besetzt`."""
    k = schluessel("stellen.besetzt", name)
    if name not in p:
        if k.pflicht:
            r.error(where, "besetzt", f"{ort[0].upper()}{ort[1:]} fehlt „{name}“ (JJJJ-MM-TT).")
        return None
    result = pruefe_wert(k, p[name], ort)
    if result.meldung is not None:
        r.error(where, "besetzt", result.meldung)
    return result.wert


def _parse_schwerpunkte(r: TomlReader, raw: dict[str, Any], taetigkeiten: Iterable[str],
                        ) -> tuple[Schwerpunkt, ...]:
    t_lookup = {norm_key(t): t for t in taetigkeiten}
    allowed = [s.name for s in schluessel_von("schwerpunkte")]
    result, ids, titles = [], set(), set()
    for i, s in enumerate(_liste(r, raw, "schwerpunkte")):
        where = ("schwerpunkte", i)
        label = f"[[schwerpunkte]] Nr. {i + 1}"
        if not isinstance(s, dict):
            r.error(where, None, f"{label} muss eine Tabelle sein.")
            continue
        r.check_keys(s, allowed, where, label)
        sid = r.feld(s, schluessel("schwerpunkte", "id"), where, _ort(label)) or ""
        if sid:
            label = f"Schwerpunkt „{sid}“"
            if norm_key(sid) in ids:
                r.error(where, "id", f"Die Schwerpunkt-ID „{sid}“ ist doppelt vergeben.")
            ids.add(norm_key(sid))
        ort = _ort(label)
        titel = r.feld(s, schluessel("schwerpunkte", "titel"), where, ort) or ""
        if titel and norm_key(titel) in titles:
            r.error(where, "titel", f"Der Titel von {label} ist doppelt vergeben.")
        titles.add(norm_key(titel))
        werte = {k: r.feld(s, schluessel("schwerpunkte", k), where, ort)
                 for k in ("handlungsfeld", "zieldimension", "von", "bis", "zielbezug", "ziel")}
        von, bis = werte["von"], werte["bis"]
        if von is not None and bis is not None and bis < von:
            r.error(where, "bis", f"{label}: bis ({bis}) liegt vor von ({von}).")
        meilensteine = _parse_meilensteine(r, s, i, label, von, bis, t_lookup)
        result.append(Schwerpunkt(sid, titel, werte["handlungsfeld"] or "", werte["zieldimension"] or "",
                                  von or 0, bis or 0, werte["zielbezug"] or "", werte["ziel"] or "",
                                  meilensteine))
    return tuple(result)


def _parse_meilensteine(r: TomlReader, s: dict[str, Any], parent: int, label: str, von: int | None,
                        bis: int | None, t_lookup: Mapping[str, str]) -> tuple[Meilenstein, ...]:
    items = r.feld(s, schluessel("schwerpunkte", "meilensteine"), ("schwerpunkte", parent), _ort(label))
    allowed = [k.name for k in schluessel_von("schwerpunkte.meilensteine")]
    result = []
    for j, m in enumerate(items or []):
        where = (f"schwerpunkte.meilensteine@{parent}", j)
        mlabel = f"{label}, Meilenstein Nr. {j + 1}"
        r.check_keys(m, allowed, where, mlabel)
        werte = {k: r.feld(m, schluessel("schwerpunkte.meilensteine", k), where, _ort(mlabel))
                 for k in allowed}
        jahr, mindestens, hoechstens = werte["jahr"], werte["mindestens"], werte["hoechstens"]
        if jahr is not None and von is not None and bis is not None and not von <= jahr <= bis:
            r.error(where, "jahr", f"{mlabel}: das Jahr {jahr} liegt außerhalb des Zeitraums "
                    f"{von}–{bis} des Schwerpunkts.")
        taetigkeit = None
        if werte["taetigkeit"] is not None:
            taetigkeit = t_lookup.get(norm_key(werte["taetigkeit"]))
            if taetigkeit is None:
                r.error(where, "taetigkeit", f"{mlabel}: Tätigkeit „{werte['taetigkeit']}“ ist nicht "
                        f"konfiguriert; bekannt sind: {', '.join(t_lookup.values())}.")
        if hoechstens is not None and mindestens is not None and hoechstens < mindestens:
            r.error(where, "hoechstens", f"{mlabel}: hoechstens ({hoechstens}) ist kleiner als "
                    f"mindestens ({mindestens}).")
        if ("taetigkeit" in m) != ("mindestens" in m):
            r.error(where, "taetigkeit", f"{mlabel}: ein zählbarer Meilenstein braucht "
                    f"„taetigkeit“ und „mindestens“ zusammen.")
        if "zaehlt" in m and "taetigkeit" not in m:
            r.error(where, "zaehlt", f"{mlabel}: „zaehlt“ gilt nur für zählbare Meilensteine (mit "
                    f"„taetigkeit“ und „mindestens“).")
        result.append(Meilenstein(jahr or 0, werte["text"] or "", taetigkeit, mindestens, hoechstens,
                                  werte["zaehlt"] or TERMINE))
    return tuple(result)


def _verwechselbare_ids(r: TomlReader, tabelle: str, ids: list[str], wort: str) -> None:
    """A warning at each ID that looks like an earlier one, or holds letters of another script
    that look like Latin ones (see `konfig.verwechslung`)."""
    for i, (frueher, fremd) in verwechselbar(ids).items():
        zeichen = "; ".join(f"„{ids[i]}“ enthält {zeichen_text(z, e)}" for z, e in fremd)
        if frueher >= 0:
            zeile = r.lines.line(tabelle, frueher, "id")
            wo = f" (Zeile {zeile})" if zeile else ""
            text = (f"Die {wort} „{ids[i]}“ sieht aus wie „{ids[frueher]}“{wo}, ist aber eine andere"
                    + (f": {zeichen}" if zeichen else "") + ". In Nachweisen und Berichten sind beide "
                    "kaum zu unterscheiden; geben Sie eindeutig verschiedene IDs.")
        else:
            text = (f"Die {wort} {zeichen}. Wer „{_latein(ids[i], fremd)}“ in einen Nachweis tippt, "
                    "trifft diese ID nicht; schreiben Sie sie mit lateinischen Buchstaben und Ziffern.")
        r.warn(Code.KONFIG_VERWECHSELBAR, (tabelle, i), "id", ids[i], text)


def _latein(ident: str, fremd: list[tuple[str, str]]) -> str:
    for zeichen, ersatz in fremd:
        ident = ident.replace(zeichen, ersatz)
    return ident
