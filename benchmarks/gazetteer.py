"""Gazetteer benchmark: index build time, load time and peak RSS in a fresh process,
toponym recognition speed (words/s) and resolutions per second.

    python benchmarks/gazetteer.py [--dev /work/shared/gold/dev.jsonl]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from contested.config import Options
from contested.gazetteer import Gazetteer, find_toponyms, resolve_toponyms
from contested.gazetteer.build import build_index

LOAD_PROBE = """
import sys, time
from pathlib import Path
from contested.config import Options
t = time.perf_counter()
from contested.gazetteer import Gazetteer
g = Gazetteer.load(Options(cache_dir=Path(sys.argv[1])))
g.lookup("Kyiv")
elapsed = time.perf_counter() - t
# VmHWM (peak RSS of this process image); ru_maxrss would include the parent's peak
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(elapsed, hwm / 1024)
"""

SAMPLE = ("Russian forces shelled Kharkiv and the village of Chaplyne in Dnipropetrovsk region overnight, "
          "officials said. In Azerbaijan, Barda and Tartar were hit, while Stepanakert reported strikes. "
          "Families fled Zamzam camp near El Fasher in North Darfur as fighting spread to Nyala. ")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dev", default="/work/shared/gold/dev.jsonl")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        opts = Options(cache_dir=Path(tmp))
        t = time.perf_counter()
        path = build_index(opts, force=True)
        print(f"index build: {time.perf_counter() - t:.1f} s  ({path.stat().st_size / 1e6:.1f} MB on disk)")
        out = subprocess.run([sys.executable, "-c", LOAD_PROBE, tmp], capture_output=True, text=True, check=True)
        load_s, rss_mb = map(float, out.stdout.split())
        print(f"load (fresh process, incl. imports): {load_s:.2f} s, peak RSS {rss_mb:.0f} MB")
        gaz = Gazetteer.load(opts)
        texts = [SAMPLE * 20]
        dev = Path(args.dev)
        if dev.exists():
            texts = [json.loads(line)["text"] for line in dev.open(encoding="utf-8")]
        words = sum(len(t.split()) for t in texts)
        t = time.perf_counter()
        reps = 0
        while time.perf_counter() - t < 2.0:
            for text in texts:
                find_toponyms(text, gaz)
            reps += 1
        el = time.perf_counter() - t
        print(f"recognition: {words * reps / el:,.0f} words/s ({len(texts)} texts x {reps})")
        tps = [find_toponyms(text, gaz) for text in texts]
        n = sum(len(x) for x in tps)
        t = time.perf_counter()
        reps = 0
        while time.perf_counter() - t < 2.0:
            for x in tps:
                resolve_toponyms(x, gaz)
            reps += 1
        el = time.perf_counter() - t
        print(f"resolution: {n * reps / el:,.0f} toponyms resolved/s ({n} toponyms x {reps})")
        names = ["Kyiv", "Tripoli", "San Jose", "Martuni", "Donetsk region", "Al-Fashir", "Springfield"]
        t = time.perf_counter()
        k = 0
        while time.perf_counter() - t < 1.0:
            for nm in names:
                gaz.lookup(nm)
            k += len(names)
        print(f"lookup: {k / (time.perf_counter() - t):,.0f} names/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
