"""Start-up time of the command line: ``--help``, ``timex`` on a short text, ``timeline``.

Usage: .venv/bin/python benchmarks/startup.py [--runs N] [--db URL] [--summitwatch PATH]

Each command runs N times as a fresh process (the way a user or a script calls it); the
script prints the median wall time and the median CPU time (user + system of the child,
from ``getrusage``). CPU time is the figure to compare on a shared machine: wall time grows
with whatever else runs. ``timeline`` reads a small store made once by ingesting the example
corpus (``examples/corpus``, 11 documents) into a temporary SQLite file, or the store given
with ``--db``. To compare two versions, run the script once per checkout (or pass another
checkout's ``summitwatch`` with ``--summitwatch``).

Goals (issue 15): ``--help`` and ``timex`` under 0.3 s, ``timeline`` under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
SHORT_TEXT = (
    "Trump said on Tuesday that he would meet Kim Jong Un next month, two years after the "
    "Singapore summit of June 12, 2018.\n"
)
GOALS = {"--help": 0.3, "timex": 0.3, "timeline": 0.5}


@dataclass(frozen=True)
class Timing:
    name: str
    wall: float  # median seconds
    cpu: float  # median seconds, user + system of the child process
    runs: int

    def line(self) -> str:
        goal = GOALS.get(self.name)
        verdict = ""
        if goal is not None:
            verdict = f"  goal < {goal:.1f} s: {'met' if self.cpu < goal else 'NOT met'} (CPU)"
        return (
            f"{self.name:<10} wall {self.wall:6.3f} s  cpu {self.cpu:6.3f} s  "
            f"(median of {self.runs}){verdict}"
        )


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(name: str, argv: list[str], runs: int, stdin: str = "") -> Timing:
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        cpu_before = child_cpu()
        began = time.perf_counter()
        done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - began)
        cpus.append(child_cpu() - cpu_before)
        if done.returncode != 0:
            raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr.strip()[:300]}")
    return Timing(name, statistics.median(walls), statistics.median(cpus), runs)


def make_store(summitwatch: str, folder: Path) -> str:
    url = f"sqlite:///{folder / 'startup.db'}"
    print(f"making a small store from {CORPUS} ...", file=sys.stderr)
    done = subprocess.run(
        [summitwatch, "ingest", str(CORPUS), "--db", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr.strip()[:300]}")
    return url


def run(summitwatch: str, runs: int, db: str | None) -> list[Timing]:
    timings = [
        time_command("--help", [summitwatch, "--help"], runs),
        time_command(
            "timex", [summitwatch, "timex", "--dct", "2020-06-01", "-"], runs, stdin=SHORT_TEXT
        ),
    ]
    with tempfile.TemporaryDirectory() as folder:
        url = db or make_store(summitwatch, Path(folder))
        timings.append(time_command("timeline", [summitwatch, "timeline", "--db", url], runs))
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per command (default 11)")
    parser.add_argument("--db", default=None, help="store for `timeline` (default: made here)")
    parser.add_argument(
        "--summitwatch",
        default=str(Path(sys.executable).parent / "summitwatch"),
        help="the executable to time (default: the one beside this Python)",
    )
    args = parser.parse_args(argv)
    if not os.access(args.summitwatch, os.X_OK):
        parser.error(f"{args.summitwatch}: not an executable")
    print(f"{args.summitwatch}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    for timing in run(args.summitwatch, args.runs, args.db):
        print(timing.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
