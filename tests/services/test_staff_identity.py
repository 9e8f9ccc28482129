"""Staff sessions: they end on sign-out, after the idle timeout and after the absolute lifetime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.models.audit import AuditEvent
from app.services.staff import identity
from app.services.staff.roles import Role, from_groups, parse, stored

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(session):  # noqa: ANN001, ANN201
    return session


def _signed_in(db, *, roles=frozenset({Role.ADVISOR}), subject="sam"):  # noqa: ANN001, ANN202
    member = identity.member_for(db, issuer="https://idp.test", subject=subject, name="Sam Jones", email=None,
                                 roles=roles, office=None, now=T0)
    raw = identity.start(db, member, now=T0)
    db.commit()
    return member, raw


def test_a_session_is_live_until_the_idle_timeout(db, settings):  # noqa: ANN001
    _, raw = _signed_in(db, subject="idle")
    idle = timedelta(minutes=settings.staff_idle_minutes)
    assert identity.load(db, raw, settings, T0 + idle - timedelta(seconds=1)).name == "Sam Jones"
    # That request moved last-seen on: the idle period now counts from it.
    assert identity.load(db, raw, settings, T0 + 2 * idle - timedelta(seconds=2)) is not None
    assert identity.load(db, raw, settings, T0 + 3 * idle) is None
    # Once ended, never live again, even at an earlier clock.
    assert identity.load(db, raw, settings, T0 + timedelta(minutes=1)) is None


def test_a_busy_session_still_ends_at_its_absolute_lifetime(db, settings):  # noqa: ANN001
    _, raw = _signed_in(db, subject="busy")
    step = timedelta(minutes=settings.staff_idle_minutes - 1)
    now = T0
    while now + step < T0 + timedelta(hours=settings.staff_session_hours):
        now += step
        assert identity.load(db, raw, settings, now) is not None
    assert identity.load(db, raw, settings, T0 + timedelta(hours=settings.staff_session_hours, seconds=1)) is None


def test_sign_out_ends_the_session_and_both_are_audited(db, settings):  # noqa: ANN001
    member, raw = _signed_in(db, subject="out")
    assert identity.end(db, raw, T0 + timedelta(minutes=5)) is not None
    db.commit()
    assert identity.load(db, raw, settings, T0 + timedelta(minutes=6)) is None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.actor_ref == str(member.id)).order_by(AuditEvent.at)).all()
    assert actions[:2] == ["staff-signed-in", "staff-signed-out"]


def test_an_unknown_or_overlong_cookie_is_nobody(db, settings):  # noqa: ANN001
    assert identity.load(db, None, settings, T0) is None
    assert identity.load(db, "x" * 43, settings, T0) is None
    assert identity.load(db, "x" * 500, settings, T0) is None


def test_roles_come_only_from_mapped_groups():
    role_map = {"portal-advisors": "advisor", "portal-admins": "admin", "odd": "emperor"}
    assert from_groups(["portal-advisors", "everyone", "odd"], role_map) == {Role.ADVISOR}
    assert from_groups([], role_map) == frozenset()
    assert parse(stored({Role.ADMIN, Role.ADVISOR})) == {Role.ADMIN, Role.ADVISOR}
    assert parse("advisor emperor") == {Role.ADVISOR}
