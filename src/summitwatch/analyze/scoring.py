"""Scoring rules and aggregation, as plain arithmetic on probabilities.

- Brier score: (q - o)^2 for a binary question, q the probability given to "yes", o = 1 when the
  question resolved yes else 0. Scale 0 (perfect) to 1 (certain and wrong); 0.25 is what a
  constant 50 % earns.
- Log score: the natural logarithm of the probability given to what happened, with probabilities
  clipped to [0.01, 0.99] so that one overconfident miss does not dominate. 0 is perfect; higher
  (closer to 0) is better; ln(0.5) = -0.693 is the 50 % baseline.
- Aggregation: the median of the log-odds of independent forecasters (robust to one outlier),
  extremized only when at least five independent forecasters contribute.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

CLIP_LOW = 0.01
CLIP_HIGH = 0.99

# Averaging forecasts pulls them toward 50 % because each forecaster holds only part of the
# evidence; pushing the aggregate away from 50 % corrects this when the forecasters are many and
# independent (Baron, Mellers, Tetlock, Stone & Ungar 2014, "Two reasons to make aggregated
# probability forecasts more extreme", Decision Analysis 11(2); Satopää et al. 2014, "Combining
# multiple probability predictions using a simple logit model", IJF 30(2), who estimate
# extremizing factors between about 1.2 and 2.5 on forecasting-tournament data). We use the low,
# conservative end, 1.5, since our forecasters are analysts writing prose, not tournament
# forecasters, and apply it only with five or more independent voices.
EXTREMIZE_FACTOR = 1.5
EXTREMIZE_MIN_VOICES = 5

CALIBRATION_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def clip(p: float) -> float:
    return min(CLIP_HIGH, max(CLIP_LOW, p))


def brier_score(q: float, happened: bool) -> float:
    """Brier score of one binary forecast: (q - o)^2, 0 best, 1 worst."""
    return (q - (1.0 if happened else 0.0)) ** 2


def log_score(q: float, happened: bool) -> float:
    """ln of the (clipped) probability given to what happened: 0 best, ln(0.01) worst."""
    return math.log(clip(q) if happened else clip(1 - q))


def logit(p: float) -> float:
    p = clip(p)
    return math.log(p / (1 - p))


def inverse_logit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass(frozen=True)
class Aggregate:
    probability: float
    voices: int
    extremized: bool


def aggregate(probabilities: Sequence[float]) -> Aggregate | None:
    """Median log-odds of independent forecasts; extremized with five or more voices."""
    if not probabilities:
        return None
    center = statistics.median(logit(p) for p in probabilities)
    extremize = len(probabilities) >= EXTREMIZE_MIN_VOICES
    if extremize:
        center *= EXTREMIZE_FACTOR
    return Aggregate(round(inverse_logit(center), 4), len(probabilities), extremize)


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    n: int
    mean_forecast: float | None
    observed: float | None  # share of these forecasts whose question resolved yes


def calibration(pairs: Sequence[tuple[float, bool]]) -> list[CalibrationBin]:
    """Forecasts grouped by probability: how often "70 %" came true, and so on."""
    bins: list[CalibrationBin] = []
    edges = CALIBRATION_EDGES
    for index, (low, high) in enumerate(itertools.pairwise(edges)):
        last = index == len(edges) - 2
        members = [(q, o) for q, o in pairs if low <= q < high or (last and q == high)]
        mean: float | None = None
        observed: float | None = None
        if members:
            mean = round(sum(q for q, _ in members) / len(members), 4)
            observed = round(sum(1 for _, o in members if o) / len(members), 4)
        bins.append(CalibrationBin(low, high, len(members), mean, observed))
    return bins
