"""The compiled pack: an unchanged pack comes from the cache, an edited one is read again, and a
cache that cannot be read is only a cache miss."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summitwatch.packs.compiled import cache_dir
from summitwatch.packs.pack import PackError, load_pack
from summitwatch.settings import Settings

KOREA = Settings(db_url="sqlite://").pack_path


@pytest.fixture
def pack_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "korea"
    shutil.copytree(KOREA, copy)
    return copy


def cached_files() -> list[Path]:
    return sorted(cache_dir().glob("*.pickle"))


def test_an_unchanged_pack_is_read_from_the_cache(pack_copy: Path) -> None:
    first = load_pack(pack_copy)
    assert len(cached_files()) == 1
    second = load_pack(pack_copy)
    assert second == first
    assert second is not first  # every caller gets its own records, as from the YAML


def test_an_edited_pack_is_read_again(pack_copy: Path) -> None:
    before = load_pack(pack_copy)
    questions = pack_copy / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("deadline: 2018-06-30", "deadline: 2018-06-29", 1))
    after = load_pack(pack_copy)
    assert after != before
    assert "2018-06-29" in {q.deadline for q in after.questions}
    assert len(cached_files()) == 1  # one file per pack, replaced


def test_an_edit_that_breaks_the_pack_is_reported_not_hidden_by_the_cache(
    pack_copy: Path,
) -> None:
    load_pack(pack_copy)
    questions = pack_copy / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("deadline: 2018-06-30", "deadline: 2018-06-31", 1))
    with pytest.raises(PackError, match="2018-06-31 is not a date"):
        load_pack(pack_copy)


def test_a_damaged_cache_file_is_a_cache_miss(pack_copy: Path) -> None:
    expected = load_pack(pack_copy)
    (cached,) = cached_files()
    cached.write_bytes(b"not a pickle")
    assert load_pack(pack_copy) == expected
