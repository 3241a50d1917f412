"""Forecast statements: phrase map, negation, conditions, attribution and horizons.

All sentences here are written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from summitwatch.extract.estimative import find_estimates, load_lexicon
from summitwatch.extract.forecasts import extract_forecasts
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Author, Document, Forecast, Timex


def read(
    text: str, timexes: list[Timex] | None = None, authors: str = "Ann Analyst"
) -> list[Forecast]:
    document = Document(
        text=text,
        source="test",
        authors=[Author(authors)],
        publisher="Test Review",
        published=date(2024, 3, 1),
    )
    return extract_forecasts(document, split_sentences(text), timexes or [])


def only(text: str) -> Forecast:
    found = read(text)
    assert len(found) == 1, [f.statement for f in found]
    return found[0]


# -- the phrase map --------------------------------------------------------------------


def test_every_phrase_is_calibrated_and_ordered() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.phrases) >= 25
    for phrase in lexicon.phrases:
        assert 0.0 <= phrase.low <= phrase.p <= phrase.high <= 1.0, phrase.id
        assert phrase.basis, phrase.id
    by_id = {p.id: p for p in lexicon.phrases}
    order = [
        "almost-no-chance",
        "highly-unlikely",
        "quite-unlikely",
        "unlikely",
        "likely",
        "highly-likely",
        "almost-certain",
    ]
    values = [by_id[name].p for name in order]
    assert values == sorted(values)
    assert values[0] < values[-1]


def test_modal_verbs_carry_wide_ranges() -> None:
    by_id = {p.id: p for p in load_lexicon().phrases}
    for name in ("may", "could", "possible"):
        assert by_id[name].high - by_id[name].low >= 0.4
    assert by_id["likely"].high - by_id["likely"].low < 0.3


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("The envoy is unlikely to travel to the capital this spring.", 0.10, 0.30),
        ("A ceasefire is quite unlikely in practice.", 0.05, 0.20),
        ("Both sides make a quick settlement improbable.", 0.05, 0.30),
        ("The parliament will almost certainly ratify the treaty.", 0.88, 0.99),
        ("The ministers will likely sign the communique.", 0.60, 0.80),
        ("Talks may resume after the election.", 0.30, 0.70),
        ("The talks could collapse over the sequencing dispute.", 0.20, 0.70),
        ("The regime is anticipated to reject the offer.", 0.60, 0.80),
        ("The minister will resign.", 0.75, 0.95),
        ("There is uncertainty about whether the envoy will return.", 0.40, 0.60),
    ],
)
def test_phrases_map_to_probabilities(sentence: str, low: float, high: float) -> None:
    forecast = only(sentence)
    assert low <= forecast.probability <= high
    assert forecast.low is not None and forecast.high is not None
    assert forecast.low <= forecast.probability <= forecast.high


def test_not_if_but_when_is_high() -> None:
    forecast = only("The collapse of the cabinet may not be a question of if, but when.")
    assert forecast.probability >= 0.85
    assert "question of if" in (forecast.phrase or "")


def test_numbers_override_words() -> None:
    forecast = only("A deal is likely by the summer; I put it at around 65 percent.")
    assert forecast.probability == pytest.approx(0.65)
    assert forecast.low == pytest.approx(0.60) and forecast.high == pytest.approx(0.70)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a one-in-four chance", 0.25),
        ("perhaps one chance in five", 0.20),
        ("around 10 percent", 0.10),
        ("at about 35 percent", 0.35),
    ],
)
def test_odds_and_percentages(text: str, value: float) -> None:
    numbers = [e for e in find_estimates(text) if e.strength == "number"]
    assert numbers and numbers[0].p == pytest.approx(value)


def test_unrelated_numbers_are_not_odds() -> None:
    assert not [e for e in find_estimates("eight wars in eight months") if e.strength == "number"]


# -- negation and outcome --------------------------------------------------------------


def test_unlikely_states_the_outcome_affirmatively() -> None:
    forecast = only("The envoy is unlikely to accept the invitation.")
    assert forecast.outcome == "The envoy accepts the invitation"
    assert forecast.probability == pytest.approx(0.2)


def test_negation_flips_the_probability() -> None:
    forecast = only("The president will not sign the bill.")
    assert forecast.outcome == "The president signs the bill"
    assert forecast.probability == pytest.approx(0.15)
    assert forecast.high is not None and forecast.high <= 0.30


def test_past_judgments_and_quotes_are_not_forecasts() -> None:
    assert read("He may well have viewed the trip as a rehearsal.") == []
    assert read("It is also likely that the minister judged the offer too small.") == []
    assert read("“We will never sign this,” the minister said.") == []
    assert read("Will the two leaders meet again?") == []


def test_embedded_question_is_not_a_forecast() -> None:
    assert read("Analysts must study how the new policy may shape the talks.") == []


def test_concessive_opening_yields_to_main_judgment() -> None:
    forecast = only("While the idea of a new summit might excite reporters, it is quite unlikely.")
    assert forecast.phrase == "quite unlikely"
    assert forecast.outcome.startswith("a new summit")


def test_two_judgments_in_one_sentence() -> None:
    found = read(
        "My view is that a meeting is likely, at around 60 percent, and that the two men "
        "will probably sign a statement, at about 40 percent."
    )
    assert [round(f.probability, 2) for f in found] == [0.6, 0.4]
    assert found[0].id != found[1].id


# -- conditions, holders, horizons -----------------------------------------------------


def test_condition_is_recorded() -> None:
    forecast = only("If the sanctions are lifted, the regime will reopen the border.")
    assert forecast.condition == "If the sanctions are lifted"
    assert forecast.outcome == "the regime reopens the border"


def test_author_holds_unattributed_forecasts() -> None:
    forecast = only("The talks are likely to resume.")
    assert forecast.holder == "Ann Analyst" and not forecast.attributed
    assert forecast.made_on == "2024-03-01"


@pytest.mark.parametrize(
    ("sentence", "holder"),
    [
        ("Critics argued that the framework could shift to a freeze.", "Critics"),
        ("A senior official said the visit is unlikely to happen.", "A senior official"),
        ("Jane Roe, a fellow at the institute, said a meeting was improbable.", "Jane Roe"),
    ],
)
def test_attribution(sentence: str, holder: str) -> None:
    forecast = only(sentence)
    assert forecast.holder == holder
    assert forecast.attributed


def test_pronoun_refers_to_the_person_named_before() -> None:
    found = read(
        "John Doe, who directs the program, was less sure. "
        "If the talks fail, he said, the tests may resume."
    )
    assert found[-1].holder == "John Doe" and found[-1].attributed


def test_first_person_is_the_author() -> None:
    forecast = only("I think the minister will resign.")
    assert forecast.holder == "Ann Analyst" and not forecast.attributed


def test_explicit_horizon_from_timex() -> None:
    text = "The summit is likely to take place by the end of June 2018."
    at = text.index("the end of June 2018")
    timex = Timex(at, at + len("the end of June 2018"), "the end of June 2018", "DATE", "2018-06")
    assert read(text, [timex])[0].horizon == "2018-06"


def test_horizon_without_the_timex_stage() -> None:
    assert only("A deal is unlikely before the end of 2026.").horizon == "2026"
    assert only("A vote is unlikely before March 2025.").horizon == "2025-03"


def test_spans_point_into_the_text() -> None:
    text = "Intro sentence here. The envoy is unlikely to return."
    forecast = read(text)[0]
    assert text[forecast.start : forecast.end] == forecast.statement
