"""Reading the parts of a forecast clause: outcome, holder, condition and horizon.

Rule-based and deliberately plain: each function takes the clause or sentence text and
returns a string (or None), so that every rule can be tested on a hand-written sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from summitwatch.extract.estimative import Estimate, EstimativeWords, find_estimates
from summitwatch.models import Document, Timex

_SUBORDINATORS = re.compile(
    r"^(?:if|unless|despite|given|while|although|though|as|when|having|after|before|since|"
    r"because|with|unlike|instead of|in|at|for|during|whether|once|until|even so|still|yet|"
    r"furthermore|moreover|however|ultimately|in the end)\b",
    re.I,
)
_LEADING = re.compile(r"^(?:and|but|so|yet|then|that|thus|therefore|also|still|even so)\s+", re.I)
_TRAILING_AUX = re.compile(
    r"\s*\b(?:but|and|or|will|would|shall|is|are|was|were|be|been|may|might|could|can|remains?|seems?|"
    r"appears?|also|still|now|thus|therefore|so|then|only)\s*$",
    re.I,
)
_PREDICATE_CUT = re.compile(
    r"[;:]|\s[–—]\s|\s\(|,\s*(?:because|since|as|which|while|given|but|so that|and (?:that|so)|"
    r"with|at|whether|pushing|increasing|signal+ing)\b|\s(?:due to|because|rather than because)\s|"
    r",?\s(?:at|with) (?:around|about|roughly|perhaps|some)\b|,\s*(?:I|we) (?:would )?(?:put|give)|"
    r"[,.!?][”\"]|[,”\"]+\s*(?:[\w.’'-]+\s+){0,8}?(?:said|says|say|added|argued|noted|told|wrote|warned|"
    r"reported|stated)\b|,\s+according to\b|"
    # a participial adjunct after a comma ("…, anticipating the meeting could happen…")
    r",\s+(?!including\b|especially\b)[a-z]+ing\b",
    re.I,
)
# "that" opens the judged clause only after a verb or noun of saying, thinking or judging
# ("argued that", "indicators that"), not after a plain noun ("an agreement that includes")
_THAT_CLAUSE = re.compile(
    r"\b(?:(?:is|was|are|were|argued?|said|says|warned?|believes?|think|thinks|expects?|expected|"
    r"suggests?|indicates?|indicators?|judgment|view|added|noted|reported|concerns?|worry|fears?|"
    r"hopes?|clear|sure|assessment|expectations?|chances?|odds|risk|speculation|signs?|"
    r"reports?|suggestions?)\s+that|suggests otherwise|"
    r"(?:suggest|indicate|mean|show|signal)s?(?=\s+(?:he|she|they|it)\b)|means(?:\s+that)?)\s+",
    re.I,
)
_NOTE_MARK = re.compile(r"[.”\"]*\s*\d+\)\s*$|\[\d+\]\s*$")
_INNER_CLAUSE = re.compile(r"^(?P<s>.+?)\s+(?:will|would)\s+(?P<v>.+)$")
_MAKE_NP = re.compile(r"\bmakes?\s+(?P<np>.+)$", re.I)
_NOTION_OF = re.compile(
    r"\b(?:notion|idea|prospect|possibility) of (?P<np>.+?)(?=\s+(?:might|may|could|would|will|is|"
    r"are|was|were|has|had)\b|[,;]|$)",
    re.I,
)
_CHANCE_OF = re.compile(
    r"^(?:the\s+)?(?:prospects?|chances?|likelihood|possibility|odds|potential)\s+(?:for|of)\s+(?P<np>.+)$",
    re.I,
)
_ASIDE_AFTER_MODAL = re.compile(r"^\s*,[^,;.“”\"]{1,70},\s*")
_FADING_CHANCE = re.compile(
    r"^(?:the\s+)?(?:likelihood|chances?|prospects?|possibility|odds)\s+(?:of|for)\s+(?P<np>.+?)"
    r"\s+(?:(?:appears?|seems?) to be\s+|is\s+|are\s+)?(?:diminishing|dwindling|fading|receding|"
    r"narrowing)$",
    re.I,
)
_BULLET = re.compile(r"^[\s•·▪◦*-]*(?:\d+[.)]\s+)?")
_SPEECH_PARENTHESIS = re.compile(r",\s*(?:he|she|they|[A-Z][\w.’'-]+) (?:said|added|argued)\s*,")
_PLURAL_HEADS = frozenset(
    ["men", "women", "people", "leaders", "they", "we", "both", "talks", "sides"]
)
# estimative adjectives: "X is likely" judges that X happens
_ADJECTIVES = frozenset(
    {
        "likely",
        "unlikely",
        "quite-unlikely",
        "highly-unlikely",
        "highly-likely",
        "improbable",
        "probable",
        "possible",
        "almost-certain",
    }
)
_IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}


# -- outcome ---------------------------------------------------------------------------


def make_outcome(
    clause: str, phrase: Estimate, number: Estimate | None, lexicon: EstimativeWords
) -> tuple[str, bool]:
    """The outcome the probability refers to, stated affirmatively, and whether it was negated."""
    pre = clause[: phrase.start]
    # "we'll, at some point in the not-too-distant future, meet with…": the aside goes
    post = (
        _ASIDE_AFTER_MODAL.sub(" ", clause[phrase.end :])
        if phrase.strength == "modal"
        else clause[phrase.end :]
    )
    # "won't respond" negates the outcome; "don't rule out" is itself the judgment
    negated = phrase.strength == "modal" and bool(re.search(r"n[’']t$", phrase.text.lower()))
    potential = re.match(r"(?:the )?potential for (?P<np>.+?) exists", phrase.text, re.I)
    if potential:
        return f"{potential.group('np')} happens", False
    fading = _FADING_CHANCE.match(phrase.text)
    if fading:
        # "the likelihood of a surprise meeting appears to be diminishing": the meeting
        return f"{fading.group('np').strip()} happens", False
    if phrase.phrase_id in COMPLEMENT_PHRASES:
        complement = complement_outcome(post)
        if complement is not None:
            return complement
    post_stripped, post_negated = _strip_negation(post, lexicon)
    negated = negated != post_negated
    subject = clean_subject(pre, clause, lexicon)
    predicate = clean_predicate(post_stripped)
    # after "will", "may", "likely to" the verb is bare; after an adverb it is already finite
    bare = (
        phrase.strength == "modal"
        or phrase.text.lower().endswith(" to")
        or bool(
            re.search(r"\b(?:will|would|shall|may|might|could|can|to)\s*$", pre, re.I)
            or re.match(r"\s*(?:not\s+)?to\s", post, re.I)
        )
    )
    if not subject:
        return _fallback(clause), negated
    chance = _CHANCE_OF.match(subject)
    if chance and not predicate:
        # "the prospect for a sudden Sunday meeting is growing stronger"
        return f"{chance.group('np').strip()} happens", negated
    if subject.lower() in {"it", "this"} and not predicate:
        notion = _NOTION_OF.search(clause) or _NOTION_OF.search(pre)
        if notion:
            return f"{notion.group('np').strip()} happens", negated
    made = _MAKE_NP.search(subject)
    if made and not predicate:
        return f"{made.group('np').strip()} happen", negated
    if not predicate:
        judged = phrase.phrase_id in _ADJECTIVES or phrase.strength != "modal"
        return (f"{subject} happens" if judged else subject), negated
    if predicate.lower().startswith("that ") or phrase.text.lower().endswith("whether"):
        inner = predicate[5:] if predicate.lower().startswith("that ") else predicate
        clause_match = _INNER_CLAUSE.match(inner)
        if clause_match:
            inner_subject = clause_match.group("s")
            return f"{inner_subject} {conjugate(clause_match.group('v'), inner_subject)}", negated
        return inner, negated
    copula = re.search(r"\b(?:is|are|was|were|be|remains?|seems?)\s*$", pre, re.I)
    if copula and phrase.phrase_id in _ADJECTIVES and not re.match(r"\s*(?:not\s+)?to\s", post):
        # "A second summit is likely before March": the judged outcome is that it happens
        return f"{subject} happens {predicate}", negated
    if not bare:
        return f"{subject} {predicate}", negated
    return f"{subject} {conjugate(predicate, subject)}", negated


# phrases whose outcome is the clause or noun phrase after them ("a good chance that it won't
# work out", "don't rule out the possibility of a fourth meeting", "expects the process to start")
COMPLEMENT_PHRASES = frozenset(
    {
        "expects",
        "we-doubt",
        "confident-that",
        "cannot-rule-out",
        "downplay-likelihood",
        "uncertain-whether",
        "good-chance",
        "very-substantial-chance",
        "high-possibility",
        "little-chance",
        "decent-chance",
        "odds-are",
        "very-good-chance",
        "serious-possibility",
        "we-believe",
    }
)
_COMPLEMENT_LEAD = re.compile(r"^[\s,:“”\"']*(?:that|if|whether|of|about|over)\s+", re.I)
_CHANCE_LEAD = re.compile(
    r"^(?:the\s+)?(?:possibility|prospects?|chances?|likelihood|odds|potential)\s+(?P<link>of|for|that)\s+",
    re.I,
)
_ANAPHORIC = re.compile(
    r"^\s*(?:it|this|that|one)\b(?!\s+(?:will|would|could|may|might|is|was))", re.I
)
_INNER_NEGATION = re.compile(
    r"\s+(?:won[’']t|will not|would not|wouldn[’']t|cannot|can[’']t|can not|do not|does not|"
    r"don[’']t|doesn[’']t|is not|isn[’']t|are not|aren[’']t|not)\s+",
    re.I,
)
_AFFIRMATIVE = {
    "won't": "will",
    "won’t": "will",
    "will not": "will",
    "would not": "would",
    "wouldn't": "would",
    "wouldn’t": "would",
    "cannot": "can",
    "can't": "can",
    "can’t": "can",
    "can not": "can",
    "is not": "is",
    "isn't": "is",
    "isn’t": "is",
    "are not": "are",
    "aren't": "are",
    "aren’t": "are",
}
_FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|could|may|might|can|has|have|had|does|do|did|"
    r"\w+(?:s|ed))\s",
    re.I,
)
_TO_INFINITIVE = re.compile(r"^(?P<s>(?!to\b)[^,;]+?)\s+to\s+(?P<v>[a-z][\w-]*\b.*)$")


def complement_outcome(post: str) -> tuple[str, bool] | None:
    """The outcome after a predicate or chance phrase, negation moved into the probability."""
    if re.match(r"^\s*[,;.!?”\"]", post):
        return None  # "remains a long shot, analysts said": the outcome is the subject
    text = _COMPLEMENT_LEAD.sub("", post.strip())
    if not text or _ANAPHORIC.match(text):
        return None
    lead = _CHANCE_LEAD.match(text)
    noun_phrase = bool(lead) and lead is not None and lead.group("link") != "that"
    if lead:
        text = text[lead.end() :]
    text = clean_predicate(text)
    if len(text.split()) < 2:
        return None
    negated = False
    inner = _INNER_NEGATION.search(" " + text + " ")
    if inner and inner.start() < len(text) * 0.6:
        word = inner.group().strip()
        replacement = _AFFIRMATIVE.get(word.lower(), "")
        spaced = " " + text + " "
        text = (
            spaced[: inner.start()]
            + (f" {replacement} " if replacement else " ")
            + spaced[inner.end() :]
        ).strip()
        text = re.sub(r"\s+", " ", text)
        negated = True
    clause_match = _INNER_CLAUSE.match(text) or re.match(
        r"^(?P<s>.+?)\s+(?:could|may|might|can)\s+(?P<v>.+)$", text
    )
    if clause_match:
        subject = clause_match.group("s")
        return f"{subject} {conjugate(clause_match.group('v'), subject)}", negated
    there = re.match(r"^there\s+(?:will|would)\s+be\s+(?P<np>.+)$", text, re.I)
    if there:
        return f"there is {there.group('np')}", negated
    infinitive = _TO_INFINITIVE.match(text)
    if infinitive and not noun_phrase:
        subject = infinitive.group("s")
        return f"{subject} {conjugate(infinitive.group('v'), subject)}", negated
    if noun_phrase or not _FINITE.search(text + " "):
        return f"{text} happens", negated
    return text, negated


def _strip_negation(post: str, lexicon: EstimativeWords) -> tuple[str, bool]:
    words = "|".join(re.escape(n) for n in lexicon.negations if n != "n't")
    match = re.match(rf"^\s*(?:{words})\b\s*", post, re.I)
    if match:
        return post[match.end() :], True
    return post, False


def clean_subject(pre: str, clause: str, lexicon: EstimativeWords | None = None) -> str:
    """The noun phrase the judgment is about: the clause text before the phrase, trimmed."""
    # "he’s going to", "they're likely to": the contracted verb is not part of the subject
    subject = re.sub(r"(?<=\w)['’](?:s|re|m|ll|d)\s*$", " ", pre)
    if lexicon is not None:
        verbs = "|".join(sorted(lexicon.attribution_verbs, key=len, reverse=True))
        spoken = list(
            re.finditer(
                rf"\b(?:{verbs})(?:\s+[^,;“”\"]{{0,60}}?)?\s+that\s+|\b(?:{verbs})\s+", subject
            )
        )
        if spoken:
            subject = subject[spoken[-1].end() :]
    for splitter in ("—", " – ", ": "):
        if splitter in subject:
            subject = subject.rsplit(splitter, 1)[1]
    that = list(_THAT_CLAUSE.finditer(subject))
    if that:
        subject = subject[that[-1].end() :]
    subject = _SPEECH_PARENTHESIS.sub(",", subject)
    if "," in subject:
        head, _, tail = subject.partition(",")
        last = subject.rsplit(",", 1)[1]
        if _SUBORDINATORS.match(head.strip()):
            subject = tail if "," not in tail else tail.rsplit(",", 1)[1]
        elif _TRAILING_AUX.sub("", last).strip(" ,"):
            subject = last
        else:
            subject = head
    if lexicon is not None:
        # a hedge before the judgment ("is possible but less likely than not") is not subject
        hedges = find_estimates(subject, lexicon)
        if hedges:
            subject = subject[: hedges[0].start]
    for _ in range(4):
        subject = _TRAILING_AUX.sub("", subject)
        subject = _LEADING.sub("", subject.strip(" ,"))
    return _BULLET.sub("", subject).strip(" ,\"'“”")


def clean_predicate(post: str) -> str:
    predicate = post.strip()
    predicate = re.sub(r"^(?:to|that\s+it\s+will)\s+", "", predicate, flags=re.I)
    cut = _PREDICATE_CUT.search(predicate)
    if cut:
        predicate = predicate[: cut.start()]
    predicate = _NOTE_MARK.sub("", predicate).strip(" ,.")
    straight = predicate.endswith('"') and predicate.count('"') % 2 == 1
    curly = predicate.endswith("”") and predicate.count("“") < predicate.count("”")
    if straight or curly:
        predicate = predicate[:-1].rstrip(" ,.")  # the close of the speaker's quote
    if predicate.lower() in {"in reality", "in practice", "at this point", "for now"}:
        return ""
    return predicate


def conjugate(predicate: str, subject: str) -> str:
    """Third person singular for a bare verb after a singular subject ("Kim responds")."""
    adverb = re.match(
        r"(?:(?:still|also|even|then|soon|eventually|again|only|just|quickly|simply|"
        r"further|actually|really)\s+)+",
        predicate,
        re.I,
    )
    if adverb:
        return adverb.group() + conjugate(predicate[adverb.end() :], subject)
    manner = re.match(r"[a-z]+ly\s+(?=[a-z])", predicate)
    if manner and manner.group().strip() not in {"only", "early", "family", "rally", "apply"}:
        # "will consequently be poorly prepared": the adverb stays, the verb agrees
        return manner.group() + conjugate(predicate[manner.end() :], subject)
    first, _, rest = predicate.partition(" ")
    # the head noun sits before the first preposition: "the prospects for renewed dialogue"
    core = re.split(r"\s+(?:of|for|between|in|on|with|to|from|about|over|within)\s+", subject)[0]
    head = core.split()[-1].lower() if core.split() else ""
    plural = (
        head in _PLURAL_HEADS
        or " and " in core
        or (head.endswith("s") and not head.endswith(("'s", "’s", "ss")) and head.islower())
    )
    lower = first.lower()
    if plural and lower == "be":
        return f"are {rest}".strip()
    if plural or not lower.isalpha() or lower.endswith("ed") or lower in {"is", "are", "has"}:
        return predicate
    verb = _IRREGULAR.get(lower) or _third_person(lower)
    if first[:1].isupper():
        verb = verb.capitalize()
    return f"{verb} {rest}".strip()


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _fallback(clause: str) -> str:
    return " ".join(clause.split()).strip(" .")


# -- holder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    holder: str | None  # who the judgment is attributed to; None = the author
    position: int  # where the attribution cue sits in the sentence
    named: str | None = None  # a person named in the sentence, for later pronouns


_NAME = r"[A-Z][\w.’'-]+(?:\s+(?:[A-Z][\w.’'-]+|de|van|von))*"
_PRONOUNS = {"he", "she", "they"}
_AUTHOR_VOICE = {"i", "we"}


def find_attribution(
    sentence: str, lexicon: EstimativeWords, last_person: str | None
) -> Attribution:
    """Who a judgment in ``sentence`` belongs to when it is not the author's own."""
    verbs = "|".join(sorted(lexicon.attribution_verbs, key=len, reverse=True))
    after_name = re.search(rf"\b(?:{verbs})\s+(?P<holder>{_NAME})\s*(?:,|\s+of\b)", sentence)
    introduced = re.match(rf"^\W*(?P<holder>{_NAME}),\s+(?:who|a|an|the)\b", sentence)
    named = next((m.group("holder") for m in (after_name, introduced) if m), None)
    lead = re.search(
        rf"(?:^|[,;:]\s+|\bthat\s+|^\W*)(?P<holder>{_NAME}(?=(?:\s+of\s+{_NAME})?[\s,])|(?i:a|an|one|some|many|several)\s+"
        rf"[\w\s'’-]{{1,60}}?|[Cc]ritics|[Oo]thers|[Aa]nalysts|[Oo]fficials|[Ss]ome|"
        rf"[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)(?:\s+of\s+{_NAME})?(?:,[^,]{{1,100}},)?(?:\s+(?:also|further|later|then|again|now))?"
        rf"\s+(?:{verbs})\b",
        sentence,
    )
    view = re.search(r"\b[Ii]n (?P<pron>his|her|their) view\b", sentence)
    aside = re.search(rf",\s*(?P<holder>he|she|they)\s+(?:{verbs})\s*,", sentence)
    candidates = [m for m in (lead, aside) if m is not None]
    if view:
        pronoun = {"his": "he", "her": "she", "their": "they"}[view.group("pron")]
        return Attribution(_resolve(pronoun, named or last_person), view.start(), named)
    if not candidates:
        return Attribution(None, len(sentence), named)
    match = min(candidates, key=lambda m: m.start())
    holder = match.group("holder").strip()
    if holder.lower() in _AUTHOR_VOICE:
        return Attribution(None, len(sentence), named)
    if holder.lower() in _PRONOUNS:
        holder = _resolve(holder.lower(), last_person) or holder
    elif holder[:1].isupper() and " " in holder and holder.split()[0] not in {"The", "A"}:
        named = named or holder
    return Attribution(holder, match.start("holder"), named)


def complete_name(attribution: Attribution, people: list[str]) -> Attribution:
    """A surname alone ("Sorensen put the chance…") stands for the person named earlier."""
    holder = attribution.holder
    if holder and " " not in holder:
        for person in reversed(people):
            if person.split()[-1] == holder:
                return Attribution(person, attribution.position, attribution.named)
    return attribution


def _resolve(pronoun: str, last_person: str | None) -> str | None:
    if pronoun in {"he", "she"} and last_person:
        return last_person
    return last_person or pronoun.capitalize()


# -- condition -------------------------------------------------------------------------


def find_condition(sentence: str, phrase_at: int, lexicon: EstimativeWords) -> str | None:
    """The "If …" clause a judgment depends on, before or after the phrase."""
    words = "|".join(re.escape(c) for c in lexicon.conditions)
    for match in re.finditer(rf"\b(?:{words})\b", sentence, re.I):
        if re.search(r"question of\s*$|matter of\s*$", sentence[: match.start()], re.I):
            continue
        if match.start() < phrase_at:
            end = sentence.find(",", match.end())
            if end == -1 or end > phrase_at:
                end = phrase_at
            text = sentence[match.start() : end]
        else:
            text = re.split(r"[,;.]", sentence[match.start() :], maxsplit=1)[0]
        text = _SPEECH_PARENTHESIS.sub("", text).strip(" ,")
        if len(text.split()) >= 3:
            return text
    return None


# -- horizon ---------------------------------------------------------------------------

_HORIZON_CUE = re.compile(
    r"\b(?:by|before|until|till|within|through|ahead of)\s+(?:the\s+(?:end|close|middle|start)\s+"
    r"of\s+)?(?:[\w’'-]+\s+){0,5}$",
    re.I,
)
_MONTHS = [date(2000, month, 1).strftime("%B").lower() for month in range(1, 13)]
_MONTH_NAMES = "|".join(m.capitalize() for m in _MONTHS)
_FALLBACK = re.compile(
    r"\b(?:by|before|until|till)\b[^,;.]{0,40}?\b(?:(?P<month>" + _MONTH_NAMES + r")"
    r"(?:\s+(?P<day>\d{1,2}))?(?:,?\s+(?P<year>\d{4}))?|(?P<year2>\d{4}))\b"
)


def find_horizon(
    text: str, start: int, end: int, timexes: list[Timex], document: Document
) -> str | None:
    """The deadline a clause states ("by the end of June 2018" -> 2018-06), as a TimeML value."""
    for timex in timexes:
        inside = start <= timex.start < end and timex.type == "DATE"
        if inside and timex.value[:1].isdigit() and _HORIZON_CUE.search(text[start : timex.start]):
            return timex.value
    for match in _FALLBACK.finditer(text, start, end):
        value = _fallback_value(match, document.published)
        if value:
            return value
    return _anaphoric_deadline(text, start, end, timexes)


_DEADLINE_NOUN = re.compile(r"\b(?:by|before|until|till|ahead of)\s+the\s+(?P<noun>[a-z]{4,})\b")


def _anaphoric_deadline(text: str, start: int, end: int, timexes: list[Timex]) -> str | None:
    """ "before the election" when an earlier sentence dated it ("the Nov. 3 presidential
    election"): the date of the latest earlier mention of the same noun."""
    match = _DEADLINE_NOUN.search(text, start, end)
    if match is None:
        return None
    after = re.compile(rf"^\s+(?:[\w-]+\s+){{0,2}}{match.group('noun')}\b")
    dated = [
        t
        for t in timexes
        if t.end <= start
        and t.type == "DATE"
        and t.value[:1].isdigit()
        and after.match(text[t.end : t.end + 60])
    ]
    return dated[-1].value if dated else None


def _fallback_value(match: re.Match[str], published: date | None) -> str | None:
    year = match.group("year") or match.group("year2")
    month, day = match.group("month"), match.group("day")
    if not year and not month:
        return None
    if not year:
        if published is None:
            return None
        number = _MONTHS.index(month.lower()) + 1
        year = str(published.year + (1 if number < published.month else 0))
    if not month:
        return year
    value = f"{year}-{_MONTHS.index(month.lower()) + 1:02d}"
    return f"{value}-{int(day):02d}" if day else value
