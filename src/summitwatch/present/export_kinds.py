"""The kinds of record ``summitwatch export`` writes (DESIGN.md's public contract), in order.

Declared apart from the exporters (``export.py``, which needs the store and SQLAlchemy) so
that the command line can name them in ``--help`` without importing either; a test checks
that the exporters cover exactly these kinds.
"""

from __future__ import annotations

KINDS = (
    "document",
    "citation",
    "timex",
    "actor",
    "event",
    "quote",
    "forecast",
    "reason",
    "question",
    "score",
    "scenario",
)
