"""Train the factuality model on the UW training split and write ``factuality_model.json``.

Features come from ``summitwatch.extract.factuality_features`` (the rule reading and the parse
given in the CoNLL file); the lexical averages are learnt out of fold, so a training token
never sees its own gold score. The model is scikit-learn's gradient boosting, exported as plain
trees (``summitwatch.extract.factuality_model`` predicts without scikit-learn). Deterministic:
the same data and settings give the same file. Needs scikit-learn (``pip install scikit-learn``);
prints the dev figures of the model it writes. Never reads a test split.

    .venv/bin/python benchmarks/train_factuality.py [--trees N] [--depth D] [--with-dev] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summitwatch.extract.factuality import (
    LABEL_BOUNDS,
    LOWEST_LABEL,
    FactualityReading,
    governor_score,
    label_of,
    read_rules_only,
)
from summitwatch.extract.factuality_conll import annotated_tokens, parse_conll
from summitwatch.extract.factuality_features import (
    FEATURE_NAMES,
    LexicalMeans,
    governor_key,
    lemma_key,
    sparse_features,
    token_features,
)
from summitwatch.extract.factuality_model import LEAF, MODEL_PATH, LexicalModel, model_from_json

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "factuality"
FOLDS = 5
SMOOTHING = 5.0  # pseudo-counts of the prior in a lexical average
MIN_COUNT = 2  # a key seen once in training is not worth shipping
MODEL_NAME = "ridge + boosted trees (UW, MEANTIME train)"
RIDGE_ALPHA = 25.0


@dataclass
class Example:
    gold: float
    token: Any
    rules: FactualityReading
    fold: int
    sparse: dict[str, float]


def examples_of(path: Path, vocab: Any) -> list[Example]:
    sentences = parse_conll(path.read_text(encoding="utf-8"))
    examples = []
    for s, token in annotated_tokens(sentences, vocab):
        rules = read_rules_only(token)
        sparse = sparse_features(token, rules.cues, rules.score)
        examples.append(Example(sentences[s].gold(token.i), token, rules, s % FOLDS, sparse))
    return examples


def smoothed(values: dict[str, list[float]], prior: float, min_count: int) -> dict[str, Any]:
    return {
        key: (round((sum(v) + SMOOTHING * prior) / (len(v) + SMOOTHING), 4), len(v))
        for key, v in sorted(values.items())
        if len(v) >= min_count
    }


def learn_means(examples: list[Example], min_count: int = 1) -> LexicalMeans:
    prior = sum(e.gold for e in examples) / max(1, len(examples))
    by_lemma: dict[str, list[float]] = defaultdict(list)
    by_governor: dict[str, list[float]] = defaultdict(list)
    for e in examples:
        by_lemma[lemma_key(e.token)].append(e.gold)
        by_governor[governor_key(e.token)].append(e.gold)
    return LexicalMeans(
        round(prior, 4),
        smoothed(by_lemma, prior, min_count),
        smoothed(by_governor, prior, min_count),
    )


def fit_lexical(examples: list[Example]) -> LexicalModel:
    """Ridge regression over the indicators seen at least ``MIN_COUNT`` times."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import Ridge

    counts: dict[str, int] = defaultdict(int)
    for e in examples:
        for key in e.sparse:
            counts[key] += 1
    kept = [{k: v for k, v in e.sparse.items() if counts[k] >= MIN_COUNT} for e in examples]
    vectorizer = DictVectorizer()
    ridge = Ridge(alpha=RIDGE_ALPHA).fit(vectorizer.fit_transform(kept), [e.gold for e in examples])
    weights = {
        name: round(float(w), 5)
        for name, w in zip(vectorizer.feature_names_, ridge.coef_, strict=True)
        if abs(w) >= 1e-4
    }
    return LexicalModel(round(float(ridge.intercept_), 5), weights)


def vector_of(e: Example, means: LexicalMeans, lexical: LexicalModel) -> list[float]:
    r = e.rules
    return token_features(
        e.token, r.score, r.label, r.cues, r.source, means, governor_score(e.token),
        lexical.predict(e.sparse),
    )  # fmt: skip


def training_matrix(examples: list[Example]) -> list[list[float]]:
    """Each fold's vectors with the lexical averages and ridge model of the other folds."""
    vectors: list[list[float] | None] = [None] * len(examples)
    for fold in range(FOLDS):
        others = [e for e in examples if e.fold != fold]
        means, lexical = learn_means(others, MIN_COUNT), fit_lexical(others)
        for k, e in enumerate(examples):
            if e.fold == fold:
                vectors[k] = vector_of(e, means, lexical)
    return [v for v in vectors if v is not None]


def export_trees(model: Any) -> list[dict[str, list[Any]]]:
    trees = []
    for estimator in model.estimators_[:, 0]:
        t = estimator.tree_
        trees.append(
            {
                "feature": [int(f) if f >= 0 else LEAF for f in t.feature],
                "threshold": [round(float(x), 5) for x in t.threshold],
                "left": [int(x) for x in t.children_left],
                "right": [int(x) for x in t.children_right],
                "value": [round(float(v[0][0]), 4) for v in t.value],
            }
        )
    return trees


RANKS = {label: k for k, label in enumerate([lab for _, lab in LABEL_BOUNDS] + [LOWEST_LABEL])}


def label_distance(gold: list[str], predicted: list[str]) -> float:
    """Mean number of label steps between gold and predicted (CT+ to PR+ is one step)."""
    steps = sum(abs(RANKS[g] - RANKS[p]) for g, p in zip(gold, predicted, strict=True))
    return steps / max(1, len(gold))


def calibrate_bounds(gold: list[float], predicted: list[float]) -> list[float]:
    """Label bounds on the model's scale that best reproduce the gold scores' labels.

    A regression pulls its scores toward the mean ("did not meet" comes out near −2.4, not −3),
    so the FactBank midpoints would call a clear negation PR-. Coordinate descent on the mean
    label distance (an ordinal error, steadier on the rare negative labels than an F1), bounds
    kept in order.
    """
    want = [label_of(g) for g in gold]
    midpoints = [b for b, _ in LABEL_BOUNDS]
    grid = [round(-3.0 + 0.05 * k, 2) for k in range(121)]

    def error(candidate: list[float]) -> float:
        table = tuple(zip(candidate, (lab for _, lab in LABEL_BOUNDS), strict=True))
        return label_distance(want, [label_of(p, table) for p in predicted])

    bounds, best = midpoints, error(midpoints)
    for _ in range(3):
        for k in range(len(bounds)):
            upper = bounds[k - 1] if k else 3.01
            lower = bounds[k + 1] if k + 1 < len(bounds) else -3.01
            for value in grid:
                trial = [*bounds[:k], value, *bounds[k + 1 :]]
                if lower < value < upper and error(trial) < best:
                    best, bounds = error(trial), trial
    print(f"label bounds {bounds}: label distance {best:.3f} (midpoints {error(midpoints):.3f})")
    return bounds


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def figures(gold: list[float], predicted: list[float]) -> str:
    mae = sum(abs(g - p) for g, p in zip(gold, predicted, strict=True)) / len(gold)
    return f"MAE {mae:.3f} r {pearson(gold, predicted):.3f}"


def fit_model(examples: list[Example], args: argparse.Namespace) -> dict[str, Any]:
    """Boosted trees on ``examples``, as the JSON the package ships."""
    from sklearn.ensemble import GradientBoostingRegressor

    x_train = training_matrix(examples)
    model = GradientBoostingRegressor(
        loss=args.loss,
        n_estimators=args.trees,
        max_depth=args.depth,
        learning_rate=args.rate,
        subsample=0.8,
        min_samples_leaf=10,
        random_state=0,
    )
    model.fit(x_train, [e.gold for e in examples])
    means = learn_means(examples, MIN_COUNT)
    lexical = fit_lexical(examples)
    return {
        "name": MODEL_NAME + (" + dev" if args.with_dev else ""),
        "features": list(FEATURE_NAMES),
        "base": float(model._raw_predict_init([x_train[0]])[0][0]),
        "learning_rate": args.rate,
        "trees": export_trees(model),
        "means": {"prior": means.prior, "lemma": means.lemma, "governor": means.governor},
        "label_bounds": [b for b, _ in LABEL_BOUNDS],
        "lexical": {"intercept": lexical.intercept, "weights": lexical.weights},
    }


def read_examples(corpora: list[str], split: str, vocab: Any) -> list[Example]:
    return [e for c in corpora for e in examples_of(DATA / c / f"{split}.conll", vocab)]


def evaluate_dev(data: dict[str, Any], vocab: Any) -> list[float]:
    """Print the dev figures of the exported model; the calibrated UW label bounds."""
    shipped = model_from_json(json.loads(json.dumps(data)))
    bounds: list[float] = []
    for corpus in ("meantime", "uw"):
        dev = examples_of(DATA / corpus / "dev.conll", vocab)
        gold = [e.gold for e in dev]
        ours = [shipped.predict(vector_of(e, shipped.means, shipped.lexical)) for e in dev]
        print(f"{corpus} dev: {figures(gold, ours)}")
        if corpus == "uw":
            bounds = calibrate_bounds(gold, ours)
    return bounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=250)
    parser.add_argument("--depth", type=int, default=5)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument(
        "--loss", default="absolute_error", choices=["huber", "absolute_error", "squared_error"]
    )
    parser.add_argument("--corpora", default="uw,meantime", help="training corpora")
    parser.add_argument(
        "--with-dev", action="store_true", help="after calibrating, refit on train and dev"
    )
    parser.add_argument("--dry-run", action="store_true", help="report dev figures, write nothing")
    args = parser.parse_args(argv)
    try:
        import sklearn  # noqa: F401
        import spacy
    except ImportError:
        print("needs scikit-learn: .venv/bin/pip install scikit-learn", file=sys.stderr)
        return 1
    vocab = spacy.blank("en").vocab
    corpora = args.corpora.split(",")
    train = read_examples(corpora, "train", vocab)
    data = fit_model(train, args)
    bounds = evaluate_dev(data, vocab)
    if args.with_dev:
        data = fit_model(train + read_examples(corpora, "dev", vocab), args)
    data["label_bounds"] = bounds
    if not args.dry_run:
        MODEL_PATH.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
