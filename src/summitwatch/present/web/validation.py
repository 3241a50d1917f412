"""Request parameters checked like command-line options: a bad date is a 422 naming it."""

from __future__ import annotations

from fastapi import HTTPException

from summitwatch.present.validation import BadDate, parse_date_value


def checked_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return parse_date_value(value, name)
    except BadDate as exc:
        raise HTTPException(422, str(exc)) from exc
