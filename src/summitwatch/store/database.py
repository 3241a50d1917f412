"""Opening the store, migrating it, and writing one document's analysis atomically."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.exc import SQLAlchemyError as SQLAlchemyError

from summitwatch.models import Actor, Analysis, Document
from summitwatch.store import schema
from summitwatch.store.revisions import is_at_head
from summitwatch.store.rows import (
    actor_rows,
    citation_rows,
    document_row,
    field_rows,
    load_documents,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# how often a write that lost a race with another process (a lock, a row it just inserted)
# is tried again; the busy timeout already waits for SQLite's write lock
RETRIES = 5
RETRY_PAUSE = 0.2
SQLITE_HEADER = b"SQLite format 3\x00"
T = TypeVar("T")


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
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///FILE.db)") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            check_sqlite_file(Path(database).expanduser())
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise StoreError(
            f"not a database URL: {url!r} (summitwatch stores in sqlite:/// or postgresql://)"
        ) from exc
    except ModuleNotFoundError as exc:
        raise StoreError(f"no driver for {parsed.drivername}: {exc.name} is not installed") from exc


def check_sqlite_file(path: Path) -> None:
    """A SQLite store must be a SQLite file or not exist yet (its folder is created)."""
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a folder")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(f"cannot open database {path}: {exc.strerror or exc}") from exc
        if header and header != SQLITE_HEADER:
            raise StoreError(f"cannot open database {path}: not a SQLite database file")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create database {path}: {exc.strerror or exc}") from exc


def is_memory_url(url: str) -> bool:
    """An in-memory SQLite store vanishes with the process: nothing ingested would be kept."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def describe_error(exc: BaseException) -> str:
    """One line for a database error: the driver's first line, never the SQL or parameters."""
    origin = getattr(exc, "orig", None) or exc
    lines = str(origin).strip().splitlines()
    line = lines[0] if lines else type(origin).__name__
    return line[:200]


def retry_write(write: Callable[[], T], attempts: int = RETRIES) -> T:
    """Run ``write`` again when it lost a race with another process (lock, unique key)."""
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except (OperationalError, IntegrityError):
            if attempt == attempts:
                raise
            time.sleep(RETRY_PAUSE * attempt)
    raise AssertionError("unreachable")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work during an ingest; NORMAL sync is safe with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to head under a lock, so two processes never migrate at once.

    PostgreSQL: a transaction-scoped advisory lock (DDL is transactional there). SQLite: the
    migration runs inside ``BEGIN IMMEDIATE`` (the write lock, waited for by the busy
    timeout); the process that waited then finds the schema at head and does nothing.
    A store already at head (the usual case) is recognised without importing Alembic.
    """
    if is_at_head(engine, MIGRATIONS / "versions"):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine.dialect.name == "sqlite":
        _migrate_sqlite(engine, config)
        return

    def upgrade() -> None:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key("migrate")}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    retry_write(upgrade)


def _migrate_sqlite(engine: Engine, config: Config) -> None:
    # pysqlite opens transactions lazily and never around DDL: this engine hands the
    # transaction to SQLite itself, and takes the write lock first
    from alembic import command

    locked = create_engine(engine.url, connect_args={"timeout": 30, "isolation_level": None})
    event.listen(locked, "connect", _configure_sqlite)
    event.listen(locked, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    try:

        def upgrade() -> None:
            with locked.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

        retry_write(upgrade)
    finally:
        locked.dispose()


def lock_key(name: str) -> int:
    """A stable advisory-lock number for a named critical section."""
    return zlib.crc32(f"summitwatch:{name}".encode())


class Store:
    """The evidence base behind one database URL."""

    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.url = url
        self.engine = create_store_engine(url)
        try:
            if migrate_schema:
                migrate(self.engine)
        except DatabaseError as exc:
            self.engine.dispose()
            raise StoreError(
                f"cannot open database {self.display_url}: {describe_error(exc)}"
            ) from exc

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
        """Stored with these stage versions and the same date and notes."""
        if self.stage_versions(document.id) != dict(pipeline.versions):
            return False
        with self.engine.connect() as connection:
            return _stored_metadata(connection, document.id) == metadata_of(document)

    def load_documents(self) -> list[Document]:
        with self.engine.connect() as connection:
            return load_documents(connection)

    @contextmanager
    def serialized(self, name: str) -> Iterator[None]:
        """Hold a lock named ``name`` across processes (PostgreSQL); SQLite serializes its
        writers itself, and a lost race there is retried by :func:`retry_write`."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        with self.engine.connect() as connection:
            key = {"key": lock_key(name)}
            connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
                connection.commit()

    def save_analysis(self, analysis: Analysis, pipeline: StagePlan) -> SaveResult:
        """Write a document and its extracted rows in one transaction.

        A document already stored with the same stage versions is left alone (also when
        another process stored it a moment ago: the insert does nothing on conflict). Where
        a stage's version changed, only that stage's rows are replaced.
        """
        return retry_write(lambda: self._save_analysis(analysis, pipeline))

    def _save_analysis(self, analysis: Analysis, pipeline: StagePlan) -> SaveResult:
        document = analysis.document
        versions = dict(pipeline.versions)
        if self.is_current(document, pipeline):
            return SaveResult(document.id, "present")
        with self.engine.begin() as connection:
            # the write comes first: it takes SQLite's write lock before anything is read
            inserted = _insert_document(connection, document)
            stored = None if inserted else _stored_versions(connection, document.id)
            if stored is not None and _stored_metadata(connection, document.id) != metadata_of(
                document
            ):
                # a new --date or new notes: the document row changes, every stage runs anew
                _update_metadata(connection, document)
                stored = {}
            elif stored == versions:
                return SaveResult(document.id, "present")
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
        """Record the actors (canonical and unresolved) so exports can list them.

        An upsert keyed on the id (the first record of an id wins), so two spellings of one
        name and two processes syncing at once both end in one row per actor.
        """
        unique: dict[str, dict[str, Any]] = {}
        for row in actor_rows(actors):
            unique.setdefault(row["id"], row)
        if not unique:
            return
        with self.engine.begin() as connection:
            statement = _dialect_insert(connection, schema.actors)
            columns = [c.name for c in schema.actors.columns if c.name != "id"]
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=["id"], set_={c: statement.excluded[c] for c in columns}
                ),
                list(unique.values()),
            )

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


def _dialect_insert(connection: Connection, table: Table) -> Any:
    """An INSERT that knows ON CONFLICT (both SQLite and PostgreSQL speak it)."""
    # each dialect's module imported when first used (start-up time)
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def _insert_document(connection: Connection, document: Document) -> bool:
    """Insert the document unless it is stored already; True when this call inserted it."""
    row = document_row(document, ingested_at=datetime.now(UTC).isoformat(timespec="seconds"))
    statement = _dialect_insert(connection, schema.documents).values(row)
    # RETURNING, not rowcount: psycopg reports a row count for a conflict that inserted none
    result = connection.execute(statement.on_conflict_do_nothing().returning(schema.documents.c.id))
    if result.first() is None:
        return False
    refs = citation_rows(document)
    if refs:
        connection.execute(schema.citations.insert(), refs)
    return True


DocumentMetadata = tuple[str | None, list[str]]


def metadata_of(document: Document) -> DocumentMetadata:
    """What a re-ingest may bring anew for the same text: the date and the notes."""
    published = document.published.isoformat() if document.published else None
    return published, [c.raw for c in document.citations]


def _stored_metadata(connection: Connection, document_id: str) -> DocumentMetadata | None:
    published = connection.execute(
        select(schema.documents.c.published).where(schema.documents.c.id == document_id)
    ).first()
    if published is None:
        return None
    refs = connection.execute(
        select(schema.citations.c.raw)
        .where(schema.citations.c.document_id == document_id)
        .order_by(schema.citations.c.number, schema.citations.c.seq)
    )
    return published.published, [r.raw for r in refs]


def _update_metadata(connection: Connection, document: Document) -> None:
    published = document.published.isoformat() if document.published else None
    connection.execute(
        schema.documents.update()
        .where(schema.documents.c.id == document.id)
        .values(published=published, date_source=document.date_source)
    )
    connection.execute(
        delete(schema.citations).where(schema.citations.c.document_id == document.id)
    )
    refs = citation_rows(document)
    if refs:
        connection.execute(schema.citations.insert(), refs)


def _stored_versions(connection: Connection, document_id: str) -> dict[str, str]:
    rows = connection.execute(
        select(schema.stage_runs.c.stage, schema.stage_runs.c.version).where(
            schema.stage_runs.c.document_id == document_id
        )
    )
    return {row.stage: row.version for row in rows}


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
