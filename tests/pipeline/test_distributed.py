"""Ingest on a Dask cluster: what it stores and reports is what a local run stores and
reports; a failure, a stage past its budget and a lost worker cost one input at most."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from summitwatch.pipeline import Pipeline, ingest_paths
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store
from tests.conftest import REPO
from tests.ingest.test_batch import count_documents, run_cli, write_corpus
from tests.pipeline import dask_stages

pytest.importorskip("distributed")

from summitwatch.distributed import DaskBatch

EXAMPLES = REPO / "examples" / "corpus"
# a text, an HTML page and a PDF: each converter runs on a worker
SMALL_CORPUS = (
    "2018-05-14_park_singapore-odds.txt",
    "2019-07-01_lim_panmunjom.html",
    "2019-10-21_sorensen_stockholm.pdf",
    "2025-11-04_lim_no-meeting.html",
)


def export_records(url: str) -> list[dict[str, Any]]:
    """Every exported record, without the fields that record when something ran."""
    result = run_cli("export", "--db", url)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return [{k: v for k, v in r.items() if not k.endswith("_at")} for r in records]


def empty_store(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink()
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("summitwatch: ")]


# the text copy of the PDF: on two workers both are in flight at once, yet one story
STOCKHOLM_TEXT = REPO / "examples" / "sources" / "2019-10-21_sorensen_stockholm.txt"


def test_two_workers_store_the_records_of_a_local_run(store_url: str) -> None:
    paths = [*(str(EXAMPLES / name) for name in SMALL_CORPUS), str(STOCKHOLM_TEXT)]
    local = run_cli("ingest", *paths, "--db", store_url)
    assert local.returncode == 0, local.stderr
    expected = export_records(store_url)
    assert {r["kind"] for r in expected} >= {"document", "event", "quote", "forecast"}
    empty_store(store_url)
    spread = run_cli("ingest", *paths, "--db", store_url, "--workers", "2")
    assert spread.returncode == 0, spread.stderr
    assert "Traceback" not in spread.stderr
    assert spread.stderr == local.stderr
    assert "1 near-duplicate copy linked to a story already stored" in spread.stderr
    assert export_records(store_url) == expected


def test_a_failing_input_on_a_worker_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage that is not a PDF")
    paths = [
        str(EXAMPLES / SMALL_CORPUS[0]),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "broken.pdf"),
        str(EXAMPLES / SMALL_CORPUS[3]),
    ]
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    spread_url = f"sqlite:///{tmp_path / 'spread.db'}"
    local = run_cli("ingest", *paths, "--db", local_url)
    spread = run_cli("ingest", *paths, "--db", spread_url, "--workers", "2")
    assert spread.returncode == local.returncode == 1
    assert "Traceback" not in spread.stderr
    errors = problem_lines(spread.stderr)
    assert len(errors) == 2, spread.stderr
    assert "empty.txt" in errors[0] and "broken.pdf" in errors[1]
    assert errors == problem_lines(local.stderr)
    assert "2 stored, 0 already present, 2 failed" in spread.stderr
    assert count_documents(spread_url) == (2, 0)


def write_note(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(f"{name}\n\nIn 2019 the envoys met. {body}\n")
    return str(path)


def test_a_bug_a_stuck_stage_and_a_lost_worker_each_cost_one_input_at_most(
    tmp_path: Path,
) -> None:
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'store.db'}", spacy_model="", document_seconds=2
    )
    pipeline = Pipeline((dask_stages.TIMEX, dask_stages.EVENTS), settings)
    paths = [
        write_note(tmp_path, "bug.txt", "A bug in the talks."),
        write_note(tmp_path, "loop.txt", "A loop of talks."),
        write_note(tmp_path, "crash.txt", "A crash of the talks."),
        write_note(tmp_path, "fine.txt", "Fine talks."),
    ]
    runner = DaskBatch(workers=2, pipeline=pipeline)
    report = ingest_paths(paths, settings, run_batch=runner)
    statuses = {Path(o.name).name: o.status for o in report.outcomes}
    assert statuses == {
        "bug.txt": "failed",
        "loop.txt": "partial",  # the thread deadline stopped it on the worker
        "crash.txt": "stored",  # run again after its worker died
        "fine.txt": "stored",
    }
    bug, loop = report.outcomes[0], report.outcomes[1]
    assert bug.reason == "internal error: RuntimeError: stage bug on this text"
    assert (loop.reason or "").startswith("events stage exceeded the 2 s budget")
    assert (tmp_path / "crash.txt.crashed").exists()
    with Store(settings.db_url) as store:
        assert store.count(schema.documents) == 3
        assert store.count(schema.timexes) == 3


@pytest.mark.slow
def test_kill_of_the_client_leaves_complete_documents_and_no_worker(
    tmp_path: Path, store_url: str
) -> None:
    import psutil

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 150)
    command = [sys.executable, "-m", "summitwatch", "ingest", str(corpus), "--db", store_url]
    process = subprocess.Popen(
        [*command, "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    stored = 0
    while time.monotonic() < deadline and process.poll() is None and stored < 5:
        try:
            stored, _ = count_documents(store_url)
        except Exception:  # the schema may not exist yet
            stored = 0
        time.sleep(0.05)
    children = psutil.Process(process.pid).children(recursive=True)
    os.kill(process.pid, signal.SIGKILL)  # the client alone: its workers are orphaned
    process.wait()
    _, alive = psutil.wait_procs(children, timeout=60)
    for orphan in alive:
        orphan.kill()
    assert not alive, "the workers must stop when their client dies"
    documents, partial = count_documents(store_url)
    assert 5 <= documents < 150, "the batch must be killed midway for this test to mean anything"
    assert partial == 0
    rerun = run_cli("ingest", str(corpus), "--db", store_url, "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{150 - documents} stored, {documents} already present, 0 failed" in rerun.stderr
    assert count_documents(store_url) == (150, 0)


def test_scheduler_option_uses_a_running_cluster(tmp_path: Path) -> None:
    from distributed import LocalCluster

    url = f"sqlite:///{tmp_path / 'store.db'}"
    paths = [str(EXAMPLES / SMALL_CORPUS[0]), str(tmp_path / "missing.txt")]
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        first = run_cli("ingest", *paths, "--db", url, "--scheduler", cluster.scheduler_address)
        again = run_cli("ingest", paths[0], "--db", url, "--scheduler", cluster.scheduler_address)
    assert first.returncode == 1
    assert problem_lines(first.stderr) == [f"summitwatch: {paths[1]}: no such file or folder"]
    assert "1 stored, 0 already present, 1 failed" in first.stderr
    assert again.returncode == 0, again.stderr
    assert "0 stored, 1 already present, 0 failed" in again.stderr


def test_unreachable_scheduler_is_one_line() -> None:
    result = run_cli("ingest", str(EXAMPLES), "--scheduler", "tcp://")
    assert result.returncode == 1
    assert result.stderr.startswith("summitwatch: cannot reach scheduler tcp://: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_worker_whose_stages_differ_from_the_clients_refuses_to_start(tmp_path: Path) -> None:
    from summitwatch.distributed import IngestPlugin
    from summitwatch.pipeline import PipelineError

    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}", spacy_model="")
    pipeline = Pipeline((dask_stages.TIMEX, dask_stages.EVENTS), settings)
    plugin = IngestPlugin("test", settings, pipeline, writes=False)
    plugin.versions["events"] = "0"  # as if the client had another lexicon or release

    class Worker:
        address = "tcp://127.0.0.2:1234"

    with pytest.raises(PipelineError, match=r"worker tcp://127\.0\.0\.2:1234 runs other versions"):
        plugin.setup(Worker())
