"""``summitwatch demo``: the main job on the example corpus that ships with the project."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from summitwatch.present.commands.analysis import print_scenarios, print_timeline, write_brief
from summitwatch.present.commands.ledger import print_scores, question_report
from summitwatch.present.commands.store import run_ingest
from summitwatch.present.options import (
    fail,
    make_console,
    make_settings,
    open_store_or_exit,
    stderr,
)

if TYPE_CHECKING:
    from summitwatch.stage import Context
    from summitwatch.store.database import Store

# The corpus readers find in ``examples/corpus``; the package links to that folder
# (``summitwatch/demo_corpus``), and a built wheel holds its files as package data.
PACKAGED_CORPUS = "demo_corpus"


def packaged_corpus() -> resources.abc.Traversable:
    return resources.files("summitwatch") / PACKAGED_CORPUS


def demo_command(
    db: Path = typer.Option(Path("summitwatch-demo.db"), "--db", help="SQLite file for the demo"),
    corpus: Path | None = typer.Option(
        None, "--corpus", help="Folder of documents [default: the example corpus shipped inside]"
    ),
    out: Path = typer.Option(Path("summitwatch-demo-brief.html"), "--out", help="Brief to write"),
) -> None:
    """Ingest the example corpus and show what summitwatch makes of it."""
    if corpus is not None:
        run_demo(db, corpus, out)
    else:
        with resources.as_file(packaged_corpus()) as shipped:
            run_demo(db, shipped.resolve(), out)


def run_demo(db: Path, corpus: Path, out: Path) -> NoReturn:
    """Ingest ``corpus`` into ``db``, print the analyses, write the brief; exits."""
    from summitwatch.stage import Context

    if not corpus.is_dir():
        fail(f"{corpus}: example corpus not found (not a folder)", 2)
    settings = make_settings(f"sqlite:///{db}")
    report = run_ingest([str(corpus)], settings)
    for outcome in report.failed:
        stderr.print(f"summitwatch: {outcome.name}: {outcome.reason}", markup=False)
    console = make_console()
    console.print(f"[bold]Ingested {corpus}[/bold]: {report.summary()} → {db}")
    store = open_store_or_exit(settings)
    try:
        print_documents(console, store)
        show_analyses(console, store, Context(settings), out)
    finally:
        store.close()
    raise typer.Exit(0 if report.ok else 1)


def print_documents(console: Console, store: Store) -> None:
    from summitwatch.store import rows

    with store.engine.connect() as connection:
        documents = rows.load_documents(connection)
    table = Table(title="Documents", show_lines=False)
    for column in ("published", "title", "authors", "publisher", "words", "notes"):
        table.add_column(column)
    for document in documents:
        table.add_row(
            document.published.isoformat() if document.published else "—",
            document.title or "(untitled)",
            "; ".join(
                ", ".join(part for part in (a.name, a.role, a.affiliation) if part)
                for a in document.authors
            ),
            document.publisher or "—",
            str(document.word_count),
            str(len({c.number for c in document.citations})),
        )
    console.print(table)


def print_quotes(console: Console, store: Store, limit: int = 15) -> None:
    from summitwatch.store import rows

    with store.engine.connect() as connection:
        quotes = rows.load_quotes(connection)
        titles = {d.id: d.title or d.source for d in rows.load_documents(connection)}
    table = Table(title=f"Who said what ({len(quotes)} quotes; first {limit} shown)")
    for column in ("speaker", "date", "quote", "source"):
        table.add_column(column, overflow="fold")
    for quote in quotes[:limit]:
        text = quote.text if len(quote.text) <= 90 else quote.text[:87] + "…"
        table.add_row(
            quote.speaker or f"({quote.speaker_text or 'unknown'})",
            quote.date or "—",
            f"“{text}”",
            titles.get(quote.document_id, quote.document_id),
        )
    console.print(table)


def show_analyses(console: Console, store: Store, context: Context, out: Path) -> None:
    """Quotes, timeline, scenarios, the ledger and the brief."""
    print_quotes(console, store)
    print_timeline(console, store, context.pack, dated_only=True)
    print_scenarios(console, store, context.pack)
    _, questions = question_report(store, context.pack)
    console.print(questions)
    print_scores(console, store)
    path = write_brief(store, context.pack, out)
    console.print(f"[bold]Brief written to {path.resolve()}[/bold]")
    console.print(f"[bold]Store: {store.display_url}[/bold] (try `summitwatch timeline --db …`)")
