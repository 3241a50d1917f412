"""Load on the desk: concurrent clients against the overview, timeline, question and search.

Builds a store of synthetic events with ``query_speed.py``'s generator (one million by
default), serves it with ``summitwatch serve`` in a child process, then runs ``--clients``
concurrent clients for ``--seconds``, each requesting one of the four pages at random, and
prints per-page request counts, errors, median, p95 and p99 latency.

    .venv/bin/python benchmarks/desk_load.py [--events 1000000] [--clients 100] [--seconds 60]
        [--backends sqlite,postgres] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, select, text

from summitwatch.packs.pack import load_pack
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store

HERE = Path(__file__).resolve().parent
SEARCH_WORDS = ("synthetic", "report", "summit", "Kim", "talks")
QUESTIONS = 10


def load_generator() -> object:
    spec = importlib.util.spec_from_file_location("query_speed", HERE / "query_speed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(url: str, workers: int) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "summitwatch", "serve", "--db", url, "--port", str(port)]
    command += ["--workers", str(workers)]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/static/desk.css", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:  # requests still queued: stop without them
            child.kill()
            child.wait()


def page_paths(store: Store, rng: random.Random) -> dict[str, list[str]]:
    with store.engine.connect() as connection:
        questions = [r.id for r in connection.execute(select(schema.questions.c.id))] or ["none"]
    months = [f"{y}-{m:02d}" for y in range(2000, 2027) for m in range(1, 13)]
    return {
        "overview": ["/"],
        "timeline": [f"/timeline?from={m}&to={m}" for m in rng.sample(months, 40)],
        "question": [f"/questions/{q}" for q in questions[:QUESTIONS]],
        "search": [f"/search?q={w}" for w in SEARCH_WORDS],
    }


async def client(
    base: str,
    paths: dict[str, list[str]],
    until: float,
    seed: int,
    timings: dict[str, list[float]],
    errors: dict[str, int],
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < until:
            page = rng.choice(list(paths))
            began = time.perf_counter()
            try:
                response = await http.get(rng.choice(paths[page]))
                failed = response.status_code >= 500
            except httpx.HTTPError:
                failed = True
            timings[page].append(time.perf_counter() - began)
            if failed:
                errors[page] += 1


def run_load(base: str, paths: dict[str, list[str]], clients: int, seconds: float) -> None:
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    until = time.monotonic() + seconds

    async def everyone() -> None:
        await asyncio.gather(
            *(client(base, paths, until, n, timings, errors) for n in range(clients))
        )

    asyncio.run(everyone())
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{clients} clients for {seconds:.0f} s; load average {load} on {os.cpu_count()} CPUs")
    print(
        f"{'page':10} {'requests':>9} {'errors':>7} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8}"
    )
    for page in paths:
        values = sorted(timings[page])
        if not values:
            continue
        quantiles = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
        print(
            f"{page:10} {len(values):9d} {errors[page]:7d} "
            f"{statistics.median(values) * 1000:10.0f} "
            f"{quantiles[94] * 1000:8.0f} {quantiles[98] * 1000:8.0f}",
            flush=True,
        )


def measure(url: str, args: argparse.Namespace, label: str) -> None:
    generator = load_generator()
    pack = load_pack(Settings().pack_path)
    with Store(url) as store:
        seconds = generator.fill_store(store, pack, args.events, args.seed)  # type: ignore[attr-defined]
        print(f"{label}: {args.events:,} events stored in {seconds:.1f} s", flush=True)
        # the views the refresh keeps (scores, aggregates, scenario steps), as after an ingest
        generator.print_kept(label, generator.keep_views(store, pack))  # type: ignore[attr-defined]
        paths = page_paths(store, random.Random(args.seed))
    with served(url, args.workers) as base:
        warm_up(base, paths)
        run_load(base, paths, args.clients, args.seconds)


def warm_up(base: str, paths: dict[str, list[str]]) -> None:
    """Each distinct page once, alone: the cold time (the desk keeps analyses until the store
    changes, so the load that follows measures the steady state)."""
    for page, addresses in paths.items():
        began = time.perf_counter()
        for address in addresses:
            httpx.get(f"{base}{address}", timeout=600)
        took = (time.perf_counter() - began) / len(addresses)
        print(f"cold {page}: {took * 1000:.0f} ms per page ({len(addresses)} pages)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="serve --workers")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--pg-admin", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args(argv)
    backends = args.backends.split(",")
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory() as folder:
            measure(f"sqlite:///{Path(folder) / 'load.db'}", args, "sqlite")
    if "postgres" in backends:
        name = f"summitwatch_load_{os.getpid()}"
        admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            measure(args.pg_admin.rsplit("/", 1)[0] + f"/{name}", args, "postgres")
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
