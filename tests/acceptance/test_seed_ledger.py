"""Acceptance: both seeds through the full pipeline and the store, checked against gold.

Reads ``../shared/gold/seeds.yaml`` (forecasts, reasons, corpus) and the seed files in place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from summitwatch.analyze import ledger
from summitwatch.extract import forecasts as forecast_stage
from summitwatch.extract import reasons as reason_stage
from summitwatch.ingest.inputs import expand_inputs
from summitwatch.models import Forecast, Reason
from summitwatch.pipeline import (
    Context,
    Pipeline,
    Stage,
    builtin_stages,
    check_order,
    ingest_items,
    refresh_analyses,
)
from summitwatch.settings import Settings
from summitwatch.store import rows
from summitwatch.store.database import Store
from tests.conftest import GOLD, SEED_000, SEED_003

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
ORDER = ("sentences", "parse", "timex", "actors", "events", "quotes", "forecasts", "reasons")


def fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def ledger_pipeline() -> Pipeline:
    """The built-in stages, plus the ledger's and their prerequisites if not built in yet."""
    from summitwatch.extract import actors, events, timex

    stages: list[Stage] = list(builtin_stages())
    names = {s.name for s in stages}
    for stage in (
        timex.STAGE,
        actors.STAGE,
        events.STAGE,
        forecast_stage.STAGE,
        reason_stage.STAGE,
    ):
        if stage.name not in names:
            stages.append(stage)
            names.add(stage.name)
    stages.sort(key=lambda s: ORDER.index(s.name) if s.name in ORDER else len(ORDER))
    check_order(stages)
    return Pipeline(tuple(stages))


def ingest(paths: list[Path], settings: Settings) -> Store:
    items, failures = expand_inputs([str(p) for p in paths])
    assert not failures
    context = Context(settings)
    store = Store(settings.db_url)
    report = ingest_items(items, store, settings, pipeline=ledger_pipeline(), context=context)
    assert report.ok, report.summary()
    refresh_analyses(store, context)
    ledger.refresh_ledger(store, context.pack)
    return store


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    if not GOLD.exists():
        pytest.fail(f"{GOLD} is missing")
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    return ingest([SEED_003, SEED_000], Settings(db_url=f"sqlite:///{db}"))


def stored(store: Store) -> tuple[list[Forecast], list[Reason], dict[str, str]]:
    with store.engine.connect() as connection:
        documents = {d.id: d.title or "" for d in rows.load_documents(connection)}
        return rows.load_forecasts(connection), rows.load_reasons(connection), documents


def gold_items(gold: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    return [(fold(d["title"]), item) for d in gold["documents"] for item in d[kind]]


def test_every_must_forecast_has_its_probability(gold: dict[str, Any], seeds_store: Store) -> None:
    forecasts, _, titles = stored(seeds_store)
    missed = []
    for title, item in gold_items(gold, "forecasts"):
        hits = [
            f
            for f in forecasts
            if fold(item["evidence"]) in fold(f.statement) and fold(titles[f.document_id]) == title
        ]
        low, high = item["p"]
        good = [f for f in hits if low <= f.probability <= high]
        if item.get("conditional"):
            good = [f for f in good if f.condition]
        if "attributed" in item:
            good = [f for f in good if f.attributed == item["attributed"]]
        if "holder_any" in item:
            good = [f for f in good if f.holder in item["holder_any"]]
        if not good and item.get("must", True):
            missed.append((item["evidence"], [(f.probability, f.holder) for f in hits]))
    assert not missed


def test_every_must_reason_has_its_factor(gold: dict[str, Any], seeds_store: Store) -> None:
    _, reasons, _ = stored(seeds_store)
    missed = []
    for _, item in gold_items(gold, "reasons"):
        factors = [r.factor for r in reasons if fold(item["evidence"]) in fold(r.statement)]
        if not any(item["factor_hint"] in f for f in factors) and item.get("must", True):
            missed.append((item["evidence"], factors))
    assert not missed


def test_october_meeting_resolves_no_from_seed_000(seeds_store: Store) -> None:
    data = ledger.load_ledger(seeds_store)
    question = data.questions["oct-2025-trip-meeting"]
    assert question.status == "no"
    assert question.resolved_on == "2025-10-31" and question.known_on == "2025-11-05"
    with seeds_store.engine.connect() as connection:
        ids = {d.source: d.id for d in rows.load_documents(connection)}
        in_doc = {e.id: e.document_id for e in rows.load_events(connection)}
    seed_000 = next(i for source, i in ids.items() if source.endswith(SEED_000.name))
    # the evidence: seed 000 itself (closed window) or a denial read from it (statement)
    assert any(
        ref == f"document:{seed_000}" or in_doc.get(ref) == seed_000 for ref in question.evidence
    )


# Two scores wait on the forecasts stage (issue 12), not on the ledger: Choi's "pressure
# rather than diplomacy" is read as a forecast that sanctions are imposed (the ledger would score
# it on Trump seeking a meeting, negated, if the outcome said so), and the corpus's "the summit"
# and "a comprehensive agreement" name no parties, so no question can be found for them. Not
# strict: they report XPASS as soon as they hold.
NEEDS_DIPLOMACY_OUTCOME = pytest.mark.xfail(
    reason="'pressure rather than diplomacy' is read as sanctions imposed (issue 12)",
    strict=False,
)
NEEDS_OUTCOME_PARTIES = pytest.mark.xfail(
    reason="'the summit', 'a comprehensive agreement' name no parties (issue 12)",
    strict=False,
)


def test_trump_seeks_meeting_resolves_yes(seeds_store: Store) -> None:
    data = ledger.load_ledger(seeds_store)
    assert data.questions["trump-seeks-meeting-2025"].status == "yes"


def needs_structured_outcomes(forecasts: list[Forecast]) -> None:
    """Linking reads the structured outcome the forecasts stage states (issue 12)."""
    if not any(f.outcome_class for f in forecasts):
        pytest.skip("the forecasts stage states no structured outcome (outcome_class) yet")


def choi_scored(store: Store) -> list[ledger.ScoredForecast]:
    data = ledger.load_ledger(store)
    needs_structured_outcomes(data.forecasts)
    return [s for s in data.scored if s.forecast.holder == "B.J. Choi"]


def test_choi_scores_a_good_forecast_once(seeds_store: Store) -> None:
    scored = choi_scored(seeds_store)
    # restatements are one judgment (issue 12): never the nine scores of one article again
    assert 1 <= len(scored) < 9
    # "Kim is unlikely to respond…" and "North Korea's dictator is unlikely to reengage" are one
    # judgment: either wording may represent it. No horizon stated: the trip of October 2025 is
    # the first occasion that tests it, and no meeting took place.
    assert any(s.brier < 0.1 and re.search(r"respond|reengage", s.forecast.outcome) for s in scored)
    scores = {(s.holder, s.outlet) for s in ledger.compute_scores(seeds_store)}
    assert ("B.J. Choi", "NVNK") in scores


@NEEDS_DIPLOMACY_OUTCOME
def test_choi_scores_one_good_and_one_bad(seeds_store: Store) -> None:
    scored = choi_scored(seeds_store)
    assert 2 <= len(scored) < 9
    assert any(s.brier < 0.1 and re.search(r"respond|reengage", s.forecast.outcome) for s in scored)
    assert any(
        s.brier > 0.3 and re.search(r"pressure|sanctions", s.forecast.outcome) for s in scored
    )


def test_russia_factor_is_shared_by_both_seeds(seeds_store: Store) -> None:
    shared = dict(ledger.shared_factors(seeds_store))
    assert len(shared.get("russia-alignment", [])) == 2


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    return ingest(sorted(CORPUS.iterdir()), Settings(db_url=f"sqlite:///{db}"))


SUMMITS = {
    "trump-kim-summit-2018": "yes",
    "second-summit-2019-03": "yes",
    "hanoi-comprehensive-deal": "no",
    "third-meeting-2019": "yes",
    "oct-2025-trip-meeting": "no",
}


def test_example_corpus_resolves_each_summit(corpus_store: Store) -> None:
    """Singapore, Hanoi, Panmunjom and APEC 2025 resolve from the corpus's own reporting."""
    data = ledger.load_ledger(corpus_store)
    assert {q: data.questions[q].status for q in SUMMITS} == SUMMITS
    singapore = data.questions["trump-kim-summit-2018"]
    assert (singapore.resolved_on, singapore.resolved_by) == ("2018-06-12", "event")
    # after 2025 the corpus holds one report, from a C-rated outlet: not enough to close the
    # window by the policy (B or better, or two independent stories)
    assert data.questions["trump-kim-meet-2025"].status == "open"


@NEEDS_OUTCOME_PARTIES
def test_example_corpus_ledger(corpus_store: Store) -> None:
    """Beyond the seeds: forecasts before Singapore, Hanoi and APEC 2025 resolve and score."""
    data = ledger.load_ledger(corpus_store)
    needs_structured_outcomes(data.forecasts)
    questions_scored = {s.forecast.question for s in data.scored}
    assert set(SUMMITS) <= questions_scored
    holders = {s.holder for s in ledger.compute_scores(corpus_store)}
    assert {"Mina Park", "Daniel Okafor", "Clara Whitcombe", "Leah Sorensen"} <= holders
    open_questions = {q.question: q for q in ledger.aggregate_open_questions(corpus_store)}
    assert open_questions["trump-kim-meet-2026"].probability is not None
