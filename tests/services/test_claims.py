"""Claims service: references, sealed answers with history, events, submission hooks."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import ActorKind
from app.models.claim import Claim, ClaimAnswer
from app.services import claims
from app.services.crypto import Sealer
from app.services.rate_limit import aware

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@pytest.fixture
def sealer():
    return Sealer.from_secret("a-test-secret-of-enough-length")


def _start(session, sealer, answers=None):
    return claims.start_claim(
        session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 29),
        answers=answers, sealer=sealer, now=NOW,
    )


def test_references_are_random_readable_and_unique():
    refs = {claims.new_reference() for _ in range(2000)}
    assert len(refs) == 2000
    for ref in refs:
        assert re.fullmatch(r"HB-[234679ACDEFGHJKMNPQRTUVWXYZ]{10}", ref)


def test_a_typed_reference_is_normalised():
    assert claims.normalise_reference(" hb 7k3m-9qxw2p ") == "HB-7K3M9QXW2P"
    assert claims.normalise_reference("7K3M9QXW2P") == "HB-7K3M9QXW2P"


def test_answers_are_sealed_read_back_and_kept_with_history(session, sealer):
    claim = _start(session, sealer, {"your_name": "Ann Example"})
    assert claims.get_claim(session, claim.reference) is claim
    row = session.scalars(select(ClaimAnswer).where(ClaimAnswer.claim_id == claim.id)).one()
    assert b"Ann" not in row.value_sealed
    changed = claims.save_answers(session, claim, {"your_name": "Ann Example", "children": [{"name": "Bo"}]}, sealer, now=NOW)
    assert changed == ["children"]
    claims.save_answers(session, claim, {"children": [{"name": "Bo"}]}, sealer, actor=(ActorKind.ADVISOR, "advisor:1"), now=NOW)
    assert claims.answers_of(session, claim, sealer) == {"children": [{"name": "Bo"}]}
    history = [(h.key, h.value_sealed is None, h.entered_by_kind) for h in claims.history_of(session, claim)]
    assert ("your_name", True, ActorKind.ADVISOR) in history
    assert ("your_name", False, ActorKind.CLAIMANT) in history
    kinds = [e.kind for e in claims.events_of(session, claim)]
    assert kinds[0] == "started" and kinds.count("saved") == 3


def test_another_key_cannot_open_the_answers(session, sealer):
    from app.services.crypto import CannotDecrypt

    claim = _start(session, sealer, {"your_name": "Ann"})
    with pytest.raises(CannotDecrypt):
        claims.answers_of(session, claim, Sealer.from_secret("another-secret-of-enough-length"))


def test_submission_runs_each_hook_once_and_freezes_the_claim(session, sealer):
    claim = _start(session, sealer, {"your_name": "Ann"})
    claim.secret_hash = "x"
    seen: list[str] = []
    claims.SUBMITTED_HOOKS.append(lambda s, c: seen.append(c.reference))
    try:
        assert claims.mark_submitted(session, claim, NOW) is True
        assert claims.mark_submitted(session, claim, NOW) is False
    finally:
        claims.SUBMITTED_HOOKS.pop()
    assert seen == [claim.reference]
    # As stored (the claim is re-read under its lock): SQLite gives times back without their zone.
    assert claim.status == "submitted" and aware(claim.submitted_at) == NOW
    assert claim.expires_at is None
    assert claim.secret_hash == "x", "the secret stays, so evidence can be added after sending"
    with pytest.raises(claims.ClaimSubmitted):
        claims.save_answers(session, claim, {"your_name": "Changed"}, sealer)
    assert [e.kind for e in claims.events_of(session, claim)].count("submitted") == 1


def test_deleting_a_claim_deletes_its_answers(session, sealer):
    claim = _start(session, sealer, {"your_name": "Ann"})
    session.delete(claim)
    session.flush()
    assert session.scalars(select(ClaimAnswer).where(ClaimAnswer.claim_id == claim.id)).all() == []
    assert session.get(Claim, claim.id) is None


def _committed_claim(engine, sealer, answers=None) -> Claim:
    with Session(engine, expire_on_commit=False) as setup:
        claim = _start(setup, sealer, answers)
        setup.commit()
        return claim


def test_a_second_send_with_the_claim_read_before_the_first_changes_nothing(engine, sealer):
    claim = _committed_claim(engine, sealer, {"your_name": "Ann"})
    with Session(engine) as late, Session(engine) as first:
        stale = late.get(Claim, claim.id)  # read while still a draft
        assert stale.status == "draft"
        assert claims.mark_submitted(first, first.get(Claim, claim.id), NOW) is True
        first.commit()
        assert claims.mark_submitted(late, stale, NOW.replace(hour=11)) is False
        late.commit()
    with Session(engine) as check:
        stored = check.get(Claim, claim.id)
        assert aware(stored.submitted_at) == NOW
        assert [e.kind for e in claims.events_of(check, stored)].count("submitted") == 1


def test_changing_answers_keeps_what_was_saved_after_the_claim_was_read(engine, sealer):
    claim = _committed_claim(engine, sealer, {"your_name": "Ann"})
    with Session(engine) as late, Session(engine) as first:
        read_early = claims.answers_of(late, late.get(Claim, claim.id), sealer)
        claims.change_answers(first, first.get(Claim, claim.id), lambda now: now | {"phone": "07700 900982"}, sealer)
        first.commit()
        seen_inside: list[dict] = []

        def add_email(now: dict) -> dict:
            seen_inside.append(now)
            return now | {"email": "ann@example.com"}

        claims.change_answers(late, late.get(Claim, claim.id), add_email, sealer)
        late.commit()
        assert read_early == {"your_name": "Ann"} and seen_inside == [{"your_name": "Ann", "phone": "07700 900982"}]
    with Session(engine) as check:
        assert claims.answers_of(check, check.get(Claim, claim.id), sealer) == {
            "your_name": "Ann", "phone": "07700 900982", "email": "ann@example.com"}


def test_answers_cannot_change_once_another_request_has_sent_the_claim(engine, sealer):
    claim = _committed_claim(engine, sealer, {"your_name": "Ann"})
    with Session(engine) as late, Session(engine) as first:
        stale = late.get(Claim, claim.id)
        claims.mark_submitted(first, first.get(Claim, claim.id), NOW)
        first.commit()
        with pytest.raises(claims.ClaimSubmitted):
            claims.change_answers(late, stale, lambda now: now | {"your_name": "Changed"}, sealer)
        late.rollback()
