"""The command line: thin. Each command parses its arguments, calls one library function
and maps errors to exit codes.

Exit status: 0 all went well; 1 some inputs failed (the others were processed);
2 the command could not run (bad arguments, unreadable config, a store that cannot open).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .config import Options
from .errors import ConfigError, ContestedError

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2


def _err(msg: str) -> None:
    print(f"contested: {msg}", file=sys.stderr)


def _options(args: argparse.Namespace) -> Options:
    opts = Options.from_file(args.config) if getattr(args, "config", None) else Options()
    extra = {}
    if getattr(args, "registry", None):
        extra["registry_files"] = [*map(str, opts.registry_files), *args.registry]
    if getattr(args, "places_file", None):
        extra["gazetteer_supplements"] = [*map(str, opts.gazetteer_supplements), *args.places_file]
    return opts.updated(extra, where="command line") if extra else opts


def _open_out(path: str | None) -> TextIO:
    if not path or path == "-":
        return sys.stdout
    return open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller


# why a file in an input folder is not read (the readers skip it without a word)
_SKIP_REASONS = {".pdf": "PDF is not read: extract its text to a .txt file first",
                 ".docx": "Word documents are not read: save it as .txt or .html",
                 ".doc": "Word documents are not read: save it as .txt or .html",
                 ".odt": "OpenDocument text is not read: save it as .txt or .html",
                 ".rtf": "RTF is not read: save it as .txt or .html"}


def _skipped_in_folders(inputs: Sequence[str]) -> list[str]:
    """'path: skipped (reason)' for each visible file of the input folders that reading skips."""
    from .readers import FOLDER_SUFFIXES

    out = []
    for inp in inputs:
        folder = Path(inp)
        if inp == "-" or not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.lower().endswith(FOLDER_SUFFIXES):
                    continue
                suffix = Path(name).suffix.lower()
                reason = _SKIP_REASONS.get(suffix) or \
                    f"only {', '.join(FOLDER_SUFFIXES)} files of a folder are read"
                out.append(f"{Path(dirpath) / name}: skipped ({reason})")
    return out


def _articles(args: argparse.Namespace, failures: list[str], options: Options):
    """The articles of the command's inputs, streamed; failures reported and collected; files of
    an input folder that reading skips are listed first."""
    from .readers import InputFailure, ReadWarning, parse_published, read_inputs

    for skipped in _skipped_in_folders(args.inputs):
        _err(f"warning: {skipped}")
    published = parse_published(args.published, "--published") if getattr(args, "published", None) else None
    for item in read_inputs(args.inputs, published=published, outlet=getattr(args, "outlet", None),
                            max_bytes=options.max_input_bytes):
        if isinstance(item, InputFailure):
            _err(str(item))
            failures.append(str(item))
        elif isinstance(item, ReadWarning):
            _err(f"warning: {item}")
        else:
            yield item


def _extracted(args: argparse.Namespace, failures: list[str], options: Options):
    """(article, extraction) for each article read; read and extraction failures are reported
    on stderr and collected, never raised (the batch goes on)."""
    from .api import extract_each

    for article, result in extract_each(_articles(args, failures, options), options):
        if isinstance(result, str):
            _err(result)
            failures.append(result)
            continue
        for warning in result.warnings:
            _err(f"warning: {warning}")
        yield article, result


def cmd_extract(args: argparse.Namespace) -> int:
    failures: list[str] = []
    opts = _options(args)
    out = _open_out(args.output)
    try:
        for _article, result in _extracted(args, failures, opts):
            out.write(json.dumps(result.to_dict(with_dropped=args.explain), ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_PARTIAL if failures else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, load_gold, load_predictions, main_scores

    gold = load_gold(args.gold)
    if args.pred:
        preds = load_predictions(args.pred)
    else:
        from .api import extract_many
        from .readers import record_article

        articles = [record_article(g, f"{args.gold}:{i + 1}") for i, g in enumerate(gold)]
        preds = [r.to_dict() for r in extract_many(articles, _options(args))]
    report = evaluate(gold, preds)
    if args.per_doc:
        print(report.format_per_doc(only_errors=True))
    if args.json:
        print(json.dumps(main_scores(report)))
    else:
        print(report.format_text())
    return EXIT_OK


def cmd_places(args: argparse.Namespace) -> int:
    from .gazetteer import Gazetteer, explain, explain_in_context, format_candidates, format_explanation

    if args.context is not None:
        text = sys.stdin.read() if args.context == "-" else args.context
        gaz = Gazetteer.load(_options(args))
        x = explain_in_context(args.name, text, gaz, focus=[args.country] if args.country else ())
        print(format_explanation(x, args.limit))
        return EXIT_OK if x.place is not None else EXIT_PARTIAL

    near = None
    if args.near:
        try:
            lat, lon = (float(x) for x in args.near.split(","))
        except ValueError:
            _err(f"--near {args.near!r}: expected LAT,LON such as 40.37,47.13")
            return EXIT_FATAL
        near = (lat, lon)
    gaz = Gazetteer.load(_options(args))
    cands = explain(args.name, gaz, country=args.country, near=near)
    if not cands:
        print(f"no gazetteer entry for {args.name!r}")
        return EXIT_PARTIAL
    print(format_candidates(cands[: args.limit]))
    if all(c.rejected for c in cands):
        print(f"no candidate: {args.name!r} is only a spelling variant of places outside {args.country}")
        return EXIT_PARTIAL
    return EXIT_OK


class _Progress:
    """A progress line on stderr for big files: rewritten in place on a terminal, otherwise
    a line at each tenth of the file."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.shown: dict[str, int] = {}

    def __call__(self, name: str, fraction: float, rows: int) -> None:
        tenth = int(fraction * 10)
        if self.tty:
            end = "\n" if fraction >= 1.0 else ""
            self.stream.write(f"\r{name}: {fraction:4.0%}  {rows:,} rows{end}")
        elif tenth > self.shown.get(name, -1):
            self.shown[name] = tenth
            self.stream.write(f"{name}: {fraction:4.0%}  {rows:,} rows\n")
        self.stream.flush()


def cmd_gazetteer_import(args: argparse.Namespace) -> int:
    from .gazetteer.build import build_index
    from .gazetteer.geonames import import_dumps

    opts = _options(args)
    reports = import_dumps([Path(f) for f in args.files], opts,
                           progress=None if args.no_progress else _Progress(sys.stderr))
    for rep in reports:
        print(rep.summary())
    if any(r.changed for r in reports) and not args.no_build:
        print(f"gazetteer index rebuilt: {build_index(opts)}")
    return EXIT_OK


def cmd_gazetteer_info(args: argparse.Namespace) -> int:
    from .gazetteer.info import format_sources, index_sources

    print(format_sources(*index_sources(_options(args))))
    return EXIT_OK


def cmd_actors(args: argparse.Namespace) -> int:
    from .registry import Registry, explain, format_explanation

    reg = Registry.load(tuple(_options(args).registry_files))
    found = explain(args.name, reg)
    if not found:
        print(f"{args.name!r} does not resolve to any registry entry")
        return EXIT_PARTIAL
    print(format_explanation(args.name, found, reg))
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    if getattr(args, "workers", None) or getattr(args, "scheduler", None):
        from .scale.cli import run_ingest

        return run_ingest(args, _options(args))
    from .ledger import Ledger

    failures: list[str] = []
    opts = _options(args)
    read = 0

    def counted():
        nonlocal read
        for item in _extracted(args, failures, opts):
            read += 1
            yield item

    with Ledger(args.db, opts) as ledger:  # one transaction; articles stream through it
        report = ledger.ingest(counted())
    print(report.summary() if hasattr(report, "summary") else report)
    if getattr(args, "summary_json", None):
        _write_json(args.summary_json, {"articles_read": read, "failures": failures,
                                        "ledger": report.to_dict()})
    return EXIT_PARTIAL if failures else EXIT_OK


def _write_json(path: str, data: dict) -> None:
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the summary ({exc.strerror or exc})") from exc


def cmd_export(args: argparse.Namespace) -> int:
    from .ledger import Ledger

    with Ledger(args.db, _options(args), read_only=True) as ledger:
        if args.output and args.output != "-":
            ledger.export(args.format, Path(args.output))
        else:
            ledger.export(args.format, sys.stdout.buffer if args.format == "parquet" else sys.stdout)
    return EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    from .ledger import Ledger, format_table

    near = None
    if args.near:
        try:
            lat, lon, km = (float(x) for x in args.near.split(","))
        except ValueError:
            _err(f"--near {args.near!r}: expected LAT,LON,KM such as 40.37,47.13,25")
            return EXIT_FATAL
        near = (lat, lon, km)
    from .ledger.export import country_code, type_name
    from .readers import parse_published

    country = country_code(args.country) if args.country else None
    etype = type_name(args.type) if args.type else None
    with Ledger(args.db, _options(args), read_only=True) as ledger:
        events = ledger.events(country=country, since=parse_published(args.since) if args.since else None,
                               until=parse_published(args.until) if args.until else None, type=etype,
                               contested=True if args.contested else None, near=near, limit=args.limit)
        if args.format == "json":
            for e in events:
                print(json.dumps(e, ensure_ascii=False, default=str))
        else:
            print(format_table(events))
    return EXIT_OK


def _require_store(url: str) -> None:
    """A StoreError unless ``url`` holds a ledger store (opened read-only, then closed)."""
    from .ledger import Ledger

    Ledger(url, read_only=True).close()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="contested", description="Conflict news in, a source-attributed event "
                                "ledger out.")
    p.add_argument("--version", action="version", version=f"contested {__version__}")
    p.add_argument("--config", help="a TOML options file (see contested/config.py)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--registry", action="append", metavar="FILE", help="extra actor registry YAML")
        sp.add_argument("--places", dest="places_file", action="append", metavar="FILE",
                        help="extra gazetteer supplement TSV")

    e = sub.add_parser("extract", help="extract events from articles as JSON Lines")
    e.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt, folder, .html, .jsonl, or - for stdin")
    e.add_argument("-o", "--output", help="write JSON Lines here (default: stdout)")
    e.add_argument("--published", help="publication date for plain text (ISO)")
    e.add_argument("--outlet", help="outlet name for plain text")
    e.add_argument("--explain", action="store_true", help="also list what was dropped and why")
    common(e)
    e.set_defaults(func=cmd_extract)

    v = sub.add_parser("evaluate", help="score extraction against a gold file")
    v.add_argument("gold", metavar="GOLD.jsonl")
    v.add_argument("--pred", metavar="PRED.jsonl", help="score these predictions instead of extracting")
    v.add_argument("--json", action="store_true", help="print the main scores as one JSON line")
    v.add_argument("--per-doc", action="store_true", help="show what each article missed or invented")
    common(v)
    v.set_defaults(func=cmd_evaluate)

    pl = sub.add_parser("places", help="list gazetteer candidates for a name, with scores")
    pl.add_argument("name")
    pl.add_argument("--country", help="ISO2 country to prefer")
    pl.add_argument("--near", help="LAT,LON to prefer")
    pl.add_argument("--context", metavar="TEXT", help="resolve NAME as it reads in TEXT (- for stdin): the "
                                                       "text's countries, divisions and other places, and why "
                                                       "the winner won")
    pl.add_argument("--limit", type=int, default=10)
    common(pl)
    pl.set_defaults(func=cmd_places)

    gz = sub.add_parser("gazetteer", help="import GeoNames dumps into the gazetteer; list its sources")
    gzsub = gz.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    gi = gzsub.add_parser("import", help="add the villages and camps of GeoNames dumps (XX.zip, XX.txt, "
                                         "allCountries.zip, cities500.zip) to the local index")
    gi.add_argument("files", nargs="+", metavar="FILE", help="GeoNames export: .zip, .txt or .txt.gz")
    gi.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")
    gi.add_argument("--no-build", action="store_true", help="do not rebuild the index now (it is rebuilt on "
                                                            "its next use)")
    common(gi)
    gi.set_defaults(func=cmd_gazetteer_import)
    gf = gzsub.add_parser("info", help="list the index's sources with their entries and dates")
    common(gf)
    gf.set_defaults(func=cmd_gazetteer_info)

    ac = sub.add_parser("actors", help="show how a mention resolves in the actor registry")
    ac.add_argument("name")
    common(ac)
    ac.set_defaults(func=cmd_actors)

    db_help = "ledger database URL (default sqlite:///contested.db; postgresql+psycopg://... too)"
    ig = sub.add_parser("ingest", help="extract articles and merge them into the ledger")
    ig.add_argument("inputs", nargs="+", metavar="INPUT")
    ig.add_argument("--db", default="sqlite:///contested.db", help=db_help)
    ig.add_argument("--published")
    ig.add_argument("--outlet")
    common(ig)
    from .scale.cli import add_ingest_options

    add_ingest_options(ig)  # --workers N | --scheduler URL, --batch-size, --no-progress, --summary-json
    ig.set_defaults(func=cmd_ingest)

    ex = sub.add_parser("export", help="export the ledger")
    ex.add_argument("--db", default="sqlite:///contested.db", help=db_help)
    ex.add_argument("--format", choices=["jsonl", "acled-csv", "geojson", "parquet"], default="jsonl")
    ex.add_argument("-o", "--output")
    ex.set_defaults(func=cmd_export)

    ev = sub.add_parser("events", help="query ledger events")
    ev.add_argument("--db", default="sqlite:///contested.db", help=db_help)
    ev.add_argument("--country", help="ISO2 code or country name (UA, Ukraine; any case)")
    ev.add_argument("--since")
    ev.add_argument("--until")
    ev.add_argument("--type", help="ACLED event type or sub-event type, any case (battles, \"air/drone strike\")")
    ev.add_argument("--contested", action="store_true", help="only events some source denies")
    ev.add_argument("--near", help="LAT,LON,KM")
    ev.add_argument("--limit", type=int)
    ev.add_argument("--format", choices=["table", "json"], default="table")
    ev.set_defaults(func=cmd_events)

    from .web.cli import add_serve_parser

    add_serve_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "serve" and not getattr(args, "allow_ingest", False):
            _require_store(args.db)  # reading only: a mistyped --db must not create a store
        return int(args.func(args))
    except ContestedError as exc:
        _err(str(exc))
        return EXIT_FATAL
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
