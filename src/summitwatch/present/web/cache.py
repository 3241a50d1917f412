"""Keeping the analysis a page shows until the store changes.

The overview, question and forecaster pages show what the ledger and the brief compute over
the whole store, which takes seconds on a large one. The store changes only when documents
are ingested or questions edited, so each result is kept under the store's fingerprint (the
documents' count and latest ingest time, and every question's state) and computed again
only when that changes. One lock per key: concurrent requests for a missing entry wait for
one computation instead of each starting their own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import func, select

from summitwatch.store import schema
from summitwatch.store.database import Store

T = TypeVar("T")
MAX_ENTRIES = 256


def store_fingerprint(store: Store) -> tuple[Any, ...]:
    documents, questions = schema.documents, schema.questions
    with store.engine.connect() as connection:
        count, latest = connection.execute(
            select(func.count(), func.max(documents.c.ingested_at)).select_from(documents)
        ).one()
        states = tuple(
            tuple(row)
            for row in connection.execute(
                select(questions.c.id, questions.c.status, questions.c.resolved_on).order_by(
                    questions.c.id
                )
            )
        )
    return (count, latest, states)


class AnalysisCache:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.entries: OrderedDict[Hashable, tuple[tuple[Any, ...], Any]] = OrderedDict()
        self.locks: dict[Hashable, threading.Lock] = {}
        self.guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        fingerprint = store_fingerprint(self.store)
        with self.guard:
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            with self.guard:
                found = self.entries.get(key)
            if found is not None and found[0] == fingerprint:
                return cast(T, found[1])
            value = compute()
            with self.guard:
                self.entries[key] = (fingerprint, value)
                self.entries.move_to_end(key)
                while len(self.entries) > MAX_ENTRIES:
                    old, _ = self.entries.popitem(last=False)
                    self.locks.pop(old, None)
            return value
