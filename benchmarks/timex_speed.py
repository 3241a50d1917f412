"""Speed of the timex tagger: sentences per second on one core.

The text is the raw text of every TBAQ document (tags stripped), repeated; sentences are
counted with summitwatch's sentence splitter. Usage:
python benchmarks/timex_speed.py [../shared/data/tempeval3/train] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from summitwatch.extract.sentences import split_sentences
from summitwatch.extract.timex import tag_timexes
from tempeval import read_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", type=Path, nargs="?", default=Path("../shared/data/tempeval3/train")
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    documents = read_folder(args.folder)
    tag_timexes("warm up on 21 September 2025", None)  # compile the rules before timing
    sentences = sum(len(split_sentences(document.text)) for document in documents)
    began = time.perf_counter()
    found = 0
    for _ in range(args.repeat):
        for document in documents:
            found += len(tag_timexes(document.text, document.dct))
    seconds = time.perf_counter() - began
    total = sentences * args.repeat
    print(
        f"{total} sentences ({len(documents)} documents x {args.repeat}), {found} timexes, "
        f"{seconds:.2f} s: {total / seconds:.0f} sentences/s on one core"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
