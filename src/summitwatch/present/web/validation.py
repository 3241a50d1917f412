"""Request filters, parsed once for the pages and the API: a bad date is a 422 naming it.

The documents list, the search and every dated list read ``from``/``to`` the same way on a
page and in ``/api/v1``; these functions are the one place that turns the parameters into
the filters of the analysis layer.
"""

from __future__ import annotations

from fastapi import HTTPException

from summitwatch.analyze.desk import DocumentFilter
from summitwatch.present.validation import BadDate, parse_date_value
from summitwatch.store.search import KINDS, SearchQuery


def checked_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return parse_date_value(value, name)
    except BadDate as exc:
        raise HTTPException(422, str(exc)) from exc


def date_range(from_: str | None, to: str | None) -> tuple[str | None, str | None]:
    """The ``from`` and ``to`` parameters, checked (YYYY, YYYY-MM or YYYY-MM-DD)."""
    return checked_date(from_, "from"), checked_date(to, "to")


def document_filter(
    publisher: str | None, title: str | None, from_: str | None, to: str | None
) -> DocumentFilter:
    start, end = date_range(from_, to)
    return DocumentFilter(publisher, start, end, title)


def search_query(
    q: str,
    kind: str | None,
    document_id: str | None,
    from_: str | None,
    to: str | None,
    limit: int,
    offset: int,
) -> SearchQuery:
    """One kind (title, quote, sentence) or all of them; publication dates as for lists."""
    start, end = date_range(from_, to)
    return SearchQuery(q, (kind,) if kind else KINDS, document_id, start, end, limit, offset)
