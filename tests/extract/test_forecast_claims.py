"""Forecasts as news writers state them: holders from the parse and quotes, modal filters,
predicates with negation, structured outcomes and grouped restatements (issue 12).

All sentences here are written for these tests. The parse-based tests need the spaCy model.
"""

from __future__ import annotations

from datetime import date

import pytest

from summitwatch.extract.estimative import find_estimates
from summitwatch.extract.forecast_groups import group_judgments
from summitwatch.extract.forecast_outcome import (
    Parties,
    PartyContext,
    classify_outcome,
    complete_parties,
    outcome_actors,
)
from summitwatch.extract.forecasts import extract_forecasts
from summitwatch.extract.language import load_nlp
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Author, Document, Forecast, Mention, Quote, Timex
from summitwatch.settings import DEFAULT_SPACY_MODEL

NLP = load_nlp(DEFAULT_SPACY_MODEL)
needs_model = pytest.mark.skipif(NLP is None, reason="the spaCy English model is not installed")


def read(
    text: str, quotes: list[Quote] | None = None, timexes: list[Timex] | None = None
) -> list[Forecast]:
    document = Document(
        text=text,
        source="test",
        authors=[Author("Ann Analyst")],
        published=date(2024, 3, 1),
    )
    return extract_forecasts(
        document,
        split_sentences(text),
        timexes or [],
        doc=NLP(text) if NLP is not None else None,
        quotes=quotes or [],
    )


def only(text: str, quotes: list[Quote] | None = None) -> Forecast:
    found = read(text, quotes)
    assert len(found) == 1, [(f.statement, f.phrase) for f in found]
    return found[0]


# -- what is not a forecast ------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The two leaders will meet alone for a twenty-minute conversation.",
        "The envoy is expected to arrive in Seoul next week.",
        "Sanctions will remain until the North gives up its weapons.",
        "Hopefully this will not be necessary.",
        "The visit will show whether the thaw is real.",
        "It will be the first time a sitting president sets foot there.",
        "Twenty-six percent say the president will ask for too much.",
        "We will never accept such a humiliating bargain.",
        "Never again will we hand the chairman another photo opportunity.",
    ],
)
def test_schedules_policies_hopes_and_vows_are_not_forecasts(sentence: str) -> None:
    assert read(sentence) == []


def test_a_reported_plan_is_not_a_forecast() -> None:
    assert read("A senior official said Pyongyang will not answer the letters.") == []


def test_month_may_is_never_a_modal() -> None:
    assert find_estimates("the two would meet by May") == [] or all(
        e.phrase_id != "may" for e in find_estimates("the two would meet by May")
    )
    forecast = only("A deal is unlikely before late May.")
    assert forecast.phrase == "unlikely"


# -- predicates, negation and scope ----------------------------------------------------


@needs_model
def test_expectation_predicate_belongs_to_its_subject() -> None:
    forecast = only("Most analysts expect the talks to resume.")
    assert forecast.holder == "Most analysts" and forecast.holder_kind == "group"
    assert forecast.attributed
    assert forecast.outcome == "the talks resume"
    assert 0.55 <= forecast.probability <= 0.8


@needs_model
def test_playing_down_the_likelihood_is_a_low_probability() -> None:
    forecast = only("Officials have downplayed the likelihood that a deal will emerge soon.")
    assert forecast.probability <= 0.25
    assert forecast.holder == "Officials"
    assert forecast.outcome.startswith("a deal emerges")


@needs_model
def test_not_ruling_out_keeps_the_outcome_affirmative() -> None:
    forecast = only("Experts do not rule out a fourth meeting before the election.")
    assert 0.1 <= forecast.probability <= 0.45
    assert forecast.holder == "Experts" and forecast.holder_kind == "group"
    assert forecast.outcome == "a fourth meeting before the election happens"


@needs_model
def test_negation_inside_the_complement_moves_into_the_probability() -> None:
    forecast = only("There is a very substantial chance that the summit won't work out.")
    assert forecast.outcome == "the summit works out"
    assert forecast.probability <= 0.3


# -- holders ---------------------------------------------------------------------------


@needs_model
def test_reported_speech_has_the_reporting_subject_as_holder() -> None:
    forecast = only("Diplomatic experts said another summit is unlikely this year.")
    assert forecast.holder == "Diplomatic experts" and forecast.holder_kind == "group"
    assert forecast.attributed


@needs_model
def test_a_judgment_inside_a_quote_belongs_to_the_speaker() -> None:
    text = "“I am highly doubtful that there will be another summit,” Jane Roe told reporters."
    start = text.index("I am")
    quote = Quote("q1", "doc", text[start : text.index("”")], start, text.index("”"))
    quote.speaker_text = "Jane Roe"
    forecast = only(text, [quote])
    assert forecast.holder == "Jane Roe" and forecast.attributed
    assert forecast.holder_kind == "person"
    assert forecast.probability <= 0.2
    assert forecast.outcome.startswith("there is another summit")


@needs_model
def test_the_author_holds_an_unattributed_judgment() -> None:
    forecast = only("Pyongyang is likely to pivot away from talks.")
    assert forecast.holder == "Ann Analyst" and forecast.holder_kind == "author"
    assert not forecast.attributed


# -- structured outcome and judgment groups --------------------------------------------


def test_outcome_classes_come_from_the_text() -> None:
    assert classify_outcome("Kim and Trump meet in Singapore") == ("meeting", True)
    assert classify_outcome("the North conducts a seventh nuclear test")[0] == "nuclear-test"
    assert classify_outcome("Washington lifts some sanctions")[0] == "sanctions-lifted"
    assert classify_outcome("the talks collapse") == ("talks", False)
    assert classify_outcome("the weather improves") == (None, True)


def test_window_from_a_deadline_starts_when_the_forecast_was_made() -> None:
    text = "A summit is unlikely before the end of 2026."
    at = text.index("the end of 2026")
    timex = Timex(at, at + len("the end of 2026"), "the end of 2026", "DATE", "2026")
    forecast = read(text, timexes=[timex])[0]
    assert forecast.outcome_class == "meeting"
    assert (forecast.window_start, forecast.window_end) == ("2024-03-01", "2026")


def test_restatements_are_one_judgment_scored_once() -> None:
    text = (
        "Kim is unlikely to respond to the overture. The regime has other friends now. "
        "In reality, it is quite unlikely that Kim will respond to the overture."
    )
    found = read(text)
    assert len(found) == 2
    assert found[0].judgment == found[1].judgment
    representatives = [f for f in found if f.representative]
    assert len(representatives) == 1
    best = representatives[0]
    assert best.judgment == best.id and best.phrase == "quite unlikely"
    assert best.restatements == [f.id for f in found if f is not best]


def test_opposite_leanings_stay_separate_judgments() -> None:
    one = Forecast("a", "d", "X", "s", "Kim visits Seoul", 0.8, 0, 1, outcome_class="visit")
    two = Forecast("b", "d", "X", "s", "Kim visits Seoul", 0.1, 2, 3, outcome_class="visit")
    group_judgments([one, two])
    assert one.judgment != two.judgment
    assert one.representative and two.representative


# -- holders that are things, datelines, leads that name the source next (issue 12) -----


@needs_model
def test_a_thing_is_never_a_holder() -> None:
    forecast = only("His remarks highlight his belief in summits and suggest he may seek talks.")
    assert forecast.holder == "Ann Analyst" and not forecast.attributed
    tendency = only("Her tendency for sudden decisions means a snap meeting cannot be ruled out.")
    assert tendency.holder == "Ann Analyst"
    assert tendency.outcome == "a snap meeting happens"


@needs_model
def test_a_dateline_is_not_the_reporting_subject() -> None:
    forecast = only(
        "WASHINGTON, July 2 (Wirepress) -- U.S. experts said Thursday that they don't rule "
        "out the possibility of a fourth meeting."
    )
    assert forecast.holder == "U.S. experts" and forecast.holder_kind == "group"


@needs_model
def test_a_lead_that_names_its_source_in_the_next_sentence() -> None:
    found = read(
        "A ruling party lawmaker said Tuesday that the next summit is likely to be held early "
        "next year. Rep. Maria Lindqvist of the Green Party had predicted the last one."
    )
    assert [f.holder for f in found] == ["Rep. Maria Lindqvist"]
    anonymous = read(
        "A senior official said the next summit is likely to be held early next year. "
        "Maria Lindqvist had predicted the last one."
    )
    assert [f.holder for f in anonymous] == ["A senior official"]


# -- outcomes: fading chances, the date of saying, an earlier dated noun ----------------


@needs_model
def test_fading_likelihood_is_about_the_thing_it_names() -> None:
    forecast = only(
        "With the president planning a brief visit, the likelihood of a surprise meeting at "
        "the border appears to be diminishing."
    )
    assert forecast.outcome == "a surprise meeting at the border happens"
    assert forecast.outcome_class == "meeting" and forecast.probability <= 0.25


def _timex(text: str, words: str, value: str) -> Timex:
    at = text.index(words)
    return Timex(at, at + len(words), words, "DATE", value)


@needs_model
def test_the_day_a_judgment_is_said_is_not_its_window() -> None:
    text = "An official said on Oct. 3 that a summit-level dialogue is unlikely at this time."
    forecast = read(text, timexes=[_timex(text, "Oct. 3", "2024-10-03")])[0]
    assert forecast.window_end is None and forecast.horizon is None


@needs_model
def test_the_election_dated_earlier_is_the_deadline() -> None:
    text = (
        "Talks may resume ahead of the Nov. 3 presidential election. "
        "Another summit is highly unlikely before the election, she said."
    )
    found = read(text, timexes=[_timex(text, "Nov. 3", "2024-11-03")])
    summit = next(f for f in found if "summit" in f.outcome)
    assert summit.horizon == "2024-11-03"
    assert (summit.window_start, summit.window_end) == ("2024-03-01", "2024-11-03")


@needs_model
def test_an_indefinite_time_makes_the_speakers_will_a_projection() -> None:
    said = 'The president told reporters: "At some point we will eventually sign a deal."'
    assert [f.outcome for f in read(said)] == ["At some point we eventually sign a deal"]
    assert read('The president told reporters: "We will sign a deal next week."') == []
    contracted = read(
        "She said: \"We'll come back, and we'll, at some point, sign a deal with them\"."
    )
    assert [f.outcome for f in contracted] == ["we sign a deal with them"]


# -- parties an outcome implies ----------------------------------------------------------

PARTIES = Parties(
    kinds={
        "ruritania": "state",
        "zembla": "state",
        "rex": "person",
        "vera": "person",
        "aide": "person",
    },
    leaders=(("ruritania", "rex", "2020-01-01", None), ("zembla", "vera", "2019-05-01", None)),
)


def parties_of(
    actors: list[str], outcome: str, named: tuple[str, ...] = (), holder: str | None = None
) -> list[str]:
    context = PartyContext(PARTIES, holder, named, "2024-03-01")
    return complete_parties(actors, outcome, "meeting", context)


def test_a_summit_of_states_is_a_meeting_of_their_leaders() -> None:
    assert parties_of(["ruritania", "zembla"], "Ruritania and Zembla hold a summit") == [
        "rex",
        "vera",
    ]
    # officials of two states meeting is not a summit
    assert parties_of(["ruritania", "zembla"], "officials of both sides meet") == [
        "ruritania",
        "zembla",
    ]
    # a leader meets a state: its leader
    assert parties_of(["zembla"], "we meet with Zembla", holder="rex") == ["vera", "rex"]


def test_the_two_leaders_are_the_two_people_named_last() -> None:
    named = ("aide", "rex", "vera", "rex")
    assert parties_of([], "The two leaders meet", named) == ["vera", "rex"]


def test_a_leaders_meeting_with_no_counterpart_takes_the_leader_named_most() -> None:
    named = ("zembla", "ruritania", "zembla", "zembla")
    assert parties_of(["rex"], "a dramatic meeting happens", named) == ["rex", "vera"]
    # a lone state meets someone through its leader; a meeting naming no one is the leaders'
    assert parties_of(["zembla"], "a sudden meeting happens", named) == ["vera", "rex"]
    assert parties_of([], "a sudden meeting happens", named) == ["vera", "rex"]
    # no counterpart for someone who leads nothing
    assert parties_of(["aide"], "a dramatic meeting happens", named) == ["aide"]


def test_outcome_actors_are_the_outcomes_own_words_not_its_setting() -> None:
    text = "Sources say a Ruritania-Zembla meeting during the Zembla summit is likely, Rex said."

    def mention(words: str, actor: str, after: int = 0) -> Mention:
        at = text.index(words, after)
        return Mention(at, at + len(words), words, actor)

    mentions = [
        mention("Ruritania", "ruritania"),
        mention("Zembla", "zembla"),
        mention("Zembla", "zembla", text.index("the Zembla")),
        mention("Rex", "rex"),
    ]
    outcome = "a Ruritania-Zembla meeting during the Zembla summit happens"
    assert outcome_actors(mentions, 0, len(text), None, outcome, text) == ["ruritania", "zembla"]
    during = "a summit during the Zembla games happens"
    assert outcome_actors(mentions[2:3], 0, len(text), None, during, text) == []


@needs_model
def test_a_date_that_modifies_the_outcome_places_it() -> None:
    text = "The prospect for a sudden Sunday meeting is growing stronger."
    forecast = read(text, timexes=[_timex(text, "Sunday", "2024-03-03")])[0]
    assert forecast.outcome == "a sudden Sunday meeting happens"
    assert (forecast.window_start, forecast.window_end) == ("2024-03-03", "2024-03-03")
