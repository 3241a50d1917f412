"""The wheel carries the example corpus and the default pack, and ``demo`` runs from it.

``pip install summitwatch && summitwatch demo`` must work in any folder: the corpus readers
find in ``examples/corpus`` is the one the package ships (a link, not a second copy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from summitwatch.present.commands.demo import packaged_corpus

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"
PACK = REPO / "src" / "summitwatch" / "packs" / "korea"
LEFTOVERS = shutil.ignore_patterns(
    ".git", ".venv", ".hypothesis", "build", "out", "*.egg-info", "__pycache__", ".*_cache", "*.db*"
)


def test_packaged_corpus_is_the_examples_folder_itself() -> None:
    shipped = Path(str(packaged_corpus()))
    assert shipped.resolve() == EXAMPLES.resolve()
    assert sorted(p.name for p in shipped.iterdir()) == sorted(p.name for p in EXAMPLES.iterdir())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # from a clean copy: a build/ folder left in the checkout would add stale files
    source = tmp_path_factory.mktemp("source") / "summitwatch"
    shutil.copytree(REPO, source, symlinks=True, ignore=LEFTOVERS)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {built.stderr.strip()[-300:]}")
    (found,) = out.glob("summitwatch-*.whl")
    return found


@pytest.mark.slow
def test_wheel_holds_the_corpus_and_the_default_pack(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    corpus = {f"summitwatch/demo_corpus/{p.name}" for p in EXAMPLES.iterdir()}
    pack = {f"summitwatch/packs/korea/{p.name}" for p in PACK.glob("*.yaml")}
    assert len(corpus) >= 10 and {"summitwatch/packs/korea/pack.yaml"} <= pack
    assert corpus <= names, sorted(corpus - names)
    assert pack <= names, sorted(pack - names)
    # what else demo and serve read from the package: migrations, the desk's templates
    assert "summitwatch/store/migrations/env.py" in names
    assert "summitwatch/present/web/templates/base.html" in names


@pytest.mark.slow
def test_demo_without_a_corpus_reads_the_one_inside_the_installed_wheel(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what pip does with a pure-Python wheel
    work = tmp_path / "anywhere"
    work.mkdir()
    # the installed copy comes first on the path; the checkout's is not importable from here
    env = {**os.environ, "PYTHONPATH": str(site), "SUMMITWATCH_DB": ""}
    done = subprocess.run(
        [sys.executable, "-m", "summitwatch", "demo"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    first = done.stdout.splitlines()[0]
    assert f"Ingested {site / 'summitwatch' / 'demo_corpus'}" in first
    assert f"{len(list(EXAMPLES.iterdir()))} stored, 0 already present, 0 failed" in first
    assert (work / "summitwatch-demo.db").is_file()
    assert (work / "summitwatch-demo-brief.html").is_file()
