"""TempEval-3 Task A scorer for the timex tagger.

Reads a folder of TimeML ``.tml`` files (recursively), strips the tags inside ``<TEXT>`` to
get the raw text, tags it with the file's DCT and compares with the gold TIMEX3 spans:

- strict match: same span; relaxed match: overlapping spans (one-to-one);
- type and value accuracy over relaxed matches; type/value F1 = accuracy x relaxed F1;
- micro-averaged over all files; the DCT timex (outside ``<TEXT>``) is not scored.

Usage: python benchmarks/tempeval.py ../shared/data/tempeval3/platinum [--errors]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from summitwatch.extract.timex import tag_timexes
from summitwatch.models import Timex

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.DOTALL)


@dataclass
class Document:
    name: str
    text: str
    dct: date | None
    gold: list[Timex]


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[str] = field(default_factory=list)


def read_tml(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    dct_match = _DCT.search(raw)
    dct = None
    if dct_match:
        value = dict(_ATTRIBUTE.findall(dct_match.group(1))).get("value", "")
        if re.match(r"\d{4}-\d{2}-\d{2}", value):
            dct = date.fromisoformat(value[:10])
    body_start = raw.index("<TEXT>") + len("<TEXT>")
    body = raw[body_start : raw.index("</TEXT>")]
    text_parts: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        text_parts.append(chunk)
        length += len(chunk)
        position = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTRIBUTE.findall(tag.group(3))))
        elif open_timex:
            start, attributes = open_timex
            open_timex = None
            text = "".join(text_parts)[start:length]
            gold.append(
                Timex(
                    start=start,
                    end=length,
                    text=text,
                    type=attributes.get("type", ""),
                    value=attributes.get("value", ""),
                    mod=attributes.get("mod"),
                )
            )
    text_parts.append(html.unescape(body[position:]))
    return Document(path.name, "".join(text_parts), dct, gold)


def read_folder(folder: Path) -> list[Document]:
    return [read_tml(path) for path in sorted(folder.rglob("*.tml"))]


def compare(document: Document, system: list[Timex], counts: Counts) -> None:
    counts.gold += len(document.gold)
    counts.system += len(system)
    used: set[int] = set()
    for predicted in system:
        for index, gold in enumerate(document.gold):
            if index in used or predicted.end <= gold.start or gold.end <= predicted.start:
                continue
            used.add(index)
            counts.relaxed += 1
            strict = (predicted.start, predicted.end) == (gold.start, gold.end)
            counts.strict += strict
            counts.type_ok += predicted.type == gold.type
            counts.value_ok += predicted.value == gold.value
            if not strict or predicted.value != gold.value or predicted.type != gold.type:
                counts.errors.append(
                    f"{document.name}\tDIFF\t{gold.text!r} {gold.type} {gold.value}"
                    f"\t{predicted.text!r} {predicted.type} {predicted.value}"
                )
            break
        else:
            counts.errors.append(
                f"{document.name}\tFP\t\t{predicted.text!r} {predicted.type} {predicted.value}"
            )
    for index, gold in enumerate(document.gold):
        if index not in used:
            counts.errors.append(f"{document.name}\tFN\t{gold.text!r} {gold.type} {gold.value}")


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(documents: list[Document]) -> tuple[dict[str, float], Counts]:
    counts = Counts()
    for document in documents:
        compare(document, tag_timexes(document.text, document.dct), counts)
    strict_p = counts.strict / counts.system if counts.system else 0.0
    strict_r = counts.strict / counts.gold if counts.gold else 0.0
    relaxed_p = counts.relaxed / counts.system if counts.system else 0.0
    relaxed_r = counts.relaxed / counts.gold if counts.gold else 0.0
    relaxed_f = f1(relaxed_p, relaxed_r)
    type_accuracy = counts.type_ok / counts.relaxed if counts.relaxed else 0.0
    value_accuracy = counts.value_ok / counts.relaxed if counts.relaxed else 0.0
    figures = {
        "strict_p": strict_p,
        "strict_r": strict_r,
        "strict_f1": f1(strict_p, strict_r),
        "relaxed_p": relaxed_p,
        "relaxed_r": relaxed_r,
        "relaxed_f1": relaxed_f,
        "type_accuracy": type_accuracy,
        "value_accuracy": value_accuracy,
        "type_f1": type_accuracy * relaxed_f,
        "value_f1": value_accuracy * relaxed_f,
    }
    return figures, counts


def print_table(name: str, figures: dict[str, float], counts: Counts, seconds: float) -> None:
    print(f"{name}: {counts.gold} gold timexes, {counts.system} system timexes, {seconds:.2f} s")
    print(f"{'':10}{'P':>8}{'R':>8}{'F1':>8}")
    for label in ("strict", "relaxed"):
        row = [figures[f"{label}_{key}"] * 100 for key in ("p", "r", "f1")]
        print(f"{label:10}" + "".join(f"{value:8.1f}" for value in row))
    print(f"{'':10}{'accuracy':>10}{'F1':>8}")
    for label in ("type", "value"):
        accuracy, score_f1 = figures[f"{label}_accuracy"] * 100, figures[f"{label}_f1"] * 100
        print(f"{label:10}{accuracy:10.1f}{score_f1:8.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    documents = read_folder(args.folder)
    if not documents:
        print(f"no .tml files under {args.folder}", file=sys.stderr)
        return 2
    began = time.perf_counter()
    figures, counts = score(documents)
    print_table(str(args.folder), figures, counts, time.perf_counter() - began)
    if args.errors:
        print("\n".join(counts.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
