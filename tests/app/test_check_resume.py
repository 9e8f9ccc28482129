"""Coming back to a kept result: the guessing limits hold across workers, with the database or with Redis."""

from __future__ import annotations

import re
import uuid

import pytest
import redis

from app.main import create_app
from app.services import saved_results as saved
from tests.app.check_helpers import SINGLE_RENTER, answer_all, csrf
from tests.conftest import CheckedClient

REDIS_URL = "redis://127.0.0.1:6379/14"


def _address() -> tuple[str, int]:
    """A client address of its own, so one test's block never reaches another's."""
    n = uuid.uuid4().int
    return (f"198.51.{n % 250}.{(n >> 8) % 250 + 1}", 40000)


@pytest.fixture
def few_failures(monkeypatch):
    monkeypatch.setattr(saved, "RESUME_FAILURE_LIMIT", 3)


@pytest.fixture(scope="module")
def second_worker(settings):
    """Another portal process on the same database (as a second worker would be)."""
    return create_app(settings)


@pytest.fixture(scope="module")
def redis_workers(settings):
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running at 127.0.0.1:6379")
    client.close()
    shared = settings.model_copy(update={"redis_url": REDIS_URL})
    return create_app(shared), create_app(shared)


def _wrong(client) -> object:  # noqa: ANN001
    return client.post("/check/resume", data={"csrf_token": csrf(client), "reference": saved.show_reference(saved.new_reference())})


def _blocked_after_failures_across(first_app, second_app, titles) -> None:  # noqa: ANN001
    address = _address()
    with CheckedClient(first_app, titles=titles, client=address) as one, CheckedClient(second_app, titles=titles, client=address) as two:
        assert _wrong(one).status_code == 422
        assert _wrong(two).status_code == 422
        third = _wrong(one)
        assert third.status_code == 429
        assert "There have been too many attempts from this device or network. Try again in 15 minutes." in third.text
        # The other worker refuses too, before looking the reference up.
        refused = _wrong(two)
        assert refused.status_code == 429 and "Try again in 15 minutes" in refused.text
        assert 'class="govuk-error-summary' in refused.text


def test_wrong_references_block_the_address_in_every_worker(portal, second_worker, titles, few_failures):
    _blocked_after_failures_across(portal, second_worker, titles)


def test_wrong_references_block_the_address_in_every_worker_with_redis(redis_workers, titles, few_failures):
    _blocked_after_failures_across(*redis_workers, titles)


def test_a_blocked_address_cannot_resume_even_a_real_reference(client, portal, titles, few_failures):
    answer_all(client, SINGLE_RENTER)
    kept = client.post("/check/keep", data={"csrf_token": csrf(client)})
    reference = re.search(r'id="reference">([A-Z0-9 ]+)<', kept.text)[1]
    with CheckedClient(portal, titles=titles, client=_address()) as other:
        for _ in range(3):
            _wrong(other)
        refused = other.post("/check/resume", data={"csrf_token": csrf(other), "reference": reference})
        assert refused.status_code == 429
        assert other.get("/check/results", follow_redirects=False).status_code == 303


def test_one_reference_tried_too_often_is_refused_from_anywhere(portal, second_worker, titles, monkeypatch):
    monkeypatch.setattr(saved, "REFERENCE_ATTEMPT_LIMIT", 2)
    reference = saved.show_reference(saved.new_reference())
    for app in (portal, second_worker):
        with CheckedClient(app, titles=titles, client=_address()) as someone:
            answer = someone.post("/check/resume", data={"csrf_token": csrf(someone), "reference": reference})
            assert answer.status_code == 422
    with CheckedClient(portal, titles=titles, client=_address()) as third:
        refused = third.post("/check/resume", data={"csrf_token": csrf(third), "reference": reference})
        assert refused.status_code == 429
        assert "This reference has been tried too many times. Try again in 15 minutes" in refused.text
        # What was typed is kept.
        assert f'value="{reference}"' in refused.text


def test_an_empty_reference_is_asked_for_and_not_counted(portal, titles, few_failures):
    with CheckedClient(portal, titles=titles, client=_address()) as someone:
        for _ in range(4):
            empty = someone.post("/check/resume", data={"csrf_token": csrf(someone), "reference": " "})
            assert empty.status_code == 422 and "Enter your reference" in empty.text
        assert _wrong(someone).status_code == 422
