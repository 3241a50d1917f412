"""URLs are fetched with a timeout; here from a local server only (no network in tests)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summitwatch.ingest.errors import IngestError
from summitwatch.ingest.inputs import InputItem, read_input
from summitwatch.settings import Settings

PAGE = b"""<html><head><title>Envoys meet again</title></head><body><article>
<h1>Envoys meet again</h1><p>The two envoys met in Stockholm on Saturday and agreed to keep
talking, according to officials from both delegations who spoke afterwards.</p>
<p>Neither side published a statement, and a further round is not yet scheduled.</p>
</article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/page":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_page_is_fetched_with_its_content_type(server: str) -> None:
    data, content_type = read_input(InputItem(f"{server}/page", "url"), Settings())
    assert data == PAGE
    assert content_type is not None and content_type.startswith("text/html")


def test_http_error_is_one_line(server: str) -> None:
    with pytest.raises(IngestError, match="HTTP 404"):
        read_input(InputItem(f"{server}/missing", "url"), Settings())


def test_oversized_download_is_refused(server: str) -> None:
    with pytest.raises(IngestError, match="too large"):
        read_input(InputItem(f"{server}/page", "url"), Settings(max_bytes=100))
