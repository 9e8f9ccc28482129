"""Settings, read from the environment (and a .env file when there is one)."""

from __future__ import annotations

import os
import re
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
    secret_key: str | None = Field(default=None, repr=False, description="Signs sessions, CSRF tokens and staff cookies; never encrypts data.")
    data_encryption_keys: str | None = Field(
        default=None, repr=False,
        description="Keys for personal data at rest, 'id:secret' entries separated by commas, newest first: the first "
                    "encrypts, all decrypt. Defaults to one made once and kept in data_dir.",
    )
    council_profile: Path = DEFAULT_COUNCIL_PROFILE
    migrate_on_start: bool = True
    max_body_bytes: int = Field(default=1_000_000, gt=0, description="Largest request body accepted, in bytes.")
    log_level: str = "INFO"
    # Claims: save and come back later, guessing protection, drafts, messages (GOV.UK Notify).
    public_url: str | None = Field(default=None, description="The portal's address for links in messages, e.g. https://benefits.example.gov.uk")
    notify_api_key: str | None = Field(default=None, repr=False, description="GOV.UK Notify API key; without one, messages stay in the local outbox.")
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_template_resume_link_email: str | None = None
    notify_template_resume_link_sms: str | None = None
    notify_template_draft_reminder_email: str | None = None
    notify_template_draft_reminder_sms: str | None = None
    notify_template_check_result_link_email: str | None = None
    notify_template_check_result_link_sms: str | None = None
    claim_resume_link_hours: int = Field(default=72, gt=0, description="How long a one-time link to a draft claim works.")
    claim_resume_max_failures: int = Field(default=5, gt=0, description="Wrong secrets before a claim's resume is locked.")
    claim_resume_lock_minutes: int = Field(default=30, gt=0)
    claim_resume_ip_limit: int = Field(default=30, gt=0, description="Resume attempts from one address per window.")
    claim_resume_ip_window_minutes: int = Field(default=15, gt=0)
    claim_start_limit: int = Field(default=20, gt=0, description="New claims one client (address or kiosk) may start per window.")
    claim_start_window_minutes: int = Field(default=60, gt=0)
    draft_reminder_days: int = Field(default=7, gt=0, description="Days before a draft expires that a reminder is sent.")
    # Evidence uploads: size limit (also the upload request's body limit), photo checks, virus scan.
    evidence_max_bytes: int = Field(default=10_000_000, gt=0, description="Largest evidence file accepted, in bytes.")
    evidence_min_image_side: int = Field(default=600, gt=0, description="Photos with a shorter side below this many pixels get a warning.")
    evidence_blur_threshold: float = Field(default=100.0, ge=0, description="Photos whose sharpness measure is below this get a warning.")
    # Pillow refuses outright at twice its own limit (40 megapixels), hence the ceiling.
    evidence_max_image_pixels: int = Field(default=40_000_000, gt=0, le=80_000_000, description="Photos with more pixels than this are refused before decoding.")
    evidence_checks_at_once: int = Field(default=2, gt=0, description="Photos decoded or PDFs parsed at the same time by each worker process; the rest wait.")
    clamd_socket: str | None = Field(default=None, description="clamd's unix socket, e.g. /run/clamav/clamd.ctl. Set this or CLAMD_HOST to scan uploads.")
    clamd_host: str | None = None
    clamd_port: int = Field(default=3310, gt=0)
    clamd_timeout_seconds: float = Field(default=30.0, gt=0)
    # Staff sign-in through the council's identity provider (OpenID Connect).
    oidc_issuer: str | None = Field(default=None, description="The identity provider's issuer URL; its discovery document is read from <issuer>/.well-known/openid-configuration.")
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = Field(default=None, repr=False)
    oidc_scopes: str = "openid profile email"
    oidc_groups_claim: str = Field(default="groups", description="The ID token claim that lists the person's groups.")
    staff_role_map: dict[str, str] = Field(
        default_factory=lambda: {"portal-advisors": "advisor", "portal-specialists": "specialist",
                                 "portal-supervisors": "supervisor", "portal-admins": "admin"},
        description="Identity provider group -> portal role (advisor, specialist, supervisor, admin), as JSON.",
    )
    dev_identity_provider: bool | None = Field(
        default=None, description="The built-in development identity provider with demo staff. On by default when no "
                                  "OIDC_ISSUER is set, outside production; refused in production.",
    )
    staff_idle_minutes: int = Field(default=30, gt=0, description="A staff session ends after this long without a request.")
    staff_session_hours: int = Field(default=10, gt=0, description="A staff session ends this long after sign-in, whatever happens.")

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        if self.environment == "production" and not self.secret_key:
            raise SettingsError("SECRET_KEY must be set when ENVIRONMENT=production.")
        if self.environment == "production" and not self.data_encryption_keys:
            raise SettingsError("DATA_ENCRYPTION_KEYS must be set when ENVIRONMENT=production "
                                "(make one with: python -m app.services.keys new).")
        if self.data_encryption_keys:
            parse_data_keys(self.data_encryption_keys)
        if self.environment == "production" and self.dev_identity_provider:
            raise SettingsError("DEV_IDENTITY_PROVIDER cannot be used when ENVIRONMENT=production: staff sign in "
                                "through the council's identity provider (OIDC_ISSUER).")
        return self

    @property
    def uses_dev_identity_provider(self) -> bool:
        """Whether staff sign in through the built-in development identity provider (never in production)."""
        if self.environment == "production":
            return False
        if self.dev_identity_provider is not None:
            return self.dev_identity_provider
        return not self.oidc_issuer

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

    @cached_property
    def resolved_data_encryption_keys(self) -> list[tuple[str, str]]:
        """DATA_ENCRYPTION_KEYS as (id, secret), newest first; for the embedded default, the
        keys kept in data_dir/data_encryption_keys (one ``id:secret`` a line, newest first),
        made once with one key."""
        if self.data_encryption_keys:
            return parse_data_keys(self.data_encryption_keys)
        key_file = self.data_dir / "data_encryption_keys"
        if key_file.exists():
            return parse_data_keys(key_file.read_text())
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name and linked into place, which fails if another process
        # got there first: two processes starting at once must not seal with different keys.
        temporary = self.data_dir / f".data_encryption_keys.{secrets.token_hex(8)}"
        temporary.touch(mode=0o600)
        temporary.write_text(new_data_key() + "\n")
        try:
            os.link(temporary, key_file)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
        return parse_data_keys(key_file.read_text())


def new_data_key(key_id: str | None = None) -> str:
    """A fresh ``id:secret`` entry for DATA_ENCRYPTION_KEYS; the id defaults to today's date and a random suffix."""
    from datetime import UTC, datetime

    key_id = key_id or datetime.now(UTC).strftime("%Y%m%d") + "-" + secrets.token_hex(2)
    return f"{key_id}:{secrets.token_urlsafe(48)}"


def parse_data_keys(text: str) -> list[tuple[str, str]]:
    """``id:secret`` entries separated by commas or new lines, newest first."""
    entries = [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]
    keys: list[tuple[str, str]] = []
    for entry in entries:
        key_id, sep, secret = entry.partition(":")
        if not sep or not re.match(r"^[A-Za-z0-9._-]{1,32}$", key_id) or len(secret) < 32:
            raise SettingsError("DATA_ENCRYPTION_KEYS entries are 'id:secret', the id up to 32 letters, digits, dots, "
                                "dashes or underscores, the secret at least 32 characters.")
        if key_id in {k for k, _ in keys}:
            raise SettingsError(f"DATA_ENCRYPTION_KEYS lists the key id {key_id!r} twice.")
        keys.append((key_id, secret))
    if not keys:
        raise SettingsError("DATA_ENCRYPTION_KEYS holds no key.")
    return keys
