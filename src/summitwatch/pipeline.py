"""Stages and the pipeline that runs them over one document.

A stage is a small named unit with a version. It declares which fields of the
:class:`Analysis` it *requires* and which it *assigns*; the pipeline refuses to start
when a stage needs something no earlier stage produces (as spaCy does for its
components). The built-in stages are listed explicitly in :data:`BUILTIN_STAGES`
(nothing registers itself on import); an outside stage is added the same way, by
passing it to :func:`build_pipeline`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from summitwatch.models import (
    Document,
    Event,
    Forecast,
    Mention,
    Quote,
    Reason,
    Sentence,
    Timex,
)
from summitwatch.settings import Settings

if TYPE_CHECKING:
    from summitwatch.packs.pack import Pack


class PipelineError(Exception):
    """A pipeline that cannot run as assembled."""


@dataclass
class Analysis:
    """Everything known about one document; stages fill its fields in order."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def sentence_text(self, sentence: Sentence) -> str:
        return self.document.text[sentence.start : sentence.end]


class Context:
    """What stages share beyond the document: settings, the pack, the language model."""

    def __init__(self, settings: Settings, pack: Pack | None = None) -> None:
        self.settings = settings
        self._pack = pack

    @cached_property
    def pack(self) -> Pack:
        if self._pack is not None:
            return self._pack
        from summitwatch.packs.pack import load_pack

        return load_pack(self.settings.pack_path)

    @cached_property
    def nlp(self) -> Any | None:
        """The spaCy pipeline, or None when no model is installed (rule-based fallback)."""
        from summitwatch.extract.language import load_nlp

        return load_nlp(self.settings.spacy_model)


StageFunction = Callable[[Analysis, Context], None]


@dataclass(frozen=True)
class Stage:
    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: StageFunction

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


# Fields present before any stage runs: ingest produces the document.
INITIAL_FIELDS = ("document",)


def check_order(stages: Sequence[Stage]) -> None:
    available = set(INITIAL_FIELDS)
    for stage in stages:
        missing = [name for name in stage.requires if name not in available]
        if missing:
            raise PipelineError(
                f"stage {stage.label} requires {', '.join(missing)}, which no earlier stage assigns"
            )
        unknown = [name for name in stage.assigns if name not in Analysis.__dataclass_fields__]
        if unknown:
            raise PipelineError(f"stage {stage.label} assigns unknown field(s) {unknown}")
        available.update(stage.assigns)


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...]

    def run(self, document: Document, context: Context) -> Analysis:
        analysis = Analysis(document=document)
        for stage in self.stages:
            stage.run(analysis, context)
        return analysis

    @property
    def versions(self) -> dict[str, str]:
        return {stage.name: stage.version for stage in self.stages}


def builtin_stages() -> list[Stage]:
    """The stages summitwatch ships, in the order they run."""
    from summitwatch.extract.stages import BUILTIN_STAGES

    return list(BUILTIN_STAGES)


def build_pipeline(extra: Sequence[Stage] = ()) -> Pipeline:
    stages = [*builtin_stages(), *extra]
    check_order(stages)
    return Pipeline(tuple(stages))
