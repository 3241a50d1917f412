"""Options shared by several commands, and the one-line error exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from summitwatch.packs.pack import Pack, PackError, load_pack
from summitwatch.settings import Settings
from summitwatch.store.database import Store, StoreError

DB_HELP = "SQLAlchemy URL of the store (default: $SUMMITWATCH_DB, else sqlite:///summitwatch.db)"
DbOption = typer.Option(None, "--db", help=DB_HELP, show_default=False)
PackOption = typer.Option("korea", "--pack", help="Pack name or path to a pack folder/file")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
# Tables printed into a pipe or file get this width rather than rich's 80 columns.
WIDE = 200


def make_console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=WIDE)


def fail(message: str, code: int = 1) -> NoReturn:
    stderr.print(f"summitwatch: {message}", markup=False)
    raise typer.Exit(code)


def open_store_or_exit(settings: Settings) -> Store:
    try:
        return Store(settings.db_url)
    except StoreError as exc:
        fail(str(exc))


def make_settings(db: str | None, pack: str = "korea", **changes: object) -> Settings:
    return Settings(db_url=db or "", pack=pack).with_changes(**changes)


def load_pack_or_exit(pack: str, db: str | None = None) -> Pack:
    try:
        return load_pack(make_settings(db, pack).pack_path)
    except PackError as exc:
        fail(str(exc))


@contextmanager
def pack_and_store(db: str | None, pack: str) -> Iterator[tuple[Pack, Store]]:
    """The pack and the open store a reading command needs; the store closes on exit."""
    require_existing_store(make_settings(db, pack))
    the_pack = load_pack_or_exit(pack, db)
    store = open_store_or_exit(make_settings(db, pack))
    try:
        yield the_pack, store
    finally:
        store.close()


def require_existing_store(settings: Settings) -> None:
    """A reading command never creates a database: a missing SQLite file is an error."""
    try:
        url = make_url(settings.db_url)
    except ArgumentError:
        fail(f"not a database URL: {settings.db_url!r}")
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    if not Path(url.database).expanduser().is_file():
        fail(
            f"no database at {url.database} (run `summitwatch ingest` or `summitwatch demo` first)"
        )
