"""The ledger over a store: refresh, users' questions (add, edit, merge, accept), hand
resolutions and ``as_of``, with documents and events written through the store."""

from __future__ import annotations

from datetime import date

import pytest

from summitwatch.analyze import ledger, question_edits
from summitwatch.models import Author, Document, Event, Mention
from summitwatch.pipeline import Analysis, Pipeline, Stage
from summitwatch.settings import Settings
from summitwatch.store import rows
from summitwatch.store.database import Store
from tests.analyze.test_ledger import PACK

GIVEN = Stage(name="given", version="1", requires=(), assigns=("mentions", "events"), run=print)


def save(store: Store, text: str, published: date, publisher: str, events: list[Event]) -> str:
    document = Document(
        text=text,
        source=f"{publisher}-{published}",
        authors=[Author("A. Writer")],
        publisher=publisher,
        published=published,
    )
    analysis = Analysis(document=document)
    analysis.mentions = [
        Mention(0, 5, "Envoy", "envoy", "person"),
        Mention(6, 14, "Minister", "minister", "person"),
    ]
    analysis.events = [
        Event(
            id=f"ev-{document.id}-{i}",
            document_id=document.id,
            type=e.type,
            start=e.start,
            end=e.end,
            sentence=e.sentence,
            modality=e.modality,
            actors=e.actors,
            recipients=e.recipients,
            date=e.date,
        )
        for i, e in enumerate(events)
    ]
    store.save_analysis(analysis, Pipeline((GIVEN,)))
    return document.id


def meeting(day: str, modality: str = "asserted") -> Event:
    return Event(
        id="x",
        document_id="x",
        type="CONSULT",
        start=0,
        end=10,
        sentence="The envoy met the minister.",
        modality=modality,  # type: ignore[arg-type]
        actors=["envoy"],
        recipients=["minister"],
        date=day,
    )


@pytest.fixture
def store(sqlite_settings: Settings) -> Store:
    store = Store(sqlite_settings.db_url)
    save(store, "Envoy Minister met.", date(2029, 9, 12), "Wire", [meeting("2029-09-10")])
    save(
        store,
        "Envoy Minister planned.",
        date(2035, 3, 1),
        "Gazette",
        [meeting("2035-05", "planned")],
    )
    ledger.refresh_ledger(store, PACK, as_of="2036-12-31")
    return store


def questions(store: Store) -> dict[str, object]:
    with store.engine.connect() as connection:
        return {q.id: q for q in rows.load_questions(connection)}


def test_refresh_writes_structured_questions_and_resolutions(store: Store) -> None:
    stored = ledger.load_ledger(store).questions
    first = stored["meet-2030"]
    assert first.outcome_class == "meeting" and first.actors == ["envoy", "minister"]
    assert (first.status, first.resolved_on, first.known_on) == ("yes", "2029-09-10", "2029-09-12")
    assert first.resolved_by == "event" and first.origin == "pack"
    # the same meeting settles the longer window; the planned one is no evidence
    later = stored["meet-2035"]
    assert later.status == "yes" and later.resolved_on == "2029-09-10"
    assert len(later.evidence) == 1


def test_question_as_of_resolves_with_what_was_known(store: Store) -> None:
    before = ledger.question_as_of(store, PACK, "meet-2030", "2029-09-11")
    assert before is not None and before.status == "open"
    after = ledger.question_as_of(store, PACK, "meet-2030", "2029-09-12")
    assert after is not None and after.status == "yes"
    assert ledger.question_as_of(store, PACK, "nope", "2029-09-12") is None


def test_users_add_edit_merge_and_their_decisions_persist(store: Store) -> None:
    added = question_edits.add_question(
        store, PACK, "meeting", ["envoy", "minister"], "2031-12-31", opens="2030-07-01"
    )
    assert added.origin == "user" and added.id in questions(store)
    edited = question_edits.edit_question(store, PACK, "meet-2035", by="2034-12-31")
    assert edited.origin == "user" and edited.deadline == "2034-12-31"
    question_edits.merge_questions(store, PACK, "meet-2035", added.id)
    ledger.refresh_ledger(store, PACK, as_of="2036-12-31")
    after = ledger.load_ledger(store).questions
    assert after[added.id].merged_into == "meet-2035"
    assert after["meet-2035"].deadline == "2034-12-31"
    with pytest.raises(question_edits.QuestionEditError, match="unknown outcome class"):
        question_edits.add_question(store, PACK, "wedding", ["envoy"], "2031-12-31")
    with pytest.raises(question_edits.QuestionEditError, match="unknown actor"):
        question_edits.add_question(store, PACK, "meeting", ["envoy", "ghost"], "2031-12-31")
    with pytest.raises(question_edits.QuestionEditError, match="YYYY-MM-DD"):
        question_edits.add_question(store, PACK, "meeting", ["envoy"], "2031-02-30")


def test_accept_only_a_proposed_question(store: Store) -> None:
    with pytest.raises(question_edits.QuestionEditError, match="not a proposed"):
        question_edits.accept_question(store, PACK, "meet-2030")


def test_hand_resolution_wins_and_persists(store: Store) -> None:
    question_edits.resolve_by_hand(store, PACK, "meet-2035", "no", date(2035, 12, 31), "my note")
    ledger.refresh_ledger(store, PACK, as_of="2036-12-31")
    question = ledger.load_ledger(store).questions["meet-2035"]
    assert question.status == "no" and question.evidence == ["my note"]
    assert question.resolved_by == "hand"
    with pytest.raises(KeyError):
        question_edits.resolve_by_hand(store, PACK, "nope", "yes", date(2030, 5, 1), "x")
