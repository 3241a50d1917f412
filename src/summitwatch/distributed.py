"""The journey of many documents on Dask: several cores (``ingest --workers N``, a local
cluster of processes) or several machines (``ingest --scheduler tcp://HOST:PORT``).

The steps are those of :func:`summitwatch.pipeline.ingest_one`, split where the work is:

- a worker reads and converts each input (steps 1-2) and returns its ``Document``;
- the client, in input order, skips a document stored already and links near-duplicates to
  their story, also among the documents of this batch still on the workers, so the stored
  stories are those of a local run;
- a worker runs the stages (step 3) with the ``Context`` it built once (one spaCy per
  worker process, :class:`IngestPlugin`);
- step 4, one transaction per document: on SQLite the client is the one writer (SQLite has
  one writer at a time, and workers on other machines cannot reach the file); on PostgreSQL
  each worker saves what it extracted.

Step 5, the refresh, runs once on the client after the cluster is closed
(:func:`summitwatch.pipeline.ingest_paths`). A worker lost mid-document has its inputs run
again elsewhere (the scheduler does that; ``RETRIES`` more for a task that raised), and an
input that keeps killing its worker fails alone, in one line, like any other bad input.
"""

from __future__ import annotations

import logging
import resource
import time
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from distributed import (
    Client,
    Future,
    LocalCluster,
    WorkerPlugin,
    get_task_stream,
    get_worker,
    wait,
)

from summitwatch.ingest.inputs import InputItem
from summitwatch.ingest.stories import fingerprint_document
from summitwatch.models import Document
from summitwatch.pipeline import (
    BatchReport,
    Extraction,
    Outcome,
    Pipeline,
    PipelineError,
    ProgressCallback,
    StoryRecord,
    build_pipeline,
    convert_input,
    extract_document,
    failed_outcome,
    link_document,
    save_extraction,
)
from summitwatch.settings import Settings
from summitwatch.stage import Context
from summitwatch.store.database import Store

# a task that raised (a worker that died under it is rescheduled by the scheduler itself,
# up to ``distributed.scheduler.allowed-failures`` times) runs again this many times
RETRIES = 2
# documents in flight per worker thread: enough that a worker never waits for the client
IN_FLIGHT_PER_THREAD = 3
CONNECT_SECONDS = 30
# conversions run before queued extractions (Dask runs higher priorities first)
CONVERT_PRIORITY = 1


class DaskError(Exception):
    """A cluster that cannot be started or reached: one line."""


class IngestPlugin(WorkerPlugin):
    """What a worker builds once and keeps for every document it is given: the context
    (pack, spaCy, lexicons) and, when it writes its documents itself, the store."""

    def __init__(self, name: str, settings: Settings, pipeline: Pipeline, writes: bool) -> None:
        self.name = name
        self.settings = settings
        self.pipeline = pipeline
        # the stage versions the client stores and compares (computed there, before pickling)
        self.versions = dict(pipeline.versions)
        self.writes = writes
        self.context = Context(settings)
        self.store: Store | None = None

    def setup(self, worker: Any) -> None:
        own = Pipeline(self.pipeline.stages, self.settings).versions
        if own != self.versions:
            stale = ", ".join(n for n in self.versions if own.get(n) != self.versions[n])
            raise PipelineError(
                f"worker {worker.address} runs other versions of the stages {stale} than the"
                " client (its summitwatch, lexicons or pack differ): install the same on both"
            )
        self.context = Context(self.settings)
        # loaded now, before the first document: every document then costs the same
        _ = self.context.pack, self.context.nlp
        if self.writes:
            self.store = Store(self.settings.db_url, migrate_schema=False)

    def teardown(self, worker: Any) -> None:
        if self.store is not None:
            self.store.close()


def worker_plugin(name: str) -> IngestPlugin:
    plugin = get_worker().plugins[name]
    assert isinstance(plugin, IngestPlugin)
    return plugin


def convert_on_worker(plugin_name: str, item: InputItem) -> Document | Outcome:
    """Steps 1-2 on a worker, and the fingerprint that near-duplicates are found by."""
    settings = worker_plugin(plugin_name).settings
    try:
        document = convert_input(item, settings)
        fingerprint_document(document)
        return document
    except Exception as exc:  # one input's failure must not cost the batch (as ingest_one)
        return failed_outcome(item.name, exc, settings)


def extract_on_worker(
    plugin_name: str, name: str, document: Document, story: str | None
) -> Extraction | Outcome:
    """Step 3 on a worker, and step 4 too when the worker writes (PostgreSQL)."""
    plugin = worker_plugin(plugin_name)
    try:
        extraction = extract_document(document, plugin.pipeline, plugin.context)
        if plugin.store is not None:
            return save_extraction(name, extraction, story, plugin.store)
        # the parse (spaCy's Doc) is stored nowhere and is costly to send
        return replace(extraction, analysis=replace(extraction.analysis, parse=None))
    except Exception as exc:  # one input's failure must not cost the batch (as ingest_one)
        return failed_outcome(name, exc, plugin.settings)


@dataclass
class Waiting:
    """An input on its way: its place in the batch and the task it waits for."""

    index: int
    item: InputItem
    future: Future[Any]
    story: str | None = None
    document_id: str = ""


@dataclass
class DaskBatch:
    """Steps 1-4 of a batch on a Dask cluster (a :class:`~summitwatch.pipeline.BatchRunner`).

    ``workers``: start a local cluster of that many single-threaded processes;
    ``scheduler``: use the cluster whose scheduler listens there instead.
    """

    workers: int = 2
    scheduler: str | None = None
    pipeline: Pipeline | None = None
    # for benchmarks: the figures of the last batch (not counting the cluster's start); the
    # client then keeps a record of every task, which an archive's batch does not need
    measure: bool = False
    figures: BatchFigures | None = None

    def __call__(
        self,
        items: list[InputItem],
        store: Store,
        settings: Settings,
        *,
        context: Context,
        on_outcome: ProgressCallback | None,
    ) -> BatchReport:
        pipeline = self.pipeline or build_pipeline(settings=settings)
        writes = store.engine.dialect.name == "postgresql"
        plugin = IngestPlugin(
            f"summitwatch-ingest-{uuid.uuid4().hex[:8]}", settings, pipeline, writes
        )
        with open_client(self.workers, self.scheduler) as client:
            register_plugin(client, plugin)
            try:
                run = BatchRun(client, plugin.name, store, settings, pipeline, on_outcome)
                outcomes = self.ingest_measured(run, items) if self.measure else run.ingest(items)
            finally:
                if self.scheduler:
                    client.unregister_worker_plugin(plugin.name)
        return BatchReport(outcomes)

    def ingest_measured(self, run: BatchRun, items: list[InputItem]) -> list[Outcome]:
        before = measure_cluster(run.client)
        with get_task_stream(run.client) as stream:
            outcomes = run.ingest(items)
        figures = measure_cluster(run.client).since(before)
        self.figures = replace(figures, worker_busy=busy_seconds(stream.data))
        return outcomes


@dataclass(frozen=True)
class BatchFigures:
    """Wall seconds, and CPU seconds of the client and of each worker process (by address)."""

    seconds: float
    client_cpu: float
    worker_cpu: dict[str, float]
    # seconds each worker spent running a task (busy, whether or not it got the CPU)
    worker_busy: dict[str, float] = field(default_factory=dict)

    def since(self, start: BatchFigures) -> BatchFigures:
        return BatchFigures(
            self.seconds - start.seconds,
            self.client_cpu - start.client_cpu,
            {w: cpu - start.worker_cpu.get(w, 0.0) for w, cpu in self.worker_cpu.items()},
        )


def busy_seconds(tasks: list[dict[str, Any]]) -> dict[str, float]:
    """Per worker, the seconds of the task stream's "compute" spans."""
    busy: dict[str, float] = {}
    for task in tasks:
        for span in task["startstops"]:
            if span["action"] == "compute":
                busy[task["worker"]] = busy.get(task["worker"], 0.0) + span["stop"] - span["start"]
    return busy


def measure_cluster(client: Client) -> BatchFigures:
    workers: dict[str, float] = client.run(read_cpu_seconds)
    return BatchFigures(time.perf_counter(), read_cpu_seconds(), workers)


def read_cpu_seconds() -> float:
    """CPU seconds of this process so far (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def open_client(workers: int, scheduler: str | None) -> Iterator[Client]:
    """A client of a new local cluster of ``workers`` processes, or of ``scheduler``'s."""
    where = f"scheduler {scheduler}" if scheduler else f"a local cluster of {workers} workers"
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,
            )
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        if cluster is not None:
            cluster.close()
        verb = "reach" if scheduler else "start"
        raise DaskError(f"cannot {verb} {where}: {first_line(exc)}") from exc
    try:
        try:
            client.wait_for_workers(1 if scheduler else workers, timeout=CONNECT_SECONDS)
        except TimeoutError as exc:
            raise DaskError(f"{where} has no worker after {CONNECT_SECONDS} s") from exc
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def register_plugin(client: Client, plugin: IngestPlugin) -> None:
    try:
        client.register_plugin(plugin, name=plugin.name)
    except Exception as exc:  # whatever a worker raised while loading the pack or model
        raise DaskError(f"workers cannot start the pipeline: {first_line(exc)}") from exc


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


class BatchRun:
    """One batch on the cluster: inputs are converted ahead of time, linked in input order,
    then extracted in any order; at most a few documents per worker thread are in flight."""

    def __init__(
        self,
        client: Client,
        plugin_name: str,
        store: Store,
        settings: Settings,
        pipeline: Pipeline,
        on_outcome: ProgressCallback | None,
    ) -> None:
        self.client = client
        self.plugin_name = plugin_name
        self.store = store
        self.settings = settings
        self.pipeline = pipeline
        self.on_outcome = on_outcome
        self.limit = max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
        self.converting: deque[Waiting] = deque()
        self.extracting: dict[Future[Any], Waiting] = {}
        self.in_flight: dict[str, StoryRecord] = {}
        self.outcomes: dict[int, Outcome] = {}

    def ingest(self, items: list[InputItem]) -> list[Outcome]:
        queue = deque(enumerate(items))
        while queue or self.converting or self.extracting:
            while queue and len(self.converting) + len(self.extracting) < self.limit:
                self.convert(*queue.popleft())
            head = [self.converting[0].future] if self.converting else []
            wait([*head, *self.extracting], return_when="FIRST_COMPLETED")
            while self.converting and self.converting[0].future.done():
                self.link(self.converting.popleft())
            for future in [f for f in self.extracting if f.done()]:
                self.finish(self.extracting.pop(future))
        return [self.outcomes[index] for index in range(len(items))]

    def convert(self, index: int, item: InputItem) -> None:
        """Submit steps 1-2; stdin is read here, where it is."""
        if item.kind == "stdin":
            future = self.client.submit(read_here, convert_stdin(item, self.settings), pure=False)
        else:
            # before any queued extraction: linking, in input order, waits for it
            future = self.client.submit(
                convert_on_worker,
                self.plugin_name,
                item,
                pure=False,
                retries=RETRIES,
                priority=CONVERT_PRIORITY,
            )
        self.converting.append(Waiting(index, item, future))

    def link(self, waiting: Waiting) -> None:
        """Skip a document stored already, link a copy to its story, submit step 3."""
        try:
            converted = waiting.future.result()
            if isinstance(converted, Outcome):
                self.record(waiting, converted)
                return
            if self.store.is_current(converted, self.pipeline):
                self.record(
                    waiting, Outcome(waiting.item.name, "present", document_id=converted.id)
                )
                return
            waiting.story = link_document(converted, self.store, self.in_flight.values())
        except Exception as exc:  # one input's failure must not cost the batch (as ingest_one)
            self.record(waiting, failed_outcome(waiting.item.name, exc, self.settings))
            return
        waiting.document_id = converted.id
        self.in_flight[converted.id] = (converted.id, converted.story, converted.fingerprint)
        waiting.future = self.client.submit(
            extract_on_worker,
            self.plugin_name,
            waiting.item.name,
            converted,
            waiting.story,
            pure=False,
            retries=RETRIES,
        )
        self.extracting[waiting.future] = waiting

    def finish(self, waiting: Waiting) -> None:
        """Step 4 here when the workers do not write; the input's outcome either way."""
        try:
            result = waiting.future.result()
            if isinstance(result, Extraction):
                result = save_extraction(waiting.item.name, result, waiting.story, self.store)
        except Exception as exc:  # one input's failure must not cost the batch (as ingest_one)
            result = failed_outcome(waiting.item.name, exc, self.settings)
        self.in_flight.pop(waiting.document_id, None)
        self.record(waiting, result)

    def record(self, waiting: Waiting, outcome: Outcome) -> None:
        self.outcomes[waiting.index] = outcome
        if self.on_outcome:
            self.on_outcome(outcome)


def convert_stdin(item: InputItem, settings: Settings) -> Document | Outcome:
    try:
        return convert_input(item, settings)
    except Exception as exc:  # one input's failure must not cost the batch (as ingest_one)
        return failed_outcome(item.name, exc, settings)


def read_here(converted: Document | Outcome) -> Document | Outcome:
    """A conversion done on the client, as a task so that it queues with the others."""
    return converted
