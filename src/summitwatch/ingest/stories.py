"""Near-duplicate copies of one article (PDF and text, or two sites syndicating one wire story).

Each body is reduced to the set of its word 5-grams ("shingles") and a MinHash of that set: 64
minimum hash values, one per hash function, whose share of agreements between two documents
estimates the Jaccard similarity of their shingle sets (Broder 1997). With the set sizes the
estimate becomes containment (the share of the smaller copy found in the larger), which is
what a syndicated copy cut short or padded with other furniture keeps high. A document whose
containment in a stored one reaches :data:`MIN_CONTAINMENT` joins that document's story.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from summitwatch.models import Document

SHINGLE_WORDS = 5
PERMUTATIONS = 64
# a copy sharing this much of the smaller text is the same article
MIN_CONTAINMENT = 0.6
# texts this short are not compared: a few shared phrases would decide it
MIN_SHINGLES = 20

_PRIME = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1
_WORD = re.compile(r"\w+")


def _permutations() -> list[tuple[int, int]]:
    """Fixed (a, b) pairs of universal hash functions, the same on every machine."""
    pairs = []
    for index in range(PERMUTATIONS):
        digest = hashlib.sha256(f"summitwatch-minhash-{index}".encode()).digest()
        a = int.from_bytes(digest[:8], "big") % (_PRIME - 1) + 1
        b = int.from_bytes(digest[8:16], "big") % _PRIME
        pairs.append((a, b))
    return pairs


_PAIRS = _permutations()


@dataclass(frozen=True)
class Fingerprint:
    size: int  # number of distinct shingles
    minhash: tuple[int, ...]

    def to_record(self) -> dict[str, Any]:
        return {"size": self.size, "minhash": list(self.minhash)}

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> Fingerprint | None:
        if not record or "minhash" not in record:
            return None
        return cls(int(record["size"]), tuple(int(v) for v in record["minhash"]))


def shingles(text: str) -> set[int]:
    words = [w.lower() for w in _WORD.findall(text)]
    grams = (" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    return {
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") for g in grams
    }


def fingerprint(text: str) -> Fingerprint:
    hashes = shingles(text)
    if not hashes:
        return Fingerprint(0, tuple(_MAX_HASH for _ in _PAIRS))
    minhash = tuple(min(((a * h + b) % _PRIME) & _MAX_HASH for h in hashes) for a, b in _PAIRS)
    return Fingerprint(len(hashes), minhash)


def containment(one: Fingerprint, other: Fingerprint) -> float:
    """Estimated share of the smaller shingle set found in the larger one."""
    if min(one.size, other.size) < MIN_SHINGLES:
        return 0.0
    agree = sum(1 for x, y in zip(one.minhash, other.minhash, strict=True) if x == y)
    jaccard = agree / len(one.minhash)
    shared = jaccard * (one.size + other.size) / (1 + jaccard)
    return min(1.0, shared / min(one.size, other.size))


def find_story(
    print_: Fingerprint, stored: Iterable[tuple[str, str | None, Fingerprint | None]]
) -> str | None:
    """The story of the stored copy that ``print_`` duplicates best, else None."""
    best: tuple[float, str] | None = None
    for document_id, story, other in stored:
        if other is None:
            continue
        score = containment(print_, other)
        if score >= MIN_CONTAINMENT and (best is None or score > best[0]):
            best = (score, story or document_id)
    return best[1] if best else None


def fingerprint_document(document: Document) -> None:
    """Set the document's fingerprint (where it is converted: a Dask worker does this, so
    the client that links stories does not)."""
    document.fingerprint = fingerprint(document.text).to_record()


def link_story(
    document: Document, stored: Iterable[tuple[str, str | None, dict[str, Any] | None]]
) -> str | None:
    """Fingerprint ``document`` (unless done) and give it its story: that of a stored
    near-duplicate among ``stored`` (id, story, fingerprint record) — returned — else its
    own id."""
    print_ = Fingerprint.from_record(document.fingerprint) or fingerprint(document.text)
    document.fingerprint = print_.to_record()
    candidates = [(i, story, Fingerprint.from_record(record)) for i, story, record in stored]
    story = find_story(print_, candidates)
    document.story = story or document.id
    return story
