"""Find time expressions with the rules and normalize them in reading order.

All rules run over the whole text; overlapping candidates are settled by precedence (longest
span first, then the rule listed first). Accepted spans are then normalized from left to right
so that a value can depend on what the text said before it (the last quarter named).
"""

from __future__ import annotations

import re
from datetime import date

from summitwatch.extract.timex.normalize import NORMALIZERS, Reading, Scope
from summitwatch.extract.timex.rules import TimexRule, load_rules
from summitwatch.models import Timex

_ARTICLE_ADJECTIVE = re.compile(r"[Tt]he \S+-(?!quarter)[A-Za-z]+\b")

# how far a match may reach before and after its trigger word
_BEFORE, _AFTER = 80, 40

Candidate = tuple[int, int, int, TimexRule, re.Match[str]]


def find_candidates(text: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    for order, rule in enumerate(load_rules()):
        for low, high in rule_windows(rule, text):
            for match in rule.regex.finditer(text, low, high):
                has_span = "span" in rule.regex.groupindex
                start, end = match.span("span") if has_span else match.span()
                if end > start:
                    candidates.append((start, end, order, rule, match))
    return candidates


def rule_windows(rule: TimexRule, text: str) -> list[tuple[int, int]]:
    """Where a rule can match: the whole text, or merged windows around its trigger's hits."""
    if rule.trigger is None:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    for hit in rule.trigger.finditer(text):
        low, high = max(0, hit.start() - _BEFORE), min(len(text), hit.end() + _AFTER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    # "the" belongs to a noun phrase, not to a hyphenated adjective ("the two-year plan")
    adjective = _ARTICLE_ADJECTIVE.match(text, start, end)
    if adjective and adjective.end() == end:
        start += 4
    # a final period belongs to an abbreviation ("Oct.") but not to a full word or number
    if end - start > 1 and text[end - 1] == ".":
        word = re.search(r"(\w+)\.$", text[start:end])
        if word and (len(word.group(1)) > 4 or word.group(1).isdigit()):
            end -= 1
    return start, end


def select_spans(text: str, dct: date | None) -> list[Candidate]:
    """Non-overlapping candidates by precedence; a rejected match frees its span."""
    candidates = find_candidates(text)
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken = bytearray(len(text) + 1)
    probe = Scope(text=text, dct=dct)
    chosen: list[Candidate] = []
    for candidate in candidates:
        start, end, _, rule, match = candidate
        if any(taken[start:end]):
            continue
        if NORMALIZERS[rule.normalize](match, probe) is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(candidate)
    chosen.sort(key=lambda c: c[0])
    return chosen


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def tag_timexes(text: str, dct: date | None) -> list[Timex]:
    """TIMEX3 expressions of ``text``, with offsets into it, normalized against ``dct``."""
    scope = Scope(text=text, dct=dct)
    timexes: list[Timex] = []
    for start, end, _, rule, match in select_spans(text, dct):
        reading: Reading | None = NORMALIZERS[rule.normalize](match, scope)
        if reading is None:
            continue
        if len(reading.value) >= 10 and reading.value[:4].isdigit():
            scope.last_day = _parse_day(reading.value)
        start, end = _trim(text, start, end)
        timexes.append(
            Timex(
                start=start,
                end=end,
                text=text[start:end],
                type=reading.type or rule.type,
                value=reading.value,
                mod=reading.mod,
            )
        )
    return timexes
