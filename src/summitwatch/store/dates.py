"""The columns a stored event gets beside its TimeML date, so that an index can serve a range.

Coarse dates compared as strings do not sort by time ("2025" < "2025-01-01" < "2025-SP"), so a
range filter on ``date`` reads far more than it keeps. Each event therefore stores the first
and last ISO day its value covers (``date_start``, ``date_end``). A range [a, b] keeps the
values with ``date_start <= b`` and ``date_end >= a``; for the index to bound the scan from
below as well, values spanning at most a year are looked up by ``date_start >= a - 1 year``
and the rare longer ones (decades) by ``long_start``, which only they carry.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Table, and_, or_

from summitwatch.timeml import date_bounds

# a value spanning more than this many days is "long": found through long_start
LONG_SPAN_DAYS = 366


def event_date_columns(value: str | None) -> dict[str, str | None]:
    bounds = date_bounds(value)
    if bounds is None:
        return {"date_start": None, "date_end": None, "long_start": None}
    start, end = bounds
    return {
        "date_start": start,
        "date_end": end,
        "long_start": start if is_long(start, end) else None,
    }


def is_long(start: str, end: str) -> bool:
    try:
        return (date.fromisoformat(end) - date.fromisoformat(start)).days > LONG_SPAN_DAYS
    except ValueError:  # an impossible day (2018-02-31) spans what its strings say
        return end[:4] != start[:4]


def short_span_floor(first_day: str) -> str:
    """The earliest start of a value spanning at most a year that can reach ``first_day``."""
    try:
        return (date.fromisoformat(first_day) - timedelta(days=LONG_SPAN_DAYS)).isoformat()
    except ValueError:
        return f"{int(first_day[:4]) - 1:04d}{first_day[4:]}"


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
    """Rows of ``table`` (with the three columns above) whose date overlaps [start, end].

    Both bounds are TimeML values: the range runs from the first day of ``start`` to the last
    day of ``end``. Undated rows never overlap a range.
    """
    first = day_bound(start, 0)
    last = day_bound(end, 1)
    short: list[ColumnElement[bool]] = []
    long: list[ColumnElement[bool]] = [table.c.long_start.is_not(None)]
    if first is not None:
        short += [table.c.date_start >= short_span_floor(first), table.c.date_end >= first]
        long.append(table.c.date_end >= first)
    if last is not None:
        short.append(table.c.date_start <= last)
        long.append(table.c.long_start <= last)
    if first is None:
        # no lower bound: the index on date_start serves the whole range by itself
        return and_(table.c.date_start.is_not(None), *short)
    return or_(and_(*short), and_(*long))


def day_bound(value: str | None, side: int) -> str | None:
    if not value:
        return None
    bounds = date_bounds(value)
    return bounds[side] if bounds else value
