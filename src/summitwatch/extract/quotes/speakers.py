"""Who said a quote: the subject of its cue verb, a resolved pronoun, a pack actor.

With a spaCy model the speaker is the subject of the cue verb, climbing from "and said" or
", stating" to the main verb; without one it is the name or pronoun next to the cue. A pronoun
goes to a named subject of its own sentence, else to the previous quote's speaker, else to the
nearest earlier person. Canonical ids come from actor mentions, else from the pack's names.
"""

from __future__ import annotations

import re
from typing import Any

from summitwatch.extract.quotes.frames import (
    DASH_BYLINE,
    NAME_WORD,
    WORD,
    FoundQuote,
    QuoteCues,
    load_cues,
    paragraph_spans,
    sentence_of,
)
from summitwatch.models import Analysis, Mention, Parse, Sentence
from summitwatch.stage import Context


class Parses:
    """Spans of the document's one parse (:mod:`summitwatch.extract.parse`); its character
    offsets are the document's."""

    def __init__(self, parse: Parse | None) -> None:
        self.parse = parse

    def span(self, lo: int, hi: int, para: tuple[int, int]) -> Any | None:
        """The parse's span over ``lo:hi`` (inside paragraph ``para``), None without a model."""
        if self.parse is None or self.parse.doc is None:
            return None
        return self.parse.span(max(lo, para[0]), min(hi, para[1]))


def subject_of(token: Any) -> Any | None:
    """The subject of a cue verb, climbing through "and said" / ", stating" to the main verb."""
    for _ in range(4):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return child
        if token.dep_ == "ROOT" or token.head == token:
            return None
        token = token.head
    return None


def _entity_bounds(token: Any) -> tuple[int, int]:
    """Token bounds of the entity holding ``token`` (the token alone outside one), read off
    the IOB tags around it: ``doc.ents`` builds every entity of the document on each call."""
    doc, lo, hi = token.doc, token.i, token.i + 1
    if token.ent_iob_ not in ("B", "I"):
        return lo, hi
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return lo, hi


def noun_phrase(token: Any) -> tuple[int, int]:
    """Character span of a speaker token with its name parts and title (a whole entity)."""
    lo, hi = _entity_bounds(token)
    keep = ("compound", "flat", "amod", "det", "nmod", "poss", "case")
    for child in token.lefts:
        if child.dep_ in keep:
            lo = min(lo, child.left_edge.i)
    while (
        hi < len(token.doc)
        and token.doc[hi].dep_ in ("flat", "compound")
        and token.doc[hi].head == token
    ):
        hi += 1
    span = token.doc[lo:hi]
    return span.start_char, span.end_char


def cue_tokens(span: Any, cues: QuoteCues) -> list[Any]:
    return [
        t
        for t in span
        if t.lemma_.lower() in cues.lemmas or t.lower_ in cues.verbs
        if t.pos_ in ("VERB", "AUX") or t.lower_ in cues.verbs
    ]


def speaker_from_parse(span: Any, cues: QuoteCues, side: str) -> tuple[Any | None, Any | None]:
    """(cue token, speaker token) in the frame span, or Nones."""
    found = cue_tokens(span, cues)
    ordered = list(reversed(found)) if side == "left" else found
    for cue in ordered:
        speaker = subject_of(cue)
        if speaker is not None:
            return cue, speaker
    for token in span:  # "according to X"
        if token.lower_ == "according" and token.i + 2 < len(token.doc):
            for obj in token.doc[token.i + 2 : min(token.i + 6, len(token.doc))]:
                if obj.dep_ == "pobj":
                    return token, obj
    for token in reversed(list(span)):  # "X's statement:"
        if token.lower_ in cues.nouns:
            for child in token.children:
                if child.dep_ == "poss":
                    return token, child
    return (ordered[0] if ordered else None), None


def speaker_from_words(
    text: str, lo: int, hi: int, cues: QuoteCues, side: str
) -> tuple[tuple[int, str] | None, tuple[int, int] | None]:
    """Rule-only fallback: the name or pronoun next to the nearest cue verb."""
    matches = [m for m in WORD.finditer(text, lo, hi) if cue_word(m.group()) in cues.verbs]
    if not matches:
        return None, None
    cue = matches[-1] if side == "left" else matches[0]
    before = list(WORD.finditer(text, lo, cue.start()))
    after = list(WORD.finditer(text, cue.end(), hi))
    span = name_run(before, cues, backwards=True) or name_run(after[:4], cues, backwards=False)
    return (cue.start(), cue_word(cue.group())), span


def cue_word(word: str) -> str:
    return word.lower().strip(".’'")


def name_run(
    words: list[re.Match[str]], cues: QuoteCues, backwards: bool
) -> tuple[int, int] | None:
    seq = list(reversed(words)) if backwards else words
    run: list[re.Match[str]] = []
    for m in seq:
        w = m.group()
        if not run and w.lower() in cues.pronouns:
            return m.start(), m.end()
        if not run and w.endswith("ly"):
            continue
        if w[:1].isupper() or (run and NAME_WORD.fullmatch(w)):
            run.append(m)
            continue
        break
    while run and not run[-1].group()[:1].isupper():
        run.pop()
    if not run:
        return None
    first, last = (run[-1], run[0]) if backwards else (run[0], run[-1])
    return first.start(), last.end()


def locate_speaker(
    text: str,
    quote: FoundQuote,
    frame: tuple[int, int],
    para: tuple[int, int],
    cues: QuoteCues,
    parses: Parses,
    side: str,
) -> None:
    lo, hi = frame
    if side == "right":
        hi = min(para[1], hi)
        byline = DASH_BYLINE.match(text, lo, hi)
        if byline:
            initial = re.search(r"[A-Z]", byline.group())
            set_speaker(quote, text, lo + (initial.start() if initial else 0), byline.end())
            return
    span = parses.span(lo, hi, para) if hi > lo else None
    if span is not None and len(span):
        cue, speaker = speaker_from_parse(span, cues, side)
        if cue is not None:
            quote.cue, quote.cue_start = cue.text, cue.idx
            if cue.lower_ == "according":
                quote.cue = "according to"
        if speaker is not None:
            s_lo, s_hi = noun_phrase(speaker)
            set_speaker(quote, text, s_lo, s_hi)
            return
    cue_hit, name = speaker_from_words(text, lo, hi, cues, side)
    if cue_hit is not None and quote.cue is None:
        quote.cue_start, quote.cue = cue_hit
    if name is not None:
        set_speaker(quote, text, *name)


def set_speaker(quote: FoundQuote, text: str, lo: int, hi: int) -> None:
    quote.speaker_start, quote.speaker_end = lo, hi
    speaker = text[lo:hi]
    trimmed = re.sub(r"(?:['’]s?|[\s,])+$", "", speaker)
    quote.speaker_end = lo + len(trimmed)
    quote.speaker_text = trimmed


def resolve_pronoun(
    text: str,
    quote: FoundQuote,
    previous: FoundQuote | None,
    sentences: list[Sentence],
    persons: list[Mention] | None,
    parses: Parses,
) -> None:
    """he/she -> a named subject of its own sentence, else the previous quote's speaker (when
    close by), else the named subject of a recent sentence, else the nearest earlier person."""
    assert quote.speaker_start is not None
    pronoun_at = quote.speaker_start
    sentence = sentence_of(sentences, pronoun_at)
    s_lo = sentence.start if sentence else max(0, pronoun_at - 300)
    window_lo = max(0, s_lo - 800)
    names = person_spans(text, window_lo, pronoun_at, persons, parses, sentences)
    own = [n for n in names if n[0] >= s_lo and n[2]]
    earlier_subjects = [n for n in names if n[0] < s_lo and n[2]]
    pick: tuple[int, int] | None = None
    if own:
        pick = own[-1][:2]
    elif previous is not None and previous.speaker_start is not None:
        pick = named_speaker(previous)
    if pick is None and earlier_subjects:
        pick = earlier_subjects[-1][:2]
    if pick is None and names:
        pick = names[-1][:2]
    if pick is not None:
        quote.resolved_start, quote.resolved_end = pick
        quote.resolved_text = text[pick[0] : pick[1]]


def named_speaker(quote: FoundQuote) -> tuple[int, int] | None:
    if quote.resolved_start is not None and quote.resolved_end is not None:
        return quote.resolved_start, quote.resolved_end
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    if (quote.speaker_text or "").lower() in load_cues().pronouns:
        return None
    return quote.speaker_start, quote.speaker_end


def person_spans(
    text: str,
    lo: int,
    hi: int,
    persons: list[Mention] | None,
    parses: Parses,
    sentences: list[Sentence],
) -> list[tuple[int, int, bool]]:
    """(start, end, is_subject) of person names in [lo, hi), in order. A name is a subject
    when the parse makes it one, or the agent of a passive ("demonstrated by Trump")."""
    out: list[tuple[int, int, bool]] = []
    for para in paragraph_spans(sentences):
        if para[1] <= lo or para[0] >= hi:
            continue
        span = parses.span(max(lo, para[0]), min(hi, para[1]), para)
        if persons is not None:
            for m in persons:
                if lo <= m.start and m.end <= hi and para[0] <= m.start < para[1]:
                    part = parses.span(m.start, m.end, para)
                    out.append((m.start, m.end, part is not None and is_subject(part)))
            continue
        if span is None:
            continue
        for ent in span.ents:
            if ent.label_ == "PERSON" and ent.start_char >= lo:
                start, end = ent.start_char, ent.end_char
                out.append((start, end, is_subject(ent)))
    return out


def is_subject(span: Any) -> bool:
    for token in span:
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if token.dep_ == "pobj" and token.head.dep_ == "agent":
            return True
    return False


def resolve_actor(
    speaker: str, analysis: Analysis, lo: int | None, hi: int | None, context: Context
) -> str | None:
    """The actor id of a speaker: an overlapping resolved mention, else a pack name match."""
    if lo is not None and hi is not None:
        for mention in analysis.mentions:
            if mention.actor_id and mention.start < hi and lo < mention.end:
                return mention.actor_id
    return match_pack_actor(speaker, context, analysis.document.text[: lo or 0])


def fold_name(name: str) -> str:
    return " " + re.sub(r"[\s‐-]+", " ", name.lower().replace("’", "'")).strip() + " "


def match_pack_actor(speaker: str, context: Context, before: str = "") -> str | None:
    """The pack actor whose longest name or alias appears, as whole words, in ``speaker``;
    else, for a shared short name ("President Lee"), the candidate named last in ``before``."""
    pack = context.pack_or_none  # a pack that cannot load leaves the speaker unresolved
    if pack is None:
        return None
    actors = pack.actors
    folded = fold_name(speaker)
    best: tuple[int, str] | None = None
    for key, actor_id in _folded_names(pack):
        if key in folded and (best is None or len(key) > best[0]):
            best = (len(key), actor_id)
    if best is not None:
        return best[1]
    return match_short_name(folded, actors, fold_name(before))


_FOLDED: dict[str, tuple[Any, list[tuple[str, str]]]] = {}


def _folded_names(pack: Any) -> list[tuple[str, str]]:
    """(folded name, actor id) of every name and alias of the pack, in pack order: folded once
    per pack, not once per speaker."""
    cached = _FOLDED.get("pack")
    if cached is not None and cached[0] is pack:
        return cached[1]
    names = [
        (key, actor.id)
        for actor in pack.actors
        for key in (fold_name(n) for n in (actor.name, *actor.aliases))
        if key.strip()
    ]
    _FOLDED["pack"] = (pack, names)
    return names


def match_short_name(folded: str, actors: list[Any], before: str) -> str | None:
    candidates = [
        (actor, short)
        for actor in actors
        for short in getattr(actor, "short_names", []) or []
        if fold_name(short) in folded
    ]
    latest: tuple[int, str] | None = None
    for actor, _ in candidates:
        for name in (actor.name, *actor.aliases):
            at = before.rfind(fold_name(name))
            if at >= 0 and (latest is None or at > latest[0]):
                latest = (at, actor.id)
    if latest is not None:
        return latest[1]
    defaults: list[str] = [
        a.id for a, short in candidates if short in (getattr(a, "default_for", []) or [])
    ]
    if len(defaults) == 1:
        return defaults[0]
    ids: set[str] = {a.id for a, _ in candidates}
    return ids.pop() if len(ids) == 1 else None
