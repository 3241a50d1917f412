"""The ``summitwatch`` command line: every command, registered explicitly here."""

from __future__ import annotations

import typer

from summitwatch.present.commands import analysis as analysis_commands
from summitwatch.present.commands import demo, desk, factuality, reasons, store, timex
from summitwatch.present.commands import ledger as ledger_commands
from summitwatch.present.commands.pack import pack_app

app = typer.Typer(
    name="summitwatch",
    help="A sourced evidence base and calibrated forecasts on leader-level diplomacy.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

app.command("ingest")(store.ingest_command)
app.command("export")(store.export_command)
app.command("reprocess")(store.reprocess_command)
app.command("refresh")(store.refresh_command)
app.command("timex")(timex.timex_command)
app.command("factuality")(factuality.factuality_command)
app.command("demo")(demo.demo_command)
app.command("timeline")(analysis_commands.timeline_command)
app.command("scenarios")(analysis_commands.scenarios_command)
app.command("ach")(analysis_commands.ach_command)
app.command("compare")(analysis_commands.compare_command)
app.command("brief")(analysis_commands.brief_command)
app.command("forecasts")(ledger_commands.forecasts_command)
app.add_typer(ledger_commands.questions_app, name="questions")
app.command("score")(ledger_commands.score_command)
app.command("resolve")(ledger_commands.resolve_command)
app.command("reasons")(reasons.reasons_command)
app.command("serve")(desk.serve_command)
app.command("quotes")(desk.quotes_command)
app.command("actors")(desk.actors_command)
app.command("search")(desk.search_command)
app.callback()(desk.version_callback)
app.add_typer(pack_app, name="pack")


def main() -> None:
    app()
