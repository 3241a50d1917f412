"""The desk's record pages: an actor, a question, a forecaster, the overview, the timeline.

Each page is assembled from what the analysis layer already computes (the ledger's scores
and aggregates, the timeline's entries, the brief's key judgments); nothing is re-scored here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import func, or_, select

from summitwatch.analyze import ledger, ledger_views
from summitwatch.analyze.aggregate_history import AggregatePoint, aggregate_history
from summitwatch.analyze.desk import (
    FACTUAL_LABELS,
    ActorRecord,
    DocumentSummary,
    LookupFailed,
    RecordFilter,
    list_documents,
    list_events,
    list_forecasts,
    list_quotes,
    resolve_actor,
)
from summitwatch.analyze.scoring import CalibrationBin, calibration
from summitwatch.analyze.timeline import Timeline, TimelineEntry
from summitwatch.models import Event, Forecast, Question, Quote, Score
from summitwatch.packs.pack import Pack, PackActor, Role
from summitwatch.store import rows, schema
from summitwatch.store.database import Store

SECTION_TITLES = {
    "entries": "What happened",
    "planned": "Planned or announced",
    "proposed": "Proposed (offered, invited, promised)",
    "cancelled": "Cancelled or refused",
    "denied": "Denied (did not happen)",
    "hypothetical": "Hypothetical",
    "undated": "Undated",
}
PAGE_ROWS = 200
# fields of a pack question that serve the linker, not the reader (and the page's own title)
LINKING_FIELDS = frozenset({"id", "text", "about", "subject", "against"})


# -- timeline sections -----------------------------------------------------------------


def timeline_sections(timeline: Timeline) -> list[tuple[str, list[TimelineEntry]]]:
    """The timeline's own groups in its order; reported-as-not-factual entries apart."""
    sections: list[tuple[str, list[TimelineEntry]]] = []
    for part in fields(timeline):
        entries = getattr(timeline, part.name)
        if not isinstance(entries, list):
            continue
        title = SECTION_TITLES.get(part.name, part.name.replace("_", " ").capitalize())
        if part.name == "entries":
            factual = [e for e in entries if is_factual(e)]
            apart = [e for e in entries if not is_factual(e)]
            sections.append((title, factual))
            if apart:
                sections.append(("Not factual as reported (denied, possible, uncertain)", apart))
        else:
            sections.append((title, entries))
    return sections


def is_factual(entry: TimelineEntry) -> bool:
    labels = [getattr(event, "factuality", None) for event in entry.events]
    known = [label for label in labels if label]
    return not known or any(label in FACTUAL_LABELS for label in known)


def entry_matches_factuality(entry: TimelineEntry, wanted: str | None) -> bool:
    if not wanted:
        return True
    return is_factual(entry) == (wanted == "factual")


# -- actors ----------------------------------------------------------------------------


@dataclass
class ActorView:
    actor: ActorRecord
    pack_actor: PackActor | None
    roles: list[Role]
    quotes: list[Quote]
    events_as_actor: list[Event]
    events_as_recipient: list[Event]
    forecasts_held: list[Forecast]
    forecasts_about: list[Forecast]


def load_actor_view(store: Store, pack: Pack, wanted: str) -> ActorView:
    actor_id = resolve_actor(store, pack, wanted)
    with store.engine.connect() as connection:
        row = connection.execute(
            select(schema.actors).where(schema.actors.c.id == actor_id)
        ).first()
    pack_actor = pack.actor(actor_id)
    if row is None and pack_actor is None:
        raise LookupFailed("actor", wanted, [])
    record = (
        rows._build(ActorRecord, row)
        if row is not None
        else ActorRecord(
            actor_id, pack_actor.name if pack_actor else actor_id, "unknown", None, None, None, True
        )
    )
    events = list_events(store, RecordFilter(actors=(actor_id,)), limit=PAGE_ROWS).items
    names = {record.name.lower(), *(a.lower() for a in (pack_actor.aliases if pack_actor else []))}
    forecasts = load_all_forecasts(store)
    return ActorView(
        actor=record,
        pack_actor=pack_actor,
        roles=list(pack_actor.roles) if pack_actor else [],
        quotes=list_quotes(store, RecordFilter(actors=(actor_id,)), limit=PAGE_ROWS).items,
        events_as_actor=[e for e in events if actor_id in e.actors],
        events_as_recipient=[e for e in events if actor_id in e.recipients],
        forecasts_held=[f for f in forecasts if f.holder.lower() in names],
        forecasts_about=[f for f in forecasts if is_about(f, actor_id, names)],
    )


def load_all_forecasts(store: Store) -> list[Forecast]:
    with store.engine.connect() as connection:
        return rows.load_forecasts(connection)


def is_about(forecast: Forecast, actor_id: str, names: set[str]) -> bool:
    structured = getattr(forecast, "outcome_actors", None)
    if structured is not None and structured:
        return actor_id in structured
    outcome = forecast.outcome.lower()
    return any(name and name in outcome for name in names)


# -- questions -------------------------------------------------------------------------


@dataclass
class EvidenceItem:
    ref: str  # an event id or "sentence:<doc>:<start>-<end>" as the ledger stores it
    document_id: str | None
    title: str | None
    published: str | None
    sentence: str
    start: int | None
    end: int | None


@dataclass
class ScoredLine:
    forecast: Forecast
    outlet: str | None
    brier: float | None
    log_score: float | None


@dataclass
class QuestionView:
    question: Question
    definition: dict[str, Any]
    resolved_by: str | None
    note: str | None
    evidence: list[EvidenceItem]
    forecasts: list[ScoredLine]
    aggregate: ledger.OpenQuestion | None = None
    history: list[AggregatePoint] = field(default_factory=list)  # the aggregate over time


def list_questions(store: Store) -> list[Question]:
    with store.engine.connect() as connection:
        return rows.load_questions(connection)


def load_question_view(store: Store, pack: Pack, question_id: str) -> QuestionView:
    with store.engine.connect() as connection:
        row = connection.execute(
            select(schema.questions).where(func.lower(schema.questions.c.id) == question_id.lower())
        ).first()
    if row is None:
        known = [q.id for q in list_questions(store)]
        raise LookupFailed(
            "question", question_id, difflib.get_close_matches(question_id, known, 3)
        )
    question = rows._build(Question, row)
    lines = question_lines(store, question.id)
    aggregate = ledger_views.kept_aggregate(store, pack, question.id)
    # the question's own forecasts as the ledger holds them: its history needs no more
    own = ledger.Ledger(
        [line.forecast for line in lines],
        {question.id: question},
        {line.forecast.document_id: line.outlet for line in lines},
    )
    return QuestionView(
        question=question,
        definition=question_definition(pack, question.id),
        resolved_by=row.resolved_by,
        note=row.note,
        evidence=[evidence_item(store, ref) for ref in question.evidence],
        forecasts=lines,
        aggregate=aggregate,
        history=aggregate_history(own, pack, question.id),
    )


def question_lines(store: Store, question_id: str) -> list[ScoredLine]:
    """Every forecast on a question with its outlet and scores, read from the kept ledger
    (the forecasts through their question index), or computed when nothing is kept."""
    kept = ledger_views.kept_scored(store, question=question_id)
    if kept is None:
        book = ledger.load_ledger(store)
        scored = {s.forecast.id: s for s in book.scored}
        return [
            ScoredLine(
                f,
                book.outlets.get(f.document_id),
                scored[f.id].brier if f.id in scored else None,
                scored[f.id].log_score if f.id in scored else None,
            )
            for f in book.forecasts
            if f.question == question_id
        ]
    forecasts, d = schema.forecasts, schema.documents
    statement = (
        select(forecasts, d.c.publisher.label("doc_publisher"), d.c.authors.label("doc_authors"))
        .join(d, d.c.id == forecasts.c.document_id)
        .where(forecasts.c.question == question_id)
        # copies of one story count once (as in the ledger): only the story's first copy
        .where(or_(d.c.story.is_(None), d.c.story == d.c.id))
        .order_by(forecasts.c.made_on, forecasts.c.document_id, forecasts.c.start)
    )
    with store.engine.connect() as connection:
        found = connection.execute(statement).all()
    lines = []
    for r in found:
        forecast = rows._build(Forecast, r)
        score = kept.get(forecast.id)
        outlet = ledger.outlet_of(r.doc_publisher, r.doc_authors)
        lines.append(
            ScoredLine(
                forecast, outlet, score.brier if score else None, score.log_score if score else None
            )
        )
    return lines


def question_definition(pack: Pack, question_id: str) -> dict[str, Any]:
    for question in pack.questions:
        if question.id == question_id:
            return {
                k: v
                for k, v in vars(question).items()
                if not k.startswith("_") and k not in LINKING_FIELDS and v not in (None, [], {})
            }
    return {}


def evidence_item(store: Store, ref: str) -> EvidenceItem:
    with store.engine.connect() as connection:
        documents = schema.documents
        if ref.startswith("sentence:"):
            _, document_id, span = ref.split(":", 2)
            start_text, _, end_text = span.partition("-")
            row = connection.execute(select(documents).where(documents.c.id == document_id)).first()
            if row is None or not (start_text.isdigit() and end_text.isdigit()):
                return EvidenceItem(ref, document_id, None, None, ref, None, None)
            start, end = int(start_text), int(end_text)
            return EvidenceItem(
                ref, document_id, row.title, row.published, row.text[start:end], start, end
            )
        event = connection.execute(
            select(schema.events, documents.c.title, documents.c.published)
            .join(documents, documents.c.id == schema.events.c.document_id)
            .where(schema.events.c.id == ref)
        ).first()
    if event is None:
        return EvidenceItem(ref, None, None, None, ref, None, None)
    return EvidenceItem(
        ref, event.document_id, event.title, event.published, event.sentence, event.start, event.end
    )


# -- forecasters -----------------------------------------------------------------------


@dataclass
class ForecasterView:
    name: str
    kind: str  # holder or outlet
    scores: list[Score]
    calibration: list[CalibrationBin]
    forecasts: list[ScoredLine] = field(default_factory=list)


def list_forecasters(store: Store) -> list[Score]:
    return ledger_views.kept_scores(store)


def load_forecaster_view(store: Store, name: str) -> ForecasterView:
    book = ledger.load_ledger(store)
    wanted = name.lower()
    holders = {f.holder.lower(): f.holder for f in book.forecasts}
    outlets = {o.lower(): o for o in book.outlets.values() if o}
    if wanted in holders:
        kind, exact = "holder", holders[wanted]
        mine = [s for s in book.scored if s.forecast.holder == exact]
        forecasts = [f for f in book.forecasts if f.holder == exact]
    elif wanted in outlets:
        kind, exact = "outlet", outlets[wanted]
        mine = [s for s in book.scored if s.outlet == exact]
        forecasts = [f for f in book.forecasts if book.outlets.get(f.document_id) == exact]
    else:
        known = sorted({*holders.values(), *outlets.values()})
        raise LookupFailed("forecaster", name, difflib.get_close_matches(name, known, 3))
    scored = {s.forecast.id: s for s in mine}
    scores = [
        s
        for s in ledger.scores_from(book.scored)
        if (s.holder == exact)
        or (kind == "outlet" and s.holder == ledger.ALL_HOLDERS and s.outlet == exact)
    ]
    bins = calibration([(float(s.forecast.question_probability or 0.0), s.happened) for s in mine])
    lines = [
        ScoredLine(
            f,
            book.outlets.get(f.document_id),
            scored[f.id].brier if f.id in scored else None,
            scored[f.id].log_score if f.id in scored else None,
        )
        for f in forecasts
    ]
    return ForecasterView(exact, kind, scores, bins, lines)


# -- overview --------------------------------------------------------------------------


@dataclass
class Overview:
    as_of: str | None
    open_questions: list[ledger.OpenQuestion]
    latest: list[DocumentSummary]
    counts: dict[str, int]


def load_overview(store: Store, pack: Pack) -> Overview:
    latest = list_documents(store, limit=10).items
    counts = {
        name: store.count(table)
        for name, table in (
            ("documents", schema.documents),
            ("events", schema.events),
            ("quotes", schema.quotes),
            ("forecasts", schema.forecasts),
            ("questions", schema.questions),
        )
    }
    with store.engine.connect() as connection:
        as_of = connection.execute(select(func.max(schema.documents.c.published))).scalar()
    return Overview(as_of, ledger_views.kept_aggregates(store, pack), latest, counts)


def forecasts_on(store: Store, question_id: str) -> list[Forecast]:
    return list_forecasts(store, RecordFilter(question=question_id), limit=PAGE_ROWS).items
