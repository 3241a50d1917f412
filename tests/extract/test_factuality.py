"""Event factuality: the reading of made-up sentences, parsed and unparsed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from summitwatch.extract.factuality import (
    FactualityReading,
    label_of,
    load_cues,
    read_factuality,
    read_rules_only,
)
from summitwatch.extract.factuality_model import load_model
from summitwatch.extract.language import load_nlp
from summitwatch.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> Any:
    model = load_nlp(Settings().spacy_model)
    if model is None:
        pytest.skip("no statistical English pipeline installed")
    return model


@pytest.fixture(scope="module")
def blank() -> Any:
    return spacy.blank("en")


def reading(pipeline: Any, text: str, word: str) -> FactualityReading:
    doc = pipeline(text)
    token = next(t for t in doc if t.text == word)
    return read_factuality(token)


def test_plain_past_event_is_certain(nlp: Any) -> None:
    got = reading(nlp, "The two envoys met in Vientiane on Tuesday.", "met")
    assert got.label == "CT+"
    assert got.source == "author"


def test_negation_makes_it_certainly_not(nlp: Any) -> None:
    got = reading(nlp, "The two envoys did not meet in Vientiane.", "meet")
    assert got.label == "CT-"
    assert any(cue.startswith("negation") for cue in got.cues)


def test_wanting_to_meet_is_not_a_meeting(nlp: Any) -> None:
    got = reading(nlp, "The envoy wants to meet his counterpart.", "meet")
    assert got.label != "CT+"
    assert got.score < 1.5


def test_refusing_to_meet_means_no_meeting(nlp: Any) -> None:
    got = reading(nlp, "The envoy refused to meet his counterpart.", "meet")
    assert got.label == "CT-"


def test_the_refusal_itself_happened(nlp: Any) -> None:
    assert reading(nlp, "The envoy refused to meet his counterpart.", "refused").label == "CT+"


def test_may_is_possible(nlp: Any) -> None:
    assert reading(nlp, "The envoys may meet next month.", "meet").label == "PS+"


def test_reported_event_has_the_speaker_as_source(nlp: Any) -> None:
    got = reading(nlp, "The spokeswoman said the envoys met twice.", "met")
    assert got.label == "CT+"
    assert got.source is not None and "spokeswoman" in got.source


def test_cancelled_summit_did_not_happen(nlp: Any) -> None:
    got = reading(nlp, "The president cancelled the planned summit.", "summit")
    assert got.label not in {"CT+", "PR+"}
    assert any(cue.startswith("cancel") for cue in got.cues)


def test_not_able_to_is_a_failure(nlp: Any) -> None:
    got = reading(nlp, "He was not able to visit the capital.", "visit")
    assert got.label == "CT-"


def test_question_is_not_asserted(nlp: Any) -> None:
    got = reading(nlp, "Will the envoys meet again?", "meet")
    assert got.label != "CT+"
    assert "question" in got.cues


def test_scheduled_event_is_probable_not_certain(nlp: Any) -> None:
    got = reading(nlp, "The envoys are scheduled to meet in March.", "meet")
    assert 0.5 <= got.score < 2.5


def test_rules_alone_read_the_factbank_values(nlp: Any) -> None:
    doc = nlp("The envoy refused to meet. Will they meet? The envoy wants to meet.")
    meets = [t for t in doc if t.text == "meet"]
    assert [read_rules_only(t).label for t in meets] == ["CT-", "Uu", "Uu"]


def test_unparsed_sentence_reads_the_words_before(blank: Any) -> None:
    assert reading(blank, "The envoys did not meet.", "meet").label == "CT-"
    assert reading(blank, "The envoy refused to meet.", "meet").label == "CT-"
    assert reading(blank, "The envoy wants to meet.", "meet").label == "Uu"
    assert reading(blank, "The envoys may meet.", "meet").label == "PS+"
    assert reading(blank, "The envoys met.", "met").label == "CT+"


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (3.0, "CT+"),
        (2.0, "PR+"),
        (1.0, "PS+"),
        (0.0, "Uu"),
        (-1.0, "PS-"),
        (-2.0, "PR-"),
        (-3.0, "CT-"),
    ],
)
def test_labels_of_the_factbank_values(score: float, label: str) -> None:
    assert label_of(score) == label


def test_lexicon_words_are_strings() -> None:
    cues = load_cues()
    assert "no" in cues.negators  # a bare YAML no would have become False
    assert cues.predicates["refuse"].name == "implicative_negative"


def test_the_trained_model_ships_and_fits_the_features() -> None:
    model = load_model()
    assert model is not None and model.trees
    assert [label for _, label in model.label_bounds] == ["CT+", "PR+", "PS+", "Uu", "PS-", "PR-"]


def test_a_model_of_other_features_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": ["something else"]}), encoding="utf-8")
    assert load_model(path) is None
