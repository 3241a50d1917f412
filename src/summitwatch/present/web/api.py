"""The REST API under ``/api/v1``: the records of the public contract, paged, and the writes.

Lists answer ``{"items": [...], "total": n, "limit": n, "offset": n}``; records carry the
field names of DESIGN.md's contract. Writes need the token header (see ``app.py``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field

from summitwatch.analyze import desk as records
from summitwatch.analyze import desk_records as views
from summitwatch.analyze import ledger_views, question_edits
from summitwatch.models import to_record
from summitwatch.packs.pack import PackError
from summitwatch.pipeline import ingest_paths
from summitwatch.present.web.context import TOKEN_HEADER, Desk, desk_of, require_token
from summitwatch.present.web.validation import (
    checked_date,
    date_range,
    document_filter,
    search_query,
)
from summitwatch.store.database import StoreError
from summitwatch.store.search import SearchError, search


class ErrorDetail(BaseModel):
    """Every refusal: one line, or (a parameter of the wrong type) FastAPI's list of them."""

    detail: str | list[dict[str, Any]]


def refusal(description: str) -> dict[str, Any]:
    return {"model": ErrorDetail, "description": description}


READ_ERRORS: dict[int | str, dict[str, Any]] = {
    404: refusal("no such record, or a name or id that matches nothing (with suggestions)"),
    422: refusal("a parameter that is not valid: a bad date, a search the index cannot parse"),
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: refusal("a body that cannot be parsed (with the token; without one it is 401)"),
    401: refusal(f"the token is missing or wrong (the {TOKEN_HEADER} header)"),
    403: refusal("the desk is read-only: it was started without a token"),
    413: refusal("the upload is larger than the ingest limit"),
}
router = APIRouter(prefix="/api/v1", tags=["evidence base"], responses=READ_ERRORS)
Limit = Query(records.DEFAULT_LIMIT, ge=1, le=records.MAX_LIMIT)
Offset = Query(0, ge=0, le=records.MAX_OFFSET)
MAX_UPLOAD = 20 * 1024 * 1024


def page_json(page: records.Page[Any], kind: str) -> dict[str, Any]:
    return {
        "items": [{"kind": kind, **to_record(item)} for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


def whole_list_json(found: Sequence[Any], kind: str) -> dict[str, Any]:
    """A list the API returns whole, in the same envelope as a page."""
    return {
        "items": [{"kind": kind, **to_record(item)} for item in found],
        "total": len(found),
        "limit": len(found),
        "offset": 0,
    }


def lookup_actor(desk: Desk, wanted: str | None) -> tuple[str, ...]:
    if not wanted:
        return ()
    try:
        return (records.resolve_actor(desk.store, desk.pack, wanted),)
    except records.LookupFailed as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/documents")
def documents(
    request: Request,
    publisher: str | None = None,
    title: str | None = None,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Documents, newest first, without their text (``/documents/{id}`` has it)."""
    where = document_filter(publisher, title, from_, to)
    return page_json(
        records.list_documents(desk_of(request).store, where, limit, offset), "document"
    )


@router.get("/documents/{document_id}")
def document(request: Request, document_id: str) -> dict[str, Any]:
    view = records.load_document_view(desk_of(request).store, document_id)
    if view is None:
        raise HTTPException(404, f"no document {document_id!r}")
    return {
        "kind": "document",
        **asdict(view.summary),
        "text": view.text,
        "furniture": view.furniture,
    }


@router.get("/sentences")
def sentences(
    request: Request, document_id: str | None = None, limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    return page_json(
        records.list_sentences(desk_of(request).store, document_id, limit, offset), "sentence"
    )


@router.get("/events")
def events(
    request: Request,
    actor: str | None = Query(None, description="actor id or name, any case"),
    type: str | None = None,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    document_id: str | None = None,
    factuality: str | None = Query(None, pattern="^(factual|non-factual)$"),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    desk = desk_of(request)
    where = records.RecordFilter(
        document_id,
        lookup_actor(desk, actor),
        *date_range(from_, to),
        type,
        factuality=factuality,
    )
    return page_json(records.list_events(desk.store, where, limit, offset), "event")


@router.get("/quotes")
def quotes(
    request: Request,
    speaker: str | None = Query(None, description="actor id or name, any case"),
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    document_id: str | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    desk = desk_of(request)
    where = records.RecordFilter(
        document_id,
        lookup_actor(desk, speaker),
        *date_range(from_, to),
    )
    return page_json(records.list_quotes(desk.store, where, limit, offset), "quote")


@router.get("/forecasts")
def forecasts(
    request: Request,
    question: str | None = None,
    holder: str | None = None,
    document_id: str | None = None,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    where = records.RecordFilter(
        document_id,
        (),
        *date_range(from_, to),
        question=question,
        holder=holder,
    )
    return page_json(
        records.list_forecasts(desk_of(request).store, where, limit, offset), "forecast"
    )


@router.get("/questions")
def questions(request: Request) -> dict[str, Any]:
    return whole_list_json(views.list_questions(desk_of(request).store), "question")


@router.get("/questions/{question_id}")
def question(request: Request, question_id: str) -> dict[str, Any]:
    desk = desk_of(request)
    try:
        view = views.load_question_view(desk.store, desk.pack, question_id)
    except records.LookupFailed as exc:
        raise HTTPException(404, str(exc)) from exc
    return {
        "kind": "question",
        **to_record(view.question),
        "definition": view.definition,
        "resolved_by": view.resolved_by,
        "evidence_items": [asdict(e) for e in view.evidence],
        "forecasts": [
            {
                **to_record(line.forecast),
                "outlet": line.outlet,
                "brier": line.brier,
                "log_score": line.log_score,
            }
            for line in view.forecasts
        ],
        "aggregate": asdict(view.aggregate) if view.aggregate else None,
        "aggregate_history": [asdict(point) for point in view.history],
    }


@router.get("/scores")
def scores(request: Request) -> dict[str, Any]:
    return whole_list_json(ledger_views.kept_scores(desk_of(request).store), "score")


@router.get("/actors")
def actors(
    request: Request, name: str | None = None, limit: int = Limit, offset: int = Offset
) -> dict[str, Any]:
    return page_json(records.list_actors(desk_of(request).store, name, limit, offset), "actor")


@router.get("/actors/{actor}")
def actor(request: Request, actor: str) -> dict[str, Any]:
    desk = desk_of(request)
    try:
        view = views.load_actor_view(desk.store, desk.pack, actor)
    except records.LookupFailed as exc:
        raise HTTPException(404, str(exc)) from exc
    return {
        "kind": "actor",
        **asdict(view.actor),
        "roles": [asdict(r) for r in view.roles],
        "quotes": [q.id for q in view.quotes],
        "events_as_actor": [e.id for e in view.events_as_actor],
        "events_as_recipient": [e.id for e in view.events_as_recipient],
        "forecasts_held": [f.id for f in view.forecasts_held],
        "forecasts_about": [f.id for f in view.forecasts_about],
    }


@router.get("/search")
def search_records(
    request: Request,
    q: str = Query(..., min_length=1),
    kind: str | None = Query(None, pattern="^(title|quote|sentence)$"),
    document_id: str | None = None,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Full-text hits; ``marked`` has the matched words between \\u0002 and \\u0003."""
    query = search_query(q, kind, document_id, from_, to, limit, offset)
    try:
        hits = search(desk_of(request).store, query)
    except SearchError as exc:
        raise HTTPException(422, str(exc)) from exc
    items = [{**asdict(h), "text": h.plain} for h in hits]
    return {"items": items, "total": None, "limit": limit, "offset": offset}


# -- writes ----------------------------------------------------------------------------


@router.post("/documents", status_code=201, responses=WRITE_ERRORS)
async def upload_document(
    file: UploadFile,
    published: str | None = Query(None, alias="date", description="publication date"),
    desk: Desk = Depends(require_token),
) -> dict[str, Any]:
    """Ingest one uploaded file (txt, md, html, pdf) as ``summitwatch ingest`` would."""
    when = checked_date(published, "date")
    content = await file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise HTTPException(413, f"the upload is larger than {MAX_UPLOAD} bytes")
    name = Path(file.filename or "upload.txt").name
    with tempfile.TemporaryDirectory(prefix="summitwatch-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        settings = desk.settings.with_changes(db_url=desk.store.url, override_date=when)
        try:
            report = ingest_paths([str(path)], settings)
        except (PackError, StoreError) as exc:
            raise HTTPException(500, str(exc)) from exc
    if not report.ok:
        reasons = "; ".join(f"{o.name}: {o.reason}" for o in report.failed)
        raise HTTPException(422, reasons or "the upload could not be ingested")
    return {"status": report.summary()}


class NewQuestion(BaseModel):
    outcome: str = Field(description="an outcome class of the pack, e.g. meeting")
    actors: list[str]
    by: str = Field(description="deadline, YYYY-MM-DD")
    text: str | None = None
    opens: str | None = None


class HandResolution(BaseModel):
    answer: str = Field(pattern="^(yes|no)$")
    on: date
    evidence: str = Field(min_length=1, description="what settled it: a sentence, a link")


@router.post("/questions", status_code=201, responses=WRITE_ERRORS)
def add_question(body: NewQuestion, desk: Desk = Depends(require_token)) -> dict[str, Any]:
    edits = question_edits
    try:
        added = edits.add_question(
            desk.store, desk.pack, body.outcome, body.actors, body.by, body.text, body.opens
        )
    except edits.QuestionEditError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"kind": "question", **to_record(added)}


@router.post("/questions/{question_id}/accept", responses=WRITE_ERRORS)
def accept_question(question_id: str, desk: Desk = Depends(require_token)) -> dict[str, Any]:
    edits = question_edits
    try:
        accepted = edits.accept_question(desk.store, desk.pack, question_id)
    except edits.QuestionEditError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"kind": "question", **to_record(accepted)}


@router.post("/questions/{question_id}/resolve", responses=WRITE_ERRORS)
def resolve_question(
    question_id: str, body: HandResolution, desk: Desk = Depends(require_token)
) -> dict[str, Any]:
    try:
        resolved = hand_resolver()(
            desk.store, desk.pack, question_id, body.answer, body.on, body.evidence
        )
    except KeyError as exc:
        raise HTTPException(404, f"no question {question_id!r}") from exc
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"kind": "question", **to_record(resolved)}


def hand_resolver() -> Any:
    # hand resolution lives with the other question edits (analyze/question_edits.py)
    return question_edits.resolve_by_hand
