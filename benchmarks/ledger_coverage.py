"""How much of what a corpus forecasts ends on a question, and how much is scored.

    .venv/bin/python benchmarks/ledger_coverage.py examples/corpus
    .venv/bin/python benchmarks/ledger_coverage.py ../shared/data/realnews/dev-a
    .venv/bin/python benchmarks/ledger_coverage.py --db sqlite:///summitwatch.db

Ingests the inputs into a temporary SQLite store with the built-in pipeline (or reads an
existing store with ``--db``) and prints: forecasts; those with a structured outcome (an outcome
class and actors the pack knows); how many of those end on a question (the pack's, a user's or a
proposed one) and the share; forecasts scored; why the others are not (the first reason that
applies, in the order listed); questions per status and origin.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from summitwatch.analyze import ledger
from summitwatch.analyze.parties import SEVERAL_PARTY_ROLES, forecast_parties
from summitwatch.models import Forecast, Question
from summitwatch.packs.pack import Pack, load_pack
from summitwatch.pipeline import ingest_paths
from summitwatch.settings import Settings
from summitwatch.store.database import Store


def report(url: str) -> None:
    pack = load_pack(Settings().pack_path)
    with Store(url) as store:
        data = ledger.load_ledger(store)
    forecasts = data.forecasts
    structured = [
        f
        for f in forecasts
        if f.outcome_class
        and f.outcome_actors
        and all(pack.actor(a) is not None for a in f.outcome_actors)
    ]
    on_question = [f for f in structured if f.question]
    linked = [f for f in forecasts if f.question]
    share = len(on_question) / len(structured) if structured else 0.0
    print(f"forecasts: {len(forecasts)}")
    print(f"with a structured outcome about pack actors: {len(structured)}")
    print(f"  of which on a question: {len(on_question)} ({share:.0%})")
    print(f"linked to a question (all forecasts): {len(linked)}")
    scored_share = len(data.scored) / len(forecasts) if forecasts else 0.0
    print(f"scored: {len(data.scored)} ({scored_share:.0%} of all forecasts)")
    scored_ids = {s.forecast.id for s in data.scored}
    reasons = Counter(
        why_unscored(f, data.questions.get(f.question or ""), pack)
        for f in forecasts
        if f.id not in scored_ids
    )
    for reason, n in reasons.most_common():
        print(f"  not scored: {reason}: {n}")
    statuses = Counter(
        (q.origin, "proposed" if q.proposed else "kept", q.status) for q in data.questions.values()
    )
    for (origin, state, status), n in sorted(statuses.items()):
        print(f"questions {origin}/{state}/{status}: {n}")


def why_unscored(forecast: Forecast, question: Question | None, pack: Pack) -> str:
    """The first reason that applies: what the text gave, then what the ledger decided."""
    outcome = pack.outcome(forecast.outcome_class)
    parties = forecast_parties(pack, forecast)
    if outcome is None:
        return "no outcome class"
    if not parties:
        return "outcome names no parties"
    if outcome.role in SEVERAL_PARTY_ROLES and len(parties) < 2:
        return "one side of a meeting or deal named"
    if question is None:
        return "no question"
    if forecast.condition:
        return "conditional"
    if not forecast.representative:
        return "a restatement (its judgment is scored once)"
    if question.status == "open":
        return f"on an open {'proposal' if question.proposed else 'question'}"
    return "made on or after the day it was settled, or one judgment per document"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--db", help="read this store instead of ingesting")
    args = parser.parse_args()
    if args.db:
        report(args.db)
        return 0
    if not args.inputs:
        parser.error("give inputs to ingest, or --db")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'coverage.db'}"
        result = ingest_paths(args.inputs, Settings(db_url=url))
        if not result.ok:
            print(result.summary(), file=sys.stderr)
        report(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
