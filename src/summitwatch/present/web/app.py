"""The analyst's desk: one FastAPI app serving the pages and the REST API over one store.

Safe by default: every page is rendered with autoescaping, the Content-Security-Policy
allows nothing but this origin (no inline script, no outside request), and writes need the
token in a header (see ``context.py``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from summitwatch import __version__
from summitwatch.packs.pack import Pack
from summitwatch.present.web import api, pages
from summitwatch.present.web.context import (
    TOKEN_HEADER,
    Desk,
    refusal_of_write,
    token_from_environment,
)
from summitwatch.settings import Settings
from summitwatch.store.database import Store

__all__ = ["TOKEN_HEADER", "app_from_environment", "create_app", "token_from_environment"]

HERE = Path(__file__).parent
# what ``serve --workers N`` hands its worker processes (the token goes as $SUMMITWATCH_TOKEN)
DESK_DB = "SUMMITWATCH_DESK_DB"
DESK_PACK = "SUMMITWATCH_DESK_PACK"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``serve --workers N`` (its store opened here)."""
    from summitwatch.packs.pack import load_pack

    settings = Settings(db_url=os.environ[DESK_DB], pack=os.environ.get(DESK_PACK, "korea"))
    store = Store(settings.db_url)
    return create_app(store, load_pack(settings.pack_path), settings, token_from_environment(None))


def create_app(store: Store, pack: Pack, settings: Settings, token: str | None = None) -> FastAPI:
    app = FastAPI(
        lifespan=warm_up_overview,
        title="summitwatch desk",
        version=__version__,
        description="The evidence base: documents, events, quotes, forecasts, questions, scores.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the JSON document stays
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.desk = Desk(store, pack, settings, token)
    app.middleware("http")(refuse_writes_without_token)
    app.middleware("http")(add_security_headers)  # the outer one: refusals get the headers too
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


@asynccontextmanager
async def warm_up_overview(app: FastAPI) -> AsyncIterator[None]:
    """The overview's analyses start computing as the server starts, not at the first visit."""
    desk: Desk = app.state.desk
    threading.Thread(target=pages.overview_of, args=(desk,), daemon=True).start()
    yield


async def refuse_writes_without_token(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    refusal = refusal_of_write(request)
    return refusal if refusal is not None else await call_next(request)


async def add_security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
