"""The public API is what __all__ says, and every name in it exists (httpx-style pin)."""

import contested

EXPECTED = {
    "Actor", "Article", "Claim", "ConfigError", "ContestedError", "DataFileError", "Dropped", "Event",
    "Extraction", "InputError", "Ledger", "Options", "Place", "RecordError", "StoreError", "extract",
    "extract_many", "__version__",
}


def test_all_is_pinned():
    assert set(contested.__all__) == EXPECTED


def test_every_public_name_resolves():
    for name in contested.__all__:
        assert getattr(contested, name) is not None


def test_one_version():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == contested.__version__


def test_errors_form_one_tree():
    for name in ("ConfigError", "DataFileError", "InputError", "RecordError", "StoreError"):
        assert issubclass(getattr(contested, name), contested.ContestedError)


LEDGER_ALL = {"ACLED_COLUMNS", "CSV_COLUMNS", "EXTRA_COLUMNS", "FORMATS", "IngestReport", "Ledger",
              "MergeParams", "Mention", "format_table"}
LEDGER_METHODS = {"ingest", "events", "iter_events", "event", "document", "stats", "export", "to_pandas",
                  "rebuild", "stored_unchanged", "close"}


def test_ledger_api_is_pinned():
    import contested.ledger as ledger

    assert set(ledger.__all__) == LEDGER_ALL
    assert contested.Ledger is ledger.Ledger
    public = {n for n in vars(ledger.Ledger) if not n.startswith("_")}
    assert public == LEDGER_METHODS


def test_readme_documents_the_python_api():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name in ("contested.extract(", "contested.Ledger(", "ledger.ingest(", "ledger.to_pandas(",
                 "ledger.events(", "ledger.export(", "read_only=True"):
        assert name in readme, f"README does not show {name}"


def _pair(published):
    from contested.records import Article, Extraction
    from fixtures_ledger import BARDA, SHELL, ev, place

    return (Article(text="Rockets hit Barda.", id="d-1", published=published, outlet="Wire A"),
            Extraction(id="d-1", published=published, events=(ev(SHELL, "2024-05-01", place(BARDA)),)))


def test_ledger_ingest_accepts_what_extract_accepts(tmp_path):
    """A string date ("2024-05-01", as ``extract()`` takes) works like a date (it raised
    AttributeError); a bad one is an InputError naming the article."""
    from datetime import date, datetime

    import pytest

    dumps = []
    for i, published in enumerate(("2024-05-01", "2024-05-01T09:30:00Z", date(2024, 5, 1),
                                   datetime(2024, 5, 1, 9, 30))):
        with contested.Ledger(f"sqlite:///{tmp_path / f'{i}.db'}") as ledger:
            report = ledger.ingest([_pair(published)])
            assert (report.articles_new, report.events_created) == (1, 1)
            assert ledger.document("d-1")["published"] == "2024-05-01"
            assert ledger.ingest([_pair(published)]).articles_unchanged == 1
            dumps.append(ledger.events())
    assert all(d == dumps[0] for d in dumps)
    with contested.Ledger(f"sqlite:///{tmp_path / 'bad.db'}") as ledger, \
            pytest.raises(contested.InputError, match="'d-1'"):
        ledger.ingest([_pair("May 1st")])
