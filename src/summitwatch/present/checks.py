"""Checks every reading command makes on what it is given: dates, and that the store exists."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from summitwatch.present.options import fail
from summitwatch.present.validation import BadDate, parse_date_value

if TYPE_CHECKING:
    from summitwatch.packs.pack import Pack
    from summitwatch.store.database import Store

USAGE_ERROR = 2


def check_date_option(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_date_value(value, option)
    except BadDate as exc:
        fail(str(exc), USAGE_ERROR)


def resolve_actor_option(store: Store, pack: Pack, wanted: str | None) -> str | None:
    """An actor id from an id, name or alias in any case; unknown: an error with suggestions."""
    if wanted is None:
        return None
    from summitwatch.analyze import desk as records

    try:
        return records.resolve_actor(store, pack, wanted)
    except records.LookupFailed as exc:
        fail(str(exc))


def resolve_question_option(store: Store, pack: Pack, wanted: str) -> str:
    """A question id in any case; unknown: an error naming the closest ids."""
    from sqlalchemy import select

    from summitwatch.store.schema import questions

    known = {q.id.lower(): q.id for q in pack.questions}
    with store.engine.connect() as connection:
        known.update({row.id.lower(): row.id for row in connection.execute(select(questions.c.id))})
    if wanted.lower() in known:
        return known[wanted.lower()]
    close = difflib.get_close_matches(wanted.lower(), list(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(known[c] for c in close)}?" if close else ""
    fail(f"--question: no question {wanted!r}{hint}")
