"""Query latency of the analyst's views on a large store: timeline, scenarios, ledger.

Builds a store of synthetic events (one million by default; sentences from our own templates,
actors from the korea pack, dates 2000-2026 with day/month/year precision), on SQLite (a file
in a temporary folder) and on PostgreSQL (a fresh database created on the server and dropped
afterwards), then times each query with random parameters and prints median and p95.

Queries:
- ``timeline-month``: one month of the timeline (date range through the index), 200 rows;
- ``timeline-filtered``: one year, one type, one state (persons count for it), 100 rows;
- ``timeline-page``: one year, a page of 100 rows at an offset up to 2,000;
- ``scenarios``: the Bayes run up to a random ``--as-of`` day, as the refresh keeps it: every
  scenario's trajectory and current probability (the chart; explanations are read on demand);
- ``ledger-scores`` / ``ledger-aggregate``: the ledger's scores and open-question aggregates
  over synthetic forecasts on synthetic questions, as the refresh keeps them.

After filling, the views the refresh keeps are computed once (their CPU time is printed).
p95 is the value below which 95 % of the runs fall; with fewer than 21 runs it is the
maximum, so use ``--repeat 40`` or more.

    .venv/bin/python benchmarks/query_speed.py [--events 1000000] [--repeat 40]
        [--backends sqlite,postgres] [--pg-admin postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from summitwatch.analyze.ledger_views import keep_ledger_views, kept_aggregates, kept_scores
from summitwatch.analyze.scenarios import keep_scenarios, run_scenarios
from summitwatch.analyze.timeline import TimelineQuery, build_timeline
from summitwatch.packs.pack import Pack, load_pack
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store
from summitwatch.store.dates import DATE_COLUMNS, event_actor_rows, event_date_columns

CHUNK = 20_000
START, END = date(2000, 1, 1), date(2026, 12, 31)
TYPES = {
    "CONSULT": 30,
    "REJECT": 8,
    "MOBILIZE": 8,
    "THREATEN": 6,
    "AGREE": 6,
    "REQUEST": 6,
    "CONCEDE": 4,
    "ACCUSE": 6,
    "COOPERATE": 6,
    "SUPPORT": 5,
    "AID": 3,
    "SANCTION": 4,
    "PROTEST": 3,
    "COERCE": 2,
    "ASSAULT": 2,
    "RETREAT": 1,
}
MODALITIES = {
    "asserted": 60,
    "historical": 15,
    "reported": 10,
    "planned": 7,
    "negated": 5,
    "hypothetical": 3,
}
TEMPLATES = {
    "REJECT": [
        "{a} rejected talks with {b}.",
        "{a} did not respond to the offer to meet {b}.",
        "{a} turned down the proposal from {b}.",
        "{a} refused the letter from {b}.",
    ],
    "CONSULT": [
        "{a} met {b} in the capital.",
        "An envoy of {a} visited {b}.",
        "{a} will visit {b} on a trip next month.",
        "{a} held a summit with {b}.",
    ],
    "MOBILIZE": [
        "{a} launched a missile.",
        "{a} staged large drills near the border.",
        "{a} launched a missile during the visit of {b}.",
    ],
    "CONCEDE": ["{a} offered sanctions relief to {b}.", "{a} eased border controls for {b}."],
    "REQUEST": ["{a} asked to meet {b}.", "{a} called on {b} to return to talks."],
}
GENERIC = ["{a} and {b} exchanged statements.", "{a} issued a statement about {b}."]
# the factuality a modality goes with (FactBank): what the events stage writes beside it
FACTUALITY = {"negated": "CT-", "planned": "PR+", "hypothetical": "Uu"}


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def random_date(rng: random.Random) -> str:
    day = START + timedelta(days=rng.randrange((END - START).days + 1))
    roll = rng.random()
    if roll < 0.75:
        return day.isoformat()
    return day.isoformat()[:7] if roll < 0.93 else str(day.year)


def actor_pool(pack: Pack) -> list[str]:
    wanted = [
        "USA",
        "PRK",
        "KOR",
        "CHN",
        "RUS",
        "JPN",
        "donald-trump",
        "kim-jong-un",
        "lee-jae-myung",
        "xi-jinping",
        "vladimir-putin",
        "moon-jae-in",
        "joe-biden",
    ]
    return [a for a in wanted if pack.actor(a) is not None] or wanted


def document_rows(count: int, pack: Pack, rng: random.Random) -> list[dict[str, object]]:
    publishers = [s.publisher for s in pack.sources] or ["Synthetic Wire"]
    rows = []
    for n in range(count):
        published = (START + timedelta(days=rng.randrange((END - START).days))).isoformat()
        rows.append(
            {
                "id": f"doc-{n:012x}",
                "sha256": f"{n:064x}",
                "title": f"Synthetic report {n}",
                "authors": "[]",
                "publisher": rng.choice(publishers),
                "series": None,
                "published": published,
                "language": "en",
                "word_count": 500,
                "source": f"synthetic://{n}",
                "format": "txt",
                "text": "synthetic",
                "ingested_at": "2026-01-01T00:00:00",
            }
        )
    return rows


def event_rows(total: int, documents: int, pack: Pack, seed: int) -> Iterator[list[tuple]]:
    rng = random.Random(seed)
    actors = actor_pool(pack)
    chunk: list[tuple] = []
    for n in range(total):
        kind = weighted(rng, TYPES)
        a, b = rng.sample(actors, 2)
        sentence = rng.choice(TEMPLATES.get(kind, GENERIC)).format(a=a, b=b)
        modality = weighted(rng, MODALITIES)
        value = random_date(rng)
        bounds = event_date_columns(value)
        chunk.append(
            (
                f"ev-{n:012x}",
                f"doc-{rng.randrange(documents):012x}",
                kind,
                None,
                json.dumps([a]),
                json.dumps([b]),
                value,
                None,
                modality,
                sentence,
                0,
                len(sentence),
                None,
                None,
                "bench@1",
                FACTUALITY.get(modality, "CT+"),
                None,
                "author",
                True,
                *(bounds[name] for name in DATE_COLUMNS),
            )
        )
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# The generated rows follow the table's column order.
EVENT_COLUMNS = tuple(schema.events.c.keys())
LINK_COLUMNS = ("event_id", "actor_id", "role", "date_start")


def link_rows(chunk: list[tuple]) -> list[tuple]:
    """The event_actors rows of generated events (what the store writes beside each event)."""
    at = {name: EVENT_COLUMNS.index(name) for name in ("id", "actors", "recipients", "date_start")}
    return [
        (link["event_id"], link["actor_id"], link["role"], link["date_start"])
        for row in chunk
        for link in event_actor_rows(
            row[at["id"]],
            json.loads(row[at["actors"]]),
            json.loads(row[at["recipients"]]),
            row[at["date_start"]],
        )
    ]


def fill_store(store: Store, pack: Pack, events: int, seed: int) -> float:
    """Bulk insert (executemany in chunks); returns the seconds it took."""
    rng = random.Random(seed)
    documents = max(1, events // 50)
    began = time.perf_counter()
    is_sqlite = store.engine.dialect.name == "sqlite"
    mark = "?" if is_sqlite else "%s"
    quoted = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
    insert = f"INSERT INTO events ({quoted}) VALUES ({', '.join([mark] * len(EVENT_COLUMNS))})"
    with store.engine.begin() as connection:
        connection.execute(schema.documents.insert(), document_rows(documents, pack, rng))
    links = ", ".join(f'"{c}"' for c in LINK_COLUMNS)
    insert_links = f"INSERT INTO event_actors ({links}) VALUES ({', '.join([mark] * 4)})"
    for chunk in event_rows(events, documents, pack, seed):
        with store.engine.begin() as connection:
            connection.exec_driver_sql(insert, chunk)
            connection.exec_driver_sql(insert_links, link_rows(chunk))
    fill_ledger(store, pack, rng, documents)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return time.perf_counter() - began


def keep_views(store: Store, pack: Pack) -> dict[str, float]:
    """What the refresh keeps for the queries (scenario steps, scores, aggregates), timed in
    CPU seconds of this process. The synthetic forecasts keep their links: only the views are
    computed, as the refresh computes them after linking."""
    seconds = {}
    for name, keep in (("scenarios", keep_scenarios), ("ledger", keep_ledger_views)):
        began = time.process_time()
        with store.engine.begin() as connection:
            keep(connection, pack)
        seconds[name] = time.process_time() - began
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return seconds


def fill_ledger(store: Store, pack: Pack, rng: random.Random, documents: int) -> None:
    """Synthetic questions (half resolved) and forecasts on them, for the ledger queries."""
    questions, forecasts = [], []
    for q in range(200):
        status = rng.choice(["yes", "no", "open", "open"])
        questions.append(
            {
                "id": f"bench-q{q}",
                "text": f"Synthetic question {q}",
                "deadline": "2026-12-31",
                "status": status,
                "resolved_on": None if status == "open" else "2026-06-01",
                "evidence": [],
                "resolved_by": None,
                "note": None,
            }
        )
    for f in range(20_000):
        p = rng.random()
        forecasts.append(
            {
                "id": f"fc-{f:012x}",
                "document_id": f"doc-{rng.randrange(documents):012x}",
                "holder": f"Analyst {rng.randrange(300)}",
                "attributed": False,
                "statement": "A synthetic forecast.",
                "outcome": "It happens.",
                "phrase": "likely",
                "probability": p,
                "low": None,
                "high": None,
                "horizon": None,
                "condition": None,
                "question": f"bench-q{rng.randrange(200)}",
                "question_probability": p,
                "made_on": "2025-01-01",
                # spans away from the events' sentences: these forecasts are not events
                "start": 10_000,
                "end": 10_010,
                "stage": "bench@1",
            }
        )
    with store.engine.begin() as connection:
        connection.execute(schema.questions.insert(), questions)
        for start in range(0, len(forecasts), CHUNK):
            connection.execute(schema.forecasts.insert(), forecasts[start : start + CHUNK])


def queries(store: Store, pack: Pack, rng: random.Random) -> dict[str, Callable[[], object]]:
    states = ["PRK", "USA", "KOR", "CHN"]
    types = ["CONSULT", "REJECT", "MOBILIZE", "REQUEST"]

    def month() -> object:
        year, m = rng.randrange(2000, 2027), rng.randrange(1, 13)
        value = f"{year}-{m:02d}"
        return build_timeline(store, pack, TimelineQuery(start=value, end=value, limit=200))

    def filtered() -> object:
        year = str(rng.randrange(2000, 2027))
        query = TimelineQuery(
            actor=rng.choice(states), type=rng.choice(types), start=year, end=year, limit=100
        )
        return build_timeline(store, pack, query)

    def page() -> object:
        year = str(rng.randrange(2000, 2027))
        query = TimelineQuery(start=year, end=year, limit=100, offset=rng.randrange(0, 2000))
        return build_timeline(store, pack, query)

    def scenarios() -> object:
        as_of = (date(2025, 1, 1) + timedelta(days=rng.randrange(700))).isoformat()
        run = run_scenarios(store, pack, as_of)
        # what the scenario chart shows: every scenario's trajectory and where it stands
        return [run.trajectory(s.id) for s in run.scenarios], run.current

    found: dict[str, Callable[[], object]] = {
        "timeline-month": month,
        "timeline-filtered": filtered,
        "timeline-page": page,
        "scenarios": scenarios,
    }
    found["ledger-scores"] = lambda: kept_scores(store)
    found["ledger-aggregate"] = lambda: kept_aggregates(store, pack)
    return found


def print_kept(backend: str, seconds: dict[str, float]) -> None:
    spent = ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items())
    print(f"{backend}: views kept by the refresh, CPU: {spent}", flush=True)


def time_queries(store: Store, pack: Pack, repeat: int, seed: int) -> dict[str, list[float]]:
    """Per query: median and p95 of wall time, then of this process's CPU time (in which
    SQLite's own work is counted; PostgreSQL's server is not)."""
    rng = random.Random(seed)
    results = {}
    for name, run in queries(store, pack, rng).items():
        run()  # warm the caches once; the figures are for a store in use
        walls, cpus = [], []
        for _ in range(repeat):
            began, cpu = time.perf_counter(), time.process_time()
            run()
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
        results[name] = [*quantiles(walls), *quantiles(cpus)]
    return results


def quantiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95


def sqlite_run(pack: Pack, args: argparse.Namespace) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            seconds = fill_store(store, pack, args.events, args.seed)
            print(f"sqlite: {args.events:,} events stored in {seconds:.1f} s", flush=True)
            print_kept("sqlite", keep_views(store, pack))
            return time_queries(store, pack, args.repeat, args.seed)
        finally:
            store.close()


def postgres_run(pack: Pack, args: argparse.Namespace) -> dict[str, list[float]]:
    name = f"summitwatch_bench_{os.getpid()}"
    admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.pg_admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        store = Store(url)
        try:
            seconds = fill_store(store, pack, args.events, args.seed)
            print(f"postgres: {args.events:,} events stored in {seconds:.1f} s", flush=True)
            print_kept("postgres", keep_views(store, pack))
            return time_queries(store, pack, args.repeat, args.seed)
        finally:
            store.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--pg-admin",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="URL of a database on the server used to create and drop the benchmark database",
    )
    args = parser.parse_args(argv)
    pack = load_pack(Settings(db_url="sqlite://").pack_path)
    runners = {"sqlite": sqlite_run, "postgres": postgres_run}
    for backend in args.backends.split(","):
        results = runners[backend.strip()](pack, args)
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        print(f"\n{backend}: {args.events:,} events, {args.repeat} runs per query")
        print(f"(load average {load} on {os.cpu_count()} CPUs: wall time includes waiting)")
        print(f"{'query':<20}{'median ms':>11}{'p95 ms':>9}{'CPU median':>12}{'CPU p95':>9}")
        for query, (median, p95, cpu_median, cpu_p95) in results.items():
            print(
                f"{query:<20}{median * 1000:>11.1f}{p95 * 1000:>9.1f}"
                f"{cpu_median * 1000:>12.1f}{cpu_p95 * 1000:>9.1f}"
            )
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
