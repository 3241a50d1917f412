"""Throughput: words per CPU-second of summitwatch ingest against naive spaCy and the floor.

One run, one corpus, three figures:

- **summitwatch**: ``ingest_paths`` over the corpus files into a fresh SQLite store each round
  (reading, conversion, every stage, the store and the post-batch refresh);
- **naive**: the full spaCy model (every component) over the same clean texts with
  ``nlp.pipe`` — the ten-line pipeline anyone could write;
- **floor**: a blank English tokenizer and sentencizer over the same texts.

Words are counted in the clean text that summitwatch analyses (``Document.word_count``). The
corpus is our own example corpus (``examples/corpus``); ``--realnews`` adds the files of the
real-news dev folders, read from ``../shared/data/realnews``. Model and pack load before the
clock starts (one warm-up document), as in one long ingest command. CPU seconds
(``time.process_time``): the machine may be shared.

    .venv/bin/python benchmarks/throughput.py [--rounds 3] [--realnews] [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import tempfile
import time
from pathlib import Path

from summitwatch.ingest.document import read_document
from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.inputs import InputItem
from summitwatch.language import FALLBACK_MODELS
from summitwatch.models import count_words
from summitwatch.pipeline import Context, ingest_items, refresh_analyses
from summitwatch.settings import Settings
from summitwatch.store.database import Store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
REALNEWS = REPO.parent / "shared" / "data" / "realnews"


def corpus_paths(realnews: bool) -> list[Path]:
    paths = sorted(p for p in CORPUS.iterdir() if p.is_file())
    if realnews:
        for folder in ("dev-a", "dev-b"):
            paths += sorted(
                p for p in (REALNEWS / folder).iterdir() if p.suffix in (".txt", ".html", ".md")
            )
    return paths


def clean_texts(paths: list[Path], settings: Settings) -> list[str]:
    """The clean body texts summitwatch analyses (inputs it refuses are left out)."""
    texts = []
    for path in paths:
        try:
            texts.append(read_document(path.read_bytes(), path.name, settings).text)
        except IngestError:
            continue
    return texts


def summitwatch_seconds(paths: list[Path], rounds: int, profile: str | None) -> float:
    """CPU seconds of ``rounds`` batches over ``paths``, each into a fresh SQLite store: what
    ``ingest_paths`` does (every stage, the store, the post-batch refresh), with one
    ``Context`` for all rounds, as one long batch has (model and pack load once)."""
    items = [InputItem(str(p), "file") for p in paths]
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_url=f"sqlite:///{folder}/warm.db")
        context = Context(settings)
        _ = context.pack, context.nlp
        with Store(settings.db_url) as store:
            ingest_items(items[:1], store, settings, context=context)
        profiler = cProfile.Profile(time.process_time) if profile else None
        cpu = 0.0
        for number in range(rounds):
            settings = Settings(db_url=f"sqlite:///{folder}/round-{number}.db")
            started = time.process_time()
            if profiler:
                profiler.enable()
            with Store(settings.db_url) as store:
                report = ingest_items(items, store, settings, context=context)
                report.refresh_error = refresh_analyses(store, context)
            if profiler:
                profiler.disable()
            cpu += time.process_time() - started
            failed = [o for o in report.outcomes if o.status == "failed"]
            if failed or report.refresh_error:
                print(f"  round {number}: {len(failed)} failed, refresh: {report.refresh_error}")
        if profiler and profile:
            profiler.dump_stats(profile)
    return cpu


def load_full_model(model: str) -> object:
    """A fresh copy of the model with every component (not the one summitwatch runs)."""
    import spacy

    for name in (model, *FALLBACK_MODELS):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no spaCy model installed: the naive pipeline cannot run")


def pipe_seconds(nlp: object, texts: list[str], rounds: int) -> float:
    list(nlp.pipe(texts[:1]))  # type: ignore[attr-defined]
    started = time.process_time()
    for _ in range(rounds):
        for _doc in nlp.pipe(texts):  # type: ignore[attr-defined]
            pass
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus")
    parser.add_argument("--realnews", action="store_true", help="add the real-news dev folders")
    parser.add_argument("--profile", default="", help="write a cProfile of the ingest rounds")
    args = parser.parse_args(argv)
    import spacy

    settings = Settings(db_url="sqlite://")
    paths = corpus_paths(args.realnews)
    texts = clean_texts(paths, settings)
    words = sum(count_words(t) for t in texts) * args.rounds
    naive_nlp = load_full_model(settings.spacy_model)
    floor_nlp = spacy.blank("en")
    floor_nlp.add_pipe("sentencizer")
    figures = {
        "summitwatch ingest": summitwatch_seconds(paths, args.rounds, args.profile or None),
        "naive nlp.pipe (full model)": pipe_seconds(naive_nlp, texts, args.rounds),
        "floor (blank tokenizer + sentencizer)": pipe_seconds(floor_nlp, texts, args.rounds),
    }
    print(f"corpus: {len(texts)} documents, {words // args.rounds} words, x{args.rounds} rounds")
    rates = {name: words / seconds for name, seconds in figures.items()}
    for name, seconds in figures.items():
        print(f"{name:40s} {seconds:8.2f} CPU-s {rates[name]:12,.0f} words/CPU-s")
    ours = rates["summitwatch ingest"]
    print(f"summitwatch / naive: {ours / rates['naive nlp.pipe (full model)']:.2f}x")
    print(f"summitwatch / floor: {ours / rates['floor (blank tokenizer + sentencizer)']:.4f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
