"""Guessing protection: every route that takes a reference, a secret or an access code
counts its attempts here, under one client key (``client_key``).

Two limits apply to every attempt to resume a draft (with a reference and secret, or
when asking for a new link):

- per client (``client_key``): at most ``claim_resume_ip_limit`` attempts in a
  ``claim_resume_ip_window_minutes`` window, so nobody can try many references;
- per reference: after ``claim_resume_max_failures`` attempts without a right secret the
  reference is locked for ``claim_resume_lock_minutes``. For a real claim the count and
  the lock are kept on the claim (``failed_resumes``, ``locked_until``); for a reference
  that does not exist the same count is kept by the limiter, so the answers for a real
  and a made-up reference look the same.

Every attempt is counted BEFORE the secret is checked, in one atomic statement (Redis
INCR; an INSERT ... ON CONFLICT DO UPDATE ... RETURNING for the table; an UPDATE ...
RETURNING on the claim), so concurrent guesses cannot all be checked before the lock:
at most ``claim_resume_max_failures`` secrets are checked between two locks. The caller
commits the count before the slow Argon2 check, so no write transaction is held open
while hashing (SQLite has one writer at a time).

Counters live in Redis when REDIS_URL is set (INCR with an expiry: one fixed window per
key), or else in the ``rate_limit_counters`` table. Other limits built on the same
counters: ``AttemptGuard`` (staff access code, claim starts) and
``saved_results.CheckResumeGuard`` (kept check results). Keys never hold personal data: the
address or reference is replaced by an HMAC under the portal's secret.

Who the client is: ``client_key(request)``, the enrolled kiosk device when the request
comes from one (so a kiosk network does not share one bucket), else the client address.
Behind a reverse proxy, uvicorn puts the resident's address there from X-Forwarded-For
only for proxies listed in FORWARDED_ALLOW_IPS (see the README).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Protocol

from sqlalchemy import case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from app.models.claim import Claim, RateLimitCounter
from app.settings import Settings


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes for stored UTC times; make them UTC again."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def client_key(request: HTTPConnection) -> str:
    """Whose attempts these are: "kiosk:<id>" for an enrolled kiosk device, else the client address.

    Kiosk mode sets ``request.scope["state"]["kiosk_device"]`` (an object with a string ``id``).
    """
    device = (request.scope.get("state") or {}).get("kiosk_device")
    device_id = getattr(device, "id", None) if device is not None else None
    if isinstance(device_id, str) and device_id:
        return f"kiosk:{device_id}"
    return request.client.host if request.client else "unknown"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_at: datetime | None = None  # when the window ends, once the limit is reached


class Limiter(Protocol):
    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> Decision: ...

    def count(self, key: str, *, now: datetime) -> Decision: ...

    def reset(self, key: str) -> None: ...

    def refund(self, key: str) -> None: ...


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
        return Decision(count <= limit, count, retry if count >= limit else None)

    def count(self, key: str, *, now: datetime) -> Decision:
        pipe = self.client.pipeline()
        pipe.get(key)
        pipe.ttl(key)
        value, ttl = pipe.execute()
        count = int(value or 0)
        return Decision(True, count, now + timedelta(seconds=int(ttl)) if ttl and int(ttl) > 0 else None)

    def reset(self, key: str) -> None:
        self.client.delete(key)

    def refund(self, key: str) -> None:
        """Take back one counted attempt (one that turned out to be right)."""
        if int(self.client.decr(key)) < 0:
            self.client.delete(key)


class DatabaseLimiter:
    """Fixed windows in the ``rate_limit_counters`` table (the embedded default)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, key: str, *, lock: bool) -> RateLimitCounter | None:
        query = select(RateLimitCounter).where(RateLimitCounter.key == key)
        return self.session.scalars(query).one_or_none()

    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> Decision:
        # One statement, so concurrent hits never read the same count: the row is created, or its
        # count raised (or started again once the window has ended), and the new count returned.
        table = RateLimitCounter.__table__
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        ended = table.c.window_ends <= now
        statement = (
            insert(table)
            .values(key=key, count=1, window_ends=now + window)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "count": case((ended, 1), else_=table.c.count + 1),
                    "window_ends": case((ended, now + window), else_=table.c.window_ends),
                },
            )
            .returning(table.c.count, table.c.window_ends)
        )
        count, ends = self.session.execute(statement).one()
        return Decision(count <= limit, count, aware(ends) if count >= limit else None)

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

    def refund(self, key: str) -> None:
        """Take back one counted attempt (one that turned out to be right)."""
        self.session.execute(
            update(RateLimitCounter).where(RateLimitCounter.key == key, RateLimitCounter.count > 0)
            .values(count=RateLimitCounter.count - 1)
        )


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

    reason: str  # "address" (too many attempts from here) | "locked" (this reference) | "overall" (from everyone)
    retry_at: datetime


class ResumeGuard:
    """The limits on coming back to a claim with its reference and secret, in one place.

    For each attempt: ``attempt_from`` (the address), then ``begin`` (counts the attempt at the
    reference, atomically, and refuses it once the reference is locked); the caller commits,
    checks the secret, then calls ``succeeded`` or ``failed`` and commits again.
    """

    def __init__(self, settings: Settings, session: Session) -> None:
        self.settings = settings
        self.session = session
        self.limiter = limiter_for(settings, session)
        self.secret = settings.resolved_secret_key
        self._counted: int | None = None
        self._lock_ends: datetime | None = None

    @property
    def _lock(self) -> timedelta:
        return timedelta(minutes=self.settings.claim_resume_lock_minutes)

    def attempt_from(self, client: str, now: datetime) -> Blocked | None:
        """Count an attempt from this client (``client_key``); refuse it if it has made too many."""
        decision = self.limiter.hit(
            key_for("resume-ip", client, self.secret),
            limit=self.settings.claim_resume_ip_limit,
            window=timedelta(minutes=self.settings.claim_resume_ip_window_minutes),
            now=now,
        )
        return None if decision.allowed else Blocked("address", decision.retry_at or now)

    def locked(self, reference: str, claim: Claim | None, now: datetime) -> Blocked | None:
        """Whether the reference is locked now (without counting an attempt)."""
        if claim is not None:
            self.session.refresh(claim, ["locked_until"])
            until = aware(claim.locked_until)
            return Blocked("locked", until) if until and until > now else None
        decision = self.limiter.count(key_for("resume-ref", reference, self.secret), now=now)
        if decision.count >= self.settings.claim_resume_max_failures and decision.retry_at:
            return Blocked("locked", decision.retry_at)
        return None

    def begin(self, reference: str, claim: Claim | None, now: datetime) -> Blocked | None:
        """Count an attempt at this reference before its secret is checked; refuse it when locked.

        The attempt that reaches ``claim_resume_max_failures`` starts the lock at once (a right
        secret lifts it again), so no more than that many checks are ever in flight.
        """
        limit = self.settings.claim_resume_max_failures
        if claim is None:
            decision = self.limiter.hit(key_for("resume-ref", reference, self.secret), limit=limit, window=self._lock, now=now)
            self._counted, self._lock_ends = decision.count, decision.retry_at or now + self._lock
            return None if decision.allowed else Blocked("locked", self._lock_ends)
        table = Claim.__table__
        lock_over = table.c.locked_until <= now
        counted = case((lock_over, 1), else_=func.coalesce(table.c.failed_resumes, 0) + 1)
        lock_ends = now + self._lock
        row = self.session.execute(
            update(table)
            .where(table.c.id == claim.id, (table.c.locked_until.is_(None)) | lock_over)
            .values(failed_resumes=counted, locked_until=case((counted >= limit, lock_ends), else_=None))
            .returning(table.c.failed_resumes)
        ).one_or_none()
        self.session.expire(claim, ["failed_resumes", "locked_until"])
        if row is None:
            self._counted = None
            return self.locked(reference, claim, now) or Blocked("locked", lock_ends)
        self._counted, self._lock_ends = row[0], lock_ends
        return None

    def failed(self, reference: str, claim: Claim | None, now: datetime) -> Blocked | None:
        """A wrong reference or secret (the attempt was counted by ``begin``): the lock, if this failure started one."""
        if self._counted is None:
            raise RuntimeError("begin() counts the attempt before the secret is checked")
        counted, self._counted = self._counted, None
        if counted >= self.settings.claim_resume_max_failures:
            return Blocked("locked", self._lock_ends or now + self._lock)
        return None

    def succeeded(self, claim: Claim) -> None:
        self._counted = None
        self.session.execute(
            update(Claim.__table__).where(Claim.__table__.c.id == claim.id).values(failed_resumes=0, locked_until=None)
        )
        self.session.expire(claim, ["failed_resumes", "locked_until"])


# Staff access code: wrong codes per client and from everyone together, so neither one address
# nor many addresses can try codes quickly (the overall limit can shut staff out for at most a
# window while someone is guessing; the log says so). Failures are logged, never the code typed.
STAFF_CLIENT_LIMIT = 10
STAFF_OVERALL_LIMIT = 100
STAFF_WINDOW = timedelta(minutes=15)



class AttemptGuard:
    """Fixed-window limits for one kind of attempt, per client and optionally overall.

    ``attempt`` counts before the check; ``succeeded`` gives a right attempt back, so that only
    wrong ones use up the allowance (for staff sign-in: one office shares an address).
    """

    def __init__(self, settings: Settings, session: Session, *, kind: str, limit: int, window: timedelta,
                 overall_limit: int | None = None) -> None:
        self.limiter = limiter_for(settings, session)
        self.secret = settings.resolved_secret_key
        self.kind, self.limit, self.window, self.overall_limit = kind, limit, window, overall_limit

    def attempt(self, client: str, now: datetime) -> Blocked | None:
        """Count an attempt from this client (``client_key``); refuse it when a limit is reached."""
        mine = self.limiter.hit(key_for(self.kind, client, self.secret), limit=self.limit, window=self.window, now=now)
        if not mine.allowed:
            return Blocked("address", mine.retry_at or now + self.window)
        if self.overall_limit is not None:
            everyone = self.limiter.hit(self._overall, limit=self.overall_limit, window=self.window, now=now)
            if not everyone.allowed:
                return Blocked("overall", everyone.retry_at or now + self.window)
        return None

    @property
    def _overall(self) -> str:
        return f"limit:{self.kind}:all"

    def succeeded(self, client: str) -> None:
        """The attempt was right: it does not count against the client or the portal."""
        self.limiter.refund(key_for(self.kind, client, self.secret))
        if self.overall_limit is not None:
            self.limiter.refund(self._overall)

    def client_label(self, client: str) -> str:
        """How to name the client in a log line: a keyed hash, never the address itself."""
        return key_for(self.kind, client, self.secret).rsplit(":", 1)[-1][:12]


def staff_guard(settings: Settings, session: Session) -> AttemptGuard:
    return AttemptGuard(settings, session, kind="staff-sign-in", limit=STAFF_CLIENT_LIMIT, window=STAFF_WINDOW,
                        overall_limit=STAFF_OVERALL_LIMIT)


def claim_start_guard(settings: Settings, session: Session) -> AttemptGuard:
    """New claims: each start makes a draft row, so one client may start only so many."""
    return AttemptGuard(settings, session, kind="claim-start", limit=settings.claim_start_limit,
                        window=timedelta(minutes=settings.claim_start_window_minutes))
