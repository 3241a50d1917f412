"""Two ingests at once, and a refresh that fails: the store stays whole and usable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from summitwatch.analyze import refresh
from summitwatch.pipeline import ingest_paths, refresh_store
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store
from tests.ingest.test_batch import count_documents, run_cli, write_corpus


def start_ingest(folder: Path, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "summitwatch", "ingest", str(folder), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def split_corpus(tmp_path: Path, overlap: bool) -> tuple[Path, Path, int]:
    """Two folders of notes; with ``overlap`` they share half their documents."""
    every = tmp_path / "every"
    write_corpus(every, 12)
    notes = sorted(every.iterdir())
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    second_notes = notes[3:9] if overlap else notes[6:]
    for note in notes[:6]:
        (first / note.name).write_bytes(note.read_bytes())
    for note in second_notes:
        (second / note.name).write_bytes(note.read_bytes())
    return first, second, len({n.name for n in (*notes[:6], *second_notes)})


@pytest.mark.parametrize("migrated", [False, True], ids=["fresh", "migrated"])
@pytest.mark.parametrize("overlap", [True, False], ids=["overlapping", "disjoint"])
def test_two_concurrent_ingests_store_every_document_once(
    tmp_path: Path, store_url: str, migrated: bool, overlap: bool
) -> None:
    if migrated:
        Store(store_url).close()
    first, second, expected = split_corpus(tmp_path, overlap)
    processes = [start_ingest(first, store_url), start_ingest(second, store_url)]
    results = [p.communicate(timeout=600) for p in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert "failed" not in err.replace(" 0 failed", ""), err
    assert count_documents(store_url) == (expected, 0)
    summaries = [next(ln for ln in err.splitlines() if " stored, " in ln) for _, err in results]
    stored = sum(int(line.split(" stored")[0]) for line in summaries)
    assert stored == expected  # a document stored by the other process is "already present"


def make_note(folder: Path, name: str, city: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"Talks in {city}\n\nEnvoys met in {city} on March 3, 2019, for talks.\n")
    return path


def test_failed_refresh_keeps_documents_and_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")

    def broken(store: Store, context: object) -> None:
        raise OperationalError("UPDATE actors", {}, Exception("disk I/O error"))

    monkeypatch.setattr("summitwatch.store.database.RETRY_PAUSE", 0)
    monkeypatch.setattr(refresh, "REFRESH_STEPS", (("actors", broken),))
    report = ingest_paths([str(make_note(tmp_path / "in", "a.txt", "Hanoi"))], settings)
    assert report.count("stored") == 1
    assert not report.ok
    assert report.refresh_error is not None
    assert "'actors'" in report.refresh_error and "\n" not in report.refresh_error
    assert "UPDATE" not in report.refresh_error  # never the SQL
    monkeypatch.undo()
    # the database is usable: the next ingest stores and refreshes, `refresh` runs clean
    again = ingest_paths([str(make_note(tmp_path / "in", "b.txt", "Oslo"))], settings)
    assert again.ok and again.count("stored") == 1
    assert refresh_store(settings) is None
    with Store(settings.db_url) as store:
        assert store.count(schema.documents) == 2
        assert store.count(schema.actors) > 0


def test_failed_refresh_is_one_line_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    note = make_note(tmp_path / "in", "a.txt", "Hanoi")
    assert run_cli("ingest", str(note), "--db", f"sqlite:///{db}").returncode == 0
    script = (
        "import sys; from sqlalchemy.exc import OperationalError\n"
        "from summitwatch.analyze import refresh\n"
        "def broken(store, context): raise OperationalError('SELECT 1', {}, Exception('boom'))\n"
        "refresh.REFRESH_STEPS = (('ledger', broken),)\n"
        "import summitwatch.store.database as d; d.RETRY_PAUSE = 0\n"
        "from summitwatch.present.cli import app\n"
        "app(sys.argv[1:])\n"
    )
    other = make_note(tmp_path / "in", "b.txt", "Oslo")
    result = subprocess.run(
        [sys.executable, "-c", script, "ingest", str(other), "--db", f"sqlite:///{db}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "refresh step" in line]
    assert len(lines) == 1 and "'ledger'" in lines[0], result.stderr
    fixed = run_cli("refresh", "--db", f"sqlite:///{db}")
    assert fixed.returncode == 0, fixed.stderr
    assert count_documents(f"sqlite:///{db}") == (2, 0)


def test_reingest_with_another_date_or_notes_updates_the_document(tmp_path: Path) -> None:
    from summitwatch.models import Document

    db = f"sqlite:///{tmp_path / 'store.db'}"
    note = make_note(tmp_path / "in", "a.txt", "Hanoi")
    assert run_cli("ingest", str(note), "--db", db, "--date", "2019-03-04").returncode == 0
    again = run_cli("ingest", str(note), "--db", db, "--date", "2019-03-05")
    assert again.returncode == 0, again.stderr
    assert "1 updated" in again.stderr
    with Store(db) as store:
        (document,) = store.load_documents()
        assert isinstance(document, Document)
        assert document.published is not None and document.published.isoformat() == "2019-03-05"
    same = run_cli("ingest", str(note), "--db", db, "--date", "2019-03-05")
    assert "0 stored, 1 already present" in same.stderr


def test_nfd_text_and_doubled_spaces_are_the_same_document(tmp_path: Path) -> None:
    import unicodedata

    folder = tmp_path / "in"
    folder.mkdir()
    text = "Caf\u00e9 talks in Hanoi\n\nEnvoys met at a caf\u00e9 in Hanoi on March 3, 2019.\n"
    (folder / "a.txt").write_text(text)
    (folder / "b.txt").write_text(unicodedata.normalize("NFD", text).replace(" talks", "  talks"))
    result = run_cli("ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'store.db'}")
    assert "1 stored, 1 already present, 0 failed" in result.stderr, result.stderr
