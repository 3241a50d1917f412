"""``summitwatch factuality``: event factuality of the tokens annotated in a CoNLL file.

The file is the unified factuality format (index, word, factuality, tag, head, label, lemma);
it is written back unchanged except column 3, which holds the predicted score (UW scale, −3…+3)
for every token annotated there. Tokens marked ``_`` keep ``_``. Nothing is stored.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def read_text(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"no such file: {file}") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise fail(f"cannot read {file}: {error.__class__.__name__}") from None


def score_conll(text: str) -> str:
    """The CoNLL text with a predicted score in column 3 of every annotated token."""
    import spacy

    from summitwatch.extract.factuality import read_factuality
    from summitwatch.extract.factuality_conll import annotated_tokens, parse_conll, render_conll

    sentences = parse_conll(text)
    vocab = spacy.blank("en").vocab
    scores = {
        (s, token.i): read_factuality(token).score
        for s, token in annotated_tokens(sentences, vocab)
    }
    return render_conll(sentences, scores)


def factuality_command(
    file: str = typer.Argument(..., help="A CoNLL file (UW/MEANTIME format), or - for stdin."),
    out: str | None = typer.Option(None, "--out", help="Write here instead of standard output."),
) -> None:
    """Predict event factuality (−3…+3) for the annotated tokens of a CoNLL file."""
    from summitwatch.extract.factuality_conll import ConllError

    text = read_text(file)
    try:
        result = score_conll(text)
    except ConllError as error:
        raise fail(f"{file}: {error}") from None
    if out is None:
        sys.stdout.write(result)
        return
    try:
        Path(out).write_text(result, encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write {out}: {error.strerror or error.__class__.__name__}") from None
