"""The web app: pages over a Storyline database, and the same data as JSON under
``/api/`` (FastAPI documents it at ``/docs``).

Article text is untrusted: templates escape everything (Jinja2 autoescape; no
``|safe`` on stored text), and a Content-Security-Policy allows no script at all.
Routes read only the database given.  Other pages in the user's browser are kept out:
the ``Host`` header must name this server (localhost names, or ``allowed_hosts``:
a DNS-rebinding page cannot read ``/api/``); a POST from another origin is refused;
corrections carry a CSRF token that is the HMAC of the ``storyline_csrf`` cookie under
a secret of this server process (a cookie and token chosen by another local page do
not pass).  Search takes a bounded query, answered in time linear in its words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.datastructures import MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import api
from ..api import views
from ..errors import Busy, ConfigError, NotFound

HERE = Path(__file__).parent
FormText = Annotated[str, Form()]
FormList = Annotated[list[str] | None, Form()]
CSRF_COOKIE = "storyline_csrf"
# The names a local server answers to; ``create_app(allowed_hosts=...)`` adds more.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# The API documentation pages start their script inline: no CSP there.
_DOCS = ("/docs", "/redoc", "/openapi.json")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# SQLite's largest integer: a correction id past it is no correction.
MAX_ID = 2**63 - 1


class _Guard:
    """Refuses a POST from another origin and puts the security headers on every
    response (plain ASGI: no task or stream per request, as ``@app.middleware`` costs)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        docs = scope["path"].startswith(_DOCS)

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name != "Content-Security-Policy" or not docs:
                        headers.setdefault(name, value)
            await send(message)

        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not _same_origin(Request(scope)):
            refused = PlainTextResponse("refused: the request comes from another site", status_code=403)
            return await refused(scope, receive, with_headers)
        return await self.app(scope, receive, with_headers)


def create_app(db: str | Path, allowed_hosts: Iterable[str] = (), secret: bytes | None = None) -> Any:
    """The ASGI app serving ``db`` (which must exist), answering to the localhost names
    and to ``allowed_hosts``; ``secret`` signs the CSRF tokens (a new one each server
    unless given: the worker processes of one server share theirs)."""
    db = str(db)
    api.open_db(db).close()  # fail now, with a clear message, when it is missing
    # FastAPIOffline: /docs and /redoc load Swagger UI and ReDoc from this server, not a CDN
    app = FastAPIOffline(
        title="Storyline", description="Stories, reprints and who said what, from a Storyline database."
    )
    secret = secret or secrets.token_bytes(32)  # tokens of an earlier server do not pass

    app.add_middleware(_Guard)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOCAL_HOSTS, *allowed_hosts], www_redirect=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    def signed(nonce: str) -> str:
        return hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()

    def render(request: Request, name: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        nonce = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        response = templates.TemplateResponse(request, name, {**data, "csrf": signed(nonce)}, status_code=status)
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict")
        return response

    def check_csrf(request: Request, token: str) -> None:
        nonce = request.cookies.get(CSRF_COOKIE)
        if not nonce or not token or not hmac.compare_digest(signed(nonce), token):
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
        since, until = check_day(since, "since"), check_day(until, "until")
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
        page: Annotated[int, Query(ge=1, le=MAX_ID)] = 1,
        per_page: Annotated[int, Query(ge=1, le=1000)] = views.PER_PAGE,
    ) -> Any:
        f = filters(since, until, outlet, person, language)
        data = views.home(db, f, page, per_page)
        query = {k: v for k, v in {**f, "per_page": per_page if per_page != views.PER_PAGE else None}.items() if v}
        return render(request, "home.html", {**data, "filters": f, "query": urlencode(query)})

    @app.get("/story/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, ident: str) -> Any:
        return render(request, "story.html", views.story(db, ident))

    @app.get("/group/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def group_page(request: Request, ident: str) -> Any:
        return render(request, "group.html", views.group(db, ident))

    @app.get("/article/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, ident: str) -> Any:
        return render(request, "article.html", views.article(db, ident))

    @app.get("/entity/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, ident: str) -> Any:
        return render(request, "entity.html", views.entity(db, ident))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> Any:
        return render(request, "search.html", views.search(db, q))

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
    def undo(request: Request, cid: Annotated[int, PathParam(ge=1, le=MAX_ID)], csrf: FormText = "") -> Any:
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
        page: Annotated[int, Query(ge=1, le=MAX_ID)] = 1,
        per_page: Annotated[int, Query(ge=1, le=1000)] = views.PER_PAGE,
    ) -> dict[str, Any]:
        return views.home(db, filters(since, until, outlet, person, language), page, per_page)

    @app.get("/api/story/{ident:path}", summary="A story: groups, articles, entities, quotes, join scores")
    def api_story(ident: str) -> dict[str, Any]:
        return views.story(db, ident)

    @app.get("/api/group/{ident:path}", summary="A reprint group's copies aligned by paragraph")
    def api_group(ident: str) -> dict[str, Any]:
        return views.group(db, ident)

    @app.get("/api/article/{ident:path}", summary="An article: text with quotes marked, removed lines, metadata")
    def api_article(ident: str) -> dict[str, Any]:
        return views.article(db, ident)

    @app.get("/api/entity/{ident:path}", summary="A person, place or organisation: variants, quotes, stories")
    def api_entity(ident: str) -> dict[str, Any]:
        return views.entity(db, ident)

    @app.get("/api/search", summary="Full-text search over articles (grouped by story) and quotes")
    def api_search(q: str = "") -> dict[str, Any]:
        return views.search(db, q)

    @app.get("/api/corrections", summary="Users' splits and merges, oldest first")
    def api_corrections() -> list[dict[str, Any]]:
        return api.list_corrections(db)

    return app


def _same_origin(request: Request) -> bool:
    """Whether a state-changing request comes from this server's own pages: an
    ``Origin`` (or, without one, a ``Referer``) naming this host and port, and no
    ``Sec-Fetch-Site: cross-site``."""
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return False
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return source is None  # no browser sends a form POST without either; tools may
    here = request.headers.get("host", "")
    return urlsplit(source).netloc.lower() == here.lower()


def check_day(value: str | None, name: str) -> str | None:
    """A ``YYYY-MM-DD`` filter value, or the ConfigError (a 400) that says it is not."""
    if not value:
        return None
    try:
        if not _ISO_DAY.match(value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} must be a date written YYYY-MM-DD, not {value[:40]!r}") from None
    return value


# How ``serve`` tells its worker processes what to serve (``app_from_environment``).
_ENV = "STORYLINE_SERVE"


def app_from_environment() -> Any:
    """The app each worker process of ``serve(workers=N)`` builds: the database, hosts
    and CSRF secret its parent chose."""
    given = json.loads(os.environ[_ENV])
    return create_app(given["db"], given["hosts"], bytes.fromhex(given["secret"]))


def serve(
    db: str | Path, host: str = "127.0.0.1", port: int = 8000, allowed_hosts: Iterable[str] = (), workers: int = 1
) -> None:
    """Run the app with uvicorn (blocking), in ``workers`` processes (SQLite in WAL mode
    lets them all read; corrections are serialised by the writer's lock).  A host other
    than a loopback address is added to the names the app answers to."""
    import uvicorn

    extra = [*allowed_hosts, *([] if host in LOCAL_HOSTS or host in ("0.0.0.0", "::") else [host])]
    if workers <= 1:
        uvicorn.run(create_app(db, extra), host=host, port=port, log_level="warning")
        return
    create_app(db, extra)  # a missing database is said here, once
    os.environ[_ENV] = json.dumps({"db": str(db), "hosts": extra, "secret": secrets.token_hex(32)})
    target = f"{__name__}:app_from_environment"
    uvicorn.run(target, factory=True, host=host, port=port, workers=workers, log_level="warning")
