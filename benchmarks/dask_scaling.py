"""Ingest on Dask: documents per second with 1 and 2 workers, and the efficiency.

    .venv/bin/python benchmarks/dask_scaling.py [--rounds N] [--workers 1,2] [--html N]
        [--db postgresql+psycopg://HOST/DATABASE] [--no-local]

The corpus is the real news pages of ``../shared/data/realnews/dev-a`` and ``dev-b`` (read
from there), ``examples/corpus`` and the first ``--html N`` pages of
``../shared/data/html-extraction`` (gunzipped into a temporary folder, gone afterwards). Each
run ingests the whole corpus into an empty store (a new SQLite file, or the PostgreSQL
database ``--db`` emptied first) on a new local cluster; runs alternate between the worker
counts, so a change of the machine's load hits every count alike. Only steps 1-4 are timed:
not the cluster's start, the workers' loading of spaCy and the pack (once per worker), nor
the refresh that follows once.

Figures per run: documents per wall second, the CPU seconds the workers and the client
spent, and each worker's CPU share (its CPU seconds over the wall seconds: 1.0 is a core of
its own). On a shared machine the wall figures say how much the others left; the CPU
figures say whether a document costs more CPU on two workers than on one (it should not),
and ``cpu-bound efficiency`` is what the wall efficiency would be if each worker had a core
of its own: the 2-worker rate divided by twice the 1-worker rate, each rate taken per second
of the busiest worker's CPU. ``uptime`` before and after says how loaded the machine was.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from summitwatch.distributed import DaskBatch
from summitwatch.ingest.inputs import SUPPORTED_SUFFIXES
from summitwatch.pipeline import BatchReport, ingest_items, ingest_paths
from summitwatch.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = [
    SHARED / "data" / "realnews" / "dev-a",
    SHARED / "data" / "realnews" / "dev-b",
    REPO / "examples" / "corpus",
]


@dataclass(frozen=True)
class Run:
    workers: int
    documents: int
    seconds: float
    worker_cpu: list[float]
    client_cpu: float
    busy: float = 1.0  # share of the batch the least busy worker was running a task

    @property
    def rate(self) -> float:
        return self.documents / self.seconds

    @property
    def cpu_bound_rate(self) -> float:
        """Documents per second if every worker had a core: the busiest worker sets it."""
        return self.documents / max(self.worker_cpu)

    def line(self) -> str:
        if self.workers == 0:
            return (
                f"no Dask:     {self.documents} docs in {self.seconds:6.1f} s = "
                f"{self.rate:5.2f} docs/s; CPU {self.worker_cpu[0]:6.1f} s "
                f"(share of a core: {self.worker_cpu[0] / self.seconds:.2f})"
            )
        shares = " ".join(f"{cpu / self.seconds:.2f}" for cpu in self.worker_cpu)
        return (
            f"{self.workers} worker(s): {self.documents} docs in {self.seconds:6.1f} s = "
            f"{self.rate:5.2f} docs/s; worker CPU {sum(self.worker_cpu):6.1f} s "
            f"(share of a core each: {shares}); client CPU {self.client_cpu:5.1f} s; "
            f"workers in a task {self.busy:.0%} of the time"
        )


def unpack_pages(count: int, folder: Path) -> list[str]:
    """The first ``count`` pages of the HTML extraction set, as .html files in ``folder``."""
    pages = sorted((SHARED / "data" / "html-extraction" / "html").glob("*.html.gz"))[:count]
    paths = []
    for page in pages:
        path = folder / page.name.removesuffix(".gz")
        path.write_bytes(gzip.decompress(page.read_bytes()))
        paths.append(str(path))
    return paths


def corpus_paths() -> list[str]:
    """The documents of the corpus folders (not their README, gold or manifest files)."""
    missing = [str(c) for c in CORPORA if not c.is_dir()]
    if missing:
        raise SystemExit(f"corpus folder missing: {', '.join(missing)}")
    return [
        str(p)
        for c in CORPORA
        for p in sorted(c.iterdir())
        if p.suffix in SUPPORTED_SUFFIXES and p.name != "README.md"
    ]


def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def run_once(workers: int, paths: list[str], db: str | None) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        url = db or f"sqlite:///{Path(folder) / 'store.db'}"
        if db:
            empty_postgres(db)
        runner = DaskBatch(workers=workers, measure=True)
        report = ingest_paths(paths, Settings(db_url=url), run_batch=runner)
    if not report.ok or runner.figures is None:
        problems = "; ".join(f"{o.name}: {o.reason}" for o in report.problems[:3])
        raise SystemExit(f"the ingest did not store every document: {problems}")
    figures = runner.figures
    return Run(
        workers,
        len(report.outcomes),
        figures.seconds,
        sorted(figures.worker_cpu.values(), reverse=True),
        figures.client_cpu,
        min(figures.worker_busy.values(), default=0.0) / figures.seconds,
    )


def run_local(paths: list[str], db: str | None) -> Run:
    """The same batch in this process, without Dask: what one worker is measured against."""
    figures: list[float] = []

    def timed(*args: Any, **kwargs: Any) -> BatchReport:
        start, cpu = time.perf_counter(), time.process_time()
        report = ingest_items(*args, **kwargs)
        figures.extend([time.perf_counter() - start, time.process_time() - cpu])
        return report

    with tempfile.TemporaryDirectory() as folder:
        url = db or f"sqlite:///{Path(folder) / 'store.db'}"
        if db:
            empty_postgres(db)
        report = ingest_paths(paths, Settings(db_url=url), run_batch=timed)
    return Run(0, len(report.outcomes), figures[0], [figures[1]], 0.0)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="runs of each worker count")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--db", help="a PostgreSQL database to use (emptied before each run)")
    parser.add_argument("--html", type=int, default=60, help="pages of html-extraction to add")
    parser.add_argument("--no-local", action="store_true", help="skip the run without Dask")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as pages:
        measure(counts, [*corpus_paths(), *unpack_pages(args.html, Path(pages))], args)


def measure(counts: list[int], paths: list[str], args: argparse.Namespace) -> None:
    print(f"machine: {os.cpu_count()} cores; before: {uptime()}")
    runs: dict[int, list[Run]] = {n: [] for n in counts}
    for round_ in range(args.rounds):
        for workers in counts if round_ % 2 == 0 else reversed(counts):
            run = run_once(workers, paths, args.db)
            runs[workers].append(run)
            print(run.line(), flush=True)
    if not args.no_local:
        print(run_local(paths, args.db).line())
    print(f"after: {uptime()}")
    rates = {n: statistics.median(r.rate for r in runs[n]) for n in counts}
    bound = {n: statistics.median(r.cpu_bound_rate for r in runs[n]) for n in counts}
    for n in counts:
        print(f"{n} worker(s): median {rates[n]:.2f} docs/s wall, {bound[n]:.2f} docs/s cpu-bound")
    one = counts[0]
    for n in counts[1:]:
        wall = rates[n] / (rates[one] * n / one)
        cpu = bound[n] / (bound[one] * n / one)
        print(
            f"{one} -> {n} workers: speed-up {rates[n] / rates[one]:.2f}x, "
            f"efficiency {wall:.0%} wall, {cpu:.0%} cpu-bound (goal: 80 %)"
        )


if __name__ == "__main__":
    sys.exit(main())
