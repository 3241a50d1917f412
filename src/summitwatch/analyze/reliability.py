"""How far a report is trusted: the pack's publisher ratings turned into weights.

A publisher's Admiralty letter (A-F) becomes a weight in [0, 1]. Several reports of one
event count more than one, but only when they are independent: within an independence
group the best report counts, and groups combine like independent chances (noisy-or).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from summitwatch.lexicons import read_lexicon
from summitwatch.packs.pack import Pack, SourceRating


@dataclass(frozen=True)
class Weights:
    by_letter: dict[str, float]
    unrated: str


@cache
def load_weights() -> Weights:
    data = read_lexicon("admiralty")
    by_letter = {str(k).upper(): float(v) for k, v in data["weights"].items()}
    return Weights(by_letter=by_letter, unrated=str(data.get("unrated", "F")).upper())


def find_rating(pack: Pack, publisher: str | None) -> SourceRating | None:
    if not publisher:
        return None
    return _rating_index(pack).get(_fold(publisher))


def _rating_index(pack: Pack) -> dict[str, SourceRating]:
    # kept on the pack, rebuilt when its list of sources changes
    cached = pack.__dict__.get("_rating_index")
    if cached is None or cached[0] != len(pack.sources):
        index: dict[str, SourceRating] = {}
        for rating in pack.sources:
            for name in (rating.publisher, *rating.aliases):
                index.setdefault(_fold(name), rating)
        cached = (len(pack.sources), index)
        pack.__dict__["_rating_index"] = cached
    return cached[1]


def reliability_letter(pack: Pack, publisher: str | None) -> str:
    rating = find_rating(pack, publisher)
    if rating is None:
        return load_weights().unrated
    return (rating.reliability or load_weights().unrated).strip().upper()[:1]


def letter_weight(letter: str) -> float:
    weights = load_weights()
    return weights.by_letter.get(letter.upper(), weights.by_letter[weights.unrated])


def publisher_weight(pack: Pack, publisher: str | None) -> float:
    return letter_weight(reliability_letter(pack, publisher))


def independence_group(pack: Pack, publisher: str | None) -> str:
    rating = find_rating(pack, publisher)
    if rating is not None and rating.group:
        return rating.group
    return _fold(publisher or "(unknown)")


def combined_weight(pack: Pack, publishers: Iterable[str | None]) -> float:
    """The weight of one event reported by several publishers (independent groups add up)."""
    best_by_group: dict[str, float] = {}
    for publisher in publishers:
        group = independence_group(pack, publisher)
        weight = publisher_weight(pack, publisher)
        best_by_group[group] = max(best_by_group.get(group, 0.0), weight)
    missing = 1.0
    for weight in best_by_group.values():
        missing *= 1.0 - weight
    return round(1.0 - missing, 6)


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())
