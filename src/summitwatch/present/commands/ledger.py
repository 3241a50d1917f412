"""The ledger's commands: forecasts, questions, score and resolve."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from summitwatch.analyze import ledger
from summitwatch.models import to_record
from summitwatch.packs.pack import Pack
from summitwatch.present.options import (
    DbOption,
    PackOption,
    fail,
    load_pack_or_exit,
    make_console,
    make_settings,
    open_store_or_exit,
)
from summitwatch.store import rows
from summitwatch.store.database import Store

BRIER_NOTE = (
    "Brier: mean of (p - outcome)^2 for binary questions, 0-1 scale, lower is better. "
    "Log score: mean natural log of the probability given to what happened, probabilities "
    "clipped to [0.01, 0.99]; 0 is perfect, higher is better, ln 0.5 = -0.69."
)


class OutputFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = typer.Option(OutputFormat.table, "--format", help="table, jsonl or csv")


def emit(records: Sequence[dict[str, Any]], fmt: OutputFormat, table: Table | None) -> None:
    """Print records as JSON Lines or CSV, or the rich table."""
    if fmt is OutputFormat.jsonl:
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False, default=str))
    elif fmt is OutputFormat.csv:
        buffer = io.StringIO()
        if records:
            writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
            writer.writeheader()
            for record in records:
                writer.writerow(
                    {
                        k: json.dumps(v) if isinstance(v, list | dict) else v
                        for k, v in record.items()
                    }
                )
        typer.echo(buffer.getvalue(), nl=False)
    elif table is not None:
        make_console().print(table)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


# -- forecasts -------------------------------------------------------------------------


def forecasts_command(
    db: str | None = DbOption,
    holder: str | None = typer.Option(None, "--holder", help="Only this holder's forecasts"),
    question: str | None = typer.Option(None, "--question", help="Only forecasts on this question"),
    fmt: OutputFormat = FormatOption,
) -> None:
    """List the forecasts found in the stored documents."""
    store = open_store_or_exit(make_settings(db))
    with store, store.engine.connect() as connection:
        forecasts = rows.load_forecasts(connection)
    chosen = [
        f
        for f in forecasts
        if (holder is None or f.holder == holder) and (question is None or f.question == question)
    ]
    table = Table(title=f"Forecasts ({len(chosen)})", show_lines=True)
    for column in ("made", "holder", "outcome", "p", "range", "phrase", "question", "q(yes)"):
        table.add_column(column, overflow="fold")
    for f in chosen:
        holder_label = f.holder + (" (attributed)" if f.attributed else "")
        outcome = f.outcome + (f"\n[dim]if: {f.condition}[/dim]" if f.condition else "")
        table.add_row(
            f.made_on or "—",
            holder_label,
            outcome,
            _pct(f.probability),
            f"{_pct(f.low)}–{_pct(f.high)}",
            f.phrase or "—",
            f.question or "—",
            _pct(f.question_probability),
        )
    emit([{"kind": "forecast", **to_record(f)} for f in chosen], fmt, table)


# -- questions -------------------------------------------------------------------------


def questions_command(
    db: str | None = DbOption, pack: str = PackOption, fmt: OutputFormat = FormatOption
) -> None:
    """List the pack's questions: status, evidence, and the aggregate forecast if open."""
    store = open_store_or_exit(make_settings(db, pack))
    loaded = load_pack_or_exit(pack, db)
    with store:
        records, table = question_report(store, loaded)
    emit(records, fmt, table)


def question_report(store: Store, pack: Pack) -> tuple[list[dict[str, Any]], Table]:
    with store.engine.connect() as connection:
        questions = rows.load_questions(connection)
    aggregates = {a.question: a for a in ledger.aggregate_open_questions(store, pack)}
    records = []
    table = Table(title="Questions", show_lines=True)
    for column in ("id", "question", "deadline", "status", "resolved", "evidence", "aggregate"):
        table.add_column(column, overflow="fold")
    for q in questions:
        agg = aggregates.get(q.id)
        record = {"kind": "question", **to_record(q)}
        agg_text = "—"
        if agg is not None and agg.probability is not None:
            record.update(aggregate=agg.probability, voices=agg.voices, extremized=agg.extremized)
            agg_text = f"{_pct(agg.probability)} from {agg.voices} voice(s)"
            agg_text += " (extremized)" if agg.extremized else ""
        records.append(record)
        table.add_row(
            q.id,
            q.text,
            q.deadline or "—",
            q.status,
            q.resolved_on or "—",
            "\n".join(q.evidence[:3]) + (" …" if len(q.evidence) > 3 else ""),
            agg_text,
        )
    return records, table


# -- score -----------------------------------------------------------------------------


def score_command(db: str | None = DbOption, fmt: OutputFormat = FormatOption) -> None:
    """Score resolved forecasts per holder and per outlet (Brier, log score, calibration)."""
    store = open_store_or_exit(make_settings(db))
    with store:
        if fmt is not OutputFormat.table:
            scores = ledger.compute_scores(store)
            emit([{"kind": "score", **to_record(s)} for s in scores], fmt, None)
            return
        print_scores(make_console(), store)


def print_scores(console: Console, store: Store) -> None:
    """The score table per holder and outlet, what the scores mean, and calibration."""
    scores = ledger.compute_scores(store)
    bins = ledger.calibration_table(store)
    table = Table(title="Scores (holder '*' = every holder of that outlet)")
    for column in ("holder", "outlet", "n", "Brier", "log score"):
        table.add_column(column)
    for s in scores:
        table.add_row(s.holder, s.outlet or "—", str(s.n), f"{s.brier:.3f}", f"{s.log_score:.3f}")
    console.print(table)
    console.print(BRIER_NOTE, markup=False, soft_wrap=True)
    calibration = Table(title="Calibration (all scored forecasts)")
    for column in ("probability", "n", "mean forecast", "came true"):
        calibration.add_column(column)
    for b in bins:
        calibration.add_row(
            f"{b.low:.0%}–{b.high:.0%}", str(b.n), _pct(b.mean_forecast), _pct(b.observed)
        )
    console.print(calibration)


# -- resolve ---------------------------------------------------------------------------


def resolve_command(
    question: str = typer.Argument(..., help="Question id (see `summitwatch questions`)"),
    answer: str = typer.Argument(..., help="yes or no"),
    on: str = typer.Option(..., "--on", help="Date of resolution, YYYY-MM-DD"),
    evidence: str = typer.Option(..., "--evidence", help="What shows the outcome"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Resolve a question by hand; this wins over evidence found later."""
    if answer not in ("yes", "no"):
        fail(f"answer must be yes or no, not {answer!r}")
    try:
        when = date.fromisoformat(on)
    except ValueError:
        fail(f"--on must be a date YYYY-MM-DD, not {on!r}")
    loaded = load_pack_or_exit(pack, db)
    store = open_store_or_exit(make_settings(db, pack))
    with store:
        try:
            resolved = ledger.resolve_by_hand(store, loaded, question, answer, when, evidence)
        except KeyError:
            fail(f"no question {question!r} in the pack or the store")
    typer.echo(f"{resolved.id}: {resolved.status} on {resolved.resolved_on} (by hand)")
