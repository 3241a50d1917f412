"""Date ranges on the sortable day bounds keep exactly the events whose date overlaps."""

from __future__ import annotations

from sqlalchemy import select

from summitwatch.analyze.timeline import TimelineQuery, query_events
from summitwatch.packs.pack import Pack
from summitwatch.store import schema
from summitwatch.store.database import Store
from summitwatch.store.dates import event_date_columns, overlapping_dates
from summitwatch.store.rows import event_actor_links
from summitwatch.timeml import overlaps

VALUES = [
    "2024-12-31", "2025-01-01", "2025", "2025-SP", "2025-Q4", "2025-11", "2025-12", "2025-12-24",
    "2026-01", "202", "201", "2025-W50", None, "2024", "2025-WI", "2026",
]  # fmt: skip


def fill(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            schema.documents.insert(),
            [
                {
                    "id": "d1",
                    "sha256": "h",
                    "authors": [],
                    "language": "en",
                    "word_count": 1,
                    "source": "s",
                    "format": "txt",
                    "text": "t",
                    "ingested_at": "x",
                }
            ],
        )
        rows = [
            {
                "id": f"e{n:02d}",
                "document_id": "d1",
                "type": "CONSULT",
                "actors": ["USA"],
                "recipients": ["PRK"] if n % 2 else [],
                "date": value,
                "modality": "asserted",
                "sentence": "s",
                "start": 0,
                "end": 1,
                "stage": "x",
                **event_date_columns(value),
            }
            for n, value in enumerate(VALUES)
        ]
        connection.execute(schema.events.insert(), rows)
        # as the store writes them beside each event (store/database.py)
        connection.execute(schema.event_actors.insert(), event_actor_links(rows))


def test_ranges_keep_what_overlaps(store_url: str) -> None:
    with Store(store_url) as store:
        fill(store)
        events = schema.events
        for start, end in [("2025-12", "2025-12"), ("2025", "2025"), ("2025-12-24", None),
                           (None, "2024-12-31"), ("2019-06-01", "2019-06-30")]:  # fmt: skip
            with store.engine.connect() as connection:
                found = connection.execute(
                    select(events.c.date).where(overlapping_dates(events, start, end))
                ).scalars()
                kept = sorted(v for v in found)
            wanted = sorted(v for v in VALUES if v and overlaps(v, start, end))
            assert kept == wanted, (start, end)


def test_a_timeline_page_merges_the_parts_in_date_order(store_url: str) -> None:
    with Store(store_url) as store:
        fill(store)
        with store.engine.connect() as connection:
            every = query_events(connection, Pack("p"), TimelineQuery(start="2025", end="2025"))
            page = query_events(
                connection, Pack("p"), TimelineQuery(start="2025", end="2025", limit=3, offset=2)
            )
            prk = query_events(connection, Pack("p"), TimelineQuery(actor="PRK", start="2025"))
    firsts = [event_date_columns(e.date)["date_start"] or "" for e in every]
    assert firsts == sorted(firsts) and len(every) == len({e.id for e in every})
    assert "202" in {e.date for e in every} and "2024" not in {e.date for e in every}
    assert [e.id for e in page] == [e.id for e in every][2:5]
    assert prk and all("PRK" in e.recipients for e in prk)
