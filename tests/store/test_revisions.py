"""The cheap head check: a store at head is opened without Alembic; anything else migrates."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from summitwatch.store.database import MIGRATIONS, Store
from summitwatch.store.revisions import head_revisions, is_at_head

VERSIONS = MIGRATIONS / "versions"


def test_heads_are_the_revisions_nothing_revises(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision: str = "b"\ndown_revision = "a"\n')
    (tmp_path / "c.py").write_text("revision = 'c'\ndown_revision = 'a'\n")
    (tmp_path / "m.py").write_text('revision = "m"\ndown_revision = ("b", "c")\n')
    assert head_revisions(tmp_path) == {"m"}


def test_the_shipped_migrations_have_one_head() -> None:
    assert len(head_revisions(VERSIONS)) == 1


def test_a_new_store_is_not_at_head_and_a_migrated_one_is(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = create_engine(url)
    assert not is_at_head(engine, VERSIONS)
    Store(url).close()
    assert is_at_head(engine, VERSIONS)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert not is_at_head(engine, VERSIONS)  # an older store goes to Alembic
    engine.dispose()
