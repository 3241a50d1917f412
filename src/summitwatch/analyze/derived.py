"""Bookkeeping of the views the refresh keeps (scenario steps, ledger scores and aggregates).

A kept view is valid for the pack it was computed with and the documents stored then: each
records a key of the pack's relevant parts and the number of stored documents in
``derived_state``. A query with another pack computes afresh; an incremental refresh that
finds more documents than it was told of (a refresh that failed, another writer) does a full
one instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select

from summitwatch.packs.pack import Pack
from summitwatch.store import schema

KEY_CACHE = "_derived_keys"


@dataclass(frozen=True)
class KeptState:
    pack_key: str
    documents: int
    as_of: str | None


def pack_key(pack: Pack | None, *parts: str) -> str:
    """A fingerprint of the named parts of a pack (``"scenarios"``, ``"sources"``, ...)."""
    if pack is None:
        return "no-pack"
    cache: dict[tuple[str, ...], str] = pack.__dict__.setdefault(KEY_CACHE, {})
    if parts not in cache:
        text = repr([getattr(pack, part) for part in parts])
        cache[parts] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return cache[parts]


def kept_state(connection: Connection, name: str) -> KeptState | None:
    table = schema.derived_state
    row = connection.execute(
        select(table.c.pack_key, table.c.documents, table.c.as_of).where(table.c.name == name)
    ).first()
    return KeptState(row.pack_key, row.documents, row.as_of) if row else None


def is_kept(connection: Connection, name: str, key: str) -> bool:
    state = kept_state(connection, name)
    return state is not None and state.pack_key == key


def stored_documents(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(schema.documents)).scalar_one())


def record_kept(connection: Connection, name: str, key: str, as_of: str | None = None) -> None:
    """The view ``name`` now holds what the store holds, computed with pack key ``key``
    (for the day ``as_of``, when the view depends on the day)."""
    table = schema.derived_state
    connection.execute(delete(table).where(table.c.name == name))
    connection.execute(
        table.insert().values(
            name=name, pack_key=key, documents=stored_documents(connection), as_of=as_of
        )
    )


def can_add_to(
    connection: Connection, name: str, key: str, added: int, as_of: str | None = None
) -> bool:
    """Whether the kept view ``name`` is current but for ``added`` new documents (same pack,
    same day): else an incremental refresh would build on a stale view."""
    state = kept_state(connection, name)
    return (
        state is not None
        and state.pack_key == key
        and state.as_of == as_of
        and state.documents + added == stored_documents(connection)
    )
