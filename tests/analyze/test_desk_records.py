"""The desk's read models: timeline sections by factuality, highlighted segments, furniture."""

from __future__ import annotations

from summitwatch.analyze.desk import Span, furniture_of
from summitwatch.analyze.desk_records import timeline_sections
from summitwatch.analyze.timeline import Timeline, TimelineEntry
from summitwatch.models import Event
from summitwatch.present.web.render import segment_text


def entry(event_id: str, factuality: str | None) -> TimelineEntry:
    event = Event(event_id, "doc-1", "CONSULT", 0, 10, "Kim met Trump.", date="2019-02-28")
    if factuality is not None:
        event.factuality = factuality  # type: ignore[attr-defined]  # events helper's field
    return TimelineEntry(event_id, "2019-02-28", "day", "CONSULT", "asserted", events=[event])


def test_denied_and_possible_events_stand_apart_from_what_happened() -> None:
    timeline = Timeline(
        entries=[entry("ev-1", "CT+"), entry("ev-2", "CT-"), entry("ev-3", "PS+")],
        planned=[entry("ev-4", "PR+")],
    )
    sections = dict(timeline_sections(timeline))
    assert [e.id for e in sections["What happened"]] == ["ev-1"]
    apart = next(v for k, v in sections.items() if k.startswith("Not factual"))
    assert [e.id for e in apart] == ["ev-2", "ev-3"]
    assert [e.id for e in sections["Planned or announced"]] == ["ev-4"]


def test_without_factuality_every_dated_entry_counts_as_happened() -> None:
    sections = dict(timeline_sections(Timeline(entries=[entry("ev-1", None)])))
    assert [e.id for e in sections["What happened"]] == ["ev-1"]
    assert not any(k.startswith("Not factual") for k in sections)


def test_segments_link_the_most_specific_span_and_keep_every_kind() -> None:
    text = "Kim said “we wait” in 2019."
    spans = [
        Span("event", 0, len(text), "ev-1", "CONSULT"),
        Span("quote", 10, 17, "qt-1", "kim"),
        Span("timex", 22, 26, "timex-1", "DATE 2019"),
    ]
    segments = segment_text(text, spans)
    assert "".join(s.text for s in segments) == text
    quoted = next(s for s in segments if s.text == "we wait")
    assert quoted.ref == "qt-1" and quoted.kinds == ("event", "quote")
    year = next(s for s in segments if s.text == "2019")
    assert year.ref == "timex-1"
    assert next(s for s in segments if s.text.startswith("Kim")).ref == "ev-1"


class Row:
    def __init__(self, **values: object) -> None:
        self._mapping = values


def test_furniture_only_when_the_store_keeps_it() -> None:
    assert furniture_of(Row(id="doc-1")) is None
    kept = furniture_of(Row(furniture=[{"text": "Share this", "reason": "page chrome"}]))
    assert kept == [{"text": "Share this", "reason": "page chrome"}]
