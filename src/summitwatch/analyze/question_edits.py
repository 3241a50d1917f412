"""What users decide about questions: add, edit, merge, accept a proposal, resolve by hand.

Each decision is written to the store's ``questions`` table, where the ledger keeps it across
refreshes (``ledger.current_questions``), then the ledger is refreshed so that forecasts link
to the new shape. Bad input raises :class:`QuestionEditError` with one line saying why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import Connection, delete

from summitwatch.analyze.ledger import current_questions, question_row
from summitwatch.analyze.linking import last_day
from summitwatch.analyze.proposals import minimum_actors
from summitwatch.analyze.refresh import refresh_ledger_views as refresh_ledger
from summitwatch.models import Question
from summitwatch.packs.pack import Pack
from summitwatch.store import rows, schema
from summitwatch.store.database import Store


class QuestionEditError(ValueError):
    """A question that cannot be added or changed as asked."""


def known_questions(connection: Connection, pack: Pack) -> dict[str, Question]:
    stored = rows.load_questions(connection)
    by_id = {q.id: q for q in current_questions(pack, stored)}
    by_id.update({q.id: q for q in stored if q.id not in by_id})
    return by_id


def save_question(connection: Connection, question: Question, note: str | None = None) -> None:
    connection.execute(delete(schema.questions).where(schema.questions.c.id == question.id))
    row = question_row(question, {question.id: note})
    connection.execute(schema.questions.insert().values(**row))


def check_date(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QuestionEditError(f"{what} must be a date YYYY-MM-DD, not {value!r}") from None


def check_structure(pack: Pack, outcome: str | None, actors: list[str]) -> None:
    if pack.outcome(outcome) is None:
        known = ", ".join(o.id for o in pack.outcomes)
        raise QuestionEditError(f"unknown outcome class {outcome!r} (the pack has: {known})")
    found = pack.outcome(outcome)
    if found is not None and len(set(actors)) < minimum_actors(found):
        raise QuestionEditError(f"a {outcome} question needs actors on two sides, not {actors}")
    if not actors:
        raise QuestionEditError("a question needs at least one actor")
    unknown = [a for a in actors if pack.actor(a) is None]
    if unknown:
        raise QuestionEditError(f"unknown actor id(s) {unknown} (see the pack's actors.yaml)")


def describe(pack: Pack, outcome: str, actors: list[str], deadline: str) -> str:
    names = [found.name if (found := pack.actor(a)) else a for a in actors]
    what = found_outcome.name if (found_outcome := pack.outcome(outcome)) else outcome
    return f"{' and '.join(names)}: {what}, by {deadline}"


def add_question(
    store: Store,
    pack: Pack,
    outcome: str,
    actors: list[str],
    by: str,
    text: str | None = None,
    opens: str | None = None,
    question_id: str | None = None,
) -> Question:
    deadline = check_date(by, "--by")
    opening = check_date(opens, "--opens") or date.today().isoformat()
    check_structure(pack, outcome, actors)
    assert deadline is not None
    if opening > deadline:
        raise QuestionEditError(f"the window opens ({opening}) after its deadline ({deadline})")
    new_id = question_id or f"user-{outcome}-{'-'.join(actors)}-by-{deadline}"[:80]
    question = Question(
        id=new_id,
        text=text or describe(pack, outcome, actors, deadline),
        deadline=deadline,
        outcome_class=outcome,
        actors=list(actors),
        opens=opening,
        origin="user",
    )
    with store.engine.begin() as connection:
        if new_id in known_questions(connection, pack):
            raise QuestionEditError(f"a question {new_id!r} exists already (use questions edit)")
        save_question(connection, question)
    refresh_ledger(store, pack)
    return question


def edit_question(
    store: Store,
    pack: Pack,
    question_id: str,
    text: str | None = None,
    by: str | None = None,
    opens: str | None = None,
    actors: list[str] | None = None,
    outcome: str | None = None,
) -> Question:
    """Change a question; an edited pack question becomes the user's (it wins over the pack)."""
    with store.engine.begin() as connection:
        known = known_questions(connection, pack)
        if question_id not in known:
            raise QuestionEditError(f"no question {question_id!r}")
        base = known[question_id]
        edited = replace(
            base,
            text=text or base.text,
            deadline=check_date(by, "--by") or base.deadline,
            opens=check_date(opens, "--opens") or base.opens,
            actors=list(actors) if actors else base.actors,
            outcome_class=outcome or base.outcome_class,
            origin="user" if base.origin == "pack" else base.origin,
            proposed=False,
        )
        check_structure(pack, edited.outcome_class, edited.actors)
        if edited.opens and edited.deadline and edited.opens > edited.deadline:
            raise QuestionEditError("the window opens after its deadline")
        save_question(connection, edited)
    refresh_ledger(store, pack)
    return edited


def merge_questions(store: Store, pack: Pack, keep: str, absorbed: str) -> Question:
    """``absorbed`` becomes part of ``keep``: its forecasts link to ``keep`` from now on."""
    if keep == absorbed:
        raise QuestionEditError("cannot merge a question into itself")
    with store.engine.begin() as connection:
        known = known_questions(connection, pack)
        for question_id in (keep, absorbed):
            if question_id not in known:
                raise QuestionEditError(f"no question {question_id!r}")
        if known[keep].merged_into == absorbed:
            raise QuestionEditError(f"{keep!r} is already merged into {absorbed!r}")
        merged = replace(known[absorbed], merged_into=keep)
        if merged.origin == "forecast":
            merged.proposed = False  # kept, so that the merge persists
        save_question(connection, merged)
        if known[keep].origin == "forecast" and known[keep].proposed:
            save_question(connection, replace(known[keep], proposed=False))
    refresh_ledger(store, pack)
    return merged


def accept_question(store: Store, pack: Pack, question_id: str) -> Question:
    """A proposed question becomes a question of the ledger like any other."""
    with store.engine.begin() as connection:
        known = known_questions(connection, pack)
        question = known.get(question_id)
        if question is None:
            raise QuestionEditError(f"no question {question_id!r}")
        if not question.proposed:
            raise QuestionEditError(f"{question_id!r} is not a proposed question")
        accepted = replace(question, proposed=False)
        save_question(connection, accepted)
    refresh_ledger(store, pack)
    return accepted


def resolve_by_hand(
    store: Store, pack: Pack, question_id: str, answer: str, on: date, evidence: str
) -> Question:
    """Record a hand resolution; it persists and wins over evidence found later."""
    if answer not in ("yes", "no"):
        raise ValueError(f"answer must be yes or no, not {answer!r}")
    with store.engine.begin() as connection:
        known = known_questions(connection, pack)
        if question_id not in known:
            raise KeyError(question_id)
        base = known[question_id]
        if last_day(base.deadline) is None and base.deadline:
            raise QuestionEditError(f"question {question_id!r} has no valid deadline")
        resolved = replace(
            base,
            status="yes" if answer == "yes" else "no",
            resolved_on=on.isoformat(),
            evidence=[evidence],
            resolved_by="hand",
            known_on=on.isoformat(),
            proposed=False,
        )
        save_question(connection, resolved, note=evidence)
        return resolved
