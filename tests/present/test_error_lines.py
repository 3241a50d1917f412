"""Bad inputs, stores and output paths: each is one line on stderr and an exit code."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitwatch.ingest.document import read_document
from summitwatch.present.cli import app
from summitwatch.settings import Settings

runner = CliRunner()
NOTE = "Talks in Hanoi\n\nEnvoys met in Hanoi on March 3, 2019, for talks.\n"


def invoke(*args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.startswith("summitwatch: ")]
    assert "Traceback" not in result.output
    return result.exit_code, lines


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "note.txt"
    path.parent.mkdir()
    path.write_text(NOTE)
    return path


@pytest.mark.parametrize("url", ["file:///tmp/x.db", "http://example.org/db", "not a url at all"])
def test_db_that_is_no_database_url_is_one_line(url: str, note: Path) -> None:
    code, lines = invoke("ingest", str(note), "--db", url)
    assert code == 1 and len(lines) == 1 and "not a database URL" in lines[0]


def test_db_that_is_a_folder_or_not_sqlite_is_one_line(tmp_path: Path, note: Path) -> None:
    other = tmp_path / "notes.db"
    other.write_text("just some text, not a database")
    for path, reason in ((tmp_path, "folder"), (other, "not a SQLite database")):
        code, lines = invoke("ingest", str(note), "--db", f"sqlite:///{path}")
        assert code == 1 and len(lines) == 1 and reason in lines[0], lines


def test_memory_store_is_refused_for_ingest(note: Path) -> None:
    code, lines = invoke("ingest", str(note), "--db", "sqlite:///:memory:")
    assert code == 2 and len(lines) == 1 and "keeps nothing" in lines[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_subfolder_is_reported(tmp_path: Path, db: str, note: Path) -> None:
    locked = note.parent / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(NOTE)
    locked.chmod(0)
    try:
        code, lines = invoke("ingest", str(note.parent), "--db", db)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert code == 1
    assert len(lines) == 1 and "locked" in lines[0] and "cannot read folder" in lines[0]


def test_broken_and_looping_links_are_reported(tmp_path: Path, db: str, note: Path) -> None:
    (note.parent / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (note.parent / "loop.txt").symlink_to(note.parent / "loop.txt")
    code, lines = invoke("ingest", str(note.parent), "--db", db)
    assert code == 1
    assert len(lines) == 2 and all("symbolic link" in line for line in lines), lines
    code, lines = invoke("ingest", str(note.parent / "loop.txt"), "--db", db)
    assert code == 1 and len(lines) == 1 and "symbolic link" in lines[0]


def test_control_characters_in_a_name_are_escaped(tmp_path: Path, db: str) -> None:
    name = tmp_path / "bad\nsummitwatch: forged\x1b[31m.txt"
    name.write_bytes(b"")
    code, lines = invoke("ingest", str(name), "--db", db)
    result = runner.invoke(app, ["ingest", str(name), "--db", db])
    assert code == 1 and len(lines) == 1
    assert "\x1b" not in result.stderr and "forged" in lines[0] and "\\n" in lines[0]


def test_nul_and_control_characters_are_stripped_before_hashing() -> None:
    settings = Settings()
    body = "Envoys met in Hanoi. " * 600
    dirty = read_document(
        f"A title\n\n{body}\x00\x07 More\x1b talks.\n".encode(), "a.txt", settings
    )
    clean = read_document(f"A title\n\n{body} More talks.\n".encode(), "b.txt", settings)
    assert "\x00" not in dirty.text and "\x1b" not in dirty.text
    assert dirty.sha256 == clean.sha256


@pytest.mark.parametrize("target", ["folder", "empty", "unwritable"])
def test_export_out_problems_are_one_line(tmp_path: Path, db: str, note: Path, target: str) -> None:
    assert invoke("ingest", str(note), "--db", db)[0] == 0
    if target == "unwritable" and os.geteuid() == 0:
        pytest.skip("root writes everywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    out = {"folder": str(tmp_path), "empty": "", "unwritable": str(locked / "x.jsonl")}[target]
    code, lines = invoke("export", "--db", db, "--out", out)
    assert code == 1 and len(lines) == 1 and "--out" in lines[0], lines
    code, lines = invoke("brief", "--db", db, "--out", out if target != "empty" else ".")
    # exit 2 where the brief refuses the name itself (no .md/.html suffix), 1 where it cannot write
    assert code in (1, 2) and len(lines) == 1 and "--out" in lines[0], lines


def test_outputs_replace_a_link_instead_of_following_it(
    tmp_path: Path, db: str, note: Path
) -> None:
    assert invoke("ingest", str(note), "--db", db)[0] == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    for command, name in (("export", "out.jsonl"), ("brief", "brief.md")):
        out = tmp_path / name
        out.symlink_to(victim)
        code, _ = invoke(command, "--db", db, "--out", str(out))
        assert code == 0
        assert victim.read_text() == "keep me"
        assert not out.is_symlink()
        mask = os.umask(0)
        os.umask(mask)
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_internal_database_error_never_shows_sql_or_parameters() -> None:
    from sqlalchemy.exc import DataError

    from summitwatch.pipeline import describe_internal_error

    error = DataError(
        "INSERT INTO documents (text) VALUES (%(text)s)",
        {"text": "the whole article"},
        Exception("A string literal cannot contain NUL (0x00) characters."),
    )
    line = describe_internal_error(error)
    assert "\n" not in line and "NUL" in line
    assert "INSERT" not in line and "the whole article" not in line
