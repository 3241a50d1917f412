"""Event-type macro-F1 on the PLOVER gold-standard records (CAMEO manual): stage and end to end.

Each record holds one sentence and its gold PLOVER event type. Old labels are mapped to the
16 current types as the CAMEO→PLOVER 2021 table beside the gold file does (DEMAND -> REQUEST,
DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT except where the record's mode is one
only COERCE has, such as ``deport``: CAMEO 191/192/174 went to COERCE). Scores are reported over
the types with at least 4 sentences in the whole file, for the whole file and for two halves
split deterministically by record id (``dev``: the half the lexicon may be tuned on; ``test``:
held out).

Two figures:

- **stage**: ``classify_sentence`` alone, one type per sentence (a sentence with no trigger is a
  miss);
- **end to end**: every sentence ingested as a document through ``summitwatch ingest`` into a
  temporary SQLite store and read back with ``summitwatch export``; every event type the store
  holds for the sentence counts (a type emitted for a sentence of another type is a false
  positive of that type). The **main-event** figure counts only events marked ``main``, when
  the export carries that field.

    .venv/bin/python benchmarks/plover_gold.py [--split all|dev|test] [--no-model] [--errors]
        [--stage-only]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summitwatch.extract.event_classify import classify_sentence
from summitwatch.extract.language import load_nlp
from summitwatch.settings import Settings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "plover"
GOLD = DATA / "PLOVER_GSR_CAMEO.json"
TABLE = DATA / "CAMEO2PLOVER-2021.txt"
LABEL_MAP = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
MIN_SUPPORT = 4
DOCUMENT_DATE = "2000-01-01"  # the records' own date; fixes relative dates, changes no type


def modes_of_types(table: Path = TABLE) -> dict[str, set[str]]:
    """PLOVER types each mode of the CAMEO→PLOVER table belongs to ("deport" -> {COERCE})."""
    found: dict[str, set[str]] = {}
    if not table.exists():
        return found
    for line in table.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0]
        if ":" not in body or line.startswith("#"):
            continue
        fields = [f.strip() for f in body.split(":", 1)[1].split(",")]
        if len(fields) >= 2 and fields[1]:
            found.setdefault(fields[1], set()).add(fields[0])
    return found


def current_label(record: dict[str, Any], modes: dict[str, set[str]]) -> str:
    event = str(record["event"])
    if event not in LABEL_MAP:
        return event
    owners = modes.get(str(record.get("mode") or ""), set())
    return next(iter(owners)) if len(owners) == 1 else LABEL_MAP[event]


def load_gold(path: Path = GOLD) -> list[tuple[str, str, str]]:
    """(id, sentence, type) of every event record."""
    records = json.loads(path.read_text(encoding="utf-8"))
    modes = modes_of_types()
    out = []
    for rec in records:
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        out.append((rec["id"], rec["text"], current_label(rec, modes)))
    return out


def split_of(record_id: str) -> str:
    """A stable 50/50 split by id."""
    return "dev" if hashlib.sha256(record_id.encode()).digest()[0] % 2 == 0 else "test"


def score(gold: list[str], pred: list[str | None], types: list[str]) -> dict[str, Any]:
    """One predicted type per sentence."""
    result = score_sets(gold, [{p} if p else set() for p in pred], types)
    result["accuracy"] = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(
        1, len(gold)
    )
    return result


def score_sets(gold: list[str], emitted: list[set[str]], types: list[str]) -> dict[str, Any]:
    """Every type emitted for a sentence counts: right when it is the gold type, else wrong."""
    per_type = {}
    pairs = list(zip(gold, emitted, strict=True))
    for t in types:
        tp = sum(1 for g, e in pairs if g == t and t in e)
        fp = sum(1 for g, e in pairs if g != t and t in e)
        fn = sum(1 for g, e in pairs if g == t and t not in e)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_type[t] = {"n": tp + fn, "p": prec, "r": rec, "f1": f1}
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    found = sum(1 for e in emitted if e) / max(1, len(emitted))
    mean_types = sum(len(e) for e in emitted) / max(1, len(emitted))
    return {
        "per_type": per_type,
        "macro_f1": macro,
        "coverage": found,
        "types_per_sentence": mean_types,
    }


def scored_types(records: list[tuple[str, str, str]]) -> list[str]:
    support = Counter(t for _, _, t in records)
    return sorted(t for t, n in support.items() if n >= MIN_SUPPORT)


def chosen_records(split: str) -> list[tuple[str, str, str]]:
    return [r for r in load_gold() if split == "all" or split_of(r[0]) == split]


def evaluate(split: str = "all", nlp: Any | None = None) -> dict[str, Any]:
    """The stage-level figure: ``classify_sentence`` alone."""
    types = scored_types(load_gold())
    chosen = chosen_records(split)
    preds = []
    for _, text, _ in chosen:
        call = classify_sentence(text, nlp)
        preds.append(call.type if call else None)
    result = score([t for _, _, t in chosen], preds, types)
    result["n"] = len(chosen)
    result["errors"] = [
        (rid, gold, pred, text)
        for (rid, text, gold), pred in zip(chosen, preds, strict=True)
        if gold != pred
    ]
    return result


# --- end to end -------------------------------------------------------------------------------


def run_command(args: Sequence[str], env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "summitwatch", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: some input failed, named on stderr
        raise RuntimeError(f"{' '.join(args[:1])} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def ingest_sentences(texts: list[str], use_model: bool) -> dict[str, list[dict[str, Any]]]:
    """The exported events of each sentence, each ingested as a document in one batch."""
    env = dict(os.environ)
    if not use_model:
        env["SUMMITWATCH_SPACY_MODEL"] = ""
    with tempfile.TemporaryDirectory(prefix="plover-e2e-") as tmp:
        folder = Path(tmp) / "sentences"
        folder.mkdir()
        by_file: dict[str, str] = {}
        for k, text in enumerate(texts):
            path = folder / f"{k:04d}.txt"
            path.write_text(text + "\n", encoding="utf-8")
            by_file[str(path)] = text
        db = f"sqlite:///{Path(tmp) / 'store.db'}"
        run_command(["ingest", str(folder), "--db", db, "--date", DOCUMENT_DATE], env)
        lines = run_command(["export", "--db", db, "--format", "jsonl"], env).splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    text_of_doc = {
        r["id"]: by_file.get(r.get("source", ""), "") for r in records if r["kind"] == "document"
    }
    events: dict[str, list[dict[str, Any]]] = {text: [] for text in texts}
    for r in records:
        if r["kind"] == "event" and text_of_doc.get(r["document_id"]) in events:
            events[text_of_doc[r["document_id"]]].append(r)
    return events


def evaluate_end_to_end(
    split: str = "all",
    use_model: bool = True,
    events: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The end-to-end figures: all events, and main events only when the field exists.

    ``events`` (from :func:`ingest_sentences`) lets several splits share one ingest run.
    """
    types = scored_types(load_gold())
    chosen = chosen_records(split)
    texts = sorted({text for _, text, _ in chosen})
    if events is None:
        events = ingest_sentences(texts, use_model)
    gold = [t for _, _, t in chosen]
    emitted = [{e["type"] for e in events[text]} for _, text, _ in chosen]
    result: dict[str, Any] = {"n": len(chosen), "all": score_sets(gold, emitted, types)}
    every = [e for text in texts for e in events[text]]
    result["events"] = len(every)
    if every and all("main" in e for e in every):
        main = [{e["type"] for e in events[text] if e["main"]} for _, text, _ in chosen]
        result["main"] = score_sets(gold, main, types)
    result["errors"] = [
        (rid, label, sorted(found), text)
        for (rid, text, label), found in zip(chosen, emitted, strict=True)
        if found != {label}
    ]
    return result


# --- report -----------------------------------------------------------------------------------


def print_table(title: str, result: dict[str, Any]) -> None:
    print(
        f"\n== {title}: coverage {result['coverage']:.3f}, "
        f"types per sentence {result['types_per_sentence']:.2f}"
    )
    print(f"{'type':<10} {'n':>3} {'P':>6} {'R':>6} {'F1':>6}")
    for t, v in result["per_type"].items():
        print(f"{t:<10} {v['n']:>3} {v['p']:>6.3f} {v['r']:>6.3f} {v['f1']:>6.3f}")
    print(f"macro-F1 ({title}): {result['macro_f1']:.3f}")


def report_stage(split: str, nlp: Any | None, errors: bool) -> None:
    result = evaluate(split, nlp)
    print_table(
        f"stage {split}, {result['n']} sentences, accuracy {result['accuracy']:.3f}", result
    )
    if errors and split == "dev":
        for rid, gold, pred, text in result["errors"]:
            print(f"  {rid} gold={gold} pred={pred} :: {text}")


def report_end_to_end(
    split: str, use_model: bool, errors: bool, events: dict[str, list[dict[str, Any]]]
) -> None:
    result = evaluate_end_to_end(split, use_model, events)
    print_table(
        f"end to end {split}, {result['n']} sentences, {result['events']} events", result["all"]
    )
    if "main" in result:
        print_table(f"end to end {split}, main events only", result["main"])
    else:
        print(f"(end to end {split}: the export has no `main` field, no main-event figure)")
    if errors and split in ("dev", "all"):
        for rid, gold, found, text in result["errors"]:
            print(f"  {rid} gold={gold} emitted={','.join(found) or '-'} :: {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["all", "dev", "test"], default=None)
    parser.add_argument("--no-model", action="store_true", help="rule-based fallback only")
    parser.add_argument("--errors", action="store_true", help="print misclassified dev records")
    parser.add_argument("--stage-only", action="store_true", help="skip the end-to-end run")
    args = parser.parse_args(argv)
    if not GOLD.exists():
        print(f"missing {GOLD}", file=sys.stderr)
        return 1
    nlp = None if args.no_model else load_nlp(Settings().spacy_model)
    print(f"model: {'none (rule-based)' if nlp is None else nlp.meta.get('name')}")
    splits = [args.split] if args.split else ["dev", "test", "all"]
    for split in splits:
        report_stage(split, nlp, args.errors)
    if not args.stage_only:
        texts = sorted({text for _, text, _ in load_gold()})
        events = ingest_sentences(texts, nlp is not None)
        for split in splits:
            report_end_to_end(split, nlp is not None, args.errors, events)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
