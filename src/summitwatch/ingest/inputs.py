"""The inputs of an ingest: paths, folders (recursively), URLs and stdin, read as bytes.

This is step 1 of a document's journey (see ``pipeline.py``): it names the inputs and reads
each one; converting the bytes is ``document.py``'s work, storing them the store's.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from summitwatch.ingest.document import check_size
from summitwatch.ingest.errors import IngestError
from summitwatch.settings import Settings

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf"})


@dataclass(frozen=True)
class InputItem:
    name: str  # what the user sees: a path, a URL or "<stdin>"
    kind: str  # "file", "url" or "stdin"


# an input that names no document: what the user typed, and why
InputProblem = tuple[str, str]


def expand_inputs(paths: Sequence[str]) -> tuple[list[InputItem], list[InputProblem]]:
    """The inputs named by ``paths`` (folders recursively), and the paths that name none."""
    items: list[InputItem] = []
    failures: list[InputProblem] = []
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
                    failures.append((raw, "folder holds no .txt, .md, .html or .pdf documents"))
                items.extend(InputItem(str(p), "file") for p in found)
            elif path.is_file():
                items.append(InputItem(raw, "file"))
            elif path.exists():
                failures.append((raw, "not a regular file"))
            else:
                failures.append((raw, "no such file or folder"))
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
