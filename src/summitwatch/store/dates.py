"""The columns a stored event gets beside its TimeML date, so that an index can serve a range.

Coarse dates compared as strings do not sort by time ("2025" < "2025-01-01" < "2025-SP"), so a
range filter on ``date`` reads far more than it keeps. Each event therefore stores the first
and last ISO day its value covers (``date_start``, ``date_end``). A range [a, b] keeps the
values with ``date_start <= b`` and ``date_end >= a``. For an index to bound the scan from
below too, the values are looked up by how long they span: days and months (at most 31 days)
by ``date_start >= a - 31 days``; seasons, quarters and years (at most 366 days) by
``wide_start``, which only they carry, from ``a - 366 days``; the rare longer ones (decades)
by ``long_start``. A December query thus reads December, not the year since January.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Table, and_, or_

from summitwatch.timeml import date_bounds

SHORT_SPAN_DAYS = 31  # a month
WIDE_SPAN_DAYS = 366  # a year
DATE_COLUMNS = ("date_start", "date_end", "wide_start", "long_start")


def event_date_columns(value: str | None) -> dict[str, str | None]:
    bounds = date_bounds(value)
    if bounds is None:
        return dict.fromkeys(DATE_COLUMNS)
    start, end = bounds
    days = span_days(start, end)
    return {
        "date_start": start,
        "date_end": end,
        "wide_start": start if SHORT_SPAN_DAYS < days <= WIDE_SPAN_DAYS else None,
        "long_start": start if days > WIDE_SPAN_DAYS else None,
    }


def span_days(start: str, end: str) -> int:
    try:
        return (date.fromisoformat(end) - date.fromisoformat(start)).days
    except ValueError:  # an impossible day (2018-02-31): as long as its strings say
        return WIDE_SPAN_DAYS + 1 if end[:4] != start[:4] else SHORT_SPAN_DAYS


def days_before(first_day: str, days: int) -> str:
    try:
        return (date.fromisoformat(first_day) - timedelta(days=days)).isoformat()
    except ValueError:
        return f"{int(first_day[:4]) - 1 - days // 366:04d}-01-01"


def event_actor_rows(
    event_id: str, actors: list[str], recipients: list[str], date_start: str | None
) -> list[dict[str, str | None]]:
    """One row per distinct actor and recipient of an event (the actor filter's index)."""
    rows: dict[tuple[str, str], dict[str, str | None]] = {}
    for role, ids in (("actor", actors), ("recipient", recipients)):
        for actor_id in ids:
            rows.setdefault(
                (actor_id, role),
                {
                    "event_id": event_id,
                    "actor_id": actor_id,
                    "role": role,
                    "date_start": date_start,
                },
            )
    return list(rows.values())


def overlapping_dates(table: Table, start: str | None, end: str | None) -> ColumnElement[bool]:
    """Rows of ``table`` (with the columns above) whose date overlaps [start, end].

    Both bounds are TimeML values: the range runs from the first day of ``start`` to the last
    day of ``end``. Undated rows never overlap a range.
    """
    parts = overlap_parts(table, start, end)
    return parts[0] if len(parts) == 1 else or_(*parts)


def overlap_parts(table: Table, start: str | None, end: str | None) -> list[ColumnElement[bool]]:
    """:func:`overlapping_dates` in disjoint parts, each one index range in ``date_start``
    order: short values, wide ones, long ones. A query paging in date order reads each part
    only up to the page and merges them."""
    first = day_bound(start, 0)
    last = day_bound(end, 1)
    upper = [table.c.date_start <= last] if last is not None else []
    if first is None:
        return [and_(table.c.date_start.is_not(None), *upper)]
    short_floor = days_before(first, SHORT_SPAN_DAYS)
    wide_floor = days_before(first, WIDE_SPAN_DAYS)
    reaching = table.c.date_end >= first
    return [
        and_(table.c.date_start >= short_floor, reaching, *upper),
        and_(table.c.wide_start >= wide_floor, table.c.wide_start < short_floor, reaching),
        and_(table.c.long_start.is_not(None), table.c.long_start < short_floor, reaching),
    ]


def day_bound(value: str | None, side: int) -> str | None:
    if not value:
        return None
    bounds = date_bounds(value)
    return bounds[side] if bounds else value
