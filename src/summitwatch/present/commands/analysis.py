"""The analyst's commands: timeline, scenarios, ach, compare and brief (rich tables).

Each command imports the analysis it runs inside its function, so that ``--help`` and the
other commands never load it (start-up time).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from summitwatch.present.checks import (
    check_date_option,
    resolve_actor_option,
    resolve_question_option,
)
from summitwatch.present.options import (
    DbOption,
    PackOption,
    fail,
    make_console,
    pack_and_store,
    stderr,
)
from summitwatch.present.output_file import OutputError, check_output_path

if TYPE_CHECKING:
    from summitwatch.analyze.ach import AchMatrix
    from summitwatch.analyze.episodes import EpisodeComparison
    from summitwatch.analyze.scenarios import ScenarioRun
    from summitwatch.analyze.timeline import Timeline, TimelineEntry, TimelineQuery
    from summitwatch.packs.pack import Pack
    from summitwatch.store.database import Store

SENTENCE_WIDTH = 110
BRIEF_SUFFIXES = (".md", ".html", ".htm")
# the timeline's entries that did not (or not yet) happen, shown apart from the facts
APART_SECTIONS = (
    ("planned", "Planned / announced"),
    ("proposed", "Proposed (offered, invited, promised)"),
    ("cancelled", "Cancelled or refused meetings"),
    ("denied", "Denied (did not happen)"),
    ("hypothetical", "Hypothetical (possible, conditional)"),
)


# -- timeline --------------------------------------------------------------------------


def timeline_table(title: str, entries: list[TimelineEntry]) -> Table:
    from summitwatch.analyze.scenarios import shorten

    table = Table(title=title, show_lines=True)
    for column in ("date", "precision", "type", "actors", "modality", "sources"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        actors = ", ".join(entry.actors)
        if entry.recipients:
            actors += " → " + ", ".join(entry.recipients)
        sources = "\n".join(
            f"{s.title or '(untitled)'} — {s.publisher or '?'} [{s.reliability}]: "
            f"“{shorten(s.sentence, SENTENCE_WIDTH)}”"
            for s in entry.sources
        )
        label = entry.type + (f"/{entry.mode}" if entry.mode else "")
        if entry.episode:
            label += f"\n({entry.episode})"
        cells = (entry.date or "—", entry.precision, label, actors or "—", entry.modality, sources)
        # plain Text: the sentences are the sources' words, never rich markup or emoji codes
        # (and rendering skips parsing them, a fifth of the command's time)
        table.add_row(*(Text(cell) for cell in cells))
    return table


def print_timeline(
    console: Console,
    store: Store,
    pack: Pack,
    query: TimelineQuery | None = None,
    *,
    dated_only: bool = False,
) -> Timeline:
    from summitwatch.analyze.timeline import build_timeline

    timeline = build_timeline(store, pack, query)
    merged = sum(len(e.sources) - 1 for e in timeline.all_entries())
    console.print(
        timeline_table(
            f"Timeline: {len(timeline.entries)} events ({merged} duplicate report(s) merged)",
            timeline.entries,
        )
    )
    apart = [(title, getattr(timeline, name)) for name, title in APART_SECTIONS]
    if dated_only:
        counts = ", ".join(
            f"{len(entries)} {title.split(' ')[0].lower()}" for title, entries in apart
        )
        console.print(
            f"Not shown: {counts} and {len(timeline.undated)} undated entries "
            "(`summitwatch timeline` lists them)."
        )
        return timeline
    for title, entries in apart:
        if entries:
            console.print(timeline_table(title, entries))
    if timeline.undated:
        console.print(timeline_table("Undated", timeline.undated))
    return timeline


def timeline_command(
    actor: str | None = typer.Option(None, "--actor", help="Actor id or state code (PRK)"),
    type_: str | None = typer.Option(None, "--type", help="PLOVER event type, e.g. CONSULT"),
    from_: str | None = typer.Option(None, "--from", help="From date (YYYY[-MM[-DD]])"),
    to: str | None = typer.Option(None, "--to", help="To date (YYYY[-MM[-DD]])"),
    limit: int | None = typer.Option(None, "--limit", help="Read at most this many events"),
    offset: int = typer.Option(0, "--offset", help="Skip this many events (paging)"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Events in date order, duplicates merged, each with its sources."""
    from summitwatch.analyze.timeline import TimelineQuery

    from_, to = check_date_option(from_, "--from"), check_date_option(to, "--to")
    with pack_and_store(db, pack) as (the_pack, store):
        actor = resolve_actor_option(store, the_pack, actor)
        query = TimelineQuery(actor, type_, from_, to, limit, offset)
        print_timeline(make_console(), store, the_pack, query)


# -- scenarios -------------------------------------------------------------------------


def scenario_tables(run: ScenarioRun) -> tuple[Table, Table]:
    from summitwatch.analyze.scenarios import shorten

    current = Table(title=f"Scenarios{' as of ' + run.as_of if run.as_of else ''}")
    for column in ("scenario", "prior", "now", "horizon"):
        current.add_column(column)
    probabilities = run.current
    for scenario in sorted(run.scenarios, key=lambda s: -probabilities[s.id]):
        current.add_row(
            scenario.name,
            f"{run.prior[scenario.id]:.0%}",
            f"{probabilities[scenario.id]:.0%}",
            scenario.horizon or "—",
        )
    steps = Table(title="Trajectory: each step with the evidence that moved it", show_lines=True)
    for column in ("date", "indicator", *(s.id for s in run.scenarios), "weight", "evidence"):
        steps.add_column(column, overflow="fold")
    for update in run.updates:
        publishers = "; ".join(dict.fromkeys(p or "?" for p in update.entry.publishers))
        steps.add_row(
            update.date,
            update.indicator.description,
            *(f"{update.after[s.id]:.2f}" for s in run.scenarios),
            f"{update.weight:.2f}",
            f"{update.event.id} “{shorten(update.event.sentence, SENTENCE_WIDTH)}” ({publishers})",
        )
    return current, steps


def print_scenarios(
    console: Console, store: Store, pack: Pack, as_of: str | None = None
) -> ScenarioRun:
    from summitwatch.analyze.scenarios import run_scenarios

    run = run_scenarios(store, pack, as_of)
    current, steps = scenario_tables(run)
    console.print(current)
    if run.updates:
        console.print(steps)
    else:
        console.print("No stored event matches an indicator yet: the priors stand.")
    return run


def scenarios_command(
    as_of: str | None = typer.Option(None, "--as-of", help="Only evidence up to this date"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Scenario probabilities now, and the trajectory that led there."""
    as_of = check_date_option(as_of, "--as-of")
    with pack_and_store(db, pack) as (the_pack, store):
        print_scenarios(make_console(), store, the_pack, as_of)


# -- ACH -------------------------------------------------------------------------------


def ach_table(matrix: AchMatrix) -> Table:
    from summitwatch.analyze.scenarios import shorten

    table = Table(title=f"Competing hypotheses: {matrix.question}", show_lines=True)
    table.add_column("evidence", overflow="fold")
    table.add_column("w")
    for hypothesis in matrix.hypotheses:
        table.add_column(hypothesis.id, justify="center")
    for row in matrix.evidence:
        table.add_row(
            f"{row.kind}: “{shorten(row.text, SENTENCE_WIDTH)}” ({'; '.join(row.sources)})",
            f"{row.weight:.2f}",
            *(row.ratings[h.id] for h in matrix.hypotheses),
        )
    table.add_row(
        "inconsistency (lower is better)",
        "",
        *(f"{matrix.score(h.id).inconsistency:.2f}" for h in matrix.hypotheses),
    )
    return table


def ach_command(
    question: str = typer.Argument(..., help="Question id or words of it"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Evidence against competing hypotheses; the least inconsistent wins."""
    from summitwatch.analyze.ach import AchError, run_ach

    with pack_and_store(db, pack) as (the_pack, store):
        try:
            matrix = run_ach(store, the_pack, question)
        except AchError as exc:
            fail(str(exc))
    console = make_console()
    console.print(ach_table(matrix))
    for rank, score in enumerate(matrix.scores, start=1):
        console.print(
            f"{rank}. {score.hypothesis.text} — inconsistency "
            f"{score.inconsistency:.2f}, consistency {score.consistency:.2f}"
        )


# -- episodes --------------------------------------------------------------------------


def comparison_table(comparison: EpisodeComparison) -> Table:
    from summitwatch.analyze.scenarios import shorten

    table = Table(title="Episode comparison", show_lines=True)
    table.add_column("")
    table.add_column(comparison.left.episode.id, overflow="fold")
    table.add_column(comparison.right.episode.id, overflow="fold")
    for label, left, right in comparison.rows():
        table.add_row(label, left, right)
    table.add_row(
        "sources",
        *(
            "\n".join(
                f"{s.title or '(untitled)'} — {s.publisher or '?'}: "
                f"“{shorten(s.sentence, SENTENCE_WIDTH)}”"
                for s in side.sources
            )
            or "no stored sentence names it"
            for side in (comparison.left, comparison.right)
        ),
    )
    return table


def compare_command(
    first: str = typer.Argument(..., help="Episode id or name"),
    second: str = typer.Argument(..., help="Episode id or name"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Two episodes side by side: proposal, channel, offers, response time, outcome."""
    from summitwatch.analyze.episodes import EpisodeError, compare_episodes

    with pack_and_store(db, pack) as (the_pack, store):
        try:
            comparison = compare_episodes(store, the_pack, first, second)
        except EpisodeError as exc:
            fail(str(exc))
    make_console().print(comparison_table(comparison))


# -- brief -----------------------------------------------------------------------------


def write_brief(store: Store, pack: Pack, out_path: Path, question: str | None = None) -> Path:
    from summitwatch.present.brief_render import write_brief as write

    return write(store, pack, out_path, question)


def brief_command(
    question: str | None = typer.Option(None, "--question", help="Question id to focus on"),
    out: Path | None = typer.Option(None, "--out", help="Write to FILE.md or FILE.html"),
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Key judgments with probabilities, reasons, what changed, charts and evidence."""
    from summitwatch.present.brief import build_brief
    from summitwatch.present.brief_render import render_markdown

    if out is not None and out.suffix.lower() not in BRIEF_SUFFIXES:
        fail(
            f"--out: cannot write {out.suffix or 'a file without a suffix'}; "
            f"use {', '.join(BRIEF_SUFFIXES)}",
            2,
        )
    with pack_and_store(db, pack) as (the_pack, store):
        if question:
            question = resolve_question_option(store, the_pack, question)
        if out is None:
            typer.echo(render_markdown(build_brief(store, the_pack, question)))
            return
        try:
            check_output_path(out)
            path = write_brief(store, the_pack, out, question)
        except OutputError as exc:
            fail(str(exc))
    stderr.print(f"Brief written to {path}", markup=False)
