"""The ledger on the two seeds against ``gold/seeds.yaml``: forecasts, reasons, resolutions, scores.

    .venv/bin/python benchmarks/seed_ledger.py

Ingests both seeds into a temporary SQLite store with the built-in pipeline and prints, item by
item, whether each gold forecast (probability inside its interval) and reason (factor) was found.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

from summitwatch.analyze import ledger
from summitwatch.pipeline import ingest_paths
from summitwatch.settings import Settings
from summitwatch.store import rows
from summitwatch.store.database import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = [
    SHARED / "seeds" / "003_f18c8e06d23fecb4.txt",
    SHARED / "seeds" / "000_3494b7529e688810.txt",
]


def fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def main() -> int:
    gold = yaml.safe_load((SHARED / "gold" / "seeds.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/seeds.db"
        report = ingest_paths([str(p) for p in SEEDS], Settings(db_url=url))
        if not report.ok:
            print(report.summary(), file=sys.stderr)
            return 1
        with Store(url) as store:
            with store.engine.connect() as connection:
                forecasts = rows.load_forecasts(connection)
                reasons = rows.load_reasons(connection)
            data = ledger.load_ledger(store)
            scores = ledger.compute_scores(store)
            shared = ledger.shared_factors(store)
    counts = {"forecast": [0, 0], "reason": [0, 0]}
    for document in gold["documents"]:
        for item in document["forecasts"]:
            low, high = item["p"]
            hits = [f for f in forecasts if fold(item["evidence"]) in fold(f.statement)]
            ok = any(low <= f.probability <= high for f in hits)
            counts["forecast"][0] += ok
            counts["forecast"][1] += 1
            found = ", ".join(f"{f.probability:.2f}" for f in hits) or "not found"
            flag = "ok  " if ok else "MISS"
            print(f"{flag} forecast [{low:.2f}, {high:.2f}] {found:12} {item['evidence'][:60]}")
        for item in document["reasons"]:
            factors = [r.factor for r in reasons if fold(item["evidence"]) in fold(r.statement)]
            ok = any(item["factor_hint"] in f for f in factors)
            counts["reason"][0] += ok
            counts["reason"][1] += 1
            flag = "ok  " if ok else "MISS"
            print(f"{flag} reason   {','.join(factors) or 'not found':34} {item['evidence'][:50]}")
    for kind, (hit, total) in counts.items():
        print(f"{kind}s: {hit}/{total} gold items hit")
    for question_id in ("oct-2025-trip-meeting", "trump-seeks-meeting-2025"):
        question = data.questions.get(question_id)
        if question:
            print(f"{question_id}: {question.status} ({', '.join(question.evidence[:2])})")
    for score in scores:
        print(
            f"score {score.holder} / {score.outlet}: n={score.n} Brier={score.brier:.3f} "
            f"log={score.log_score:.3f}"
        )
    print("shared factors:", ", ".join(f"{f} ({len(d)} docs)" for f, d in shared))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
