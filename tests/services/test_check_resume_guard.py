"""Coming back to a kept result: the guessing limits are shared by every worker, in the database or in Redis."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
from sqlalchemy.orm import Session

from app.services import saved_results as saved

REDIS_URL = "redis://127.0.0.1:6379/14"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["database", "redis"])
def workers(request, engine, settings):
    """Two guards as two worker processes would have them: separate sessions or connections, one store."""
    if request.param == "redis":
        client = redis.Redis.from_url(REDIS_URL)
        try:
            client.ping()
        except redis.ConnectionError:
            pytest.fail("Redis is not running at 127.0.0.1:6379")
        client.close()
        shared = settings.model_copy(update={"redis_url": REDIS_URL})
    else:
        shared = settings.model_copy(update={"redis_url": None})
    with Session(engine) as first, Session(engine) as second:
        yield saved.CheckResumeGuard(shared, first), first, saved.CheckResumeGuard(shared, second), second


def _address() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:6]}"


def test_wrong_references_from_one_address_are_counted_across_workers(workers):
    one, one_db, two, two_db = workers
    address = _address()
    outcomes = []
    for attempt in range(saved.RESUME_FAILURE_LIMIT):
        guard, db = (one, one_db) if attempt % 2 == 0 else (two, two_db)
        assert guard.attempt(address, None, NOW) is None
        outcomes.append(guard.failed(address, NOW))
        db.commit()
    # The limit-th failure, half of them made by the other worker, starts the block.
    assert outcomes[:-1] == [None] * (saved.RESUME_FAILURE_LIMIT - 1)
    assert outcomes[-1] is not None and outcomes[-1].reason == "address"
    later = NOW + timedelta(minutes=1)
    blocked = one.attempt(address, saved.new_reference(), later)
    one_db.commit()
    assert blocked is not None and blocked.reason == "address"
    # Redis counts its window from the real clock, the database from the time given: either way, at most a window.
    assert later < blocked.retry_at <= later + saved.RESUME_WINDOW + timedelta(seconds=1)
    # Another address is not affected.
    assert two.attempt(_address(), None, NOW) is None
    two_db.commit()


def test_an_address_may_try_again_once_the_window_has_passed(engine, settings):
    with Session(engine) as db:
        guard = saved.CheckResumeGuard(settings.model_copy(update={"redis_url": None}), db)
        address = _address()
        for _ in range(saved.RESUME_FAILURE_LIMIT):
            guard.attempt(address, None, NOW)
            guard.failed(address, NOW)
        assert guard.attempt(address, None, NOW) is not None
        assert guard.attempt(address, None, NOW + saved.RESUME_WINDOW + timedelta(seconds=1)) is None
        db.rollback()


def test_one_reference_is_refused_after_too_many_attempts_from_any_workers(workers):
    one, one_db, two, two_db = workers
    reference = saved.new_reference()
    for attempt in range(saved.REFERENCE_ATTEMPT_LIMIT):
        guard, db = (one, one_db) if attempt % 2 == 0 else (two, two_db)
        assert guard.attempt(_address(), reference, NOW) is None
        db.commit()
    blocked = two.attempt(_address(), reference, NOW)
    two_db.commit()
    assert blocked is not None and blocked.reason == "locked"
    assert blocked.retry_at > NOW
    assert one.attempt(_address(), saved.new_reference(), NOW) is None
    one_db.commit()


def test_counter_keys_hold_neither_the_address_nor_the_reference(engine, settings):
    from sqlalchemy import select

    from app.models.claim import RateLimitCounter

    with Session(engine) as db:
        guard = saved.CheckResumeGuard(settings.model_copy(update={"redis_url": None}), db)
        address, reference = "192.0.2.77", saved.new_reference()
        guard.attempt(address, reference, NOW)
        guard.failed(address, NOW)
        keys = db.scalars(select(RateLimitCounter.key)).all()
        assert keys and not any(address in k or reference in k for k in keys)
        db.rollback()


def test_a_found_reference_does_not_use_up_the_addresss_allowance(workers):
    one, one_db, _two, _two_db = workers
    address = _address()
    for _ in range(saved.RESUME_FAILURE_LIMIT * 2):
        assert one.attempt(address, saved.new_reference(), NOW) is None
        one.found(address)
        one_db.commit()
    assert one.attempt(address, None, NOW) is None
    one_db.commit()
