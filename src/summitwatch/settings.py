"""The one settings object every stage receives."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///summitwatch.db"
DEFAULT_SPACY_MODEL = "en_core_web_sm"
PACKAGE = Path(__file__).parent

# Every lexicon summitwatch ships: name -> file, relative to the package. The one loader
# (summitwatch.lexicons) reads them; a stage's stored version digests the ones it reads.
LEXICON_FILES: dict[str, str] = {
    "actor_words": "extract/actor_words.yaml",
    "estimative_words": "extract/estimative_words.yaml",
    "factuality_cues": "extract/factuality_cues.yaml",
    "forecast_cues": "extract/forecast_cues.yaml",
    "forecast_outcomes": "extract/forecast_outcomes.yaml",
    "plover_patterns": "extract/plover_patterns.yaml",
    "quote_cues": "extract/quote_cues.yaml",
    "reason_cues": "extract/reason_cues.yaml",
    "timex_rules": "extract/timex/rules.yaml",
    "timex_vocabulary": "extract/timex/vocabulary.yaml",
    "furniture": "ingest/furniture.yaml",
    "outlets": "ingest/outlets.yaml",
    "admiralty": "analyze/admiralty.yaml",
    "timeline_standings": "analyze/timeline_standings.yaml",
    "probability_words": "present/probability_words.yaml",
}


def default_db_url() -> str:
    return os.environ.get("SUMMITWATCH_DB") or DEFAULT_DB_URL


@dataclass(frozen=True)
class Settings:
    db_url: str = ""
    # a pack name shipped with summitwatch ("korea") or a path to a pack file or folder
    pack: str = "korea"
    # spaCy pipeline used for sentences and entities when installed; "" disables it
    spacy_model: str = os.environ.get("SUMMITWATCH_SPACY_MODEL", DEFAULT_SPACY_MODEL)
    max_bytes: int = 20 * 1024 * 1024
    fetch_timeout: float = 20.0
    # seconds the stages may spend on one document (0: no limit); past it, the running stage
    # stops and the document is stored without the rows of that stage and the ones after it
    document_seconds: float = 300.0
    debug: bool = False
    # metadata given by the user wins over what ingest infers
    override_title: str | None = None
    override_publisher: str | None = None
    override_date: str | None = None
    # a folder whose <name>.yaml files replace the shipped lexicons of the same name; the
    # lexicons are read once per process, so the environment variable is the usual way to set it
    lexicon_dir: str = field(default_factory=lambda: os.environ.get("SUMMITWATCH_LEXICONS", ""))

    def __post_init__(self) -> None:
        if not self.db_url:
            object.__setattr__(self, "db_url", default_db_url())

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def pack_path(self) -> Path:
        candidate = Path(self.pack)
        if candidate.exists():
            return candidate
        return PACKAGE / "packs" / self.pack

    def lexicon_path(self, name: str) -> Path:
        """The file the lexicon ``name`` is read from: the override folder's, else the shipped."""
        shipped = LEXICON_FILES.get(name)
        if shipped is None:
            raise KeyError(f"unknown lexicon {name!r}; known: {', '.join(sorted(LEXICON_FILES))}")
        if self.lexicon_dir:
            candidate = Path(self.lexicon_dir) / Path(shipped).name
            if candidate.exists():
                return candidate
        return PACKAGE / shipped
