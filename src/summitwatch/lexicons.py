"""The one loader of lexicon files: the YAML word lists and patterns stages and commands use.

Every lexicon is named in :data:`summitwatch.settings.LEXICON_FILES`; its path comes from
:meth:`Settings.lexicon_path`. Modules turn the data into their own typed records (and cache
those); this module only finds, reads and fingerprints the files, and turns a broken file
into one line naming it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from summitwatch.settings import Settings

__all__ = [
    "LexiconError",
    "SafeLoader",
    "lexicon_digest",
    "lexicon_path",
    "load_yaml",
    "read_lexicon",
    "read_lexicon_file",
]

# libyaml's C loader when PyYAML was built with it: about ten times faster than the Python
# one on the pack and the lexicons, which start-up reads; the same safe subset of YAML
try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]


class LexiconError(Exception):
    """A lexicon file that cannot be read: names the file and what is wrong."""


def lexicon_path(name: str) -> Path:
    """Where the process reads lexicon ``name`` from (the default settings' path)."""
    return Settings().lexicon_path(name)


def read_lexicon(name: str, settings: Settings | None = None) -> Any:
    """The parsed YAML of lexicon ``name`` (read once per file content)."""
    return read_lexicon_file((settings or Settings()).lexicon_path(name))


def read_lexicon_file(path: Path) -> Any:
    """The parsed YAML of one lexicon file (read again only when the file changes)."""
    name = path.stem
    try:
        stat = path.stat()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon {name!r}: {exc.strerror}") from exc
    return _read_file(path, stat.st_mtime_ns, stat.st_size)


@cache
def _read_file(path: Path, _mtime_ns: int, _size: int) -> Any:
    # keyed on the file's modification time and size too, so an edited file is read again
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LexiconError(f"{path}: cannot read lexicon: {problem}") from exc


def load_yaml(text: str, loader: type[SafeLoader] = SafeLoader) -> Any:
    """The data of one YAML text, read with ``loader`` (the fast safe loader by default)."""
    return yaml.load(text, Loader=loader)


def lexicon_digest(names: Iterable[str], settings: Settings) -> str:
    """A short fingerprint of the contents of the named lexicons (changes when one is edited)."""
    digest = hashlib.sha256()
    for name in sorted(set(names)):
        path = settings.lexicon_path(name)
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:8]
