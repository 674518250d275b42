"""The command reference of the docs (`docs/befehle.md`), generated from the commands' own help:
`python -m kibericht.cli.hilfe > docs/befehle.md`.

Every command registered with the group is described the way `kibericht BEFEHL --help` shows
it: the usage line, the help text (its `Beispiel:` block as a code block), every option with its
help and default. The page cannot drift from the program: a test compares it with the output of
this module. A command added to the group appears here without a change to this module.

    >>> from kibericht.cli import cli
    >>> seite = befehle_doku(cli)
    >>> seite.splitlines()[0]
    '# Befehle'
    >>> "kibericht pruefen [OPTIONEN] [EINGABE]..." in seite
    True
"""

from __future__ import annotations

import inspect
import re

import click

from kibericht.cli.deutsch import deutsch

QUELLE = ("<!-- Erzeugt aus der Hilfe der Befehle (python -m kibericht.cli.hilfe > docs/befehle.md); "
          "nicht von Hand ändern. -->")
_Befehl = tuple[tuple[str, ...], click.Command, click.Context, str]  # path, command, its context, short help
_MARKDOWN = re.compile(r"([\\<>*`])")


def befehle_doku(gruppe: click.Group, name: str = "kibericht") -> str:
    """The page: an overview table of the commands, then one section per command, in
    alphabetical order as `--help` lists them. Texts are those click shows, in German."""
    with deutsch():
        ctx = click.Context(gruppe, info_name=name, **gruppe.context_settings)
        zeilen = ["# Befehle", "", QUELLE, "", *_beschreibung(gruppe, ctx), "",
                  "| Befehl | Zweck |", "| --- | --- |"]
        befehle = _befehle(gruppe, ctx)
        zeilen += [f"| [`{' '.join(pfad)}`](#{_anker(pfad)}) | {_tabellenzelle(_text(kurz))} |"
                   for pfad, _cmd, _ctx, kurz in befehle]
        zeilen += ["", *_optionen(gruppe, ctx)]
        for pfad, befehl, unter, _kurz in befehle:
            zeilen += [f"## {' '.join(pfad)}", "", *_abschnitt(befehl, unter)]
    return "\n".join(zeilen).rstrip("\n") + "\n"


def _befehle(gruppe: click.Group, ctx: click.Context) -> list[_Befehl]:
    """Every visible command below the group, subgroups' commands after the subgroup, each with
    its context (for usage and defaults) and its short help."""
    gefunden: list[_Befehl] = []
    for name in gruppe.list_commands(ctx):
        befehl = gruppe.get_command(ctx, name)
        if befehl is None or befehl.hidden:
            continue
        unter = click.Context(befehl, info_name=name, parent=ctx, **befehl.context_settings)
        pfad = tuple(unter.command_path.split())
        gefunden.append((pfad, befehl, unter, befehl.get_short_help_str(limit=200)))
        if isinstance(befehl, click.Group):
            gefunden += _befehle(befehl, unter)
    return gefunden


def _abschnitt(befehl: click.Command, ctx: click.Context) -> list[str]:
    """One command: its usage line as a code block, its help text, its options."""
    aufruf = " ".join([ctx.command_path, *befehl.collect_usage_pieces(ctx)])
    return ["```", aufruf, "```", "", *_beschreibung(befehl, ctx), "", *_angaben(befehl, ctx),
            *_optionen(befehl, ctx)]


def _beschreibung(befehl: click.Command, ctx: click.Context) -> list[str]:
    """The help text (up to a form feed, as `--help`) and the epilog: paragraphs joined into
    lines as click rewraps them; a block click keeps as written (`\\b`) becomes a code block,
    its first line ending in a colon its heading."""
    text = inspect.cleandoc(befehl.help or "").partition("\f")[0]
    if befehl.epilog:
        text += "\n\n" + inspect.cleandoc(befehl.epilog)
    zeilen: list[str] = []
    for absatz in text.split("\n\n"):
        teile = absatz.split("\n")
        if teile[0].strip() == "\b":
            block = teile[1:]
            if block and block[0].rstrip().endswith(":"):
                zeilen += [f"**{block.pop(0).strip()}**", ""]
            zeilen += ["```", *inspect.cleandoc("\n".join(block)).split("\n"), "```", ""]
        elif absatz.strip():
            zeilen += [_text(" ".join(t.strip() for t in teile)), ""]
    return zeilen[:-1] if zeilen else []


def _angaben(befehl: click.Command, ctx: click.Context) -> list[str]:
    """The positional arguments, where `--help` lists them: when one of them has a help text."""
    angaben = [p for p in befehl.get_params(ctx) if isinstance(p, click.Argument)]
    if not any(getattr(a, "help", None) is not None for a in angaben):
        return []
    return _tabelle("Angaben", "Angabe", [(a.make_metavar(ctx), getattr(a, "help", None) or "")
                                          for a in angaben])


def _optionen(befehl: click.Command, ctx: click.Context) -> list[str]:
    """The options as `--help` lists them (name and value, help, default)."""
    return _tabelle("Optionen", "Option", [
        r for p in befehl.get_params(ctx)
        if not isinstance(p, click.Argument) and (r := p.get_help_record(ctx)) is not None])


def _tabelle(titel: str, spalte: str, eintraege: list[tuple[str, str]]) -> list[str]:
    if not eintraege:
        return []
    return [f"**{titel}**", "", f"| {spalte} | Bedeutung |", "| --- | --- |",
            *(f"| `{_tabellenzelle(name)}` | {_tabellenzelle(_text(hilfe))} |"
              for name, hilfe in eintraege), ""]


def _text(text: str) -> str:
    """Text as Markdown shows it literally: `<KI-Kennung>` is no HTML tag, `*` no emphasis."""
    return _MARKDOWN.sub(r"\\\1", text)


def _tabellenzelle(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _anker(pfad: tuple[str, ...]) -> str:
    """The anchor a Markdown renderer gives the heading `## kibericht pruefen`."""
    return "-".join(pfad).lower()


if __name__ == "__main__":
    from kibericht.cli import cli

    print(befehle_doku(cli), end="")
