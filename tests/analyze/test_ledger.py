"""The ledger: linking, resolution, scoring arithmetic, aggregation (hand-written texts)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from summitwatch.analyze import ledger
from summitwatch.analyze.linking import find_question, last_day, link_forecasts
from summitwatch.analyze.resolution import StoredText, resolve_question
from summitwatch.analyze.scoring import aggregate, brier_score, calibration, log_score, logit
from summitwatch.extract import forecasts as forecast_stage
from summitwatch.extract import reasons as reason_stage
from summitwatch.extract import sentences as sentence_stage
from summitwatch.extract.forecasts import extract_forecasts
from summitwatch.extract.reasons import extract_reasons
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Author, Document, Event, Forecast
from summitwatch.packs.pack import Factor, Pack, PackQuestion
from summitwatch.pipeline import Analysis, Pipeline
from summitwatch.settings import Settings
from summitwatch.store.database import Store

VISIT = PackQuestion(
    id="visit-2030",
    text="The envoy visits the capital by 2030-06-30",
    opens="2029-01-01",
    deadline="2030-06-30",
    subject="envoy|visit",
    about=["visit|travel|come"],
    against=["\\bstays? away|\\brefus"],
    resolution={
        "statements": {"yes": ["envoy arrived in the capital"], "no": ["visit never happened"]},
        "events": {
            "types": ["CONSULT"],
            "actors_all": ["envoy"],
            "date_from": "2029-01-01",
            "date_to": "2030-06-30",
            "modality_not": ["hypothetical"],
        },
    },
)
LATER = PackQuestion(
    id="visit-2035",
    text="The envoy visits the capital by 2035-12-31",
    opens="2029-01-01",
    deadline="2035-12-31",
    subject="envoy|visit",
    about=["visit|travel|come"],
)
PACK = Pack(
    name="test",
    questions=[VISIT, LATER],
    factors=[Factor("weather", "Weather", patterns=["storm"], stance="no-visit")],
)


def forecast(outcome: str, p: float, made_on: str = "2029-05-01", **extra: object) -> Forecast:
    statement = extra.pop("statement", f"The envoy is likely to {outcome}.")
    return Forecast(
        id=f"fc-{outcome[:8]}-{p}",
        document_id="d",
        holder="H",
        statement=str(statement),
        outcome=outcome,
        probability=p,
        start=0,
        end=1,
        phrase="likely",
        made_on=made_on,
        **extra,  # type: ignore[arg-type]
    )


# -- scoring arithmetic ----------------------------------------------------------------


def test_brier_matches_hand_computation() -> None:
    assert brier_score(0.2, False) == pytest.approx(0.04)
    assert brier_score(0.3, True) == pytest.approx(0.49)
    assert brier_score(1.0, True) == 0.0
    assert brier_score(0.5, False) == pytest.approx(0.25)


def test_log_score_is_natural_log_clipped() -> None:
    assert log_score(0.8, True) == pytest.approx(math.log(0.8))
    assert log_score(0.8, False) == pytest.approx(math.log(0.2))
    assert log_score(1.0, False) == pytest.approx(math.log(0.01))
    assert log_score(0.0, False) == pytest.approx(math.log(0.99))


def test_aggregate_is_median_of_log_odds() -> None:
    result = aggregate([0.2, 0.5, 0.9])
    assert result is not None and result.probability == pytest.approx(0.5)
    assert not result.extremized
    two = aggregate([0.2, 0.8])
    assert two is not None and two.probability == pytest.approx(0.5)


def test_extremize_only_with_five_voices() -> None:
    four = aggregate([0.7, 0.7, 0.7, 0.7])
    five = aggregate([0.7] * 5)
    assert four is not None and four.probability == pytest.approx(0.7)
    assert five is not None and five.extremized
    assert five.probability == pytest.approx(1 / (1 + math.exp(-1.5 * logit(0.7))), abs=1e-4)
    assert five.probability > 0.7


def test_calibration_bins() -> None:
    bins = calibration([(0.1, False), (0.15, True), (0.7, True), (1.0, True)])
    assert [b.n for b in bins] == [2, 0, 0, 1, 1]
    assert bins[0].observed == pytest.approx(0.5)
    assert bins[0].mean_forecast == pytest.approx(0.125)


# -- linking ---------------------------------------------------------------------------


def test_link_prefers_earliest_deadline_and_sets_horizon() -> None:
    item = forecast("The envoy visits the capital", 0.7)
    link_forecasts([item], [LATER, VISIT])
    assert item.question == "visit-2030"
    assert item.question_probability == pytest.approx(0.7)
    assert item.horizon == "2030-06-30"


def test_negated_outcome_links_with_complement() -> None:
    item = forecast("The envoy refuses to visit the capital", 0.8)
    link_forecasts([item], [VISIT])
    assert item.question == "visit-2030"
    assert item.question_probability == pytest.approx(0.2)


def test_explicit_horizon_must_match_deadline() -> None:
    item = forecast("The envoy visits the capital", 0.6, horizon="2035")
    assert find_question(item, [VISIT, LATER]) is LATER


def test_forecasts_outside_the_window_do_not_link() -> None:
    assert find_question(forecast("The envoy visits", 0.6, made_on="2028-01-01"), [VISIT]) is None
    assert find_question(forecast("The envoy visits", 0.6, made_on="2031-01-01"), [VISIT]) is None
    other = forecast("The budget grows", 0.6, statement="The budget is likely to grow.")
    assert find_question(other, [VISIT]) is None


def test_last_day() -> None:
    assert last_day("2018-06") == date(2018, 6, 30)
    assert last_day("2024-02") == date(2024, 2, 29)
    assert last_day("2026") == date(2026, 12, 31)
    assert last_day("2025-10-29") == date(2025, 10, 29)


# -- resolution ------------------------------------------------------------------------


def stored(text: str, published: date) -> StoredText:
    document = Document(text=text, source="t", published=published)
    return StoredText(document, split_sentences(text))


def test_statement_resolves_with_sentence_evidence() -> None:
    text = "Much happened. The envoy arrived in the capital on Monday."
    result = resolve_question(VISIT, [stored(text, date(2030, 3, 1))], [])
    assert result.status == "yes" and result.resolved_on == "2030-03-01"
    start = text.index("The envoy")
    assert result.evidence[0].endswith(f":{start}-{len(text)}")
    assert result.evidence[0].startswith("sentence:doc-")


def test_no_statement_counts_only_after_deadline() -> None:
    text = "The visit never happened."
    assert resolve_question(VISIT, [stored(text, date(2030, 1, 1))], []).status == "open"
    assert resolve_question(VISIT, [stored(text, date(2030, 7, 1))], []).status == "no"


def test_event_resolves_when_no_statement() -> None:
    event = Event(
        id="ev-1",
        document_id="d",
        type="CONSULT",
        start=0,
        end=1,
        sentence="The envoy met the minister.",
        actors=["envoy"],
        date="2029-09",
    )
    result = resolve_question(VISIT, [], [event])
    assert result.status == "yes" and result.evidence == ["ev-1"]
    assert result.resolved_on == "2029-09-01"
    hypothetical = Event(
        id="ev-2",
        document_id="d",
        type="CONSULT",
        start=0,
        end=1,
        sentence="x",
        actors=["envoy"],
        date="2029-09",
        modality="hypothetical",
    )
    assert resolve_question(VISIT, [], [hypothetical]).status == "open"


# -- the store -------------------------------------------------------------------------


def save(store: Store, text: str, published: date, author: str, publisher: str) -> str:
    document = Document(
        text=text,
        source=f"{author}-{published}",
        authors=[Author(author)],
        publisher=publisher,
        published=published,
    )
    analysis = Analysis(document=document, sentences=split_sentences(text))
    analysis.forecasts = extract_forecasts(document, analysis.sentences, [])
    analysis.reasons = extract_reasons(document.id, text, analysis.sentences, PACK.factors)
    pipeline = Pipeline((sentence_stage.STAGE, forecast_stage.STAGE, reason_stage.STAGE))
    store.save_analysis(analysis, pipeline)
    return document.id


@pytest.fixture
def filled(sqlite_settings: Settings) -> Store:
    store = Store(sqlite_settings.db_url)
    save(
        store,
        "The envoy is unlikely to visit the capital. The first reason is the storm.",
        date(2029, 2, 1),
        "Ann",
        "Review A",
    )
    save(
        store,
        "The envoy will almost certainly travel to the capital. Another reason is a storm.",
        date(2029, 3, 1),
        "Bob",
        "Review B",
    )
    save(
        store,
        "The envoy arrived in the capital yesterday. The envoy is likely to visit again.",
        date(2030, 4, 2),
        "Cy",
        "Wire C",
    )
    ledger.refresh_ledger(store, PACK)
    return store


def test_refresh_resolves_and_scores(filled: Store) -> None:
    data = ledger.load_ledger(filled)
    assert data.questions["visit-2030"].status == "yes"
    assert data.questions["visit-2030"].resolved_on == "2030-04-02"
    scores = {(s.holder, s.outlet): s for s in ledger.compute_scores(filled)}
    ann = scores[("Ann", "Review A")]
    assert ann.n == 1 and ann.brier == pytest.approx((0.2 - 1) ** 2)
    assert ann.log_score == pytest.approx(math.log(0.2), abs=1e-4)
    assert scores[("Bob", "Review B")].brier == pytest.approx((0.9 - 1) ** 2)
    # Cy's forecast was made the day the question resolved: not scored
    assert ("Cy", "Wire C") not in scores
    assert scores[("*", "Review A")].n == 1


def test_hand_resolution_wins_and_persists(filled: Store) -> None:
    ledger.resolve_by_hand(filled, PACK, "visit-2030", "no", date(2030, 5, 1), "my own note")
    ledger.refresh_ledger(filled, PACK)
    question = ledger.load_ledger(filled).questions["visit-2030"]
    assert question.status == "no" and question.evidence == ["my own note"]
    with pytest.raises(KeyError):
        ledger.resolve_by_hand(filled, PACK, "nope", "yes", date(2030, 5, 1), "x")


def test_aggregate_open_question(filled: Store) -> None:
    open_questions = {q.question: q for q in ledger.aggregate_open_questions(filled, PACK)}
    later = open_questions["visit-2035"]
    assert later.voices == 1 and later.probability == pytest.approx(0.7)
    assert "visit-2030" not in open_questions


def test_shared_factors(filled: Store) -> None:
    shared = ledger.shared_factors(filled)
    assert shared and shared[0][0] == "weather" and len(shared[0][1]) == 2
