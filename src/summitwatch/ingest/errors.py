"""The one exception ingest raises for input it cannot turn into a document."""

from __future__ import annotations


class IngestError(Exception):
    """Bad input; ``str(error)`` is the one-line reason shown next to the file name."""

    def __init__(self, reason: str) -> None:
        super().__init__(" ".join(reason.split()))

    @property
    def reason(self) -> str:
        return str(self)
