"""One spaCy parse of a document's text, shared by the stages that read it.

The forecasts and reasons stages both read the dependency parse; parsing the same text twice
would double the slowest step of the pipeline, so the last few parses are kept.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def parse_text(nlp: Any | None, text: str) -> Any | None:
    """The spaCy ``Doc`` of ``text``, or None when no statistical model is installed."""
    if nlp is None or not text:
        return None
    return _parse(nlp, text)


@lru_cache(maxsize=4)
def _parse(nlp: Any, text: str) -> Any:
    return nlp(text)
