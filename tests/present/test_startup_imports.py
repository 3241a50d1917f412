"""Commands import only what they use: the heavy libraries stay out of the commands that need
none of them (start-up time; `benchmarks/startup.py` prints the times)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summitwatch.present.cli import COMMANDS, build_app, load_command

HEAVY = ("sqlalchemy", "alembic", "mako", "pygments", "pydantic", "spacy", "summitwatch.pipeline")
PROBE = """
import sys
from summitwatch.present import cli
sys.argv = ["summitwatch", *sys.argv[1:]]
try:
    cli.main()
except SystemExit:
    pass
heavy = {HEAVY!r}
print(" ".join(sorted(h for h in heavy if h in sys.modules)), file=sys.stderr)
"""


def imported_heavy(*args: str, stdin: str = "") -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(HEAVY=HEAVY), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(done.stderr.strip().splitlines()[-1].split()) if done.stderr.strip() else set()


def test_help_imports_no_heavy_library() -> None:
    # (typer's rich help itself may load pygments)
    assert imported_heavy("--help") <= {"pygments"}


def test_timex_imports_neither_the_store_nor_the_pack_loader() -> None:
    found = imported_heavy("timex", "--dct", "2020-06-01", "-", stdin="We meet next Tuesday.\n")
    # typer itself coerces parameters with pydantic; nothing of the store or the pipeline
    assert found <= {"pydantic"}


def test_timeline_imports_no_migration_tooling(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    from summitwatch.store.database import Store

    Store(url).close()  # at head: the command finds nothing to migrate
    found = imported_heavy("timeline", "--db", url)
    assert "sqlalchemy" in found
    assert not found & {"alembic", "mako", "pygments", "spacy", "summitwatch.pipeline"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_of_the_table_loads(name: str) -> None:
    assert load_command(name) is not None
    assert build_app([name]) is not None
