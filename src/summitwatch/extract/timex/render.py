"""Inline TimeML: the input with ``<TIMEX3>`` tags around each expression.

Only tags are inserted: stripping them gives back the input byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import quoteattr

from summitwatch.models import Timex


def render_timeml(text: str, timexes: Sequence[Timex]) -> str:
    parts: list[str] = []
    position = 0
    for number, timex in enumerate(sorted(timexes, key=lambda t: t.start), start=1):
        if timex.start < position:
            continue  # overlapping spans cannot nest in TimeML
        attributes = f'tid="t{number}" type={quoteattr(timex.type)} value={quoteattr(timex.value)}'
        if timex.mod:
            attributes += f" mod={quoteattr(timex.mod)}"
        parts.append(text[position : timex.start])
        parts.append(f"<TIMEX3 {attributes}>{text[timex.start : timex.end]}</TIMEX3>")
        position = timex.end
    parts.append(text[position:])
    return "".join(parts)
