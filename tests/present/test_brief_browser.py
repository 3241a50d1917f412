"""The HTML brief in a real browser: headless Chromium draws its charts and fetches nothing.

Needs Debian's ``chromium``. Without it the test is skipped, except on CI (``CI=true``),
where a missing browser is a failure: the project's test set-up installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from summitwatch.present.brief_render import write_brief
from summitwatch.present.charts import PALETTE
from tests.handmade import hand_pack, open_store
from tests.present.test_brief import fill_store

pytestmark = pytest.mark.browser

WINDOW = (1200, 2600)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    reason = "headless chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must install it")
    pytest.skip(reason)


@dataclass
class Image:
    width: int
    height: int
    rows: list[bytes]  # RGB triplets per row

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        row = self.rows[y]
        return row[3 * x], row[3 * x + 1], row[3 * x + 2]


def read_png(path: Path) -> Image:
    """A small PNG reader (8-bit RGB/RGBA, non-interlaced), enough for screenshots."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, idat = 8, bytearray()
    width = height = channels = 0
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, "unsupported PNG"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = unfilter(
            raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels
        )
        previous = line
        rgb = line if channels == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3)
        rows.append(bytes(rgb))
    return Image(width, height, rows)


def unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> bytearray:
    if kind == 0:
        return line
    if kind == 2:
        return bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
        else:
            corner = previous[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + paeth(left, up, corner)) & 0xFF
    return line


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def palette_rgb() -> list[tuple[int, int, int]]:
    """The chart colours, leaving out greys (anti-aliased text is grey too)."""
    colours = [(int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)) for c in PALETTE]
    return [c for c in colours if max(c) - min(c) > 60]


def chart_rows(image: Image) -> Iterator[tuple[int, int]]:
    """Runs of screenshot rows that hold chart colours (one run per chart)."""
    colours = palette_rgb()
    marked = []
    for y in range(image.height):
        row = image.rows[y]
        hits = 0
        for x in range(0, image.width, 2):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if any(abs(r - c[0]) + abs(g - c[1]) + abs(b - c[2]) < 60 for c in colours):
                hits += 1
        marked.append(hits > 0)
    start = None
    gap = 0
    for y, hit in enumerate([*marked, False]):
        if hit:
            start = y if start is None else start
            gap = 0
        elif start is not None:
            gap += 1
            if gap > 60 or y == len(marked):
                yield start, y - gap
                start, gap = None, 0


def non_white(image: Image, top: int, bottom: int) -> int:
    count = 0
    for y in range(top, bottom + 1):
        row = image.rows[y]
        count += sum(
            1 for x in range(0, image.width * 3, 3) if row[x] + row[x + 1] + row[x + 2] < 700
        )
    return count


def run_chromium(chromium: str, page: Path, work: Path) -> tuple[Path, Path]:
    shot, netlog = work / "shot.png", work / "net.json"
    command = [
        chromium,
        *FLAGS,
        f"--user-data-dir={work / 'profile'}",
        f"--screenshot={shot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--log-net-log={netlog}",
        page.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=90, check=False)
    assert shot.exists(), "chromium wrote no screenshot"
    return shot, netlog


def page_requests(netlog: Path) -> list[str]:
    """http(s) requests the page made (the browser's own service calls have no origin)."""
    log = json.loads(netlog.read_text(encoding="utf-8", errors="replace") or "{}")
    names = {v: k for k, v in log.get("constants", {}).get("logEventTypes", {}).items()}
    urls = []
    for event in log.get("events", []):
        params = event.get("params") or {}
        url = str(params.get("url", ""))
        if names.get(event.get("type")) != "URL_REQUEST_START_JOB":
            continue
        if (
            url.startswith(("http:", "https:", "ws:", "wss:"))
            and params.get("initiator") != "not an origin"
        ):
            urls.append(url)
    return urls


def test_brief_charts_render_and_nothing_is_fetched(tmp_path: Path) -> None:
    chromium = find_chromium()
    store = open_store(tmp_path)
    fill_store(store)
    page = write_brief(store, hand_pack(), tmp_path / "brief.html")
    store.close()
    shot, netlog = run_chromium(chromium, page, tmp_path)
    image = read_png(shot)
    runs = [(top, bottom) for top, bottom in chart_rows(image) if bottom - top >= 8]
    # the trajectory draws tall coloured lines; the calibration chart its legend and dots
    assert len(runs) >= 2, f"expected two drawn charts, found coloured rows {runs}"
    assert runs[0][1] - runs[0][0] > 100, "the scenario lines are not drawn"
    region = (runs[0][0], runs[-1][1])
    assert non_white(image, *region) > 10000, "the chart region is nearly blank"
    assert page_requests(netlog) == []


def test_request_check_sees_a_page_that_fetches(tmp_path: Path) -> None:
    chromium = find_chromium()
    page = tmp_path / "leaky.html"
    # a local port nobody listens on: the request is attempted, nothing leaves the machine
    page.write_text('<img src="http://127.0.0.1:9/pixel.png">', encoding="utf-8")
    _, netlog = run_chromium(chromium, page, tmp_path)
    assert any("127.0.0.1:9" in url for url in page_requests(netlog))
