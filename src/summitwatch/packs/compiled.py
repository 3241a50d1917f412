"""A loaded pack kept on disk between runs, so that a command does not parse and validate the
pack's YAML again when nothing changed (start-up time: YAML and the schema are most of it).

One file per pack path under ``$XDG_CACHE_HOME/summitwatch/packs`` (``~/.cache/...``), holding
the key it was made for and the pickled records; the key covers the pack's files and the code
that reads them, so an edited pack or a new summitwatch reads the YAML again and replaces the
file. The cache is only ever a shortcut: a file that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

# what reading a damaged or foreign pickle can raise; any of them means "read the YAML"
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summitwatch" / "packs"


def cache_key(content_digest: str, code: tuple[Path, ...]) -> str:
    """What a cached form is valid for: the pack's content, the reading code, the Python."""
    digest = hashlib.sha256(f"{content_digest}\0{sys.version}".encode())
    for path in code:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_file(source: Path) -> Path:
    name = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / f"{source.stem}-{name}.pickle"


def read_compiled(source: Path, key: str) -> object | None:
    """The object cached for ``source`` under ``key``; None when there is none (or another)."""
    try:
        with _cache_file(source).open("rb") as handle:
            stored_key, value = pickle.load(handle)  # our own file, written by write_compiled
    except _UNREADABLE:
        return None
    return value if stored_key == key else None


def write_compiled(source: Path, key: str, value: object) -> None:
    """Keep ``value`` for ``source`` under ``key`` (atomically; silently skipped on failure)."""
    target = _cache_file(source)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((key, value), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except (OSError, pickle.PicklingError):
        Path(temporary).unlink(missing_ok=True)
