"""Ingest speed: documents per second through ``read_document`` for plain text and HTML.

Plain text: the two seed articles (read from ``../shared/seeds``), and synthetic web-copied
pages built from our own template sentences with furniture, a by-line and notes around them.
HTML: the pages of ``../shared/data/html-extraction``. Conversion only; storing is measured by
the store's own benchmark. ``--pipeline`` also times the whole journey (read, convert, every
stage, store, refresh) over the example corpus in ``examples/corpus`` into a fresh SQLite file.

    .venv/bin/python benchmarks/ingest_speed.py [--rounds N] [--pipeline] [--pipeline-only]
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import tempfile
import time
from pathlib import Path

from summitwatch import ingest_paths
from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SETTINGS = Settings(db_url="sqlite://")

SUBJECTS = ("The envoy", "The foreign minister", "A senior official", "The spokesperson")
VERBS = ("said", "suggested", "denied", "confirmed", "hinted")
OBJECTS = (
    "that talks could resume after the holidays",
    "that no meeting had been scheduled",
    "that sanctions relief was not on the table",
    "that a letter had been delivered through a third country",
)


def synthetic_page(seed: int, paragraphs: int = 12) -> bytes:
    """A web-copied page of our own invented sentences, with furniture and notes."""
    rng = random.Random(seed)
    body = []
    for number in range(paragraphs):
        sentences = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} on day {seed}."
            for _ in range(rng.randint(3, 6))
        ]
        marker = f"{number // 4 + 1})" if number % 4 == 3 else ""
        body.append(" ".join(sentences) + marker)
    notes = [
        f'{n}) Jane Roe, "Report {seed}-{n}," Example Daily, March {n}, 2024.'
        for n in range(1, paragraphs // 4 + 1)
    ]
    page = [
        "top of page",
        f"Illustrative Report Number {seed}",
        "March 3, 2024",
        "By Jane Roe | Senior Analyst, Example Center",
        "4 min read",
        *body,
        "| A Related Story",
        *notes,
        "© 2024 Example Center",
        "bottom of page",
    ]
    return "\n".join(page).encode()


def rate(inputs: list[tuple[bytes, str]], rounds: int) -> tuple[float, float, int]:
    """Documents per wall-clock second, per CPU second (steadier on a busy machine), failures."""
    failed = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for data, name in inputs:
            try:
                read_document(data, name, SETTINGS)
            except IngestError:
                failed += 1
    count = len(inputs) * rounds
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return count / wall, count / cpu, failed


def pipeline_rate(rounds: int) -> tuple[float, float, int, int]:
    """Documents per second through the whole pipeline into a fresh store, each round."""
    paths = sorted(str(p) for p in CORPUS.iterdir() if p.is_file())
    wall = cpu = 0.0
    failed = 0
    # the language model and the pack load once per process, as in one ingest command
    with tempfile.TemporaryDirectory() as folder:
        warm = Settings(db_url=f"sqlite:///{folder}/warm.db")
        ingest_paths(paths[:1], warm)
        for number in range(rounds):
            settings = Settings(db_url=f"sqlite:///{folder}/round-{number}.db")
            started, cpu_started = time.perf_counter(), time.process_time()
            report = ingest_paths(paths, settings)
            wall += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            failed += len(report.failed)
    count = len(paths) * rounds
    return count / wall, count / cpu, len(paths), failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the text inputs")
    parser.add_argument("--pipeline", action="store_true", help="also time the whole pipeline")
    parser.add_argument("--pipeline-only", action="store_true", help="the whole pipeline only")
    parser.add_argument("--pipeline-rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.pipeline or args.pipeline_only:
        per_second, per_cpu_second, documents, failed = pipeline_rate(args.pipeline_rounds)
        print(
            f"{'whole pipeline, examples':24s} {per_second:8.2f} docs/s "
            f"({per_cpu_second:.2f} per CPU-s)  ({documents} inputs x {args.pipeline_rounds}, "
            f"{failed} failed)"
        )
        if args.pipeline_only:
            return 0
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    pages = sorted((SHARED / "data" / "html-extraction" / "html").glob("*.html.gz"))
    if not seeds or not pages:
        print(f"missing shared data under {SHARED}", file=sys.stderr)
        return 2
    seed_inputs = [(path.read_bytes(), path.name) for path in seeds]
    synthetic = [(synthetic_page(seed), f"synthetic-{seed}.txt") for seed in range(50)]
    html = [(gzip.decompress(path.read_bytes()), path.name[:-3]) for path in pages]
    for label, inputs, rounds in (
        ("plain text, seeds", seed_inputs, args.rounds * 10),
        ("plain text, synthetic", synthetic, args.rounds),
        ("HTML, benchmark pages", html, 1),
    ):
        per_second, per_cpu_second, failed = rate(inputs, rounds)
        size = sum(len(data) for data, _ in inputs) / len(inputs) / 1024
        print(
            f"{label:24s} {per_second:8.1f} docs/s ({per_cpu_second:.1f} per CPU-s)  "
            f"({len(inputs)} inputs x {rounds}, mean {size:.1f} KiB, {failed} failed)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
