"""Ingesting a batch: paths, folders, URLs and stdin, one transaction per document.

Nothing is lost: an input that fails is reported with its reason and the rest are
stored. Each document is written in its own transaction, so a batch killed midway
leaves only complete documents, and rerunning it stores the rest (the stored ones are
recognised by their content hash and skipped).
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summitwatch.ingest.document import check_size, read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.stories import link_story
from summitwatch.pipeline import Context, Pipeline, build_pipeline
from summitwatch.settings import Settings
from summitwatch.store.database import Store

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf"})


@dataclass(frozen=True)
class InputItem:
    name: str  # what the user sees: a path, a URL or "<stdin>"
    kind: str  # "file", "url" or "stdin"


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # "stored", "present", "updated" or "failed"
    reason: str | None = None
    document_id: str | None = None
    undated: bool = False  # stored without a publication date
    story: str | None = None  # the stored story this input is a near-duplicate copy of


@dataclass
class BatchReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        stored = self.count("stored") + self.count("updated")
        lines = [
            f"{stored} stored, {self.count('present')} already present, {len(self.failed)} failed"
        ]
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


def expand_inputs(paths: Sequence[str]) -> tuple[list[InputItem], list[Outcome]]:
    """The inputs named by ``paths`` (folders recursively), and the paths that name none."""
    items: list[InputItem] = []
    failures: list[Outcome] = []
    for raw in paths:
        if raw == "-":
            items.append(InputItem("<stdin>", "stdin"))
        elif raw.startswith(("http://", "https://")):
            items.append(InputItem(raw, "url"))
        else:
            path = Path(raw)
            if path.is_dir():
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
                if not found:
                    failures.append(
                        Outcome(raw, "failed", "folder holds no .txt, .md, .html or .pdf documents")
                    )
                items.extend(InputItem(str(p), "file") for p in found)
            elif path.is_file():
                items.append(InputItem(raw, "file"))
            elif path.exists():
                failures.append(Outcome(raw, "failed", "not a regular file"))
            else:
                failures.append(Outcome(raw, "failed", "no such file or folder"))
    return items, failures


def read_input(item: InputItem, settings: Settings) -> tuple[bytes, str | None]:
    """The raw bytes of one input and its content type when the source states one."""
    limit = settings.max_bytes
    if item.kind == "stdin":
        data = sys.stdin.buffer.read(limit + 1)
        check_size(len(data), limit)
        return data, None
    if item.kind == "url":
        return _fetch(item.name, settings)
    path = Path(item.name)
    try:
        check_size(path.stat().st_size, limit)
        return path.read_bytes(), None
    except PermissionError as exc:
        raise IngestError("permission denied") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc


def _fetch(url: str, settings: Settings) -> tuple[bytes, str | None]:
    request = urllib.request.Request(url, headers={"User-Agent": "summitwatch"})
    try:
        with urllib.request.urlopen(request, timeout=settings.fetch_timeout) as response:
            data: bytes = response.read(settings.max_bytes + 1)
            content_type = response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise IngestError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IngestError(f"cannot fetch URL: {reason}") from exc
    check_size(len(data), settings.max_bytes)
    return data, content_type


ProgressCallback = Callable[[Outcome], None]


def ingest_items(
    items: Iterable[InputItem],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    context: Context | None = None,
    on_outcome: ProgressCallback | None = None,
) -> BatchReport:
    pipeline = pipeline or build_pipeline()
    context = context or Context(settings)
    report = BatchReport()
    for item in items:
        outcome = ingest_one(item, store, settings, pipeline, context)
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return report


def ingest_one(
    item: InputItem, store: Store, settings: Settings, pipeline: Pipeline, context: Context
) -> Outcome:
    try:
        data, content_type = read_input(item, settings)
        document = read_document(data, item.name, settings, content_type)
        if store.is_current(document, pipeline):
            return Outcome(item.name, "present", document_id=document.id)
        story = link_story(document, store)
        analysis = pipeline.run(document, context)
        result = store.save_analysis(analysis, pipeline)
        undated = document.published is None
        return Outcome(item.name, result.status, None, result.document_id, undated, story)
    except IngestError as exc:
        return Outcome(item.name, "failed", str(exc))
    except Exception as exc:  # a bug in one stage must not cost the rest of the batch
        if settings.debug:
            raise
        return Outcome(item.name, "failed", f"internal error: {type(exc).__name__}: {exc}")


def ingest_paths(
    paths: Sequence[str], settings: Settings, on_outcome: ProgressCallback | None = None
) -> BatchReport:
    """Ingest everything ``paths`` names into the store at ``settings.db_url``."""
    items, failures = expand_inputs(paths)
    context = Context(settings)
    with Store(settings.db_url) as store:
        report = ingest_items(items, store, settings, context=context, on_outcome=on_outcome)
        refresh_analyses(store, context)
    report.outcomes[:0] = failures
    return report


def refresh_analyses(store: Store, context: Context) -> None:
    """Bring what depends on the whole store (actors, the ledger) up to date."""
    from summitwatch.analyze.refresh import refresh_after_ingest

    refresh_after_ingest(store, context)
