"""Guessing protection for coming back to a claim.

Two limits apply to every attempt to resume a draft (with a reference and secret, or
when asking for a new link):

- per client address: at most ``claim_resume_ip_limit`` attempts in a
  ``claim_resume_ip_window_minutes`` window, so nobody can try many references;
- per reference: after ``claim_resume_max_failures`` wrong secrets in a row the
  reference is locked for ``claim_resume_lock_minutes``. For a real claim the count and
  the lock are kept on the claim (``failed_resumes``, ``locked_until``); for a reference
  that does not exist the same count is kept by the limiter, so the answers for a real
  and a made-up reference look the same.

Counters live in Redis when REDIS_URL is set (INCR with an expiry: one fixed window per
key), or else in the ``rate_limit_counters`` table. Keys never hold personal data: the
address or reference is replaced by an HMAC under the portal's secret.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.claim import Claim, RateLimitCounter
from app.settings import Settings


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes for stored UTC times; make them UTC again."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_at: datetime | None = None  # when the next attempt will be allowed, if it is not now


class Limiter(Protocol):
    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> Decision: ...

    def count(self, key: str, *, now: datetime) -> Decision: ...

    def reset(self, key: str) -> None: ...


class RedisLimiter:
    """Fixed windows in Redis: the first hit sets the window's expiry."""

    def __init__(self, client) -> None:  # noqa: ANN001 - a redis.Redis
        self.client = client

    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> Decision:
        seconds = max(1, int(window.total_seconds()))
        pipe = self.client.pipeline()
        pipe.incr(key)
        pipe.expire(key, seconds, nx=True)
        pipe.ttl(key)
        count, _set, ttl = pipe.execute()
        count = int(count)
        ttl = int(ttl) if ttl and int(ttl) > 0 else seconds
        retry = now + timedelta(seconds=ttl)
        return Decision(count <= limit, count, None if count <= limit else retry)

    def count(self, key: str, *, now: datetime) -> Decision:
        pipe = self.client.pipeline()
        pipe.get(key)
        pipe.ttl(key)
        value, ttl = pipe.execute()
        count = int(value or 0)
        return Decision(True, count, now + timedelta(seconds=int(ttl)) if ttl and int(ttl) > 0 else None)

    def reset(self, key: str) -> None:
        self.client.delete(key)


class DatabaseLimiter:
    """Fixed windows in the ``rate_limit_counters`` table (the embedded default)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, key: str, *, lock: bool) -> RateLimitCounter | None:
        query = select(RateLimitCounter).where(RateLimitCounter.key == key)
        if lock:
            query = query.with_for_update()
        return self.session.scalars(query).one_or_none()

    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> Decision:
        row = self._row(key, lock=True)
        if row is None:
            row = RateLimitCounter(key=key, count=0, window_ends=now + window)
            self.session.add(row)
        elif aware(row.window_ends) <= now:
            row.count, row.window_ends = 0, now + window
        row.count += 1
        self.session.flush()
        ends = aware(row.window_ends)
        return Decision(row.count <= limit, row.count, None if row.count <= limit else ends)

    def count(self, key: str, *, now: datetime) -> Decision:
        row = self._row(key, lock=False)
        if row is None or aware(row.window_ends) <= now:
            return Decision(True, 0, None)
        return Decision(True, row.count, aware(row.window_ends))

    def reset(self, key: str) -> None:
        row = self._row(key, lock=False)
        if row is not None:
            self.session.delete(row)
            self.session.flush()


@lru_cache(maxsize=4)
def _redis(url: str):  # noqa: ANN202
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def limiter_for(settings: Settings, session: Session) -> Limiter:
    if settings.redis_url:
        return RedisLimiter(_redis(settings.redis_url))
    return DatabaseLimiter(session)


def key_for(kind: str, value: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]
    return f"limit:{kind}:{digest}"


@dataclass(frozen=True)
class Blocked:
    """Why an attempt is refused, and when the person can try again."""

    reason: str  # "address" (too many attempts from here) | "locked" (this reference)
    retry_at: datetime


class ResumeGuard:
    """The limits on coming back to a claim, in one place for the routes."""

    def __init__(self, settings: Settings, session: Session) -> None:
        self.settings = settings
        self.session = session
        self.limiter = limiter_for(settings, session)
        self.secret = settings.resolved_secret_key

    @property
    def _lock(self) -> timedelta:
        return timedelta(minutes=self.settings.claim_resume_lock_minutes)

    def attempt_from(self, client_ip: str, now: datetime) -> Blocked | None:
        """Count an attempt from this address; refuse it if the address has made too many."""
        decision = self.limiter.hit(
            key_for("resume-ip", client_ip, self.secret),
            limit=self.settings.claim_resume_ip_limit,
            window=timedelta(minutes=self.settings.claim_resume_ip_window_minutes),
            now=now,
        )
        return None if decision.allowed else Blocked("address", decision.retry_at or now)

    def locked(self, reference: str, claim: Claim | None, now: datetime) -> Blocked | None:
        if claim is not None:
            until = aware(claim.locked_until)
            return Blocked("locked", until) if until and until > now else None
        decision = self.limiter.count(key_for("resume-ref", reference, self.secret), now=now)
        if decision.count >= self.settings.claim_resume_max_failures and decision.retry_at:
            return Blocked("locked", decision.retry_at)
        return None

    def failed(self, reference: str, claim: Claim | None, now: datetime) -> Blocked | None:
        """A wrong reference or secret. Returns the lock if this failure started one."""
        limit = self.settings.claim_resume_max_failures
        if claim is None:
            # The limit-th failure is the one that locks, so it is counted as over a limit one lower.
            decision = self.limiter.hit(key_for("resume-ref", reference, self.secret), limit=limit - 1, window=self._lock, now=now)
            return None if decision.allowed else Blocked("locked", decision.retry_at or now + self._lock)
        until = aware(claim.locked_until)
        if until and until <= now:
            claim.failed_resumes = 0
        claim.failed_resumes = (claim.failed_resumes or 0) + 1
        if claim.failed_resumes >= limit:
            claim.locked_until = now + self._lock
            claim.failed_resumes = 0
            self.session.flush()
            return Blocked("locked", claim.locked_until)
        self.session.flush()
        return None

    def succeeded(self, claim: Claim) -> None:
        claim.failed_resumes = 0
        claim.locked_until = None
        self.session.flush()
