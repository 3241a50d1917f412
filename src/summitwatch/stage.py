"""The contract between the pipeline and its stages: Stage, Context, check_order.

A stage is a small named unit with a version. It declares which fields of the
:class:`~summitwatch.models.Analysis` it *requires* and which it *assigns*, and which
lexicons and settings it reads; :func:`check_order` refuses an order in which a stage needs
something no earlier stage produces (as spaCy does for its components). Stages import this
module and :mod:`summitwatch.models`, never the pipeline that runs them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from summitwatch.bounded_text import BoundedNlp
from summitwatch.language import load_nlp
from summitwatch.lexicons import lexicon_digest, read_lexicon
from summitwatch.models import Analysis
from summitwatch.settings import Settings

if TYPE_CHECKING:
    # the pack loader is imported where a pack is loaded: a stage module (and the commands
    # that use one, such as ``timex``) imports this contract without it (start-up time)
    from summitwatch.packs.pack import Pack

log = logging.getLogger(__name__)


class PipelineError(Exception):
    """A pipeline that cannot run as assembled."""


class Context:
    """What stages share beyond the document, built once per run and never changed.

    The pack and the language pipeline are loaded on first use (a run that needs neither
    never pays for them) and then kept: every stage and document of the run sees the same.
    """

    settings: Settings

    def __init__(self, settings: Settings, pack: Pack | None = None) -> None:
        self.__dict__["settings"] = settings
        self.__dict__["_given_pack"] = pack

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Context is immutable (cannot set {name!r})")

    @cached_property
    def pack(self) -> Pack:
        from summitwatch.packs.pack import load_pack

        given: Pack | None = self.__dict__["_given_pack"]
        return given if given is not None else load_pack(self.settings.pack_path)

    @cached_property
    def pack_or_none(self) -> Pack | None:
        """The pack, or None when it cannot be loaded.

        The pipeline checks the pack before reading any document; a stage run on its own
        with a broken pack loses what the pack knows (actors, factors, places), not its
        records. The one place a stage handles a pack that fails to load.
        """
        from summitwatch.packs.pack import PackError

        try:
            return self.pack
        except PackError as exc:
            log.warning("stages run without the pack: %s", exc)
            return None

    @cached_property
    def nlp(self) -> Any | None:
        """The spaCy pipeline, or None when no model is installed (rule-based fallback);
        it parses texts with their long non-space runs shortened (``bounded_text.py``)."""
        nlp = load_nlp(self.settings.spacy_model)
        return BoundedNlp(nlp) if nlp is not None else None

    def lexicon(self, name: str) -> Any:
        """The parsed lexicon ``name``, from the path the settings give."""
        return read_lexicon(name, self.settings)


StageFunction = Callable[[Analysis, Context], None]


@dataclass(frozen=True)
class Stage:
    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: StageFunction
    # what the stage's output depends on besides its code: lexicon names and Settings fields
    # ("pack" stands for the pack's files)
    lexicons: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The declared version, written on every row the stage produces."""
        return f"{self.name}@{self.version}"

    def stored_version(self, settings: Settings) -> str:
        """The declared version plus a digest of the lexicons and settings the stage reads.

        Editing one of those files (or changing one of those settings) changes the version,
        so rows stored before are stale and the next ingest or ``reprocess`` replaces them.
        """
        if not self.lexicons and not self.settings:
            return self.version
        values = "\x1f".join(f"{name}={setting_value(settings, name)}" for name in self.settings)
        digest = hashlib.sha256(
            f"{lexicon_digest(self.lexicons, settings)}\x1e{values}".encode()
        ).hexdigest()
        return f"{self.version}+{digest[:8]}"


def setting_value(settings: Settings, name: str) -> str:
    """What a setting contributes to a version: its value, or for the pack, its files' digest."""
    if name == "pack":
        from summitwatch.packs.pack import pack_digest

        return pack_digest(settings.pack_path)
    return repr(getattr(settings, name))


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
