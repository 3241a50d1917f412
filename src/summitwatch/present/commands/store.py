"""The commands that fill and read the store: ingest and export."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from summitwatch.lexicons import LexiconError
from summitwatch.packs.pack import PackError
from summitwatch.pipeline import BatchReport, Outcome, ingest_paths, reprocess
from summitwatch.present.export import KINDS, iter_records, write_csv, write_jsonl
from summitwatch.present.options import (
    DbOption,
    PackOption,
    fail,
    make_settings,
    open_store_or_exit,
    stderr,
)
from summitwatch.settings import Settings
from summitwatch.stage import Context
from summitwatch.store.database import StoreError


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
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks"),
) -> None:
    """Store documents: exit 0 when every input is stored or already present, else 1."""
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
        debug=debug,
    )
    report = run_ingest(paths, settings)
    for outcome in report.failed:
        stderr.print(f"summitwatch: {outcome.name}: {outcome.reason}", markup=False)
    stderr.print(report.summary(), markup=False)
    raise typer.Exit(0 if report.ok else 1)


def run_ingest(paths: list[str], settings: Settings) -> BatchReport:
    """The pipeline's batch ingest, with a progress bar on a terminal and one-line errors."""
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
    settings = make_settings(db, pack, debug=debug)
    try:
        report = reprocess(settings)
    except (PackError, LexiconError) as exc:
        fail(str(exc), 2)
    except StoreError as exc:
        fail(str(exc))
    for outcome in report.failed:
        stderr.print(f"summitwatch: {outcome.name}: {outcome.reason}", markup=False)
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
        _write_atomically(
            out, lambda handle: (write_csv if fmt == "csv" else write_jsonl)(records, handle)
        )
    finally:
        store.close()


def _write_atomically(out: Path | None, write: object) -> None:
    """Write to ``out`` through a temporary file, so a crash leaves no half-written file."""
    assert callable(write)
    if out is None:
        write(sys.stdout)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
