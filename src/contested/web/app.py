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
import math
import re
import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

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
from ..errors import ContestedError, InputError, StoreError
from ..ledger import Ledger
from ..ledger import query as lq
from . import basemap, views
from .cache import AggregateCache
from .views import FilterError

HERE = Path(__file__).resolve().parent
MAX_BODY = 1_000_000  # bytes of a request body
MAP_POINTS = 1000      # at most this many events in view are drawn one by one; more are grid aggregates
LIST_LIMIT = 100       # rows of the event table under the map
MAP_WIDTH = 1000       # pixels assumed for the first drawing of the map (the page then asks for its own)
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
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    events: list[dict[str, Any]] = Field(description="merged events in the ledger export shape "
                                                    "(docs/OUTPUT.md), by date (undated last) then id")


class MapView(BaseModel):
    total: int = Field(description="events matching the filters, placed or not, anywhere")
    in_view: int = Field(description="placed events matching the filters inside `bbox`")
    mode: str = Field(description="`points` (each event) or `clusters` (grid aggregates, too many points)")
    cell: float | None = Field(description="grid cell in degrees (clusters), else null")
    complete: bool = Field(description="true when `points` holds every placed matching event, wherever it is")
    bbox: list[float] = Field(description="west, south, east, north (degrees)")
    points: list[dict[str, Any]] = Field(description="events in view, largest toll first (mode points)")
    clusters: list[dict[str, Any]] = Field(description="per grid cell: n, mean lat/lon, toll (sum of best "
                                                      "estimates), contested, type (most frequent), types, "
                                                      "bounds (mode clusters)")


class Timeline(BaseModel):
    first: str | None
    last: str | None
    unit: str | None = Field(description="day, week, month or year (from the span of the dates)")
    undated: int
    sides: list[dict[str, Any]] = Field(description="the sides (actor 1) with most events, then "
                                                    "'Other actors'; events and fatalities of each")
    buckets: list[dict[str, Any]] = Field(description="start (ISO date), side, events, fatalities")


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


def _key(filters: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(filters.items()))


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def _json_bytes(body: bytes) -> Response:
    """A JSON answer already serialised (validated shapes: the routes' response models)."""
    return Response(body, media_type="application/json")


def _input_error(loc: list[Any], msg: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": loc, "msg": msg, "type": "value_error"}])


def api_filters(
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO2 country, e.g. AZ")] = None,
    since: Annotated[IsoDate | None, Query(description="first date (YYYY-MM-DD), inclusive")] = None,
    until: Annotated[IsoDate | None, Query(description="last date (YYYY-MM-DD), inclusive")] = None,
    type: Annotated[str | None, Query(max_length=100,  # noqa: A002
                                      description="event_type or sub_event_type")] = None,
    contested: Annotated[bool | None, Query(description="only contested (true) or uncontested (false)")] = None,
    near: Annotated[str | None, Query(max_length=100, description="LAT,LON,KM: within KM of a point",
                                      examples=["40.37,47.13,25"])] = None,
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
    return filters


Filters = Annotated[dict[str, Any], Depends(api_filters)]


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
                       type_colours_json=json.dumps(views.TYPE_COLOURS),
                       type_classes_json=json.dumps(views.TYPE_CLASSES), version=__version__)
    ingest_lock = threading.Lock()
    resources: dict[str, Any] = {}
    cache = AggregateCache(lambda: lq.data_version(ledger))

    def cached(kind: str, filters: dict[str, Any], compute: Any, *extra: Any) -> Any:
        return cache.get((kind, _key(filters), *extra), compute)

    def count(filters: dict[str, Any]) -> int:
        return int(cached("count", filters, lambda: lq.count_events(ledger, filters)))

    def cached_stats() -> dict[str, Any]:
        return dict(cache.get(("stats",), ledger.stats))

    def extent(filters: dict[str, Any]) -> tuple[Any, int]:
        return tuple(cached("extent", filters, lambda: lq.extent_count(ledger, filters)))  # type: ignore[return-value]

    def map_view(filters: dict[str, Any], bbox: tuple[float, float, float, float], width: int,
                 n: int | None = None) -> dict[str, Any]:
        """What the map draws in ``bbox``: every event when few are in view, else grid
        aggregates at the cell size for the view's width. ``n``: the count in view, when known."""
        in_view = {**filters, "bbox": bbox}
        placed = extent(filters)[1]
        n = count(in_view) if n is None else n
        out: dict[str, Any] = {"total": count(filters), "in_view": n, "bbox": list(bbox), "points": [],
                               "clusters": [], "cell": None}
        if n <= MAP_POINTS:
            out.update(mode="points", complete=n == placed, points=lq.map_points(ledger, in_view, MAP_POINTS))
        else:
            cell = lq.cell_size(bbox, width)
            # whole cells around the view, so a pan reuses the aggregate of its cells
            w, s_, e, n_ = bbox
            snapped = (max(-180.0, math.floor((w + 180) / cell) * cell - 180),
                       max(-90.0, math.floor((s_ + 90) / cell) * cell - 90),
                       min(180.0, math.ceil((e + 180) / cell) * cell - 180),
                       min(90.0, math.ceil((n_ + 90) / cell) * cell - 90)) if w <= e else bbox
            out.update(mode="clusters", complete=False, cell=cell,
                       clusters=cached("clusters", {**filters, "bbox": snapped},
                                       lambda: lq.map_clusters(ledger, {**filters, "bbox": snapped}, cell), cell))
        return out

    def timeline_counts(filters: dict[str, Any]) -> dict[str, Any]:
        return dict(cached("timeline", filters, lambda: lq.timeline_counts(ledger, filters)))

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ARG001
        yield
        ledger.close()

    app = FastAPI(title="contested", version=__version__, lifespan=lifespan,
                  description="Conflict events merged across articles, each with its claims and "
                              "the sentences that support them. Read-only unless started with ingest.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.ledger = ledger
    app.state.cache = cache
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2000)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    app.add_middleware(Utf8Query)
    app.add_middleware(SecurityHeaders)

    def wants_html(request: Request) -> bool:
        """Pages answer errors with a page; the API (and static files) with JSON."""
        return not request.url.path.startswith(("/api/", "/openapi", "/static/", "/map/"))

    def render(name: str, request: Request, **ctx: Any) -> str:
        try:
            stats = cached_stats()
        except ContestedError:
            stats = {"events": "?", "articles": "?", "by_type": {}}
        return env.get_template(name).render(request_path=request.url.path, stats=stats, **ctx)

    def page(name: str, request: Request, code: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(render(name, request, **ctx), status_code=code)

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
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=1000, description="page size (1-1000)")] = 50,
        offset: Annotated[int, Query(ge=0, le=10**9, description="events to skip (prefer `cursor`: "
                                                                  "deep offsets are slow)")] = 0,
        cursor: Annotated[str | None, Query(max_length=2000, description="`next_cursor` of the previous "
                                            "page (keyset pagination; `offset` is then ignored)")] = None,
    ) -> dict[str, Any]:
        try:
            page_ = lq.events_page(ledger, filters, limit=limit, cursor=cursor, offset=offset, raw=True)
        except lq.CursorError as exc:
            raise _error("cursor", str(exc)) from None
        head = _dumps({"total": count(filters), "limit": limit, "offset": 0 if cursor else offset,
                       "next_cursor": page_["next_cursor"]})
        # the events' stored JSON is passed on as it is, not parsed and serialised again
        events_json = ",".join(page_["events"]).encode("utf-8")
        return _json_bytes(head[:-1] + b',"events":[' + events_json + b"]}")  # type: ignore[return-value]

    @app.get("/api/map", response_model=MapView, tags=["ledger"],
             summary="What the map draws in a bounding box: events, or grid aggregates when too many")
    def api_map(
        filters: Filters,
        bbox: Annotated[str, Query(max_length=200, description="WEST,SOUTH,EAST,NORTH in degrees "
                                   "(WEST > EAST crosses the antimeridian)", examples=["44,38,50,42"])]
        = "-180,-90,180,90",
        width: Annotated[int, Query(ge=100, le=10000, description="the map's width in pixels "
                                                                  "(sets the grid cell)")] = MAP_WIDTH,
    ) -> dict[str, Any]:
        try:
            box = views.parse_bbox(bbox)
        except FilterError as exc:
            raise _error("bbox", str(exc)) from None
        body = cached("map", filters, lambda: _dumps(map_view(filters, box, width)), box, lq.cell_size(box, width))
        return _json_bytes(body)  # type: ignore[return-value]

    @app.get("/api/timeline", response_model=Timeline, tags=["ledger"],
             summary="Events and fatalities per day, week, month or year and side (actor 1)")
    def api_timeline(filters: Filters) -> dict[str, Any]:
        return _json_bytes(cached("timeline.json", filters, lambda: _dumps(timeline_counts(filters))))  # type: ignore[return-value]

    @app.get("/api/events/{event_id}", tags=["ledger"], summary="One event with its claims and documents",
             responses={404: {"description": "unknown event id"}})
    def api_event(event_id: str) -> dict[str, Any]:
        ev = ledger.event(event_id)
        if ev is None:
            raise HTTPException(404, detail=f"no event with id {event_id!r}")
        ev["document_info"] = [_doc_info(ledger.document(d), d) for d in ev.get("documents") or ()]
        return _json_bytes(_dumps(ev))  # type: ignore[return-value]

    @app.get("/api/documents/{doc_id:path}", tags=["ledger"],
             summary="One article: text, extracted events with spans, their ledger events",
             responses={404: {"description": "unknown document id"}})
    def api_document(doc_id: str) -> dict[str, Any]:
        doc = ledger.document(doc_id)
        if doc is None:
            raise HTTPException(404, detail=f"no document with id {doc_id!r}")
        return _json_bytes(_dumps(doc))  # type: ignore[return-value]

    @app.get("/api/stats", tags=["ledger"], summary="Counts of articles, mentions and events")
    def api_stats() -> dict[str, Any]:
        return _json_bytes(cache.get(("stats.json",), lambda: _dumps(cached_stats())))  # type: ignore[return-value]

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
                pairs = []
                for i, art in enumerate(built):
                    try:
                        pairs.append((art, extract_article(art, resources["res"], opts)))
                    except (InputError, ValueError, OverflowError) as exc:
                        # the input cannot be read (a date out of range, ...): the client's error
                        raise _input_error(["body", i], f"article {art.id or i}: cannot be extracted "
                                                        f"({type(exc).__name__}: {exc})") from None
                try:
                    report = ledger.ingest(pairs)
                except (InputError, OverflowError) as exc:
                    raise _input_error(["body"], f"cannot be stored ({type(exc).__name__}: {exc})") from None
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
            extra = [t for t in cached_stats().get("by_type", {}) if t and t not in known]
        except ContestedError:
            extra = []
        return known + sorted(extra)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        filters, error = filters_of(request)
        if error:
            return page("map.html", request, 400, **map_context(filters, error))
        # the page depends only on the filters and the data: cached like the aggregates
        return HTMLResponse(cached("page:/", filters, lambda: render("map.html", request,
                                                                   **map_context(filters, None))))

    def map_context(filters: dict[str, Any], error: str | None) -> dict[str, Any]:
        view: dict[str, Any] = {"total": 0, "in_view": 0, "mode": "points", "complete": True, "points": [],
                                "clusters": [], "cell": None}
        bbox = [0.0, 0.0, float(basemap.WIDTH), float(basemap.HEIGHT)]
        rows: list[dict[str, Any]] = []
        if not error:
            ext, placed = extent(filters)
            bbox = views.view_box(ext)
            # the first view holds every placed event (it is their extent, padded)
            view = map_view(filters, views.box_degrees(bbox), MAP_WIDTH, n=placed)
            rows = cached("rows", filters, lambda: lq.event_rows(ledger, filters, limit=LIST_LIMIT), LIST_LIMIT)
        points = sorted((views.point(p) for p in view["points"]), key=lambda p: (-p["r"], p["id"]))
        clusters = [views.cluster(c) for c in view["clusters"]]
        keys = ("id", "label", "date", "actor1", "actor2", "toll", "type", "contested", "sources", "docs")
        data: list[dict[str, Any]] = [{k: p[k] for k in keys} for p in points]
        data += [{"cluster": True, **{k: c[k] for k in ("n", "label", "toll", "contested", "type", "types", "box")}}
                 for c in clusters]
        place_labels: dict[tuple[float, float], dict[str, Any]] = {}
        for p in points:  # one label per place, beside its largest point
            lab = place_labels.setdefault((p["x"], p["y"]), {"x": p["x"], "y": p["y"], "name": p["place"], "r": 0.0})
            lab["r"] = max(lab["r"], p["r"])
        for lab in place_labels.values():
            lab["dx"] = round((lab["r"] + 3) / 12, 2)  # in em: labels are 12 px on screen
        scale = bbox[2] / 1000.0
        for p in points:
            p["r0"] = round(p["r"] * scale, 3)
        for c in clusters:
            c["r0"] = round(c["r"] * scale, 3)
        form = views.form_values(filters)
        api_query = urlencode({k: v for k, v in form.items() if v})
        return dict(nav="map", error=error, form=form, types=type_options(), action="/",
                    points=points, clusters=clusters, view=view, bbox=bbox, total=view["total"],
                    rows=rows, graticule=basemap.graticule(), place_labels=list(place_labels.values())[:500],
                    map_json=views.json_script(data), api_query=api_query,
                    label=views.label, world=[basemap.WIDTH, basemap.HEIGHT])

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request) -> HTMLResponse:
        filters, error = filters_of(request)

        def html() -> str:
            counts = timeline_counts(filters) if not error else {"undated": 0}
            n = sum(s["events"] for s in counts.get("sides") or ()) + int(counts.get("undated") or 0)
            return render("timeline.html", request, nav="timeline", error=error, form=views.form_values(filters),
                          types=type_options(), action="/timeline", tl=views.timeline_chart(counts), n=n)

        if error:
            return HTMLResponse(html(), status_code=400)
        return HTMLResponse(cached("page:/timeline", filters, html))

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
