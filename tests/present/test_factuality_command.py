"""``summitwatch factuality``: CoNLL in, the same CoNLL out with predicted scores in column 3."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from summitwatch.present.cli import app

# Our own sentence, in the unified factuality format (index word factuality tag head dep lemma).
SAMPLE = (
    "0\tThe\t_\tDT\t1\tdet\tthe\n"
    "1\tenvoy\t_\tNN\t2\tnsubj\tenvoy\n"
    "2\trefused\t3.0\tVBD\t2\tROOT\trefuse\n"
    "3\tto\t_\tTO\t4\taux\tto\n"
    "4\tmeet\t1.0\tVB\t2\txcomp\tmeet\n"
    "5\t.\t_\t.\t2\tpunct\t.\n"
    "\n"
    "0\tThey\t_\tPRP\t2\tnsubj\tthey\n"
    "1\tmay\t_\tMD\t2\taux\tmay\n"
    "2\ttalk\t_\tVB\t2\tROOT\ttalk\n"
    "3\t.\t_\t.\t2\tpunct\t.\n"
    "\n"
)

runner = CliRunner()


def test_round_trip_keeps_everything_but_column_three(tmp_path: Path) -> None:
    source = tmp_path / "in.conll"
    source.write_text(SAMPLE, encoding="utf-8")
    target = tmp_path / "out.conll"
    result = runner.invoke(app, ["factuality", str(source), "--out", str(target)])
    assert result.exit_code == 0, result.output
    before = SAMPLE.split("\n")
    after = target.read_text(encoding="utf-8").split("\n")
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        old_cols, new_cols = old.split("\t"), new.split("\t")
        assert len(old_cols) == len(new_cols)
        assert old_cols[:2] + old_cols[3:] == new_cols[:2] + new_cols[3:]
        if len(old_cols) > 2 and old_cols[2] == "_":
            assert new_cols[2] == "_"
    scores = {line.split("\t")[1]: line.split("\t")[2] for line in after if line}
    assert float(scores["refused"]) > 2.5
    assert float(scores["meet"]) < -1.5  # refused to meet: the meeting did not happen


def test_standard_output_when_no_out_given(tmp_path: Path) -> None:
    source = tmp_path / "in.conll"
    source.write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(app, ["factuality", str(source)])
    assert result.exit_code == 0
    assert result.stdout.count("\n") == SAMPLE.count("\n")


def test_malformed_input_is_one_line_error(tmp_path: Path) -> None:
    source = tmp_path / "bad.conll"
    source.write_text("0\tonly three\tcolumns\n", encoding="utf-8")
    result = runner.invoke(app, ["factuality", str(source)])
    assert result.exit_code == 2
    assert "line 1" in result.output
    assert "Traceback" not in result.output


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["factuality", str(tmp_path / "nope.conll")])
    assert result.exit_code == 2
    assert "no such file" in result.output
