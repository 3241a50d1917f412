"""Options shared by several commands, and the one-line error exit.

Every command module imports this one, ``--help`` included: it imports the store (and so
SQLAlchemy) and the pack loader only inside the functions that open them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console

from summitwatch.settings import Settings

if TYPE_CHECKING:
    from summitwatch.packs.pack import Pack
    from summitwatch.store.database import Store

DB_HELP = "SQLAlchemy URL of the store (default: $SUMMITWATCH_DB, else sqlite:///summitwatch.db)"
DbOption = typer.Option(None, "--db", help=DB_HELP, show_default=False)
PackOption = typer.Option("korea", "--pack", help="Pack name or path to a pack folder/file")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
# Tables printed into a pipe or file get this width rather than rich's 80 columns.
WIDE = 200


def make_console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=WIDE)


def escape_controls(text: str) -> str:
    """A name as printed: control characters (newline, ESC, ...) shown as escapes, so a file
    name can neither split a result line nor drive the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def fail(message: str, code: int = 1) -> NoReturn:
    stderr.print(f"summitwatch: {escape_controls(message)}", markup=False)
    raise typer.Exit(code)


def print_problem(name: str, reason: str | None) -> None:
    """One failure line: ``summitwatch: NAME: REASON``, control characters escaped."""
    stderr.print(
        f"summitwatch: {escape_controls(name)}: {escape_controls(reason or '')}", markup=False
    )


def open_store_or_exit(settings: Settings) -> Store:
    from summitwatch.store.database import Store, StoreError

    try:
        return Store(settings.db_url)
    except StoreError as exc:
        fail(str(exc))


def make_settings(db: str | None, pack: str = "korea", **changes: object) -> Settings:
    return Settings(db_url=db or "", pack=pack).with_changes(**changes)


def load_pack_or_exit(pack: str, db: str | None = None) -> Pack:
    from summitwatch.packs.pack import PackError, load_pack

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
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

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
