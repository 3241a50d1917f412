"""The inputs of an ingest: paths, folders (recursively), URLs and stdin, read as bytes.

This is step 1 of a document's journey (see ``pipeline.py``): it names the inputs and reads
each one; converting the bytes is ``document.py``'s work, storing them the store's.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
            expand_path(raw, items, failures)
    return items, failures


def expand_path(raw: str, items: list[InputItem], failures: list[InputProblem]) -> None:
    """One path: a file, or a folder walked recursively; every problem is one failure."""
    path = Path(raw)
    try:
        if path.is_dir():
            found, problems = walk_folder(path)
            failures.extend(problems)
            if not found and not problems:
                failures.append((raw, "folder holds no .txt, .md, .html or .pdf documents"))
            items.extend(InputItem(str(p), "file") for p in found)
        elif path.is_file():
            items.append(InputItem(raw, "file"))
        elif path.is_symlink():
            failures.append((raw, "broken or looping symbolic link"))
        elif path.exists():
            failures.append((raw, "not a regular file"))
        else:
            failures.append((raw, "no such file or folder"))
    except OSError as exc:
        failures.append((raw, f"cannot read: {exc.strerror or exc}"))


def walk_folder(folder: Path) -> tuple[list[Path], list[InputProblem]]:
    """The documents under ``folder`` (hidden entries skipped), and what could not be read:
    an unreadable sub-folder, a broken or looping link. Linked folders are not followed."""
    found: list[Path] = []
    problems: list[InputProblem] = []

    def report(error: OSError) -> None:
        problems.append((str(error.filename or folder), f"cannot read folder: {error.strerror}"))

    for root, dirs, files in os.walk(folder, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = Path(root, name)
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            try:
                regular = path.is_file()
            except OSError as exc:
                problems.append((str(path), f"cannot read: {exc.strerror or exc}"))
                continue
            if regular:
                found.append(path)
            elif path.is_symlink():
                problems.append((str(path), "broken or looping symbolic link"))
    return sorted(found), problems


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
            declared = response.headers.get("Content-Length")
            if declared and declared.strip().isdigit():
                check_size(int(declared), settings.max_bytes)
            data = read_within(response, settings.max_bytes + 1, settings.fetch_timeout)
            content_type = response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise IngestError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IngestError(f"cannot fetch URL: {reason}") from exc
    check_size(len(data), settings.max_bytes)
    return data, content_type


FETCH_CHUNK = 64 * 1024


def read_within(response: Any, limit: int, seconds: float) -> bytes:
    """At most ``limit`` bytes, within ``seconds`` in total: the socket timeout bounds one
    read, so a server dripping a byte at a time would otherwise never end. ``read1`` returns
    what has arrived instead of waiting for a full chunk."""
    read = response.read1 if hasattr(response, "read1") else response.read
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        if time.monotonic() > deadline:
            raise IngestError(f"cannot fetch URL: not complete after {seconds:g} s")
        chunk: bytes = read(min(FETCH_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
