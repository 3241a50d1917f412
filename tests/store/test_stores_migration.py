"""0003_stores gives events stored before it their day bounds and their actor rows."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select, text

from summitwatch.store import schema
from summitwatch.store.database import MIGRATIONS, Store


def test_upgrade_fills_bounds_and_actors_of_stored_events(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_ledger")
        connection.execute(
            text(
                "INSERT INTO documents (id, sha256, authors, language, word_count, source, "
                "format, text, ingested_at) VALUES ('d1', 'h', '[]', 'en', 1, 's', 'txt', 't', 'x')"
            )
        )
        for event_id, value in (("e1", "2019-02"), ("e2", "2019-02-27"), ("e3", None)):
            connection.execute(
                text(
                    "INSERT INTO events (id, document_id, type, actors, recipients, date, "
                    "modality, sentence, start, \"end\", stage) VALUES (:id, 'd1', 'CONSULT', "
                    "'[\"donald-trump\"]', '[\"PRK\"]', :date, 'asserted', 's', 0, 1, 'x')"
                ),
                {"id": event_id, "date": value},
            )
    engine.dispose()
    with Store(url) as store, store.engine.connect() as connection:
        events = schema.events
        bounds = {
            r.id: (r.date_start, r.date_end)
            for r in connection.execute(select(events.c.id, events.c.date_start, events.c.date_end))
        }
        links = connection.execute(
            select(schema.event_actors.c.event_id, schema.event_actors.c.actor_id)
        ).all()
    assert bounds == {
        "e1": ("2019-02-01", "2019-02-28"),
        "e2": ("2019-02-27", "2019-02-27"),
        "e3": (None, None),
    }
    assert ("e1", "donald-trump") in links and ("e1", "PRK") in links and len(links) == 6
