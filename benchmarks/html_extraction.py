"""Main-text extraction quality of the ingest path on the article-extraction benchmark.

Data: ``../shared/data/html-extraction`` (181 pages, ``ground-truth.json`` with ``articleBody``).
Metric as the benchmark defines it: the texts are cut into word tokens (``\\w+``), compared as
bags of 4-token shingles; per page, true positives, false positives and false negatives are
normalised to sum to one; precision and recall are averaged over pages, F1 is taken from the
averages. Also printed: the same metric on single tokens, and trafilatura alone (its default
``extract``) for comparison.

    .venv/bin/python benchmarks/html_extraction.py [--limit N] [--per-page]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.settings import Settings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "html-extraction"
_TOKEN = re.compile(r"\w+")


def load_pages(limit: int | None = None) -> list[tuple[str, bytes, str, str]]:
    """(page id, html bytes, url, true article body), in file-name order."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        html = gzip.decompress((DATA / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, html, truth[key].get("url", ""), truth[key]["articleBody"]))
    return pages


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def match_counts(true: str, pred: str, n: int) -> tuple[float, float, float]:
    gold, guess = shingles(true, n), shingles(pred, n)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score(pairs: list[tuple[str, str]], n: int = 4) -> dict[str, float]:
    counts = [match_counts(true, pred, n) for true, pred in pairs]
    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def ours(html: bytes, url: str) -> str:
    try:
        return read_document(html, url or "page.html", Settings(db_url="sqlite://")).text
    except IngestError:
        return ""


def trafilatura_alone(html: bytes, url: str) -> str:
    return trafilatura.extract(html, url=url or None) or ""


def evaluate(
    extractor: Callable[[bytes, str], str], pages: list[tuple[str, bytes, str, str]]
) -> tuple[list[tuple[str, str]], float]:
    started = time.perf_counter()
    pairs = [(truth, extractor(html, url)) for _, html, url, truth in pages]
    return pairs, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--per-page", action="store_true", help="list the worst pages")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"missing data set: {DATA}", file=sys.stderr)
        return 2
    pages = load_pages(args.limit)
    print(f"{len(pages)} pages from {DATA}")
    results = {}
    for label, extractor in (("ingest path", ours), ("trafilatura alone", trafilatura_alone)):
        pairs, seconds = evaluate(extractor, pages)
        results[label] = pairs
        shingle, token = score(pairs, 4), score(pairs, 1)
        print(
            f"{label:18s} F1 {shingle['f1']:.4f} (P {shingle['precision']:.4f} "
            f"R {shingle['recall']:.4f}) | token F1 {token['f1']:.4f} | "
            f"{len(pages) / seconds:.1f} pages/s"
        )
    if args.per_page:
        ranked = sorted(
            zip(pages, results["ingest path"], results["trafilatura alone"], strict=True),
            key=lambda item: score([item[1]])["f1"] - score([item[2]])["f1"],
        )
        for (key, _, url, _), mine, theirs in ranked[:10]:
            print(f"{score([mine])['f1']:.3f} vs {score([theirs])['f1']:.3f} {key[:12]} {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
