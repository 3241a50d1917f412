"""Checking dates a user gives (command line or request), naming the option in the error."""

from __future__ import annotations

import re
from datetime import date

DATE_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadDate(ValueError):
    pass


def parse_date_value(value: str, option: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD value that names a real day, month or year."""
    match = DATE_FORM.match(value.strip())
    if not match:
        raise BadDate(f"{option}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise BadDate(f"{option}: {value!r} is not a date ({exc})") from exc
    return value.strip()
