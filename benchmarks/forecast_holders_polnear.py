"""Who holds a reported judgment: forecast holders against PolNeAR's attribution sources.

Usage: .venv/bin/python benchmarks/forecast_holders_polnear.py [--split dev|test] [--limit N]
       [--errors N]

Data: ``../shared/data/quotes/polnear/data/<split>``, read by ``benchmarks/polnear.py``.
PolNeAR marks who said or believed what (Source, Cue, Content) in 2016 US election news; its
Contents hold many estimative statements ("is likely to", "could", "expects").

Definitions (decided here):

* A forecast is **inside** an attribution when its estimative phrase starts inside the
  attribution's Content span; it is **outside** when it lies in no Content at all.
* **Attribution recall**: of the forecasts inside an attribution with a Source, the share marked
  ``attributed`` (held by someone other than the author).
* **Holder accuracy**: of those, the share whose holder names the Source: a word of the holder
  is a word of the Source text (or, for a pronoun Source, of its antecedent: the nearest
  earlier named Source), compared case-insensitively without stop words. A generic Source
  ("sources", "analysts") counts when the holder repeats the noun.
* **Author precision**: of the forecasts outside every attribution, the share left with the
  author (not attributed).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date

from polnear import Attribution, Text, read_split, text_of
from summitwatch.extract.forecast_holders import ActorInfo
from summitwatch.extract.forecasts import extract_forecasts
from summitwatch.extract.language import load_nlp
from summitwatch.extract.quotes import find_quotes
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Document, Forecast, Quote
from summitwatch.settings import Settings

_STOP = frozenset("the a an of and in at for to on mr mrs ms dr said says".split())


@dataclass
class Tally:
    inside: int = 0
    attributed: int = 0
    holder_right: int = 0
    outside: int = 0
    author_kept: int = 0
    errors: list[str] = field(default_factory=list)

    def report(self, label: str) -> str:
        def share(a: int, b: int) -> str:
            return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

        return (
            f"{label}: attribution recall {share(self.attributed, self.inside)}, "
            f"holder accuracy {share(self.holder_right, self.inside)}, "
            f"author precision {share(self.author_kept, self.outside)}"
        )


def words(value: str | None) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w'’-]+", value or "")} - _STOP


def holder_matches(forecast: Forecast, gold: Attribution, text: str) -> bool:
    held = words(forecast.holder)
    source = words(text_of(text, gold.source)) | words(gold.antecedent)
    singular = {w.rstrip("s") for w in source}
    return bool(held & source) or bool({w.rstrip("s") for w in held} & singular)


def quotes_of(text: str, nlp: object) -> list[Quote]:
    return [
        Quote(
            id=f"q{i}",
            document_id="polnear",
            text=found.text,
            start=found.start,
            end=found.end,
            speaker_text=found.resolved_text or found.speaker_text,
        )
        for i, found in enumerate(find_quotes(text, nlp=nlp))
    ]


def score_text(item: Text, forecasts: list[Forecast], tally: Tally) -> None:
    for forecast in forecasts:
        at = forecast.start + max(0, forecast.statement.find((forecast.phrase or "").split(";")[0]))
        inside = [
            a for a in item.attributions if any(lo <= at < hi for lo, hi in a.content) and a.source
        ]
        anywhere = [a for a in item.attributions if any(lo <= at < hi for lo, hi in a.content)]
        if inside:
            tally.inside += 1
            tally.attributed += forecast.attributed
            right = forecast.attributed and any(
                holder_matches(forecast, a, item.text) for a in inside
            )
            tally.holder_right += right
            if not right:
                source = text_of(item.text, inside[0].source)
                tally.errors.append(f"{item.name}: holder {forecast.holder!r}, source {source!r}")
        elif not anywhere:
            tally.outside += 1
            tally.author_kept += not forecast.attributed


def no_actor(name: str, start: int, end: int) -> ActorInfo | None:
    return None


def evaluate(split: str, limit: int | None) -> Tally:
    nlp = load_nlp(Settings().spacy_model)
    tally = Tally()
    for item in read_split(split, limit):
        document = Document(text=item.text, source=item.name, published=date(2016, 10, 1))
        forecasts = extract_forecasts(
            document,
            split_sentences(item.text),
            [],
            doc=nlp(item.text) if nlp is not None else None,
            quotes=quotes_of(item.text, nlp),
            lookup=no_actor,
        )
        score_text(item, forecasts, tally)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", action="append", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None, help="first N texts only")
    parser.add_argument("--errors", type=int, default=0, help="print N error lines")
    args = parser.parse_args(argv)
    for split in args.split or ["dev"]:
        began = time.perf_counter()
        tally = evaluate(split, args.limit)
        print(tally.report(split) + f" [{time.perf_counter() - began:.0f}s]")
        for line in tally.errors[: args.errors]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
