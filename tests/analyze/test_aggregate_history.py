"""A question's aggregate over time is the ledger's aggregate as it stood after each day."""

from __future__ import annotations

import pytest

from summitwatch.analyze.aggregate_history import aggregate_history
from summitwatch.analyze.ledger import Ledger, aggregate_question
from summitwatch.analyze.scoring import aggregate
from summitwatch.models import Forecast, Question

QUESTION = Question("q-meet", "Will they meet by the deadline?", deadline="2026-12-31")


def forecast(number: int, holder: str, made_on: str | None, p: float, **extra: object) -> Forecast:
    fields: dict[str, object] = {"holder_kind": "person", **extra}
    return Forecast(
        id=f"f{number}",
        document_id=f"d{number}",
        holder=holder,
        statement="…",
        outcome="they meet",
        probability=p,
        start=0,
        end=1,
        question=QUESTION.id,
        question_probability=p,
        made_on=made_on,
        **fields,  # type: ignore[arg-type]
    )


def ledger_of(*forecasts: Forecast) -> Ledger:
    return Ledger(
        list(forecasts), {QUESTION.id: QUESTION}, {f.document_id: None for f in forecasts}
    )


def test_one_point_per_forecast_day_from_each_voice_latest_forecast() -> None:
    book = ledger_of(
        forecast(1, "Ana Ruiz", "2025-01-10", 0.2),
        forecast(2, "Ben Cho", "2025-02-01", 0.6),
        forecast(3, "Ana Ruiz", "2025-03", 0.4),  # month precision: counts from its first day
        forecast(4, "Ana Ruiz", None, 0.9),  # undated: on no day of the history
    )
    history = aggregate_history(book, None, QUESTION.id)
    assert [p.on for p in history] == ["2025-01-10", "2025-02-01", "2025-03-01"]
    assert history[0].probability == pytest.approx(0.2)
    assert history[0].holders == ["Ana Ruiz"]
    assert history[1].probability == pytest.approx(aggregate([0.2, 0.6]).probability)  # type: ignore[union-attr]
    assert history[2].probability == pytest.approx(aggregate([0.4, 0.6]).probability)  # type: ignore[union-attr]
    assert [p.voices for p in history] == [1, 2, 2]


def test_last_point_of_dated_forecasts_is_the_current_aggregate() -> None:
    book = ledger_of(
        forecast(1, "Ana Ruiz", "2025-01-10", 0.3),
        forecast(2, "Ben Cho", "2025-02-01", 0.7),
        forecast(3, "Cy Diaz", "2025-02-01", 0.8),
    )
    history = aggregate_history(book, None, QUESTION.id)
    current = aggregate_question(book, {}, QUESTION)
    assert history[-1].probability == current.probability
    assert history[-1].holders == current.holders == ["Ana Ruiz", "Ben Cho", "Cy Diaz"]


def test_forecasts_the_aggregate_leaves_out_add_no_point() -> None:
    book = ledger_of(
        forecast(1, "Ana Ruiz", "2025-01-10", 0.3, condition="if sanctions are lifted"),
        forecast(2, "analysts", "2025-02-01", 0.7, holder_kind="group"),
        forecast(3, "Ben Cho", "2025-03-01", 0.5),
    )
    history = aggregate_history(book, None, QUESTION.id)
    assert [(p.on, p.holders) for p in history] == [("2025-03-01", ["Ben Cho"])]
    assert aggregate_history(book, None, "no-such-question") == []
