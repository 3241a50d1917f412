"""A broken pack is one line naming the file, the entry and the problem, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summitwatch.packs.pack import PackError, load_pack
from summitwatch.settings import Settings

KOREA = Settings(db_url="sqlite://").pack_path


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    pack = tmp_path / "korea"
    shutil.copytree(KOREA, pack)
    path = pack / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return pack


def one_line(pack: Path) -> str:
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_date_that_does_not_exist_names_file_entry_and_field(tmp_path: Path) -> None:
    pack = broken_copy(tmp_path, "questions.yaml", "deadline: 2018-06-30", "deadline: 2018-06-31")
    message = one_line(pack)
    assert message.endswith(
        "korea/questions.yaml: question trump-kim-summit-2018: deadline 2018-06-31 is not a date"
    )


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    pack = broken_copy(tmp_path, "questions.yaml", "deadline: 2018-06-30", "dedline: 2018-06-30")
    message = one_line(pack)
    assert "questions.yaml: question trump-kim-summit-2018: unknown key 'dedline'" in message


def test_a_pattern_that_does_not_compile_is_named(tmp_path: Path) -> None:
    factors = (KOREA / "factors.yaml").read_text(encoding="utf-8")
    first_id = factors.split("- id: ", 1)[1].split()[0]
    pack = broken_copy(tmp_path, "factors.yaml", "patterns: [", "patterns: ['unclosed (', ")
    message = one_line(pack)
    assert f"factors.yaml: factor {first_id}: patterns.0 'unclosed (' is not a regular" in message


def test_pack_validate_command_is_one_line_and_exit_code(tmp_path: Path) -> None:
    pack = broken_copy(tmp_path, "questions.yaml", "deadline: 2018-06-30", "deadline: 2018-06-31")
    command = [sys.executable, "-m", "summitwatch", "pack", "validate"]
    bad = subprocess.run([*command, str(pack)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert bad.stderr.strip().count("\n") == 0 and "is not a date" in bad.stderr
    assert "Traceback" not in bad.stderr
    good = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr
    assert "korea: valid" in good.stdout
