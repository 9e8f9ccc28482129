"""Settings: the embedded default starts with nothing set; production insists on a secret."""

import pytest

from app.settings import Settings, SettingsError


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings(environment="production", data_dir=tmp_path)


def test_create_app_refuses_production_without_a_secret_key(tmp_path, monkeypatch):
    from app.main import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(SettingsError):
        create_app()


DATA_KEYS = "2026-12:" + "n" * 40 + ",2026-01:" + "o" * 40


def test_production_starts_with_a_secret_key_and_data_keys(tmp_path):
    settings = Settings(environment="production", secret_key="from-the-environment", data_encryption_keys=DATA_KEYS,
                        data_dir=tmp_path)
    assert settings.resolved_secret_key == "from-the-environment"
    assert settings.resolved_data_encryption_keys == [("2026-12", "n" * 40), ("2026-01", "o" * 40)]
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "data_encryption_keys").exists()


def test_production_refuses_to_start_without_data_encryption_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(SettingsError, match="DATA_ENCRYPTION_KEYS"):
        Settings(environment="production", secret_key="from-the-environment", data_dir=tmp_path)


@pytest.mark.parametrize("keys", ["no-colon-here" + "x" * 40, "short:tooshort", "a:" + "x" * 40 + ",a:" + "y" * 40,
                                  "bad id!:" + "x" * 40])
def test_malformed_data_encryption_keys_stop_the_start(tmp_path, keys):
    with pytest.raises(SettingsError, match="DATA_ENCRYPTION_KEYS"):
        Settings(data_encryption_keys=keys, data_dir=tmp_path)


def test_the_embedded_default_makes_a_data_key_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    first = Settings(data_dir=tmp_path).resolved_data_encryption_keys
    assert first == Settings(data_dir=tmp_path).resolved_data_encryption_keys
    assert len(first) == 1 and len(first[0][1]) >= 32
    assert first[0][1] != Settings(data_dir=tmp_path).resolved_secret_key
    assert (tmp_path / "data_encryption_keys").stat().st_mode & 0o077 == 0


def test_the_embedded_default_makes_a_secret_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = Settings(data_dir=tmp_path).resolved_secret_key
    second = Settings(data_dir=tmp_path).resolved_secret_key
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only


def test_the_default_database_is_sqlite_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Settings(data_dir=tmp_path).resolved_database_url == f"sqlite:///{tmp_path.resolve() / 'portal.db'}"


def test_database_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://portal@db/portal")
    assert Settings().resolved_database_url == "postgresql+psycopg://portal@db/portal"


def test_the_secret_key_is_not_shown_in_the_settings_repr():
    assert "test-secret-key" not in repr(Settings())
    assert "n" * 40 not in repr(Settings(data_encryption_keys=DATA_KEYS))
