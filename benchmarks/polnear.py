"""PolNeAR (brat standoff attributions): the one reader the PolNeAR benchmarks share.

Data: ``../shared/data/quotes/polnear/data/<split>/{text,attributions}``. Each ``.ann`` file
holds Source, Cue and Content spans (possibly discontinuous, ``a b;c d``) joined by an
``E`` attribution relation. Some texts were annotated twice; the alphabetically first
annotator's file is used, so every text counts once. PolNeAR has no coreference layer: a
pronoun Source gets the nearest earlier named Source of its document as its antecedent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from summitwatch.extract.quotes import load_cues

DATA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "quotes" / "polnear" / "data"
)


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    antecedent: str | None = None  # for a pronoun source: the nearest earlier named source


@dataclass
class Text:
    name: str
    text: str
    attributions: list[Attribution]


def read_split(split: str, limit: int | None = None) -> list[Text]:
    texts: list[Text] = []
    seen: set[str] = set()
    for ann in sorted((DATA / split / "attributions").glob("*.ann")):
        name = re.sub(r"_[^_]+\.ann$", "", ann.name)
        if name in seen:
            continue
        seen.add(name)
        text = (DATA / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        texts.append(Text(name, text, read_ann(ann, text)))
        if limit and len(texts) >= limit:
            break
    return texts


def read_ann(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            label, offsets = parts[1].split(" ", 1)
            pieces = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
            spans[parts[0]] = (label, [(a, b) for a, b in pieces])
        elif parts[0].startswith("E") and len(parts) >= 2:
            args = dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg)
            relations.append(args)
    out: list[Attribution] = []
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        source = spans[rel["Source"]][1] if rel.get("Source") in spans else []
        out.append(Attribution(content=spans[rel["Content"]][1], source=source))
    out.sort(key=lambda a: a.content[0][0])
    link_antecedents(out, text)
    return out


def link_antecedents(attributions: list[Attribution], text: str) -> None:
    pronouns = load_cues().pronouns
    named: list[tuple[int, str]] = []
    for att in attributions:
        for a, b in att.source:
            words = text[a:b].strip()
            if words.lower() not in pronouns:
                named.append((a, words))
    named.sort()
    for att in attributions:
        if att.source and text_of(text, att.source).strip().lower() in pronouns:
            earlier = [w for a, w in named if a < att.source[0][0]]
            att.antecedent = earlier[-1] if earlier else None


def text_of(text: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(text[a:b] for a, b in spans)


def overlap(lo: int, hi: int, spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(hi, b) - max(lo, a)) for a, b in spans)
