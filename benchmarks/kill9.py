"""Kill -9 injections over an ingest batch, each followed by a rerun: nothing lost, nothing
half-written, and the export identical to a clean ingest of the same batch.

Each injection starts ``summitwatch ingest`` on a fresh store (SQLite file, or a PostgreSQL
database of its own), kills its process group after a random delay (start-up, migration,
mid-batch, refresh), reruns the ingest to completion and compares the full JSONL export,
without its ``ingested_at`` times, with that of a clean ingest.

    .venv/bin/python benchmarks/kill9.py [--sqlite 100] [--postgresql 20] [--documents 20]
        [--until HH:MM] [--summary out/kill9.json]

Unattended, the defaults are the acceptance run (100 SQLite + 20 PostgreSQL injections):
``nohup nice -n 10 .venv/bin/python benchmarks/kill9.py --summary out/kill9.json &``. The two
back ends take turns in proportion, so ``--until`` (UTC; no injection starts after it) stops
both with honest counts; an injection whose own machinery fails (a rerun past its timeout, an
export that errs) is counted under ``errors`` and the run goes on; ``--summary`` is rewritten
after every injection, so an interrupted run still leaves its counts. Exit 1 when anything was
lost, extra, half-written, a rerun failed or an injection erred; 2 when all went well but fewer
injections ran than asked (the deadline, an unavailable back end); 0 for the full clean run.
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
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError

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
    started = time.perf_counter()
    try:
        process.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        killed = True
    finished_in = time.perf_counter() - started
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
        "finished_in": None if killed else round(finished_in, 1),
    }


class Backend:
    """One store kind: a fresh store per injection, its reference export, its running totals."""

    def __init__(self, name: str, corpus: Path, workdir: Path) -> None:
        self.name = name
        self.corpus = corpus
        self.workdir = workdir
        self.pg = PostgresDatabases() if name == "postgresql" else None
        self.totals = dict.fromkeys(
            ("injections", "killed", "half_written", "lost", "extra", "rerun_failed", "errors"), 0
        )
        clean = self.new_url(-1)
        started = time.perf_counter()
        subprocess.run(cli("ingest", str(corpus), "--db", clean), capture_output=True, check=True)
        self.batch_seconds = time.perf_counter() - started
        self.reference = export(clean)
        self.drop(clean)

    def new_url(self, index: int) -> str:
        return (
            self.pg.create() if self.pg else f"sqlite:///{self.workdir / f'{self.name}-{index}.db'}"
        )

    def drop(self, url: str) -> None:
        if self.pg:
            self.pg.drop(url)

    def run_one(self, index: int, rng: random.Random) -> None:
        url = self.new_url(index)
        self.totals["injections"] += 1
        try:
            result = inject(
                self.corpus, url, rng.uniform(0.0, self.batch_seconds * 1.1), self.reference
            )
        except (subprocess.SubprocessError, OSError, SQLAlchemyError, ValueError) as exc:
            # the benchmark's own step failed (timeout, export error): counted, never hidden
            self.totals["errors"] += 1
            print(f"  {self.name} #{index + 1}: error: {type(exc).__name__}: {exc}", flush=True)
        else:
            self.totals["killed"] += int(bool(result["killed"]))
            if result["finished_in"] is not None:
                # the batch ran faster than measured (the machine's load changed): aim the
                # next delays at what it takes now, so most injections kill a running ingest
                self.batch_seconds = float(str(result["finished_in"]))
            for key in ("half_written", "lost", "extra"):
                self.totals[key] += int(str(result[key]))
            self.totals["rerun_failed"] += int(not result["rerun_ok"])
            print(f"  {self.name} #{index + 1}: {result}", flush=True)
        finally:
            self.drop(url)

    def summary(self) -> str:
        t = self.totals
        return (
            f"{self.name}: {t['injections']} injections ({t['killed']} killed a running ingest), "
            f"{t['lost']} records lost, {t['extra']} extra, {t['half_written']} half-written "
            f"documents, {t['rerun_failed']} reruns failed, {t['errors']} injection errors"
        )

    def failed(self) -> bool:
        return any(
            self.totals[k] for k in ("half_written", "lost", "extra", "rerun_failed", "errors")
        )


def turns(counts: dict[str, int]) -> list[str]:
    """Back-end names in an interleaved order: each at its own even pace (5:1 for 100:20)."""
    slots = [((i + 0.5) / count, name) for name, count in counts.items() for i in range(count)]
    return [name for _, name in sorted(slots)]


def deadline_of(until: str | None) -> datetime | None:
    if not until:
        return None
    hours, minutes = (int(part) for part in until.split(":"))
    now = datetime.now(UTC)
    return now.replace(hour=hours, minute=minutes, second=0, microsecond=0)


def write_summary(path: Path | None, backends: dict[str, Backend], stopped: str) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"stopped": stopped, **{name: b.totals for name, b in backends.items()}}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=int, default=100)
    parser.add_argument("--postgresql", type=int, default=20)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--until", help="HH:MM UTC: start no injection after it")
    parser.add_argument("--summary", type=Path, help="JSON totals, rewritten after each one")
    args = parser.parse_args()
    deadline = deadline_of(args.until)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus"
        write_corpus(corpus, args.documents)
        counts = {"sqlite": args.sqlite, "postgresql": args.postgresql}
        backends: dict[str, Backend] = {}
        unavailable = []
        for name in (n for n, count in counts.items() if count):
            try:
                backends[name] = Backend(name, corpus, workdir)
            except (subprocess.SubprocessError, SQLAlchemyError) as exc:
                print(f"{name}: cannot start ({type(exc).__name__}: {exc}); skipped", flush=True)
                unavailable.append(name)
        stopped = "done"
        for name in turns({n: counts[n] for n in backends}):
            if deadline and datetime.now(UTC) >= deadline:
                stopped = f"deadline {args.until} UTC"
                break
            backend = backends[name]
            backend.run_one(backend.totals["injections"], rng)
            write_summary(args.summary, backends, "running")
        write_summary(args.summary, backends, stopped)
    for backend in backends.values():
        print(backend.summary())
    if stopped != "done":
        print(f"stopped at the {stopped}: fewer injections than asked")
    if any(b.failed() for b in backends.values()):
        sys.exit(1)
    sys.exit(2 if unavailable or stopped != "done" else 0)


if __name__ == "__main__":
    main()
