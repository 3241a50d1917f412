"""Direct-quote detection F1 and speaker accuracy on PolNeAR (brat standoff attributions).

Usage: .venv/bin/python benchmarks/quotes_polnear.py [--split dev|test|train] [--limit N]
       [--no-spacy]

Data: ``../shared/data/quotes/polnear/data/<split>``, read by ``benchmarks/polnear.py``.

Definitions (decided here, applied to every system alike):

* A **gold direct quote** is an attribution whose Content, after leading white space and an
  optional leading "that", begins with a double quotation mark (" “ ” „ «). Indirect speech
  that embeds a few quoted words ("says fraud is “a big problem”") is not a direct quote.
* A prediction **matches** a gold direct quote when at least half of its characters lie inside
  the gold Content spans. Precision: matching predictions / predictions (a prediction inside
  indirect speech or outside any attribution is a false positive). Recall: gold direct quotes
  matched by at least one prediction / gold direct quotes. F1 from the two.
* **Speaker accuracy**, over matched gold quotes that have a Source, judged on the prediction
  with the largest overlap: correct when the predicted speaker's span overlaps the gold Source
  span, or when the predicted speaker's last name word (or, for a pronoun, its resolved
  antecedent's) is a capitalised word of the gold Source — or, when the gold Source is a
  pronoun, of its antecedent: the nearest earlier non-pronoun gold Source of the document
  (PolNeAR has no coreference layer; this stands in for one). No predicted speaker is wrong.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field

from polnear import Attribution, Text, overlap, read_split, text_of
from polnear import read_ann as read_ann  # the reader's test loads it from here
from summitwatch.extract.language import load_nlp
from summitwatch.extract.quotes import FoundQuote, find_quotes
from summitwatch.settings import Settings

OPENING = re.compile(r"\s*(?:that\s+)?[\"“”„«]", re.IGNORECASE)


@dataclass
class Tally:
    predictions: int = 0
    matched_predictions: int = 0
    gold: int = 0
    found: int = 0
    speaker_judged: int = 0
    speaker_correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_predictions / self.predictions if self.predictions else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_judged if self.speaker_judged else 0.0

    def report(self, label: str) -> str:
        return (
            f"{label}: direct quotes gold={self.gold} predicted={self.predictions} "
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} | "
            f"speaker accuracy={self.speaker_accuracy:.3f} "
            f"({self.speaker_correct}/{self.speaker_judged})"
        )


def is_direct(att: Attribution, text: str) -> bool:
    return bool(OPENING.match(text_of(text, att.content)))


def name_words(value: str | None) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", value or "")}


def speaker_correct(pred: FoundQuote, gold: Attribution, text: str) -> bool:
    lo, hi = pred.speaker_start, pred.speaker_end
    if lo is not None and hi is not None and overlap(lo, hi, gold.source):
        return True
    said_by = pred.resolved_text or pred.speaker_text
    words = re.findall(r"[A-Za-z][\w'’-]+", said_by or "")
    if not words:
        return False
    head = words[-1].lower()
    return head in name_words(text_of(text, gold.source)) or head in name_words(gold.antecedent)


def score_text(item: Text, predictions: list[FoundQuote], tally: Tally) -> None:
    direct = [a for a in item.attributions if is_direct(a, item.text)]
    tally.gold += len(direct)
    tally.predictions += len(predictions)
    best: dict[int, tuple[int, FoundQuote]] = {}
    for pred in predictions:
        size = max(1, pred.end - pred.start)
        scored = [(overlap(pred.start, pred.end, g.content), i) for i, g in enumerate(direct)]
        hit = max(scored, default=(0, -1))
        if hit[0] * 2 >= size:
            tally.matched_predictions += 1
            if hit[1] not in best or best[hit[1]][0] < hit[0]:
                best[hit[1]] = (hit[0], pred)
        else:
            tally.errors.append(f"FP {item.name}: {pred.text[:90]!r}")
    tally.found += len(best)
    for i, gold in enumerate(direct):
        if i not in best:
            tally.errors.append(f"FN {item.name}: {text_of(item.text, gold.content)[:90]!r}")
            continue
        if not gold.source:
            continue
        pred = best[i][1]
        tally.speaker_judged += 1
        if speaker_correct(pred, gold, item.text):
            tally.speaker_correct += 1
        else:
            tally.errors.append(
                f"SPK {item.name}: pred={pred.speaker_text!r}/{pred.resolved_text!r} "
                f"gold={text_of(item.text, gold.source)!r} ant={gold.antecedent!r}"
            )


def evaluate(split: str, limit: int | None = None, use_spacy: bool = True) -> Tally:
    nlp = load_nlp(Settings().spacy_model) if use_spacy else None
    tally = Tally()
    for item in read_split(split, limit):
        score_text(item, find_quotes(item.text, nlp=nlp), tally)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", action="append", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None, help="first N texts only")
    parser.add_argument("--no-spacy", action="store_true", help="rule-only speakers")
    parser.add_argument("--errors", type=int, default=0, help="print N error lines")
    args = parser.parse_args(argv)
    for split in args.split or ["dev", "test"]:
        began = time.perf_counter()
        tally = evaluate(split, args.limit, not args.no_spacy)
        print(tally.report(split) + f" [{time.perf_counter() - began:.0f}s]")
        for line in tally.errors[: args.errors]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
