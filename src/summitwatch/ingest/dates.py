"""Calendar dates as articles and notes print them, read into ``datetime.date``.

Covers the forms by-lines and reference lists use: ``Dec 2, 2024``, ``November 5, 2025``,
``5 November 2025``, ``2019-06-02``, ``2019/06/02``, ``2025.11.05``, the US ``02/27/2019``
(read day first, ``27/02/2019``, only when the first number cannot be a month) and the Korean
``2025년 9월 22일``. Relative dates ("yesterday") are the temporal tagger's business, not this.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# each pattern names its groups year/month/day; month may be a name or a number
DATE_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",  # Dec 2, 2024
        rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b",  # 5 November 2025
        r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)\b",  # 2019-06-02
        r"\b(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b",  # 02/27/2019 (US)
        r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b",  # 27.02.2019
        r"(?P<year>(?:19|20)\d\d)\s*년\s*(?P<month>[01]?\d)\s*월\s*(?P<day>[0-3]?\d)\s*일",
    )
)


def _to_date(match: re.Match[str]) -> date | None:
    month_text = match.group("month").lower().rstrip(".")
    month = MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else 0)
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def find_date(text: str, last: bool = False) -> tuple[date, re.Match[str]] | None:
    """The first (or ``last``) calendar date written in ``text`` and where it was found."""
    found: list[tuple[int, date, re.Match[str]]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _to_date(match)
            if value is not None:
                found.append((match.start(), value, match))
    if not found:
        return None
    pick = max if last else min
    _, value, match = pick(found, key=lambda item: item[0])
    return value, match


def parse_date(text: str) -> date | None:
    """The date in ``text`` when ``text`` is nothing but a date (ISO or any known form)."""
    hit = find_date(text)
    if hit is None:
        return None
    _, match = hit
    rest = (text[: match.start()] + text[match.end() :]).strip(" \t|,.-–—()[]")
    return hit[0] if not rest else None
