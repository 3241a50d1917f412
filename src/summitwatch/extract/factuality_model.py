"""The trained factuality model: boosted regression trees over ``factuality_features``.

A ridge regression over sparse lexical indicators (``sparse_features``) is stacked under the
trees: its score is one of their features.

The weights ship in ``factuality_model.json`` (written by ``benchmarks/train_factuality.py``
from the UW training split); prediction is plain Python over the stored trees, so nothing but
this file is needed at run time. A missing or mismatched file leaves the rules alone in charge.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summitwatch.extract.factuality_features import FEATURE_NAMES, LexicalMeans

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).with_name("factuality_model.json")
LEAF = -1


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]  # LEAF at a leaf
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, x: list[float]) -> float:
        node = 0
        while self.feature[node] != LEAF:
            f = self.feature[node]
            node = self.left[node] if x[f] <= self.threshold[node] else self.right[node]
        return self.value[node]


@dataclass(frozen=True)
class LexicalModel:
    """A ridge regression over named indicator features; its score feeds the trees."""

    intercept: float
    weights: dict[str, float]

    def predict(self, features: dict[str, float]) -> float:
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())


@dataclass(frozen=True)
class FactualityModel:
    name: str
    base: float
    learning_rate: float
    trees: tuple[Tree, ...]
    means: LexicalMeans
    lexical: LexicalModel
    # label of a score: the first (bound, label) whose bound the score reaches, else CT-;
    # calibrated on UW dev by the training script (a regression's scores shrink toward the mean)
    label_bounds: tuple[tuple[float, str], ...] = ()
    low: float = -3.0
    high: float = 3.0

    def predict(self, x: list[float]) -> float:
        raw = self.base + self.learning_rate * sum(tree.predict(x) for tree in self.trees)
        return max(self.low, min(self.high, raw))


def model_from_json(data: dict[str, Any]) -> FactualityModel:
    if tuple(data["features"]) != FEATURE_NAMES:
        raise ValueError("the model was trained on other features; retrain it")
    trees = tuple(
        Tree(
            tuple(t["feature"]),
            tuple(t["threshold"]),
            tuple(t["left"]),
            tuple(t["right"]),
            tuple(t["value"]),
        )
        for t in data["trees"]
    )
    means = data["means"]
    labels = ("CT+", "PR+", "PS+", "Uu", "PS-", "PR-")
    bounds = tuple(zip((float(b) for b in data["label_bounds"]), labels, strict=True))
    return FactualityModel(
        name=str(data["name"]),
        base=float(data["base"]),
        learning_rate=float(data["learning_rate"]),
        trees=trees,
        label_bounds=bounds,
        lexical=LexicalModel(
            float(data["lexical"]["intercept"]),
            {str(k): float(v) for k, v in data["lexical"]["weights"].items()},
        ),
        means=LexicalMeans(
            prior=float(means["prior"]),
            lemma={k: (float(v[0]), int(v[1])) for k, v in means["lemma"].items()},
            governor={k: (float(v[0]), int(v[1])) for k, v in means["governor"].items()},
        ),
    )


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> FactualityModel | None:
    """The shipped model, or None (rules only) when it is absent or does not fit the code."""
    if not path.exists():
        return None
    try:
        return model_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as error:
        log.warning("factuality model %s unusable (%s); using the rules alone", path.name, error)
        return None
