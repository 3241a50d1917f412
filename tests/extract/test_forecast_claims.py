"""Forecasts as news writers state them: holders from the parse and quotes, modal filters,
predicates with negation, structured outcomes and grouped restatements (issue 12).

All sentences here are written for these tests. The parse-based tests need the spaCy model.
"""

from __future__ import annotations

from datetime import date

import pytest

from summitwatch.extract.estimative import find_estimates
from summitwatch.extract.forecast_groups import group_judgments
from summitwatch.extract.forecast_outcome import classify_outcome
from summitwatch.extract.forecasts import extract_forecasts
from summitwatch.extract.language import load_nlp
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Author, Document, Forecast, Quote, Timex
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
