"""The local web server against other pages in the user's browser: Host allow-list
(DNS rebinding), Origin on every POST, CSRF tokens bound to the server's secret,
security headers, a bounded search, and 4xx (never 500) for bad input."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

import storyline
from storyline.web.app import CSRF_COOKIE, create_app


@pytest.fixture(scope="module")
def client(demo_db):
    return TestClient(create_app(demo_db), base_url="http://127.0.0.1:8000")


def _token(client: TestClient, story: str) -> str:
    page = client.get(f"/story/{story}").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "attacker.test:8000"])
def test_an_unknown_host_header_is_refused(demo_db, host):
    c = TestClient(create_app(demo_db), base_url=f"http://{host}")
    assert c.get("/api/stories").status_code == 400
    assert c.get("/").status_code == 400


def test_localhost_names_and_allowed_hosts_are_served(demo_db):
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert TestClient(create_app(demo_db), base_url=f"http://{host}").get("/api/stories").status_code == 200
    wide = create_app(demo_db, allowed_hosts=["news.internal"])
    assert TestClient(wide, base_url="http://news.internal").get("/").status_code == 200


def test_security_headers(client):
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert client.get("/api/stories").headers["x-content-type-options"] == "nosniff"


def test_posts_from_another_origin_are_refused(demo_db):
    c = TestClient(create_app(demo_db), base_url="http://127.0.0.1:8000")
    story = storyline.list_stories(demo_db)[0]
    token = _token(c, story.id)
    other = storyline.list_stories(demo_db)[1]
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1:9999"},
        {"Sec-Fetch-Site": "cross-site"},
    ):
        r = c.post(f"/story/{story.id}/merge", data={"other": other.id, "csrf": token}, headers=headers)
        assert r.status_code == 403, headers
    assert storyline.api.list_corrections(demo_db) == []


def test_a_csrf_pair_chosen_by_another_page_is_refused(demo_db):
    c = TestClient(create_app(demo_db), base_url="http://127.0.0.1:8000")
    story, other = storyline.list_stories(demo_db)[:2]
    c.cookies.set(CSRF_COOKIE, "chosen-by-attacker")
    r = c.post(f"/story/{story.id}/merge", data={"other": other.id, "csrf": "chosen-by-attacker"})
    assert r.status_code == 403
    assert storyline.api.list_corrections(demo_db) == []


def test_a_long_search_answers_at_once_with_a_clear_refusal(client):
    start = time.perf_counter()
    r = client.get("/search", params={"q": "pier " * 2000})  # 10 KB
    assert time.perf_counter() - start < 1.0
    assert r.status_code == 400 and "at most" in r.text
    assert client.get("/api/search", params={"q": "x" * 20_000}).status_code == 400
    assert client.get("/api/search", params={"q": "strike port"}).status_code == 200


@pytest.mark.parametrize(
    "method, url",
    [
        ("post", "/corrections/99999999999999999999999/undo"),
        ("post", "/corrections/-1/undo"),
        ("get", "/story/no-such-story"),
        ("get", "/api/article/%0Anope"),
        ("get", "/?since=yesterday"),
        ("get", "/api/stories?until=1987-13-45"),
    ],
)
def test_bad_ids_and_dates_are_4xx_not_500(client, method, url):
    r = getattr(client, method)(url)
    assert 400 <= r.status_code < 500, (url, r.status_code)


def test_worker_processes_of_one_server_share_the_csrf_secret(demo_db, monkeypatch):
    import json as json_

    from storyline.web import app as web

    monkeypatch.setenv(web._ENV, json_.dumps({"db": str(demo_db), "hosts": [], "secret": "ab" * 32}))
    one = TestClient(web.app_from_environment(), base_url="http://127.0.0.1:8000")
    two = TestClient(web.app_from_environment(), base_url="http://127.0.0.1:8000")
    story = storyline.list_stories(demo_db)[0]
    token = _token(one, story.id)
    two.cookies.set(CSRF_COOKIE, one.cookies.get(CSRF_COOKIE))
    # the other worker accepts the first one's token: the request gets past the CSRF check
    r = two.post("/story/no-such-story/split", data={"groups": "g", "csrf": token})
    assert r.status_code == 404
    stranger = TestClient(create_app(demo_db), base_url="http://127.0.0.1:8000")  # another server
    stranger.cookies.set(CSRF_COOKIE, one.cookies.get(CSRF_COOKIE))
    assert stranger.post("/story/no-such-story/split", data={"groups": "g", "csrf": token}).status_code == 403
