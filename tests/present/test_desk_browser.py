"""The desk in real headless Chromium (Debian's package, driven by Playwright; no download).

Opens the overview and the hostile document page, follows a link from a question to its
evidence, searches for a quote and filters the timeline by an actor's name. Checks that no
script from the article runs and that no request leaves the machine. Skipped without
chromium, except on CI (``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from urllib.parse import urlparse

import httpx
import pytest

from summitwatch.packs.pack import load_pack
from summitwatch.present.web.app import create_app
from summitwatch.settings import Settings
from summitwatch.store.database import Store

pytestmark = pytest.mark.browser


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    reason = "headless chromium is not installed (make browser)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must install it")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def desk_url(desk_store_url: str) -> Iterator[str]:
    from summitwatch.present.web.server import running_server

    settings = Settings(db_url=desk_store_url)
    with (
        Store(desk_store_url) as store,
        running_server(create_app(store, load_pack(settings.pack_path), settings)) as base,
    ):
        yield base


def test_pages_in_chromium_run_no_article_script_and_stay_local(desk_url: str) -> None:
    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api")
    requested: list[str] = []
    console_errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{desk_url}/")
        assert page.locator("h1").inner_text() == "Overview"
        assert page.evaluate("getComputedStyle(document.body).display") == "block"
        page.goto(f"{desk_url}/documents?title=Envoys")
        page.locator("table.records tbody a").first.click()
        page.wait_for_load_state()
        assert "<script>" in page.locator("h1").inner_text()  # the title, shown as text
        assert page.locator("article.text a.hl").count() > 0
        assert page.evaluate("window.pwned === undefined")
        assert page.locator("img").count() == 0
        assert page.evaluate("getComputedStyle(document.body).display") == "block"
        settled = [
            q for q in httpx.get(f"{desk_url}/api/v1/questions").json()["items"] if q["evidence"]
        ]
        assert settled  # the Hanoi article settles a question of the pack
        page.goto(f"{desk_url}/questions/{settled[0]['id']}")
        page.locator("a.evidence-sentence").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("#mark")
        assert page.locator("article.text .k-evidence").count() > 0
        page.goto(f"{desk_url}/search?q=give+up+our+weapons&kind=quote")
        assert page.locator("li.hit mark").count() >= 3
        page.goto(f"{desk_url}/timeline")
        page.fill("input[name=actor]", "donald trump")
        page.click("form.filters button")
        page.wait_for_load_state()
        assert "/actors/donald-trump" in page.content()
        for path in ("/documents", "/actors", "/actors/kim-jong-un", "/questions", "/forecasters"):
            page.goto(f"{desk_url}{path}")
            assert page.locator("h1").count() == 1, path
        browser.close()
    assert console_errors == []  # a refused resource or a policy violation would show here
    origins = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert origins == {urlparse(desk_url).netloc}
