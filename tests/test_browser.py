"""The web UI in a real browser (Debian's chromium driven by Playwright): the main flows
on the demo corpus and the seeds, checked on the screen.  A screenshot of each main page
goes to ``build/screenshots/`` for a reviewer to look at.

Skipped, saying so, where chromium or Playwright is not installed (``make test``
installs both on Debian).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

import storyline

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_corpus, seeds_dir):
    """The demo corpus and the seeds in one database, served on a free local port."""
    import uvicorn

    from storyline.web.app import create_app

    db = tmp_path_factory.mktemp("web") / "site.db"
    storyline.ingest([demo_corpus, seeds_dir], db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", db
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    yield ctx.new_page()
    ctx.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_open_a_story_then_its_reprint_group(site, page):
    url, db = site
    page.goto(url + "/")
    assert page.locator("a.story-title").count() == len(storyline.list_stories(db))
    _shot(page, "home")
    page.get_by_role("link", name="Russia would back North Korea talks in Geneva: Lavrov").click()
    page.wait_for_url("**/story/**")
    assert page.locator("h1").inner_text() == "Russia would back North Korea talks in Geneva: Lavrov"
    assert page.get_by_text("Didier Burkhalter").first.is_visible()
    _shot(page, "story")
    page.locator("ul.groups > li > a").first.click()
    page.wait_for_url("**/group/**")
    cut = page.locator("td.cell.cut")
    assert cut.count() == 4 and page.locator("td.cell.only-some", has_text="Magnitsky").count() >= 1
    assert page.locator("td.cell.edited ins", has_text="Jura").count() == 1
    _shot(page, "group")


def test_article_page_marks_quotes_and_folds_boilerplate(site, page):
    url, _ = site
    page.goto(url + "/article/000_5121eb60957fa2fd.txt")
    assert page.locator("mark.quote").count() >= 3
    details = page.locator("details.removed")
    assert not details.locator("li").first.is_visible()  # collapsed
    details.locator("summary").click()
    assert details.get_by_text("Telegram").is_visible()
    _shot(page, "article")


def test_search_burkhalter(site, page):
    url, _ = site
    page.goto(url + "/")
    page.get_by_role("searchbox", name="Search").fill("Burkhalter")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Burkhalter")
    assert page.locator(".quotes .speaker", has_text="Didier Burkhalter").count() >= 1
    results = page.locator("section.result")
    assert results.count() >= 1 and results.first.locator("li").count() == 2
    _shot(page, "search")


def test_split_and_undo(site, page):
    url, db = site
    story = next(s for s in storyline.list_stories(db) if len(s.groups) >= 2 and len(s.articles) >= 3)
    page.goto(f"{url}/story/{story.id}")
    before = page.locator("ul.groups > li").count()
    page.locator("input[name=groups]").last.check()
    page.get_by_role("button", name="Split the checked groups into a new story").click()
    page.wait_for_load_state()
    assert page.locator("ul.groups > li").count() == 1
    page.goto(f"{url}/story/{story.id}")
    assert page.locator("ul.groups > li").count() == before - 1
    page.goto(url + "/corrections")
    _shot(page, "corrections")
    page.get_by_role("button", name="Undo").first.click()
    page.wait_for_url("**/corrections")
    assert page.get_by_text("undone").first.is_visible()
    page.goto(f"{url}/story/{story.id}")
    assert page.locator("ul.groups > li").count() == before


def test_phone_width_and_long_titles_do_not_break_the_layout(site, browser):
    url, _ = site
    ctx = browser.new_context(viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    for path in ("/", "/article/000_5121eb60957fa2fd.txt"):
        page.goto(url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways at phone width ({width}px)"
    _shot(page, "phone-home")
    ctx.close()


def test_no_browser_download_needed():
    assert shutil.which("chromium") or Path(CHROMIUM).exists()


def test_two_hundred_copies_and_a_very_long_title(tmp_path, browser):
    """A reprint group of 200 copies and a 300-character title stay inside the page."""
    import json

    import uvicorn

    from storyline.web.app import create_app

    title = "Harbour council " + "reconsiders the winter ferry timetable once more " * 6
    body = (
        "TESSEL - The harbour council voted on Monday to keep the winter ferry running twice a day, "
        "after fishermen and schoolteachers asked for an earlier boat.\n\n"
        '"We listened to every letter," said council chair Ada Brandt.\n\n'
        "The first boat will leave at half past six from the north quay, the council said."
    )
    lines = [
        json.dumps(
            {
                "id": f"c{i:03d}",
                "title": title,
                "outlet": f"Outlet {i}",
                "date": "2024-02-05",
                "text": body + (f"\n\nOutlet {i} adds a closing line of its own." if i % 3 == 0 else ""),
            }
        )
        for i in range(200)
    ]
    (tmp_path / "copies.jsonl").write_text("\n".join(lines) + "\n")
    db = tmp_path / "big.db"
    storyline.ingest([tmp_path / "copies.jsonl"], db)
    (group,) = {storyline.show(db, "c000")["reprint_group"]}
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    try:
        for width in (375, 1200):
            ctx = browser.new_context(viewport={"width": width, "height": 900})
            page = ctx.new_page()
            for path in (f"/group/{group}", "/", "/article/c000"):
                page.goto(f"http://127.0.0.1:{port}{path}")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            if width == 375:
                _shot(page, "phone-article-long-title")
            ctx.close()
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/group/{group}")
        assert page.locator("thead th").count() == 8  # side by side, the rest listed below
        assert page.get_by_text("192 more copies").is_visible()
        _shot(page, "group-200-copies")
        page.close()
    finally:
        server.should_exit = True
