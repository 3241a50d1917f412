"""Estimative language: finding the phrase that carries a judgment and its probability.

The numbers live in ``estimative_words.yaml`` (calibrated against survey answers and ICD 203;
see that file and ``benchmarks/wep_calibration.py``). This module only reads and matches them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.lexicons import lexicon_path, read_lexicon_file

WORDS_FILE = lexicon_path("estimative_words")

# a number in the text beats a word, a word beats a bare modal verb
STRENGTH = {"number": 3, "word": 2, "modal": 1}
_CONCESSIVE = re.compile(r"^\W*(?:while|although|though|whereas|even if)\b[^,]*,", re.I)


@dataclass(frozen=True)
class Phrase:
    id: str
    patterns: tuple[str, ...]
    p: float
    low: float
    high: float
    strength: str
    basis: str
    survey: dict[str, str]
    icd203: str | None


@dataclass(frozen=True)
class Estimate:
    """One estimative phrase found in a text: where, which, and the probability it conveys."""

    start: int
    end: int
    text: str
    phrase_id: str
    p: float
    low: float
    high: float
    strength: str
    concessive: bool = False  # sits in a "While …," / "Although …," opening

    @property
    def rank(self) -> int:
        return STRENGTH[self.strength]


@dataclass(frozen=True)
class EstimativeWords:
    phrases: tuple[Phrase, ...]
    phrase_regex: tuple[tuple[Phrase, re.Pattern[str]], ...]
    percent: re.Pattern[str]
    odds: re.Pattern[str]
    hedge_width: float
    number_words: dict[str, int]
    negations: tuple[str, ...]
    attribution_verbs: tuple[str, ...]
    retrospective: tuple[re.Pattern[str], ...]
    conditions: tuple[str, ...]
    emphatic_negation: re.Pattern[str] | None = None
    emphatic_range: tuple[float, float, float] = (0.05, 0.02, 0.10)


@lru_cache(maxsize=2)
def load_lexicon(path: Path = WORDS_FILE) -> EstimativeWords:
    data: dict[str, Any] = read_lexicon_file(path)
    phrases = tuple(
        Phrase(
            id=item["id"],
            patterns=tuple(item["patterns"]),
            p=float(item["p"]),
            low=float(item["low"]),
            high=float(item["high"]),
            strength=item["strength"],
            basis=item["basis"],
            survey=dict(item.get("survey") or {}),
            icd203=item.get("icd203"),
        )
        for item in data["phrases"]
    )
    compiled = tuple(
        # a contraction ("we'll") starts inside a word: its pattern opens with the apostrophe
        (
            phrase,
            re.compile(
                r"(?:(?<![\w-])|(?=['’]))(?:" + "|".join(phrase.patterns) + r")(?![\w-])", re.I
            ),
        )
        for phrase in phrases
    )
    numbers = data["numbers"]
    return EstimativeWords(
        phrases=phrases,
        phrase_regex=compiled,
        percent=re.compile(numbers["percent"], re.I),
        odds=re.compile(r"\b" + numbers["odds"] + r"\b", re.I),
        hedge_width=float(numbers["hedge_width"]),
        number_words={k: int(v) for k, v in numbers["words"].items()},
        negations=tuple(data["negations"]),
        attribution_verbs=tuple(data["attribution_verbs"]),
        retrospective=tuple(re.compile(p, re.I) for p in data["retrospective"]),
        conditions=tuple(data["conditions"]),
        emphatic_negation=(
            re.compile(data["emphatic_negation"], re.I) if data.get("emphatic_negation") else None
        ),
        emphatic_range=_triple(data.get("emphatic_range", [0.05, 0.02, 0.10])),
    )


def _triple(values: list[float]) -> tuple[float, float, float]:
    p, low, high = (float(v) for v in values)
    return p, low, high


def find_estimates(text: str, lexicon: EstimativeWords | None = None) -> list[Estimate]:
    """Every phrase and number in ``text``; overlapping matches keep the longest."""
    lexicon = lexicon or load_lexicon()
    found: list[Estimate] = []
    for phrase, regex in lexicon.phrase_regex:
        for match in regex.finditer(text):
            if is_month_name(text, match):
                continue
            found.append(
                Estimate(
                    match.start(),
                    match.end(),
                    match.group(),
                    phrase.id,
                    phrase.p,
                    phrase.low,
                    phrase.high,
                    phrase.strength,
                )
            )
    found.extend(find_numbers(text, lexicon))
    opening = _CONCESSIVE.match(text)
    if opening:
        found = [replace(e, concessive=True) if e.end <= opening.end() else e for e in found]
    found.sort(key=lambda e: (-(e.end - e.start), -e.rank, e.start))
    kept: list[Estimate] = []
    for estimate in found:
        if all(estimate.end <= k.start or estimate.start >= k.end for k in kept):
            kept.append(estimate)
    return sorted(kept, key=lambda e: e.start)


_MONTH_BEFORE = re.compile(
    r"(?:\b(?:by|in|on|until|till|since|from|through|before|after|early|late|mid|of|next|last|"
    r"this|since|between|and|to)|\d)[\s-]*$",
    re.I,
)
_MONTH_AFTER = re.compile(r"^[\s,]*(?:\d{1,4}\b|(?:19|20)\d\d)")


def is_month_name(text: str, match: re.Match[str]) -> bool:
    """ "by May", "May 12", "in late May 2018": the month, never the modal verb."""
    if match.group().lower() != "may":
        return False
    before, after = text[: match.start()], text[match.end() :]
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return True
    # capitalised inside a sentence: a name (the month, or a person called May)
    return match.group() == "May" and bool(re.search(r"[\w,;]\s*$", before))


def find_numbers(text: str, lexicon: EstimativeWords) -> list[Estimate]:
    """Percentages and odds stated in the text ("around 75 percent", "one-in-four chance")."""
    found: list[Estimate] = []
    for match in lexicon.percent.finditer(text):
        value = float(match.group("value")) / 100
        if 0 <= value <= 1:
            found.append(_number_estimate(match, value, bool(match.group("hedge")), lexicon))
    for match in lexicon.odds.finditer(text):
        num = _parse_number(match.group("num"), lexicon)
        den = _parse_number(match.group("den"), lexicon)
        if num is not None and den and 0 < num <= den:
            found.append(_number_estimate(match, num / den, bool(match.group("hedge")), lexicon))
    return found


def _number_estimate(
    match: re.Match[str], value: float, hedged: bool, lexicon: EstimativeWords
) -> Estimate:
    width = lexicon.hedge_width if hedged else 0.0
    return Estimate(
        match.start(),
        match.end(),
        match.group().strip(),
        "number",
        round(value, 4),
        round(max(0.0, value - width), 4),
        round(min(1.0, value + width), 4),
        "number",
    )


def _parse_number(token: str, lexicon: EstimativeWords) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return lexicon.number_words.get(token)


def choose_estimate(estimates: list[Estimate]) -> tuple[Estimate, Estimate | None] | None:
    """The judgment of a clause: its strongest phrase, and a number that overrides it if any.

    Returns (phrase, number): the phrase locates the judgment in the clause; the number, when
    the clause states one, supplies the probability.
    """
    if not estimates:
        return None
    words = [e for e in estimates if e.strength != "number"]
    numbers = [e for e in estimates if e.strength == "number"]
    number = numbers[0] if numbers else None
    if not words:
        return (number, number) if number else None
    return pick_judgment(words), number


# a modal yields to a word phrase right after it ("will likely", "may well be unlikely")
ADJACENT_CHARS = 12


def pick_judgment(words: list[Estimate]) -> Estimate:
    """The phrase that governs a clause: the first, unless a stronger one follows closely.

    "While the notion … might attract commentators, it is quite unlikely": a modal in a
    concessive opening yields to the judgment of the main clause, too.
    """
    ordered = sorted(words, key=lambda e: e.start)
    first = ordered[0]
    for later in ordered[1:]:
        if later.rank > first.rank and later.start - first.end <= ADJACENT_CHARS:
            return later
    if first.strength == "modal" and first.concessive:
        # "While X may appear set…, ties will head…": the main clause's phrase judges
        main = [e for e in ordered[1:] if not e.concessive]
        stronger = [e for e in main if e.rank > first.rank]
        if stronger or main:
            return (stronger or main)[0]
    return first
