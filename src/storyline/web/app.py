"""The web app: pages over a Storyline database, and the same data as JSON under
``/api/`` (FastAPI documents it at ``/docs``).

Article text is untrusted: templates escape everything (Jinja2 autoescape; no
``|safe`` on stored text).  Routes read only the database given.  Corrections are POSTs
that carry a CSRF token matching the ``storyline_csrf`` cookie (same-site strict).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import api
from ..errors import Busy, ConfigError, NotFound
from ..store import Store
from . import pages

HERE = Path(__file__).parent
FormText = Annotated[str, Form()]
FormList = Annotated[list[str] | None, Form()]
CSRF_COOKIE = "storyline_csrf"


def create_app(db: str | Path) -> Any:
    """The ASGI app serving ``db`` (which must exist)."""
    db = str(db)
    Store(db, create=False).close()  # fail now, with a clear message, when it is missing
    app = FastAPI(title="Storyline", description="Stories, reprints and who said what, from a Storyline database.")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    def read(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
        with Store(db, create=False) as store:
            return fn(store, *args)

    def render(request: Request, name: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        response = templates.TemplateResponse(request, name, {**data, "csrf": token}, status_code=status)
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    def check_csrf(request: Request, token: str) -> None:
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not token or not secrets.compare_digest(cookie, token):
            raise PermissionError("missing or wrong CSRF token: reload the page and try again")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=404)
        return render(request, "error.html", {"message": str(exc), "title": "Not found"}, 404)

    @app.exception_handler(PermissionError)
    async def forbidden(request: Request, exc: PermissionError) -> Any:
        return render(request, "error.html", {"message": str(exc), "title": "Forbidden"}, 403)

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=409)
        return render(request, "error.html", {"message": str(exc), "title": "Busy: try again shortly"}, 409)

    @app.exception_handler(ConfigError)
    async def bad_request(request: Request, exc: ConfigError) -> Any:
        return render(request, "error.html", {"message": str(exc), "title": "Cannot do that"}, 400)

    def filters(
        since: str | None, until: str | None, outlet: str | None, person: str | None, language: str | None = None
    ) -> dict[str, Any]:
        return {"since": since, "until": until, "outlet": outlet, "person": person, "language": language}

    # -- pages -----------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home_page(
        request: Request,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        person: str | None = None,
        language: str | None = None,
    ) -> Any:
        f = filters(since, until, outlet, person, language)
        return render(request, "home.html", {**read(pages.home, f), "filters": f})

    @app.get("/story/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, ident: str) -> Any:
        return render(request, "story.html", read(pages.story, ident))

    @app.get("/group/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def group_page(request: Request, ident: str) -> Any:
        return render(request, "group.html", read(pages.group, ident, db))

    @app.get("/article/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, ident: str) -> Any:
        return render(request, "article.html", read(pages.article, ident))

    @app.get("/entity/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, ident: str) -> Any:
        return render(request, "entity.html", read(pages.entity, ident))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> Any:
        return render(request, "search.html", read(pages.search, q))

    @app.get("/corrections", response_class=HTMLResponse, include_in_schema=False)
    def corrections_page(request: Request) -> Any:
        return render(request, "corrections.html", {"corrections": api.list_corrections(db)})

    # -- corrections (POST + CSRF) -------------------------------------------------
    @app.post("/story/{ident:path}/split", include_in_schema=False)
    def split(request: Request, ident: str, csrf: FormText = "", groups: FormList = None) -> Any:
        check_csrf(request, csrf)
        new = api.split_story(db, ident, groups or [])
        return RedirectResponse(f"/story/{new}", status_code=303)

    @app.post("/story/{ident:path}/merge", include_in_schema=False)
    def merge(request: Request, ident: str, csrf: FormText = "", other: FormText = "") -> Any:
        check_csrf(request, csrf)
        merged = api.merge_stories(db, ident, other)
        return RedirectResponse(f"/story/{merged}", status_code=303)

    @app.post("/corrections/{cid}/undo", include_in_schema=False)
    def undo(request: Request, cid: int, csrf: FormText = "") -> Any:
        check_csrf(request, csrf)
        api.undo_correction(db, cid)
        return RedirectResponse("/corrections", status_code=303)

    # -- JSON API ------------------------------------------------------------------
    @app.get("/api/stories", summary="Stories, newest first, with the home page's filters and timeline")
    def api_stories(
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        person: str | None = None,
        language: str | None = None,
    ) -> dict[str, Any]:
        return read(pages.home, filters(since, until, outlet, person, language))

    @app.get("/api/story/{ident:path}", summary="A story: groups, articles, entities, quotes, join scores")
    def api_story(ident: str) -> dict[str, Any]:
        return read(pages.story, ident)

    @app.get("/api/group/{ident:path}", summary="A reprint group's copies aligned by paragraph")
    def api_group(ident: str) -> dict[str, Any]:
        return read(pages.group, ident, db)

    @app.get("/api/article/{ident:path}", summary="An article: text with quotes marked, removed lines, metadata")
    def api_article(ident: str) -> dict[str, Any]:
        return read(pages.article, ident)

    @app.get("/api/entity/{ident:path}", summary="A person, place or organisation: variants, quotes, stories")
    def api_entity(ident: str) -> dict[str, Any]:
        return read(pages.entity, ident)

    @app.get("/api/search", summary="Full-text search over articles (grouped by story) and quotes")
    def api_search(q: str = "") -> dict[str, Any]:
        return read(pages.search, q)

    @app.get("/api/corrections", summary="Users' splits and merges, oldest first")
    def api_corrections() -> list[dict[str, Any]]:
        return api.list_corrections(db)

    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn (blocking)."""
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
