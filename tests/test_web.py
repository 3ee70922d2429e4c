"""The web UI through its HTTP interface: pages, JSON API, escaping, CSRF, corrections.

(``test_browser.py`` drives the same app in a real browser.)
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

import storyline
from storyline.web.app import CSRF_COOKIE, create_app


@pytest.fixture(scope="module")
def seeds_client(seeds_db):
    return TestClient(create_app(seeds_db), base_url="http://127.0.0.1:8000")


def _group_of(db, article_id):
    return storyline.show(db, article_id)["reprint_group"]


def test_home_lists_the_three_seed_stories(seeds_client):
    page = seeds_client.get("/")
    assert page.status_code == 200
    assert page.text.count('class="story-title"') == 3
    assert "<svg" in page.text  # the timeline
    data = seeds_client.get("/api/stories").json()
    assert len(data["stories"]) == 3 and data["chart"]["rows"]


def test_group_page_shows_what_each_copy_has_alone(seeds_client, seeds_db):
    gid = _group_of(seeds_db, "000_5121eb60957fa2fd.txt")
    data = seeds_client.get(f"/api/group/{gid}").json()
    columns = [c["id"][:3] for c in data["columns"]]
    assert columns == ["000", "001"]
    magnitsky = [row for row in data["rows"] if "Magnitsky" in row[0]["text"]]
    assert magnitsky and all(row[0]["kind"] == "only-some" and row[1]["kind"] == "cut" for row in magnitsky)
    # 001 rewrote the Syria paragraph to add the Jura sentence: an edit, the new words marked
    (jura,) = [row for row in data["rows"] if "Jura" in row[1]["text"]]
    assert jura[1]["kind"] == "edited" and "Jura" not in jura[0]["text"]
    assert any("Jura" in d["b"] for d in jura[1]["diff"] if d["op"] in ("insert", "replace"))
    kerry = [row for row in data["rows"] if "Kerry" in row[1]["text"]]
    assert kerry and all(row[1]["kind"] == "added" and row[0]["kind"] == "none" for row in kerry)
    assert any(cell["kind"] == "edited" for row in data["rows"] for cell in row)
    page = seeds_client.get(f"/group/{gid}")
    assert page.status_code == 200 and 'class="cell cut"' in page.text and 'class="cell added"' in page.text


def test_search_finds_burkhalters_quote_and_its_two_articles(seeds_client):
    data = seeds_client.get("/api/search", params={"q": "Burkhalter"}).json()
    assert any(q["speaker"] == "Didier Burkhalter" for q in data["quotes"])
    found = {a["id"][:3] for s in data["stories"] for a in s["articles"]}
    assert {"000", "001"} <= found
    assert len({s["id"] for s in data["stories"] if {a["id"][:3] for a in s["articles"]} & {"000", "001"}}) == 1
    assert "Burkhalter" in seeds_client.get("/search", params={"q": "Burkhalter"}).text


def test_article_and_entity_pages(seeds_client, seeds_db):
    page = seeds_client.get("/article/000_5121eb60957fa2fd.txt")
    assert page.status_code == 200 and '<mark class="quote"' in page.text and "Telegram" in page.text
    assert "<details" in page.text  # the removed boilerplate, apart
    lavrov = next(e for e in storyline.list_entities(seeds_db, "person") if "Lavrov" in e.name)
    data = seeds_client.get(f"/api/entity/{lavrov.id}").json()
    assert "Mr Lavrov" in data["entity"]["variants"] and len(data["quotes"]) >= 5 and len(data["stories"]) == 3
    assert seeds_client.get("/story/no-such-story").status_code == 404
    assert seeds_client.get("/api/article/no-such").status_code == 404


def test_untrusted_text_is_shown_as_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = "<script>alert('x')</script> Harbour <img src=x onerror=alert(1)> news"
    (folder / "evil.jsonl").write_text(
        '{"id": "e1", "title": "'
        + evil.replace('"', '\\"')
        + '", "text": "TESSEL - '
        + evil.replace('"', '\\"')
        + ' The mayor said the harbour reopens.\\n\\nMore <b>bold</b> text follows here."}\n'
    )
    db = tmp_path / "x.db"
    storyline.ingest([folder], db)
    client = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    story = storyline.list_stories(db)[0].id
    for url in ("/", f"/story/{story}", "/article/e1", "/search?q=harbour"):
        page = client.get(url)
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, url
        assert "&lt;script&gt;" in page.text or "&lt;img" in page.text, url


def _csrf(client, url):
    """The CSRF token a page's forms carry (the HMAC of the cookie it sets)."""
    page = client.get(url)
    assert client.cookies.get(CSRF_COOKIE)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_corrections_need_a_csrf_token_and_survive_reingest(tmp_path, demo_corpus):
    db = tmp_path / "demo.db"
    storyline.ingest([demo_corpus], db)
    client = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    story = next(s for s in storyline.list_stories(db) if len(s.groups) >= 2)
    page = f"/story/{story.id}"
    moved = story.groups[-1]
    refused = client.post(f"{page}/split", data={"groups": moved}, follow_redirects=False)
    assert refused.status_code == 403
    token = _csrf(client, page)
    bad = client.post(f"{page}/split", data={"groups": moved, "csrf": token + "x"}, follow_redirects=False)
    assert bad.status_code == 403
    done = client.post(f"{page}/split", data={"groups": moved, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    new_id = done.headers["location"].rsplit("/", 1)[-1]
    moved_articles = set(storyline.show(db, moved)["members"])
    assert set(storyline.show(db, new_id)["articles"]) == moved_articles
    # a later ingest (recomputing everything) keeps the user's split
    storyline.ingest([demo_corpus], db, recompute=True)
    assert {storyline.show(db, a)["story"] for a in moved_articles} != {storyline.show(db, story.articles[0])["story"]}
    (c,) = storyline.list_corrections(db)
    assert c["kind"] == "split" and c["undone_at"] is None
    undone = client.post(f"/corrections/{c['id']}/undo", data={"csrf": token}, follow_redirects=False)
    assert undone.status_code == 303
    assert len({storyline.show(db, a)["story"] for a in story.articles}) == 1
    assert storyline.list_corrections(db)[0]["undone_at"]


def test_merge_from_the_story_page(tmp_path, demo_corpus):
    db = tmp_path / "demo.db"
    storyline.ingest([demo_corpus], db)
    client = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    a, b = storyline.list_stories(db)[:2]
    token = _csrf(client, f"/story/{a.id}")
    r = client.post(f"/story/{a.id}/merge", data={"other": b.id, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    merged = r.headers["location"].rsplit("/", 1)[-1]
    assert set(storyline.show(db, merged)["articles"]) == set(a.articles) | set(b.articles)
    assert len(storyline.list_stories(db)) == 7  # the demo's 8 stories, two merged


def test_openapi_documents_the_json_api(seeds_client):
    spec = seeds_client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/stories", "/api/search", "/api/corrections"} <= paths
    assert any(re.match(r"/api/story/", p) for p in paths)


def test_every_story_is_reachable_page_by_page(demo_db, seeds_db):
    for db in (demo_db, seeds_db):  # the seeds have an undated story, listed after the dated ones
        client = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
        everything = client.get("/api/stories", params={"per_page": 1000}).json()
        ids = [s["id"] for s in everything["stories"]]
        assert everything["total"] == len(ids) and len(set(ids)) == len(ids) and everything["pages"] == 1
        paged = []
        for page in range(1, len(ids) + 1):
            r = client.get("/api/stories", params={"per_page": 2, "page": page}).json()
            assert r["total"] == len(ids) and r["pages"] == -(-len(ids) // 2)
            paged += [s["id"] for s in r["stories"]] if page <= r["pages"] else []
        assert paged == ids
    client = TestClient(create_app(demo_db), base_url="http://127.0.0.1:8000")
    html = client.get("/", params={"per_page": 3, "page": 2, "outlet": ""}).text
    assert "4–6 of 8 stories" in html and "page 2 of 3" in html
    assert 'href="/?per_page=3&amp;page=1"' in html and 'href="/?per_page=3&amp;page=3"' in html
    assert client.get("/", params={"page": 0}).status_code == 422  # pages count from 1


def test_api_documentation_works_offline(seeds_client):
    import re

    for page in ("/docs", "/redoc"):
        r = seeds_client.get(page)
        assert r.status_code == 200
        assert not re.findall(r"https?://", r.text), page  # no CDN, no web fonts
        assets = re.findall(r'(?:src|href)="(/[^"]+)"', r.text)
        assert any(a.endswith(".js") for a in assets)
        assert all(seeds_client.get(a).status_code == 200 for a in assets), page


def test_a_quote_on_a_story_or_entity_page_links_to_the_articles_that_carry_it(demo_db):
    import re

    client = TestClient(create_app(demo_db), base_url="http://127.0.0.1:8000")
    story = client.get("/api/stories").json()["stories"][0]["id"]
    quotes = client.get(f"/api/story/{story}").json()["quotes"]
    assert quotes
    html = client.get(f"/story/{story}").text
    links = re.findall(r'class="quote-source" href="(/article/[^"]+)"', html)
    assert {f"/article/{a['id']}" for q in quotes for a in q["articles"][:3]} == set(links)
    assert all(client.get(link).status_code == 200 for link in links)
    speaker = next(q["speaker_entity"] for q in quotes if q["speaker_entity"])
    assert 'class="quote-source"' in client.get(f"/entity/{speaker}").text


def test_an_article_shows_each_quotes_speaker_in_its_text(demo_db):
    import re

    client = TestClient(create_app(demo_db), base_url="http://127.0.0.1:8000")
    data = client.get("/api/article/harbour-herald/bridge-collapse.txt").json()
    speakers = {q["speaker"] for q in data["quotes"] if q["speaker"]}
    html = client.get("/article/harbour-herald/bridge-collapse.txt").text
    shown = set(re.findall(r'<span class="said-by"> \[([^\]]+)\]</span>', html))
    assert speakers and speakers <= {s.replace("&#39;", "'") for s in shown}
