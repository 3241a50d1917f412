"""Real news pages: the acceptance scorer's sections on the dev folders, each with its must share.

    .venv/bin/python benchmarks/realnews.py [--sections metadata,timexes] [FOLDER ...]

Runs ``../shared/tools/check_gold.py`` (the scorer used to accept issue 10) as a library: each
folder is ingested once with the installed ``summitwatch`` (on PATH: run from the checkout's
venv), exactly as the scorer ingests it (documents marked ``pass_date`` one at a time with
``--date``), exported, and then scored section by section, so that every section gets its own
share of ``must`` items (the scorer's summary line gives one share for all sections together).
Folders default to ``../shared/data/realnews/dev-a`` and ``dev-b`` beside the checkout.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "tools" / "check_gold.py"
DEV_FOLDERS = [SHARED / "data" / "realnews" / "dev-a", SHARED / "data" / "realnews" / "dev-b"]
DEFAULT_SECTIONS = "metadata,timexes"


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_gold", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found: {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ingest_folder(scorer: ModuleType, gold: dict[str, Any], folder: Path, db: str) -> None:
    """Ingest as the scorer does: dated documents together, ``pass_date`` ones with --date."""
    documents = gold["documents"]
    dated = [str(folder / d["file"]) for d in documents if not d.get("pass_date")]
    batches = [dated] if dated else []
    batches += [
        ["--date", str(d["published"]), str(folder / d["file"])]
        for d in documents
        if d.get("pass_date")
    ]
    for batch in batches:
        done = scorer.run(["summitwatch", "ingest", "--db", db, *batch])
        if done.returncode != 0:
            raise SystemExit(f"ingest failed: {done.stderr.strip()[-300:]}")


def score_section(scorer: ModuleType, gold: dict[str, Any], recs: dict[str, Any], section: str):
    checker = scorer.Checker(recs, verbose=False)
    with contextlib.redirect_stdout(io.StringIO()):  # the scorer prints every miss
        for entry in gold["documents"]:
            document = scorer.doc_for(recs, entry["file"])
            if document is None:
                checker.mark("metadata", {"evidence": f"document {entry['file']}"}, False)
                continue
            scorer.check_doc(checker, recs, entry, document, {section})
        if section == "corpus" and "corpus" in gold:
            scorer.check_corpus(checker, recs, gold["corpus"])
        if section == "facts" and "facts" in gold:
            scorer.check_facts(checker, recs, gold["facts"])
    items = checker.by_section.get(section, [0, 0])
    return checker.must_ok, checker.must_n, items[0], items[1]


def score_folder(scorer: ModuleType, folder: Path, sections: list[str]) -> list[str]:
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="realnews-") as tmp:
        db = f"sqlite:///{tmp}/realnews.db"
        ingest_folder(scorer, gold, folder, db)
        recs = scorer.export_all(db)
    lines = []
    for section in sections:
        must_ok, must_n, ok, total = score_section(scorer, gold, recs, section)
        share = must_ok / must_n if must_n else 0.0
        lines.append(
            f"{folder.name:8} {section:10} must {must_ok:3}/{must_n:<3} ({share:6.1%})"
            f"   all items {ok}/{total}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEV_FOLDERS)
    parser.add_argument("--sections", default=DEFAULT_SECTIONS)
    args = parser.parse_args()
    if not SCORER.exists():
        print(f"scorer not found at {SCORER}: ../shared is missing", file=sys.stderr)
        return 2
    # the scorer runs the `summitwatch` on PATH: prefer the one beside this interpreter
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    scorer = load_scorer()
    sections = [s for s in args.sections.split(",") if s]
    for folder in args.folders:
        for line in score_folder(scorer, folder.resolve(), sections):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
