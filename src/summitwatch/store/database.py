"""Opening the store, migrating it, and writing one document's analysis atomically."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, delete, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import SQLAlchemyError as SQLAlchemyError

from summitwatch.models import Actor, Analysis, Document
from summitwatch.store import schema
from summitwatch.store.rows import (
    actor_rows,
    citation_rows,
    document_row,
    field_rows,
    load_documents,
)

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or written: one line saying why."""


class StageRecord(Protocol):
    """What the store needs to know of a stage: its name, row label and the fields it fills."""

    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def assigns(self) -> tuple[str, ...]: ...


class StagePlan(Protocol):
    """The stages that analysed a document and the version stored for each (a pipeline)."""

    @property
    def stages(self) -> Sequence[StageRecord]: ...

    @property
    def versions(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class SaveResult:
    document_id: str
    status: str  # "stored", "present", "updated"


def create_store_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise StoreError(f"no driver for {parsed.drivername}: {exc.name} is not installed") from exc


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work during an ingest; NORMAL sync is safe with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    """The evidence base behind one database URL."""

    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.url = url
        self.engine = create_store_engine(url)
        try:
            if migrate_schema:
                migrate(self.engine)
        except OperationalError as exc:
            self.engine.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreError(f"cannot open database {self.display_url}: {reason}") from exc

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents ---------------------------------------------------------------------

    def stage_versions(self, document_id: str) -> dict[str, str] | None:
        """The stage versions a stored document was analysed with; None if not stored."""
        with self.engine.connect() as connection:
            exists = connection.execute(
                select(schema.documents.c.id).where(schema.documents.c.id == document_id)
            ).first()
            if exists is None:
                return None
            rows = connection.execute(
                select(schema.stage_runs.c.stage, schema.stage_runs.c.version).where(
                    schema.stage_runs.c.document_id == document_id
                )
            )
            return {row.stage: row.version for row in rows}

    def is_current(self, document: Document, pipeline: StagePlan) -> bool:
        return self.stage_versions(document.id) == dict(pipeline.versions)

    def load_documents(self) -> list[Document]:
        with self.engine.connect() as connection:
            return load_documents(connection)

    def save_analysis(self, analysis: Analysis, pipeline: StagePlan) -> SaveResult:
        """Write a document and its extracted rows in one transaction.

        A document already stored with the same stage versions is left alone. Where a
        stage's version changed, only that stage's rows are replaced.
        """
        document = analysis.document
        stored = self.stage_versions(document.id)
        versions = dict(pipeline.versions)
        if stored == versions:
            return SaveResult(document.id, "present")
        with self.engine.begin() as connection:
            if stored is None:
                _insert_document(connection, document)
            stale = [
                s
                for s in pipeline.stages
                if stored is None or stored.get(s.name) != versions[s.name]
            ]
            for stage in stale:
                _replace_stage_rows(connection, analysis, stage.label, stage.assigns)
            connection.execute(
                delete(schema.stage_runs).where(schema.stage_runs.c.document_id == document.id)
            )
            connection.execute(
                schema.stage_runs.insert(),
                [
                    {"document_id": document.id, "stage": s.name, "version": versions[s.name]}
                    for s in pipeline.stages
                ],
            )
        return SaveResult(document.id, "stored" if stored is None else "updated")

    def sync_actors(self, actors: Sequence[Actor]) -> None:
        """Record the actors (canonical and unresolved) so exports can list them."""
        rows = actor_rows(actors)
        with self.engine.begin() as connection:
            existing = {r.id for r in connection.execute(select(schema.actors.c.id))}
            for row in rows:
                if row["id"] in existing:
                    connection.execute(
                        schema.actors.update().where(schema.actors.c.id == row["id"]).values(row)
                    )
                else:
                    connection.execute(schema.actors.insert().values(row))
                    existing.add(row["id"])

    def rows(self, table: Table, *order_by: Any) -> Iterator[Any]:
        with self.engine.connect() as connection:
            query = select(table)
            if order_by:
                query = query.order_by(*order_by)
            yield from connection.execute(query)

    def story_fingerprints(self, excluding: str = "") -> list[tuple[str, str | None, Any]]:
        """(id, story, fingerprint) of every stored document but ``excluding``: what a new
        document's near-duplicates are looked for among."""
        documents = schema.documents
        query = select(documents.c.id, documents.c.story, documents.c.fingerprint).where(
            documents.c.id != excluding
        )
        with self.engine.connect() as connection:
            return [(row.id, row.story, row.fingerprint) for row in connection.execute(query)]

    def count(self, table: Table) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _insert_document(connection: Connection, document: Document) -> None:
    connection.execute(
        schema.documents.insert().values(
            document_row(document, ingested_at=datetime.now(UTC).isoformat(timespec="seconds"))
        )
    )
    refs = citation_rows(document)
    if refs:
        connection.execute(schema.citations.insert(), refs)


def _replace_stage_rows(
    connection: Connection, analysis: Analysis, stage_label: str, fields: Sequence[str]
) -> None:
    for name in fields:
        table = schema.FIELD_TABLES.get(name)
        if table is None:
            continue
        connection.execute(delete(table).where(table.c.document_id == analysis.document.id))
        rows = field_rows(analysis, name, stage_label)
        if rows:
            connection.execute(table.insert(), rows)


def open_store(url: str) -> Store:
    return Store(url)
