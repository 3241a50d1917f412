"""Rendering a brief: Markdown, or one self-contained HTML file (inline CSS and SVG only)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from summitwatch.analyze.ach import AchMatrix
from summitwatch.packs.pack import Pack
from summitwatch.present.brief import (
    Brief,
    EvidenceRef,
    build_brief,
    read_state,
    state_path,
    write_state,
)
from summitwatch.store.database import Store

# the brief is read offline: the browser is told to load nothing from anywhere
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1d;line-height:1.5}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;
margin-top:2rem}.meta{color:#666;font-size:.9rem}
ol.judgments li,ul li{margin:.45rem 0}
a.cite{font-size:.75rem;vertical-align:super;text-decoration:none;color:#b5006b;margin-left:1px}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto;border:1px solid #e3e3e3}
figcaption{font-size:.85rem;color:#555}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{border:1px solid #ddd;padding:.3rem .45rem;vertical-align:top;text-align:left}
td.r{text-align:center;font-weight:bold;width:3.2rem}
td.CC,td.C{background:#e3f2e6}td.I,td.II{background:#f8e1dd}
ol.evidence li{margin:.5rem 0}ol.evidence li:target{background:#fff4c2}
q{font-style:italic}
"""


def cite_markdown(refs: Sequence[EvidenceRef], numbers: dict[str, int]) -> str:
    return "".join(f" [[{numbers[r.anchor]}]](#{r.anchor})" for r in refs)


def cite_html(refs: Sequence[EvidenceRef], numbers: dict[str, int]) -> str:
    return "".join(
        f'<a class="cite" href="#{escape(r.anchor)}">[{numbers[r.anchor]}]</a>' for r in refs
    )


def source_line(ref: EvidenceRef) -> str:
    parts = [ref.title or "(untitled)", ref.publisher or "unknown publisher"]
    if ref.published:
        parts.append(ref.published)
    return " — ".join(parts)


def _numbers(brief: Brief) -> dict[str, int]:
    return {ref.anchor: n for n, ref in enumerate(brief.evidence, start=1)}


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# -- Markdown --------------------------------------------------------------------------


def render_markdown(brief: Brief) -> str:
    numbers = _numbers(brief)
    lines = [f"# {brief.title}", "", f"_Generated {brief.generated}._", "", "## Key judgments", ""]
    for n, judgment in enumerate(brief.judgments, start=1):
        lines.append(f"{n}. {judgment.text}{cite_markdown(judgment.evidence, numbers)}")
    lines += ["", "## Reasons and the sources that hold them", ""]
    for reason in brief.reasons or []:
        lines.append(
            f"- **{reason.name}** — {reason.groups} independent source group(s): "
            f"{', '.join(reason.holders)}{cite_markdown(reason.evidence, numbers)}"
        )
    if not brief.reasons:
        lines.append("- No reasons extracted yet.")
    lines += ["", "## What changed since the last brief", ""]
    lines += [f"- {c.text}{cite_markdown(c.evidence, numbers)}" for c in brief.changes]
    lines += [
        "",
        "## Charts",
        "",
        f"![Scenario probabilities, step by step]({_data_uri(brief.trajectory_svg)})",
        "",
        f"![Calibration of the sources]({_data_uri(brief.calibration_svg)})",
        "",
    ]
    if brief.ach is not None:
        lines += markdown_ach(brief.ach)
    lines += ["## Evidence", ""]
    for ref in brief.evidence:
        lines.append(
            f'<a id="{ref.anchor}"></a>{numbers[ref.anchor]}. {source_line(ref)}: “{ref.sentence}”'
        )
    return "\n".join(lines) + "\n"


def markdown_ach(matrix: AchMatrix) -> list[str]:
    hypotheses = matrix.hypotheses
    lines = [f"## Competing hypotheses: {matrix.question}", ""]
    lines.append("| evidence | weight | " + " | ".join(h.id for h in hypotheses) + " |")
    lines.append("|---|---|" + "---|" * len(hypotheses))
    for row in matrix.evidence:
        text = row.text.replace("|", "\\|")[:120]
        ratings = " | ".join(row.ratings[h.id] for h in hypotheses)
        lines.append(f"| {row.kind}: {text} | {row.weight:.2f} | {ratings} |")
    scores = " | ".join(f"{matrix.score(h.id).inconsistency:.2f}" for h in hypotheses)
    lines += [f"| **inconsistency** | | {scores} |", ""]
    return lines


# -- HTML ------------------------------------------------------------------------------


def render_html(brief: Brief) -> str:
    numbers = _numbers(brief)
    body = [
        f"<h1>{escape(brief.title)}</h1>",
        f'<p class="meta">Generated {escape(brief.generated)} by summitwatch. Every statement '
        "links to the sentences it rests on.</p>",
        "<h2>Key judgments</h2>",
        '<ol class="judgments">',
        *(f"<li>{escape(j.text)}{cite_html(j.evidence, numbers)}</li>" for j in brief.judgments),
        "</ol>",
        "<h2>Reasons and the sources that hold them</h2>",
        "<ul>",
        *(
            f"<li><strong>{escape(r.name)}</strong> — {r.groups} independent source "
            f"group(s): {escape(', '.join(r.holders))}{cite_html(r.evidence, numbers)}</li>"
            for r in brief.reasons
        ),
        "" if brief.reasons else "<li>No reasons extracted yet.</li>",
        "</ul>",
        "<h2>What changed since the last brief</h2>",
        "<ul>",
        *(f"<li>{escape(c.text)}{cite_html(c.evidence, numbers)}</li>" for c in brief.changes),
        "</ul>",
        "<h2>Charts</h2>",
        f'<figure id="chart-trajectory">{brief.trajectory_svg}<figcaption>Each step is one '
        "piece of evidence (an indicator event); see the scenario table for the sentence "
        "behind it.</figcaption></figure>",
        f'<figure id="chart-calibration">{brief.calibration_svg}<figcaption>Forecasts whose '
        "questions have resolved, per outlet; the dashed line is perfect calibration."
        "</figcaption></figure>",
        *html_steps(brief, numbers),
        *html_ach(brief.ach),
        "<h2>Evidence</h2>",
        '<ol class="evidence">',
        *(
            f'<li id="{escape(r.anchor)}"><strong>{escape(r.title or "(untitled)")}</strong>'
            f" — {escape(r.publisher or 'unknown publisher')}"
            f"{', ' + escape(r.published) if r.published else ''}: <q>{escape(r.sentence)}</q>"
            "</li>"
            for r in brief.evidence
        ),
        "</ol>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{escape(brief.title)}</title><style>{CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def html_steps(brief: Brief, numbers: dict[str, int]) -> list[str]:
    run = brief.scenario_run
    if run is None or not run.updates:
        return []
    focus = run.scenarios[0]
    rows = [
        f"<tr><td>{escape(u.date)}</td><td>{escape(u.indicator.description)}</td>"
        f"<td><q>{escape(u.event.sentence[:160])}</q></td>"
        f"<td>{u.before[focus.id]:.0%} → {u.after[focus.id]:.0%}</td>"
        f"<td>{u.weight:.2f}</td></tr>"
        for u in run.updates
    ]
    return [
        f"<h2>Scenario steps (P({escape(focus.id)}))</h2>",
        "<table><tr><th>date</th><th>indicator</th><th>sentence</th><th>change</th>"
        "<th>weight</th></tr>",
        *rows,
        "</table>",
    ]


def html_ach(matrix: AchMatrix | None) -> list[str]:
    if matrix is None:
        return []
    header = "".join(f"<th>{escape(h.text.split(' — ')[0])}</th>" for h in matrix.hypotheses)
    rows = []
    for row in matrix.evidence:
        cells = "".join(
            f'<td class="r {row.ratings[h.id]}">{row.ratings[h.id]}</td>' for h in matrix.hypotheses
        )
        rows.append(
            f"<tr><td>{escape(row.kind)}: <q>{escape(row.text[:160])}</q><br>"
            f"<small>{escape('; '.join(row.sources))}</small></td>"
            f"<td>{row.weight:.2f}</td>{cells}</tr>"
        )
    scores = "".join(
        f'<td class="r">{matrix.score(h.id).inconsistency:.2f}</td>' for h in matrix.hypotheses
    )
    return [
        f"<h2>Competing hypotheses: {escape(matrix.question)}</h2>",
        f"<table><tr><th>evidence</th><th>weight</th>{header}</tr>",
        *rows,
        f"<tr><th>inconsistency (lower is better)</th><td></td>{scores}</tr></table>",
    ]


def write_brief(store: Store, pack: Pack, out_path: Path, question: str | None = None) -> Path:
    """Build the brief, write it as Markdown or HTML (by suffix) and keep its state beside it."""
    out_path = Path(out_path)
    previous = read_state(state_path(out_path))
    brief = build_brief(store, pack, question, previous)
    text = (
        render_html(brief)
        if out_path.suffix.lower() in (".html", ".htm")
        else (render_markdown(brief))
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(text, encoding="utf-8")
    write_state(state_path(out_path), brief.state)
    return out_path
