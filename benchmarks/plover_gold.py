"""Event-type macro-F1 of the event stage on the PLOVER gold-standard records (CAMEO manual).

Each record holds one sentence and its gold PLOVER event type. Old labels are mapped to the
16 current types (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).
A sentence for which the stage finds no trigger counts as a miss. Scores are reported over the
types with at least 4 sentences in the whole file, for the whole file and for two halves split
deterministically by record id (``dev``: the half the lexicon may be tuned on; ``test``: held
out).

    .venv/bin/python benchmarks/plover_gold.py [--split all|dev|test] [--no-model] [--errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from summitwatch.extract.event_classify import classify_sentence
from summitwatch.extract.language import load_nlp
from summitwatch.settings import Settings

GOLD = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "plover"
    / ("PLOVER_GSR_CAMEO.json")
)
LABEL_MAP = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
MIN_SUPPORT = 4


def load_gold(path: Path = GOLD) -> list[tuple[str, str, str]]:
    """(id, sentence, type) of every event record."""
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for rec in records:
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        out.append((rec["id"], rec["text"], LABEL_MAP.get(rec["event"], rec["event"])))
    return out


def split_of(record_id: str) -> str:
    """A stable 50/50 split by id."""
    return "dev" if hashlib.sha256(record_id.encode()).digest()[0] % 2 == 0 else "test"


def score(gold: list[str], pred: list[str | None], types: list[str]) -> dict[str, Any]:
    per_type = {}
    for t in types:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == t and p == t)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != t and p == t)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == t and p != t)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_type[t] = {"n": tp + fn, "p": prec, "r": rec, "f1": f1}
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    accuracy = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(1, len(gold))
    found = sum(1 for p in pred if p) / max(1, len(pred))
    return {"per_type": per_type, "macro_f1": macro, "accuracy": accuracy, "coverage": found}


def evaluate(split: str = "all", nlp: Any | None = None) -> dict[str, Any]:
    records = load_gold()
    support = Counter(t for _, _, t in records)
    types = sorted(t for t, n in support.items() if n >= MIN_SUPPORT)
    chosen = [r for r in records if split == "all" or split_of(r[0]) == split]
    preds = []
    for _, text, _ in chosen:
        call = classify_sentence(text, nlp)
        preds.append(call.type if call else None)
    result = score([t for _, _, t in chosen], preds, types)
    result["n"] = len(chosen)
    result["errors"] = [
        (rid, gold, pred, text)
        for (rid, text, gold), pred in zip(chosen, preds, strict=True)
        if gold != pred
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["all", "dev", "test"], default=None)
    parser.add_argument("--no-model", action="store_true", help="rule-based fallback only")
    parser.add_argument("--errors", action="store_true", help="print misclassified dev records")
    args = parser.parse_args(argv)
    if not GOLD.exists():
        print(f"missing {GOLD}", file=sys.stderr)
        return 1
    nlp = None if args.no_model else load_nlp(Settings().spacy_model)
    print(f"model: {'none (rule-based)' if nlp is None else nlp.meta.get('name')}")
    for split in [args.split] if args.split else ["dev", "test", "all"]:
        result = evaluate(split, nlp)
        print(
            f"\n== {split}: {result['n']} sentences, coverage {result['coverage']:.3f}, "
            f"accuracy {result['accuracy']:.3f}"
        )
        print(f"{'type':<10} {'n':>3} {'P':>6} {'R':>6} {'F1':>6}")
        for t, v in result["per_type"].items():
            print(f"{t:<10} {v['n']:>3} {v['p']:>6.3f} {v['r']:>6.3f} {v['f1']:>6.3f}")
        print(f"macro-F1 ({split}): {result['macro_f1']:.3f}")
        if args.errors and split == "dev":
            for rid, gold, pred, text in result["errors"]:
                print(f"  {rid} gold={gold} pred={pred} :: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
