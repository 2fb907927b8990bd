"""Place-resolution accuracy against UCDP GED Ukraine and the dev gold.

1. UCDP GED (``conflict_data_ukr.csv``; row 2 is an HXL row and is skipped): each
   ``where_coordinates`` ("Avdiivka town", "Donetsk oblast", "Donetsk International
   airport") is resolved with focus UA; reported: share within 25 km of the row's
   latitude/longitude, and share whose admin1 matches ``adm_1`` (rows with one).
2. Dev gold: for each event whose location name occurs in the article text,
   find_toponyms + resolve_toponyms run on the text; reported: share of those events with a
   resolved mention of that name within 25 km of the gold point.

    python benchmarks/ucdp_places.py [--ucdp PATH] [--dev PATH] [--misses N]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

from contested.config import Options
from contested.gazetteer import Gazetteer, Toponym, find_toponyms, resolve_toponyms
from contested.gazetteer.normalize import norm, skeleton
from contested.gazetteer.resolve import haversine_km

TYPE_WORDS = ("village", "town", "city", "oblast", "raion", "area", "hill", "monument", "settlement",
              "urban-type settlement", "district", "region", "station", "mine", "checkpoint", "bridge", "airport")


def split_place(raw: str) -> tuple[str, str | None]:
    """("Avdiivka town") -> ("Avdiivka", "town"); parenthesised parts dropped."""
    s = re.sub(r"\s*\([^)]*\)", "", raw).strip()
    low = s.lower()
    for w in sorted(TYPE_WORDS, key=len, reverse=True):
        if low.endswith(" " + w):
            return s[: -len(w) - 1].strip(), w
    return s, None


def resolve_name(raw: str, gaz: Gazetteer, focus: list[str], admin: str | None = None):
    cands = gaz.lookup(raw, fuzzy=False)
    surface, cue = raw, None
    if not cands or cands[0].source == "geonames" and cands[0].country not in focus:
        name, cue = split_place(raw)
        c2 = gaz.lookup(name)
        if c2:
            cands, surface = c2, name
    if not cands:
        return None
    top = Toponym((0, len(surface)), surface, tuple(cands), cue, admin or None)
    return resolve_toponyms([top], gaz, focus=focus)[0]


def admin_ok(place_admin: str | None, adm_1: str) -> bool:
    if not place_admin:
        return False
    a = norm(adm_1).split()[0]
    b = norm(place_admin).split()[0]
    return a == b or skeleton(a) == skeleton(b)


def ucdp(path: Path, gaz: Gazetteer, misses: int) -> None:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[1:]  # skip the HXL row
    within = adm_hit = adm_n = unresolved = ctx_within = 0
    ctx_cache: dict[tuple[str, str], object] = {}
    uniq: dict[str, bool] = {}
    missed: Counter[str] = Counter()
    cache: dict[str, object] = {}
    for r in rows:
        raw = r["where_coordinates"].strip()
        if raw not in cache:
            cache[raw] = resolve_name(raw, gaz, ["UA"])
        p = cache[raw]
        if p is None:
            unresolved += 1
            missed[raw + " (unknown)"] += 1
            uniq[raw] = False
            continue
        ck = (raw, r["adm_1"])
        if ck not in ctx_cache:
            ctx_cache[ck] = resolve_name(raw, gaz, ["UA"], r["adm_1"].split(" oblast")[0] or None)
        pc = ctx_cache[ck]
        ctx_within += pc is not None and haversine_km(pc.lat, pc.lon, float(r["latitude"]),
                                                      float(r["longitude"])) <= 25
        d = haversine_km(p.lat, p.lon, float(r["latitude"]), float(r["longitude"]))
        ok = d <= 25
        within += ok
        uniq[raw] = ok
        if not ok:
            missed[f"{raw} -> {p.name} {p.country} ({d:.0f} km)"] += 1
        if r["adm_1"]:
            adm_n += 1
            adm_hit += admin_ok(p.admin1, r["adm_1"])
    n = len(rows)
    print(f"UCDP GED Ukraine: {n} events, {len(uniq)} distinct place strings")
    print(f"  within 25 km: {within / n:.1%} of events; {sum(uniq.values()) / len(uniq):.1%} of distinct names")
    print(f"  within 25 km with adm_1 given as admin context ('X, Donetsk oblast'): {ctx_within / n:.1%}")
    print(f"  unresolved: {unresolved / n:.1%} of events")
    print(f"  adm_1 match: {adm_hit / adm_n:.1%} of {adm_n} events with adm_1")
    if misses:
        print("  most frequent misses:")
        for k, v in missed.most_common(misses):
            print(f"    {v:4d}  {k}")


def dev(path: Path, gaz: Gazetteer, verbose: bool) -> None:
    total = hit = 0
    for line in path.open(encoding="utf-8"):
        art = json.loads(line)
        text = art["text"]
        places = resolve_toponyms(find_toponyms(text, gaz), gaz)
        for ev in art["events"]:
            loc = ev.get("location")
            if not loc or loc["name"] not in text:
                continue
            total += 1
            key = norm(loc["name"])
            mine = [p for p in places if norm(p.mention) == key or key in norm(p.mention)
                    or norm(p.mention) in key]
            ok = any(p.lat is not None and haversine_km(p.lat, p.lon, loc["lat"], loc["lon"]) <= 25 for p in mine)
            hit += ok
            if verbose and not ok:
                got = [(p.mention, p.name, p.country) for p in mine] or "not recognised"
                print(f"    miss {art['id']} {loc['name']} {loc['country']}: {got}")
    print(f"dev gold: {hit}/{total} = {hit / max(total, 1):.1%} of events whose location name occurs in the text "
          "resolved within 25 km")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ucdp", default="/work/shared/data/ucdp_ukraine/conflict_data_ukr.csv")
    ap.add_argument("--dev", default="/work/shared/gold/dev.jsonl")
    ap.add_argument("--misses", type=int, default=15)
    args = ap.parse_args()
    gaz = Gazetteer.load(Options())
    if Path(args.ucdp).exists():
        ucdp(Path(args.ucdp), gaz, args.misses)
    else:
        print(f"skipped UCDP: {args.ucdp} not found")
    if Path(args.dev).exists():
        dev(Path(args.dev), gaz, args.misses > 0)
    else:
        print(f"skipped dev gold: {args.dev} not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
