"""Calendar arithmetic on TimeML granularities, and the tense of the clause around a span.

Values are built here so that every rule writes them the same way: ``2025-09-21``,
``2025-09``, ``2025-W42``, ``2025-Q3``, ``2025-SP``, ``199`` (a decade), ``20`` (a century).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from summitwatch.extract.timex.rules import load_vocabulary

_WORD = re.compile(r"[A-Za-z']+")
# a reporting clause after a comma ("..., Park told reporters"): its tense is the report's
_REPORTING = re.compile(
    r"(?:[\w'’.-]+\s+){0,3}(?:said|says|told|tells|added|adds|noted|wrote|according)\b"
)
_BOUNDARY = re.compile(r"[.!?;\n]")
# words that end in -ed without being past-tense verbs
_PASSIVE = frozenset(("be", "been", "being"))
_NOT_PAST = frozenset(
    (
        "need", "bed", "red", "seed", "speed", "indeed", "hundred", "united", "limited",
        "based", "related", "interested", "advanced", "proposed",
    )
)  # fmt: skip


def day_value(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def shift_quarter(year: int, quarter: int, step: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + step
    return index // 4, index % 4 + 1


def shift_days(day: date, step: int) -> date:
    return day + timedelta(days=step)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-based; -1 for the last) ISO weekday of a month."""
    if nth < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def unit_point(dct: date, unit: str, step: int) -> str | None:
    """The value of "this/last/next <unit>" (step 0/-1/+1) at the unit's granularity."""
    if unit == "D":
        return day_value(shift_days(dct, step))
    if unit == "W":
        return week_value(shift_days(dct, 7 * step))
    if unit == "WE":
        return week_value(shift_days(dct, 7 * step)) + "-WE"
    if unit == "M":
        return month_value(*shift_month(dct.year, dct.month, step))
    if unit == "Q":
        year, quarter = shift_quarter(dct.year, quarter_of(dct.month), step)
        return f"{year:04d}-Q{quarter}"
    if unit == "Y":
        return f"{dct.year + step:04d}"
    if unit == "DE":
        return f"{dct.year // 10 + step:03d}"
    if unit == "CE":
        return f"{dct.year // 100 + step:02d}"
    return None


def unit_offset(dct: date, unit: str, amount: float) -> str | None:
    """The value of "<amount> <unit> ago/later" (amount signed) at the unit's granularity."""
    if amount != int(amount):
        return None
    step = int(amount)
    if unit in ("H", "MIN", "S"):
        return day_value(dct)
    return unit_point(dct, unit, step)


def season_year(dct: date, season: str, step: int) -> int:
    """The year of "last/this/next <season>"; winter belongs to the year it starts in."""
    order = ["SP", "SU", "FA", "WI"]
    position = {3: 0, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2, 12: 3}.get(dct.month, 3)
    current = (dct.year - (1 if dct.month < 3 else 0)) * 4 + position
    target = order.index(season)
    candidates = [i for i in range(current - 4, current + 5) if i % 4 == target]
    if step < 0:
        chosen = max(i for i in candidates if i < current)
    elif step > 0:
        chosen = min(i for i in candidates if i > current)
    else:
        chosen = min(candidates, key=lambda i: (abs(i - current), i < current))
    return chosen // 4


def year_for_month(dct: date, month: int, day: int | None, tense: int) -> int:
    """Which year an underspecified month (and day) means, said on ``dct``.

    A past clause takes the latest such date not after the DCT, a future clause the first not
    before it (within a month and a half of the DCT the cue is too weak to move the year);
    without a tense cue, the occurrence nearest to the DCT.
    """
    ahead = (month - dct.month) * 31 + (15 if day is None else day) - dct.day
    if tense < 0:
        return dct.year - 1 if ahead > 45 else dct.year
    if tense > 0:
        return dct.year + 1 if ahead < -45 else dct.year
    if ahead > 183:
        return dct.year - 1
    if ahead < -183:
        return dct.year + 1
    return dct.year


def nearest_weekday(dct: date, weekday: int) -> date:
    """The occurrence of a weekday closest to ``dct`` (ahead when both are three days off)."""
    ahead = (weekday - dct.isoweekday()) % 7
    return shift_days(dct, ahead if ahead <= 3 else ahead - 7)


def weekday_date(dct: date, weekday: int, tense: int) -> date:
    """The date of a weekday named near ``dct``: the same day, else the nearest in the tense."""
    delta = weekday - dct.isoweekday()
    if delta == 0:
        return dct
    if tense > 0:
        return shift_days(dct, delta % 7)
    return shift_days(dct, -((-delta) % 7))


def clause_tense(text: str, start: int, end: int) -> int:
    """-1 for a past clause, +1 for a future one, 0 when nothing in the sentence says."""
    vocabulary = load_vocabulary()
    left = start
    lower_bound = max(0, start - 300)
    while left > lower_bound and not _BOUNDARY.match(text, left - 1):
        left -= 1
    right = end
    upper_bound = min(len(text), end + 300)
    while right < upper_bound and not _BOUNDARY.match(text, right):
        right += 1
    best, best_distance = 0, 10**9
    previous, last_end = "", left
    for match in _WORD.finditer(text, left, right):
        word, before = match.group().lower(), previous
        previous, gap, last_end = word, text[last_end : match.start()], match.end()
        if start <= match.start() < end:
            continue
        # past the date, another clause carries its own tense: "Thursday night that Trump
        # would hold talks", "troops to Russia by December, Park told reporters"
        if match.start() >= end and (
            word in vocabulary.clause_openers
            or ("," in gap and _REPORTING.match(text, match.start()))
        ):
            break
        if f"{before} {word}" in vocabulary.future_phrases:
            best, best_distance = 1, min(best_distance, abs(start - match.end()))
            continue
        cue = 0
        if word in vocabulary.future_cues:
            cue = 1
        elif before in _PASSIVE:
            continue  # "will be signed": the auxiliary carries the tense
        elif word in vocabulary.past_cues or (
            len(word) > 4 and word.endswith("ed") and word not in _NOT_PAST
        ):
            cue = -1
        if cue:
            distance = start - match.end() if match.end() <= start else match.start() - end
            if distance < best_distance:
                best, best_distance = cue, distance
    return best
