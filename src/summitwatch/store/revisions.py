"""Whether a store's schema is at the head revision, found without importing Alembic.

Alembic (with Mako and its dialect modules) costs more start-up time than a short command
takes to run, and almost every time a store is opened its schema is current already. The
head revisions are read from the migration files' ``revision`` and ``down_revision`` lines;
the store's from its ``alembic_version`` table. Any doubt (no table, another revision, a
file this reading does not understand) answers "not at head", and Alembic then decides.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

# ``revision = "0002_ledger"``, ``down_revision: str | None = "0001"``, ``= ("a", "b")``
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


@cache
def head_revisions(versions: Path) -> frozenset[str]:
    """The revisions of ``versions/*.py`` that no other revision revises."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.update(_QUOTED.findall(found["revision"]))
        parents.update(_QUOTED.findall(found.get("down_revision", "")))
    return frozenset(revisions - parents)


def is_at_head(engine: Engine, versions: Path) -> bool:
    """True when the store records exactly the head revisions (nothing to migrate)."""
    heads = head_revisions(versions)
    if not heads:
        return False
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(stored.scalars()) == heads
    except DatabaseError:  # no alembic_version table yet: a new store
        return False
