"""The ``summitwatch`` command line: every command, registered explicitly here."""

from __future__ import annotations

import typer

from summitwatch.present.commands import demo, store

app = typer.Typer(
    name="summitwatch",
    help="A sourced evidence base and calibrated forecasts on leader-level diplomacy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("ingest")(store.ingest_command)
app.command("export")(store.export_command)
app.command("demo")(demo.demo_command)


def main() -> None:
    app()
