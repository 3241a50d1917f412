"""The record a format converter (plain text, HTML, PDF) hands back to ``document.py``."""

from __future__ import annotations

from dataclasses import dataclass

from summitwatch.ingest.plaintext import CleanText


@dataclass
class Converted:
    """What a format converter hands back: the cleaned text and the page's own metadata."""

    clean: CleanText
    fallback_title: str | None = None
    # where the converter's date came from when the text did not print one
    meta_date_source: str | None = None
