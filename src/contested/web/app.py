"""The web application: a JSON API and server-rendered pages over a ledger.

    from contested.web import create_app
    app = create_app("sqlite:///contested.db")          # read-only
    app = create_app(url, allow_ingest=True, token="s3cret")  # adds POST /api/articles

Everything taken from articles (text, titles, outlets) is untrusted: templates escape it
(Jinja2 autoescape), scripts are static files of this package that build the DOM with
``textContent``, and every response carries a Content-Security-Policy that forbids inline
scripts. Request bodies are limited to :data:`MAX_BODY` bytes (413 beyond).
"""

from __future__ import annotations

import hmac
import json
import re
import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, BeforeValidator, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from .. import __version__
from ..config import Options
from ..errors import ContestedError, StoreError
from ..ledger import Ledger
from . import basemap, views
from .views import FilterError

HERE = Path(__file__).resolve().parent
MAX_BODY = 1_000_000  # bytes of a request body
MAP_LIMIT = 5000       # points drawn on the map
LIST_LIMIT = 200       # rows of the event table under the map
TIMELINE_LIMIT = 100_000
MAX_ARTICLES = 1000    # per ingest request
FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6" '
           'fill="#e67e22" stroke="#222" stroke-width="1.5" stroke-dasharray="3 2"/></svg>')


# ---------------------------------------------------------------- ASGI middleware
class BodyLimit:
    """Reject request bodies over ``max_bytes`` with 413, whether or not the client sent
    Content-Length (a chunked body is read up to the limit, then replayed to the app)."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def _reject(self, send: Any, status: int, detail: str) -> None:
        body = json.dumps({"detail": detail}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length")
        if length is not None:
            try:
                n = int(length)
            except ValueError:
                await self._reject(send, 400, "invalid Content-Length")
                return
            if n > self.max_bytes:
                await self._reject(send, 413, f"request body too large (limit {self.max_bytes} bytes)")
                return
        chunks, size = [], 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(send, 413, f"request body too large (limit {self.max_bytes} bytes)")
                return
            chunks.append(chunk)
            if not msg.get("more_body", False):
                break
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class Utf8Query:
    """400 for a query string that is not UTF-8 (raw bytes over 0x7f, which browsers always
    percent-encode but some HTTP parsers pass on): starlette cannot build the request URL
    from them, so a page would otherwise fail with 500."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            try:
                bytes(scope.get("query_string") or b"").decode("utf-8")
            except UnicodeDecodeError:
                body = b'{"detail":"the query string is not UTF-8"}'
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Content-Security-Policy (no inline script, nothing from other origins unless a tile
    server is configured) and the usual hardening headers on every response."""

    def __init__(self, app: Any, img_extra: str = "") -> None:
        self.app = app
        csp = ("default-src 'none'; script-src 'self'; style-src 'self'; "
               f"img-src 'self' data:{(' ' + img_extra) if img_extra else ''}; connect-src 'self'; "
               "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
        ]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(msg: Any) -> None:
            if msg["type"] == "http.response.start":
                have = {k.lower() for k, _ in msg.get("headers", [])}
                msg["headers"] = list(msg.get("headers", [])) + [h for h in self.headers if h[0] not in have]
            await send(msg)

        await self.app(scope, receive, with_headers)


# ---------------------------------------------------------------- API models
class EventList(BaseModel):
    total: int = Field(description="events matching the filters (all pages)")
    limit: int
    offset: int
    events: list[dict[str, Any]] = Field(description="merged events in the ledger export shape "
                                                    "(docs/OUTPUT.md), by date then id")


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, description="plain text; paragraphs separated by blank lines")
    id: str | None = Field(None, max_length=300, description="the caller's id (default: a hash of the text)")
    published: str | None = Field(None, max_length=40, description="ISO date or date-time")
    outlet: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=20)


class IngestResult(BaseModel):
    report: dict[str, int]
    articles: list[dict[str, Any]]


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` is a date here: pydantic alone would also read ``0`` or
    ``20201028`` as Unix timestamps (days in 1970) and filter silently on them."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("not a date; use YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _error(loc: str, msg: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": ["query", loc], "msg": msg, "type": "value_error"}])


def _count(ledger: Ledger, filters: dict[str, Any]) -> int:
    """How many events match (SQL count when no radius is given, else by iteration)."""
    if "near" not in filters:
        try:
            from sqlalchemy import func, select

            from ..ledger import store as st
            from ..ledger.query import _where

            conds = _where(filters.get("country"), filters.get("since"), filters.get("until"),
                           filters.get("type"), filters.get("contested"), None)
            with ledger.engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(st.events).where(*conds)).scalar() or 0)
        except (ImportError, TypeError, AttributeError):  # the ledger's internals changed: count by reading
            pass
    return sum(1 for _ in ledger.iter_events(**filters))


# ---------------------------------------------------------------- the app
def create_app(db_url: str, *, allow_ingest: bool = False, token: str | None = None,
               options: Options | None = None) -> FastAPI:
    """The FastAPI app over the ledger at ``db_url``.

    ``allow_ingest`` adds ``POST /api/articles`` (extract and store), which then requires
    ``Authorization: Bearer <token>``; a token is mandatory with it.
    """
    if allow_ingest and not token:
        raise ValueError("allow_ingest needs a token: ingest is never open to anonymous clients")
    opts = options or Options()
    ledger = Ledger(db_url, opts)
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(type_colours=views.TYPE_COLOURS, type_classes=views.TYPE_CLASSES,
                       version=__version__)
    ingest_lock = threading.Lock()
    resources: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ARG001
        yield
        ledger.close()

    app = FastAPI(title="contested", version=__version__, lifespan=lifespan,
                  description="Conflict events merged across articles, each with its claims and "
                              "the sentences that support them. Read-only unless started with ingest.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.ledger = ledger
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2000)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    app.add_middleware(Utf8Query)
    app.add_middleware(SecurityHeaders)

    def wants_html(request: Request) -> bool:
        """Pages answer errors with a page; the API (and static files) with JSON."""
        return not request.url.path.startswith(("/api/", "/openapi", "/static/", "/map/"))

    def page(name: str, request: Request, code: int = 200, **ctx: Any) -> HTMLResponse:
        try:
            stats = ledger.stats()
        except ContestedError:
            stats = {"events": "?", "articles": "?", "by_type": {}}
        html = env.get_template(name).render(request_path=request.url.path, stats=stats, **ctx)
        return HTMLResponse(html, status_code=code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request):
            return page("error.html", request, exc.status_code, status=exc.status_code,
                        message=exc.detail if isinstance(exc.detail, str) else "Error")
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        if wants_html(request):
            msg = "; ".join(f"{e['loc'][-1] if e['loc'] else ''}: {e['msg']}" for e in errors)
            return page("error.html", request, 422, status=422, message=msg)
        return JSONResponse({"detail": errors}, 422)

    @app.exception_handler(ContestedError)
    async def contested_error(request: Request, exc: ContestedError) -> Response:
        status = 503 if isinstance(exc, StoreError) else 400
        if wants_html(request):
            return page("error.html", request, status, status=status, message=str(exc))
        return JSONResponse({"detail": str(exc)}, status)

    # ------------------------------------------------------------ JSON API
    @app.get("/api/events", response_model=EventList, tags=["ledger"],
             summary="Merged events, filtered and paginated")
    def api_events(
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO2 country, e.g. AZ")] = None,
        since: Annotated[IsoDate | None, Query(description="first date (YYYY-MM-DD), inclusive")] = None,
        until: Annotated[IsoDate | None, Query(description="last date (YYYY-MM-DD), inclusive")] = None,
        type: Annotated[str | None, Query(max_length=100,  # noqa: A002
                                          description="event_type or sub_event_type")] = None,
        contested: Annotated[bool | None, Query(description="only contested (true) or uncontested (false)")] = None,
        near: Annotated[str | None, Query(max_length=100, description="LAT,LON,KM: within KM of a point",
                                          examples=["40.37,47.13,25"])] = None,
        limit: Annotated[int, Query(ge=1, le=1000, description="page size (1-1000)")] = 50,
        offset: Annotated[int, Query(ge=0, le=10**9, description="events to skip")] = 0,
    ) -> dict[str, Any]:
        filters: dict[str, Any] = {}
        if country:
            filters["country"] = country.upper()
        if since:
            filters["since"] = since
        if until:
            filters["until"] = until
        if since and until and since > until:
            raise _error("since", f"since ({since}) is after until ({until})")
        if type:
            filters["type"] = type
        if contested is not None:
            filters["contested"] = contested
        if near:
            try:
                filters["near"] = views.parse_near(near)
            except FilterError as exc:
                raise _error("near", str(exc)) from None
        events = ledger.events(**filters, limit=limit, offset=offset)
        return {"total": _count(ledger, filters), "limit": limit, "offset": offset, "events": events}

    @app.get("/api/events/{event_id}", tags=["ledger"], summary="One event with its claims and documents",
             responses={404: {"description": "unknown event id"}})
    def api_event(event_id: str) -> dict[str, Any]:
        ev = ledger.event(event_id)
        if ev is None:
            raise HTTPException(404, detail=f"no event with id {event_id!r}")
        ev["document_info"] = [_doc_info(ledger.document(d), d) for d in ev.get("documents") or ()]
        return ev

    @app.get("/api/documents/{doc_id:path}", tags=["ledger"],
             summary="One article: text, extracted events with spans, their ledger events",
             responses={404: {"description": "unknown document id"}})
    def api_document(doc_id: str) -> dict[str, Any]:
        doc = ledger.document(doc_id)
        if doc is None:
            raise HTTPException(404, detail=f"no document with id {doc_id!r}")
        return doc

    @app.get("/api/stats", tags=["ledger"], summary="Counts of articles, mentions and events")
    def api_stats() -> dict[str, Any]:
        return ledger.stats()

    if allow_ingest:
        def bearer(request: Request) -> None:
            auth = request.headers.get("authorization", "")
            scheme, _, given = auth.partition(" ")
            if scheme.lower() != "bearer" or not given or \
                    not hmac.compare_digest(given.strip().encode(), str(token).encode()):
                raise HTTPException(401, detail="a valid 'Authorization: Bearer <token>' header is required",
                                    headers={"WWW-Authenticate": "Bearer"})

        @app.post("/api/articles", response_model=IngestResult, tags=["ingest"], status_code=200,
                  dependencies=[Depends(bearer)],
                  summary="Extract events from articles and merge them into the ledger",
                  responses={400: {"description": "the body is not valid JSON"},
                             401: {"description": "missing or wrong token"},
                             413: {"description": f"body over {MAX_BODY} bytes"}})
        def api_ingest(articles: ArticleIn | list[ArticleIn]) -> dict[str, Any]:
            from ..pipeline import Resources, extract_article
            from ..readers import parse_published
            from ..records import Article

            items = articles if isinstance(articles, list) else [articles]
            if not items or len(items) > MAX_ARTICLES:
                raise HTTPException(422, detail=[{"loc": ["body"], "msg": f"send 1 to {MAX_ARTICLES} articles",
                                                   "type": "value_error"}])
            built = []
            for i, a in enumerate(items):
                try:
                    pub = parse_published(a.published) if a.published else None
                except (ValueError, ContestedError) as exc:
                    raise HTTPException(422, detail=[{"loc": ["body", i, "published"], "msg": str(exc),
                                                      "type": "value_error"}]) from None
                built.append(Article(text=a.text, id=a.id or "", published=pub, outlet=a.outlet,
                                     title=a.title, url=a.url, language=a.language))
            with ingest_lock:
                if "res" not in resources:
                    resources["res"] = Resources.load(opts)
                pairs = [(art, extract_article(art, resources["res"], opts)) for art in built]
                report = ledger.ingest(pairs)
            return {"report": report.to_dict(),
                    "articles": [{"id": art.id, "events": len(ext.events)} for art, ext in pairs]}

    # ------------------------------------------------------------ pages
    def filters_of(request: Request) -> tuple[dict[str, Any], str | None]:
        try:
            return views.parse_filters(request.query_params), None
        except FilterError as exc:
            return {}, str(exc)

    def type_options() -> list[str]:
        known = list(views.TYPE_COLOURS)
        try:
            extra = [t for t in ledger.stats().get("by_type", {}) if t and t not in known]
        except ContestedError:
            extra = []
        return known + sorted(extra)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        filters, error = filters_of(request)
        events = [] if error else ledger.events(**filters, limit=MAP_LIMIT)
        total = 0 if error else _count(ledger, filters)
        points, bbox = views.map_points(events)
        by_id = {e["id"]: e for e in events}
        data = [{k: p[k] for k in ("id", "label", "date", "actor1", "actor2", "toll", "type", "contested",
                                   "sources", "docs")} for p in points]
        place_labels: dict[tuple[float, float], dict[str, Any]] = {}
        for p in points:  # one label per place, beside its largest point
            ev = by_id[p["id"]]
            name = (ev.get("location") or {}).get("name")
            lab = place_labels.setdefault((p["x"], p["y"]), {"x": p["x"], "y": p["y"], "name": name, "r": 0.0})
            lab["r"] = max(lab["r"], p["r"])
        for lab in place_labels.values():
            lab["dx"] = round((lab["r"] + 3) / 12, 2)  # in em: labels are 12 px on screen
        scale = bbox[2] / 1000.0
        for p in points:
            p["r0"] = round(p["r"] * scale, 3)
        return page("map.html", request, 400 if error else 200, nav="map", error=error,
                    form=views.form_values(filters), types=type_options(), action="/",
                    points=points, bbox=bbox, total=total, shown=len(events),
                    unplaced=len(events) - len(points), rows=events[:LIST_LIMIT],
                    graticule=basemap.graticule(), place_labels=list(place_labels.values())[:500],
                    map_json=views.json_script(data),
                    label=views.label, world=[basemap.WIDTH, basemap.HEIGHT])

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request) -> HTMLResponse:
        filters, error = filters_of(request)
        events = [] if error else ledger.events(**filters, limit=TIMELINE_LIMIT)
        return page("timeline.html", request, 400 if error else 200, nav="timeline", error=error,
                    form=views.form_values(filters), types=type_options(), action="/timeline",
                    tl=views.timeline(events), n=len(events))

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        ev = ledger.event(event_id)
        if ev is None:
            raise HTTPException(404, detail=f"No event with id {event_id!r}.")
        docs = {d: ledger.document(d) for d in ev.get("documents") or ()}
        claims = []
        for c in ev.get("claims") or ():
            doc = docs.get(c.get("doc_id")) or {}
            claims.append({"c": c, "doc": _doc_info(doc or None, c.get("doc_id")),
                           "ex": views.excerpt(doc.get("text") or "", c.get("span"))})
        loc = ev.get("location") or {}
        near = None
        if loc.get("lat") is not None and loc.get("lon") is not None:
            near = f"{loc['lat']:g},{loc['lon']:g},50"
        return page("event.html", request, nav="event", ev=ev, claims=claims, near=near,
                    docs=[_doc_info(docs.get(d), d) for d in ev.get("documents") or ()],
                    colour=views.TYPE_COLOURS.get(ev.get("event_type") or "", views.OTHER_COLOUR))

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        doc = ledger.document(doc_id)
        if doc is None:
            raise HTTPException(404, detail=f"No document with id {doc_id!r}.")
        segs = views.segments(doc.get("text") or "", views.document_marks(doc))
        return page("document.html", request, nav="document", doc=doc, segs=segs, label=views.label)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        return page("docs.html", request, nav="docs", api=app.openapi(), allow_ingest=allow_ingest)

    @app.get("/favicon.svg", include_in_schema=False)
    def favicon() -> Response:
        return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/map/base.svg", include_in_schema=False)
    def base_layer() -> Response:
        return Response(basemap.base_svg(), media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})

    return app


def _doc_info(doc: dict[str, Any] | None, doc_id: str | None) -> dict[str, Any]:
    if not doc:
        return {"id": doc_id, "title": None, "outlet": None, "published": None, "url": None, "missing": True}
    return {"id": doc["id"], "title": doc.get("title"), "outlet": doc.get("outlet"),
            "published": doc.get("published"), "url": doc.get("url"), "missing": False}


__all__ = ["MAX_BODY", "create_app"]
