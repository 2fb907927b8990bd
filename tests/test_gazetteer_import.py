"""GeoNames dumps in the gazetteer: ``contested gazetteer import``/``info``, bad input, and the
shipped extract of villages and camps (``data/geonames_extra.tsv.gz``).

The GeoNames rows are written here: invented villages (geonameids from 99,000,001, names no
real place has) in the 19-column format of GeoNames' own exports. Every import goes into a
temporary cache directory. Tests that read the real country dumps in ``../shared`` skip
without them; the shipped extract is part of the package and always present.
"""

from __future__ import annotations

import gzip
import random
import re
import zipfile
from pathlib import Path

import pytest

from contested.cli import main
from contested.config import Options
from contested.errors import ConfigError, DataFileError
from contested.gazetteer import Gazetteer, find_toponyms, resolve_toponyms
from contested.gazetteer import geonames as gn
from contested.gazetteer.build import sources_digest
from contested.gazetteer.info import format_sources, index_sources


def geo(gid: int, name: str, lat: float, lon: float, *, fclass: str = "P", fcode: str = "PPL", cc: str = "UA",
        admin1: str = "05", pop: int = 0, mod: str = "2024-05-01", alts: str = "", ascii_name: str | None = None,
        cells: int = 19) -> str:
    """One row of a GeoNames ``geoname`` table (19 tab-separated columns)."""
    row = [str(gid), name, ascii_name or name, alts, f"{lat}", f"{lon}", fclass, fcode, cc, "", admin1, "", "", "",
           str(pop), "", "150", "Europe/Kyiv", mod]
    return "\t".join(row[:cells] + [""] * (cells - len(row)))


# kept: three villages and a camp; skipped: each for its reason
ROWS = [
    geo(99000001, "Zavitnopillia", 48.11, 37.81, alts="Zavitnopolye,Завітнопілля,Bank", mod="2024-09-14"),
    geo(99000002, "Krutoiarivka Druha", 47.92, 37.42, pop=212),
    geo(99000003, "Sosnohirske", 48.30, 38.05, fcode="PPLX", mod="2023-02-01"),
    geo(99000004, "Nyalowa Camp", 3.70, 34.90, fclass="S", fcode="CMPRF", cc="KE", admin1="51"),
    geo(99000005, "Bank", 48.20, 37.50),  # an English word
    geo(99000006, "Oy", 48.21, 37.51),  # shorter than 4 letters
    geo(99000007, "Staryi Zamkovets", 48.22, 37.52, fcode="PPLH"),  # historical
    geo(99000008, "Donetska Oblast", 48.0, 37.8, fclass="A", fcode="ADM1"),  # not a place
    geo(703448, "Kyiv", 50.45, 30.52, fcode="PPLC", pop=2797553, admin1="12"),  # already in cities500
    geo(99000009, "Markove 2", 48.23, 37.53),  # not a plain name
]
NEWEST = "2024-09-14"


def write_txt(path: Path, rows: list[str] = ROWS) -> Path:
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def write_gz(path: Path, rows: list[str] = ROWS) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(r + "\n" for r in rows)
    return path


def write_zip(path: Path, rows: list[str] = ROWS) -> Path:
    member = path.name.split(".")[0] + ".txt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, "".join(r + "\n" for r in rows))
        zf.writestr("readme.txt", "GeoNames country dump\n")
    return path


def many_rows(n: int = 4000) -> list[str]:
    """Enough varied rows that a truncated archive breaks off inside the data."""
    rnd = random.Random(7)
    letters = "abcdefghiklmnoprstuvyz"
    return [geo(99100000 + i, "".join(rnd.choice(letters) for _ in range(9)).title(), round(rnd.uniform(45, 52), 5),
                round(rnd.uniform(23, 40), 5)) for i in range(n)]


@pytest.fixture
def opts(tmp_path: Path) -> Options:
    return Options(cache_dir=tmp_path / "cache")


def store_files(options: Options) -> dict[str, bytes]:
    d = gn.import_dir(options)
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())} if d.is_dir() else {}


# -- import -------------------------------------------------------------------------------

@pytest.mark.parametrize("writer,name", [(write_txt, "XX.txt"), (write_gz, "XX.txt.gz"), (write_zip, "XX.zip")])
def test_import_keeps_villages_and_camps_cities500_lacks(tmp_path, opts, writer, name):
    (rep,) = gn.import_dumps([writer(tmp_path / name)], opts)
    assert rep.name == "XX" and rep.rows == len(ROWS)
    assert rep.places == 8 and rep.camps == 1
    assert rep.kept == rep.added == 4 and rep.updated == rep.unchanged == 0
    assert rep.skipped == {gn.R_ENGLISH: 1, gn.R_SHORT: 1, gn.R_HISTORICAL: 1, gn.R_FEATURE: 1,
                           gn.R_CITIES500: 1, gn.R_SCRIPT: 1}
    assert rep.newest == NEWEST and rep.changed
    assert rep.store == gn.import_dir(opts) / "XX.tsv.gz"
    extract, rows = gn.read_extract(rep.store, "XX")
    by_name = {r[1]: r for r in rows}
    assert set(by_name) == {"Zavitnopillia", "Krutoiarivka Druha", "Sosnohirske", "Nyalowa Camp"}
    # Latin-script alternate names only, and never an English word
    assert by_name["Zavitnopillia"][2] == "Zavitnopolye"
    assert by_name["Nyalowa Camp"][7] == "S.CMPRF" and by_name["Nyalowa Camp"][3] == "KE"
    assert extract.newest == NEWEST and extract.rows == 4
    summary = rep.summary()
    for text in ("10 rows read", "added 4 new places", "skipped 1: name is an English word or name",
                 "skipped 1: already in cities500", "newest modification 2024-09-14"):
        assert text in summary


def test_reimport_adds_nothing_and_keeps_the_index(tmp_path, opts):
    path = write_zip(tmp_path / "XX.zip")
    gn.import_dumps([path], opts)
    before, digest = store_files(opts), sources_digest(opts)
    mtime = (gn.import_dir(opts) / "XX.tsv.gz").stat().st_mtime_ns
    (again,) = gn.import_dumps([path], opts)
    assert again.added == again.updated == 0 and again.unchanged == 4 and not again.changed
    assert "nothing changed" in again.summary()
    assert store_files(opts) == before and sources_digest(opts) == digest
    assert (gn.import_dir(opts) / "XX.tsv.gz").stat().st_mtime_ns == mtime
    # the same table as .txt: the same label, nothing new (its extract names the other file)
    (txt,) = gn.import_dumps([write_txt(tmp_path / "XX.txt")], opts)
    assert txt.added == 0 and txt.unchanged == 4
    assert list(store_files(opts)) == ["XX.tsv.gz"]


def test_import_changes_the_index_digest(tmp_path, opts):
    digest = sources_digest(opts)
    gn.import_dumps([write_txt(tmp_path / "XX.txt")], opts)
    changed = sources_digest(opts)
    assert changed != digest
    # a newer export of the same villages: updated, not added, and a new digest again
    newer = [r.replace("2024-05-01", "2025-01-01") for r in ROWS]
    (rep,) = gn.import_dumps([write_txt(tmp_path / "XX.txt", newer)], opts)
    assert rep.added == 0 and rep.updated == 2 and rep.unchanged == 2
    assert sources_digest(opts) not in (digest, changed)


def test_progress_is_reported(tmp_path, opts):
    calls = []
    gn.import_dumps([write_gz(tmp_path / "XX.txt.gz", many_rows(9000))], opts,
                    progress=lambda name, frac, rows: calls.append((name, frac, rows)))
    assert calls and calls[-1][1:] == (1.0, 9000)
    assert all(0 <= f <= 1 for _, f, _ in calls) and "XX.txt.gz" in calls[0][0]


# -- bad input ----------------------------------------------------------------------------

def _truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt_gz(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    for k in range(len(data) // 2, len(data) // 2 + 64):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _bad_columns(tmp: Path) -> Path:
    return write_txt(tmp / "BAD.txt", [ROWS[0], ROWS[1], geo(99000010, "Vyshneve", 48.0, 37.0, cells=18), ROWS[2]])


def _latin1(tmp: Path) -> Path:
    path = tmp / "BAD.txt"
    path.write_bytes((ROWS[0] + "\n").encode() + (geo(99000011, "Hérésie", 48.0, 37.0) + "\n").encode("latin-1"))
    return path


def _unknown_country(tmp: Path) -> Path:
    return write_txt(tmp / "BAD.txt", [ROWS[0], geo(99000012, "Vyshnevo", 48.0, 37.0, cc="ZZ")])


def _bad_country_code(tmp: Path) -> Path:
    return write_txt(tmp / "BAD.txt", [ROWS[0], ROWS[1], ROWS[2], geo(99000013, "Pervomaiske", 48.0, 37.0, cc="ua")])


def _not_a_zip(tmp: Path) -> Path:
    path = tmp / "BAD.zip"
    path.write_bytes(b"<html>404 Not Found</html>\n" * 10)
    return path


BAD_INPUTS = {
    "truncated zip": (lambda tmp: _truncated(write_zip(tmp / "BAD.zip", many_rows())), r"BAD\.zip:\d+$",
                      "truncated or corrupt zip"),
    "not a zip": (_not_a_zip, r"BAD\.zip$", "not a zip archive"),
    "truncated gzip": (lambda tmp: _truncated(write_gz(tmp / "BAD.txt.gz", many_rows())), r"BAD\.txt\.gz:\d+$",
                       "truncated or corrupt gzip"),
    "corrupt gzip": (lambda tmp: _corrupt_gz(write_gz(tmp / "BAD.txt.gz", many_rows())), r"BAD\.txt\.gz:\d+$",
                     "corrupt"),
    "wrong column count": (_bad_columns, r"BAD\.txt:3$", "found 18"),
    "not UTF-8": (_latin1, r"BAD\.txt:2$", "not UTF-8"),
    "unknown country": (_unknown_country, r"BAD\.txt:2$", "unknown country code 'ZZ'"),
    "malformed country": (_bad_country_code, r"BAD\.txt:4$", "not an ISO 3166-1 alpha-2 code"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_names_file_and_line_and_leaves_imports_intact(tmp_path, opts, case):
    make, where, reason = BAD_INPUTS[case]
    gn.import_dumps([write_txt(tmp_path / "XX.txt")], opts)
    before, digest = store_files(opts), sources_digest(opts)
    bad = make(tmp_path)
    with pytest.raises(DataFileError) as info:
        # a good file first: nothing of a command with a bad file is stored
        gn.import_dumps([write_txt(tmp_path / "YY.txt"), bad], opts)
    assert re.search(where, info.value.where), info.value.where
    assert str(bad) in str(info.value) and reason in info.value.reason
    assert store_files(opts) == before and sources_digest(opts) == digest  # no YY, no temporary files


def test_alternate_names_table_is_refused_clearly(tmp_path, opts):
    path = tmp_path / "alternateNamesV2.zip"
    with pytest.raises(DataFileError, match="alternate-name tables are not supported"):
        gn.import_dumps([path], opts)


def test_a_damaged_extract_in_the_cache_is_a_clear_error(tmp_path, opts):
    gn.import_dumps([write_txt(tmp_path / "XX.txt")], opts)
    store = gn.import_dir(opts) / "XX.tsv.gz"
    store.write_bytes(store.read_bytes()[:40])
    with pytest.raises(DataFileError, match="import again"):
        gn.read_extract(store, "XX")


# -- the index: imported villages, info ---------------------------------------------------

@pytest.fixture(scope="session")
def imported(tmp_path_factory) -> tuple[Options, Gazetteer]:
    base = tmp_path_factory.mktemp("geonames-import")
    options = Options(cache_dir=base / "cache")
    gn.import_dumps([write_zip(base / "XX.zip")], options)
    return options, Gazetteer.load(options)


def test_imported_village_is_a_low_prior_entry(imported):
    _, gaz = imported
    (e,) = gaz.lookup("Zavitnopillia")
    assert (e.country, e.admin1, e.dump, e.source) == ("UA", "Donetsk Oblast", "XX", "geonames")
    assert e.feature == "place" and e.feature_code == "PPL" and (e.lat, e.lon) == (48.11, 37.81)
    assert [x.name for x in gaz.lookup("Zavitnopolye")] == ["Zavitnopillia"]  # its alternate name
    assert gaz.lookup("Nyalowa Camp")[0].feature_code == "CMPRF"
    assert not any(x.dump for x in gaz.lookup("Bank"))  # an English word is no village name


def test_imported_village_resolves_with_a_cue(imported):
    _, gaz = imported
    text = "Russian shelling hit the village of Zavitnopillia on Tuesday, officials in Kramatorsk said."
    places = resolve_toponyms(find_toponyms(text, gaz), gaz)
    z = next(p for p in places if p.mention == "Zavitnopillia")
    assert (z.name, z.country, z.admin1, z.lat, z.lon) == ("Zavitnopillia", "UA", "Donetsk Oblast", 48.11, 37.81)


def test_info_lists_sources_with_counts_and_dates(imported):
    options, _ = imported
    gaz, sources = index_sources(options)
    by_name = {s.name: s for s in sources}
    xx = by_name["import XX"]
    assert (xx.entries, xx.file_rows, xx.newest) == (4, 4, NEWEST) and "XX.zip" in xx.detail
    shipped = next(s for s in sources if s.name.startswith("geonames_extra"))
    assert shipped.entries > 80_000 and "UA 2026-07-28" in shipped.detail
    assert next(s for s in sources if s.name.startswith("cities500")).entries > 200_000
    assert sum(s.entries for s in sources) == len(gaz)
    table = format_sources(gaz, sources)
    assert "import XX" in table and NEWEST in table and str(gaz.path) in table


# -- the command line ---------------------------------------------------------------------

def test_cli_import_then_reimport(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONTESTED_CACHE", str(tmp_path / "cache"))
    path = write_gz(tmp_path / "XX.txt.gz", many_rows(5000) + ROWS)
    assert main(["gazetteer", "import", str(path), "--no-build"]) == 0
    out, err = capsys.readouterr()
    assert "5,010 rows read" in out and "stored in" in out
    assert "XX.txt.gz: 100%" in err  # progress on stderr
    assert main(["gazetteer", "import", str(path), "--no-build", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert "added 0 new places" in out and "nothing changed" in out and not err


def test_cli_bad_input_exits_2_naming_file_and_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONTESTED_CACHE", str(tmp_path / "cache"))
    bad = _bad_columns(tmp_path)
    assert main(["gazetteer", "import", str(bad), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:" in err and "found 18" in err
    assert not (tmp_path / "cache" / "geonames").exists() or not any((tmp_path / "cache" / "geonames").iterdir())


def test_cli_info(imported, monkeypatch, capsys):
    options, _ = imported
    monkeypatch.setenv("CONTESTED_CACHE", str(options.cache_dir))
    assert main(["gazetteer", "info"]) == 0
    out = capsys.readouterr().out
    assert "import XX" in out and "geonames_extra" in out and "cities500" in out


# -- the shipped extract ------------------------------------------------------------------

def test_shipped_extract_is_in_the_package_small_and_attributed():
    path = gn.SHIPPED_EXTRACT
    assert path.exists() and path.stat().st_size < 4_000_000
    head = gn.read_extract_header(path, gn.SHIPPED_LABEL)
    assert [s.name for s in head.sources] == ["UA.txt.gz", "KE.txt.gz", "CM.txt.gz", "ML.txt.gz", "NE.txt.gz",
                                              "BF.txt.gz"]
    assert 80_000 < head.rows < 90_000
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    assert "geonames_extra.tsv.gz" in readme and "CC BY 4.0" in readme and "2026-07-28" in readme


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(Options())  # the default index, with the shipped extract


def places(text: str, gaz: Gazetteer):
    return resolve_toponyms(find_toponyms(text, gaz), gaz)


@pytest.mark.parametrize("text,mention,cc,lat,lon", [
    ("Shelling hit Robotyne on Tuesday.", "Robotyne", "UA", 47.44, 35.84),  # curated, in the extract too
    ("Shelling hit the village of Chervonosilske on Tuesday.", "Chervonosilske", "UA", 47.83, 38.24),
    ("Fighting was reported in Tsvitni Pisky, Luhansk region.", "Tsvitni Pisky", "UA", 48.67, 39.27),
    ("An 80-year-old woman living in Hagadera, part of the Dadaab refugee complex, said water was short.",
     "Hagadera", "KE", 0.0, 40.37),
    ("Boko Haram fighters attacked the town of Mozogo in Cameroon's Far North region.", "Mozogo", "CM", 10.97,
     13.91),
])
def test_villages_cities500_lacks_now_resolve(gaz, text, mention, cc, lat, lon):
    p = next((p for p in places(text, gaz) if p.mention == mention), None)
    assert p is not None, f"{mention} not recognised"
    assert p.country == cc and abs(p.lat - lat) < 0.2 and abs(p.lon - lon) < 0.2


def test_a_village_never_outranks_a_known_namesake_without_context(gaz):
    (bare,) = places("Russian troops shelled Pisky.", gaz)
    assert bare.admin1 == "Poltava Oblast"  # the cities500 Pisky of 2,230 people
    near = places("Russian troops shelled Pisky, Donetsk region.", gaz)[0]
    assert near.admin1 == "Donetsk Oblast" and abs(near.lat - 48.07) < 0.05  # the front-line one, from the extract


@pytest.mark.parametrize("text", [
    "Shelling hit Chervonosilske on Tuesday.",  # no cue, nothing places the text in Ukraine
    "Kremlin spokesman Dmitry Peskov said Russian forces shelled Kharkiv.",  # "Peskov": a village's other name
    "Rastafarian Feniya Mbewe was upset when the school refused her daughter. Mbewe said she would sue.",
    "The bridge near Tongoy Beach, some 600 km north of Santiago, was bombed.",  # Chile, not the Malian Tongoy
    "Morgan said the Bank of the Delta Zone would close at Christmas.",
])
def test_no_false_places_from_the_extract(gaz, text):
    assert not [p for p in places(text, gaz) if p.mention in {"Chervonosilske", "Peskov", "Mbewe", "Tongoy"}]
    ts = find_toponyms(text, gaz)
    chosen = resolve_toponyms(ts, gaz)
    assert not [p for p, t in zip(chosen, ts, strict=True)
                if next(e for e in t.candidates if e.lat == p.lat and e.lon == p.lon).dump]


def test_shipped_extract_names_pass_the_name_filter():
    names = gn.NameFilter.load()
    _, rows = gn.read_extract(gn.SHIPPED_EXTRACT, gn.SHIPPED_LABEL)
    sample = rows[:: 97]
    assert all(names.problem(r[1]) is None for r in sample)
    assert not {r[1].lower() for r in rows} & {"bank", "line", "zone", "delta", "morgan", "christmas"}


# -- against the real dumps (../shared) ---------------------------------------------------

def test_import_of_a_real_country_dump(shared_dir, opts):
    ke = shared_dir / "data" / "geonames" / "KE.txt.gz"
    if not ke.exists():
        pytest.skip(f"{ke} not present")
    (rep,) = gn.import_dumps([ke], opts)
    shipped = next(s for s in gn.read_extract_header(gn.SHIPPED_EXTRACT, "x").sources if s.name == "KE.txt.gz")
    assert rep.rows == shipped.rows == 31_488 and rep.sha256 == shipped.sha256
    assert rep.kept == shipped.kept and rep.added == 0  # the shipped extract has them all
    assert rep.newest == "2025-11-05" and rep.camps == 68


def test_shipped_extract_rebuilds_byte_for_byte(shared_dir, tmp_path):
    dumps = [shared_dir / "data" / "geonames" / f"{cc}.txt.gz" for cc in ("UA", "KE", "CM", "ML", "NE", "BF")]
    if not all(p.exists() for p in dumps):
        pytest.skip("the six GeoNames dumps are not in ../shared/data/geonames")
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_geonames_extra.py"
    spec = importlib.util.spec_from_file_location("build_geonames_extra", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "extra.tsv.gz"
    assert module.main([*map(str, dumps), "-o", str(out)]) == 0
    assert out.read_bytes() == gn.SHIPPED_EXTRACT.read_bytes()


def test_the_shipped_extract_can_be_left_out(tmp_path):
    on, off = Options(cache_dir=tmp_path), Options(cache_dir=tmp_path, gazetteer_geonames_extra=False)
    assert [label for label, _ in gn.extract_paths(on)] == ["geonames_extra"]
    assert gn.extract_paths(off) == []
    assert sources_digest(on) != sources_digest(off)
    assert on.updated({"gazetteer_geonames_extra": False}, where="test.toml") == off
    with pytest.raises(ConfigError, match="gazetteer_geonames_extra"):
        on.updated({"gazetteer_geonames_extra": "no"}, where="test.toml")


def test_import_labels():
    assert {gn.store_name(Path(n)) for n in ("UA.zip", "UA.txt", "UA.txt.gz", "/x/UA.zip")} == {"UA"}
    assert gn.store_name(Path("allCountries.zip")) == "allCountries"
    assert gn.store_name(Path("geonames_extra.txt")) == "import_geonames_extra"  # never the shipped label
