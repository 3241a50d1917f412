"""Writing an output file (export, brief) safely: all or nothing, never through a planted link."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


class OutputError(Exception):
    """An output path that cannot be written: one line saying why."""


def default_file_mode() -> int:
    """0666 minus the umask, as for any file the user creates (mkstemp would leave 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def check_output_path(out: Path) -> None:
    """Refuse an output path that names a folder (``--out DIR``, ``--out ""``)."""
    if out.name in ("", ".", "..") or out.is_dir():
        raise OutputError(f"--out {str(out)!r}: is a folder, not a file")


def write_atomically(out: Path, write: Callable[[TextIO], object]) -> None:
    """Write ``out`` through a temporary file in its folder and an atomic rename.

    A crash leaves the old file or the new one, never half of one; the rename replaces a
    symbolic link at ``out`` itself instead of writing into whatever it points at.
    """
    check_output_path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot write there: {exc.strerror or exc}") from exc
    try:
        os.fchmod(fd, default_file_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"--out {out}: cannot write there: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomically(out: Path, text: str) -> None:
    write_atomically(out, lambda handle: handle.write(text))
