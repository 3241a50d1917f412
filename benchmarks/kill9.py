"""Kill -9 injections over an ingest batch, each followed by a rerun: nothing lost, nothing
half-written, and the export identical to a clean ingest of the same batch.

Each injection starts ``summitwatch ingest`` on a fresh store (SQLite file, or a PostgreSQL
database of its own), kills its process group after a random delay (start-up, migration,
mid-batch, refresh), reruns the ingest to completion and compares the full JSONL export,
without its ``ingested_at`` times, with that of a clean ingest.

    .venv/bin/python benchmarks/kill9.py [--sqlite 100] [--postgresql 20] [--documents 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from summitwatch.store import schema

PG_ADMIN = os.environ.get(
    "SUMMITWATCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BODY = (
    "Envoys from Delegation {i} and Committee {j} met in {city} on March {day}, 2019, to "
    "discuss a freeze. The talks lasted {hours} hours and ended without a joint statement.\n\n"
    "Officials said a further round is likely before the end of the year, though analysts "
    "doubted it."
)
CITIES = ("Stockholm", "Hanoi", "Singapore", "Geneva", "Vienna", "Oslo", "Helsinki")


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = BODY.format(
            i=i, j=i * 7 % 13, city=CITIES[i % len(CITIES)], day=1 + i % 27, hours=2 + i % 9
        )
        (folder / f"note-{i:03d}.txt").write_text(f"Round {i} of the talks\n\n{body}\n")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "summitwatch", *args]


def export(url: str) -> list[str]:
    result = subprocess.run(
        cli("export", "--db", url), capture_output=True, text=True, check=True, timeout=600
    )
    records = []
    for line in result.stdout.splitlines():
        record = json.loads(line)
        record.pop("ingested_at", None)
        records.append(json.dumps(record, sort_keys=True))
    return sorted(records)


def half_written(url: str) -> tuple[int, int]:
    """Stored documents, and those whose stage runs are incomplete."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            documents = connection.execute(
                select(func.count()).select_from(schema.documents)
            ).scalar_one()
            runs = connection.execute(
                select(schema.stage_runs.c.document_id, func.count()).group_by(
                    schema.stage_runs.c.document_id
                )
            ).all()
    finally:
        engine.dispose()
    complete = max((n for _, n in runs), default=0)
    return documents, documents - sum(1 for _, n in runs if n == complete)


class PostgresDatabases:
    """A fresh PostgreSQL database per injection, dropped afterwards."""

    def __init__(self) -> None:
        self.admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"summitwatch_kill9_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def inject(corpus: Path, url: str, delay: float, reference: list[str]) -> dict[str, object]:
    process = subprocess.Popen(
        cli("ingest", str(corpus), "--db", url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    try:
        before, partial = half_written(url)
    except Exception:  # killed before the schema existed: nothing stored, nothing to check
        before, partial = 0, 0
    rerun = subprocess.run(
        cli("ingest", str(corpus), "--db", url), capture_output=True, text=True, timeout=900
    )
    after, partial_after = half_written(url)
    exported = export(url)
    return {
        "killed": killed,
        "stored_at_kill": before,
        "half_written": partial + partial_after,
        "rerun_ok": rerun.returncode == 0 and "Traceback" not in rerun.stderr,
        "lost": len(set(reference) - set(exported)),
        "extra": len(set(exported) - set(reference)),
        "documents": after,
    }


def run_backend(name: str, injections: int, corpus: Path, workdir: Path, seed: int) -> None:
    rng = random.Random(seed)
    pg = PostgresDatabases() if name == "postgresql" else None

    def new_url(index: int) -> str:
        return pg.create() if pg else f"sqlite:///{workdir / f'{name}-{index}.db'}"

    clean = new_url(-1)
    started = time.perf_counter()
    subprocess.run(cli("ingest", str(corpus), "--db", clean), capture_output=True, check=True)
    batch_seconds = time.perf_counter() - started
    reference = export(clean)
    if pg:
        pg.drop(clean)
    totals = {"killed": 0, "half_written": 0, "lost": 0, "extra": 0, "rerun_failed": 0}
    for index in range(injections):
        url = new_url(index)
        result = inject(corpus, url, rng.uniform(0.0, batch_seconds * 1.1), reference)
        totals["killed"] += int(bool(result["killed"]))
        totals["half_written"] += int(str(result["half_written"]))
        totals["lost"] += int(str(result["lost"]))
        totals["extra"] += int(str(result["extra"]))
        totals["rerun_failed"] += int(not result["rerun_ok"])
        if pg:
            pg.drop(url)
        print(f"  {name} #{index + 1}: {result}", flush=True)
    print(
        f"{name}: {injections} injections ({totals['killed']} killed a running ingest), "
        f"{totals['lost']} records lost, {totals['extra']} extra, "
        f"{totals['half_written']} half-written documents, {totals['rerun_failed']} reruns failed"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=int, default=100)
    parser.add_argument("--postgresql", type=int, default=20)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus"
        write_corpus(corpus, args.documents)
        if args.sqlite:
            run_backend("sqlite", args.sqlite, corpus, workdir, args.seed)
        if args.postgresql:
            run_backend("postgresql", args.postgresql, corpus, workdir, args.seed + 1)


if __name__ == "__main__":
    main()
