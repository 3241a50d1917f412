"""Normalizers for amounts of time and clock times: durations, offsets, sets, times of day."""

from __future__ import annotations

import re

from summitwatch.extract.timex import calendar as cal
from summitwatch.extract.timex.rules import load_vocabulary
from summitwatch.extract.timex.scope import (
    Reading,
    Scope,
    amount_mod,
    duration_value,
    group,
    key,
    number,
    point_mod,
    reference_quarter,
    relative_ref,
    unit_code,
)


def offset(match: re.Match[str], scope: Scope) -> Reading | None:
    if not match.group("num") and not match.group("unit").lower().endswith("s"):
        return None  # "year ago" alone is not an expression
    amount = number(match.group("num")) if match.group("num") else None
    unit = unit_code(match.group("unit"))
    direction = key(match.group("dir"))
    sign = -1 if direction in ("ago", "earlier", "back") else 1
    mod = amount_mod(match)
    if amount is None or scope.dct is None:
        return Reading(relative_ref(sign), mod)
    if unit == "Y" and amount == 1 and scope.quarter:
        base = reference_quarter(scope)
        if base:
            year_number, quarter_number = cal.shift_quarter(*base, 4 * sign)
            return Reading(f"{year_number:04d}-Q{quarter_number}", mod)
    value = cal.unit_offset(scope.dct, unit, sign * amount)
    return Reading(value, mod) if value else None


def _is_age(text: str, end: int) -> bool:
    """ "a 6-year-old boy", "35-year-old Kim": a person's age, not an amount of time; "the
    18-month-old war" still measures how long the war has lasted."""
    old = re.match(r"-?\s?old\b\s*(\S*)", text[end : end + 40])
    if old is None:
        return False
    following = old.group(1).strip(".,;:")
    return not following or following[:1].isupper() or key(following) in load_vocabulary().persons


def duration(match: re.Match[str], scope: Scope) -> Reading | None:
    number_text = match.group("num")
    unit = unit_code(match.group("unit"))
    word_key = key(number_text)
    if _is_age(scope.text, match.end()):
        return None  # an age, "a 6-year-old boy"
    if unit == "S" and word_key in ("a", "an", "one"):
        return None  # "a second summit"
    after = scope.text[match.end() : match.end() + 4].lower()
    if unit == "Q" and after.startswith(" of"):
        return None  # "three quarters of the vote"
    amount = number(number_text)
    separator = scope.text[match.start("unit") - 1]
    singular = separator != "-" and match.group("unit")[-1:] not in "sS"
    if singular and amount not in (None, 0.5, 1.0) and (unit == "S" or number_text.isdigit()):
        return None  # "the 1988 second quarter"; but "a two day visit" is a duration
    if amount is not None and match.group("half"):
        amount += 0.5
    mod = amount_mod(match) or ("APPROX" if match.group("orso") else None)
    return Reading(duration_value(amount, unit), mod)


def duration_range(match: re.Match[str], scope: Scope) -> Reading | None:
    return Reading(duration_value(None, unit_code(match.group("unit"))))


def half_duration(match: re.Match[str], scope: Scope) -> Reading | None:
    return Reading(duration_value(0.5, unit_code(match.group("unit"))))


def vague_duration(match: re.Match[str], scope: Scope) -> Reading | None:
    return Reading(duration_value(None, unit_code(match.group("unit"))))


def set_every(match: re.Match[str], scope: Scope) -> Reading | None:
    vocabulary = load_vocabulary()
    target = key(match.group("unit"))
    count = key(match.group("num") or "one")
    if target in vocabulary.weekdays:
        return Reading(f"XXXX-WXX-{vocabulary.weekdays[target]}")
    if target in vocabulary.seasons:
        return Reading(f"XXXX-{vocabulary.seasons[target]}")
    if target in vocabulary.months:
        return Reading(f"XXXX-{vocabulary.months[target]:02d}")
    if target in vocabulary.day_parts:
        return Reading(f"XXXX-XX-XXT{vocabulary.day_parts[target]}")
    amount = 2.0 if count == "other" else number(count)
    return Reading(duration_value(amount or 1.0, unit_code(target)))


def set_price(match: re.Match[str], scope: Scope) -> Reading | None:
    return Reading(duration_value(1.0, unit_code(match.group("unit"))))


def frequency(match: re.Match[str], scope: Scope) -> Reading | None:
    return Reading(load_vocabulary().frequencies[key(match.group("freq"))])


def part_of_day(match: re.Match[str], scope: Scope) -> Reading | None:
    vocabulary = load_vocabulary()
    relative = key(match.group("rel")).split()[-1]
    code = vocabulary.day_parts[key(match.group("part"))]
    if scope.dct is None:
        return Reading(f"XXXX-XX-XXT{code}")
    step = {"this": 0, "last": -1 if code == "NI" else 0, "tomorrow": 1, "yesterday": -1}
    day = cal.shift_days(scope.dct, step[relative])
    return Reading(f"{cal.day_value(day)}T{code}", point_mod(match))


def _day_named(word: str | None, scope: Scope, match: re.Match[str]) -> str:
    if scope.dct is None:
        return "XXXX-XX-XX"
    if not word:
        return cal.day_value(scope.dct)
    vocabulary = load_vocabulary()
    word_key = key(word)
    if word_key in vocabulary.day_words:
        return cal.day_value(cal.shift_days(scope.dct, vocabulary.day_words[word_key]))
    day = cal.weekday_date(scope.dct, vocabulary.weekdays[word_key], scope.tense(match))
    return cal.day_value(day)


def clock(match: re.Match[str], scope: Scope) -> Reading | None:
    word = key(group(match, "word") or "")
    if word:
        hour, minute = (24, 0) if word == "midnight" else (12, 0)
    else:
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        afternoon = match.group("ampm").lower().startswith("p")
        hour = hour % 12 + (12 if afternoon else 0)
    day = _day_named(group(match, "wd"), scope, match)
    return Reading(f"{day}T{hour:02d}:{minute:02d}", amount_mod(match))
