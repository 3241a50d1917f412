"""What every request of the desk reads (the store, the pack, the token) and the write check.

Writes need the token in a header, never a cookie: a cross-site form or image cannot send a
header, so a page elsewhere cannot make the analyst's browser write.
"""

from __future__ import annotations

import hmac
import logging
import os
from dataclasses import dataclass, field

from fastapi import Header, HTTPException, Request
from fastapi.responses import JSONResponse

from summitwatch.packs.pack import Pack
from summitwatch.present.web.cache import AnalysisCache
from summitwatch.settings import Settings
from summitwatch.store.database import Store

TOKEN_HEADER = "X-Summitwatch-Token"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
write_log = logging.getLogger("summitwatch.desk.writes")


@dataclass
class Desk:
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
    client = request.client.host if request.client else "?"
    write_log.info("write %s %s from %s", request.method, request.url.path, client)
    return desk


def refusal_of_write(request: Request) -> JSONResponse | None:
    """A write without the right token, refused before its body is read or validated.

    The app's middleware asks this first, so an unauthorized client learns nothing about
    the body it sent (no parse or validation errors); ``require_token`` checks again.
    """
    if request.method not in WRITE_METHODS:
        return None
    try:
        desk_of(request).check_token(request.headers.get(TOKEN_HEADER))
    except HTTPException as exc:
        write_log.warning("refused %s %s: %s", request.method, request.url.path, exc.detail)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    return None
