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
