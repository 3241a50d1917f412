"""The one settings object every stage receives."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///summitwatch.db"
DEFAULT_SPACY_MODEL = "en_core_web_sm"


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
    debug: bool = False
    # metadata given by the user wins over what ingest infers
    override_title: str | None = None
    override_publisher: str | None = None
    override_date: str | None = None

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
        return Path(__file__).parent / "packs" / self.pack
