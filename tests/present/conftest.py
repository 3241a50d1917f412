"""Fixtures of the present tests: one ingested store for the desk, built once per session."""

from __future__ import annotations

import pytest

from tests.present.desk_store import build_desk_store


@pytest.fixture(scope="session")
def desk_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_desk_store(tmp_path_factory.mktemp("desk"))
