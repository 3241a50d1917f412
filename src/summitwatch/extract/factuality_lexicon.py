"""The factuality cue lexicon (``factuality_cues.yaml``) as typed records, and word look-up.

A bare YAML ``no`` or ``on`` would silently become a boolean, so every word list is checked.
Without a lemmatizer (a blank pipeline) a word is looked up by guessed lemmas of its form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from summitwatch.lexicons import read_lexicon

CUES_LEXICON = "factuality_cues"  # extract/factuality_cues.yaml, through the lexicon loader
CERTAIN = 3.0


@dataclass(frozen=True)
class PredicateClass:
    """How a selecting predicate passes its own reading to the event it selects."""

    name: str
    positive: float  # the event's score when the predicate is a certain fact
    negative: float  # … when the predicate is certainly negated

    @property
    def presupposes(self) -> bool:
        return self.positive == self.negative

    def transform(self, governor: float) -> float:
        if self.presupposes:
            return self.positive
        if governor >= 0:
            return self.positive * governor / CERTAIN
        return self.negative * -governor / CERTAIN


@dataclass(frozen=True)
class Cues:
    negators: frozenset[str]
    modals: dict[str, float]
    adverbs: dict[str, float]
    noun_modifiers: dict[str, float]
    conditionals: frozenset[str]
    predicates: dict[str, PredicateClass]
    nouns: dict[str, PredicateClass]
    irregular: dict[str, str]
    consequent: float = 1.0
    infinitive: float = 1.0
    negative_quantifiers: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    speech_acts: frozenset[str] = frozenset()


def words_of(data: Any, name: str) -> frozenset[str]:
    """A list of cue words; a bare YAML ``no`` or ``on`` would silently become a boolean."""
    words = data if isinstance(data, list) else []
    if not words or not all(isinstance(w, str) for w in words):
        raise ValueError(f"{CUES_LEXICON}: {name} must be a list of quoted words")
    return frozenset(words)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    data = read_lexicon(CUES_LEXICON)
    classes = {
        name: PredicateClass(name, float(spec["positive"]), float(spec["negative"]))
        for name, spec in data["predicate_classes"].items()
    }
    predicates: dict[str, PredicateClass] = {}
    for name, spec in data["predicate_classes"].items():
        for word in sorted(words_of(spec["words"], name)):
            predicates.setdefault(word, classes[name])
    nouns: dict[str, PredicateClass] = {}
    for name, words in data["noun_classes"].items():
        for word in sorted(words_of(words, name)):
            nouns.setdefault(word, classes[name])
    return Cues(
        negators=words_of(data["negators"], "negators"),
        modals={str(k): float(v) for k, v in data["modals"].items()},
        adverbs={str(k): float(v) for k, v in data["adverbs"].items()},
        noun_modifiers={str(k): float(v) for k, v in data["noun_modifiers"].items()},
        conditionals=words_of(data["conditionals"], "conditionals"),
        predicates=predicates,
        nouns=nouns,
        irregular={str(k): str(v) for k, v in data["irregular"].items()},
        consequent=float(data["consequent"]),
        infinitive=float(data["infinitive"]),
        negative_quantifiers=words_of(data["negative_quantifiers"], "negative_quantifiers"),
        copulas=words_of(data["copulas"], "copulas"),
        speech_acts=words_of(data["speech_acts"], "speech_acts"),
    )


# --- words ------------------------------------------------------------------------------------


def candidate_lemmas(token: Any, cues: Cues) -> list[str]:
    """The token's lemma, then guesses from its form (a blank pipeline has no lemmatizer)."""
    lower = token.lower_
    found = [token.lemma_.lower()] if token.lemma_ else []
    found.append(cues.irregular.get(lower, lower))
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("s", ""), ("ed", ""), ("d", "")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            found.append(lower[: -len(suffix)] + replacement)
    for suffix in ("ed", "ing"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            found += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.append(stem[:-1])  # planned -> plan
    return found


def lookup(table: dict[str, Any], token: Any, cues: Cues, extra: str = "") -> Any | None:
    """The entry of the token's first known lemma, tried with ``extra`` ("call" + "_off") first."""
    for lemma in candidate_lemmas(token, cues):
        for key in ((f"{lemma}_{extra}",) if extra else ()) + (lemma,):
            if key in table:
                return table[key]
    return None
