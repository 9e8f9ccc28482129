"""Settings for sending claims to the back office and for the interim staff page.

Read from the environment (and .env) like the portal's own settings:

    BACK_OFFICE_WEBHOOK_URL          where deliveries are POSTed (unset: they wait, nothing is lost)
    BACK_OFFICE_WEBHOOK_SECRET       HMAC-SHA256 key for the X-Portal-Signature header
    BACK_OFFICE_MAX_ATTEMPTS         attempts before a delivery is marked failed (24)
    BACK_OFFICE_RETRY_BASE_SECONDS   wait after the first failure, doubled each time (30)
    BACK_OFFICE_RETRY_CAP_SECONDS    longest wait between attempts (3600)
    BACK_OFFICE_TIMEOUT_SECONDS      per request (30)
    BACK_OFFICE_WORKER               "off" (run `python -m app.services.submission.delivery run`)
                                     or "in_app" (a background task in each web process)
    BACK_OFFICE_POLL_SECONDS         how often a worker looks for due deliveries (10)
    STAFF_TOKEN                      the access code for /staff (unset: /staff does not exist)
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class BackOfficeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    back_office_webhook_url: str | None = None
    back_office_webhook_secret: str | None = Field(default=None, repr=False)
    back_office_max_attempts: int = Field(default=24, ge=1)
    back_office_retry_base_seconds: float = Field(default=30, gt=0)
    back_office_retry_cap_seconds: float = Field(default=3600, gt=0)
    back_office_timeout_seconds: float = Field(default=30, gt=0)
    back_office_worker: Literal["off", "in_app"] = "off"
    back_office_poll_seconds: float = Field(default=10, gt=0)
    staff_token: str | None = Field(default=None, repr=False, min_length=16)
