"""The ``summitwatch`` command line: every command, registered from one table here.

Each command lives in ``present/commands/<module>.py`` and imports what it runs inside its
function. ``summitwatch NAME ...`` builds the app with command NAME alone, so that it imports
no other command's module (start-up time); ``--help``, ``--version`` and anything that names
no command get the app with every command. ``app`` is that full app, built on first use.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import typer

HELP = "A sourced evidence base and calibrated forecasts on leader-level diplomacy."

# command name -> (module of present/commands, attribute): a function, or a Typer of
# sub-commands; in the order ``--help`` lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("store", "ingest_command"),
    "export": ("store", "export_command"),
    "reprocess": ("store", "reprocess_command"),
    "refresh": ("store", "refresh_command"),
    "timex": ("timex", "timex_command"),
    "factuality": ("factuality", "factuality_command"),
    "demo": ("demo", "demo_command"),
    "timeline": ("analysis", "timeline_command"),
    "scenarios": ("analysis", "scenarios_command"),
    "ach": ("analysis", "ach_command"),
    "compare": ("analysis", "compare_command"),
    "brief": ("analysis", "brief_command"),
    "forecasts": ("ledger", "forecasts_command"),
    "questions": ("ledger", "questions_app"),
    "score": ("ledger", "score_command"),
    "resolve": ("ledger", "resolve_command"),
    "reasons": ("reasons", "reasons_command"),
    "serve": ("desk", "serve_command"),
    "quotes": ("desk", "quotes_command"),
    "actors": ("desk", "actors_command"),
    "search": ("desk", "search_command"),
    "pack": ("pack", "pack_app"),
}


def load_command(name: str) -> Any:
    module, attribute = COMMANDS[name]
    return getattr(import_module(f"summitwatch.present.commands.{module}"), attribute)


def build_app(names: list[str] | None = None) -> typer.Typer:
    """The app with the commands ``names`` (default: every command)."""
    built = typer.Typer(
        name="summitwatch",
        help=HELP,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
    )
    for name in COMMANDS if names is None else names:
        command = load_command(name)
        if isinstance(command, typer.Typer):
            built.add_typer(command, name=name)
        else:
            built.command(name)(command)
    built.callback()(version_callback)
    return built


def print_version(value: bool) -> None:
    if value:
        from summitwatch import __version__

        typer.echo(f"summitwatch {__version__}")
        raise typer.Exit(0)


def version_callback(
    version: bool = typer.Option(
        False, "--version", callback=print_version, is_eager=True, help="Print the version"
    ),
) -> None:
    """A sourced evidence base and calibrated forecasts on leader-level diplomacy."""


def __getattr__(name: str) -> Any:
    # ``from summitwatch.present.cli import app``: the full app, built once when first asked
    if name == "app":
        full = build_app()
        globals()["app"] = full
        return full
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    requested = sys.argv[1] if len(sys.argv) > 1 else ""
    build_app([requested] if requested in COMMANDS else None)()
