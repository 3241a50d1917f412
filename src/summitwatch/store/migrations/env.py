"""Alembic environment: summitwatch runs migrations itself on the connection it opened."""

from __future__ import annotations

from alembic import context

from summitwatch.store.schema import is_table_object, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    include_name=is_table_object,
)
with context.begin_transaction():
    context.run_migrations()
