"""What runs after a batch is stored: the parts of the analysis that span documents."""

from __future__ import annotations

from sqlalchemy import select

from summitwatch.analyze import ledger
from summitwatch.models import Actor
from summitwatch.stage import Context
from summitwatch.store import schema
from summitwatch.store.database import Store


def refresh_after_ingest(store: Store, context: Context) -> None:
    sync_actor_table(store, context)
    ledger.refresh_ledger(store, context.pack)


def sync_actor_table(store: Store, context: Context) -> None:
    """The pack's actors, plus the entities mentioned that no pack knows (kept unresolved)."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(schema.mentions.c.text)
            .where(schema.mentions.c.actor_id.is_(None))
            .where(schema.mentions.c.kind.in_(("person", "organization", "group")))
            .distinct()
        )
        names = sorted({" ".join(r.text.split()) for r in rows})
    # two spellings of one name ("Lee Seong-kweun", "Lee Seong kweun") share one id: keep the first
    unresolved: dict[str, str] = {}
    for name in names:
        unresolved.setdefault(unresolved_actor_id(name), name)
    known = [
        Actor(a.id, a.name, a.kind, a.country, a.sector, a.wikidata) for a in context.pack.actors
    ]
    store.sync_actors(
        [*known, *(Actor(id_, name, "unknown") for id_, name in sorted(unresolved.items()))]
    )


def unresolved_actor_id(name: str) -> str:
    slug = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())
    return f"unresolved:{slug}"[:80]
