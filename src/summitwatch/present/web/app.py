"""The analyst's desk: one FastAPI app serving the pages and the REST API over one store.

Safe by default: every page is rendered with autoescaping, the Content-Security-Policy
allows nothing but this origin (no inline script, no outside request), and writes need the
token in a header (never a cookie, so a cross-site form cannot carry it).
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Header, HTTPException, Request, Response
from fastapi.staticfiles import StaticFiles

from summitwatch.packs.pack import Pack
from summitwatch.present.web.cache import AnalysisCache
from summitwatch.settings import Settings
from summitwatch.store.database import Store

HERE = Path(__file__).parent
TOKEN_HEADER = "X-Summitwatch-Token"
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
write_log = logging.getLogger("summitwatch.desk.writes")


@dataclass
class Desk:
    """What every request reads: the store, the pack, the settings and the write token."""

    store: Store
    pack: Pack
    settings: Settings
    token: str | None
    cache: AnalysisCache = field(init=False)

    def __post_init__(self) -> None:
        self.cache = AnalysisCache(self.store)

    def check_token(self, given: str | None) -> None:
        if not self.token:
            raise HTTPException(
                403, "this desk is read-only: start it with --token to allow writes"
            )
        if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
            raise HTTPException(401, f"a write needs the token in the {TOKEN_HEADER} header")


def token_from_environment(token: str | None) -> str | None:
    return token or os.environ.get("SUMMITWATCH_TOKEN") or None


def create_app(store: Store, pack: Pack, settings: Settings, token: str | None = None) -> FastAPI:
    from summitwatch.present.web import api, pages

    app = FastAPI(
        title="summitwatch desk",
        version=package_version(),
        description="The evidence base: documents, events, quotes, forecasts, questions, scores.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the JSON document stays
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.desk = Desk(store, pack, settings, token)
    app.middleware("http")(add_security_headers)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


async def add_security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def require_token(
    request: Request, x_summitwatch_token: str | None = Header(None, alias=TOKEN_HEADER)
) -> Desk:
    """Dependency of every write: the token, checked; the write is logged with the client."""
    desk = desk_of(request)
    try:
        desk.check_token(x_summitwatch_token)
    except HTTPException as exc:
        write_log.warning("refused %s %s: %s", request.method, request.url.path, exc.detail)
        raise
    write_log.info(
        "write %s %s from %s",
        request.method,
        request.url.path,
        request.client.host if request.client else "?",
    )
    return desk


def package_version() -> str:
    from summitwatch import __version__

    return __version__
