"""Load `ki.toml`, the configuration of one KI, into typed, frozen objects.

Every problem is collected and raised at once as `ConfigError`, each naming the key and
the line, e.g. ``ki.toml:12: Unbekannter Schlüssel „pauschal“ in [[stellen]] Nr. 2``.
A typo must never silently drop a rule, so unknown keys are errors.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

from kibericht.befunde import Code, befund, ursache
from kibericht.konfig.modell import (
    ABLAGE_STANDARD,
    ANTEILIG,
    NICHT_PAUSCHAL,
    SOLL_LEHRKRAEFTE,
    Besetzung,
    ConfigError,
    JahresWert,
    KIConfig,
    Meilenstein,
    Programm,
    Regeln,
    Schwerpunkt,
    Stelle,
)
from kibericht.konfig.toml_zeilen import TomlReader, as_date, toml_syntaxfehler
from kibericht.schema import load_schema, norm_key
from kibericht.zahlen import de_kurz, de_zahl

MINDESTBETRAG = 1000  # € a year; less is a typo such as 57.000 (TOML reads 57.0)
_BETRAG_TEXT = re.compile(r"\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?\s*(?:€|EUR|Euro)?\s*", re.I)


def _betrag_problem(key: str, label: str, amount) -> str | None:
    """Why `amount` is not a plausible euro amount for `key`, or None."""
    if isinstance(amount, str):
        text = f"„{key} = \"{amount}\"“ in {label} ist ein Text. Schreiben Sie den Betrag als Zahl ohne " \
               "Anführungszeichen, Tausenderpunkt und €"
        match = _BETRAG_TEXT.fullmatch(amount)
        if match:
            number = match.group(1).replace(".", "") + (f".{match.group(2)}" if match.group(2) else "")
            return f"{text}: {key} = {number}."
        return f"{text}, z. B. {key} = 57000."
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        return f"„{key}“ in {label} muss ein Betrag in Euro sein (eine Zahl, z. B. {key} = 57000)."
    if amount < MINDESTBETRAG:
        guess = amount * 1000
        hint = f" Meinten Sie {guess:.0f}?" if guess >= MINDESTBETRAG and guess == round(guess) else ""
        return (f"„{key}“ in {label} ergibt {de_zahl(amount)} € – weniger als 1.000 € im Jahr.{hint} In "
                f"ki.toml ist der Punkt das Dezimalzeichen (57.000 bedeutet 57 €): schreiben Sie Beträge "
                f"ohne Tausenderpunkt, z. B. {key} = 57000.")
    return None


def _betrag(r: TomlReader, raw: dict, key: str, where, label: str, required: bool = False
            ) -> tuple[JahresWert | None, bool]:
    """A euro amount per year: the same every year (`57000`) or per year (`{ 2025 = 57000 }`).

    Returns (the value, whether the key is present); an implausible amount is one error naming
    the key and its line, with the likely meaning (`57.000` is 57 € in TOML: "meinten Sie
    57000?"), and no follow-up errors."""
    if key not in raw:
        if required:
            r.error(where, None, f"In {label} fehlt der Schlüssel „{key}“.")
        return None, False
    value = raw[key]
    if isinstance(value, dict):
        pairs = []
        for year, amount in value.items():
            if not re.fullmatch(r"\d{4}", str(year)):
                r.error(where, key, f"„{key}“ in {label}: jeder Eintrag muss JAHR = Betrag sein "
                        f"(z. B. {{ 2025 = 57000 }}), nicht {year} = {amount!r}.")
                return None, True
            problem = _betrag_problem(f"{key} für {year}", label, amount)
            if problem:
                r.error(where, key, problem)
                return None, True
            pairs.append((int(year), float(amount)))
        return JahresWert(None, tuple(sorted(pairs))), True
    problem = _betrag_problem(key, label, value)
    if problem:
        r.error(where, key, problem)
        return None, True
    return JahresWert(float(value)), True


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
    # the Ablage lies beside ki.toml unless its path is absolute
    return dataclasses.replace(config, ablage=path.parent / config.ablage)


def parse_config(raw: dict, text: str, label_path: str = "ki.toml") -> KIConfig:
    r = TomlReader(label_path, text)
    schema = load_schema()
    r.check_keys(raw, {"ki", "regeln", "programme", "stellen", "schwerpunkte", "ablage"}, ("", 0),
                 "der obersten Ebene")

    ki = r.get(raw, "ki", (dict,), ("", 0), "der Datei", required=True, default={})
    r.check_keys(ki, {"name", "kommunen", "taetigkeiten"}, ("ki", 0), "[ki]")
    name = r.get(ki, "name", (str,), ("ki", 0), "[ki]", required=True, default="")
    kommunen = r.text_list(ki, "kommunen", ("ki", 0), "[ki]", required=True) or ()
    taetigkeiten = r.text_list(ki, "taetigkeiten", ("ki", 0), "[ki]")
    if taetigkeiten is None:
        taetigkeiten = schema.standard_taetigkeiten
    for label, values in (("kommunen", kommunen), ("taetigkeiten", taetigkeiten)):
        seen: dict[str, str] = {}
        for v in values:
            if norm_key(v) in seen:
                r.error(("ki", 0), label, f"„{v}“ steht doppelt in [ki] {label}.")
            seen[norm_key(v)] = v

    regeln = _parse_regeln(r, raw)
    programme = _parse_programme(r, raw)
    stellen = _parse_stellen(r, raw, {p.name for p in programme})
    schwerpunkte = _parse_schwerpunkte(r, raw, taetigkeiten)
    ablage = _parse_ablage(r, raw)

    if r.errors:
        raise ConfigError(r.errors)
    return KIConfig(
        name=name, kommunen=kommunen, taetigkeiten=taetigkeiten, regeln=regeln,
        programme=programme, stellen=stellen, schwerpunkte=schwerpunkte, datei=label_path,
        ablage=ablage,
    )


def _parse_ablage(r: TomlReader, raw: dict) -> Path:
    """`[ablage] ordner`: where closed months are filed (default `abschluesse`)."""
    where = ("ablage", 0)
    table = r.get(raw, "ablage", (dict,), ("", 0), "der Datei", default={})
    r.check_keys(table, {"ordner"}, where, "[ablage]")
    ordner = r.get(table, "ordner", (str,), where, "[ablage]", default=ABLAGE_STANDARD)
    if not ordner.strip():
        r.error(where, "ordner", "[ablage] ordner darf nicht leer sein; ohne den Schlüssel gilt "
                f"„{ABLAGE_STANDARD}“ neben ki.toml.")
        return Path(ABLAGE_STANDARD)
    return Path(ordner.strip())


def _parse_regeln(r: TomlReader, raw: dict) -> Regeln:
    where = ("regeln", 0)
    rg = r.get(raw, "regeln", (dict,), ("", 0), "der Datei", default={})
    r.check_keys(rg, set(Regeln.__dataclass_fields__), where, "[regeln]")
    d = Regeln()
    anteil = r.get(rg, "schwerpunkt_mindestanteil", (int, float), where, "[regeln]",
                   default=d.schwerpunkt_mindestanteil)
    if not 0 <= anteil <= 1:
        r.error(where, "schwerpunkt_mindestanteil",
                f"schwerpunkt_mindestanteil muss zwischen 0 und 1 liegen (0.5 = 50 %), nicht {anteil}.")
    max_h = r.get(rg, "max_stunden_pro_tag", (int, float), where, "[regeln]",
                  default=d.max_stunden_pro_tag)
    if not 0 < max_h <= 24:
        r.error(where, "max_stunden_pro_tag", f"max_stunden_pro_tag muss über 0 und höchstens 24 "
                f"liegen, nicht {max_h}.")
    anteilig = r.get(rg, "anteilig", (str,), where, "[regeln]", default=d.anteilig)
    if anteilig not in ANTEILIG:
        r.error(where, "anteilig", f"anteilig = „{anteilig}“ ist unbekannt; erlaubt sind "
                f"„tagesgenau“ und „volle_monate“.")
    soll_l = r.get(rg, "soll_lehrkraefte", (str,), where, "[regeln]", default=d.soll_lehrkraefte)
    if soll_l not in SOLL_LEHRKRAEFTE:
        r.error(where, "soll_lehrkraefte", f"soll_lehrkraefte = „{soll_l}“ ist unbekannt; erlaubt "
                f"sind „wochenstunden“ und „keine“.")
    return Regeln(float(anteil), float(max_h), anteilig, soll_l)


def _parse_programme(r: TomlReader, raw: dict) -> tuple[Programm, ...]:
    items = r.get(raw, "programme", (list,), ("", 0), "der Datei", default=[])
    result, seen = [], set()
    for i, p in enumerate(items):
        where, label = ("programme", i), f"[[programme]] Nr. {i + 1}"
        if not isinstance(p, dict):
            r.error(where, None, f"{label} muss eine Tabelle sein.")
            continue
        r.check_keys(p, {"name", "hoechstbetrag"}, where, label)
        name = r.get(p, "name", (str,), where, label, required=True)
        cap, _ = _betrag(r, p, "hoechstbetrag", where, label, required=True)
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


def _parse_stellen(r: TomlReader, raw: dict, programme: set[str]) -> tuple[Stelle, ...]:
    schema = load_schema()
    items = r.get(raw, "stellen", (list,), ("", 0), "der Datei", default=[])
    if not items:
        r.error(("", 0), None, "Es ist keine Stelle angelegt: ergänzen Sie mindestens einen "
                "[[stellen]]-Block.")
    allowed = {"id", "bezeichnung", "art", "umfang", "wochenstunden", "foerderung", "pauschale",
               "besetzt"}
    result, seen = [], {}
    for i, s in enumerate(items):
        where = ("stellen", i)
        label = f"[[stellen]] Nr. {i + 1}"
        if not isinstance(s, dict):
            r.error(where, None, f"{label} muss eine Tabelle sein.")
            continue
        r.check_keys(s, allowed, where, label)
        sid = r.get(s, "id", (str,), where, label, required=True)
        if sid is not None:
            sid = sid.strip()
            label = f"Stelle „{sid}“"
            if norm_key(sid) in seen:
                r.error(where, "id", f"Die Stellen-ID „{sid}“ ist doppelt vergeben.")
            seen[norm_key(sid)] = sid
        art = r.get(s, "art", (str,), where, label, required=True)
        if art is not None and art not in schema.stellenarten:
            r.error(where, "art", f"Unbekannte Stellenart „{art}“ bei {label}; erlaubt sind: "
                    f"{', '.join(schema.stellenarten)}.")
        umfang = r.get(s, "umfang", (int, float), where, label, default=1.0)
        if umfang is not None and not 0 < umfang <= 10:
            r.error(where, "umfang", f"umfang bei {label} muss über 0 liegen (VZÄ, z. B. 0.5).")
        wochenstunden = r.get(s, "wochenstunden", (int, float), where, label, default=39.0)
        if wochenstunden is not None and not 0 < wochenstunden <= 60:
            r.error(where, "wochenstunden", f"wochenstunden bei {label} muss zwischen 0 und 60 "
                    f"liegen, nicht {wochenstunden}.")
        foerderung = r.get(s, "foerderung", (str,), where, label, required=True)
        if foerderung is not None and foerderung not in programme and \
                foerderung not in NICHT_PAUSCHAL:
            known = ", ".join([*sorted(programme), *NICHT_PAUSCHAL])
            r.error(where, "foerderung", f"foerderung = „{foerderung}“ bei {label} ist weder ein "
                    f"Programm aus [[programme]] noch „Land“ oder „Eigenmittel“. Bekannt: {known}.")
        pauschale, given = _betrag(r, s, "pauschale", where, label)
        if pauschale is None:
            if foerderung in programme and not given:
                r.error(where, "pauschale", f"{label} wird aus „{foerderung}“ gefördert, aber "
                        f"„pauschale“ fehlt (Euro pro Jahr bei voller Besetzung).")
            pauschale = JahresWert()
        besetzt = _parse_besetzt(r, s, where, label, float(umfang or 1.0))
        result.append(Stelle(
            id=sid or "", bezeichnung=str(s.get("bezeichnung") or sid or ""), art=art or "",
            umfang=float(umfang or 1.0), wochenstunden=float(wochenstunden or 39.0),
            foerderung=foerderung or "", pauschale=pauschale, besetzt=besetzt,
        ))
        if "bezeichnung" in s and not isinstance(s["bezeichnung"], str):
            r.error(where, "bezeichnung", f"bezeichnung bei {label} muss ein Text sein.")
    return tuple(result)


def _parse_besetzt(r: TomlReader, s: dict, where, label, umfang: float):
    if "besetzt" not in s:
        return None
    periods = s["besetzt"]
    if isinstance(periods, dict):
        periods = [periods]
    if not isinstance(periods, list):
        r.error(where, "besetzt", f"besetzt bei {label} muss eine Liste von Zeiträumen sein, "
                f"z. B. [ {{ von = 2025-01-01, bis = 2025-06-30 }} ].")
        return None
    result = []
    for j, p in enumerate(periods, start=1):
        plabel = f"{label}, besetzt Nr. {j}"
        if not isinstance(p, dict):
            r.error(where, "besetzt", f"{plabel} muss ein Zeitraum {{ von = …, bis = … }} sein.")
            continue
        for key in p:
            if key not in ("von", "bis", "umfang"):
                r.error(where, "besetzt", f"Unbekannter Schlüssel „{key}“ in {plabel}; erlaubt "
                        f"sind von, bis, umfang.")
        von = as_date(p.get("von"))
        bis = as_date(p.get("bis")) if "bis" in p else None
        if von is None:
            r.error(where, "besetzt", f"{plabel}: „von“ fehlt oder ist kein Datum (JJJJ-MM-TT).")
            continue
        if "bis" in p and bis is None:
            r.error(where, "besetzt", f"{plabel}: „bis“ ist kein Datum (JJJJ-MM-TT).")
            continue
        if bis is not None and bis < von:
            r.error(where, "besetzt", f"{plabel}: „bis“ ({bis:%d.%m.%Y}) liegt vor „von“ "
                    f"({von:%d.%m.%Y}).")
            continue
        p_umfang = p.get("umfang", umfang)
        if isinstance(p_umfang, bool) or not isinstance(p_umfang, (int, float)) or \
                not 0 < p_umfang <= umfang:
            r.error(where, "besetzt", f"{plabel}: umfang muss über 0 und höchstens der Umfang "
                    f"der Stelle ({de_kurz(umfang)}) sein, nicht {p_umfang!r}.")
            continue
        result.append(Besetzung(von, bis, float(p_umfang)))
    result.sort(key=lambda b: b.von)
    for a, b in zip(result, result[1:], strict=False):
        if a.bis is None or a.bis >= b.von:
            r.error(where, "besetzt", f"{label}: die Zeiträume ab {a.von:%d.%m.%Y} und ab "
                    f"{b.von:%d.%m.%Y} überschneiden sich.")
    return tuple(result)


def _parse_schwerpunkte(r: TomlReader, raw: dict, taetigkeiten) -> tuple[Schwerpunkt, ...]:
    schema = load_schema()
    hf_lookup = schema.handlungsfeld_lookup()
    t_lookup = {norm_key(t): t for t in taetigkeiten}
    items = r.get(raw, "schwerpunkte", (list,), ("", 0), "der Datei", default=[])
    allowed = {"id", "titel", "handlungsfeld", "zieldimension", "von", "bis", "zielbezug", "ziel",
               "meilensteine"}
    result, ids, titles = [], set(), set()
    for i, s in enumerate(items):
        where = ("schwerpunkte", i)
        label = f"[[schwerpunkte]] Nr. {i + 1}"
        if not isinstance(s, dict):
            r.error(where, None, f"{label} muss eine Tabelle sein.")
            continue
        r.check_keys(s, allowed, where, label)
        sid = r.get(s, "id", (str,), where, label, required=True) or ""
        sid = sid.strip()
        if sid:
            label = f"Schwerpunkt „{sid}“"
        if norm_key(sid) in ids:
            r.error(where, "id", f"Die Schwerpunkt-ID „{sid}“ ist doppelt vergeben.")
        ids.add(norm_key(sid))
        titel = (r.get(s, "titel", (str,), where, label, required=True) or "").strip()
        if titel and norm_key(titel) in titles:
            r.error(where, "titel", f"Der Titel von {label} ist doppelt vergeben.")
        titles.add(norm_key(titel))
        hf_raw = r.get(s, "handlungsfeld", (str,), where, label, required=True)
        hf = hf_lookup.get(norm_key(hf_raw)) if hf_raw is not None else None
        if hf_raw is not None and hf is None:
            r.error(where, "handlungsfeld", f"Unbekanntes Handlungsfeld „{hf_raw}“ bei {label}; "
                    f"erlaubt sind: {', '.join(schema.handlungsfelder)}.")
        zd = r.get(s, "zieldimension", (str,), where, label, required=True)
        if zd is not None and zd not in schema.zieldimensionen:
            r.error(where, "zieldimension", f"Unbekannte Zieldimension „{zd}“ bei {label}; "
                    f"erlaubt sind I, II und III.")
        von = r.get(s, "von", (int,), where, label, required=True)
        bis = r.get(s, "bis", (int,), where, label, required=True)
        if von is not None and bis is not None and bis < von:
            r.error(where, "bis", f"{label}: bis ({bis}) liegt vor von ({von}).")
        zielbezug = r.get(s, "zielbezug", (str,), where, label, default="")
        ziel = r.get(s, "ziel", (str,), where, label, default="")
        meilensteine = _parse_meilensteine(r, s, i, label, von, bis, t_lookup)
        result.append(Schwerpunkt(sid, titel, hf or "", zd or "", von or 0, bis or 0,
                                  zielbezug or "", ziel or "", meilensteine))
    return tuple(result)


def _parse_meilensteine(r: TomlReader, s: dict, parent: int, label, von, bis, t_lookup):
    items = r.get(s, "meilensteine", (list,), ("schwerpunkte", parent), label, default=[])
    result = []
    for j, m in enumerate(items):
        where = (f"schwerpunkte.meilensteine@{parent}", j)
        mlabel = f"{label}, Meilenstein Nr. {j + 1}"
        if not isinstance(m, dict):
            r.error(where, None, f"{mlabel} muss eine Tabelle sein.")
            continue
        r.check_keys(m, {"jahr", "text", "taetigkeit", "mindestens", "hoechstens"}, where, mlabel)
        jahr = r.get(m, "jahr", (int,), where, mlabel, required=True)
        text = r.get(m, "text", (str,), where, mlabel, required=True) or ""
        if jahr is not None and von is not None and bis is not None and not von <= jahr <= bis:
            r.error(where, "jahr", f"{mlabel}: das Jahr {jahr} liegt außerhalb des Zeitraums "
                    f"{von}–{bis} des Schwerpunkts.")
        t_raw = r.get(m, "taetigkeit", (str,), where, mlabel)
        taetigkeit = None
        if t_raw is not None:
            taetigkeit = t_lookup.get(norm_key(t_raw))
            if taetigkeit is None:
                r.error(where, "taetigkeit", f"{mlabel}: Tätigkeit „{t_raw}“ ist nicht "
                        f"konfiguriert; bekannt sind: {', '.join(t_lookup.values())}.")
        mindestens = r.get(m, "mindestens", (int,), where, mlabel)
        hoechstens = r.get(m, "hoechstens", (int,), where, mlabel)
        if mindestens is not None and mindestens < 0:
            r.error(where, "mindestens", f"{mlabel}: mindestens darf nicht negativ sein.")
        if hoechstens is not None and mindestens is not None and hoechstens < mindestens:
            r.error(where, "hoechstens", f"{mlabel}: hoechstens ({hoechstens}) ist kleiner als "
                    f"mindestens ({mindestens}).")
        if (t_raw is None) != (mindestens is None):
            r.error(where, "taetigkeit", f"{mlabel}: ein zählbarer Meilenstein braucht "
                    f"„taetigkeit“ und „mindestens“ zusammen.")
        result.append(Meilenstein(jahr or 0, text, taetigkeit, mindestens, hoechstens))
    return tuple(result)
