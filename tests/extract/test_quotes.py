"""Direct quotes: marks, frames, speakers, pronouns, dates, and the seeds' must-quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from summitwatch.extract import quotes as quotes_module
from summitwatch.extract.language import load_nlp
from summitwatch.extract.quotes import (
    STAGE,
    FoundQuote,
    find_quotes,
    looks_like_title,
    match_pack_actor,
    pair_marks,
)
from summitwatch.extract.sentences import split_sentences
from summitwatch.models import Document, Mention, Timex, make_id
from summitwatch.packs.pack import Pack, PackActor
from summitwatch.pipeline import Analysis, Context, build_pipeline
from summitwatch.settings import Settings
from tests.conftest import GOLD, SEEDS

FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp(Settings().spacy_model)


def only(found: list[FoundQuote], fragment: str) -> FoundQuote:
    hits = [q for q in found if fragment in q.text]
    assert len(hits) == 1, [q.text for q in found]
    return hits[0]


def speaker_of(q: FoundQuote) -> str:
    return q.resolved_text or q.speaker_text or ""


# ---------------------------------------------------------------- marks and shapes


def test_pairs_curly_straight_and_wrong_closing_marks() -> None:
    text = 'A said “one two.“ B said "three four." C said “five six”.'
    pairs = pair_marks(text, 0, len(text))
    assert [text[a + 1 : b] for a, b in pairs] == ["one two.", "three four.", "five six"]


def test_unclosed_quote_runs_to_paragraph_end() -> None:
    text = "The mayor said: “We are not finished here"
    assert pair_marks(text, 0, len(text)) == [(16, len(text))]


def test_title_shape() -> None:
    assert looks_like_title("Northern Lights Accord for Lasting Calm")
    assert looks_like_title("Harbor Plan 2031")
    assert not looks_like_title("we will keep the harbor open for every ship.")


# ---------------------------------------------------------------- frames and speakers


def test_speaker_before_with_that_and_curly_quotes(nlp: Any) -> None:
    text = "Foreign Minister Alma Ruiz stressed that “our door stays open to talks without terms.”"
    q = only(find_quotes(text, nlp=nlp), "door stays open")
    assert q.text == "our door stays open to talks without terms."
    assert text[q.start : q.end] == q.text
    assert "Alma Ruiz" in speaker_of(q)
    assert q.cue == "stressed"


def test_wrong_closing_mark_still_closes(nlp: Any) -> None:
    text = "Senator Olu Banks warned, “Nobody will sign this draft.“ The vote was delayed."
    q = only(find_quotes(text, nlp=nlp), "Nobody")
    assert q.text == "Nobody will sign this draft."
    assert "Banks" in speaker_of(q)


def test_speaker_after_with_straight_quotes(nlp: Any) -> None:
    text = 'The talks ended early. "We will not give up the reactor," the envoy said.'
    q = only(find_quotes(text, nlp=nlp), "reactor")
    assert speaker_of(q) == "the envoy"
    assert q.cue == "said"


def test_speaker_in_the_middle_and_pronoun_resolution(nlp: Any) -> None:
    text = (
        "Prime Minister Ines Varga met the press on Friday. "
        "“The meeting went well,” she said, “and both sides agreed to talk again soon.”"
    )
    found = find_quotes(text, nlp=nlp)
    assert [q.text for q in found] == [
        "The meeting went well,",
        "and both sides agreed to talk again soon.",
    ]
    assert all(q.speaker_text == "she" for q in found)
    assert all(q.resolved_text == "Ines Varga" for q in found)


def test_quote_spanning_sentences_is_one_quote(nlp: Any) -> None:
    text = 'Governor Li Tam said: "The river is rising. We have moved the families uphill."'
    found = find_quotes(text, nlp=nlp)
    assert len(found) == 1
    assert found[0].text == "The river is rising. We have moved the families uphill."
    assert "Li Tam" in speaker_of(found[0])


def test_speaker_named_in_previous_sentence(nlp: Any) -> None:
    text = (
        "Ambassador Chen Wu told reporters that the talks had stalled.\n"
        "“Nobody wants to return to the table before the winter ends.”"
    )
    q = only(find_quotes(text, nlp=nlp), "Nobody wants")
    assert "Chen Wu" in speaker_of(q)


def test_follow_up_quote_keeps_the_speaker(nlp: Any) -> None:
    text = (
        "“Our patience is not endless,” General Petra Holm said. "
        "“We have waited three seasons for an answer and heard nothing back.”"
    )
    found = find_quotes(text, nlp=nlp)
    assert len(found) == 2
    assert all("Petra Holm" in speaker_of(q) for q in found)


def test_organisation_speaker(nlp: Any) -> None:
    text = "The Daily Lantern assessed that “the summit produced more pageantry than substance.”"
    q = only(find_quotes(text, nlp=nlp), "pageantry")
    assert speaker_of(q) == "The Daily Lantern"
    assert q.cue == "assessed"


def test_possessive_statement_with_colon(nlp: Any) -> None:
    text = (
        "This echoed Minister Sato's speech in May: “If the other side lowers its guns, "
        "we will lower ours.”"
    )
    q = only(find_quotes(text, nlp=nlp), "lowers its guns")
    assert speaker_of(q) == "Minister Sato"


def test_dash_byline(nlp: Any) -> None:
    text = "“Peace is a habit we have to practise every single day.” ― Mara Lind"
    q = only(find_quotes(text, nlp=nlp), "Peace is a habit")
    assert speaker_of(q) == "Mara Lind"


@pytest.mark.parametrize(
    "text",
    [
        "Officials hoped the so-called “peace dividend” would arrive this year.",
        "The plan was dubbed the “Northern Lights Accord” by the press.",
        "In the end, “Harbor Plan 2031” never left the drawing board.",
        "He said the offer was a “friendly nudge (nothing more)” and left.",
        "She argued that the “timing” was wrong for a visit.",
        "He hinted that he might travel “there” after all.",
        "Critics called it a mere “photo opportunity.“ The talks went on.",
        "There are proposals that “confidence measures” such as hotlines be restored.",
        "4) Ana Bell, “Why Summits Fail, and When They Work,” Harbor Review, May 2, 2024.",
    ],
)
def test_scare_quotes_titles_and_notes_are_not_quotes(text: str, nlp: Any) -> None:
    assert find_quotes(text, nlp=nlp) == []


def test_rule_only_mode_finds_speakers_without_spacy() -> None:
    text = (
        "Admiral Kofi Mensah said that “the fleet will stay in port this month.” "
        "“We are ready for any outcome,” he added."
    )
    found = find_quotes(text, nlp=None)
    assert len(found) == 2
    assert "Kofi Mensah" in speaker_of(found[0])
    assert found[1].speaker_text == "he"
    assert "Kofi Mensah" in speaker_of(found[1])


# ---------------------------------------------------------------- dates


def test_utterance_date_from_the_introducing_sentence(nlp: Any) -> None:
    text = "In her March 3 address, Chancellor Ida Moe declared that “the border stays open.”"
    march = text.index("March 3")
    timexes = [Timex(march, march + 7, "March 3", "DATE", "2025-03-03")]
    q = only(find_quotes(text, nlp=nlp, timexes=timexes), "border")
    assert q.date == "2025-03-03"


def test_dates_inside_the_quote_are_not_the_utterance_date(nlp: Any) -> None:
    text = "Chancellor Ida Moe said that “the border will reopen in 2030.”"
    year = text.index("2030")
    timexes = [Timex(year, year + 4, "2030", "DATE", "2030")]
    q = only(find_quotes(text, nlp=nlp, timexes=timexes), "border")
    assert q.date is None


# ---------------------------------------------------------------- the stage


def small_pack() -> Pack:
    return Pack(
        name="test",
        actors=[
            PackActor(id="alma-ruiz", name="Alma Ruiz", kind="person", aliases=["Minister Ruiz"]),
            PackActor(id="lantern", name="The Daily Lantern", kind="organization"),
        ],
    )


def run_stage(text: str, mentions: list[Mention] | None = None) -> Analysis:
    analysis = Analysis(document=Document(text=text, source="test"))
    analysis.sentences = split_sentences(text)
    analysis.mentions = mentions or []
    STAGE.run(analysis, Context(Settings(), pack=small_pack()))
    return analysis


def test_stage_resolves_speaker_through_the_pack() -> None:
    text = "Foreign Minister Alma Ruiz stressed that “our door stays open to talks without terms.”"
    analysis = run_stage(text)
    (quote,) = analysis.quotes
    assert quote.speaker == "alma-ruiz"
    assert quote.id == make_id("qt", analysis.document.id, quote.start)
    assert text[quote.start : quote.end] == quote.text


def test_stage_prefers_the_mention_actor_id() -> None:
    text = "The minister stressed that “our door stays open to talks without terms.”"
    mention = Mention(start=0, end=12, text="The minister", actor_id="alma-ruiz", kind="person")
    (quote,) = run_stage(text, [mention]).quotes
    assert quote.speaker == "alma-ruiz"


def test_unknown_speaker_keeps_text_and_null_id() -> None:
    text = "Professor Gus Hale argued that “nobody in the capital wants a deal this year.”"
    (quote,) = run_stage(text).quotes
    assert quote.speaker is None
    assert quote.speaker_text is not None and "Gus Hale" in quote.speaker_text


def test_pack_match_prefers_the_longest_alias() -> None:
    context = Context(Settings(), pack=small_pack())
    assert match_pack_actor("Foreign Minister Alma Ruiz", context) == "alma-ruiz"
    assert match_pack_actor("Minister Ruizinho", context) is None


def test_stage_declaration() -> None:
    assert STAGE.name == "quotes"
    assert STAGE.requires == ("document", "sentences", "timexes", "mentions")
    assert STAGE.assigns == ("quotes",)


# ---------------------------------------------------------------- the seeds


def fold(text: str) -> str:
    return " ".join(text.translate(FOLD).split())


def seed_analysis(path: Path) -> Analysis:
    """The full pipeline, then any stage this one needs that is not built in yet."""
    from summitwatch.extract import timex
    from summitwatch.ingest.document import read_document

    settings = Settings(db_url="sqlite://")
    document = read_document(path.read_bytes(), str(path), settings)
    context = Context(settings)
    pipeline = build_pipeline()
    analysis = pipeline.run(document, context)
    extra = [timex.STAGE]
    try:
        from summitwatch.extract import actors  # built by another stage's author

        extra.append(actors.STAGE)
    except ImportError:
        pass
    for stage in [*extra, quotes_module.STAGE]:
        if stage.name not in pipeline.versions:
            stage.run(analysis, context)
    return analysis


def seed_items(kind: str) -> list[tuple[str, Any]]:
    documents = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["documents"]
    return [(d["file"], item) for d in documents for item in d.get(kind, [])]


@pytest.fixture(scope="module")
def seed_quotes() -> dict[str, list[Any]]:
    return {name: seed_analysis(SEEDS / name).quotes for name, _ in seed_items("quotes")}


@pytest.mark.parametrize(
    ("name", "item"), seed_items("quotes"), ids=lambda v: str(v)[:40] if isinstance(v, str) else ""
)
def test_seed_must_quotes(name: str, item: dict[str, Any], seed_quotes: dict[str, Any]) -> None:
    matches = [q for q in seed_quotes[name] if fold(item["evidence"]) in fold(q.text)]
    wanted = item.get("speaker_any") or [item["speaker"]]
    quote = matches[0] if matches else None
    problems = []
    if quote is None:
        problems.append(f"no quote holds {item['evidence']!r}")
    elif quote.speaker not in wanted:
        problems.append(f"speaker {quote.speaker!r} / {quote.speaker_text!r}, wanted {wanted}")
    elif item.get("date_any") and quote.date not in item["date_any"]:
        problems.append(f"date {quote.date!r}, wanted one of {item['date_any']}")
    if problems and not item.get("must", True):
        pytest.xfail(f"a bonus quote (must: false): {problems[0]}")
    assert not problems, problems[0]


def test_seed_not_quotes(seed_quotes: dict[str, Any]) -> None:
    for name, scare in seed_items("not_quotes"):
        for quote in seed_quotes[name]:
            assert fold(quote.text).strip(" .,") != fold(scare), (name, scare)
            assert fold(scare) not in fold(quote.text) or len(quote.text) > 2 * len(scare)
