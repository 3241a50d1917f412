"""What runs after a batch is stored: the parts of the analysis that span documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from summitwatch.analyze import ledger
from summitwatch.analyze.ledger_views import keep_ledger_views
from summitwatch.analyze.scenarios import keep_scenarios
from summitwatch.models import Actor
from summitwatch.packs.pack import Pack
from summitwatch.stage import Context
from summitwatch.store import schema
from summitwatch.store.database import Store, describe_error, retry_write

RefreshStep = Callable[[Store, Context], None]


class RefreshError(Exception):
    """A refresh step failed after its retries: one line naming the step. The documents
    stay stored; the next ingest or ``summitwatch refresh`` runs the step again."""


def refresh_ledger(store: Store, context: Context) -> None:
    refresh_ledger_views(store, context.pack)


def refresh_ledger_views(store: Store, pack: Pack, as_of: str | None = None) -> None:
    """Questions, links, and the kept scores and aggregates, in one transaction."""
    with store.engine.begin() as connection:
        ledger.refresh_ledger_on(connection, pack, as_of or date.today().isoformat())
        keep_ledger_views(connection, pack)


def refresh_scenarios(store: Store, context: Context) -> None:
    """The scenario run over every stored event, kept for the queries."""
    with store.engine.begin() as connection:
        keep_scenarios(connection, context.pack)


def refresh_after_ingest(
    store: Store, context: Context, steps: tuple[tuple[str, RefreshStep], ...] | None = None
) -> None:
    """Run every refresh step; each is idempotent, serialized across processes and retried."""
    for name, step in steps if steps is not None else REFRESH_STEPS:
        try:
            with store.serialized("refresh"):
                retry_write(partial(step, store, context))
        except SQLAlchemyError as exc:
            raise RefreshError(
                f"refresh step {name!r} failed: {describe_error(exc)}; the documents are "
                "stored, run `summitwatch refresh` to try again"
            ) from exc


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


REFRESH_STEPS: tuple[tuple[str, RefreshStep], ...] = (
    ("actors", sync_actor_table),
    ("ledger", refresh_ledger),
    ("scenarios", refresh_scenarios),
)
