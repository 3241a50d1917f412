"""The ledger refreshed for new documents only: the outcome classes they can change.

Linking, proposing and resolving all go by *group*, an outcome class and a set of actors: a
forecast links only to a question of its class with the same actors (the parties of its
outcome), a proposal is made per group, and a question is resolved by events of its class's
types in which all its actors take part and by reports published after its deadline. New
documents can therefore change only the groups of their forecasts, the groups whose class
types and actors their events have, and the groups with a question whose closed window
(``closed_window_days`` after the deadline) their publication falls in. Those groups are
rebuilt with the ledger's own functions (``ledger.build_ledger_state``), each question fed
only the events that can bear on it: of its class's types, with its actors
(``event_actors``), dated in its window or undated, and the reports after its deadline that
name its actors. The rest of the ledger is left as it is.

A full refresh (``summitwatch refresh``) gives the same questions, links and kept views; a test
compares the two on the example corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    delete,
    exists,
    or_,
    select,
    update,
)

from summitwatch.analyze import ledger
from summitwatch.analyze.derived import record_kept
from summitwatch.analyze.ledger_views import KEPT_NAME, keep_part_of_views, ledger_key
from summitwatch.analyze.linking import add_duration, first_day, last_day
from summitwatch.analyze.parties import outcome_parties
from summitwatch.analyze.reliability import reliability_letter
from summitwatch.analyze.resolution import Evidence, Report, Resolution
from summitwatch.models import Event, Forecast, Question
from summitwatch.packs.pack import Pack
from summitwatch.store import rows, schema

CHUNK = 500


Group = tuple[str, frozenset[str]]  # an outcome class and a set of actor ids


def refresh_ledger_for(
    connection: Connection, pack: Pack, today: str, added: Sequence[str]
) -> None:
    """Bring the ledger up to date after ``added`` documents were stored (one transaction)."""
    stored = rows.load_questions(connection)
    groups = touched_groups(connection, pack, stored, added, today)
    unlink_classless(connection, added)
    if groups:
        rebuild_groups(connection, pack, today, stored, groups, added)
    record_kept(connection, KEPT_NAME, ledger_key(pack), today)


def question_group(question: Question) -> Group | None:
    if not question.outcome_class:
        return None
    return question.outcome_class, frozenset(question.actors)


def forecast_group(pack: Pack, forecast: Forecast) -> Group | None:
    """The group a forecast can link to: its class and its outcome's parties (as the ledger
    compares them, ``analyze/parties.py``)."""
    if not forecast.outcome_class or not forecast.outcome_actors:
        return None
    parties = outcome_parties(pack, forecast.outcome_actors, forecast.made_on)
    return forecast.outcome_class, frozenset(parties)


def rebuild_groups(
    connection: Connection,
    pack: Pack,
    today: str,
    stored: Sequence[Question],
    groups: frozenset[Group],
    added: Sequence[str],
) -> None:
    mine = [q for q in stored if question_group(q) in groups]
    forecasts = group_forecasts(connection, pack, groups)
    before = {f.id: ledger.link_of(f) for f in forecasts}
    evidence = QuestionEvidence(connection, pack, groups, today, {q.id: q for q in stored})
    evidence.note_new(added)
    questions = ledger.build_ledger_state(pack, mine, forecasts, evidence.for_question, today)
    kept = [q for q in questions if question_group(q) in groups]
    replace_questions(connection, [q.id for q in mine], kept)
    ledger.write_links(connection, [f for f in forecasts if before[f.id] != ledger.link_of(f)])
    part = ledger_part(connection, forecasts, {q.id: q for q in kept})
    keep_part_of_views(connection, pack, part, [*(q.id for q in mine), *(q.id for q in kept)])


# -- what the new documents touch -------------------------------------------------------


def touched_groups(
    connection: Connection,
    pack: Pack,
    stored: Sequence[Question],
    added: Sequence[str],
    today: str,
) -> frozenset[Group]:
    """The groups the new documents can change (and those merged with them)."""
    f, e, d = schema.forecasts, schema.events, schema.documents
    groups: set[Group] = set()
    for start in range(0, len(added), CHUNK):
        chunk = list(added[start : start + CHUNK])
        for row in connection.execute(select(f).where(f.c.document_id.in_(chunk))):
            group = forecast_group(pack, rows._build(Forecast, row))
            if group is not None:
                groups.add(group)
    events = [
        rows._build(Event, row)
        for start in range(0, len(added), CHUNK)
        for row in connection.execute(
            select(e).where(e.c.document_id.in_(list(added[start : start + CHUNK])))
        )
    ]
    published = [
        p
        for p in in_chunks(
            connection,
            lambda ids: select(d.c.published).where(d.c.id.in_(ids), d.c.published.is_not(None)),
            added,
        )
    ]
    country_of = {a.id: a.country for a in pack.actors if a.kind == "person" and a.country}
    for question in [*ledger.pack_questions(pack), *stored]:
        group = question_group(question)
        if group is None or group in groups:
            continue
        outcome = pack.outcome(question.outcome_class)
        types = set(outcome.types) if outcome else set()
        if any(e.type in types and takes_part_all(e, group[1], country_of) for e in events) or any(
            in_closed_window(question, pack, p, today) for p in published
        ):
            groups.add(group)
    return with_merges(frozenset(groups), stored)


def takes_part_all(event: Event, actors: frozenset[str], country_of: dict[str, str]) -> bool:
    """Every actor takes part in the event, as actor or recipient (a person for their state):
    what every outcome role requires at the least (``resolution.has_roles``)."""
    everyone = [*event.actors, *event.recipients]
    return bool(actors) and all(
        any(a == wanted or country_of.get(a) == wanted for a in everyone) for wanted in actors
    )


def in_closed_window(question: Question, pack: Pack, published: str, today: str) -> bool:
    policy = pack.policy(question.policy)
    deadline = last_day(question.deadline)
    if not policy.closed_window or deadline is None or today <= deadline:
        return False
    return deadline <= published <= add_duration(deadline, f"P{policy.closed_window_days}D")


def definition(question: Question) -> tuple[object, ...]:
    """What a question's resolution depends on besides the evidence."""
    return (
        question.outcome_class,
        frozenset(question.actors),
        question.opens,
        question.deadline,
        question.policy,
        question.resolved_by == "hand",
    )


def dated_in_window(value: str, question: Question) -> bool:
    """The value's days overlap the question's window (a date no path can read: False)."""
    first, last = first_day(value), last_day(value)
    if first is None or last is None:
        return False
    opens, deadline = first_day(question.opens), last_day(question.deadline)
    return (opens is None or last >= opens) and (deadline is None or first <= deadline)


def with_merges(groups: frozenset[Group], stored: Sequence[Question]) -> frozenset[Group]:
    """A merge joins two questions, perhaps of two groups: both are rebuilt together."""
    by_id = {q.id: q for q in stored}
    grown = set(groups)
    changed = True
    while changed:
        changed = False
        for q in stored:
            target = by_id.get(q.merged_into or "")
            if target is None:
                continue
            pair = {question_group(q), question_group(target)} - {None}
            if pair & grown and not pair <= grown:
                grown |= {g for g in pair if g is not None}
                changed = True
    return frozenset(grown)


def in_chunks(
    connection: Connection, query: Callable[[list[str]], Select[Any]], ids: Sequence[str]
) -> list[str]:
    """The first column of ``query`` over ids, a chunk at a time (every value a string)."""
    found: list[str] = []
    for start in range(0, len(ids), CHUNK):
        found.extend(str(v) for v in connection.scalars(query(list(ids[start : start + CHUNK]))))
    return found


# -- reading and writing one part of the ledger -----------------------------------------


def group_forecasts(connection: Connection, pack: Pack, groups: frozenset[Group]) -> list[Forecast]:
    table = schema.forecasts
    classes = sorted({c for c, _ in groups})
    query = (
        select(table)
        .where(table.c.outcome_class.in_(classes))
        .order_by(table.c.made_on, table.c.document_id, table.c.start)
    )
    found = (rows._build(Forecast, row) for row in connection.execute(query))
    return [f for f in found if forecast_group(pack, f) in groups]


def unlink_classless(connection: Connection, added: Sequence[str]) -> None:
    """A forecast without an outcome class links to no question (as a full refresh says)."""
    table = schema.forecasts
    for start in range(0, len(added), CHUNK):
        connection.execute(
            update(table)
            .where(
                table.c.document_id.in_(list(added[start : start + CHUNK])),
                table.c.outcome_class.is_(None),
                or_(table.c.question.is_not(None), table.c.question_probability.is_not(None)),
            )
            .values(question=None, question_probability=None)
        )


def replace_questions(
    connection: Connection, old_ids: Sequence[str], questions: Sequence[Question]
) -> None:
    notes = ledger.stored_notes(connection)
    table = schema.questions
    gone = sorted({*old_ids, *(q.id for q in questions)})
    for start in range(0, len(gone), CHUNK):
        connection.execute(delete(table).where(table.c.id.in_(gone[start : start + CHUNK])))
    values = [ledger.question_row(q, notes) for q in questions]
    if values:
        connection.execute(table.insert(), values)


def ledger_part(
    connection: Connection, forecasts: Sequence[Forecast], questions: dict[str, Question]
) -> ledger.Ledger:
    """The ledger of some classes: their forecasts (copies of a story left out, as in
    ``ledger.ledger_on``), their questions, and the outlets of their documents."""
    d = schema.documents
    ids = sorted({f.document_id for f in forecasts})
    outlets: dict[str, str | None] = {}
    copies: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        query = select(d.c.id, d.c.publisher, d.c.authors, d.c.story).where(
            d.c.id.in_(ids[start : start + CHUNK])
        )
        for row in connection.execute(query):
            outlets[row.id] = ledger.outlet_of(row.publisher, row.authors)
            if row.story is not None and row.story != row.id:
                copies.add(row.id)
    kept = [f for f in forecasts if f.document_id not in copies]
    return ledger.ledger_of(kept, questions, outlets)


# -- the evidence of one question ------------------------------------------------------


@dataclass
class QuestionEvidence:
    """Each question's evidence, read from the store when the ledger asks for it."""

    connection: Connection
    pack: Pack
    groups: frozenset[Group]  # the questions of other groups are not rebuilt: no evidence
    today: str
    stored: dict[str, Question]  # as the last refresh (this day) resolved them
    reports: dict[str, Report] = field(default_factory=dict)  # with the actors they name
    light: dict[str, Report] = field(default_factory=dict)  # actors not needed

    def __post_init__(self) -> None:
        self.country_of = {
            a.id: a.country for a in self.pack.actors if a.kind == "person" and a.country
        }
        self.known = frozenset(a.id for a in self.pack.actors)
        self.new_events: list[Event] = []
        self.new_published: list[str] = []

    def note_new(self, added: Sequence[str]) -> None:
        """The events and publication days of the new documents: what can change a question."""
        e, d = schema.events, schema.documents
        for start in range(0, len(added), CHUNK):
            chunk = list(added[start : start + CHUNK])
            found = self.connection.execute(select(e).where(e.c.document_id.in_(chunk)))
            self.new_events += [rows._build(Event, row) for row in found]
            days = select(d.c.published).where(d.c.id.in_(chunk), d.c.published.is_not(None))
            self.new_published += [str(p) for p in self.connection.scalars(days)]

    def unchanged(self, question: Question) -> Resolution | None:
        """The stored resolution of a question nothing new bears on: same definition, no new
        event of its types with all its actors in its window (or undated), no new report in
        its closed window."""
        before = self.stored.get(question.id)
        if before is None or definition(before) != definition(question):
            return None
        outcome = self.pack.outcome(question.outcome_class)
        types = set(outcome.types) if outcome else set()
        actors = frozenset(question.actors)
        for event in self.new_events:
            bears = event.type in types and takes_part_all(event, actors, self.country_of)
            if bears and (event.date is None or dated_in_window(event.date, question)):
                return None
        if any(in_closed_window(question, self.pack, p, self.today) for p in self.new_published):
            return None
        return Resolution(
            before.status,
            before.resolved_on,
            list(before.evidence),
            before.resolved_by,
            before.known_on,
        )

    def for_question(self, question: Question) -> Evidence | Resolution:
        outcome = self.pack.outcome(question.outcome_class)
        if outcome is None or not question.actors or question_group(question) not in self.groups:
            return Evidence({}, [], self.country_of, self.known)
        kept = self.unchanged(question)
        if kept is not None:
            return kept
        events = self.events_of(question, outcome.types)
        later = self.reports_after(question)
        reports = {r.id: r for r in later}
        for report in self.light_reports(e.document_id for e in events):
            reports.setdefault(report.id, report)
        return Evidence(reports, events, self.country_of, self.known)

    def expand(self, actor: str) -> list[str]:
        """The ids that stand for an actor: itself and the people acting for that state."""
        return sorted({actor, *(p for p, c in self.country_of.items() if c == actor)})

    def events_of(self, question: Question, types: Iterable[str]) -> list[Event]:
        table, links = schema.events, schema.event_actors
        opens, deadline = first_day(question.opens), last_day(question.deadline)
        window: list[ColumnElement[bool]] = []
        if opens:
            window.append(table.c.date_end >= opens)
        if deadline:
            window.append(table.c.date_start <= deadline)
        statement = select(table).where(
            table.c.type.in_(sorted(types)), or_(table.c.date.is_(None), and_(*window))
        )
        for actor in question.actors:
            statement = statement.where(
                exists().where(
                    links.c.event_id == table.c.id, links.c.actor_id.in_(self.expand(actor))
                )
            )
        # in the order, and built as, the full refresh reads them (rows.load_events)
        statement = statement.order_by(table.c.date, table.c.id)
        return [rows._build(Event, row) for row in self.connection.execute(statement)]

    def light_reports(self, document_ids: Iterable[str]) -> list[Report]:
        ids = set(document_ids)
        wanted = sorted(ids - set(self.light) - set(self.reports))
        d = schema.documents
        for start in range(0, len(wanted), CHUNK):
            query = select(d.c.id, d.c.published, d.c.publisher, d.c.authors, d.c.story).where(
                d.c.id.in_(wanted[start : start + CHUNK])
            )
            for row in self.connection.execute(query):
                self.light[row.id] = self.report_of(row, frozenset())
        return [r for i, r in {**self.light, **self.reports}.items() if i in ids]

    def report_of(self, row: object, actors: frozenset[str]) -> Report:
        outlet = ledger.outlet_of(row.publisher, row.authors)  # type: ignore[attr-defined]
        return Report(
            row.id,  # type: ignore[attr-defined]
            row.published,  # type: ignore[attr-defined]
            reliability_letter(self.pack, outlet),
            row.story or row.id,  # type: ignore[attr-defined]
            actors,
        )

    def reports_after(self, question: Question) -> list[Report]:
        """Reports published in the closed window that name every actor of the question
        (what ``by_closed_window`` counts), with the actors they name."""
        policy = self.pack.policy(question.policy)
        deadline = last_day(question.deadline)
        if not policy.closed_window or deadline is None or self.today <= deadline:
            return []  # by_closed_window reads no report then
        limit = add_duration(deadline, f"P{policy.closed_window_days}D")
        d, m, e, links = schema.documents, schema.mentions, schema.events, schema.event_actors
        statement = select(d.c.id, d.c.published, d.c.publisher, d.c.authors, d.c.story).where(
            d.c.published >= deadline, d.c.published <= limit
        )
        for actor in question.actors:
            ids = self.expand(actor)
            statement = statement.where(
                or_(
                    exists().where(m.c.document_id == d.c.id, m.c.actor_id.in_(ids)),
                    exists().where(
                        e.c.document_id == d.c.id,
                        links.c.event_id == e.c.id,
                        links.c.actor_id.in_(ids),
                    ),
                )
            )
        found = [row for row in self.connection.execute(statement)]
        missing = [row for row in found if row.id not in self.reports]
        named = self.named_actors([row.id for row in missing])
        for row in missing:
            self.reports[row.id] = self.report_of(row, frozenset(named.get(row.id, set())))
        return [self.reports[row.id] for row in found]

    def named_actors(self, document_ids: Sequence[str]) -> dict[str, set[str]]:
        """The canonical actors each document names (mentions, and its events' parties)."""
        m, e, links = schema.mentions, schema.events, schema.event_actors
        named: dict[str, set[str]] = {}
        for start in range(0, len(document_ids), CHUNK):
            chunk = list(document_ids[start : start + CHUNK])
            mentions = select(m.c.document_id, m.c.actor_id).where(
                m.c.document_id.in_(chunk), m.c.actor_id.is_not(None)
            )
            parties = (
                select(e.c.document_id, links.c.actor_id)
                .join(links, links.c.event_id == e.c.id)
                .where(e.c.document_id.in_(chunk))
            )
            for query in (mentions, parties):
                for row in self.connection.execute(query):
                    named.setdefault(row.document_id, set()).add(row.actor_id)
        return named
