"""Turning analysis records into what templates show: highlighted text, marked hits, charts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from summitwatch.analyze.aggregate_history import AggregatePoint
from summitwatch.analyze.desk import Span
from summitwatch.analyze.scoring import CalibrationBin
from summitwatch.models import Forecast
from summitwatch.present.charts import ChartFrame, Series, line_chart, scatter_chart
from summitwatch.store.search import MARK_END, MARK_START

TEMPLATES = Path(__file__).parent / "templates"
# the kind whose link a stretch of text carries when spans overlap: the most specific first
LINK_PRIORITY = ("quote", "timex", "mention", "citation", "forecast", "reason", "event")
DATE_TICKS = 5


@dataclass(frozen=True)
class Segment:
    text: str
    kinds: tuple[str, ...]  # every kind of span covering this stretch
    ref: str | None  # the anchor of the record this stretch links to
    label: str | None


def make_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "svg"), default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["marked"] = marked_html
    environment.filters["percent"] = percent
    return environment


def segment_text(text: str, spans: list[Span]) -> list[Segment]:
    """The text cut at every span boundary; each piece knows the spans that cover it.

    One sweep over the boundaries keeps the spans open at each point, so a long document
    with thousands of spans costs the number of pieces times the spans open at once.
    """
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for span in (s for s in spans if s.start < s.end):
        starts.setdefault(span.start, []).append(span)
        ends.setdefault(span.end, []).append(span)
    cuts = sorted({0, len(text), *starts, *ends})
    open_spans: dict[int, Span] = {}
    segments = []
    for start, end in itertools.pairwise(cuts):
        for span in ends.get(start, []):
            open_spans.pop(id(span), None)
        for span in starts.get(start, []):
            open_spans[id(span)] = span
        covering = list(open_spans.values())
        link = min(
            (s for s in covering if s.kind in LINK_PRIORITY),
            key=lambda s: (LINK_PRIORITY.index(s.kind), s.end - s.start),
            default=None,
        )
        segments.append(
            Segment(
                text[start:end],
                tuple(sorted({s.kind for s in covering})),
                link.ref if link else None,
                link.label if link else None,
            )
        )
    return segments


def marked_html(value: str | None) -> Markup:
    """A search hit: escaped, then its matched words wrapped in <mark>."""
    escaped = str(escape(value or ""))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def calibration_chart(title: str, bins: list[CalibrationBin]) -> Markup:
    frame = ChartFrame(
        title=title,
        x_label="forecast probability",
        y_label="observed frequency",
        x_ticks=[(x / 4, f"{x / 4:.0%}") for x in range(5)],
        x_max=1.0,
    )
    filled = [b for b in bins if b.n and b.mean_forecast is not None and b.observed is not None]
    series = [
        Series(
            f"n={sum(b.n for b in filled)}",
            [(b.mean_forecast or 0.0, b.observed or 0.0) for b in filled],
        )
    ]
    note = "" if filled else "no resolved forecasts yet"
    return Markup(scatter_chart(frame, series if filled else [], note))


def forecasts_chart(title: str, forecasts: list[Forecast]) -> Markup:
    """Each forecast's probability for the question, in the order they were made."""
    dated = [f for f in forecasts if f.question_probability is not None]
    frame = ChartFrame(
        title=title,
        x_label="forecasts in date order",
        y_label="probability of yes",
        x_ticks=[(float(i), f.made_on or "?") for i, f in enumerate(dated)][
            :: max(1, len(dated) // 5)
        ],
        x_max=float(max(len(dated) - 1, 1)),
    )
    series = [
        Series("forecast", [(float(i), f.question_probability or 0.0) for i, f in enumerate(dated)])
    ]
    return Markup(line_chart(frame, series if dated else []))


def aggregate_chart(title: str, history: list[AggregatePoint]) -> Markup:
    """The ledger's aggregate after each forecast day, as a step line on a time axis."""
    days = [date.fromisoformat(point.on) for point in history]
    span = (days[-1] - days[0]).days if days else 0
    frame = ChartFrame(
        title=title,
        x_label="date of the forecasts",
        y_label="aggregate probability of yes",
        x_ticks=date_ticks(days[0], span) if days else [],
        x_max=float(max(span, 1)),
    )
    points = [
        (float((day - days[0]).days), p.probability) for day, p in zip(days, history, strict=True)
    ]
    name = f"aggregate ({history[-1].voices} voice(s) now)" if history else "aggregate"
    return Markup(line_chart(frame, [Series(name, points)] if points else []))


def date_ticks(first: date, span: int) -> list[tuple[float, str]]:
    """Evenly spaced day labels over ``span`` days from ``first`` (one label for one day)."""
    if span == 0:
        return [(0.0, first.isoformat())]
    steps = [span * i // (DATE_TICKS - 1) for i in range(DATE_TICKS)]
    return [(float(n), (first + timedelta(days=n)).isoformat()) for n in dict.fromkeys(steps)]
