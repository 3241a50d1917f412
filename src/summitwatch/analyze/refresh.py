"""What runs after a batch is stored: the parts of the analysis that span documents.

After an ingest that only added documents, the actor table and the scenario run update what
those documents can touch (:class:`Changes`): the actors they mention, the scenario run if any
of their events can fire an indicator. The ledger is rebuilt whole: its linking reaches across
parties and implied classes (a question of some of a forecast's parties, talks implied by a
meeting), so no smaller part of it can be rebuilt alone and stay equal to a full refresh.
A step whose kept state is not the store's but for these documents (another pack, another
day, a refresh that failed, another writer) runs in full, as ``summitwatch refresh`` and
re-ingests of changed documents always do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from summitwatch.analyze import ledger
from summitwatch.analyze.derived import can_add_to, record_kept
from summitwatch.analyze.ledger_views import keep_ledger_views
from summitwatch.analyze.scenarios import keep_scenarios, scenario_key, scenarios_touched
from summitwatch.models import Actor
from summitwatch.packs.pack import Pack
from summitwatch.stage import Context
from summitwatch.store import schema
from summitwatch.store.database import Store, describe_error, retry_write

RefreshStep = Callable[[Store, Context], None]


@dataclass(frozen=True)
class Changes:
    """The documents a batch stored anew (none changed or removed)."""

    added: tuple[str, ...]


TouchedStep = Callable[[Store, Context, Changes], None]


class RefreshError(Exception):
    """A refresh step failed after its retries: one line naming the step. The documents
    stay stored; the next ingest or ``summitwatch refresh`` runs the step again."""


def refresh_ledger(store: Store, context: Context) -> None:
    refresh_ledger_views(store, context.pack)


def refresh_ledger_views(store: Store, pack: Pack, as_of: str | None = None) -> None:
    """Questions, links, and the kept scores and aggregates, in one transaction."""
    today = as_of or date.today().isoformat()
    with store.engine.begin() as connection:
        ledger.refresh_ledger_on(connection, pack, today)
        keep_ledger_views(connection, pack, today)


def refresh_scenarios(store: Store, context: Context) -> None:
    """The scenario run over every stored event, kept for the queries."""
    with store.engine.begin() as connection:
        keep_scenarios(connection, context.pack)


def refresh_scenarios_touched(store: Store, context: Context, changes: Changes) -> None:
    """The run again only when an event of the new documents can fire an indicator."""
    pack = context.pack
    with store.engine.begin() as connection:
        current = can_add_to(connection, "scenarios", scenario_key(pack), len(changes.added))
        if current and not scenarios_touched(connection, pack, changes.added):
            record_kept(connection, "scenarios", scenario_key(pack))
            return
        keep_scenarios(connection, pack)


def refresh_after_ingest(
    store: Store,
    context: Context,
    steps: tuple[tuple[str, RefreshStep], ...] | None = None,
    changes: Changes | None = None,
) -> None:
    """Run every refresh step; each is idempotent, serialized across processes and retried.

    With ``changes`` each step that has an incremental form runs it; else every step is full.
    """
    for name, step in steps if steps is not None else REFRESH_STEPS:
        touched = TOUCHED_STEPS.get(step) if changes is not None else None
        run = partial(step, store, context)
        if touched is not None and changes is not None:
            run = partial(touched, store, context, changes)
        try:
            with store.serialized("refresh"):
                retry_write(run)
        except SQLAlchemyError as exc:
            raise RefreshError(
                f"refresh step {name!r} failed: {describe_error(exc)}; the documents are "
                "stored, run `summitwatch refresh` to try again"
            ) from exc


def sync_new_actors(store: Store, context: Context, changes: Changes) -> None:
    """:func:`sync_actor_table` for the mentions of the new documents: an unresolved name
    already stored keeps the spelling that sorts first, as a full sync chooses it."""
    m = schema.mentions
    names: set[str] = set()
    with store.engine.connect() as connection:
        for start in range(0, len(changes.added), 500):
            rows = connection.execute(
                select(m.c.text)
                .where(m.c.document_id.in_(list(changes.added[start : start + 500])))
                .where(m.c.actor_id.is_(None))
                .where(m.c.kind.in_(("person", "organization", "group")))
                .distinct()
            )
            names |= {" ".join(r.text.split()) for r in rows}
        unresolved: dict[str, str] = {}
        for name in sorted(names):
            unresolved.setdefault(unresolved_actor_id(name), name)
        a = schema.actors
        ids = sorted(unresolved)
        for start in range(0, len(ids), 500):
            stored = connection.execute(
                select(a.c.id, a.c.name).where(a.c.id.in_(ids[start : start + 500]))
            )
            for row in stored:
                unresolved[row.id] = min(unresolved[row.id], row.name)
    store.sync_actors(
        [
            *pack_actor_records(context),
            *(Actor(id_, name, "unknown") for id_, name in sorted(unresolved.items())),
        ]
    )


def pack_actor_records(context: Context) -> list[Actor]:
    return [
        Actor(a.id, a.name, a.kind, a.country, a.sector, a.wikidata) for a in context.pack.actors
    ]


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
    store.sync_actors(
        [
            *pack_actor_records(context),
            *(Actor(id_, name, "unknown") for id_, name in sorted(unresolved.items())),
        ]
    )


def unresolved_actor_id(name: str) -> str:
    slug = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())
    return f"unresolved:{slug}"[:80]


REFRESH_STEPS: tuple[tuple[str, RefreshStep], ...] = (
    ("actors", sync_actor_table),
    ("ledger", refresh_ledger),
    ("scenarios", refresh_scenarios),
)
# the incremental form of each step, used when only documents were added
TOUCHED_STEPS: dict[RefreshStep, TouchedStep] = {
    sync_actor_table: sync_new_actors,
    refresh_scenarios: refresh_scenarios_touched,
}
