"""The stage contract: an immutable context loaded once, and a checked stage order."""

from __future__ import annotations

import pytest

from summitwatch.models import Analysis
from summitwatch.packs.pack import Pack
from summitwatch.settings import Settings
from summitwatch.stage import Context, PipelineError, Stage, check_order


def noop(analysis: Analysis, context: Context) -> None:
    return None


def test_context_is_immutable_and_loads_the_pack_once() -> None:
    context = Context(Settings(db_url="sqlite://"))
    assert context.pack is context.pack
    with pytest.raises(AttributeError, match="immutable"):
        context.settings = Settings(db_url="sqlite://")  # type: ignore[misc]


def test_a_broken_pack_is_none_for_stages() -> None:
    context = Context(Settings(db_url="sqlite://", pack="/no/such/pack"))
    assert context.pack_or_none is None
    given = Pack(name="given")
    assert Context(Settings(db_url="sqlite://"), pack=given).pack_or_none is given


def test_check_order_names_the_missing_field() -> None:
    needs_events = Stage("late", "1", ("document", "events"), ("quotes",), noop)
    with pytest.raises(PipelineError, match="late@1 requires events"):
        check_order([needs_events])
    unknown = Stage("odd", "1", ("document",), ("opinions",), noop)
    with pytest.raises(PipelineError, match="unknown field"):
        check_order([unknown])
