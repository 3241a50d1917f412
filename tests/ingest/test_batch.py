"""Batch ingest through the CLI: bad inputs, idempotence, kill -9 midway and rerun."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from summitwatch.store import schema

BODY = (
    "Envoys from {a} and {b} met in {city} on {month} {day}, 2019, to discuss a freeze. "
    "The talks lasted {hours} hours and ended without a joint statement.\n\n"
    "Officials said a further round is likely before the end of the year, "
    "though analysts doubted it."
)
CITIES = ["Stockholm", "Hanoi", "Singapore", "Geneva", "Vienna", "Oslo", "Helsinki"]
MONTHS = ["March", "April", "May", "June", "July", "August", "September"]


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = BODY.format(
            a=f"Delegation {i}",
            b=f"Committee {i * 7 % 13}",
            city=CITIES[i % len(CITIES)],
            month=MONTHS[i % len(MONTHS)],
            day=1 + i % 27,
            hours=2 + i % 9,
        )
        (folder / f"note-{i:03d}.txt").write_text(f"Round {i} of the talks\n\n{text}\n")


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summitwatch", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


def count_documents(url: str) -> tuple[int, int]:
    """Stored documents, and how many of them lack any stage's rows (half-written)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            documents = connection.execute(
                select(func.count()).select_from(schema.documents)
            ).scalar_one()
            runs = dict(
                connection.execute(
                    select(schema.stage_runs.c.document_id, func.count()).group_by(
                        schema.stage_runs.c.document_id
                    )
                ).all()
            )
    finally:
        engine.dispose()
    complete = max(runs.values(), default=0)
    partial = documents - sum(1 for n in runs.values() if n == complete)
    return documents, partial


def test_bad_inputs_each_get_one_line_and_the_rest_is_stored(
    tmp_path: Path, store_url: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A title\n\nThe two leaders met in Singapore on June 12, 2018.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage that is not a PDF")
    (tmp_path / "empty-folder").mkdir()
    paths = [
        str(good),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "broken.pdf"),
        str(tmp_path / "missing.txt"),
        str(tmp_path / "empty-folder"),
    ]
    result = run_cli("ingest", *paths, "--db", store_url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("summitwatch: ")]
    assert len(errors) == 5, result.stderr
    for name in ("empty.txt", "binary.txt", "broken.pdf", "missing.txt", "empty-folder"):
        assert sum(name in line for line in errors) == 1
    assert "1 stored, 0 already present, 5 failed" in result.stderr
    assert count_documents(store_url) == (1, 0)


def test_same_content_twice_is_one_document(tmp_path: Path, store_url: str) -> None:
    text = "Same title\n\nThe envoy arrived in Pyongyang on Monday.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text)
    first = run_cli("ingest", str(tmp_path / "a.txt"), "--db", store_url)
    second = run_cli("ingest", str(tmp_path), "--db", store_url)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "0 stored, 2 already present, 0 failed" in second.stderr
    assert count_documents(store_url) == (1, 0)


def test_stdin_is_an_input(store_url: str) -> None:
    text = b"From stdin\n\nThe foreign ministers spoke by phone on 3 May 2019.\n"
    result = run_cli("ingest", "-", "--db", store_url, "--date", "2019-05-04", stdin=text)
    assert result.returncode == 0, result.stderr
    assert count_documents(store_url) == (1, 0)


@pytest.mark.slow
def test_kill_midway_leaves_only_complete_documents_and_rerun_completes(
    tmp_path: Path, store_url: str
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 150)
    process = subprocess.Popen(
        [sys.executable, "-m", "summitwatch", "ingest", str(corpus), "--db", store_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            stored, _ = count_documents(store_url)
        except Exception:  # the schema may not exist yet
            stored = 0
        if stored >= 5:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    documents, partial = count_documents(store_url)
    assert 5 <= documents < 150, "the batch must be killed midway for this test to mean anything"
    assert partial == 0
    rerun = run_cli("ingest", str(corpus), "--db", store_url)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{150 - documents} stored, {documents} already present, 0 failed" in rerun.stderr
    assert count_documents(store_url) == (150, 0)
