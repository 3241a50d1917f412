"""TimeML date values (``2025-10-29``, ``2025-10``, ``2025``, ``2026-SP``): precision and span.

A value carries its own precision; these helpers say what it is, which days it covers,
and whether two values can name the same day (one contains the other).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

PRECISION_RANK = {
    "decade": 0,
    "year": 1,
    "half": 2,
    "season": 2,
    "quarter": 2,
    "month": 3,
    "week": 4,
    "day": 5,
    "time": 6,
}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_PART = re.compile(r"^(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])$")
_DECADE = re.compile(r"^(\d{3})$")
_PART_MONTHS = {
    "SP": (3, 5),
    "SU": (6, 8),
    "FA": (9, 11),
    "WI": (12, 12),
    "Q1": (1, 3),
    "Q2": (4, 6),
    "Q3": (7, 9),
    "Q4": (10, 12),
    "H1": (1, 6),
    "H2": (7, 12),
}


def date_precision(value: str | None) -> str:
    """How precise a TimeML date value is: day, month, year, season, week, decade, unknown."""
    if not value:
        return "unknown"
    if _DAY.match(value):
        return "time" if "T" in value else "day"
    if _MONTH.match(value):
        return "month"
    if _YEAR.match(value):
        return "year"
    if _WEEK.match(value):
        return "week"
    part = _PART.match(value)
    if part:
        code = part.group(2)
        return {"Q": "quarter", "H": "half"}.get(code[0], "season")
    if _DECADE.match(value):
        return "decade"
    return "unknown"


def date_bounds(value: str | None) -> tuple[str, str] | None:
    """The first and last ISO day a TimeML value covers; None when it is not a date."""
    if not value:
        return None
    if match := _DAY.match(value):
        day = f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
        return day, day
    if match := _MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        return _month_bounds(year, month, month)
    if match := _YEAR.match(value):
        return f"{match.group(1)}-01-01", f"{match.group(1)}-12-31"
    if match := _PART.match(value):
        first, last = _PART_MONTHS[match.group(2)]
        return _month_bounds(int(match.group(1)), first, last)
    if match := _WEEK.match(value):
        weekend = value.endswith("-WE")
        return _week_bounds(int(match.group(1)), int(match.group(2)), weekend)
    if match := _DECADE.match(value):
        return f"{match.group(1)}0-01-01", f"{match.group(1)}9-12-31"
    return None


def _week_bounds(year: int, week: int, weekend: bool = False) -> tuple[str, str]:
    """Monday (Saturday for its weekend) to Sunday of ISO week ``week``; the whole year for a
    week that does not exist."""
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    first = monday + timedelta(days=5 if weekend else 0)
    return first.isoformat(), (monday + timedelta(days=6)).isoformat()


def _month_bounds(year: int, first: int, last: int) -> tuple[str, str]:
    if not 1 <= first <= 12 or not 1 <= last <= 12:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    end_day = calendar.monthrange(year, last)[1]
    return f"{year:04d}-{first:02d}-01", f"{year:04d}-{last:02d}-{end_day:02d}"


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Whether two values can name the same day: equal, or one contains the other."""
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter) and longer[len(shorter)] in "-T"


def sort_key(value: str | None) -> tuple[str, int]:
    bounds = date_bounds(value)
    return (bounds[0] if bounds else "9999-99-99", PRECISION_RANK.get(date_precision(value), 9))


def overlaps(value: str | None, start: str | None, end: str | None) -> bool:
    bounds = date_bounds(value)
    if bounds is None:
        return start is None and end is None
    start_bounds, end_bounds = date_bounds(start), date_bounds(end)
    first_start = start_bounds[0] if start_bounds else None
    last_end = end_bounds[1] if end_bounds else None
    return (first_start is None or bounds[1] >= first_start) and (
        last_end is None or bounds[0] <= last_end
    )


def is_date_value(value: str) -> bool:
    """Whether ``value`` is a TimeML date whose days exist (``2018-06-31`` is not)."""
    bounds = date_bounds(value)
    if bounds is None:
        return False
    try:
        date.fromisoformat(bounds[0])
        date.fromisoformat(bounds[1])
    except ValueError:
        return False
    return True


def first_day(value: str) -> str:
    """The first day a TimeML date value covers, as ISO (``2025`` -> ``2025-01-01``)."""
    bounds = date_bounds(value)
    if bounds is not None:
        return bounds[0]
    parts = value.split("-")
    year = parts[0] if parts and parts[0].isdigit() else "0000"
    month = parts[1] if len(parts) > 1 and parts[1].isdigit() else "01"
    day = parts[2][:2] if len(parts) > 2 and parts[2][:2].isdigit() else "01"
    return f"{year}-{month}-{day}"


def first_date(value: str | None) -> date | None:
    """The first day a TimeML date value covers, as a date; None when it names no real day."""
    bounds = date_bounds(value)
    try:
        return date.fromisoformat(bounds[0]) if bounds else None
    except ValueError:
        return None


def last_date(value: str | None) -> date | None:
    """The last day a TimeML date value covers (``2018-06`` -> 2018-06-30), as a date."""
    bounds = date_bounds(value)
    try:
        return date.fromisoformat(bounds[1]) if bounds else None
    except ValueError:
        return None
