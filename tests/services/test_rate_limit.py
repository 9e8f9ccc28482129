"""Guessing protection: fixed windows in real Redis and in the database, and the per-claim lockout."""

from __future__ import annotations

import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import redis

from app.services import claims
from app.services.crypto import Sealer
from sqlalchemy.orm import Session
from starlette.requests import Request

from app.services.rate_limit import AttemptGuard, DatabaseLimiter, RedisLimiter, ResumeGuard, client_key, key_for
from app.settings import Settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
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


@pytest.mark.parametrize("store", ["database", "redis"])
def test_concurrent_hits_are_each_counted_once(engine, redis_client, store):
    key, hits, limit = f"test:{uuid.uuid4().hex}", 40, 5
    ready = threading.Barrier(hits)

    def hit(_n: int):  # noqa: ANN202
        ready.wait()
        if store == "redis":
            return RedisLimiter(redis_client).hit(key, limit=limit, window=timedelta(minutes=5), now=NOW)
        with Session(engine) as own:
            decision = DatabaseLimiter(own).hit(key, limit=limit, window=timedelta(minutes=5), now=NOW)
            own.commit()
            return decision

    with ThreadPoolExecutor(hits) as pool:
        decisions = list(pool.map(hit, range(hits)))
    assert sorted(d.count for d in decisions) == list(range(1, hits + 1))
    assert sum(d.allowed for d in decisions) == limit


@pytest.mark.parametrize("redis_url", [None, REDIS_URL], ids=["database", "redis"])
def test_concurrent_guesses_at_a_made_up_reference_are_let_through_no_more_than_the_limit(engine, redis_client, redis_url):
    settings = Settings(redis_url=redis_url, claim_resume_max_failures=5)
    reference, guesses = "HB-" + uuid.uuid4().hex[:10].upper(), 40
    ready = threading.Barrier(guesses)

    def guess(_n: int) -> bool:
        ready.wait()
        with Session(engine) as own:
            refused = ResumeGuard(settings, own).begin(reference, None, NOW)
            own.commit()
            return refused is None

    with ThreadPoolExecutor(guesses) as pool:
        assert sum(pool.map(guess, range(guesses))) == 5


def _request(state: dict | None, host: str = "203.0.113.5") -> Request:
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "client": (host, 1234)}
    if state is not None:
        scope["state"] = state
    return Request(scope)


class _Device:
    def __init__(self, device_id) -> None:  # noqa: ANN001
        self.id = device_id


def test_the_client_key_is_the_kiosk_device_when_there_is_one_else_the_address():
    assert client_key(_request({"kiosk_device": _Device("lib-3")})) == "kiosk:lib-3"
    assert client_key(_request({"kiosk_device": None})) == "203.0.113.5"
    assert client_key(_request({})) == "203.0.113.5"
    assert client_key(_request(None)) == "203.0.113.5"
    assert client_key(_request({"kiosk_device": _Device("")})) == "203.0.113.5"


@pytest.mark.parametrize("redis_url", [None, REDIS_URL], ids=["database", "redis"])
def test_an_overall_limit_refuses_every_client_once_reached_and_right_attempts_are_given_back(session, redis_client, redis_url):
    guard = AttemptGuard(Settings(redis_url=redis_url), session, kind=f"test-{uuid.uuid4().hex}", limit=2,
                         window=timedelta(minutes=15), overall_limit=3)
    for client in ("a", "a", "b"):
        assert guard.attempt(client, NOW) is None
    refused = guard.attempt("c", NOW)
    assert refused is not None and refused.reason == "overall"
    mine = AttemptGuard(Settings(redis_url=redis_url), session, kind=f"test-{uuid.uuid4().hex}", limit=2,
                        window=timedelta(minutes=15))
    for _ in range(5):
        assert mine.attempt("office", NOW) is None
        mine.succeeded("office")
