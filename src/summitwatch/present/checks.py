"""Checks every reading command makes on what it is given: dates, and that the store exists."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from summitwatch.present.options import fail
from summitwatch.present.validation import BadDate, parse_date_value
from summitwatch.settings import Settings

USAGE_ERROR = 2


def check_date_option(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_date_value(value, option)
    except BadDate as exc:
        fail(str(exc), USAGE_ERROR)


def require_existing_store(settings: Settings) -> None:
    """A reading command never creates a database: a missing SQLite file is an error."""
    try:
        url = make_url(settings.db_url)
    except ArgumentError:
        fail(f"not a database URL: {settings.db_url!r}")
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    if not Path(url.database).expanduser().is_file():
        fail(
            f"no database at {url.database} (run `summitwatch ingest` or `summitwatch demo` first)"
        )
