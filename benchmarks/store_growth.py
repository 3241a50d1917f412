"""Adding one document as the store grows: ingest time and peak memory (issue 15, items 4, 7).

Method. Synthetic stores of 0, 1,000, 10,000 and 100,000 documents are written directly into
the database (each document: 8 events from ``query_speed.py``'s generator, 4 actor mentions,
a fingerprint, and every other document a forecast with an outcome class and actors of the
pack), then brought up to date as one batch by the refresh's own functions. Then
a fresh child process loads and warms the pipeline (one example document analysed, not
stored) and ingests one real document of ``examples/corpus`` the way ``summitwatch ingest``
does: read, convert, every stage, store, and the refresh after the batch. It prints the CPU
seconds (``time.process_time``: the machine is shared) and wall seconds of the ingest and of
its refresh, and the child's peak RSS.

Peak memory of 500 against 5,000 documents: ingesting 5,000 real documents through spaCy
takes hours on this shared machine, so the comparison keeps what grows with the store and
what does not apart: stores of 500 and 5,000 synthetic documents, into each of which a child
ingests the whole example corpus one document at a time (each with its refresh, as separate
``summitwatch ingest`` runs would); its peak RSS is printed beside that of a full refresh
(``summitwatch refresh``) of the same store.

    .venv/bin/python benchmarks/store_growth.py [--sizes 0,1000,10000,100000]
        [--memory-sizes 500,5000] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from summitwatch.packs.pack import Pack, load_pack
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "examples" / "corpus"
NEW_DOCUMENT = CORPUS / "2025-11-04_lim_no-meeting.html"
WARM_DOCUMENT = CORPUS / "2019-03-01_lim_hanoi-walkout.txt"
EVENTS_PER_DOCUMENT = 8
MENTIONS_PER_DOCUMENT = 4
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CHUNK = 5_000


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("query_speed", HERE / "query_speed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the synthetic store ---------------------------------------------------------------


def fill(store: Store, pack: Pack, documents: int, seed: int = 11) -> None:
    if documents == 0:
        return
    generator = load_generator()
    rng = random.Random(seed)
    docs = generator.document_rows(documents, pack, rng)
    for doc in docs:
        doc["authors"] = []
        doc["fingerprint"] = {
            "size": rng.randrange(200, 2000),
            "minhash": [rng.randrange(1 << 32) for _ in range(64)],
        }
    is_sqlite = store.engine.dialect.name == "sqlite"
    mark = "?" if is_sqlite else "%s"
    columns = generator.EVENT_COLUMNS
    quoted = ", ".join(f'"{c}"' for c in columns)
    insert = f"INSERT INTO events ({quoted}) VALUES ({', '.join([mark] * len(columns))})"
    links = ", ".join(f'"{c}"' for c in generator.LINK_COLUMNS)
    insert_links = f"INSERT INTO event_actors ({links}) VALUES ({', '.join([mark] * 4)})"
    for start in range(0, len(docs), CHUNK):
        with store.engine.begin() as connection:
            connection.execute(schema.documents.insert(), docs[start : start + CHUNK])
    total = documents * EVENTS_PER_DOCUMENT
    for chunk in generator.event_rows(total, documents, pack, seed):
        with store.engine.begin() as connection:
            connection.exec_driver_sql(insert, chunk)
            connection.exec_driver_sql(insert_links, generator.link_rows(chunk))
    actors = generator.actor_pool(pack)
    for start in range(0, len(docs), CHUNK):
        part = docs[start : start + CHUNK]
        with store.engine.begin() as connection:
            connection.execute(schema.mentions.insert(), mention_rows(part, actors, rng))
            forecasts = forecast_rows(part, pack, rng)
            if forecasts:
                connection.execute(schema.forecasts.insert(), forecasts)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def mention_rows(docs: list[dict[str, Any]], actors: list[str], rng: random.Random) -> list[Any]:
    return [
        {
            "document_id": doc["id"],
            "start": 10 * n,
            "end": 10 * n + 5,
            "text": actor,
            "actor_id": actor,
            "kind": "person" if "-" in actor else "organization",
            "stage": "bench@1",
        }
        for doc in docs
        for n, actor in enumerate(rng.sample(actors, MENTIONS_PER_DOCUMENT))
    ]


def forecast_rows(docs: list[dict[str, Any]], pack: Pack, rng: random.Random) -> list[Any]:
    outcomes = [o.id for o in pack.outcomes] or ["meeting"]
    states = ["PRK", "USA", "KOR", "CHN"]
    rows = []
    for n, doc in enumerate(docs):
        if n % 2:
            continue
        p = round(rng.uniform(0.05, 0.95), 2)
        rows.append(
            {
                "id": f"fc-{doc['id'][4:]}",
                "document_id": doc["id"],
                "holder": f"Analyst {rng.randrange(300)}",
                "attributed": True,
                "statement": "A synthetic forecast.",
                "outcome": "It happens.",
                "phrase": "likely",
                "probability": p,
                "made_on": doc["published"],
                "holder_kind": "person",
                "outcome_class": rng.choice(outcomes),
                "outcome_actors": sorted(rng.sample(states, 2)),
                "outcome_polarity": True,
                "representative": True,
                "start": 900,
                "end": 950,
                "stage": "bench@1",
            }
        )
    return rows


def bring_up_to_date(store: Store, pack: Pack) -> float:
    """The kept state of a store whose documents arrived as one batch (CPU seconds)."""
    from summitwatch.analyze.refresh import refresh_ledger_views, sync_actor_table
    from summitwatch.analyze.scenarios import keep_scenarios
    from summitwatch.stage import Context

    began = time.process_time()
    sync_actor_table(store, Context(Settings(db_url=store.url)))
    refresh_ledger_views(store, pack, date.today().isoformat())
    with store.engine.begin() as connection:
        keep_scenarios(connection, pack)
    return time.process_time() - began


# -- the measured child ----------------------------------------------------------------


def child(url: str, paths: list[str], full_refresh: bool) -> dict[str, Any]:
    from summitwatch.ingest.document import read_document
    from summitwatch.ingest.inputs import expand_inputs
    from summitwatch.pipeline import batch_changes, build_pipeline, ingest_items, refresh_analyses
    from summitwatch.stage import Context

    settings = Settings(db_url=url)
    context = Context(settings)
    pipeline = build_pipeline(settings=settings)
    warm = read_document(WARM_DOCUMENT.read_bytes(), WARM_DOCUMENT.name, settings)
    pipeline.run(warm, context)  # the model loaded and every cache warm
    figures: dict[str, Any] = {"ingest_cpu": 0.0, "refresh_cpu": 0.0, "wall": 0.0}
    with Store(url) as store:
        if full_refresh:
            began = time.process_time()
            refresh_analyses(store, context)
            figures["refresh_cpu"] = time.process_time() - began
        for path in paths:
            items, _ = expand_inputs([path])
            wall, began = time.perf_counter(), time.process_time()
            report = ingest_items(items, store, settings, pipeline=pipeline, context=context)
            stored = time.process_time()
            problem = refresh_analyses(store, context, batch_changes(report))
            figures["ingest_cpu"] += stored - began
            figures["refresh_cpu"] += time.process_time() - stored
            figures["wall"] += time.perf_counter() - wall
            assert problem is None and report.count("stored") == 1, (problem, report.outcomes)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def run_child(url: str, paths: list[str], full_refresh: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", url, *(["--full"] if full_refresh else [])]
    done = subprocess.run([*command, *paths], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child failed: {done.stderr.strip().splitlines()[-1:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# -- stores ----------------------------------------------------------------------------


@contextmanager
def fresh_store(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'growth.db'}"
        return
    name = f"summitwatch_growth_{os.getpid()}_{time.monotonic_ns()}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def prepared(backend: str, pack: Pack, documents: int) -> Iterator[tuple[str, float, float]]:
    with fresh_store(backend) as url:
        with Store(url) as store:
            began = time.perf_counter()
            fill(store, pack, documents)
            filled = time.perf_counter() - began
            setup = bring_up_to_date(store, pack)
        yield url, filled, setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,10000,100000")
    parser.add_argument("--memory-sizes", default="500,5000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    args, paths = parser.parse_known_args(argv)
    if args.child:
        print(json.dumps(child(args.child, paths, args.full)))
        return 0
    pack = load_pack(Settings(db_url="sqlite://").pack_path)
    corpus = sorted(str(p) for p in CORPUS.iterdir() if p.name != WARM_DOCUMENT.name)
    for backend in args.backends.split(","):
        print(f"\n{backend}: one document ({NEW_DOCUMENT.name}) into a store of N documents")
        print(
            f"{'N':>8}{'fill s':>9}{'setup cpu s':>13}{'ingest cpu s':>14}{'refresh cpu s':>15}"
            f"{'total cpu s':>13}{'wall s':>9}{'peak MB':>9}"
        )
        for size in (int(s) for s in args.sizes.split(",") if s):
            for url, filled, setup in prepared(backend, pack, size):
                f = run_child(url, [str(NEW_DOCUMENT)])
                total = f["ingest_cpu"] + f["refresh_cpu"]
                print(
                    f"{size:>8,}{filled:>9.1f}{setup:>13.1f}{f['ingest_cpu']:>14.2f}"
                    f"{f['refresh_cpu']:>15.2f}{total:>13.2f}{f['wall']:>9.2f}"
                    f"{f['peak_rss_mb']:>9.0f}",
                    flush=True,
                )
        print(
            f"\n{backend}: peak RSS, the {len(corpus)} example documents ingested one by one "
            "into a store of N synthetic documents, and a full refresh of that store"
        )
        print(
            f"{'N':>8}{'ingest peak MB':>16}{'refresh cpu s':>15}{'full refresh peak MB':>22}"
            f"{'full refresh cpu s':>20}"
        )
        for size in (int(s) for s in args.memory_sizes.split(",") if s):
            for url, _, _ in prepared(backend, pack, size):
                one = run_child(url, corpus)
                full = run_child(url, [], full_refresh=True)
                print(
                    f"{size:>8,}{one['peak_rss_mb']:>16.0f}{one['refresh_cpu']:>15.2f}"
                    f"{full['peak_rss_mb']:>22.0f}{full['refresh_cpu']:>20.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
