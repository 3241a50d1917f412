"""Article text in the Markdown brief stays text: a CommonMark renderer finds no tag from it."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from summitwatch.present.brief import build_brief
from summitwatch.present.brief_render import render_markdown
from tests.handmade import Said, add_forecast, hand_pack, make_analysis, open_store, save
from tests.present.test_brief import QUESTION_ID

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [link](javascript:alert(3))'


def test_markdown_brief_carries_no_tag_from_article_text(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        analysis = make_analysis(
            f"Harbor {HOSTILE}",
            "Review <iframe src=//evil>",
            "2025-11-01",
            [
                Said(
                    f"Trump asked to meet Kim at the border. {HOSTILE}",
                    "REQUEST",
                    ["donald-trump"],
                    ["kim-jong-un"],
                    "2025-10-24",
                ),
                Said(f"Ties with Russia grow <b>closer</b>. {HOSTILE}", factor="russia-alignment"),
            ],
        )
        add_forecast(analysis, f"Kim is unlikely to meet Trump {HOSTILE}.", 0.2, QUESTION_ID)
        save(store, analysis)
        markdown = render_markdown(build_brief(store, hand_pack(), today="2025-11-06"))
    finally:
        store.close()
    assert "alert(1)" in markdown  # the hostile text is in the brief, as text
    html = MarkdownIt("commonmark").render(markdown)
    for tag in ("<script", "<img", "<iframe", "<b>", 'href="javascript'):
        assert tag not in html, tag
