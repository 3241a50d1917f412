"""The commands that fill and read the store: ingest and export.

The pipeline, the store and the exporters are imported inside the commands that run them,
so that ``--help`` and the reading commands never load them (start-up time).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from summitwatch.present.export_kinds import KINDS
from summitwatch.present.options import (
    DbOption,
    PackOption,
    fail,
    make_settings,
    open_store_or_exit,
    print_problem,
    stderr,
)
from summitwatch.present.output_file import OutputError, write_atomically
from summitwatch.settings import Settings

if TYPE_CHECKING:
    from summitwatch.pipeline import BatchReport


def ingest_command(
    paths: list[str] = typer.Argument(..., help="Files, folders, URLs, or - for stdin"),
    db: str | None = DbOption,
    pack: str = PackOption,
    date_: str | None = typer.Option(None, "--date", help="Publication date YYYY-MM-DD"),
    publisher: str | None = typer.Option(
        None, "--publisher", help="Publisher, wins over inference"
    ),
    title: str | None = typer.Option(None, "--title", help="Title, wins over inference"),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Refuse inputs larger than this"),
    time_budget: float = typer.Option(
        300.0, "--time-budget", help="Seconds the stages may spend on one document (0: none)"
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks"),
) -> None:
    """Store documents: exit 0 when every input is stored or already present, else 1."""
    from summitwatch.store.database import is_memory_url

    if date_ is not None:
        try:
            date.fromisoformat(date_)
        except ValueError:
            fail(f"--date {date_!r} is not a date in the form YYYY-MM-DD", 2)
    settings = make_settings(
        db,
        pack,
        override_date=date_,
        override_publisher=publisher,
        override_title=title,
        max_bytes=int(max_mb * 1024 * 1024),
        document_seconds=time_budget,
        debug=debug,
    )
    if is_memory_url(settings.db_url):
        fail(f"--db {settings.db_url}: an in-memory store keeps nothing; give a file or server", 2)
    report = run_ingest(paths, settings)
    print_report(report)
    stderr.print(report.summary(), markup=False)
    raise typer.Exit(0 if report.ok else 1)


def print_report(report: BatchReport) -> None:
    for outcome in report.problems:
        print_problem(outcome.name, outcome.reason)
    if report.refresh_error:
        stderr.print(f"summitwatch: {report.refresh_error}", markup=False)


def refresh_command(
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Bring the actor table and the ledger up to date (after a refresh step failed)."""
    from summitwatch.lexicons import LexiconError
    from summitwatch.packs.pack import PackError
    from summitwatch.pipeline import refresh_store
    from summitwatch.store.database import StoreError

    settings = make_settings(db, pack)
    try:
        problem = refresh_store(settings)
    except (PackError, LexiconError) as exc:
        fail(str(exc), 2)
    except StoreError as exc:
        fail(str(exc))
    if problem:
        fail(problem)
    stderr.print("refreshed actors and ledger", markup=False)


def run_ingest(paths: list[str], settings: Settings) -> BatchReport:
    """The pipeline's batch ingest, with a progress bar on a terminal and one-line errors."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from summitwatch.lexicons import LexiconError
    from summitwatch.packs.pack import PackError
    from summitwatch.pipeline import Outcome, ingest_paths
    from summitwatch.store.database import StoreError

    show_progress = len(paths) > 1 or any(Path(p).is_dir() for p in paths if p != "-")
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=stderr,
        disable=not (show_progress and sys.stderr.isatty()),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def start(count: int) -> None:
            progress.update(task, total=count)

        def advance(outcome: Outcome) -> None:
            progress.update(task, advance=1, description=Path(outcome.name).name[:40])

        try:
            return ingest_paths(paths, settings, advance, on_start=start)
        except (PackError, LexiconError) as exc:
            fail(str(exc), 2)
        except StoreError as exc:
            fail(str(exc))


def reprocess_command(
    db: str | None = DbOption,
    pack: str = PackOption,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks"),
) -> None:
    """Run the stages again where a stage, lexicon or setting changed since storing."""
    from summitwatch.lexicons import LexiconError
    from summitwatch.packs.pack import PackError
    from summitwatch.pipeline import reprocess
    from summitwatch.store.database import StoreError

    settings = make_settings(db, pack, debug=debug)
    try:
        report = reprocess(settings)
    except (PackError, LexiconError) as exc:
        fail(str(exc), 2)
    except StoreError as exc:
        fail(str(exc))
    print_report(report)
    updated = report.count("updated")
    stderr.print(
        f"{updated} reprocessed, {report.count('present')} already current, "
        f"{len(report.failed)} failed",
        markup=False,
    )
    raise typer.Exit(0 if report.ok else 1)


def export_command(
    db: str | None = DbOption,
    pack: str = PackOption,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv or plover"),
    kind: list[str] = typer.Option(None, "--kind", help=f"One of: {', '.join(KINDS)}"),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of stdout"),
) -> None:
    """Export stored records, one JSON object per line (each with its "kind")."""
    from summitwatch.present.export import iter_records, write_csv, write_jsonl
    from summitwatch.stage import Context

    kinds = tuple(kind) if kind else KINDS
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        fail(f"unknown kind {unknown[0]!r}; choose from {', '.join(KINDS)}", 2)
    if fmt not in ("jsonl", "csv", "plover"):
        fail(f"unknown format {fmt!r}; choose jsonl, csv or plover", 2)
    if fmt == "csv" and len(kinds) != 1:
        fail("CSV export needs exactly one --kind", 2)
    settings = make_settings(db, pack)
    store = open_store_or_exit(settings)
    context = Context(settings)
    try:
        if fmt == "plover":
            from summitwatch.present.plover import plover_records

            records = plover_records(store, context)
        else:
            records = iter_records(store, context, kinds)
        writer = write_csv if fmt == "csv" else write_jsonl
        if out is None:
            writer(records, sys.stdout)
        else:
            write_atomically(out, lambda handle: writer(records, handle))
    except OutputError as exc:
        fail(str(exc))
    finally:
        store.close()
