"""The desk's pages, rendered on the server from what the analysis layer returns."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from summitwatch.analyze import desk as records
from summitwatch.analyze import desk_records as views
from summitwatch.analyze.timeline import TimelineQuery, build_timeline
from summitwatch.present.web.context import Desk, desk_of
from summitwatch.present.web.render import (
    aggregate_chart,
    calibration_chart,
    forecasts_chart,
    make_environment,
    segment_text,
)
from summitwatch.present.web.validation import date_range, document_filter, search_query
from summitwatch.store.search import SearchError, search

router = APIRouter(include_in_schema=False)
environment = make_environment()
PAGE = 50


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    desk = desk_of(request)
    html = environment.get_template(template).render(
        request_path=request.url.path, pack=desk.pack.name, **context
    )
    return HTMLResponse(html, status_code=status)


def not_found(request: Request, message: str, suggestions: list[str] | None = None) -> HTMLResponse:
    return render(request, "error.html", 404, message=message, suggestions=suggestions or [])


def overview_of(desk: Desk) -> tuple[views.Overview, list[Any]]:
    from summitwatch.present.brief import build_brief

    overview = desk.cache.get("overview", lambda: views.load_overview(desk.store, desk.pack))
    judgments = desk.cache.get("judgments", lambda: build_brief(desk.store, desk.pack).judgments)
    return overview, judgments


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    overview, judgments = overview_of(desk_of(request))
    return render(request, "overview.html", overview=overview, judgments=judgments)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    publisher: str | None = None,
    title: str | None = None,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    offset: int = Query(0, ge=0, le=records.MAX_OFFSET),
) -> HTMLResponse:
    where = document_filter(publisher, title, from_, to)
    page = records.list_documents(desk_of(request).store, where, PAGE, offset)
    return render(request, "documents.html", page=page, where=where)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request, document_id: str, mark: str | None = Query(None, pattern=r"^\d+-\d+$")
) -> HTMLResponse:
    """The clean text with every span highlighted; ``mark=start-end`` outlines one passage."""
    view = records.load_document_view(desk_of(request).store, document_id)
    if view is None:
        return not_found(request, f"no document {document_id!r}")
    spans = list(view.spans)
    if mark:
        start, end = (int(n) for n in mark.split("-"))
        spans.append(records.Span("evidence", start, min(end, len(view.text)), "evidence", ""))
    segments = segment_text(view.text, [s for s in spans if s.start < s.end])
    return render(request, "document.html", view=view, segments=segments)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    actor: str | None = None,
    type: str | None = None,
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    factuality: str | None = Query(None, pattern="^(factual|non-factual)?$"),
) -> HTMLResponse:
    desk = desk_of(request)
    actor_id = None
    if actor:
        try:
            actor_id = records.resolve_actor(desk.store, desk.pack, actor)
        except records.LookupFailed as exc:
            return render(
                request,
                "error.html",
                404,
                message=str(exc),
                suggestions=[f"/timeline?actor={s}" for s in exc.suggestions],
            )
    query = TimelineQuery(actor_id, type or None, *date_range(from_, to), limit=5000)
    sections = [
        (title, [e for e in entries if views.entry_matches_factuality(e, factuality or None)])
        for title, entries in views.timeline_sections(build_timeline(desk.store, desk.pack, query))
    ]
    return render(
        request,
        "timeline.html",
        sections=sections,
        actor=actor or "",
        actor_id=actor_id,
        type=type or "",
        from_=from_ or "",
        to=to or "",
        factuality=factuality or "",
        actor_names=sorted(a.name for a in desk.pack.actors),
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request, name: str | None = None, offset: int = Query(0, ge=0, le=records.MAX_OFFSET)
) -> HTMLResponse:
    page = records.list_actors(desk_of(request).store, name, PAGE, offset)
    return render(request, "actors.html", page=page, name=name or "")


@router.get("/actors/{actor}", response_class=HTMLResponse)
def actor_page(request: Request, actor: str) -> HTMLResponse:
    desk = desk_of(request)
    try:
        view = views.load_actor_view(desk.store, desk.pack, actor)
    except records.LookupFailed as exc:
        return not_found(request, str(exc), [f"/actors/{s}" for s in exc.suggestions])
    return render(request, "actor.html", view=view)


@router.get("/questions", response_class=HTMLResponse)
def questions_page(request: Request) -> HTMLResponse:
    desk = desk_of(request)
    from summitwatch.analyze.ledger_views import kept_aggregates

    found = desk.cache.get("aggregates", lambda: kept_aggregates(desk.store, desk.pack))
    aggregates = {a.question: a for a in found}
    return render(
        request, "questions.html", questions=views.list_questions(desk.store), aggregates=aggregates
    )


@router.get("/questions/{question_id}", response_class=HTMLResponse)
def question_page(request: Request, question_id: str) -> HTMLResponse:
    desk = desk_of(request)
    try:
        view = desk.cache.get(
            ("question", question_id.lower()),
            lambda: views.load_question_view(desk.store, desk.pack, question_id),
        )
    except records.LookupFailed as exc:
        return not_found(request, str(exc), [f"/questions/{s}" for s in exc.suggestions])
    history = aggregate_chart("The aggregate over time", view.history)
    chart = forecasts_chart(
        "Forecasts on this question", [line.forecast for line in view.forecasts]
    )
    return render(request, "question.html", view=view, chart=chart, history_chart=history)


@router.get("/forecasters", response_class=HTMLResponse)
def forecasters_page(request: Request) -> HTMLResponse:
    return render(
        request, "forecasters.html", scores=views.list_forecasters(desk_of(request).store)
    )


@router.get("/forecasters/{name}", response_class=HTMLResponse)
def forecaster_page(request: Request, name: str) -> HTMLResponse:
    try:
        desk = desk_of(request)
        view = desk.cache.get(
            ("forecaster", name.lower()), lambda: views.load_forecaster_view(desk.store, name)
        )
    except records.LookupFailed as exc:
        return not_found(request, str(exc), [f"/forecasters/{s}" for s in exc.suggestions])
    chart = calibration_chart(f"Calibration of {view.name}", view.calibration)
    return render(request, "forecaster.html", view=view, chart=chart)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    kind: str | None = Query(None, pattern="^(title|quote|sentence)?$"),
    from_: str | None = Query(None, alias="from"),
    to: str | None = None,
    offset: int = Query(0, ge=0, le=records.MAX_OFFSET),
) -> HTMLResponse:
    hits, error = [], None
    if q.strip():
        query = search_query(q, kind, None, from_, to, PAGE, offset)
        try:
            hits = search(desk_of(request).store, query)
        except SearchError as exc:
            error = str(exc)
    return render(
        request,
        "search.html",
        q=q,
        kind=kind or "",
        hits=hits,
        error=error,
        from_=from_ or "",
        to=to or "",
        offset=offset,
        page=PAGE,
    )
