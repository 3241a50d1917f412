"""Shared fixtures: where the read-only data sets live, settings on a temporary store."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from summitwatch.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.yaml"
SEED_000 = SEEDS / "000_3494b7529e688810.txt"
SEED_003 = SEEDS / "003_f18c8e06d23fecb4.txt"


def load_benchmark(name: str) -> ModuleType:
    """A script of ``benchmarks/`` as a module, so floor tests call what the script runs."""
    path = REPO / "benchmarks" / f"{name}.py"
    # a script imports its sibling modules (``polnear``, ``tempeval``) as when it runs
    if str(path.parent) not in sys.path:
        sys.path.append(str(path.parent))
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.fail(f"{SHARED} is missing: the shared data sets must sit beside the checkout")
    return SHARED


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp_path / 'test.db'}")


PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _pg_required() -> bool:
    import os

    return os.environ.get("CI") == "true" or os.environ.get("SUMMITWATCH_REQUIRE_PG") == "1"


@pytest.fixture(scope="session")
def pg_url() -> object:
    """A PostgreSQL database of its own for this test run, dropped afterwards."""
    import os
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    admin_url = os.environ.get("SUMMITWATCH_PG_ADMIN_URL", PG_ADMIN_URL)
    name = f"summitwatch_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except (SQLAlchemyError, ModuleNotFoundError) as exc:
        reason = f"no PostgreSQL server answers at {admin_url}: {str(exc).splitlines()[0]}"
        if _pg_required():
            pytest.fail(reason + " (CI=true or SUMMITWATCH_REQUIRE_PG=1: PostgreSQL is required)")
        pytest.skip(reason)
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_pg_url(pg_url: str) -> object:
    """The run's PostgreSQL database, emptied before the test."""
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return pg_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("fresh_pg_url"))
