"""One event per predicate, traps read from the parse, dates by tense, factuality on events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from summitwatch.extract.events import detect_events
from summitwatch.extract.language import load_nlp
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Analysis, Document, Event, Mention, Timex
from summitwatch.packs.pack import Pack, PackActor, Place
from summitwatch.settings import Settings

PUBLISHED = date(2031, 5, 20)  # a Tuesday


@pytest.fixture(scope="module")
def nlp() -> Any:
    model = load_nlp(Settings().spacy_model)
    if model is None:
        pytest.skip("these rules read the dependency parse: no statistical model installed")
    return model


@pytest.fixture(scope="module")
def pack() -> Pack:
    return Pack(
        name="test",
        actors=[
            PackActor("ruritania", "Ruritania", "state", country="RUR", sector="GOV"),
            PackActor("freedonia", "Freedonia", "state", country="FRE", sector="GOV"),
            PackActor("rudolf", "Rudolf Rassendyll", "person", country="RUR", sector="GOV"),
            PackActor("rufus", "Rufus Firefly", "person", country="FRE", sector="GOV"),
        ],
        places=[Place("strelsau", "Strelsau", "RUR")],
    )


def mentions_of(text: str, names: dict[str, str]) -> list[Mention]:
    out = []
    for name, actor_id in names.items():
        if name in text:
            start = text.index(name)
            kind = "person" if actor_id in ("rudolf", "rufus") else "state"
            out.append(Mention(start, start + len(name), name, actor_id, kind))
    return out


NAMES = {"Ruritania": "ruritania", "Freedonia": "freedonia", "Rudolf": "rudolf", "Rufus": "rufus"}


def run(text: str, nlp: Any, pack: Pack, timexes: Sequence[Timex] = ()) -> list[Event]:
    analysis = Analysis(
        document=Document(text=text, source="test", published=PUBLISHED),
        sentences=split_sentences(text),
        timexes=list(timexes),
        mentions=mentions_of(text, NAMES),
    )
    return detect_events(analysis, nlp, pack)


def timex(text: str, phrase: str, value: str) -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, "DATE", value)


def test_a_cancellation_is_a_refusal_dated_when_made_and_the_meeting_is_not_asserted(
    nlp: Any, pack: Pack
) -> None:
    text = "Ruritania abruptly cancelled the planned summit with Freedonia on Monday."
    found = run(text, nlp, pack, [timex(text, "Monday", "2031-05-19")])
    assert [(e.type, e.mode) for e in found] == [("REJECT", "meet")]
    (cancel,) = found
    assert cancel.main and cancel.factuality == "CT+" and cancel.date == "2031-05-19"
    assert cancel.actors == ["ruritania"]
    assert not any(e.type == "CONSULT" for e in found)


def test_one_event_per_predicate_the_governing_one(nlp: Any, pack: Pack) -> None:
    found = run("Ruritania agreed to hold talks with Freedonia.", nlp, pack)
    assert [e.type for e in found] == ["AGREE"] and found[0].main


@pytest.mark.parametrize(
    "text",
    [
        "The envoys walked through the truce village at dawn.",
        "For Freedonia, a lasting deal is a long shot.",
        "It beats waiting for another round of letters.",
        "Freedonia denies holding weapons of mass destruction.",
        "The missile launch site stood empty.",
    ],
)
def test_words_that_name_no_act_are_no_events(text: str, nlp: Any, pack: Pack) -> None:
    found = run(text, nlp, pack)
    assert not [e for e in found if e.type in ("ASSAULT", "RETREAT", "MOBILIZE")], [
        (e.type, e.trigger) for e in found
    ]


def test_an_attack_in_words_is_criticism(nlp: Any, pack: Pack) -> None:
    found = run("Rudolf attacked Rufus over his remarks on the border.", nlp, pack)
    assert [e.type for e in found] == ["ACCUSE"]


def test_a_weekday_in_a_past_clause_resolves_backwards(nlp: Any, pack: Pack) -> None:
    text = "Ruritania's abrupt pullout from the talks Wednesday stunned Freedonia."
    # the tagger read "Wednesday" forwards; the past-tense clause says it was last week's
    (event,) = [e for e in run(text, nlp, pack, [timex(text, "Wednesday", "2031-05-21")])]
    assert event.date == "2031-05-14"


def test_a_weekday_in_a_scheduled_clause_resolves_forwards(nlp: Any, pack: Pack) -> None:
    text = "The meeting between Rudolf and Rufus is set to take place Thursday."
    found = run(text, nlp, pack, [timex(text, "Thursday", "2031-05-15")])
    meeting = next(e for e in found if e.type == "CONSULT")
    assert meeting.date == "2031-05-22"
    assert meeting.factuality != "CT+" and meeting.modality == "planned"


def test_since_taking_office_in_january_is_a_past_january(nlp: Any, pack: Pack) -> None:
    text = "Rudolf has met Rufus twice since taking office in January."
    found = run(text, nlp, pack, [timex(text, "January", "2032-01")])
    assert next(e for e in found if e.type == "CONSULT").date == "2031-01"


def test_a_dateline_city_is_not_the_place_of_the_event(nlp: Any, pack: Pack) -> None:
    found = run("STRELSAU — Rudolf met Rufus at the border on Monday.", nlp, pack)
    assert found and all(e.location is None for e in found)
    found = run("Rudolf met Rufus in Strelsau on Monday.", nlp, pack)
    assert any(e.location == "strelsau" for e in found)


def test_factuality_of_negated_planned_and_reported_events(nlp: Any, pack: Pack) -> None:
    (negated,) = run("Rudolf did not meet Rufus during the visit.", nlp, pack)
    assert negated.factuality in ("CT-", "PR-") and negated.modality == "negated"
    planned = run("Rudolf is expected to meet Rufus in Strelsau next month.", nlp, pack)
    assert [(e.type, e.modality) for e in planned] == [("CONSULT", "planned")]
    assert planned[0].factuality in ("PR+", "PS+", "Uu")
    # PLOVER: a future cooperative act is the promise it makes, made now (AGREE, certain)
    (promise,) = run("Ruritania will give Freedonia a loan.", nlp, pack)
    assert promise.type == "AGREE" and promise.factuality == "CT+"
    reported = run("Freedonia said Rudolf met Rufus in secret.", nlp, pack)
    meeting = next(e for e in reported if e.type == "CONSULT")
    assert meeting.factuality_source == "freedonia" and meeting.modality == "reported"
