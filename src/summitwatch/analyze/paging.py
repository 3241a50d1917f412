"""How many records one page of a listing may hold (the desk, its API and the CLI share them).

A module of its own so that the command line can declare its ``--limit`` and ``--offset``
bounds without importing the queries (start-up time).
"""

from __future__ import annotations

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # beyond any store; larger numbers overflow SQL integers
