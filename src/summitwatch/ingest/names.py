"""Does a string look like a person's name? Used for by-lines and the authors of notes."""

from __future__ import annotations

import re

# lower-case particles inside names ("Ludwig van Beethoven", "Rafael de la Cruz")
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "la", "le", "da", "di", "du"}
    | {"bin", "al", "el", "ibn", "y"}
)

_LATIN_TOKEN = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z][a-zA-Z'’]*(?:-[A-Za-z][a-zA-Z'’]*)*\.?")
_HANGUL_NAME = re.compile(r"[가-힣]{2,5}")
_NAME_SEPARATORS = re.compile(r"\s*(?:,?\s+and\s+|\s*&\s*|\s*·\s*|\s*;\s*)\s*")


def looks_like_name(text: str, max_tokens: int = 5) -> bool:
    """'A.B. Lee', 'Jane Q. Roe', 'Park Min-Ho', '홍길동' — not 'Example Focus is ...'."""
    text = text.strip()
    if not text or len(text) > 60 or any(char.isdigit() for char in text):
        return False
    if _HANGUL_NAME.fullmatch(text):
        return True
    tokens = re.sub(r"(?<=\.)(?=[A-Z][a-z])", " ", text).split()
    if not 2 <= len(tokens) <= max_tokens:
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in PARTICLES:
            continue
        if not _LATIN_TOKEN.fullmatch(token):
            return False
        capitalised += 1
    return capitalised >= 2


def split_names(text: str) -> list[str]:
    """'A and B', 'A & B', 'A · B' -> ['A', 'B']."""
    return [part.strip() for part in _NAME_SEPARATORS.split(text.strip()) if part.strip()]
