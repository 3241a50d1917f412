"""Load the vocabulary and the rules of the tagger from the package's YAML files.

The placeholders of ``rules.yaml`` ({MONTH}, {NUM}, ...) are expanded into alternations of
the vocabulary's words, longest first so that "the past" is tried before "past".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from summitwatch.lexicons import read_lexicon


@dataclass(frozen=True)
class TimexRule:
    name: str
    type: str
    normalize: str
    regex: re.Pattern[str]
    # a cheap pattern every match contains: the rule then runs only in windows around its hits
    trigger: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Vocabulary:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    day_parts: dict[str, str]
    number_words: dict[str, float]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, str]
    relatives: dict[str, int]
    point_mods: dict[str, str]
    amount_mods: dict[str, str]
    references: dict[str, str]
    day_words: dict[str, int]
    frequencies: dict[str, str]
    holidays: dict[str, list[int]]
    nth_weekday_holidays: dict[str, list[int]]
    future_cues: frozenset[str]
    past_cues: frozenset[str]
    weekday_events: frozenset[str]
    clause_openers: frozenset[str]
    future_phrases: frozenset[str]
    persons: frozenset[str]


def _read_yaml(name: str) -> Any:
    return read_lexicon(name)


@cache
def load_vocabulary() -> Vocabulary:
    data = _read_yaml("timex_vocabulary")
    return Vocabulary(
        months=data["months"],
        ambiguous_months=frozenset(data["ambiguous_months"]),
        weekdays=data["weekdays"],
        seasons=data["seasons"],
        day_parts=data["day_parts"],
        number_words=data["number_words"],
        vague_numbers=frozenset(data["vague_numbers"]),
        ordinals=data["ordinals"],
        units=data["units"],
        relatives=data["relatives"],
        point_mods=data["point_mods"],
        amount_mods=data["amount_mods"],
        references=data["references"],
        day_words=data["day_words"],
        frequencies=data["frequencies"],
        holidays=data["holidays"],
        nth_weekday_holidays=data["nth_weekday_holidays"],
        future_cues=frozenset(data["future_cues"]),
        past_cues=frozenset(data["past_cues"]),
        weekday_events=frozenset(data["weekday_events"]),
        clause_openers=frozenset(data["clause_openers"]),
        future_phrases=frozenset(data["future_phrases"]),
        persons=frozenset(data["persons"]),
    )


def _alternation(words: Any) -> str:
    ordered = sorted({str(word) for word in words}, key=lambda word: (-len(word), word))
    return "(?:" + "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered) + ")"


def placeholders(vocabulary: Vocabulary) -> dict[str, str]:
    return {
        "MONTH": _alternation(vocabulary.months),
        "WEEKDAY": _alternation(vocabulary.weekdays),
        "SEASON": _alternation(vocabulary.seasons),
        "PART": _alternation(vocabulary.day_parts),
        "NUM": _alternation(vocabulary.number_words),
        "VAGUE": _alternation(vocabulary.vague_numbers),
        "ORD": _alternation(vocabulary.ordinals),
        "UNIT": _alternation(vocabulary.units),
        "REL": _alternation(vocabulary.relatives),
        "PMOD": _alternation(vocabulary.point_mods),
        "AMOD": _alternation(vocabulary.amount_mods),
        "REF": _alternation(vocabulary.references),
        "DAYWORD": _alternation(vocabulary.day_words),
        "FREQ": _alternation(vocabulary.frequencies),
        "HOLIDAY": _alternation(vocabulary.holidays),
        "NTH_HOLIDAY": _alternation(vocabulary.nth_weekday_holidays),
    }


_WORD_START = r"(?<![\w'’])(?=[\w'’])"


def expand(pattern: str, table: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z_]+)\}", lambda m: table[m.group(1)], pattern)


@cache
def load_rules() -> tuple[TimexRule, ...]:
    table = placeholders(load_vocabulary())
    rules = []
    for item in _read_yaml("timex_rules"):
        # every expression starts a word: checking that first lets the engine skip most positions
        pattern = _WORD_START + expand(item["pattern"], table)
        regex = re.compile(pattern, re.IGNORECASE)
        trigger = item.get("trigger")
        trigger_regex = re.compile(expand(trigger, table), re.IGNORECASE) if trigger else None
        rules.append(TimexRule(item["name"], item["type"], item["normalize"], regex, trigger_regex))
    return tuple(rules)
