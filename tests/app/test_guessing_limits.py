"""Guessing limits through the real routes: every way in with a reference, secret, link or access
code is counted, concurrent guesses cannot overtake the count, and a missing reference costs the
same Argon2 work as a real one.

Each test uses client addresses of its own, so counters never carry over between tests.
"""

from __future__ import annotations

import logging
import secrets
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from app.db import upgrade_to_head
from app.main import create_app
from app.models.claim import Claim
from app.routes.staff import get_back_office
from app.services import claim_journey as cj
from app.services import claims
from app.services import saved_results as saved
from app.services.rate_limit import STAFF_CLIENT_LIMIT, staff_guard
from app.services.submission.config import BackOfficeSettings
from tests.app.test_claim_pages import csrf
from tests.conftest import CheckedClient

IP_LIMIT = 3
START_LIMIT = 3
MAX_FAILURES = 5
GUESSES = 40
STAFF_TOKEN = "staff-access-code-for-limit-tests"


@pytest.fixture(scope="module", autouse=True)
def migrated(database_url):  # noqa: ANN001
    upgrade_to_head(database_url)


@pytest.fixture(scope="module")
def limited(settings):
    """A portal with small limits, so each can be reached in a few requests."""
    return create_app(settings.model_copy(update={
        "claim_resume_ip_limit": IP_LIMIT, "claim_resume_max_failures": MAX_FAILURES, "claim_start_limit": START_LIMIT,
    }))


@pytest.fixture(scope="module")
def busy(settings):
    """A portal whose address limits are out of the way, for many guesses at one claim at once."""
    return create_app(settings.model_copy(update={
        "claim_resume_ip_limit": 1000, "claim_resume_max_failures": MAX_FAILURES, "claim_start_limit": 1000,
    }))


def _address() -> str:
    return f"198.51.100.{secrets.randbelow(250)}-{uuid.uuid4().hex[:8]}"


def browser(app, titles, address: str | None = None) -> CheckedClient:
    return CheckedClient(app, titles=titles, base_url="http://testserver", client=(address or _address(), 50000))


def _claim_with_secret(app, secret: str) -> str:
    with app.state.sessionmaker() as db:
        claim = cj.start(db, council=app.state.council, sealer=claims.sealer_for(app.state.settings))
        cj.set_secret(db, claim, secret)
        db.commit()
        return claim.reference


def _made_up_reference() -> str:
    return "HB-" + uuid.uuid4().hex[:10].upper()


class CountingHasher:
    """The real Argon2 hasher, counting the hashes it verifies against."""

    def __init__(self, real) -> None:  # noqa: ANN001
        self.real = real
        self.verified: list[str] = []

    def verify(self, hashed: str, secret: str) -> bool:
        self.verified.append(hashed)
        return self.real.verify(hashed, secret)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.real, name)


@pytest.fixture
def hasher(monkeypatch) -> CountingHasher:
    counting = CountingHasher(cj._hasher)
    monkeypatch.setattr(cj, "_hasher", counting)
    return counting


SIGN_IN_PAGES = ["/claim/resume", "/claim/evidence"]


# ---------------------------------------------------------------------------- concurrent guesses


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_concurrent_wrong_secrets_are_checked_no_more_than_the_lock_allows(busy, titles, hasher, path):
    reference = _claim_with_secret(busy, "the right secret")
    with browser(busy, titles) as guesser:
        token = csrf(guesser.get(path).text)
        ready = threading.Barrier(GUESSES)

        def guess(n: int) -> int:
            ready.wait()
            return guesser.post(path, data={"reference": reference, "secret": f"wrong guess {n}", "csrf_token": token}).status_code

        with ThreadPoolExecutor(GUESSES) as pool:
            statuses = Counter(pool.map(guess, range(GUESSES)))
    with busy.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        checked = hasher.verified.count(claim.secret_hash)
        assert checked == MAX_FAILURES
        assert claim.failed_resumes == MAX_FAILURES and claim.locked_until is not None
    # Every guess got an answer (no "database is locked"): the ones checked, then the lock.
    assert statuses == {422: MAX_FAILURES - 1, 429: GUESSES - MAX_FAILURES + 1}


def test_concurrent_guesses_at_kept_results_are_counted_before_any_lookup(busy, titles, monkeypatch):
    looked_up = []
    real_find = saved.find_saved

    def counting_find(db, sealer, reference):  # noqa: ANN001, ANN202
        looked_up.append(reference)
        return real_find(db, sealer, reference)

    monkeypatch.setattr(saved, "find_saved", counting_find)
    with browser(busy, titles) as guesser:
        token = csrf(guesser.get("/check/resume").text)
        ready = threading.Barrier(GUESSES)

        def guess(_n: int) -> int:
            ready.wait()
            return guesser.post("/check/resume", data={"reference": saved.new_reference(), "csrf_token": token}).status_code

        with ThreadPoolExecutor(GUESSES) as pool:
            statuses = Counter(pool.map(guess, range(GUESSES)))
    assert len(looked_up) == saved.RESUME_FAILURE_LIMIT
    assert statuses == {422: saved.RESUME_FAILURE_LIMIT - 1, 429: GUESSES - saved.RESUME_FAILURE_LIMIT + 1}


def test_a_one_time_link_opened_many_times_at_once_opens_the_claim_once(busy, titles):
    with busy.state.sessionmaker() as db:
        claim = cj.start(db, council=busy.state.council, sealer=claims.sealer_for(busy.state.settings))
        link = cj.create_link(db, claim, hours=1)
        db.commit()
    with browser(busy, titles) as opener:
        token = csrf(opener.get("/claim/resume").text)
        ready = threading.Barrier(10)

        def use(_n: int) -> str:
            ready.wait()
            return opener.post(f"/claim/resume/link/{link}", data={"csrf_token": token},
                               follow_redirects=False).headers["location"]

        with ThreadPoolExecutor(10) as pool:
            places = Counter(pool.map(use, range(10)))
    assert places == {"/claim/tasks": 1, "/claim/resume?link=expired": 9}


# ---------------------------------------------------------------------------- the same work for a missing reference


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_a_missing_reference_takes_the_same_secret_check_as_a_real_one(limited, titles, hasher, path):
    reference = _claim_with_secret(limited, "the right secret")
    with browser(limited, titles) as guesser:
        token = csrf(guesser.get(path).text)
        guesser.post(path, data={"reference": reference, "secret": "a wrong secret", "csrf_token": token})
        for_real = len(hasher.verified)
        guesser.post(path, data={"reference": _made_up_reference(), "secret": "a wrong secret", "csrf_token": token})
        for_missing = len(hasher.verified) - for_real
    assert for_real == for_missing == 1


def test_a_sent_claim_takes_the_same_secret_check_when_resuming_a_draft(limited, titles, hasher, settings):
    reference = _claim_with_secret(limited, "the right secret")
    with limited.state.sessionmaker() as db:
        claim = db.scalars(select(Claim).where(Claim.reference == reference)).one()
        claim.status = "submitted"
        db.commit()
    with browser(limited, titles) as guesser:
        token = csrf(guesser.get("/claim/resume").text)
        answer = guesser.post("/claim/resume", data={"reference": reference, "secret": "the right secret", "csrf_token": token})
    assert answer.status_code == 422 and len(hasher.verified) == 1


# ---------------------------------------------------------------------------- every way in is limited


def _resume(client, token: str) -> int:  # noqa: ANN001
    return client.post("/claim/resume", data={"reference": _made_up_reference(), "secret": "guess guess", "csrf_token": token}).status_code


def _evidence(client, token: str) -> int:  # noqa: ANN001
    return client.post("/claim/evidence", data={"reference": _made_up_reference(), "secret": "guess guess", "csrf_token": token}).status_code


def _open_link(client, token: str) -> int:  # noqa: ANN001
    where = client.get(f"/claim/resume/link/{secrets.token_urlsafe(32)}", follow_redirects=False).headers["location"]
    return 429 if where == "/claim/resume" else 422


def _use_link(client, token: str) -> int:  # noqa: ANN001
    where = client.post(f"/claim/resume/link/{secrets.token_urlsafe(32)}", data={"csrf_token": token},
                        follow_redirects=False).headers["location"]
    return 429 if where == "/claim/resume" else 422


def _check_resume(client, token: str) -> int:  # noqa: ANN001
    return client.post("/check/resume", data={"reference": saved.new_reference(), "csrf_token": token}).status_code


def _staff_sign_in(client, token: str) -> int:  # noqa: ANN001
    return client.post("/staff/sign-in", data={"access_code": "a guess at the code", "csrf_token": token}).status_code


def _staff_header(client, token: str) -> int:  # noqa: ANN001
    answer = client.get("/staff/deliveries", headers={"Authorization": "Bearer a-guess-at-the-code"}, follow_redirects=False)
    return 422 if answer.status_code == 401 else answer.status_code


WAYS_IN = [
    ("/claim/resume", _resume, IP_LIMIT),
    ("/claim/resume", _evidence, IP_LIMIT),
    ("/claim/resume", _open_link, IP_LIMIT),
    ("/claim/resume", _use_link, IP_LIMIT),
    ("/check/resume", _check_resume, saved.RESUME_FAILURE_LIMIT - 1),
    ("/staff/sign-in", _staff_sign_in, STAFF_CLIENT_LIMIT),
    ("/staff/sign-in", _staff_header, STAFF_CLIENT_LIMIT),
]


@pytest.fixture
def staff_on(limited):
    limited.dependency_overrides[get_back_office] = lambda: BackOfficeSettings(staff_token=STAFF_TOKEN)
    yield
    limited.dependency_overrides.pop(get_back_office, None)
    with limited.state.sessionmaker() as db:  # the portal-wide count is shared by every test
        staff_guard(limited.state.settings, db).limiter.reset("limit:staff-sign-in:all")
        db.commit()


@pytest.mark.parametrize(("form_page", "attempt", "allowed"), WAYS_IN, ids=[w[1].__name__.strip("_") for w in WAYS_IN])
def test_every_way_in_with_a_reference_secret_or_code_is_limited_per_client(limited, titles, staff_on, form_page, attempt, allowed):
    with browser(limited, titles) as guesser:
        token = csrf(guesser.get(form_page).text)
        answers = [attempt(guesser, token) for _ in range(allowed)]
        assert 429 not in answers
        assert attempt(guesser, token) == 429
    with browser(limited, titles) as someone_else:
        assert attempt(someone_else, csrf(someone_else.get(form_page).text)) != 429


def test_a_claim_start_with_a_kept_result_is_refused_from_an_address_blocked_on_check_resume(limited, titles):
    with limited.state.sessionmaker() as db:
        kept = saved.keep_result(db, saved.sealer_for(limited.state.settings), saved.CheckState())
    with browser(limited, titles) as guesser:
        token = csrf(guesser.get("/check/resume").text)
        for _ in range(saved.RESUME_FAILURE_LIMIT):
            _check_resume(guesser, token)
        refused = guesser.post("/claim/start", data={"check": kept, "csrf_token": token}, follow_redirects=False)
    assert refused.status_code == 429 and "too many attempts" in refused.text
    assert "claim" not in refused.cookies


def test_kept_result_references_typed_into_a_claim_start_count_as_guesses(limited, titles):
    with browser(limited, titles, address=_address()) as guesser:
        # Each start makes a draft (and a new session, so a new form token): the start limit comes
        # first, then (for another address) the guesses.
        for _ in range(START_LIMIT):
            token = csrf(guesser.get("/claim").text)
            guesser.post("/claim/start", data={"check": saved.new_reference(), "csrf_token": token}, follow_redirects=False)
        token = csrf(guesser.get("/claim").text)
        resume = guesser.post("/check/resume", data={"reference": saved.new_reference(), "csrf_token": token})
        # START_LIMIT wrong references through the claim start, one more here: all counted together.
        assert resume.status_code == 422
        for _ in range(saved.RESUME_FAILURE_LIMIT - START_LIMIT - 2):
            _check_resume(guesser, token)
        assert _check_resume(guesser, token) == 429


def test_starting_claims_is_limited_per_client_with_a_clear_page(limited, titles):
    with browser(limited, titles) as starter:
        for _ in range(START_LIMIT):
            token = csrf(starter.get("/claim").text)  # each start gives the browser a new session
            started = starter.post("/claim/start", data={"csrf_token": token}, follow_redirects=False)
            assert started.headers["location"] == "/claim/tasks"
        token = csrf(starter.get("/claim").text)
        refused = starter.post("/claim/start", data={"csrf_token": token}, follow_redirects=False)
    assert refused.status_code == 429
    assert "too many attempts from this device or network" in refused.text and "claim" not in refused.cookies


# ---------------------------------------------------------------------------- kiosks


class _Kiosk:
    def __init__(self, device_id: str) -> None:
        self.id = device_id


def _from_kiosk(app, device_id: str):  # noqa: ANN001, ANN202
    """The portal as kiosk mode will run it: the enrolled device in the request's state."""

    async def kiosk_app(scope, receive, send):  # noqa: ANN001, ANN202
        if scope["type"] == "http":
            scope.setdefault("state", {})["kiosk_device"] = _Kiosk(device_id)
        await app(scope, receive, send)

    return kiosk_app


def test_kiosks_on_one_network_each_have_their_own_limit(limited, titles):
    network = _address()
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    with CheckedClient(_from_kiosk(limited, first), titles=titles, client=(network, 1)) as kiosk:
        token = csrf(kiosk.get("/claim/resume").text)
        for _ in range(IP_LIMIT):
            _resume(kiosk, token)
        assert _resume(kiosk, token) == 429
    with CheckedClient(_from_kiosk(limited, second), titles=titles, client=(network, 2)) as other_kiosk:
        assert _resume(other_kiosk, csrf(other_kiosk.get("/claim/resume").text)) == 422


# ---------------------------------------------------------------------------- staff


def test_wrong_staff_codes_are_logged_without_the_code(limited, titles, staff_on, caplog):
    guess = "my-guess-" + uuid.uuid4().hex
    with caplog.at_level(logging.WARNING), browser(limited, titles) as guesser:
        token = csrf(guesser.get("/staff/sign-in").text)
        assert guesser.post("/staff/sign-in", data={"access_code": guess, "csrf_token": token}).status_code == 422
    failures = [r for r in caplog.records if "staff sign-in failed" in r.getMessage()]
    assert len(failures) == 1
    assert not any(guess in r.getMessage() for r in caplog.records)


def test_the_right_staff_code_does_not_use_up_the_allowance(limited, titles, staff_on):
    with browser(limited, titles) as office:
        for _ in range(STAFF_CLIENT_LIMIT + 2):
            assert office.get("/staff/deliveries", headers={"Authorization": f"Bearer {STAFF_TOKEN}"}).status_code == 200
