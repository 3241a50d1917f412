"""Actor mentions and their resolution, on short texts written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from summitwatch.extract import actors
from summitwatch.extract.actors import (
    actor_record,
    find_mentions,
    resolve_actor_text,
    unresolved_actor,
)
from summitwatch.extract.language import load_nlp
from summitwatch.models import Document, Mention
from summitwatch.packs.pack import Pack, PackActor, load_pack
from summitwatch.pipeline import Analysis, Context
from summitwatch.settings import Settings
from tests.packs.test_korea_pack import KOREA


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(KOREA)


@pytest.fixture(scope="module")
def context(pack: Pack) -> Context:
    return Context(Settings(db_url="sqlite://"), pack=pack)


def ids_of(mentions: list[Mention], text: str) -> list[str | None]:
    return [m.actor_id for m in mentions if m.text == text]


def test_spans_point_into_the_text(pack: Pack) -> None:
    text = "Chairman Kim Jong Un met President Trump in Singapore. Washington and Pyongyang agreed."
    mentions = find_mentions(text, pack, when="2018-06-12")
    assert all(text[m.start : m.end] == m.text for m in mentions)
    found = {m.text: m.actor_id for m in mentions}
    assert found["Chairman Kim Jong Un"] == "kim-jong-un"
    assert found["President Trump"] == "donald-trump"
    assert (found["Washington"], found["Pyongyang"]) == ("USA", "PRK")
    assert "Singapore" not in found  # the venue, not the state


def test_bare_kim_follows_the_kim_of_the_paragraph(pack: Pack) -> None:
    text = (
        "Kim Yo Jong issued a statement through state media. Kim called the drills reckless.\n"
        "Kim also warned Seoul against leaflets.\n"
        "The weather in the capital was mild.\n"
        "Kim Jong Un later inspected a munitions factory. Kim praised the workers.\n"
        "Analysts expect Kim to test a missile soon."
    )
    kims = [m.actor_id for m in find_mentions(text, pack) if m.text == "Kim"]
    # her paragraph, the next one, then the pack default once she is two paragraphs away
    assert kims == ["kim-yo-jong", "kim-yo-jong", "kim-jong-un", "kim-jong-un"]


def test_bare_kim_with_no_context_takes_the_pack_default(pack: Pack) -> None:
    assert ids_of(find_mentions("Kim stayed silent.", pack), "Kim") == ["kim-jong-un"]


def test_a_longer_unknown_kim_is_not_kim_jong_un(pack: Pack) -> None:
    text = "Vice Foreign Minister Kim Son Gyong told reporters that Kim would not travel."
    mentions = find_mentions(text, pack, when="2025-10-28")
    unknown = [m for m in mentions if m.text == "Kim Son Gyong"]
    assert len(unknown) == 1 and unknown[0].actor_id is None and unknown[0].kind == "person"
    assert ids_of(mentions, "Kim") == ["kim-jong-un"]
    assert not any(m.actor_id == "kim-jong-un" and m.start < unknown[0].end for m in mentions)


def test_hyphen_and_spacing_variants_of_names(pack: Pack) -> None:
    text = "Kim Jong-un met Lee Jae-myung; later Kim Jong Un wrote to Lee Jae Myung."
    mentions = find_mentions(text, pack)
    assert [m.actor_id for m in mentions] == [
        "kim-jong-un",
        "lee-jae-myung",
        "kim-jong-un",
        "lee-jae-myung",
    ]


def test_titles_and_role_phrases_resolve_by_date(pack: Pack) -> None:
    text = "The North Korean leader rejected the offer. President Lee said the regime would lose."
    now = {m.text: m.actor_id for m in find_mentions(text, pack, when="2025-10-29")}
    assert now["The North Korean leader"] == "kim-jong-un"
    assert now["President Lee"] == "lee-jae-myung"
    assert now["the regime"] == "PRK"
    earlier = {m.text: m.actor_id for m in find_mentions(text, pack, when="2010-05-01")}
    assert earlier["The North Korean leader"] == "kim-jong-il"
    assert earlier["President Lee"] == "lee-myung-bak"
    moon = find_mentions("The South Korean president flew home.", pack, when="2019-07-01")
    assert [m.actor_id for m in moon] == ["moon-jae-in"]


def test_acronyms_match_only_in_capitals(pack: Pack) -> None:
    mentions = find_mentions("Tell us what the US wants from the ROK.", pack)
    assert [(m.text, m.actor_id) for m in mentions] == [("US", "USA"), ("ROK", "KOR")]


def test_pronouns_take_the_subject_before_them(pack: Pack) -> None:
    text = (
        "Kim Yo Jong criticized the drills. She said Seoul would regret them.\n"
        "Trump met Moon Jae-in at the border. He said the meeting was historic.\n"
        "Trump spoke to reporters. Ahead of a meeting with Xi Jinping, he praised Kim."
    )
    pronouns = [(m.text, m.actor_id) for m in find_mentions(text, pack) if m.kind == "pronoun"]
    assert pronouns == [("She", "kim-yo-jong"), ("He", "donald-trump"), ("he", "donald-trump")]


def test_pronouns_inside_quotations_are_left_alone(pack: Pack) -> None:
    text = "Trump landed in Busan. “He will come,” Trump said of Kim, “and he knows it.“"
    assert [m for m in find_mentions(text, pack) if m.kind == "pronoun"] == []


def test_an_object_pronoun_is_not_its_own_clauses_subject(pack: Pack) -> None:
    text = "Trump ended the war, and President Lee Jae Myung praised him as a peacemaker."
    found = [m.actor_id for m in find_mentions(text, pack, when="2025-10-29") if m.text == "him"]
    assert found == ["donald-trump"]


def test_headlines_in_title_case_do_not_make_new_names(pack: Pack) -> None:
    text = "Why Kim Won't Play Along\nKim has little reason to talk."
    mentions = find_mentions(text, pack)
    assert [m.actor_id for m in mentions if m.text.startswith("Kim")] == [
        "kim-jong-un",
        "kim-jong-un",
    ]


def test_korean_names_with_particles(pack: Pack) -> None:
    mentions = find_mentions("김정은은 노동신문에 글을 실었다.", pack)
    assert [m.actor_id for m in mentions] == ["kim-jong-un", "rodong-sinmun"]


def test_resolve_actor_text(context: Context) -> None:
    assert resolve_actor_text("Kim", context) == "kim-jong-un"
    assert resolve_actor_text("Vice Foreign Minister Kim Son Gyong", context) is None
    assert resolve_actor_text("U.S. President Donald Trump", context) == "donald-trump"
    assert resolve_actor_text("the North Korean leader", context, "2024-01-01") == "kim-jong-un"
    assert resolve_actor_text("National Security Advisor Wi", context) == "wi-sung-lac"
    assert resolve_actor_text("Fox News", context) == "fox-news"
    assert resolve_actor_text("Moscow", context) == "RUS"
    assert resolve_actor_text("a senior official", context) is None


def test_actor_record_takes_country_and_sector_at_the_date(pack: Pack) -> None:
    trump = pack.actor("donald-trump")
    assert trump is not None
    assert actor_record(trump, "2024-06").sector == "ELI"
    record = actor_record(trump, "2025-03")
    assert (record.id, record.country, record.sector, record.wikidata) == (
        "donald-trump",
        "USA",
        "GOV",
        "Q22686",
    )
    stranger = unresolved_actor("Kim  Son Gyong", "person")
    assert stranger.id == unresolved_actor("kim son gyong", "person").id
    assert stranger.name == "Kim Son Gyong"


def test_stage_fills_mentions_in_the_pipeline(context: Context) -> None:
    from summitwatch.extract import sentences
    from summitwatch.extract.stages import BUILTIN_STAGES

    assert actors.STAGE in BUILTIN_STAGES
    assert BUILTIN_STAGES.index(actors.STAGE) > BUILTIN_STAGES.index(sentences.STAGE)
    document = Document(
        text="Kim Yo Jong spoke. She mocked Washington.",
        source="test",
        published=date(2025, 7, 29),
    )
    analysis = Analysis(document=document)
    sentences.STAGE.run(analysis, context)
    actors.STAGE.run(analysis, context)
    assert [m.actor_id for m in analysis.mentions] == ["kim-yo-jong", "kim-yo-jong", "USA"]


def test_spacy_entities_add_unknown_people_when_a_model_is_installed(pack: Pack) -> None:
    nlp = load_nlp(Settings(db_url="sqlite://").spacy_model)
    if nlp is None:
        pytest.skip("no spaCy English model installed")
    text = (
        "I asked Margaret Holloway, a retired negotiator, what she expected. "
        "Vice Foreign Minister Kim Son Gyong later met Kim Yo Jong in Pyongyang, "
        "and Eric Trump flew to Seoul."
    )
    mentions = find_mentions(text, pack, nlp=nlp)
    by_text = {m.text: m for m in mentions}
    assert by_text["Margaret Holloway"].actor_id is None
    assert by_text["Margaret Holloway"].kind == "person"
    assert by_text["Kim Son Gyong"].actor_id is None
    assert by_text["Eric Trump"].actor_id is None  # not Donald Trump
    assert by_text["Kim Yo Jong"].actor_id == "kim-yo-jong"
    assert by_text["Pyongyang"].actor_id == "PRK"
    assert "she" not in by_text  # its antecedent is nobody the pack knows
    assert not any(m.actor_id in ("donald-trump", "kim-jong-un") for m in mentions)


def test_conditional_clauses_and_reflexives(pack: Pack) -> None:
    text = (
        "Analysts watched Kim closely. If Trump wins in November, he will write to Kim.\n"
        "Officials said Kim was busy. Within a day the president himself offered to meet."
    )
    pronouns = [(m.text, m.actor_id) for m in find_mentions(text, pack, when="2025-10-25")]
    assert ("he", "donald-trump") in pronouns
    assert ("the president", "donald-trump") in pronouns
    assert ("himself", "donald-trump") in pronouns


def test_western_order_korean_names_are_other_people(pack: Pack) -> None:
    text = "Kim Jong Un spoke on Monday, Hyung-jin Kim reported."
    mentions = find_mentions(text, pack)
    assert [(m.text, m.actor_id) for m in mentions] == [
        ("Kim Jong Un", "kim-jong-un"),
        ("Hyung-jin Kim", None),
    ]


def test_index_follows_actors_added_to_the_pack(tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_text(
        "actors:\n- {id: ada-envoy, name: Ada Envoy, kind: person, gender: female}\n"
    )
    small = load_pack(tmp_path)
    assert [m.actor_id for m in find_mentions("Ada Envoy spoke.", small)] == ["ada-envoy"]
    small.actors.append(PackActor(id="bo-envoy", name="Bo Envoy", kind="person"))
    assert [m.actor_id for m in find_mentions("Bo Envoy spoke.", small)] == ["bo-envoy"]


def test_bare_kim_goes_to_the_kim_most_recently_named_in_full(pack: Pack) -> None:
    text = (
        "Mike Pompeo met Kim Yong Chol in New York on Thursday. Kim Yong Chol hand-delivered "
        "a letter from the North Korean leader to Trump. Kim wrote that he hoped to meet again."
    )
    kims = [m.actor_id for m in find_mentions(text, pack, when="2018-06-01") if m.text == "Kim"]
    assert kims == ["kim-jong-un"]  # "the North Korean leader" named him after Kim Yong Chol


def test_no_actor_from_an_adjective_of_style_or_origin(pack: Pack) -> None:
    text = "The French colonial-style villa hosted Chinese-made drones and a French envoy."
    found = [(m.text, m.actor_id) for m in find_mentions(text, pack, when="2018-06-01")]
    assert found == [("French", "FRA")]
    assert text.index("French envoy") == next(
        m.start for m in find_mentions(text, pack, when="2018-06-01")
    )
