"""An advisor opens a claim only with the claimant's consent or an assignment; a role alone opens nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.models.audit import AuditEvent
from app.services import claims
from app.services.advisor import access
from app.services.staff import identity
from app.services.staff.roles import Role
from app.settings import Settings

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(session):  # noqa: ANN001, ANN201
    return session


def _user(db, subject: str, *roles: Role) -> identity.StaffUser:  # noqa: ANN001
    member = identity.member_for(db, issuer="https://idp.test", subject=subject, name=subject.title(), email=None,
                                 roles=frozenset(roles), office=None, now=T0)
    raw = identity.start(db, member, now=T0)
    db.commit()
    return identity.load(db, raw, Settings(), T0)


def _claim(db, settings):  # noqa: ANN001, ANN202
    claim = claims.start_claim(db, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 12, 1),
                               answers={"first_name": "Ann"}, sealer=claims.sealer_for(settings))
    db.commit()
    return claim


def _refusals(db, claim) -> int:  # noqa: ANN001
    return len(db.scalars(select(AuditEvent).where(AuditEvent.subject_ref == f"claim:{claim.reference}",
                                                   AuditEvent.outcome == "refused")).all())


def test_without_consent_or_assignment_even_a_supervisor_is_refused_and_it_is_logged(db, settings):  # noqa: ANN001
    claim = _claim(db, settings)
    boss = _user(db, "boss", Role.SUPERVISOR, Role.ADMIN)
    with pytest.raises(access.Refused):
        access.require(db, claim, boss, action="claim-viewed", now=T0)
    assert _refusals(db, claim) == 1


def test_a_consent_grant_opens_the_claim_until_it_ends(db, settings):  # noqa: ANN001
    claim = _claim(db, settings)
    sam = _user(db, "sam-consent", Role.ADVISOR)
    access.grant(db, claim, sam, access.SHARE_CODE, T0)
    db.commit()
    access.require(db, claim, sam, action="claim-viewed", now=T0 + timedelta(hours=1))
    assert access.may_open(db, claim, sam, T0 + timedelta(hours=access.CONSENT_HOURS) - timedelta(seconds=1))
    assert not access.may_open(db, claim, sam, T0 + timedelta(hours=access.CONSENT_HOURS, seconds=1))
    # Another advisor gets nothing from Sam's grant.
    other = _user(db, "other", Role.ADVISOR)
    assert not access.may_open(db, claim, other, T0 + timedelta(minutes=1))


def test_an_ended_grant_opens_nothing(db, settings):  # noqa: ANN001
    claim = _claim(db, settings)
    sam = _user(db, "sam-ended", Role.ADVISOR)
    access.grant(db, claim, sam, access.IN_PERSON, T0)
    access.end_grants(db, claim, sam.member_id, T0 + timedelta(minutes=5))
    db.commit()
    assert not access.may_open(db, claim, sam, T0 + timedelta(minutes=6))


def test_an_assignment_opens_the_claim_but_only_to_a_role_that_helps_claimants(db, settings):  # noqa: ANN001
    claim = _claim(db, settings)
    helper = _user(db, "assigned-helper", Role.SPECIALIST)
    admin = _user(db, "assigned-admin", Role.ADMIN)
    claim.assigned_to = helper.member_id
    db.commit()
    assert access.may_open(db, claim, helper, T0 + timedelta(days=30))
    claim.assigned_to = admin.member_id
    db.commit()
    assert not access.may_open(db, claim, admin, T0)
