"""A stage's stored version follows the lexicons it reads: an edited lexicon makes rows stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from summitwatch.extract import reasons, sentences
from summitwatch.ingest.inputs import expand_inputs
from summitwatch.pipeline import Pipeline, ingest_items, reprocess
from summitwatch.settings import Settings
from summitwatch.store import schema
from summitwatch.store.database import Store

TEXT = (
    "Talks stalled in the spring.\n\n"
    "The first reason is that the offer on the table was thin. "
    "Officials in the capital saw no gain in a meeting.\n"
)


@pytest.fixture
def lexicon_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "lexicons"
    folder.mkdir()
    shutil.copy(Settings().lexicon_path("reason_cues"), folder / "reason_cues.yaml")
    monkeypatch.setenv("SUMMITWATCH_LEXICONS", str(folder))
    return folder


def stored_versions(store: Store) -> dict[str, str]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(schema.stage_runs.c.stage, schema.stage_runs.c.version))
        return {row.stage: row.version for row in rows}


def test_editing_a_lexicon_marks_only_its_stage_stale(tmp_path: Path, lexicon_dir: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'versions.db'}")
    assert settings.lexicon_path("reason_cues") == lexicon_dir / "reason_cues.yaml"
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    items, _ = expand_inputs([str(source)])
    stages = (sentences.STAGE, reasons.STAGE)
    before = Pipeline(stages, settings)
    with Store(settings.db_url) as store:
        first = ingest_items(items, store, settings, pipeline=before)
        again = ingest_items(items, store, settings, pipeline=before)
        assert [o.status for o in first.outcomes + again.outcomes] == ["stored", "present"]
        old = stored_versions(store)

    lexicon = lexicon_dir / "reason_cues.yaml"
    lexicon.write_text(
        lexicon.read_text(encoding="utf-8") + "\n# an editor's note\n", encoding="utf-8"
    )
    after = Pipeline(stages, settings)
    assert after.versions["sentences"] == before.versions["sentences"]
    assert after.versions["reasons"] != before.versions["reasons"]
    assert after.versions["reasons"].startswith(f"{reasons.STAGE.version}+")

    report = reprocess(settings, after)
    assert [o.status for o in report.outcomes] == ["updated"]
    with Store(settings.db_url) as store:
        new = stored_versions(store)
        assert new["sentences"] == old["sentences"]
        assert new["reasons"] == after.versions["reasons"] != old["reasons"]
        # a second run finds nothing stale
        assert ingest_items(items, store, settings, pipeline=after).outcomes[0].status == "present"
    assert [o.status for o in reprocess(settings, after).outcomes] == ["present"]


def test_a_changed_setting_a_stage_reads_changes_its_version() -> None:
    from summitwatch.extract import actors

    plain = Pipeline((sentences.STAGE, actors.STAGE), Settings(spacy_model=""))
    model = Pipeline((sentences.STAGE, actors.STAGE), Settings(spacy_model="en_core_web_sm"))
    assert plain.versions["actors"] != model.versions["actors"]
    assert plain.versions["sentences"] == model.versions["sentences"]


def test_reprocess_command_replaces_stale_rows_after_a_lexicon_edit(
    tmp_path: Path, lexicon_dir: Path
) -> None:
    import os
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    env = {**os.environ, "SUMMITWATCH_SPACY_MODEL": ""}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "summitwatch", *args, "--db", db]
        return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)

    assert run("ingest", str(source)).returncode == 0
    current = run("reprocess")
    assert current.returncode == 0, current.stderr
    assert "0 reprocessed, 1 already current, 0 failed" in current.stderr
    lexicon = lexicon_dir / "reason_cues.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    stale = run("reprocess")
    assert stale.returncode == 0, stale.stderr
    assert "1 reprocessed, 0 already current, 0 failed" in stale.stderr


def test_editing_the_pack_marks_the_stages_that_read_it_stale(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(Settings().pack_path, pack)
    settings = Settings(db_url="sqlite://", pack=str(pack))
    stages = (sentences.STAGE, reasons.STAGE)
    before = Pipeline(stages, settings).versions
    factors = pack / "factors.yaml"
    factors.write_text(factors.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = Pipeline(stages, settings).versions
    assert after["sentences"] == before["sentences"]
    assert after["reasons"] != before["reasons"]
