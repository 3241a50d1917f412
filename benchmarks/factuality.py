"""Event factuality on UW and MEANTIME (unified CoNLL): mean absolute error and Pearson r.

Every annotated event token of a split is read by ``read_factuality`` (rules, and the trained
model when it ships) from the parse given in the file; the figures are computed over those
tokens as in ``../shared/data/factuality/README.md``. Develop on ``dev`` (the default); run
``--split test`` once, for the final report, which also prints the anchor (Stanovsky et al. 2017)
computed from its predictions, and the "everything happened" (+3.0) baseline.

    .venv/bin/python benchmarks/factuality.py [--split dev|train|test] [--rules] [--labels]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

from summitwatch.extract import factuality
from summitwatch.extract.factuality_conll import annotated_tokens, parse_conll

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "factuality"
CORPORA = ("uw", "meantime")
CERTAIN = 3.0


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def mae(xs: list[float], ys: list[float]) -> float:
    return sum(abs(x - y) for x, y in zip(xs, ys, strict=True)) / max(1, len(xs))


def gold_and_predicted(path: Path, rules_only: bool = False) -> tuple[list[float], list[float]]:
    import spacy

    sentences = parse_conll(path.read_text(encoding="utf-8"))
    vocab = spacy.blank("en").vocab
    gold, predicted = [], []
    read = factuality.read_rules_only if rules_only else factuality.read_factuality
    for s, token in annotated_tokens(sentences, vocab):
        gold.append(sentences[s].gold(token.i))
        predicted.append(read(token).score)
    return gold, predicted


def anchor_scores(corpus: str) -> list[float]:
    """The anchor's predictions on a test set; a token it left unscored counts as +3.0.

    Its file keeps the words and the factuality column but neither our parse nor our sentence
    order, so its sentences are matched to ours by their words.
    """
    text = (DATA / "anchor" / f"{corpus}_test_predictions.conll").read_text(encoding="utf-8")
    theirs: dict[tuple[str, ...], list[list[str]]] = {}
    for block in text.split("\n\n"):
        rows = [line.split("\t") for line in block.splitlines() if line.strip()]
        if rows:
            theirs.setdefault(tuple(r[1] for r in rows), []).append([r[2] for r in rows])
    gold_sentences = parse_conll((DATA / corpus / "test.conll").read_text(encoding="utf-8"))
    scores = []
    for mine in gold_sentences:
        candidates = theirs.get(tuple(mine.words)) or [["_"] * len(mine.lines)]
        values = candidates.pop(0) if len(candidates) > 1 else candidates[0]
        for k in mine.annotated():
            scores.append(anchor_value(values[k]))
    return scores


def anchor_value(cell: str) -> float:
    """A score of the anchor's file; ``_`` or a tag such as ``DEFAULT`` is no score: +3.0."""
    try:
        return float(cell)
    except ValueError:
        return CERTAIN


def label_table(gold: list[float], predicted: list[float]) -> str:
    pairs = Counter(
        (factuality.label_of(g), factuality.label_of(p))
        for g, p in zip(gold, predicted, strict=True)
    )
    labels = [b[1] for b in factuality.LABEL_BOUNDS] + [factuality.LOWEST_LABEL]
    rows = ["gold\\pred " + " ".join(f"{lab:>5}" for lab in labels)]
    for g in labels:
        rows.append(f"{g:<9} " + " ".join(f"{pairs[(g, p)]:>5}" for p in labels))
    agree = sum(n for (g, p), n in pairs.items() if g == p) / max(1, len(gold))
    rows.append(f"label accuracy {agree:.3f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "dev", "test"], default="dev")
    parser.add_argument("--rules", action="store_true", help="the rule reading alone")
    parser.add_argument("--labels", action="store_true", help="print the label confusion")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"missing {DATA}", file=sys.stderr)
        return 1
    reader = "rules only" if args.rules else factuality.reader_name()
    print(f"reader: {reader}")
    if args.split == "dev" and reader.endswith("+ dev"):
        print("(the shipped model was refit on train and dev: these dev figures are in-sample;")
        print(" the held-out dev figures are those benchmarks/train_factuality.py prints)")
    print(f"{'corpus':<9} {'split':<5} {'events':>6} {'MAE':>6} {'r':>6} {'+3 MAE':>7}")
    for corpus in CORPORA:
        gold, predicted = gold_and_predicted(DATA / corpus / f"{args.split}.conll", args.rules)
        everything = [CERTAIN] * len(gold)
        print(
            f"{corpus:<9} {args.split:<5} {len(gold):>6} {mae(gold, predicted):>6.3f} "
            f"{pearson(gold, predicted):>6.3f} {mae(gold, everything):>7.3f}"
        )
        if args.split == "test":
            anchor = anchor_scores(corpus)
            print(
                f"{'  anchor':<15} {len(anchor):>6} {mae(gold, anchor):>6.3f} "
                f"{pearson(gold, anchor):>6.3f}"
            )
        if args.labels:
            print(label_table(gold, predicted))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
