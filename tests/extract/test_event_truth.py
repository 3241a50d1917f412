"""Events that did or did not happen: the coding rules of issue 11 read from the parse.

Sentences are our own, about the test pack's made-up states (Ruritania, Freedonia).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from summitwatch.extract.events import detect_events
from summitwatch.extract.language import load_nlp
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Document, Event, Mention, Timex
from summitwatch.packs.pack import Episode, Pack, PackActor, Place
from summitwatch.pipeline import Analysis
from summitwatch.settings import Settings

PUBLISHED = date(2031, 5, 23)  # a Friday


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp(Settings().spacy_model)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return Pack(
        name="test",
        actors=[
            PackActor("ruritania", "Ruritania", "state", country="RUR"),
            PackActor("freedonia", "Freedonia", "state", country="FRE"),
        ],
        places=[
            Place("strelsau", "Strelsau", "RUR"),
            Place("zenda", "Zenda Castle", "RUR"),
        ],
        episodes=[
            Episode(
                "castle-summit",
                "Castle summit",
                start="2029-07-14",
                participants=["ruritania", "freedonia"],
                place="zenda",
            )
        ],
    )


def named(text: str) -> list[Mention]:
    out = []
    for name, actor in (("Ruritania", "ruritania"), ("Freedonia", "freedonia")):
        start = text.find(name)
        while start >= 0:
            out.append(Mention(start, start + len(name), name, actor))
            start = text.find(name, start + 1)
    return sorted(out, key=lambda m: m.start)


def run(text: str, nlp: Any, pack: Pack, timexes: list[Timex] | None = None) -> list[Event]:
    document = Document(text=text, source="test", published=PUBLISHED)
    analysis = Analysis(
        document=document,
        sentences=split_sentences(text),
        timexes=timexes or [],
        mentions=named(text),
    )
    return detect_events(analysis, nlp, pack)


def stamp(text: str, phrase: str, value: str) -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, "DATE", value)


def summary(events: list[Event]) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.factuality, e.trigger) for e in events]


def test_talk_of_a_meeting_is_no_meeting(nlp: Any, pack: Pack) -> None:
    text = "Talk of another Ruritania-Freedonia meeting gained traction this week."
    found = run(text, nlp, pack)
    assert not [e for e in found if e.type == "CONSULT" and e.factuality == "CT+"], summary(found)


def test_a_gift_promised_unless_a_deal_is_a_threat(nlp: Any, pack: Pack) -> None:
    text = "Ruritania had promised a gift for Freedonia if no deal was struck."
    assert [e.type for e in run(text, nlp, pack)][:1] == ["THREATEN"]


def test_never_again_gifting_meetings_is_an_asserted_refusal(nlp: Any, pack: Pack) -> None:
    text = "Ruritania said it would never again gift Freedonia with high-profile meetings."
    found = run(text, nlp, pack)
    refusal = next(e for e in found if e.type == "REJECT")
    assert refusal.factuality == "CT+" and "ruritania" in refusal.actors, summary(found)


def test_both_sides_holding_talks_is_a_planned_meeting(nlp: Any, pack: Pack) -> None:
    text = "Ruritania and Freedonia will hold follow-up negotiations, the statement said."
    event = run(text, nlp, pack)[0]
    assert (event.type, event.modality) == ("CONSULT", "planned")


def test_vowing_a_moratorium_on_tests_is_a_promise(nlp: Any, pack: Pack) -> None:
    text = "Ruritania vowed to maintain its moratorium on missile launches and nuclear tests."
    assert run(text, nlp, pack)[0].type == "AGREE"


def test_not_ruling_out_a_meeting_leaves_it_possible(nlp: Any, pack: Pack) -> None:
    text = "Experts said they don't rule out the possibility of a meeting with Freedonia."
    found = run(text, nlp, pack)
    assert [e.type for e in found] == ["CONSULT"], summary(found)
    assert found[0].modality == "hypothetical"


def test_a_proposed_meeting_with_a_date_is_planned_beside_the_proposal(
    nlp: Any, pack: Pack
) -> None:
    text = (
        "Ruritania tweeted on Friday, publicly proposing Freedonia meet it at the border on Sunday."
    )
    stamps = [stamp(text, "Friday", "2031-05-23"), stamp(text, "Sunday", "2031-05-18")]
    found = run(text, nlp, pack, stamps)
    meeting = next(e for e in found if e.type == "CONSULT")
    assert meeting.date == "2031-05-25"  # the Sunday after the proposal, not before it
    assert meeting.factuality != "CT+"
    assert any(e.type == "AGREE" for e in found)


def test_a_past_phrasal_set_off_is_no_schedule(nlp: Any, pack: Pack) -> None:
    text = (
        "That set off a flurry of activity, including Ruritania's Thursday meeting with Freedonia."
    )
    found = run(text, nlp, pack, [stamp(text, "Thursday", "2031-05-29")])
    assert found[0].date == "2031-05-22" and found[0].modality != "planned", summary(found)


def test_a_summit_ahead_of_which_something_happened_is_not_dated_by_it(
    nlp: Any, pack: Pack
) -> None:
    text = "Ruritania announced the halt in April 2030, ahead of a summit with Freedonia."
    found = run(text, nlp, pack, [stamp(text, "April 2030", "2030-04")])
    summit = next(e for e in found if e.trigger == "summit")
    assert summit.date is None


def test_an_episode_in_the_place_and_month_gives_the_day_not_the_actors(
    nlp: Any, pack: Pack
) -> None:
    text = "Ruritania has had two meetings at Zenda Castle in July 2029."
    event = run(text, nlp, pack, [stamp(text, "July 2029", "2029-07")])[0]
    assert (event.episode, event.date) == ("castle-summit", "2029-07-14")
    assert "freedonia" not in event.actors + event.recipients


def test_a_leader_presence_abroad_is_a_visit(nlp: Any, pack: Pack) -> None:
    text = "The king's presence in Strelsau for the anniversary was a signal."
    assert run(text, nlp, pack)[0].type == "CONSULT"


def test_a_planned_meeting_is_not_dated_by_an_earlier_year(nlp: Any, pack: Pack) -> None:
    text = "Ruritania and Freedonia plan to meet again after their first summit last year."
    found = run(text, nlp, pack, [stamp(text, "last year", "2030")])
    meeting = next(e for e in found if e.trigger == "meet")
    assert meeting.date is None and meeting.modality == "planned", summary(found)


def test_a_reporter_is_the_he_of_the_clause_he_reports(nlp: Any, pack: Pack) -> None:
    text = (
        "When the Freedonian envoy was in Strelsau, the king told reporters he would like "
        "to meet Freedonia before the year was out."
    )
    king = text.index("the king")
    he = text.index(" he ") + 1
    mentions = [
        Mention(
            text.index("the Freedonian envoy"),
            text.index(" was in"),
            "the Freedonian envoy",
            "freedonia",
            "person",
        ),
        Mention(king, king + len("the king"), "the king", "ruritania", "person"),
        Mention(he, he + 2, "he", "freedonia", "pronoun"),  # the pronoun stage's guess
    ]
    document = Document(text=text, source="test", published=PUBLISHED)
    analysis = Analysis(
        document=document,
        sentences=split_sentences(text),
        timexes=[stamp(text, "the year", "2031")],
        mentions=mentions,
    )
    event = detect_events(analysis, nlp, pack)[0]
    assert event.actors == ["ruritania"]
    assert event.date != "2031"  # "before the year was out" is a deadline, not its date


def test_walking_away_from_a_summit_is_dated_by_the_summit(nlp: Any, pack: Pack) -> None:
    text = "Ruritania abruptly walked away from the 2027 Strelsau summit without a deal."
    found = run(text, nlp, pack, [stamp(text, "2027", "2027")])
    walkout = next(e for e in found if e.type in ("REJECT", "RETREAT"))
    assert walkout.date == "2027", summary(found)


def test_pulling_out_of_a_summit_is_not_dated_by_the_summit(nlp: Any, pack: Pack) -> None:
    # a withdrawal may come weeks before the meeting it cancels
    text = "Ruritania pulled out of the June 12 summit with Freedonia."
    found = run(text, nlp, pack, [stamp(text, "June 12", "2031-06-12")])
    withdrawal = next(e for e in found if e.type in ("REJECT", "RETREAT"))
    assert withdrawal.date != "2031-06-12", summary(found)
