"""Guessing protection: fixed windows in real Redis and in the database, and the per-claim lockout."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import redis

from app.services import claims
from app.services.crypto import Sealer
from app.services.rate_limit import DatabaseLimiter, RedisLimiter, ResumeGuard, key_for
from app.settings import Settings

REDIS_URL = "redis://127.0.0.1:6379/15"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running at 127.0.0.1:6379")
    yield client
    client.close()


def _limiters(session, redis_client):
    return [DatabaseLimiter(session), RedisLimiter(redis_client)]


def test_a_window_allows_the_limit_then_refuses_until_it_ends(session, redis_client):
    for limiter in _limiters(session, redis_client):
        key = f"test:{uuid.uuid4().hex}"
        window = timedelta(minutes=15)
        results = [limiter.hit(key, limit=3, window=window, now=NOW) for _ in range(4)]
        assert [r.allowed for r in results] == [True, True, True, False]
        assert results[-1].retry_at is not None and results[-1].retry_at > NOW
        limiter.reset(key)
        assert limiter.hit(key, limit=3, window=window, now=NOW).allowed


def test_a_database_window_starts_again_once_it_ends(session):
    limiter = DatabaseLimiter(session)
    key = f"test:{uuid.uuid4().hex}"
    for _ in range(3):
        limiter.hit(key, limit=2, window=timedelta(minutes=1), now=NOW)
    assert limiter.hit(key, limit=2, window=timedelta(minutes=1), now=NOW + timedelta(minutes=2)).allowed


def test_redis_keys_expire_with_the_window(redis_client):
    limiter = RedisLimiter(redis_client)
    key = f"test:{uuid.uuid4().hex}"
    limiter.hit(key, limit=5, window=timedelta(seconds=30), now=NOW)
    assert 0 < redis_client.ttl(key) <= 30


def test_keys_hold_no_address_or_reference():
    key = key_for("resume-ip", "203.0.113.9", "secret")
    assert "203.0.113.9" not in key and key == key_for("resume-ip", "203.0.113.9", "secret")


@pytest.mark.parametrize("redis_url", [None, REDIS_URL], ids=["database", "redis"])
def test_a_claim_locks_after_too_many_wrong_secrets_and_a_made_up_reference_looks_the_same(session, redis_client, redis_url):
    settings = Settings(redis_url=redis_url, claim_resume_max_failures=3, claim_resume_lock_minutes=30)
    guard = ResumeGuard(settings, session)
    claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 29),
                               answers=None, sealer=Sealer.from_secret("a-test-secret-of-enough-length"), now=NOW)
    made_up = "HB-" + uuid.uuid4().hex[:10].upper()
    session.flush()
    for reference, target in ((claim.reference, claim), (made_up, None)):
        for _ in range(2):
            assert guard.begin(reference, target, NOW) is None
            assert guard.failed(reference, target, NOW) is None
        assert guard.begin(reference, target, NOW) is None
        lock = guard.failed(reference, target, NOW)
        assert lock is not None and lock.retry_at == NOW + timedelta(minutes=30)
        refused = guard.begin(reference, target, NOW + timedelta(minutes=1))
        assert refused is not None and refused.reason == "locked"
        assert guard.locked(reference, target, NOW + timedelta(minutes=29)) is not None
        if redis_url and target is None:
            # Redis keeps its own clock: the lock is the key's time to live.
            assert 1790 <= redis_client.ttl(key_for("resume-ref", reference, settings.resolved_secret_key)) <= 1800
        else:
            assert guard.locked(reference, target, NOW + timedelta(minutes=31)) is None
    guard.succeeded(claim)
    assert claim.locked_until is None and claim.failed_resumes == 0


def test_one_address_is_limited_across_references(session, redis_client):
    settings = Settings(redis_url=REDIS_URL, claim_resume_ip_limit=2)
    guard = ResumeGuard(settings, session)
    ip = f"198.51.100.{uuid.uuid4().int % 250}-{uuid.uuid4().hex}"
    assert guard.attempt_from(ip, NOW) is None
    assert guard.attempt_from(ip, NOW) is None
    blocked = guard.attempt_from(ip, NOW)
    assert blocked is not None and blocked.reason == "address" and blocked.retry_at > NOW
