"""Reasons tied to the pack's factors (hand-written texts)."""

from __future__ import annotations

from summitwatch.extract.reasons import extract_reasons
from summitwatch.extract.sentences import split_sentences
from summitwatch.packs.pack import Factor, load_pack
from summitwatch.settings import Settings

FACTORS = [
    Factor("weather", "Bad weather", patterns=["storm", "rain"], stance="delay"),
    Factor("money", "Lack of money", patterns=["budget", "funds"], stance="delay"),
]


def reasons_of(text: str, factors: list[Factor] = FACTORS) -> list[tuple[str, str]]:
    found = extract_reasons("doc", text, split_sentences(text), factors)
    for reason in found:
        assert text[reason.start : reason.end] == reason.statement
    return [(r.factor, r.statement) for r in found]


def test_cued_reasons_map_to_factors() -> None:
    text = (
        "The launch slipped. The first reason is that a storm hit the coast. "
        "Another reason is that the budget ran out."
    )
    found = reasons_of(text)
    assert [f for f, _ in found] == ["weather", "money"]
    assert found[0][1].startswith("The first reason")


def test_sentences_without_cue_or_factor_are_not_reasons() -> None:
    assert reasons_of("A storm hit the coast. The budget ran out.") == []
    # an explanation that fits no factor is kept as `other`, its text as the label (issue 12)
    assert [f for f, _ in reasons_of("The first reason is that nobody planned it.")] == ["other"]


def test_causal_constructions_in_prose() -> None:
    text = "The launch slipped because the budget was cut. Nobody knows when it will fly."
    assert [f for f, _ in reasons_of(text)] == ["money"]
    found = extract_reasons("doc", text, split_sentences(text), FACTORS)
    assert found[0].cue == "because"


def test_factor_found_in_the_following_sentence() -> None:
    text = "The main reason is simple. The funds were never approved."
    assert [f for f, _ in reasons_of(text)] == ["money"]


def test_numbered_list_after_an_announcement() -> None:
    text = (
        "The launch slipped for two reasons:\n"
        "1. Weather Problems A storm closed the port.\n"
        "2. Money Problems The budget was cut.\n"
        "3. Other Matters Nobody knows.\n"
    )
    assert [f for f, _ in reasons_of(text)] == ["weather", "money"]


def test_stance_comes_from_the_factor() -> None:
    text = "Another reason is the rain."
    found = extract_reasons("doc", text, split_sentences(text), FACTORS)
    assert found[0].stance == "delay"


def test_korea_pack_factors_cover_the_issue_list() -> None:
    pack = load_pack(Settings(db_url="sqlite://").pack_path)
    ids = {f.id for f in pack.factors}
    for expected in (
        "hanoi-trauma",
        "russia-alignment",
        "china-alignment",
        "sanctions-resilience",
        "nuclear-leverage",
        "anti-us-sentiment",
        "unappealing-offers",
        "legacy-motive",
        "deal-making-style",
        "competing-priorities",
    ):
        assert expected in ids
    assert all(f.patterns and f.stance for f in pack.factors)


def test_korea_factors_read_a_handwritten_paragraph() -> None:
    pack = load_pack(Settings(db_url="sqlite://").pack_path)
    text = (
        "Pyongyang will stay away. The first reason is its new alliance with Moscow. "
        "Another reason is the memory of Hanoi."
    )
    found = extract_reasons("doc", text, split_sentences(text), pack.factors)
    assert [r.factor for r in found] == ["russia-alignment", "hanoi-trauma"]
