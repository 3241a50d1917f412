"""The journey of a document, end to end: the only module that sees every layer.

One input goes through five numbered steps (:func:`ingest_one`):

1. read the input (a file, a URL or stdin) into bytes: ``ingest/inputs.py``;
2. convert the bytes to a :class:`~summitwatch.models.Document`: ``ingest/document.py``;
3. run the extraction stages over it (``extract/stages.py`` lists them, ``stage.py`` is their
   contract);
4. save the document and every stage's rows in one transaction: ``store/database.py``;

and, once per batch, 5. refresh what spans documents (actors, the ledger): ``analyze/refresh.py``.

Nothing else imports ingest, the built-in stage list, the store and the analysis together;
an outside stage is added by passing it to :func:`build_pipeline`.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from types import FrameType
from typing import Any, Protocol

from summitwatch.analyze.refresh import Changes, RefreshError, refresh_after_ingest
from summitwatch.extract.stages import BUILTIN_STAGES
from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.inputs import InputItem, expand_inputs, read_input
from summitwatch.ingest.stories import link_story
from summitwatch.models import Analysis, Document
from summitwatch.settings import Settings
from summitwatch.stage import Context, PipelineError, Stage, StageFunction, check_order
from summitwatch.store.database import SQLAlchemyError, Store, describe_error

__all__ = [
    "Analysis",
    "BatchReport",
    "BatchRunner",
    "Context",
    "Extraction",
    "Outcome",
    "Pipeline",
    "PipelineError",
    "RefreshError",
    "Stage",
    "StageFunction",
    "build_pipeline",
    "builtin_stages",
    "check_order",
    "convert_input",
    "extract_document",
    "failed_outcome",
    "ingest_items",
    "ingest_one",
    "ingest_paths",
    "link_document",
    "refresh_analyses",
    "refresh_store",
    "reprocess",
    "reprocess_one",
    "save_extraction",
]


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...]
    settings: Settings = field(default_factory=Settings, compare=False)

    def run(self, document: Document, context: Context) -> Analysis:
        analysis = Analysis(document=document)
        for stage in self.stages:
            stage.run(analysis, context)
        return analysis

    def run_within(self, document: Document, context: Context) -> tuple[Analysis, Pipeline, str]:
        """Run the stages within ``settings.document_seconds``.

        Returns the analysis, the plan of the stages that finished (what may be stored), and
        the one-line problem ("" when every stage finished in time).
        """
        analysis = Analysis(document=document)
        budget = self.settings.document_seconds
        deadline = time.monotonic() + budget if budget > 0 else None
        for done, stage in enumerate(self.stages):
            remaining = None if deadline is None else deadline - time.monotonic()
            try:
                with stage_deadline(remaining, stage.name):
                    stage.run(analysis, context)
            except StageTimeout:
                finished = Pipeline(self.stages[:done], self.settings)
                skipped = ", ".join(s.name for s in self.stages[done:])
                return (
                    analysis,
                    finished,
                    f"{stage.name} stage exceeded the {budget:g} s budget for one document; "
                    f"stored without {skipped}",
                )
        return analysis, self, ""

    @cached_property
    def versions(self) -> dict[str, str]:
        """The version stored for each stage: declared, plus a digest of what it reads."""
        return {stage.name: stage.stored_version(self.settings) for stage in self.stages}


class StageTimeout(Exception):
    """The document's time budget ran out while this stage ran."""


@contextmanager
def stage_deadline(seconds: float | None, stage: str) -> Iterator[None]:
    """Interrupt the stage when ``seconds`` pass (None: no limit).

    A SIGALRM timer rather than a deadline the stages check: the slow paths are inside
    spaCy, regular expressions and third-party code that cannot be made to check a clock,
    while Python delivers the signal between bytecodes (and ``re`` checks for signals
    during a long match). Only the main thread receives signals: elsewhere (a Dask worker's
    or a web server's thread) :func:`thread_deadline` stands in for the signal.
    """
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise StageTimeout(stage)
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        with thread_deadline(seconds):
            yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise StageTimeout(stage)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def thread_deadline(seconds: float) -> Iterator[None]:
    """The deadline of a thread no signal reaches: a timer thread raises StageTimeout in
    this one (``PyThreadState_SetAsyncExc``). Like the signal it lands between bytecodes;
    unlike it, a single C call that never returns to Python (one long regex match) runs to
    its end first. An exception raised but not yet delivered when the stage ends is
    withdrawn, so it never surfaces in the code that runs next."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                set_async_exception(target, StageTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["armed"] = False
            if state["fired"]:
                set_async_exception(target, None)
        timer.cancel()


def set_async_exception(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in the thread ``thread_id`` at its next bytecode (None: withdraw
    the one pending)."""
    argument = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), argument)


def builtin_stages() -> list[Stage]:
    """The stages summitwatch ships, in the order they run."""
    return list(BUILTIN_STAGES)


def build_pipeline(extra: Sequence[Stage] = (), settings: Settings | None = None) -> Pipeline:
    stages = [*builtin_stages(), *extra]
    check_order(stages)
    return Pipeline(tuple(stages), settings or Settings())


# -- a batch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    name: str
    # "stored", "present", "updated", "partial" (stored without the stages past the time
    # budget) or "failed"
    status: str
    reason: str | None = None
    document_id: str | None = None
    undated: bool = False  # stored without a publication date
    story: str | None = None  # the stored story this input is a near-duplicate copy of


@dataclass
class BatchReport:
    outcomes: list[Outcome] = field(default_factory=list)
    # the one line of a refresh step that failed after the documents were stored
    refresh_error: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def problems(self) -> list[Outcome]:
        """The outcomes worth a line: failures and documents stored without some stages."""
        return [o for o in self.outcomes if o.status in ("failed", "partial")]

    @property
    def ok(self) -> bool:
        return not self.problems and self.refresh_error is None

    def summary(self) -> str:
        stored = self.count("stored") + self.count("updated") + self.count("partial")
        first = (
            f"{stored} stored, {self.count('present')} already present, {len(self.failed)} failed"
        )
        updated = self.count("updated")
        if updated:
            first += f" ({updated} updated: stored before with another date, notes or analysis)"
        lines = [first]
        undated = sum(1 for o in self.outcomes if o.undated)
        if undated:
            lines.append(
                f"{undated} document{'s have' if undated > 1 else ' has'} no publication date:"
                " relative dates left unresolved; give --date"
            )
        copies = sum(1 for o in self.outcomes if o.story)
        if copies:
            lines.append(
                f"{copies} near-duplicate cop{'ies' if copies > 1 else 'y'} linked to a story"
                " already stored (counted once)"
            )
        return "\n".join(lines)


ProgressCallback = Callable[[Outcome], None]
# (document id, story, fingerprint record) of a document, as ``link_document`` compares them
StoryRecord = tuple[str, str | None, Any]


class BatchRunner(Protocol):
    """Steps 1-4 over a batch's inputs: :func:`ingest_items`, or one that spreads them over
    several processes or machines (``distributed.py``)."""

    def __call__(
        self,
        items: list[InputItem],
        store: Store,
        settings: Settings,
        *,
        context: Context,
        on_outcome: ProgressCallback | None,
    ) -> BatchReport: ...


def ingest_one(
    item: InputItem, store: Store, settings: Settings, pipeline: Pipeline, context: Context
) -> Outcome:
    """One input's journey; a failure is one outcome with its reason, never an exception."""
    try:
        # 1. read the input and 2. convert it to a document
        document = convert_input(item, settings)
        if store.is_current(document, pipeline):
            return Outcome(item.name, "present", document_id=document.id)
        story = link_document(document, store)
        # 3. run the stages, within the document's time budget
        extraction = extract_document(document, pipeline, context)
        # 4. save the document and its rows in one transaction
        return save_extraction(item.name, extraction, story, store)
    except Exception as exc:  # a bug in one stage must not cost the rest of the batch
        return failed_outcome(item.name, exc, settings)


@dataclass(frozen=True)
class Extraction:
    """Step 3's result: the analysis, the plan of the stages that finished in time (what
    may be stored) and the one-line problem ("" when every stage finished)."""

    analysis: Analysis
    finished: Pipeline
    problem: str = ""


def link_document(
    document: Document, store: Store, in_flight: Iterable[StoryRecord] = ()
) -> str | None:
    """A near-duplicate of a stored document, or of one ``in_flight`` (linked by this batch
    and about to be stored), joins its story; returns that story (None: its own)."""
    stored = store.story_fingerprints(excluding=document.id)
    stored.extend(record for record in in_flight if record[0] != document.id)
    return link_story(document, stored)


def convert_input(item: InputItem, settings: Settings) -> Document:
    """Steps 1 and 2: read the input and convert it to a document (raises IngestError)."""
    data, content_type = read_input(item, settings)
    return read_document(data, item.name, settings, content_type)


def extract_document(document: Document, pipeline: Pipeline, context: Context) -> Extraction:
    """Step 3: run the stages over the document within its time budget."""
    return Extraction(*pipeline.run_within(document, context))


def save_extraction(name: str, extraction: Extraction, story: str | None, store: Store) -> Outcome:
    """Step 4: the document and its rows in one transaction; ``story`` is the stored story
    the document was linked to as a near-duplicate copy (None: its own)."""
    document = extraction.analysis.document
    result = store.save_analysis(extraction.analysis, extraction.finished)
    status = "partial" if extraction.problem else result.status
    undated = document.published is None
    return Outcome(name, status, extraction.problem or None, result.document_id, undated, story)


def failed_outcome(name: str, exc: Exception, settings: Settings) -> Outcome:
    """The outcome of an input whose journey raised ``exc`` (re-raised under ``--debug``
    unless it is bad input)."""
    if isinstance(exc, IngestError):
        return Outcome(name, "failed", str(exc))
    if settings.debug:
        raise exc
    return Outcome(name, "failed", describe_internal_error(exc))


def describe_internal_error(exc: Exception) -> str:
    """One line for an unexpected failure; a database error never shows its SQL or data."""
    if isinstance(exc, SQLAlchemyError):
        return f"internal error: database: {describe_error(exc)}"
    lines = str(exc).strip().splitlines()
    if not lines:
        return f"internal error: {type(exc).__name__}"
    return f"internal error: {type(exc).__name__}: {lines[0][:200]}"


def ingest_items(
    items: Iterable[InputItem],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    context: Context | None = None,
    on_outcome: ProgressCallback | None = None,
) -> BatchReport:
    """Steps 1-4 for each input, each document in its own transaction (a kill loses none)."""
    pipeline = pipeline or build_pipeline(settings=settings)
    context = context or Context(settings)
    report = BatchReport()
    for item in items:
        outcome = ingest_one(item, store, settings, pipeline, context)
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return report


def refresh_analyses(store: Store, context: Context, changes: Changes | None = None) -> str | None:
    """5. bring what depends on the whole store (actors, the ledger) up to date; with
    ``changes`` (documents only added), only what they touch.

    Returns the one line of a step that failed (the documents stay stored), else None.
    """
    try:
        refresh_after_ingest(store, context, changes=changes)
    except RefreshError as exc:
        return str(exc)
    return None


def batch_changes(report: BatchReport) -> Changes | None:
    """The documents a batch added, or None when it changed stored ones (a full refresh)."""
    statuses = {o.status for o in report.outcomes}
    if statuses & {"updated", "partial"}:
        return None
    return Changes(
        tuple(o.document_id for o in report.outcomes if o.status == "stored" and o.document_id)
    )


def refresh_store(settings: Settings) -> str | None:
    """``summitwatch refresh``: step 5 alone, e.g. after a refresh step failed."""
    context = Context(settings)
    _ = context.pack
    with Store(settings.db_url) as store:
        return refresh_analyses(store, context)


def ingest_paths(
    paths: Sequence[str],
    settings: Settings,
    on_outcome: ProgressCallback | None = None,
    *,
    on_start: Callable[[int], None] | None = None,
    run_batch: BatchRunner = ingest_items,
) -> BatchReport:
    """Ingest everything ``paths`` names into the store at ``settings.db_url``.

    Raises :class:`~summitwatch.packs.pack.PackError` for a broken pack before any document
    is read, and :class:`~summitwatch.store.database.StoreError` for a store that cannot open.
    ``on_start`` receives the number of inputs found, ``on_outcome`` each input's outcome;
    ``run_batch`` takes the inputs through steps 1-4 (step 5 follows once).
    """
    items, problems = expand_inputs(paths)
    context = Context(settings)
    _ = context.pack  # a broken pack is reported before any document is read
    if on_start:
        on_start(len(items))
    with Store(settings.db_url) as store:
        report = run_batch(items, store, settings, context=context, on_outcome=on_outcome)
        report.refresh_error = refresh_analyses(store, context, batch_changes(report))
    report.outcomes[:0] = [Outcome(name, "failed", reason) for name, reason in problems]
    return report


def reprocess(settings: Settings, pipeline: Pipeline | None = None) -> BatchReport:
    """Run the stages again over every stored document whose stored versions are stale.

    A lexicon edited since a document was stored changes the version of the stages that
    read it: their rows are replaced, the other stages' rows are kept.
    """
    pipeline = pipeline or build_pipeline(settings=settings)
    context = Context(settings)
    _ = context.pack
    report = BatchReport()
    with Store(settings.db_url) as store:
        for document in store.load_documents():
            report.outcomes.append(reprocess_one(document, store, settings, pipeline, context))
        report.refresh_error = refresh_analyses(store, context)
    return report


def reprocess_one(
    document: Document, store: Store, settings: Settings, pipeline: Pipeline, context: Context
) -> Outcome:
    """Steps 3 and 4 for one stored document whose stage versions are stale."""
    if store.is_current(document, pipeline):
        return Outcome(document.source, "present", document_id=document.id)
    try:
        result = store.save_analysis(pipeline.run(document, context), pipeline)
    except Exception as exc:  # a bug in one stage must not cost the other documents
        if settings.debug:
            raise
        return Outcome(document.source, "failed", describe_internal_error(exc))
    return Outcome(document.source, result.status, document_id=document.id)
