"""What every normalizer shares: the :class:`Reading` it returns, the :class:`Scope` it reads
(text, DCT, what the narrative said before) and helpers for words, numbers and durations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from summitwatch.extract.timex import calendar as cal
from summitwatch.extract.timex.rules import load_vocabulary

_YEAR_IN_CLAUSE = re.compile(r"(?<=\b[Ii]n )(1[89]\d{2}|20\d{2})(?![\w%,.]\d|\d)")
_BOUNDARY = re.compile(r"[.!?\n]")
_WEEK_IN_CLAUSE = re.compile(r"\b(last|past|previous|next|coming)\s+week[’']s\b", re.IGNORECASE)
_QUARTER_WORD = re.compile(r"quarter|period", re.IGNORECASE)
_DURATION_LETTERS = {"S": "S", "MIN": "M", "H": "H", "D": "D", "W": "W", "M": "M", "Y": "Y"}
# smaller unit used to keep fractional durations integral: (unit, factor)
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60)}


@dataclass
class Reading:
    value: str
    mod: str | None = None
    type: str | None = None  # overrides the rule's type


@dataclass
class Scope:
    text: str
    dct: date | None
    quarter: tuple[int, int] | None = None  # the last quarter the text named
    last_day: date | None = None  # the last calendar day the text named (narrative time)

    def tense(self, match: re.Match[str]) -> int:
        return cal.clause_tense(self.text, match.start(), match.end())

    def week_step(self, match: re.Match[str]) -> int | None:
        """-1/+1 when the sentence sets its story in last/next week ("last week's meeting")."""
        found = _WEEK_IN_CLAUSE.search(
            self.text, self.clause_start(match.start()), match.end() + 80
        )
        if not found:
            return None
        return -1 if found.group(1).lower() in ("last", "past", "previous") else 1

    def clause_start(self, offset: int) -> int:
        """Where the sentence around ``offset`` starts (looking back at most 400 characters)."""
        left, limit = offset, max(0, offset - 400)
        while left > limit and not _BOUNDARY.match(self.text, left - 1):
            left -= 1
        return left

    def narrative_year(self, match: re.Match[str]) -> int | None:
        """A year the same sentence set before the match ("In 1998, ... in March")."""
        years = _YEAR_IN_CLAUSE.findall(self.text, self.clause_start(match.start()), match.start())
        return int(years[-1]) if years else None

    def quarter_in_sentence(self, match: re.Match[str]) -> bool:
        left = self.clause_start(match.start())
        return bool(_QUARTER_WORD.search(self.text, left, match.end() + 120))


Normalizer = Callable[[re.Match[str], Scope], Reading | None]


def group(match: re.Match[str], name: str) -> str | None:
    if name not in match.re.groupindex:
        return None
    return match.group(name)


def key(word: str) -> str:
    return " ".join(word.lower().rstrip(".").split())


def point_mod(match: re.Match[str]) -> str | None:
    word = group(match, "pmod")
    if word:
        return load_vocabulary().point_mods[key(word)]
    early = group(match, "early")  # "earlier this year", "later this month"
    if early:
        return "START" if key(early) == "earlier" else "END"
    return None


def amount_mod(match: re.Match[str]) -> str | None:
    word = group(match, "amod")
    if not word:
        return None
    return load_vocabulary().amount_mods.get(key(word), "APPROX")


def month_number(match: re.Match[str]) -> int | None:
    word = group(match, "month")
    if word is not None:
        if not word[0].isupper():
            return None
        return load_vocabulary().months[key(word)]
    digits = group(match, "mon")
    return int(digits) if digits else None


def full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 30 else 2000
    return year


def number(word: str) -> float | None:
    """A count from digits or words; None for a vague amount ("several")."""
    word_key = key(word)
    half = word_key.endswith(" and a half")
    if half:
        word_key = word_key[: -len(" and a half")]
    vocabulary = load_vocabulary()
    if word_key in vocabulary.vague_numbers:
        return None
    if word_key in vocabulary.number_words:
        value = float(vocabulary.number_words[word_key])
    else:
        try:
            value = float(word_key.replace(",", ""))
        except ValueError:
            return None
    return value + 0.5 if half else value


def unit_code(word: str) -> str:
    return load_vocabulary().units[key(word)]


def duration_value(amount: float | None, unit: str) -> str:
    if unit == "DE":
        unit, amount = "Y", None if amount is None else amount * 10
    elif unit == "CE":
        unit, amount = "Y", None if amount is None else amount * 100
    elif unit == "WE":
        unit, amount = "D", None if amount is None else amount * 2
    elif unit == "Q" and amount is not None and amount != int(amount):
        unit, amount = "M", amount * 3
    while amount is not None and amount != int(amount) and unit in _SMALLER:
        unit, factor = _SMALLER[unit]
        amount *= factor
    count = "X" if amount is None else f"{amount:g}"
    time = "T" if unit in ("H", "MIN", "S") else ""
    return f"P{time}{count}{_DURATION_LETTERS.get(unit, unit)}"


def relative_ref(step: int) -> str:
    return "PAST_REF" if step < 0 else "FUTURE_REF" if step > 0 else "PRESENT_REF"


def reference_quarter(scope: Scope) -> tuple[int, int] | None:
    if scope.quarter:
        return scope.quarter
    if scope.dct is None:
        return None
    return cal.shift_quarter(scope.dct.year, cal.quarter_of(scope.dct.month), -1)
