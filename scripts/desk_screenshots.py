"""Screenshots of the desk on the demo store: overview, a document and a question page.

Usage: python scripts/desk_screenshots.py [--db URL] [--out DIR]
Drives Debian's headless Chromium (``/usr/bin/chromium``) through Playwright; no download.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from summitwatch.packs.pack import load_pack
from summitwatch.present.web.app import create_app
from summitwatch.present.web.server import running_server
from summitwatch.settings import Settings
from summitwatch.store.database import Store

WIDTH, HEIGHT = 1280, 900


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="sqlite:///out/summitwatch-demo.db")
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("desk_screenshots: chromium is not installed (make browser)", file=sys.stderr)
        return 1
    settings = Settings(db_url=args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        Store(settings.db_url) as store,
        running_server(create_app(store, load_pack(settings.pack_path), settings)) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(f"{base}/")
        page.screenshot(path=args.out / "desk-overview.png", full_page=True)
        page.goto(f"{base}/documents")
        page.locator("table.records tbody a").first.click()
        page.screenshot(path=args.out / "desk-document.png", full_page=True)
        page.goto(f"{base}/questions")
        page.locator("table.records tbody a").first.click()
        page.screenshot(path=args.out / "desk-question.png", full_page=True)
        browser.close()
    for name in ("overview", "document", "question"):
        print(args.out / f"desk-{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
