"""Pure helpers for the pages: filter parsing, highlighted text, map points, timeline bars.

Nothing here renders HTML: templates do, with autoescape on, so every string taken from
an article (text, title, outlet) reaches the page escaped.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .basemap import HEIGHT, WIDTH, project

# ACLED's event types, each with its colour on the map and in legends
TYPE_COLOURS: dict[str, str] = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d",
}
OTHER_COLOUR = "#34495e"
SIDE_COLOURS = ("#c0392b", "#2980b9", "#27ae60", "#e67e22", "#8e44ad", "#16a085", "#95a5a6")
TYPE_CLASSES = {t: "t" + str(i) for i, t in enumerate(TYPE_COLOURS)}

_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
FILTER_KEYS = ("country", "since", "until", "type", "contested", "near")


class FilterError(ValueError):
    """A query-string filter that cannot be used; the message says which and why."""


def parse_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FilterError(f"{what}: {value!r} is not a date; use YYYY-MM-DD") from None


def parse_near(value: str) -> tuple[float, float, float]:
    parts = value.split(",")
    try:
        if len(parts) != 3:
            raise ValueError
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        raise FilterError(f"near: {value!r} is not LAT,LON,KM (e.g. 40.37,47.13,25)") from None
    if not all(math.isfinite(v) for v in (lat, lon, km)):
        raise FilterError("near: values must be finite numbers")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise FilterError(f"near: latitude must be within [-90, 90] and longitude within [-180, 180], "
                          f"got {lat}, {lon}")
    if not 0 < km <= 20000:
        raise FilterError(f"near: the radius must be more than 0 and at most 20000 km, got {km}")
    return lat, lon, km


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """WEST,SOUTH,EAST,NORTH in degrees (WEST > EAST: the box crosses the antimeridian)."""
    parts = value.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise FilterError(f"bbox: {value[:60]!r} is not WEST,SOUTH,EAST,NORTH (e.g. 44,38,50,42)") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise FilterError("bbox: values must be finite numbers")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise FilterError("bbox: longitudes must be within [-180, 180] and latitudes within [-90, 90], "
                          "south not above north")
    return west, south, east, north


def check_country(value: str) -> str:
    if not _COUNTRY.match(value):
        raise FilterError(f"country: {value!r} is not an ISO 3166 two-letter code such as AZ")
    return value.upper()


def parse_filters(raw: Mapping[str, str]) -> dict[str, Any]:
    """Ledger filters from query-string values (empty values are ignored)."""
    out: dict[str, Any] = {}
    country = (raw.get("country") or "").strip()
    if country:
        out["country"] = check_country(country)
    for key in ("since", "until"):
        value = (raw.get(key) or "").strip()
        if value:
            out[key] = parse_date(value, key)
    if out.get("since") and out.get("until") and out["since"] > out["until"]:
        raise FilterError(f"since ({out['since']}) is after until ({out['until']})")
    typ = (raw.get("type") or "").strip()
    if typ:
        if len(typ) > 100:
            raise FilterError("type: too long (at most 100 characters)")
        out["type"] = typ
    contested = (raw.get("contested") or "").strip().lower()
    if contested in _TRUE:
        out["contested"] = True
    elif contested in _FALSE:
        out["contested"] = False
    elif contested:
        raise FilterError(f"contested: {raw.get('contested')!r} is not a yes/no value (true or false)")
    near = (raw.get("near") or "").strip()
    if near:
        out["near"] = parse_near(near)
    return out


def form_values(filters: Mapping[str, Any]) -> dict[str, str]:
    """The filters as strings, to fill the filter form and build links."""
    vals = {k: "" for k in FILTER_KEYS}
    for k, v in filters.items():
        if k == "contested":
            vals[k] = "true" if v else "false"
        elif k == "near":
            vals[k] = ",".join(f"{x:g}" for x in v)
        else:
            vals[k] = str(v)
    return vals


def json_script(data: Any) -> str:
    """JSON safe to place inside a <script type="application/json"> element: no ``<``,
    ``>`` or ``&`` appears literally, so text cannot close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---------------------------------------------------------------- highlighted text
@dataclass
class Mark:
    """One highlighted span: ``strong`` marks a field (place, actor, toll…), otherwise a
    claim's or the evidence's sentence."""

    start: int
    end: int
    label: str
    href: str | None = None
    strong: bool = False
    kind: str = "field"


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def strong(self) -> bool:
        return any(m.strong for m in self.marks)

    @property
    def href(self) -> str | None:
        for m in sorted(self.marks, key=lambda m: (not m.strong, m.end - m.start)):
            if m.href:
                return m.href
        return None

    @property
    def title(self) -> str:
        seen: list[str] = []
        for m in self.marks:
            if m.label not in seen:
                seen.append(m.label)
        return "; ".join(seen)

    @property
    def css(self) -> str:
        kinds = sorted({m.kind for m in self.marks})
        return " ".join(["hl", "hl-strong" if self.strong else "hl-sent", *("k-" + k for k in kinds)])


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece lists the marks that cover it."""
    n = len(text)
    valid = []
    for m in marks:
        s, e = max(0, int(m.start)), min(n, int(m.end))
        if s < e:
            valid.append(Mark(s, e, m.label, m.href, m.strong, m.kind))
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        cover = [m for m in valid if m.start <= a and m.end >= b]
        if out and [id(x) for x in out[-1].marks] == [id(x) for x in cover]:
            out[-1].text += text[a:b]
        else:
            out.append(Segment(text[a:b], cover))
    return out


def _span(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        try:
            return int(value[0]), int(value[1])
        except (TypeError, ValueError):
            return None
    return None


def document_marks(doc: Mapping[str, Any]) -> list[Mark]:
    """Every extracted span of a stored document, each linked to its ledger event."""
    marks: list[Mark] = []
    for i, ev in enumerate(doc.get("events") or ()):
        eid = ev.get("ledger_event")
        href = f"/events/{eid}" if eid else None
        tag = f"event {i + 1} ({ev.get('sub_event_type') or ev.get('event_type') or '?'})"
        if ev.get("background"):
            tag += ", background mention"

        def add(span: Any, what: str, strong: bool, kind: str, tag: str = tag, href: str | None = href) -> None:
            sp = _span(span)
            if sp:
                marks.append(Mark(sp[0], sp[1], f"{tag}: {what}", href, strong, kind))

        loc = ev.get("location") or {}
        add(loc.get("span"), f"place {loc.get('name')}", True, "place")
        for role in ("actor1", "actor2"):
            act = ev.get(role) or {}
            add(act.get("span"), f"{role} {act.get('name')}", True, "actor")
        for key, sp in sorted((ev.get("spans") or {}).items()):
            add(sp, key, True, key if key in ("date", "trigger", "weapons") else "toll")
        for c in ev.get("claims") or ():
            src = (c.get("source") or {}).get("name") or "unknown source"
            add(c.get("span"), f"{c.get('stance', 'asserts')} by {src}", False, "claim")
        for sp in ev.get("evidence") or ():
            add(sp, "evidence", False, "evidence")
    return marks


def excerpt(text: str, span: Any, context: int = 280) -> dict[str, Any]:
    """The claim's sentence with some text around it: ``before``, ``mark``, ``after``."""
    sp = _span(span)
    if not sp or not text:
        return {"before": "", "mark": "", "after": text[: context * 2], "cut_start": False,
                "cut_end": len(text) > context * 2, "found": False}
    s, e = max(0, min(sp[0], len(text))), max(0, min(sp[1], len(text)))
    a = max(0, s - context)
    if a > 0:
        space = text.find(" ", a, s)
        a = space + 1 if space != -1 else a
    b = min(len(text), e + context)
    if b < len(text):
        space = text.rfind(" ", e, b)
        b = space if space != -1 else b
    return {"before": text[a:s], "mark": text[s:e], "after": text[e:b], "cut_start": a > 0,
            "cut_end": b < len(text), "found": s < e}


# ---------------------------------------------------------------- map
def _best(ev: Mapping[str, Any]) -> int:
    fat = ev.get("fatalities")
    if isinstance(fat, dict):
        return int(fat.get("best") or 0)
    if isinstance(fat, int | float):
        return int(fat)
    return 0


def label(ev: Mapping[str, Any]) -> str:
    loc = ev.get("location") or {}
    return f"{ev.get('sub_event_type') or ev.get('event_type')} — {loc.get('name') or 'unknown place'}"


def radius(toll: int) -> float:
    """A point's radius in screen pixels for its toll (area grows with the toll)."""
    return round(4 + 2.2 * math.sqrt(max(0, toll)), 1)


def cluster_radius(n: int) -> float:
    """A cluster's radius in screen pixels for its number of events."""
    return round(min(36.0, 9 + 8 * math.log10(max(1, n))), 1)


def point(p: Mapping[str, Any]) -> dict[str, Any]:
    """Drawing data of one event point (from ``ledger.query.map_points``)."""
    x, y = project(float(p["lat"]), float(p["lon"]))
    etype = p.get("event_type") or ""
    return {"id": p["id"], "x": x, "y": y, "r": radius(int(p.get("toll") or 0)), "toll": int(p.get("toll") or 0),
            "type": etype, "cls": TYPE_CLASSES.get(etype, "tx"), "colour": TYPE_COLOURS.get(etype, OTHER_COLOUR),
            "contested": bool(p.get("contested")),
            "label": f"{p.get('sub_event_type') or etype} — {p.get('location') or 'unknown place'}",
            "place": p.get("location"), "date": p.get("date") or "undated",
            "actor1": p.get("actor1") or "unknown", "actor2": p.get("actor2") or "",
            "sources": p.get("sources") or 0, "docs": p.get("docs") or 0}


def cluster(c: Mapping[str, Any]) -> dict[str, Any]:
    """Drawing data of one grid cell's aggregate (from ``ledger.query.map_clusters``)."""
    x, y = project(float(c["lat"]), float(c["lon"]))
    w, s, e, n = c["bounds"]
    x0, y1 = project(s, w)
    x1, y0 = project(n, e)
    etype = c.get("type") or ""
    return {"x": x, "y": y, "r": cluster_radius(int(c["n"])), "n": int(c["n"]), "toll": int(c.get("toll") or 0),
            "contested": int(c.get("contested") or 0), "type": etype, "cls": TYPE_CLASSES.get(etype, "tx"),
            "colour": TYPE_COLOURS.get(etype, OTHER_COLOUR), "types": c.get("types") or {},
            "box": [x0, y0, round(x1 - x0, 2), round(y1 - y0, 2)],
            "label": f"{c['n']} events" + (f", {c['toll']} killed (best)" if c.get("toll") else "")}


def view_box(ext: tuple[float, float, float, float] | None) -> list[float]:
    """``[x, y, w, h]`` in map units around an extent (west, south, east, north), padded."""
    if ext is None:
        return [0, 0, WIDTH, HEIGHT]
    x0, y1 = project(ext[1], ext[0])
    x1, y0 = project(ext[3], ext[2])
    w, h = max(x1 - x0, 60.0), max(y1 - y0, 40.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * 1.3, h * 1.3
    return [round(cx - w / 2, 1), round(cy - h / 2, 1), round(w, 1), round(h, 1)]


def box_degrees(box: list[float]) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of a map-unit box, clipped to the world."""
    x, y, w, h = box
    west, east = max(-180.0, x / 10 - 180), min(180.0, (x + w) / 10 - 180)
    north, south = min(90.0, 90 - y / 10), max(-90.0, 90 - (y + h) / 10)
    return round(west, 5), round(south, 5), round(east, 5), round(north, 5)


def map_points(events: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[float]]:
    """Points of events in the export shape (largest first, so small ones stay clickable on
    top) and the bounding box ``[x, y, w, h]`` of the points, padded, in map units."""
    pts = []
    for ev in events:
        loc = ev.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        pts.append(point({"id": ev["id"], "lat": loc["lat"], "lon": loc["lon"], "event_type": ev.get("event_type"),
                          "sub_event_type": ev.get("sub_event_type"), "location": loc.get("name"),
                          "date": ev.get("date"), "actor1": (ev.get("actor1") or {}).get("name"),
                          "actor2": (ev.get("actor2") or {}).get("name"), "toll": _best(ev),
                          "contested": ev.get("contested"), "sources": ev.get("n_sources"),
                          "docs": len(ev.get("documents") or ())}))
    pts.sort(key=lambda p: (-p["r"], p["id"]))
    if not pts:
        return pts, [0, 0, WIDTH, HEIGHT]
    lats = [90 - p["y"] / 10 for p in pts]
    lons = [p["x"] / 10 - 180 for p in pts]
    return pts, view_box((min(lons), min(lats), max(lons), max(lats)))


# ---------------------------------------------------------------- timeline
def _bucket_start(d: date, unit: str) -> date:
    if unit == "day":
        return d
    if unit == "week":
        return d - timedelta(days=d.weekday())
    if unit == "month":
        return d.replace(day=1)
    return d.replace(month=1, day=1)


def _next(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "week":
        return d + timedelta(days=7)
    if unit == "month":
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return d.replace(year=d.year + 1)


def _bucket_label(d: date, unit: str) -> str:
    if unit == "month":
        return d.strftime("%Y-%m")
    if unit == "year":
        return str(d.year)
    return d.isoformat()


def timeline_counts(events: Iterable[Mapping[str, Any]], *, top: int = 6) -> dict[str, Any]:
    """The counts of ``ledger.query.timeline_counts`` computed from events in Python (for
    small lists and tests; the pages aggregate in SQL)."""
    from ..ledger.query import OTHER_SIDE, UNKNOWN_SIDE, bucket_unit

    dated = []
    undated = 0
    for ev in events:
        try:
            d = date.fromisoformat(ev["date"]) if ev.get("date") else None
        except ValueError:
            d = None
        if d is None:
            undated += 1
            continue
        dated.append((d, (ev.get("actor1") or {}).get("name") or UNKNOWN_SIDE, _best(ev)))
    if not dated:
        return {"first": None, "last": None, "unit": None, "undated": undated, "sides": [], "buckets": []}
    first, last = min(d for d, _, _ in dated), max(d for d, _, _ in dated)
    unit = bucket_unit(first, last)
    counts = Counter(side for _, side, _ in dated)
    named = [s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    order = named[:top] + ([OTHER_SIDE] if len(named) > top else [])
    agg: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for d, side, toll in dated:
        s = side if side in order else OTHER_SIDE
        agg[(_bucket_start(d, unit), s)][0] += 1
        agg[(_bucket_start(d, unit), s)][1] += toll
    buckets = [{"start": b.isoformat(), "side": s, "events": v[0], "fatalities": v[1]}
               for (b, s), v in sorted(agg.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])))]
    sides = [{"name": s, "events": sum(v[0] for (_, t), v in agg.items() if t == s),
              "fatalities": sum(v[1] for (_, t), v in agg.items() if t == s)} for s in order]
    return {"first": first.isoformat(), "last": last.isoformat(), "unit": unit, "undated": undated,
            "sides": sides, "buckets": buckets}


def timeline(events: Iterable[Mapping[str, Any]], *, top: int = 6, width: int = 960,
             height: int = 220) -> dict[str, Any]:
    """Events and tolls per period by side (actor1): stacked bars for two SVG charts."""
    return timeline_chart(timeline_counts(events, top=top), width=width, height=height)


def timeline_chart(counts: Mapping[str, Any], *, width: int = 960, height: int = 220) -> dict[str, Any]:
    """Stacked bars for two SVG charts (events, fatalities) from per-period counts by side
    (the shape of ``ledger.query.timeline_counts``)."""
    undated = int(counts.get("undated") or 0)
    if not counts.get("first"):
        return {"empty": True, "undated": undated, "sides": [], "charts": [], "unit": None, "rows": []}
    first, last = date.fromisoformat(counts["first"]), date.fromisoformat(counts["last"])
    unit = counts["unit"]
    buckets = []
    b = _bucket_start(first, unit)
    while b <= last:
        buckets.append(b)
        b = _next(b, unit)
    index = {bk: i for i, bk in enumerate(buckets)}
    sides = [s["name"] for s in counts["sides"]]
    colour = {s: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, s in enumerate(sides)}
    n_ev: dict[tuple[int, str], int] = defaultdict(int)
    n_dead: dict[tuple[int, str], int] = defaultdict(int)
    for row in counts["buckets"]:
        i = index.get(_bucket_start(date.fromisoformat(row["start"]), unit))
        if i is None or row["side"] not in colour:
            continue
        n_ev[(i, row["side"])] += int(row["events"])
        n_dead[(i, row["side"])] += int(row["fatalities"])
    left, bottom, top_pad = 48, 34, 12
    plot_w, plot_h = width - left - 12, height - bottom - top_pad
    slot = plot_w / len(buckets)
    bar_w = max(1.0, min(slot * 0.8, 40.0))
    label_every = max(1, math.ceil(len(buckets) / 12))
    charts = []
    for title, data in (("Events", n_ev), ("Fatalities (best estimate)", n_dead)):
        totals = [sum(data[(i, s)] for s in sides) for i in range(len(buckets))]
        peak = max(totals) or 1
        step = _nice_step(peak)
        ymax = step * math.ceil(peak / step)
        bars = []
        for i, bk in enumerate(buckets):
            y = top_pad + plot_h
            x = left + i * slot + (slot - bar_w) / 2
            for s in sides:
                v = data[(i, s)]
                if not v:
                    continue
                h = plot_h * v / ymax
                y -= h
                bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1),
                             "colour": colour[s], "title": f"{_bucket_label(bk, unit)} — {s}: {v}"})
        yticks = [{"y": round(top_pad + plot_h - plot_h * v / ymax, 1), "label": str(v)}
                  for v in range(0, ymax + 1, step)]
        xticks = [{"x": round(left + i * slot + slot / 2, 1), "label": _bucket_label(bk, unit)}
                  for i, bk in enumerate(buckets) if i % label_every == 0]
        charts.append({"title": title, "bars": bars, "yticks": yticks, "xticks": xticks,
                       "width": width, "height": height, "left": left, "base": top_pad + plot_h,
                       "right": width - 12, "total": sum(totals)})
    rows = [{"side": s, "colour": colour[s], "events": sum(n_ev[(i, s)] for i in range(len(buckets))),
             "fatalities": sum(n_dead[(i, s)] for i in range(len(buckets)))} for s in sides]
    return {"empty": False, "undated": undated, "unit": unit, "first": first.isoformat(),
            "last": last.isoformat(), "sides": [{"name": s, "colour": colour[s]} for s in sides],
            "charts": charts, "rows": rows, "n": sum(r["events"] for r in rows) + undated}


def _nice_step(peak: int) -> int:
    raw = max(1.0, peak / 4)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return int(m * mag)
    return int(10 * mag)
