"""Seconds to convert and analyse pathological and realistic texts of growing size.

CPU seconds (``time.process_time``: the machine may be shared). Each text goes through
``read_document`` and every stage (``Pipeline.run_within``) with the per-document budget of
``--budget`` seconds (a row past it shows ``>budget`` and the stage; an input the converter
refuses shows ``rejected``).
Realistic prose is our own example corpus (``examples/corpus/*.txt``) repeated to the size.

    .venv/bin/python benchmarks/pathological.py [--sizes 10,50,100,500,1000]
        [--prose-sizes 10,50,100,500,1000]
        [--budget 120] [--only CASE]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.pipeline import build_pipeline
from summitwatch.settings import Settings
from summitwatch.stage import Context

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def prose(size: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return repeat_to("\n\n".join(texts) + "\n\n", size)


CASES: dict[str, Callable[[int], str]] = {
    "quotes": lambda n: "Quoted\n\n" + repeat_to('"', n),
    "parens": lambda n: "Brackets\n\n" + repeat_to("(", n),
    "a-period": lambda n: "Initials\n\n" + repeat_to("a.", n),
    "us-period": lambda n: "Abbreviations\n\n" + repeat_to("U.S. ", n),
    "digits": lambda n: "Digits\n\n" + repeat_to("0123456789", n),
    "no-punctuation": lambda n: "Words\n\n" + repeat_to("envoys met officials in talks ", n),
    "one-line": lambda n: "Line\n\n" + prose(n).replace("\n", " "),
}


def time_case(text: str, settings: Settings, context: Context) -> str:
    pipeline = build_pipeline(settings=settings)
    started = time.process_time()
    try:
        document = read_document(text.encode("utf-8"), "case.txt", settings)
    except IngestError:  # nothing left to analyse: reported in one line
        return f"rejected {time.process_time() - started:.2f}"
    _, _, problem = pipeline.run_within(document, context)
    elapsed = time.process_time() - started
    if problem:
        return f">{settings.document_seconds:g} ({problem.split()[0]})"
    return f"{elapsed:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,100,500,1000", help="KB, pathological cases")
    parser.add_argument("--prose-sizes", default="10,50,100,500,1000", help="KB of prose")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per document")
    parser.add_argument("--only", default="", help="run one case (or 'prose')")
    args = parser.parse_args()
    settings = Settings(db_url="sqlite://", document_seconds=args.budget)
    context = Context(settings)
    _ = context.pack, context.nlp
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"{'case':<16}" + "".join(f"{f'{s} KB':>16}" for s in sizes))
    for name, build in CASES.items():
        if args.only and args.only != name:
            continue
        cells = [time_case(build(kb * 1024), settings, context) for kb in sizes]
        print(f"{name:<16}" + "".join(f"{c:>16}" for c in cells), flush=True)
    if args.only and args.only != "prose":
        return
    prose_sizes = [int(s) for s in args.prose_sizes.split(",") if s]
    print(f"\n{'prose':<16}" + "".join(f"{f'{s} KB':>16}" for s in prose_sizes))
    cells = []
    for kb in prose_sizes:
        cells.append(time_case(prose(kb * 1024), settings, context))
        print(f"{'  ' + str(kb) + ' KB':<16}{cells[-1]:>16}", flush=True)


if __name__ == "__main__":
    main()
