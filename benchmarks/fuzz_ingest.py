"""Fuzzing the ingest entry point: mixed prose and pathological runs through every stage.

Each case is bytes built from our example corpus's sentences, runs of odd characters
(quotes, brackets, periods, digits, control characters, NUL), Unicode in either form and
random bytes; it goes through ``read_document`` and every stage within the time budget.
A case passes when it gives a document or an ``IngestError``, no other exception, and every
record's span lies inside the text. ``tests/ingest/test_fuzz.py`` runs a few hundred small
cases; this script runs many, larger ones and prints the counts.

    .venv/bin/python benchmarks/fuzz_ingest.py [--cases 2000] [--max-kb 200] [--budget 30]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.models import Analysis
from summitwatch.pipeline import Pipeline, build_pipeline
from summitwatch.settings import Settings
from summitwatch.stage import Context

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SENTENCES = [
    line.strip()
    for path in sorted(CORPUS.glob("*.txt"))
    for line in path.read_text(encoding="utf-8").split(". ")
    if line.strip()
]
RUN_UNITS = ['"', "(", "a.", "U.S. ", "0123456789", "word ", "\x00", "\x1b[31m", "—", "\u0301"]


def runs(max_run: int) -> st.SearchStrategy[str]:
    """A run of one odd unit, up to ``max_run`` characters."""
    return st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(RUN_UNITS),
        st.integers(min_value=1, max_value=max(1, max_run // 2)),
    )


def inputs(max_bytes: int) -> st.SearchStrategy[tuple[bytes, str]]:
    """Bytes of a document and its name (the name picks the format when nothing else does)."""
    piece = st.one_of(
        st.sampled_from(SENTENCES).map(lambda s: s + ". "),
        runs(max_bytes // 4),
        st.text(max_size=40),
        st.sampled_from(["\n\n", "\n", "\t", "  ", "<p>", "</p>", "“", "”", "1)", "[1]"]),
    )
    text = st.lists(piece, max_size=60).map("".join)
    data = st.one_of(
        text.map(lambda t: t.encode("utf-8")[:max_bytes]),
        st.binary(max_size=256),
    )
    name = st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "<stdin>"])
    return st.tuples(data, name)


def spans_of(analysis: Analysis) -> list[tuple[str, int, int]]:
    """Every (field, start, end) of the records the stages produced."""
    found = []
    for name in analysis.__dataclass_fields__:
        value: Any = getattr(analysis, name)
        if isinstance(value, list):
            for record in value:
                start, end = getattr(record, "start", None), getattr(record, "end", None)
                if isinstance(start, int) and isinstance(end, int):
                    found.append((name, start, end))
    return found


def check_case(data: bytes, name: str, pipeline: Pipeline, context: Context) -> str:
    """The case's outcome: "document", "partial" (over budget) or "ingest-error"."""
    try:
        document = read_document(data, name, pipeline.settings)
    except IngestError as exc:
        assert "\n" not in str(exc)
        return "ingest-error"
    analysis, _, problem = pipeline.run_within(document, context)
    size = len(document.text)
    for field, start, end in spans_of(analysis):
        assert 0 <= start <= end <= size, f"{field} span {start}-{end} outside 0-{size}"
    return "partial" if problem else "document"


def run_fuzz(cases: int, max_bytes: int, budget: float) -> Counter[str]:
    config = Settings(db_url="sqlite://", document_seconds=budget)
    pipeline = build_pipeline(settings=config)
    context = Context(config)
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=cases,
        deadline=None,  # the pipeline's budget bounds each case; hypothesis' clock would flake
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=inputs(max_bytes))
    def fuzz(case: tuple[bytes, str]) -> None:
        outcomes[check_case(case[0], case[1], pipeline, context)] += 1

    fuzz()
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--max-kb", type=int, default=200)
    parser.add_argument("--budget", type=float, default=30.0)
    args = parser.parse_args()
    started = time.perf_counter()
    outcomes = run_fuzz(args.cases, args.max_kb * 1024, args.budget)
    elapsed = time.perf_counter() - started
    total = sum(outcomes.values())
    print(f"{total} cases in {elapsed:.0f} s, no unexpected exception, every span in its text")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome:<14}{count:>6}")


if __name__ == "__main__":
    main()
