import pytest

from contested.config import Options
from contested.errors import ConfigError


def test_defaults_documented_and_overridable(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('max_event_age_days = 10\nregistry_files = ["a.yaml"]\n')
    opts = Options.from_file(cfg)
    assert opts.max_event_age_days == 10
    assert opts.registry_files[0].name == "a.yaml"
    assert opts.merge_distance_km == Options().merge_distance_km


def test_unknown_option_names_file(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("nonsense = 1\n")
    with pytest.raises(ConfigError, match="c.toml: unknown option 'nonsense'"):
        Options.from_file(cfg)


def test_bad_toml(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("= = =\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Options.from_file(cfg)
