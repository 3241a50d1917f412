"""Our estimative-phrase probabilities against how people read the phrases.

For each entry of ``src/summitwatch/extract/estimative_words.yaml`` prints our point value and
range next to the survey median and inter-quartile range (Mauboussin & Mauboussin 2018, n ~
1,860 per phrase; the r/samplesize "probly" survey, n = 46) and the ICD 203 band.

    .venv/bin/python benchmarks/wep_calibration.py

Reads the surveys from ``../shared/data/wep`` (never copied into the repository).
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
from pathlib import Path

from summitwatch.extract.estimative import load_lexicon

REPO = Path(__file__).resolve().parents[1]
WEP = REPO.parent / "shared" / "data" / "wep"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def read_survey(path: Path) -> dict[str, list[float]]:
    columns: dict[str, list[float]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for key, value in row.items():
                try:
                    columns.setdefault(key, []).append(float(value))
                except (TypeError, ValueError):
                    continue
    return columns


def read_icd203(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    bands = {}
    for block in data["values"]:
        if block["predicate"] == "likelihood-probability":
            for entry in block["entry"]:
                bands[entry["value"]] = entry["expanded"].rsplit(" - ", 1)[-1]
    return bands


def main() -> int:
    if not WEP.exists():
        print(f"{WEP} is missing", file=sys.stderr)
        return 1
    surveys = {
        "mauboussin": read_survey(WEP / "mauboussin_probability_survey_results.csv"),
        "probly": read_survey(WEP / "zonination_probly.csv"),
    }
    icd = read_icd203(WEP / "misp_estimative-language_icd203.json")
    header = (
        f"{'phrase':22} {'ours':>5} {'range':>11}  {'survey (anchor*: phrase not surveyed)':44} "
        f"{'median':>6} {'IQR':>11}  ICD 203"
    )
    print(header)
    print("-" * len(header))
    gaps = []
    outside: list[str] = []  # surveyed phrases whose value falls outside the survey's IQR
    for phrase in load_lexicon().phrases:
        ours = f"{phrase.p * 100:5.0f}"
        span = f"{phrase.low * 100:.0f}-{phrase.high * 100:.0f}"
        band = icd.get(phrase.icd203 or "", "—")
        rows = [(source, column) for source, column in phrase.survey.items()] or [("—", "")]
        for index, (source, column) in enumerate(rows):
            values = surveys.get(source, {}).get(column, [])
            if values:
                median = statistics.median(values)
                iqr = f"{quantile(values, 0.25):.0f}-{quantile(values, 0.75):.0f}"
                anchor = phrase.basis.startswith("no survey")
                label = f"{'*' if anchor else ''}{source}:{column} (n={len(values)})"
                if index == 0 and not anchor:
                    gaps.append(abs(phrase.p * 100 - median))
                    low, high = quantile(values, 0.25), quantile(values, 0.75)
                    if not low - 1e-9 <= phrase.p * 100 <= high + 1e-9:
                        outside.append(f"{phrase.id} ({phrase.p * 100:.0f} not in {iqr})")
                median_text = f"{median:6.0f}"
            else:
                label, median_text, iqr = "—", "     —", "—"
            first = index == 0
            print(
                f"{phrase.id if first else '':22} {ours if first else '':>5} "
                f"{span if first else '':>11}  {label:44} {median_text} {iqr:>11}  "
                f"{band if first else ''}"
            )
    print("-" * len(header))
    print(
        f"{len(gaps)} surveyed phrases against their first survey: mean |ours - median| = "
        f"{statistics.mean(gaps):.1f} points, max = {max(gaps):.1f}"
    )
    print(
        f"inside their survey's inter-quartile range: {len(gaps) - len(outside)}/{len(gaps)}"
        + (f"; outside: {', '.join(outside)}" if outside else "")
    )
    return 1 if outside else 0


if __name__ == "__main__":
    raise SystemExit(main())
