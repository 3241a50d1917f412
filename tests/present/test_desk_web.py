"""The desk's pages and REST API through FastAPI's test client, on a small ingested store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from summitwatch.packs.pack import load_pack
from summitwatch.present.web.app import TOKEN_HEADER, create_app
from summitwatch.settings import Settings
from summitwatch.store.database import Store
from tests.present.desk_store import (
    BREAKOUT,
    JS_LINK,
    SCRIPT,
    STYLE_BREAK,
)

TOKEN = "s3cret-token"
PAGES = ("/", "/documents", "/timeline", "/actors", "/questions", "/forecasters", "/search?q=Kim")


@pytest.fixture(scope="module")
def store(desk_store_url: str) -> Iterator[Store]:
    with Store(desk_store_url) as opened:
        yield opened


def make_client(store: Store, token: str | None = TOKEN) -> TestClient:
    settings = Settings(db_url=store.url)
    return TestClient(create_app(store, load_pack(settings.pack_path), settings, token))


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return make_client(store)


def hostile_id(client: TestClient) -> str:
    items = client.get("/api/v1/documents", params={"title": "Envoys Meet"}).json()["items"]
    assert len(items) == 1
    return str(items[0]["id"])


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parsed_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


# -- pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "http" not in policy  # no outside origin is allowed


def test_hostile_article_renders_as_text_on_every_page(client: TestClient) -> None:
    document_id = hostile_id(client)
    paths = [*PAGES, f"/documents/{document_id}", "/search?q=envoys", "/search?q=weapons"]
    for path in paths:
        html = client.get(path).text
        tags = parsed_tags(html)
        scripts = [a for t, a in tags if t == "script"]
        assert all(a.get("src", "").startswith("/static/") for a in scripts), path
        assert not [t for t, _ in tags if t == "img"], path
        assert not [t for t, _ in tags if t == "style"], path
        handlers = [k for _, a in tags for k in a if k.startswith("on")]
        assert handlers == [], path
        hrefs = [a.get("href") or "" for _, a in tags]
        assert not [h for h in hrefs if h.lower().startswith("javascript:")], path
        assert not [h for h in hrefs if re.match(r"(https?:)?//", h)], path
        for raw in (SCRIPT, BREAKOUT, STYLE_BREAK):
            assert raw not in html, (path, raw)
    page = client.get(f"/documents/{document_id}").text
    assert "&lt;script&gt;window.pwned = 1;" in page  # shown, escaped
    assert JS_LINK in page  # the words are there, as text, never as a link


def test_document_page_highlights_spans_linked_to_their_records(client: TestClient) -> None:
    document_id = hostile_id(client)
    html = client.get(f"/documents/{document_id}").text
    tags = parsed_tags(html)
    anchors = {a["id"] for _, a in tags if a.get("id")}
    links = [a for t, a in tags if t == "a" and "hl" in (a.get("class") or "").split()]
    kinds = {c for a in links for c in (a.get("class") or "").split() if c.startswith("k-")}
    assert {"k-event", "k-timex", "k-mention"} <= kinds
    for link in links:
        target = (link.get("href") or "").lstrip("#")
        assert target in anchors, target  # every highlighted span leads to its record


def test_document_mark_outlines_the_evidence_passage(client: TestClient) -> None:
    document_id = hostile_id(client)
    text = client.get(f"/api/v1/documents/{document_id}").json()["text"]
    start = text.index("Kim Jong Un met")
    html = client.get(f"/documents/{document_id}", params={"mark": f"{start}-{start + 15}"}).text
    assert 'id="mark"' in html and "k-evidence" in html


def test_unknown_document_and_actor_are_404_with_suggestions(client: TestClient) -> None:
    assert client.get("/documents/doc-nope").status_code == 404
    response = client.get("/actors/kim%20jong%20um")
    assert response.status_code == 404
    assert "kim-jong-un" in response.text


def test_actor_page_by_name_any_case(client: TestClient) -> None:
    response = client.get("/actors/KIM%20JONG%20UN")
    assert response.status_code == 200
    assert "Kim Jong Un" in response.text and "Events as actor" in response.text


def test_timeline_filters_by_actor_name(client: TestClient) -> None:
    everything = client.get("/api/v1/events").json()["total"]
    html = client.get("/timeline", params={"actor": "donald trump"}).text
    assert "/actors/donald-trump" in html
    by_name = client.get("/api/v1/events", params={"actor": "Donald Trump"}).json()
    by_id = client.get("/api/v1/events", params={"actor": "donald-trump"}).json()
    assert by_name == by_id and 0 < by_name["total"] <= everything
    assert all("donald-trump" in e["actors"] + e["recipients"] for e in by_name["items"])


def test_bad_date_is_refused_naming_the_parameter(client: TestClient) -> None:
    response = client.get("/api/v1/events", params={"from": "2025-13-01"})
    assert response.status_code == 422
    assert "from" in response.json()["detail"]


@pytest.mark.parametrize(
    ("wanted", "count"),
    [({"from": "2019"}, 3), ({"to": "2019-03-31"}, 2), ({"title": "envoys"}, 1)],
)
def test_documents_page_and_api_filter_alike(
    client: TestClient, wanted: dict[str, str], count: int
) -> None:
    listed = client.get("/api/v1/documents", params=wanted).json()["items"]
    assert len(listed) == count  # the store holds three documents: two of 2019, one of 2025
    page = client.get("/documents", params=wanted).text
    linked = set(re.findall(r'href="/documents/(doc-[0-9a-f]+)"', page))
    assert linked == {d["id"] for d in listed}


@pytest.mark.parametrize("path", ["/documents", "/api/v1/documents", "/search", "/api/v1/search"])
def test_a_bad_date_is_refused_alike_on_pages_and_in_the_api(client: TestClient, path: str) -> None:
    response = client.get(path, params={"q": "Kim", "to": "2025-02-30"})
    assert response.status_code == 422 and "to" in response.json()["detail"]


def test_search_page_marks_hits(client: TestClient) -> None:
    html = client.get("/search", params={"q": "weapons"}).text
    assert "<mark>weapons</mark>" in html


def test_question_and_forecaster_pages_render_what_the_ledger_holds(client: TestClient) -> None:
    questions = client.get("/api/v1/questions").json()["items"]
    assert questions
    for question in questions[:3]:
        assert client.get(f"/questions/{question['id']}").status_code == 200
    detail = client.get(f"/api/v1/questions/{questions[0]['id']}").json()
    assert {"definition", "evidence_items", "forecasts", "aggregate"} <= set(detail)
    for score in client.get("/api/v1/scores").json()["items"]:
        name = score["outlet"] if score["holder"] == "*" else score["holder"]
        page = client.get(f"/forecasters/{name}")
        assert page.status_code == 200 and "<svg" in page.text


def test_question_page_charts_the_aggregate_history_the_api_returns(client: TestClient) -> None:
    details = [
        client.get(f"/api/v1/questions/{q['id']}").json()
        for q in client.get("/api/v1/questions").json()["items"]
    ]
    charted = [d for d in details if d["aggregate_history"]]
    assert charted, "the desk store has forecasts linked to questions"
    detail = charted[0]
    last = detail["aggregate_history"][-1]
    if detail["aggregate"] and all(f["made_on"] for f in detail["forecasts"]):
        assert last["probability"] == detail["aggregate"]["probability"]
    html = client.get(f"/questions/{detail['id']}").text
    figure = html.split('<figure class="chart aggregate-history">', 1)[1].split("</figure>", 1)[0]
    assert "The aggregate over time" in figure
    assert figure.count("<circle") == len(detail["aggregate_history"])
    table = html.split('<table class="records aggregate-history">', 1)[1].split("</table>", 1)[0]
    for point in detail["aggregate_history"]:
        assert f"<td>{point['on']}</td><td>{point['probability']:.0%}" in table
    uncharted = next(d for d in details if not d["aggregate_history"])
    assert "aggregate-history" not in client.get(f"/questions/{uncharted['id']}").text


# -- API -------------------------------------------------------------------------------


def test_openapi_document_lists_the_resources(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for name in (
        "documents",
        "sentences",
        "events",
        "quotes",
        "forecasts",
        "questions",
        "scores",
        "actors",
        "search",
    ):
        assert f"/api/v1/{name}" in paths


def test_lists_page_and_carry_contract_fields(client: TestClient) -> None:
    first = client.get("/api/v1/sentences", params={"limit": 2}).json()
    second = client.get("/api/v1/sentences", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] > 4
    assert len(first["items"]) == 2 and first["items"] != second["items"]
    event = client.get("/api/v1/events", params={"limit": 1}).json()["items"][0]
    contract = {
        "id",
        "document_id",
        "type",
        "mode",
        "actors",
        "recipients",
        "date",
        "location",
        "modality",
        "sentence",
        "start",
        "end",
        "stage",
    }
    assert contract <= set(event) and event["kind"] == "event"
    quote = client.get("/api/v1/quotes", params={"limit": 1}).json()["items"][0]
    assert {"id", "document_id", "speaker", "speaker_text", "text", "date", "start", "end"} <= set(
        quote
    )
    assert client.get("/api/v1/events", params={"limit": 0}).status_code == 422
    huge = {"offset": 10**25}  # schemathesis found these overflowing SQL integers once
    assert client.get("/api/v1/documents", params=huge).status_code == 422
    assert client.get("/documents", params=huge).status_code == 422


def test_search_api_finds_a_quote(client: TestClient) -> None:
    hits = client.get("/api/v1/search", params={"q": "give up our weapons", "kind": "quote"}).json()
    assert hits["items"] and hits["items"][0]["kind"] == "quote"
    assert "weapons" in hits["items"][0]["text"]


# -- writes ----------------------------------------------------------------------------


def test_writes_without_the_token_are_refused(client: TestClient, store: Store) -> None:
    body = {"answer": "yes", "on": "2025-01-01", "evidence": "by hand"}
    question = client.get("/api/v1/questions").json()["items"][0]["id"]
    assert client.post(f"/api/v1/questions/{question}/resolve", json=body).status_code == 401
    wrong = {TOKEN_HEADER: "guess"}
    assert (
        client.post(f"/api/v1/questions/{question}/resolve", json=body, headers=wrong).status_code
        == 401
    )
    upload = {"file": ("a.txt", b"Kim met Trump.", "text/plain")}
    assert client.post("/api/v1/documents", files=upload).status_code == 401
    read_only = make_client(store, token=None)
    refused = read_only.post(
        f"/api/v1/questions/{question}/resolve", json=body, headers={TOKEN_HEADER: TOKEN}
    )
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]


def test_a_write_without_the_token_is_refused_before_its_body_is_read(
    client: TestClient,
) -> None:
    refused = client.post(
        "/api/v1/questions", content=b"\x00{not json", headers={"Content-Type": "application/json"}
    )
    assert refused.status_code == 401 and "token" in refused.json()["detail"]
    assert "Content-Security-Policy" in refused.headers
    with_token = client.post(
        "/api/v1/questions",
        content=b"\x00{not json",
        headers={"Content-Type": "application/json", TOKEN_HEADER: TOKEN},
    )
    assert with_token.status_code in (400, 422)  # parsed only once the writer is known


def test_token_in_a_cookie_does_not_authorize(client: TestClient) -> None:
    question = client.get("/api/v1/questions").json()["items"][0]["id"]
    client.cookies.set(TOKEN_HEADER, TOKEN)
    try:
        response = client.post(
            f"/api/v1/questions/{question}/resolve",
            json={"answer": "no", "on": "2025-01-01", "evidence": "x"},
        )
    finally:
        client.cookies.clear()
    assert response.status_code == 401


def test_upload_with_the_token_ingests_and_is_logged(
    tmp_path: object, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(db_url=store.url)
    scratch = Store(f"sqlite:///{tmp_path}/upload.db")  # type: ignore[str-bytes-safe]
    try:
        client = TestClient(create_app(scratch, load_pack(settings.pack_path), settings, TOKEN))
        text = b"Envoys Talk Again\n\nKim Jong Un met Donald Trump in Hanoi on 28 February 2019."
        with caplog.at_level("INFO", logger="summitwatch.desk.writes"):
            response = client.post(
                "/api/v1/documents",
                files={"file": ("envoys.txt", text, "text/plain")},
                params={"date": "2019-03-01"},
                headers={TOKEN_HEADER: TOKEN},
            )
        assert response.status_code == 201, response.text
        assert client.get("/api/v1/documents").json()["total"] == 1
        assert any("write POST /api/v1/documents" in r.getMessage() for r in caplog.records)
    finally:
        scratch.close()


def test_hand_resolution_with_the_token(store: Store, tmp_path: object) -> None:
    client = make_client(store)
    question = next(
        q["id"] for q in client.get("/api/v1/questions").json()["items"] if q["status"] == "open"
    )
    assert "status-open" in client.get(f"/questions/{question}").text  # kept by the cache
    response = client.post(
        f"/api/v1/questions/{question}/resolve",
        json={"answer": "no", "on": "2020-01-01", "evidence": "checked by hand"},
        headers={TOKEN_HEADER: TOKEN},
    )
    assert response.status_code == 200, response.text
    assert client.get(f"/api/v1/questions/{question}").json()["status"] == "no"
    page = client.get(f"/questions/{question}").text
    assert "status-no" in page and "checked by hand" in page  # the page follows the store


def test_removed_furniture_sits_behind_a_toggle_escaped() -> None:
    from summitwatch.analyze.desk import DocumentSummary, DocumentView
    from summitwatch.present.web.render import make_environment

    summary = DocumentSummary("doc-1", "T", [], None, None, None, "en", 3, "0" * 64, "memory")
    view = DocumentView(summary, "Kim met Trump.", [{"text": SCRIPT, "reason": "page chrome"}])
    html = (
        make_environment()
        .get_template("document.html")
        .render(view=view, segments=[], pack="korea", request_path="/documents/doc-1")
    )
    assert '<details class="furniture">' in html and "page chrome" in html
    assert SCRIPT not in html and "&lt;script&gt;" in html
