"""The settings: where a retrained classifier goes by default; every setting read from its environment
variable, checked, and listed in the README's table (and nothing else); secrets never printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import settings
from pipeline.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_settings_training_dir_is_the_committed_model_in_a_checkout(tmp_path: Path) -> None:
    assert settings.default_training_dir(tmp_path) == ROOT / "models" / "classifier"


def test_settings_training_dir_is_never_inside_an_installed_package(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "site-packages" / "claimgraph_models"
    installed.mkdir(parents=True)
    monkeypatch.setattr(settings, "MODELS_DIR", installed)
    assert settings.default_training_dir(tmp_path / "work") == tmp_path / "work" / "models" / "classifier"


def test_settings_cache_dir_is_the_users_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMGRAPH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(settings.sys, "platform", "linux")
    assert settings.Settings().cache_dir == tmp_path / "xdg" / "claimgraph"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert settings.Settings().cache_dir == tmp_path / "home" / ".cache" / "claimgraph"


README = ROOT / "README.md"
ROW = re.compile(r"^\| `(?P<name>\w+)` \| `(?P<variable>CLAIMGRAPH_\w+)` \|", re.MULTILINE)


def settings_table() -> dict[str, str]:
    """Return the README's table of settings: setting name -> environment variable."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Settings"):]
    section = section[: section.index("\n### ", 1)]
    return {row["name"]: row["variable"] for row in ROW.finditer(section)}


def test_settings_readme_table_lists_every_setting_and_nothing_else() -> None:
    assert settings_table() == {name: settings.env_name(name) for name in settings.Settings.model_fields}


def test_settings_every_variable_named_in_the_readme_and_the_code_is_a_setting() -> None:
    sources = [README, *sorted((ROOT / "pipeline").rglob("*.py")), *sorted((ROOT / "flows").rglob("*.py"))]
    named = {match for path in sources for match in re.findall(r"CLAIMGRAPH_[A-Z][A-Z_]*[A-Z]", path.read_text())}
    assert named - set(settings_table().values()) == set()


@pytest.mark.parametrize(
    ("environment", "field", "expected"),
    [
        ({"CLAIMGRAPH_BATCH_SIZE": "4"}, "batch_size", 4),
        ({"CLAIMGRAPH_FETCH_TIMEOUT_S": "2.5"}, "fetch_timeout_s", 2.5),
        ({"CLAIMGRAPH_CLASSIFIER": "0"}, "classifier", False),
        ({"CLAIMGRAPH_ALLOW_PRIVATE_HOSTS": "yes"}, "allow_private_hosts", True),
        ({"CLAIMGRAPH_DB": ""}, "db", None),
        ({"CLAIMGRAPH_REVIEW_TOKEN": ""}, "review_token", None),
        ({"CLAIMGRAPH_CACHE_DIR": "/srv/cache"}, "cache_dir", Path("/srv/cache")),
        ({"CLAIMGRAPH_DISK_CACHE": "0"}, "disk_cache", False),
    ],
)
def test_settings_from_env(monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], field: str,
                           expected: object) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert getattr(settings.Settings.from_env(), field) == expected


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CLAIMGRAPH_BATCH_SIZE", "abc", "CLAIMGRAPH_BATCH_SIZE='abc' is refused (input should be a valid integer"),
        ("CLAIMGRAPH_BATCH_SIZE", "0", "CLAIMGRAPH_BATCH_SIZE='0' is refused (input should be greater than or equal to 1"),
        ("CLAIMGRAPH_NEAR_DUPLICATE_THRESHOLD", "2", "CLAIMGRAPH_NEAR_DUPLICATE_THRESHOLD='2' is refused (input should be less than or equal to 1"),
        ("CLAIMGRAPH_CLASSIFIER", "maybe", "CLAIMGRAPH_CLASSIFIER='maybe' is refused (input should be a valid boolean"),
    ],
)
def test_settings_bad_variable_is_one_config_error(monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                                    message: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        settings.Settings.from_env()
    assert str(raised.value).startswith(message) and str(raised.value).endswith(": fix or unset it")


def test_settings_secrets_never_print(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_REVIEW_TOKEN", "tok-1")
    monkeypatch.setenv("CLAIMGRAPH_REVIEW_SECRET", "key-1")
    found = settings.Settings.from_env().with_db("postgresql://u:pw-1@db/claims")
    shown = repr(found) + str(found) + found.model_dump_json() + repr(found.model_dump())
    assert [secret for secret in ("tok-1", "key-1", "pw-1") if secret in shown] == []
    assert (found.db_url, found.public().db, found.public().review_token) == ("postgresql://u:pw-1@db/claims", None, None)
    assert settings.masked_url(found.db_url) == "postgresql://u:***@db/claims"


def test_settings_with_options_validates_and_names_the_option() -> None:
    assert settings.Settings().with_options(fetch_retries="5").fetch_retries == 5
    with pytest.raises(ConfigError, match="^fetch_retries='x' is refused"):
        settings.Settings().with_options(fetch_retries="x")
    with pytest.raises(ConfigError, match="^unknown setting 'speed'"):
        settings.Settings().with_options(speed=1)
