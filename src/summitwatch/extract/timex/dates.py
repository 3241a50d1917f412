"""Normalizers for points in time: calendar dates, months, years, quarters, weekdays.

Each function is named in rules.yaml; it returns ``None`` to reject a match that only looks
like a time expression ("No. 2025-26", "may" the verb).
"""

from __future__ import annotations

import re
from datetime import date

from summitwatch.extract.timex import calendar as cal
from summitwatch.extract.timex.rules import load_vocabulary
from summitwatch.extract.timex.scope import (
    Reading,
    Scope,
    duration_value,
    full_year,
    group,
    key,
    month_number,
    point_mod,
    reference_quarter,
    relative_ref,
    unit_code,
)

_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|of|during|through|to|before|after|on|between|and|"
    r"or|early|late|mid|last|next|this|that|each|every|end|beginning|start|middle)[\s-]+)$",
    re.IGNORECASE,
)
_YEAR_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|from|of|during|to|before|after|around|circa|year|c\.)\s+$",
    re.IGNORECASE,
)
_NOT_YEAR_NEXT = re.compile(
    r"\s*(?:-\s*\d{1,2}\b|(?:troops|soldiers|people|men|women|km|kilometers|miles|meters|tons|"
    r"feet|dollars|won|yen|members|units|votes|copies|cars|pages|workers|jobs|shares|"
    r"students|times|points|square)\b)",
    re.IGNORECASE,
)
_PERIOD_ENDING = re.compile(r"\s+(?:ended|ending|ends|through|to\s+date)\b")
_DAY_FOLLOWS = re.compile(r"\.?\s+\d{1,2}\b")
_NUMBER_PREFIX = re.compile(r"(?:\bno\.?|\bnos\.?|#|\bnumber|\bvol\.?|\bart\.?)\s*$", re.IGNORECASE)


def absolute_date(match: re.Match[str], scope: Scope) -> Reading | None:
    day = cal.safe_date(full_year(match.group("year")), int(match.group("mon")), int(match["day"]))
    return Reading(cal.day_value(day)) if day else None


def month_day(match: re.Match[str], scope: Scope) -> Reading | None:
    month = month_number(match)
    if month is None:
        return None
    day_number = int(match.group("day"))
    year_text = group(match, "year")
    if year_text:
        year = int(year_text)
    elif scope.dct is None:
        return Reading(f"XXXX-{month:02d}-{day_number:02d}", point_mod(match))
    else:
        year = scope.narrative_year(match) or cal.year_for_month(
            scope.dct, month, day_number, scope.tense(match)
        )
    day = cal.safe_date(year, month, day_number)
    return Reading(cal.day_value(day), point_mod(match)) if day else None


def month_year(match: re.Match[str], scope: Scope) -> Reading | None:
    month = month_number(match)
    if month is None:
        return None
    return Reading(cal.month_value(int(match.group("year")), month), point_mod(match))


def this_past(match: re.Match[str], scope: Scope) -> Reading | None:
    """ "this past weekend": the last one before the DCT, a date, not an amount of time."""
    if scope.dct is None:
        return Reading("PAST_REF")
    value = cal.unit_point(scope.dct, unit_code(match.group("unit")), -1)
    return Reading(value) if value else None


def month_of_relative_year(match: re.Match[str], scope: Scope) -> Reading | None:
    """ "November next year", "March last year": the month of the year the DCT points to."""
    month = month_number(match)
    if month is None:
        return None
    if scope.dct is None:
        return Reading(f"XXXX-{month:02d}", point_mod(match))
    step = {"this": 0, "last": -1, "next": 1}[key(match.group("rel"))]
    return Reading(cal.month_value(scope.dct.year + step, month), point_mod(match))


def month_alone(match: re.Match[str], scope: Scope) -> Reading | None:
    word = match.group("month")
    word_key = key(word)
    vocabulary = load_vocabulary()
    if not word[0].isupper() or (len(word_key) <= 4 and word_key not in ("may", "june", "july")):
        return None
    if word_key in vocabulary.ambiguous_months and not match.group("pmod"):
        before = scope.text[max(0, match.start() - 20) : match.start()]
        if not _MONTH_CONTEXT.search(before):
            return None
    month = vocabulary.months[word_key]
    if scope.dct is None:
        return Reading(f"XXXX-{month:02d}", point_mod(match))
    year = scope.narrative_year(match) or cal.year_for_month(
        scope.dct, month, None, scope.tense(match)
    )
    return Reading(cal.month_value(year, month), point_mod(match))


def _relative_month(dct: date, month: int, step: int) -> str:
    if step < 0:
        year = dct.year if month < dct.month else dct.year - 1
    elif step > 0:
        year = dct.year if month > dct.month else dct.year + 1
    else:
        year = dct.year
    return cal.month_value(year, month)


def _relative_weekday(dct: date, weekday: int, step: int) -> date:
    delta = weekday - dct.isoweekday()
    if step < 0:
        return cal.shift_days(dct, delta - 7 if delta >= 0 else delta)
    if step > 0:
        return cal.shift_days(dct, delta + 7 if delta <= 0 else delta)
    return cal.shift_days(dct, delta % 7)


def relative_point(match: re.Match[str], scope: Scope) -> Reading | None:
    vocabulary = load_vocabulary()
    step = vocabulary.relatives[key(match.group("rel"))]
    target = key(match.group("target"))
    mod = point_mod(match)
    if key(match.group("rel")) in ("past", "the past") and target in vocabulary.units:
        # "the past decade" spans up to now: an amount of time, not a calendar unit
        return Reading(duration_value(1.0, unit_code(target)), mod, "DURATION")
    if scope.dct is None:
        return Reading(relative_ref(step), mod)
    dct = scope.dct
    value: str | None
    if target in vocabulary.months:
        if not match.group("target")[0].isupper() or _DAY_FOLLOWS.match(scope.text, match.end()):
            return None  # "last Oct. 23" is a day: the month-day rule reads it
        value = _relative_month(dct, vocabulary.months[target], step)
    elif target in vocabulary.seasons:
        code = vocabulary.seasons[target]
        value = f"{cal.season_year(dct, code, step):04d}-{code}"
    elif target in vocabulary.weekdays:
        value = cal.day_value(_relative_weekday(dct, vocabulary.weekdays[target], step))
    else:
        value = cal.unit_point(dct, unit_code(target), step)
    if value is None:
        return None
    part = group(match, "part")
    if part and len(value) == 10:
        return Reading(f"{value}T{vocabulary.day_parts[key(part)]}", mod, "TIME")
    return Reading(value, mod)


def season_or_half(match: re.Match[str], scope: Scope) -> Reading | None:
    target = key(match.group("target"))
    year_text = match.group("year")
    has_article = match.group().lower().lstrip().startswith(("the", "early", "late", "mid"))
    if not year_text and not has_article:
        return None
    if not year_text and re.match(r"\s+of\b", scope.text[match.end() : match.end() + 4]):
        return None
    if year_text:
        year_label = year_text
    elif scope.dct is None:
        year_label = "XXXX"
    else:
        year_label = str(scope.narrative_year(match) or scope.dct.year)
    if target.endswith("half"):
        code = "H1" if target.startswith("first") else "H2"
    else:
        code = load_vocabulary().seasons[target]
    return Reading(f"{year_label}-{code}", point_mod(match))


def quarter(match: re.Match[str], scope: Scope) -> Reading | None:
    count = load_vocabulary().ordinals[key(match.group("ord"))]
    year_text = match.group("year") or match.group("pyear")
    relative = match.group("rel")
    if relative and scope.dct:
        year_text = str(scope.dct.year + {"this": 0, "last": -1, "next": 1}[key(relative)])
    if year_text:
        year = int(year_text)
    elif scope.dct is None:
        return Reading(f"XXXX-Q{count}")
    else:
        year = scope.dct.year
        if count > cal.quarter_of(scope.dct.month) and scope.tense(match) < 0:
            year -= 1
    scope.quarter = (year, count)
    return Reading(f"{year:04d}-Q{count}")


def quarter_ref(match: re.Match[str], scope: Scope) -> Reading | None:
    which = key(match.group("which") or "")
    base = reference_quarter(scope)
    if base is None:
        return None
    if which == "current" and scope.dct:
        base = (scope.dct.year, cal.quarter_of(scope.dct.month))
    step = {"year-earlier": -4, "year-ago": -4, "previous": -1, "preceding": -1, "prior": -1}
    year, number = cal.shift_quarter(*base, step.get(which, 0))
    return Reading(f"{year:04d}-Q{number}")


def year_period(match: re.Match[str], scope: Scope) -> Reading | None:
    base = reference_quarter(scope)
    if base is None:
        return None
    return Reading(f"{int(match.group('year')):04d}-Q{base[1]}")


def year_earlier(match: re.Match[str], scope: Scope) -> Reading | None:
    if scope.quarter_in_sentence(match):
        base = reference_quarter(scope)
        if base:
            year, number = cal.shift_quarter(*base, -4)
            return Reading(f"{year:04d}-Q{number}")
    if scope.dct is None:
        return Reading("PAST_REF")
    return Reading(f"{scope.dct.year - 1:04d}")


def decade(match: re.Match[str], scope: Scope) -> Reading | None:
    if match.group("dec"):
        value = match.group("dec")[:3]
    else:
        digits = match.group("yy") or match.group("yy2")
        this_decade = scope.dct.year % 100 if scope.dct else 30
        value = ("20" if int(digits) <= this_decade else "19") + digits[0]
    return Reading(value, point_mod(match))


def century(match: re.Match[str], scope: Scope) -> Reading | None:
    word = key(match.group("ord"))
    named = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
    count = named.get(word) or load_vocabulary().ordinals.get(word)
    if count is None:
        count = int(re.sub(r"\D", "", word))
    return Reading(f"{count - 1:02d}", point_mod(match))


def year(match: re.Match[str], scope: Scope) -> Reading | None:
    start = match.start("year")
    text = scope.text
    hyphenated = start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()
    if hyphenated and not group(match, "pmod"):
        return None  # "Development-2024": part of a name
    if _NUMBER_PREFIX.search(text, max(0, start - 8), start):
        return None
    if _NOT_YEAR_NEXT.match(text, match.end()):
        return None
    count = int(match.group("year"))
    if count < 1800 and not _YEAR_CONTEXT.search(text, max(0, start - 12), start):
        return None
    return Reading(f"{count:04d}", point_mod(match))


def day_word(match: re.Match[str], scope: Scope) -> Reading | None:
    vocabulary = load_vocabulary()
    word = key(match.group("dw"))
    mod = point_mod(match)
    step = vocabulary.day_words[word]
    if scope.dct is None:
        return Reading(relative_ref(step), mod)
    value = cal.day_value(cal.shift_days(scope.dct, step))
    part = match.group("part")
    if part:
        return Reading(f"{value}T{vocabulary.day_parts[key(part)]}", mod, "TIME")
    if word == "tonight":
        return Reading(f"{value}TNI", mod, "TIME")
    return Reading(value, mod)


def _names_event_day(text: str, end: int) -> bool:
    """ "his Tuesday summit", "Sunday's meeting": the weekday names an event's day."""
    after = re.match(r"(?:['’]s)?\s+(?:[A-Z]{2,}\s+)?([a-z]+)", text[end : end + 30])
    return after is not None and after.group(1) in load_vocabulary().weekday_events


def weekday(match: re.Match[str], scope: Scope) -> Reading | None:
    vocabulary = load_vocabulary()
    word = match.group("wd")
    if not word[0].isupper():
        return None
    count = vocabulary.weekdays[key(word)]
    mod = point_mod(match)
    if scope.dct is None:
        return Reading(f"XXXX-WXX-{count}", mod)
    week_step = scope.week_step(match)
    if week_step is not None:
        monday = cal.shift_days(scope.dct, 7 * week_step - scope.dct.isoweekday() + 1)
        day = cal.shift_days(monday, count - 1)
    elif _names_event_day(scope.text, match.end()):
        day = cal.nearest_weekday(scope.dct, count)
    else:
        day = cal.weekday_date(scope.dct, count, scope.tense(match))
    value = cal.day_value(day)
    # "Wednesday night" stays a DATE: news uses it to date the event, not to time it
    return Reading(value, mod)


def holiday(match: re.Match[str], scope: Scope) -> Reading | None:
    if not match.group("hol")[0].isupper():
        return None
    month, day_number = load_vocabulary().holidays[key(match.group("hol"))]
    if match.group("year"):
        year_number = int(match.group("year"))
    elif scope.dct is None:
        return Reading(f"XXXX-{month:02d}-{day_number:02d}")
    else:
        year_number = cal.year_for_month(scope.dct, month, day_number, scope.tense(match))
    return Reading(f"{year_number:04d}-{month:02d}-{day_number:02d}")


def reference(match: re.Match[str], scope: Scope) -> Reading | None:
    word_key = key(match.group("ref"))
    if word_key.startswith("recent "):
        return Reading("PAST_REF")
    return Reading(load_vocabulary().references[word_key])


def unit_alone(match: re.Match[str], scope: Scope) -> Reading | None:
    unit = unit_code(match.group("unit"))
    if unit == "Y" and (scope.dct is None or _PERIOD_ENDING.match(scope.text, match.end())):
        return Reading("P1Y", type="DURATION")  # "the year ended June 30": an amount of time
    if scope.dct is None:
        return None
    value = cal.unit_point(scope.dct, unit, 0)
    return Reading(value) if value else None


def weekday_holiday(match: re.Match[str], scope: Scope) -> Reading | None:
    """Holidays such as Thanksgiving: the nth weekday of a month."""
    if not match.group("hol")[0].isupper():
        return None
    month, weekday_number, nth = load_vocabulary().nth_weekday_holidays[key(match.group("hol"))]
    if match.group("year"):
        year_number = int(match.group("year"))
    elif scope.dct is None:
        return Reading(f"XXXX-{month:02d}")
    else:
        year_number = cal.year_for_month(scope.dct, month, 15, scope.tense(match))
    day = cal.nth_weekday(year_number, month, weekday_number, nth)
    return Reading(cal.day_value(day))


def anaphoric_day(match: re.Match[str], scope: Scope) -> Reading | None:
    """ "The next day", "the day before": relative to the last day the story named."""
    anchor = scope.last_day or scope.dct
    if anchor is None:
        return None
    which = key(match.group("which"))
    step = {"next": 1, "following": 1, "previous": -1, "prior": -1}
    day = cal.shift_days(anchor, step.get(which, 0))
    part = group(match, "part")
    if part and key(part) in load_vocabulary().day_parts:
        code = load_vocabulary().day_parts[key(part)]
        return Reading(f"{cal.day_value(day)}T{code}", type="TIME")
    return Reading(cal.day_value(day))


def spoken_year(match: re.Match[str], scope: Scope) -> Reading | None:
    """Years and decades in words, as broadcast transcripts write them."""
    words = load_vocabulary().number_words
    decade_word = group(match, "decade")
    if decade_word:
        tens = {"twent": 2, "thirt": 3, "fort": 4, "fift": 5, "sixt": 6, "sevent": 7}
        stem = key(decade_word)
        digit = tens.get(stem[:5], tens.get(stem[:6], 8 if stem.startswith("eight") else 9))
        return Reading(f"19{digit}", point_mod(match))
    century = group(match, "century")
    if century:
        total = int(words[key(century)]) * 100 + int(words[key(match.group("tens"))])
        ones = group(match, "ones")
        total += int(words[key(ones)]) if ones else 0
    else:
        before = scope.text[max(0, match.start() - 8) : match.start()].lower()
        if not group(match, "yearword") and not _YEAR_CONTEXT.search(before):
            return None  # "two thousand people"
        recent = group(match, "recent")
        total = 2000 + (int(words[key(recent)]) if recent else 0)
    return Reading(f"{total:04d}", point_mod(match))
