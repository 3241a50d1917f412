"""The ledger's commands: forecasts, questions, score and resolve.

The ledger and the store are imported inside the functions that read them (start-up time).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from summitwatch.present.options import (
    DbOption,
    PackOption,
    fail,
    load_pack_or_exit,
    make_console,
    make_settings,
    open_store_or_exit,
    pack_and_store,
)

if TYPE_CHECKING:
    from summitwatch.analyze import ledger
    from summitwatch.analyze.scoring import CalibrationBin
    from summitwatch.models import Question
    from summitwatch.packs.pack import Pack
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
    from summitwatch.models import to_record
    from summitwatch.store import rows

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

questions_app = typer.Typer(
    help="The ledger's questions: list, show, add, edit, merge, accept proposals.",
    no_args_is_help=False,
)


@questions_app.callback(invoke_without_command=True)
def questions_command(
    ctx: typer.Context,
    db: str | None = DbOption,
    pack: str = PackOption,
    proposed: bool = typer.Option(False, "--proposed", help="Only questions proposed by forecasts"),
    fmt: OutputFormat = FormatOption,
) -> None:
    """List the ledger's questions: status, evidence, and the aggregate forecast if open."""
    if ctx.invoked_subcommand is not None:
        return
    with pack_and_store(db, pack) as (loaded, store):
        records, table = question_report(store, loaded, proposed_only=proposed)
    emit(records, fmt, table)


def question_report(
    store: Store, pack: Pack, proposed_only: bool = False
) -> tuple[list[dict[str, Any]], Table]:
    from summitwatch.analyze import ledger
    from summitwatch.models import to_record
    from summitwatch.store import rows

    with store.engine.connect() as connection:
        questions = rows.load_questions(connection)
    if proposed_only:
        questions = [q for q in questions if q.proposed]
    aggregates = {a.question: a for a in ledger.aggregate_open_questions(store, pack)}
    records = []
    title = "Proposed questions (questions accept ID)" if proposed_only else "Questions"
    table = Table(title=title, show_lines=True)
    for column in ("id", "question", "window", "status", "settled", "evidence", "aggregate"):
        table.add_column(column, overflow="fold")
    for q in questions:
        agg = aggregates.get(q.id)
        record = {"kind": "question", **to_record(q)}
        agg_text = "—"
        if agg is not None and agg.probability is not None:
            record.update(aggregate=agg.probability, voices=agg.voices, extremized=agg.extremized)
            agg_text = f"{_pct(agg.probability)} from {agg.voices} independent holder(s)"
            agg_text += " (extremized)" if agg.extremized else ""
        records.append(record)
        shown = f"{q.origin}{' (proposed)' * q.proposed}"
        origin = "" if q.origin == "pack" else f"\n[dim]{shown}[/dim]"
        merged = f"\n[dim]merged into {q.merged_into}[/dim]" if q.merged_into else ""
        table.add_row(
            q.id,
            q.text + origin + merged,
            f"{q.opens or '…'} – {q.deadline or '…'}",
            q.status,
            settled_text(q),
            "\n".join(q.evidence[:3]) + (" …" if len(q.evidence) > 3 else ""),
            agg_text,
        )
    return records, table


def settled_text(q: Question) -> str:
    if q.status == "open":
        return "—"
    return f"{q.resolved_on or '—'} (known {q.known_on or '—'}, by {q.resolved_by or '—'})"


@questions_app.command("show")
def show_command(
    question: str = typer.Argument(..., help="Question id"),
    as_of: str | None = typer.Option(None, "--as-of", help="Resolve with what was known then"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """One question: its structure, resolution and policy, and every piece of evidence."""
    from summitwatch.analyze import ledger

    when = parse_day(as_of, "--as-of") if as_of else None
    with pack_and_store(db, pack) as (loaded, store):
        found = (
            ledger.question_as_of(store, loaded, question, when)
            if when
            else ledger.load_ledger(store).questions.get(question)
        )
        if found is None:
            fail(f"no question {question!r} in the store (run `summitwatch questions`)")
        lines = describe_question(loaded, found, when)
        lines += evidence_lines(store, found)
        linked = [f for f in ledger.load_ledger(store).forecasts if f.question == found.id]
    for line in lines:
        typer.echo(line)
    typer.echo(f"forecasts linked: {len(linked)}")
    for forecast in linked:
        typer.echo(
            f"  {forecast.made_on or '—'} {forecast.holder}: "
            f"{_pct(forecast.question_probability)} — {' '.join(forecast.statement.split())}"
        )


def describe_question(pack: Pack, q: Question, as_of: str | None) -> list[str]:
    policy = pack.policy(q.policy)
    outcome = pack.outcome(q.outcome_class)
    settled = ""
    if q.resolved_on:
        settled = f", settled {q.resolved_on}, known {q.known_on}, by {q.resolved_by}"
    return [
        f"{q.id}: {q.text}",
        f"outcome: {q.outcome_class} ({outcome.name if outcome else 'unknown class'}); "
        f"actors: {', '.join(q.actors) or '—'}",
        f"window: {q.opens or '…'} to {q.deadline or '…'}; origin: {q.origin}"
        + (" (proposed)" if q.proposed else "")
        + (f"; merged into {q.merged_into}" if q.merged_into else ""),
        f"status{f' as of {as_of}' if as_of else ''}: {q.status}" + settled,
        f"policy {policy.id}: {' '.join(policy.description.split())}",
        f"evidence ({len(q.evidence)}):",
    ]


def evidence_lines(store: Store, q: Question) -> list[str]:
    from summitwatch.store import rows

    with store.engine.connect() as connection:
        events = {e.id: e for e in rows.load_events(connection)}
        documents = {d.id: d for d in rows.load_documents(connection)}
    lines = []
    for ref in q.evidence:
        event = events.get(ref)
        document_id = event.document_id if event else ref.removeprefix("document:")
        document = documents.get(document_id)
        where = (
            f"{document.title or document.source} ({document.publisher or 'unknown outlet'}, "
            f"{document.published or 'undated'})"
            if document
            else document_id
        )
        if event:
            lines.append(
                f"  event {event.id} {event.type} {event.date or 'undated'} "
                f"[{event.factuality}/{event.modality}] in {where}:"
            )
            lines.append(f"    “{' '.join(event.sentence.split())}”")
        else:
            lines.append(f"  {ref} — {where}")
    return lines


def parse_day(value: str, option: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"{option} must be a date YYYY-MM-DD, not {value!r}")


def split_ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@questions_app.command("add")
def add_command(
    outcome: str = typer.Option(..., "--outcome", help="Outcome class id (outcomes.yaml)"),
    actors: str = typer.Option(..., "--actors", help="Actor ids, comma-separated"),
    by: str = typer.Option(..., "--by", help="Deadline, YYYY-MM-DD"),
    opens: str | None = typer.Option(None, "--opens", help="First day of the window"),
    text: str | None = typer.Option(None, "--text", help="The question in words"),
    question_id: str | None = typer.Option(None, "--id", help="Question id"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Add a question of your own; forecasts link to it from now on."""
    from summitwatch.analyze import question_edits

    with pack_and_store(db, pack) as (loaded, store):
        try:
            added = question_edits.add_question(
                store, loaded, outcome, split_ids(actors), by, text, opens, question_id
            )
        except question_edits.QuestionEditError as exc:
            fail(str(exc))
    typer.echo(f"added {added.id}: {added.text}")


@questions_app.command("edit")
def edit_command(
    question: str = typer.Argument(..., help="Question id"),
    text: str | None = typer.Option(None, "--text"),
    by: str | None = typer.Option(None, "--by", help="New deadline, YYYY-MM-DD"),
    opens: str | None = typer.Option(None, "--opens", help="New first day of the window"),
    actors: str | None = typer.Option(None, "--actors", help="Actor ids, comma-separated"),
    outcome: str | None = typer.Option(None, "--outcome", help="Outcome class id"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Change a question (an edited pack question becomes yours and wins over the pack)."""
    from summitwatch.analyze import question_edits

    with pack_and_store(db, pack) as (loaded, store):
        try:
            edited = question_edits.edit_question(
                store, loaded, question, text, by, opens, split_ids(actors or ""), outcome
            )
        except question_edits.QuestionEditError as exc:
            fail(str(exc))
    typer.echo(f"edited {edited.id}: {edited.text} ({edited.opens} – {edited.deadline})")


@questions_app.command("merge")
def merge_command(
    keep: str = typer.Argument(..., help="The question that stays"),
    absorbed: str = typer.Argument(..., help="The question merged into it"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Merge question B into A: B's forecasts are compared on A from now on."""
    from summitwatch.analyze import question_edits

    with pack_and_store(db, pack) as (loaded, store):
        try:
            question_edits.merge_questions(store, loaded, keep, absorbed)
        except question_edits.QuestionEditError as exc:
            fail(str(exc))
    typer.echo(f"merged {absorbed} into {keep}")


@questions_app.command("accept")
def accept_command(
    question: str = typer.Argument(..., help="Id of a proposed question"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Accept a question proposed from a forecast: it stays across refreshes."""
    from summitwatch.analyze import question_edits

    with pack_and_store(db, pack) as (loaded, store):
        try:
            accepted = question_edits.accept_question(store, loaded, question)
        except question_edits.QuestionEditError as exc:
            fail(str(exc))
    typer.echo(f"accepted {accepted.id}: {accepted.text}")


# -- score -----------------------------------------------------------------------------


def score_command(
    db: str | None = DbOption,
    fmt: OutputFormat = FormatOption,
    per_forecast: bool = typer.Option(
        False, "--per-forecast", help="Each scored forecast: question, outcome, Brier, log score"
    ),
) -> None:
    """Score resolved forecasts per holder and per outlet (Brier, log score, calibration)."""
    from summitwatch.analyze import ledger
    from summitwatch.models import to_record

    store = open_store_or_exit(make_settings(db))
    with store:
        if per_forecast:
            emit_scored_forecasts(ledger.load_ledger(store), fmt)
            return
        if fmt is not OutputFormat.table:
            scores = ledger.compute_scores(store)
            emit([{"kind": "score", **to_record(s)} for s in scores], fmt, None)
            return
        print_scores(make_console(), store)


def emit_scored_forecasts(data: ledger.Ledger, fmt: OutputFormat) -> None:
    records = []
    table = Table(title=f"Scored forecasts ({len(data.scored)})", show_lines=True)
    for column in ("made", "holder", "outlet", "question", "outcome", "q(yes)", "Brier", "log"):
        table.add_column(column, overflow="fold")
    for s in data.scored:
        f = s.forecast
        question = data.questions.get(f.question or "")
        answer = question.status if question else "—"
        records.append(
            {
                "kind": "scored_forecast",
                "forecast": f.id,
                "holder": f.holder,
                "outlet": s.outlet,
                "question": f.question,
                "resolved": answer,
                "question_probability": f.question_probability,
                "brier": round(s.brier, 4),
                "log_score": round(s.log_score, 4),
            }
        )
        table.add_row(
            f.made_on or "—",
            f.holder,
            s.outlet or "—",
            f"{f.question} ({answer})",
            f.outcome,
            _pct(f.question_probability),
            f"{s.brier:.3f}",
            f"{s.log_score:.3f}",
        )
    emit(records, fmt, table)


def print_scores(console: Console, store: Store) -> None:
    """The score table per holder and outlet, what the scores mean, and calibration."""
    from summitwatch.analyze import ledger

    scored = ledger.load_ledger(store).scored
    scores = ledger.scores_from(scored)
    table = Table(
        title="Scores (holder: people and organisations; group: generic holders such as "
        "'analysts'; outlet: every holder published there)"
    )
    for column in ("scope", "holder", "outlet", "n", "Brier", "log score"):
        table.add_column(column)
    for s in scores:
        holder = "*" if s.scope == "outlet" else s.holder
        table.add_row(
            s.scope, holder, s.outlet or "—", str(s.n), f"{s.brier:.3f}", f"{s.log_score:.3f}"
        )
    console.print(table)
    console.print(BRIER_NOTE, markup=False, soft_wrap=True)
    overall = ledger.calibration_table(store)
    print_calibration(console, "Calibration (all scored forecasts)", overall)
    per_holder = ledger.calibration_by_holder(scored)
    for holder, bins in per_holder.items():
        print_calibration(console, f"Calibration of {holder}", bins)
    console.print(
        f"Calibration per holder is shown for holders with at least "
        f"{ledger.CALIBRATION_MIN_FORECASTS} scored forecasts ({len(per_holder)} now).",
        markup=False,
    )


def print_calibration(console: Console, title: str, bins: list[CalibrationBin]) -> None:
    calibration = Table(title=title)
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
    from summitwatch.analyze import question_edits

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
            resolved = question_edits.resolve_by_hand(
                store, loaded, question, answer, when, evidence
            )
        except KeyError:
            fail(f"no question {question!r} in the pack or the store")
        except question_edits.QuestionEditError as exc:
            fail(str(exc))
    typer.echo(f"{resolved.id}: {resolved.status} on {resolved.resolved_on} (by hand)")
