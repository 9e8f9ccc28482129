"""Settings, read from the environment (and a .env file when there is one)."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COUNCIL_PROFILE = Path(__file__).resolve().parent / "councils" / "demo.yaml"


class SettingsError(RuntimeError):
    """The settings cannot be used to start the portal."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=Path("data"), description="Where the embedded default keeps its database and key.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; defaults to SQLite in data_dir.")
    redis_url: str | None = None
    secret_key: str | None = Field(default=None, repr=False)
    council_profile: Path = DEFAULT_COUNCIL_PROFILE
    migrate_on_start: bool = True
    max_body_bytes: int = Field(default=1_000_000, gt=0, description="Largest request body accepted, in bytes.")
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        if self.environment == "production" and not self.secret_key:
            raise SettingsError("SECRET_KEY must be set when ENVIRONMENT=production.")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'portal.db').resolve()}"

    @cached_property
    def resolved_secret_key(self) -> str:
        """SECRET_KEY, or for the embedded default a key made once and kept in data_dir."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.touch(mode=0o600)
        key_file.write_text(key)
        return key
