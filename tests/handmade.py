"""Hand-made stores for the analysis tests: documents and events written here, not extracted.

The analysis must be tested apart from extraction quality, so these helpers save typed
records straight into a store through a pipeline whose one stage assigns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from summitwatch.models import Document, Event, Forecast, Modality, Quote, Reason, make_id
from summitwatch.packs.pack import (
    Episode,
    Pack,
    PackActor,
    Role,
    SourceRating,
    load_pack,
)
from summitwatch.pipeline import Analysis, Context, Pipeline, Stage
from summitwatch.store.database import Store

PACK_DIR = Path(__file__).resolve().parents[1] / "src" / "summitwatch" / "packs" / "korea"


def _noop(analysis: Analysis, context: Context) -> None:
    return None


HAND_STAGE = Stage(
    name="hand",
    version="1",
    requires=(),
    assigns=("events", "quotes", "reasons", "forecasts"),
    run=_noop,
)
HAND_PIPELINE = Pipeline((HAND_STAGE,))


@dataclass
class Said:
    """A sentence of a hand-made document and what it yields."""

    text: str
    type: str | None = None  # an event type: the sentence reports an event
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    date: str | None = None
    modality: Modality = "asserted"
    mode: str | None = None
    episode: str | None = None
    factor: str | None = None  # the sentence gives a reason tied to this factor
    speaker: str | None = None  # the sentence is a quote by this actor
    quoted: str | None = None  # the quoted part (default: the whole sentence)


def make_analysis(title: str, publisher: str, published: str, sentences: list[Said]) -> Analysis:
    text = " ".join(s.text for s in sentences)
    document = Document(
        text=text,
        source=f"hand://{title}",
        title=title,
        publisher=publisher,
        published=date.fromisoformat(published),
    )
    analysis = Analysis(document=document)
    offset = 0
    for said in sentences:
        start, end = offset, offset + len(said.text)
        offset = end + 1
        add_records(analysis, said, start, end)
    return analysis


def add_records(analysis: Analysis, said: Said, start: int, end: int) -> None:
    doc_id = analysis.document.id
    if said.type:
        analysis.events.append(
            Event(
                id=make_id("ev", doc_id, start),
                document_id=doc_id,
                type=said.type,
                start=start,
                end=end,
                sentence=said.text,
                modality=said.modality,
                mode=said.mode,
                actors=list(said.actors),
                recipients=list(said.recipients),
                date=said.date,
                episode=said.episode,
                stage="hand@1",
            )
        )
    if said.factor:
        analysis.reasons.append(
            Reason(make_id("re", doc_id, start), doc_id, said.factor, said.text, start, end)
        )
    if said.speaker:
        quoted = said.quoted or said.text
        q_start = start + said.text.find(quoted)
        analysis.quotes.append(
            Quote(
                id=make_id("qu", doc_id, start),
                document_id=doc_id,
                text=quoted,
                start=q_start,
                end=q_start + len(quoted),
                speaker=said.speaker,
                date=said.date,
            )
        )


def save(store: Store, *analyses: Analysis) -> None:
    for analysis in analyses:
        store.save_analysis(analysis, HAND_PIPELINE)


def add_forecast(analysis: Analysis, statement: str, probability: float, question: str) -> None:
    doc_id = analysis.document.id
    analysis.forecasts.append(
        Forecast(
            id=make_id("fc", doc_id, statement),
            document_id=doc_id,
            holder=analysis.document.publisher or "author",
            statement=statement,
            outcome=statement,
            probability=probability,
            start=0,
            end=1,
            question=question,
            question_probability=probability,
            made_on=analysis.document.published.isoformat()
            if analysis.document.published
            else None,
        )
    )


def hand_pack() -> Pack:
    """The shipped scenarios and hypotheses, with a few hand-written actors and sources."""
    pack = Pack(name="hand")
    for name in ("scenarios.yaml", "hypotheses.yaml"):
        if (PACK_DIR / name).exists():
            loaded = load_pack(PACK_DIR / name)
            pack.scenarios.extend(loaded.scenarios)
            pack.indicators.extend(loaded.indicators)
            pack.hypotheses.extend(loaded.hypotheses)
    pack.actors.extend(
        [
            PackActor("USA", "United States", "state", country="USA"),
            PackActor("PRK", "North Korea", "state", country="PRK"),
            PackActor("KOR", "South Korea", "state", country="KOR"),
            PackActor(
                "donald-trump",
                "Donald Trump",
                "person",
                country="USA",
                roles=[Role("President", "2025-01-20", None, "USA", "GOV")],
            ),
            PackActor("kim-jong-un", "Kim Jong Un", "person", country="PRK"),
            PackActor("lee-jae-myung", "Lee Jae-myung", "person", country="KOR"),
        ]
    )
    pack.sources.extend(
        [
            SourceRating("Harbor Review", "B", group="harbor"),
            SourceRating("Harbor Review Weekly", "B", group="harbor"),
            SourceRating("Ridge Monitor", "C"),
            SourceRating("Rumor Mill", "E"),
        ]
    )
    pack.episodes.extend(
        [
            Episode(
                id="summit-a",
                name="Border handshake",
                start="2019-06-30",
                participants=["donald-trump", "kim-jong-un"],
                proposal_date="2019-06-29",
                proposal_channel="social media post",
                offers=["a handshake at the border"],
                response="accepted",
                response_time="PT5H",
                outcome="met",
                aliases=["border handshake"],
            ),
            Episode(
                id="summit-b",
                name="Harbor non-meeting",
                start="2025-10-29",
                participants=["donald-trump", "kim-jong-un"],
                proposal_date="2025-10-24",
                proposal_channel="remarks to reporters",
                offers=["sanctions relief", "recognition"],
                response=None,
                response_time=None,
                outcome="no meeting",
                aliases=["harbor meeting"],
            ),
        ]
    )
    return pack


def open_store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'hand.db'}")


@cache
def seeds_store_url() -> str:
    """A store holding the two seed articles read by the real pipeline (built once a run).

    Every extraction stage the project has is used, whether or not it is wired into the
    built-in list yet, so that these checks follow extraction as it grows.
    """
    import importlib
    import tempfile

    from summitwatch.analyze.refresh import refresh_after_ingest
    from summitwatch.extract.stages import BUILTIN_STAGES
    from summitwatch.ingest.inputs import expand_inputs
    from summitwatch.pipeline import build_pipeline, ingest_items
    from summitwatch.settings import Settings
    from tests.conftest import SEED_000, SEED_003

    names = {stage.name for stage in BUILTIN_STAGES}
    extra = []
    for module in ("summitwatch.extract.quotes", "summitwatch.extract.forecasts"):
        stage = getattr(importlib.import_module(module), "STAGE", None)
        if stage is not None and stage.name not in names:
            extra.append(stage)
    folder = Path(tempfile.mkdtemp(prefix="summitwatch-seeds-"))
    url = f"sqlite:///{folder / 'seeds.db'}"
    settings = Settings(db_url=url)
    store = Store(url)
    try:
        items, _ = expand_inputs([str(SEED_000), str(SEED_003)])
        context = Context(settings)
        ingest_items(items, store, settings, context=context, pipeline=build_pipeline(extra))
        refresh_after_ingest(store, context)
    finally:
        store.close()
    return url
