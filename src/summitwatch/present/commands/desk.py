"""``serve``, ``quotes``, ``actors`` and ``search``: the desk in a browser and in a terminal.

The listing commands print a table, JSON (one array) or CSV (``--format``); they read the
same functions as the web pages and the API, so all three give the same rows.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from summitwatch.analyze.paging import MAX_LIMIT, MAX_OFFSET
from summitwatch.present.checks import USAGE_ERROR, check_date_option
from summitwatch.present.options import (
    DbOption,
    PackOption,
    fail,
    load_pack_or_exit,
    make_console,
    make_settings,
    open_store_or_exit,
    require_existing_store,
    stderr,
)

if TYPE_CHECKING:
    from summitwatch.packs.pack import Pack
    from summitwatch.store.database import Store

FORMATS = ("table", "json", "csv")
FormatOption = typer.Option("table", "--format", help="table, json or csv")


def check_format(value: str) -> str:
    if value not in FORMATS:
        fail(f"--format: {value!r} is not one of {', '.join(FORMATS)}", USAGE_ERROR)
    return value


@contextmanager
def reading_store(db: str | None, pack: str) -> Iterator[tuple[Pack, Store]]:
    settings = make_settings(db, pack)
    require_existing_store(settings)
    the_pack = load_pack_or_exit(pack, db)
    store = open_store_or_exit(settings)
    try:
        yield the_pack, store
    finally:
        store.close()


def print_rows(fmt: str, title: str, columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: flat(row.get(k)) for k in columns})
    else:
        table = Table(title=title)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(flat(row.get(c)) or "—" for c in columns))
        make_console().print(table)


def flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def resolve_or_exit(store: Store, pack: Pack, wanted: str) -> str:
    from summitwatch.analyze import desk as records

    try:
        return records.resolve_actor(store, pack, wanted)
    except records.LookupFailed as exc:
        fail(str(exc))


# -- commands --------------------------------------------------------------------------


def quotes_command(
    speaker: str | None = typer.Option(None, "--speaker", help="Speaker: actor id or name"),
    from_: str | None = typer.Option(None, "--from", help="From date (YYYY[-MM[-DD]])"),
    to: str | None = typer.Option(None, "--to", help="To date (YYYY[-MM[-DD]])"),
    limit: int = typer.Option(100, "--limit", min=1, max=MAX_LIMIT),
    offset: int = typer.Option(0, "--offset", min=0, max=MAX_OFFSET),
    fmt: str = FormatOption,
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Who said what, when: quotes with their speakers and sources."""
    from summitwatch.analyze import desk as records

    fmt = check_format(fmt)
    start, end = check_date_option(from_, "--from"), check_date_option(to, "--to")
    with reading_store(db, pack) as (the_pack, store):
        speakers = (resolve_or_exit(store, the_pack, speaker),) if speaker else ()
        page = records.list_quotes(
            store, records.RecordFilter(None, speakers, start, end), limit, offset
        )
    rows = [asdict(q) for q in page.items]
    title = f"Quotes: {len(rows)} of {page.total}"
    print_rows(fmt, title, ("speaker", "speaker_text", "date", "text", "document_id", "id"), rows)


def actors_command(
    name: str | None = typer.Argument(None, help="Words of a name or id"),
    limit: int = typer.Option(100, "--limit", min=1, max=MAX_LIMIT),
    offset: int = typer.Option(0, "--offset", min=0, max=MAX_OFFSET),
    fmt: str = FormatOption,
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """The actors the store knows (the pack's, and entities no pack knows)."""
    from summitwatch.analyze import desk as records

    fmt = check_format(fmt)
    with reading_store(db, pack) as (the_pack, store):
        page = records.list_actors(store, name, limit, offset)
        if name and not page.items:
            resolve_or_exit(store, the_pack, name)  # fails with the closest names
            page = records.list_actors(store, resolve_or_exit(store, the_pack, name), limit)
    rows = [asdict(a) for a in page.items]
    print_rows(
        fmt,
        f"Actors: {len(rows)} of {page.total}",
        ("id", "name", "kind", "country", "sector", "wikidata", "resolved"),
        rows,
    )


def search_command(
    text: str = typer.Argument(..., help="Words to find"),
    kind: str | None = typer.Option(None, "--kind", help="title, quote or sentence"),
    from_: str | None = typer.Option(None, "--from", help="Published from (YYYY[-MM[-DD]])"),
    to: str | None = typer.Option(None, "--to", help="Published up to (YYYY[-MM[-DD]])"),
    limit: int = typer.Option(20, "--limit", min=1, max=MAX_LIMIT),
    fmt: str = FormatOption,
    db: str | None = DbOption,
    pack: str = PackOption,
) -> None:
    """Full-text search over sentences, quotes and titles."""
    from summitwatch.store.search import KINDS, SearchError, SearchQuery, search

    fmt = check_format(fmt)
    if kind and kind not in KINDS:
        fail(f"--kind: {kind!r} is not one of {', '.join(KINDS)}", USAGE_ERROR)
    start, end = check_date_option(from_, "--from"), check_date_option(to, "--to")
    query = SearchQuery(text, (kind,) if kind else KINDS, None, start, end, limit)
    with reading_store(db, pack) as (_, store):
        try:
            hits = search(store, query)
        except SearchError as exc:
            fail(str(exc), USAGE_ERROR)
    rows = [{**asdict(h), "text": h.plain} for h in hits]
    print_rows(
        fmt,
        f"Search: {len(rows)} hit(s) for {text!r}",
        ("kind", "text", "title", "published", "document_id", "ref"),
        rows,
    )


def serve_command(
    db: str | None = DbOption,
    pack: str = PackOption,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind (default: this machine only)"
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token: str | None = typer.Option(
        None,
        "--token",
        help="Token that writes must send (default $SUMMITWATCH_TOKEN; none: read-only)",
    ),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes"),
) -> None:
    """The analyst's desk in a browser, and the REST API under /api/v1."""
    try:
        import uvicorn

        from summitwatch.present.web import app as web
    except ImportError as exc:
        fail(f"serve needs the web extra: pip install 'summitwatch[web]' ({exc.name} is missing)")
    settings = make_settings(db, pack)
    require_existing_store(settings)
    the_pack = load_pack_or_exit(pack, db)
    store = open_store_or_exit(settings)  # migrated once here, before any worker opens it
    secret = web.token_from_environment(token)
    mode = "writes need the token" if secret else "read-only (no token set)"
    stderr.print(
        f"summitwatch desk on http://{host}:{port}/ over {store.display_url}; {mode}",
        markup=False,
    )
    try:
        if workers == 1:
            uvicorn.run(web.create_app(store, the_pack, settings, secret), host=host, port=port)
            return
        os.environ.update({web.DESK_DB: settings.db_url, web.DESK_PACK: pack})
        if secret:
            os.environ["SUMMITWATCH_TOKEN"] = secret
        factory = "summitwatch.present.web.app:app_from_environment"
        uvicorn.run(factory, factory=True, host=host, port=port, workers=workers)
    finally:
        store.close()
