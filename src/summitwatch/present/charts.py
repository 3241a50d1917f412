"""Hand-made SVG charts for briefs: plain strings, no plotting library, no external resources.

Two charts: the trajectory of the scenario probabilities (one line per scenario, one step
per piece of evidence) and a calibration chart of the sources (forecast probability against
how often the forecast outcome came true, per outlet, with the diagonal of perfect
calibration).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

PALETTE = (
    "#1f5fa8",
    "#c8432b",
    "#2e8b57",
    "#8a5cc2",
    "#d98a00",
    "#4a4a4a",
    "#0f8c8c",
    "#6a3d9a",
    "#6b8e23",
    "#8b5a2b",
)
WIDTH, HEIGHT = 680, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 230, 34, 52


@dataclass
class Series:
    name: str
    points: list[tuple[float, float]]  # (x, y), y in [0, 1]
    color: str = ""


@dataclass
class ChartFrame:
    title: str
    x_label: str
    y_label: str
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_max: float = 1.0


def color_for(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _x(frame: ChartFrame, value: float) -> float:
    span = frame.x_max or 1.0
    return MARGIN_LEFT + (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) * (value / span)


def _y(value: float) -> float:
    return MARGIN_TOP + (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) * (1.0 - value)


def _frame(frame: ChartFrame) -> list[str]:
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    parts = [
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{left}" y="20" font-size="14" font-weight="bold" fill="#222">'
        f"{escape(frame.title)}</text>",
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = _y(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#dddddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#444">{tick:.0%}</text>'
        )
    for value, label in frame.x_ticks:
        x = _x(frame, value)
        parts.append(
            f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#444"/>'
            f'<text x="{x:.1f}" y="{bottom + 16}" font-size="10" text-anchor="middle" '
            f'fill="#444">{escape(label)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#444"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#444"/>'
        f'<text x="{(left + right) / 2:.1f}" y="{HEIGHT - 10}" font-size="11" '
        f'text-anchor="middle" fill="#444">{escape(frame.x_label)}</text>'
        f'<text x="14" y="{(top + bottom) / 2:.1f}" font-size="11" text-anchor="middle" '
        f'fill="#444" transform="rotate(-90 14 {(top + bottom) / 2:.1f})">'
        f"{escape(frame.y_label)}</text>"
    )
    return parts


def _legend(series: Sequence[Series]) -> list[str]:
    parts = []
    x = WIDTH - MARGIN_RIGHT + 14
    for index, item in enumerate(series):
        y = MARGIN_TOP + 8 + index * 18
        parts.append(
            f'<rect x="{x}" y="{y - 8}" width="12" height="12" fill="{item.color}"/>'
            f'<text x="{x + 18}" y="{y + 2}" font-size="10" fill="#222">'
            f"{escape(item.name[:38])}</text>"
        )
    return parts


def _svg(parts: Sequence[str], label: str) -> str:
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">'
        f"{body}</svg>"
    )


def line_chart(frame: ChartFrame, series: Sequence[Series]) -> str:
    """Step lines (a probability holds until the next piece of evidence moves it)."""
    parts = _frame(frame)
    for index, item in enumerate(series):
        item.color = item.color or color_for(index)
        if not item.points:
            continue
        path = []
        for n, (x, y) in enumerate(item.points):
            if n:
                path.append(f"L{_x(frame, x):.1f},{_y(item.points[n - 1][1]):.1f}")
            path.append(f"{'M' if n == 0 else 'L'}{_x(frame, x):.1f},{_y(y):.1f}")
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{item.color}" stroke-width="2.5"/>'
        )
        for x, y in item.points:
            parts.append(
                f'<circle cx="{_x(frame, x):.1f}" cy="{_y(y):.1f}" r="3" fill="{item.color}"/>'
            )
    parts.extend(_legend(series))
    return _svg(parts, frame.title)


def scatter_chart(frame: ChartFrame, series: Sequence[Series], note: str = "") -> str:
    """Points per series over the diagonal y = x (perfect calibration)."""
    parts = _frame(frame)
    parts.append(
        f'<line x1="{_x(frame, 0):.1f}" y1="{_y(0):.1f}" x2="{_x(frame, 1):.1f}" '
        f'y2="{_y(1):.1f}" stroke="#999999" stroke-dasharray="5,4" stroke-width="1.5"/>'
    )
    for index, item in enumerate(series):
        item.color = item.color or color_for(index)
        for x, y in item.points:
            parts.append(
                f'<circle cx="{_x(frame, x):.1f}" cy="{_y(y):.1f}" r="6" fill="{item.color}" '
                f'fill-opacity="0.8" stroke="#222" stroke-width="0.8"/>'
            )
    if note:
        parts.append(
            f'<text x="{_x(frame, 0.5):.1f}" y="{_y(0.5) - 12:.1f}" font-size="12" '
            f'text-anchor="middle" fill="#666">{escape(note)}</text>'
        )
    parts.extend(_legend(series))
    return _svg(parts, frame.title)
