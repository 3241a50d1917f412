"""Pronoun resolution for the actor stage: he/she/his/her/him and -self forms.

A pronoun takes the first compatible person of its sentence (subjects come first in English),
else of each earlier sentence back to the previous paragraph. People named in a fronted
prepositional phrase ("Ahead of a meeting with Xi, he ...") come last; an object ("praised
him") is not the subject of its own clause; a reflexive takes the nearest person. Pronouns
inside quotation marks belong to the quoted speaker's world and are left alone.
"""

from __future__ import annotations

import bisect

from summitwatch.extract.actor_index import ActorIndex, Layout, Words, load_words
from summitwatch.models import Mention, Token

_QUOTE_MARKS = frozenset('"“”„«»')


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Stretches inside quotation marks, paragraph by paragraph (a wrong closing mark still
    closes: the seeds have “…“)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for offset, char in enumerate(text):
        if char == "\n":
            opened = None
        elif char in _QUOTE_MARKS:
            if opened is None:
                opened = offset
            else:
                spans.append((opened, offset + 1))
                opened = None
    return spans


def inside_spans(offset: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    at = bisect.bisect_right(starts, offset) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


def resolve_pronouns(
    text: str, tokens: list[Token], mentions: list[Mention], index: ActorIndex, layout: Layout
) -> list[Mention]:
    words = load_words()
    spans = quoted_spans(text)
    span_starts = [s[0] for s in spans]
    # (sentence, start, actor id or None, gender or None) of every person mention in order
    people = [
        (layout.sentence_of(m.start), m.start, m.actor_id, person_gender(m, index))
        for m in mentions
        if m.kind == "person"
    ]
    pronouns: list[Mention] = []
    for token in tokens:
        gender = words.pronouns.get(token.text.casefold())
        if gender is None or inside_spans(token.start, spans, span_starts):
            continue
        sentence = layout.sentence_of(token.start)
        form = token.text.casefold()
        role = "object" if form == "him" else "reflexive" if form.endswith("self") else ""
        found = antecedent(people, sentence, token.start, gender, layout, words, role)
        position = bisect.bisect_left([p[1] for p in people], token.start)
        people.insert(position, (sentence, token.start, found, gender))
        if found:
            pronouns.append(Mention(token.start, token.end, token.text, found, "pronoun"))
    return pronouns


def person_gender(mention: Mention, index: ActorIndex) -> str | None:
    actor = index.actors.get(mention.actor_id or "")
    return actor.gender if actor else None


def antecedent(
    people: list[tuple[int, int, str | None, str | None]],
    sentence: int,
    offset: int,
    gender: str,
    layout: Layout,
    words: Words,
    role: str = "",
) -> str | None:
    """First compatible person of the pronoun's sentence (before it), else of each earlier
    sentence back to the start of the previous paragraph; people of a fronted phrase come
    last, and a pronoun right after that phrase looks no further than earlier sentences."""
    if not layout.sentences:
        return next((p[2] for p in people if p[1] < offset and p[3] in (None, gender)), None)
    paragraph = layout.sentences[sentence].paragraph
    for current in range(sentence, -1, -1):
        if layout.sentences[current].paragraph < paragraph - 1:
            break
        boundary = layout.front_end(current, words.fronting)
        opening = layout.sentences[current].start
        right_after = opening < boundary <= offset and not layout.text[boundary:offset].strip()
        if current == sentence and right_after:
            continue
        here = [p for p in people if p[0] == current and p[1] < offset and p[3] in (None, gender)]
        if current == sentence and here and role == "reflexive":
            return here[-1][2]  # "the president himself": the nearest one
        if current == sentence and role == "object" and here:
            here = here[:-1]  # "Lee praised him": an object is not its own clause's subject
        ordered = [p for p in here if p[1] >= boundary] + [p for p in here if p[1] < boundary]
        if ordered:
            return ordered[0][2]
    return None
