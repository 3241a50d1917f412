"""Caps that keep every stage near-linear on odd text, with offsets left exact.

spaCy's tokenizer is quadratic on one long token (a run of ``"`` or ``(``), and per-sentence
parse work grows with the sentence: :func:`shorten_long_runs` blanks the tail of any run of
non-space characters longer than ``MAX_RUN`` (same length, so every offset still points at
the same place), and :class:`BoundedNlp` applies it to every text the pipeline parses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

# no word, URL or number in prose comes near this; a longer run is noise to the parser
MAX_RUN = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def shorten_long_runs(text: str) -> str:
    """``text`` with each non-space run cut to ``MAX_RUN`` characters, the rest spaces."""
    if len(text) <= MAX_RUN:
        return text
    return _LONG_RUN.sub(lambda m: m.group()[:MAX_RUN] + " " * (len(m.group()) - MAX_RUN), text)


def _bounded(text: Any) -> Any:
    """A text shortened; anything else spaCy takes (a ``Doc``, a tuple) passed on as is."""
    return shorten_long_runs(text) if isinstance(text, str) else text


class BoundedNlp:
    """A spaCy pipeline that parses texts with their long runs shortened (same offsets)."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp

    def __call__(self, text: Any, **options: Any) -> Any:
        return self._nlp(_bounded(text), **options)

    def make_doc(self, text: str) -> Any:
        """The text tokenized only (the parse stage sets sentence starts before parsing)."""
        return self._nlp.make_doc(shorten_long_runs(text))

    def pipe(self, texts: Iterable[Any], **options: Any) -> Iterator[Any]:
        yield from self._nlp.pipe((_bounded(t) for t in texts), **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)
