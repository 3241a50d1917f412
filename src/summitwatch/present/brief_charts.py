"""The two charts of a brief, built from typed records: scenario trajectory and calibration."""

from __future__ import annotations

from dataclasses import dataclass

from summitwatch.analyze.ledger import ScoredForecast
from summitwatch.analyze.scenarios import ScenarioRun
from summitwatch.models import Score
from summitwatch.present.charts import ChartFrame, Series, line_chart, scatter_chart

CALIBRATION_BINS = 5
MAX_X_TICKS = 6


@dataclass(frozen=True)
class CalibrationPoint:
    outlet: str
    forecast_id: str
    probability: float  # the forecast's probability that its question resolves yes
    outcome: int  # 1: the question resolved yes


def calibration_points(scored: list[ScoredForecast]) -> list[CalibrationPoint]:
    """The ledger's scored forecasts (the same as ``summitwatch score``), per outlet."""
    return [
        CalibrationPoint(
            s.outlet or "unknown",
            s.forecast.id,
            float(s.forecast.question_probability or 0.0),
            1 if s.happened else 0,
        )
        for s in scored
    ]


def calibration_series(points: list[CalibrationPoint], scores: dict[str, Score]) -> list[Series]:
    """Per outlet: the mean forecast and the observed frequency in each probability bin.

    The label's n and Brier are the ledger's (``scores``), never recomputed here.
    """
    by_outlet: dict[str, list[CalibrationPoint]] = {}
    for point in points:
        by_outlet.setdefault(point.outlet, []).append(point)
    series = []
    for outlet, items in sorted(by_outlet.items()):
        bins: dict[int, list[CalibrationPoint]] = {}
        for item in items:
            index = min(int(item.probability * CALIBRATION_BINS), CALIBRATION_BINS - 1)
            bins.setdefault(index, []).append(item)
        xy = [
            (sum(p.probability for p in b) / len(b), sum(p.outcome for p in b) / len(b))
            for _, b in sorted(bins.items())
        ]
        score = scores.get(outlet)
        label = f"{outlet} (n={score.n}, Brier {score.brier:.2f})" if score else outlet
        series.append(Series(label, xy))
    return series


def calibration_svg(points: list[CalibrationPoint], scores: dict[str, Score]) -> str:
    frame = ChartFrame(
        title="Calibration of the sources",
        x_label="forecast probability",
        y_label="observed frequency",
        x_ticks=[(x / 4, f"{x / 4:.0%}") for x in range(5)],
        x_max=1.0,
    )
    note = "" if points else "no resolved forecasts yet"
    return scatter_chart(frame, calibration_series(points, scores), note)


def trajectory_svg(run: ScenarioRun) -> str:
    steps = len(run.updates)
    dates = [run.opens or "prior", *(u.date for u in run.updates)]
    every = max(1, (steps + 1) // MAX_X_TICKS + (1 if (steps + 1) % MAX_X_TICKS else 0))
    ticks = [(float(i), dates[i]) for i in range(0, steps + 1, every)]
    frame = ChartFrame(
        title="Scenario probabilities, step by step",
        x_label="evidence in date order",
        y_label="probability",
        x_ticks=ticks,
        x_max=float(max(steps, 1)),
    )
    series = [
        Series(
            scenario.name, [(float(i), p) for i, (_, p) in enumerate(run.trajectory(scenario.id))]
        )
        for scenario in run.scenarios
    ]
    return line_chart(frame, series)
