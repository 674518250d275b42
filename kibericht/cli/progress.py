"""A progress bar on stderr while many files are read: only on a terminal, never with JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def progress_for(fmt: str) -> Iterator[Callable[[str], None] | None]:
    if fmt == "json" or not sys.stderr.isatty():
        yield None
        return
    state = {"n": 0}

    def step(name: str) -> None:
        state["n"] += 1
        click.echo(f"\r  lese Datei {state['n']}: {name[-60:]:<60}", err=True, nl=False)

    try:
        yield step
    finally:
        if state["n"]:
            click.echo("\r" + " " * 80 + "\r", err=True, nl=False)
