"""Signing a test client in as a member of staff without going through the identity provider.

The sign-in itself (OpenID Connect against a real provider) has its own tests; pages behind it
use this to start a staff session the way the sign-in finishes one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.services.staff import identity
from app.services.staff.roles import Role


def sign_in_as(client, portal, *, name: str = "Sam Jones", roles: tuple[Role, ...] = (Role.ADVISOR,),  # noqa: ANN001
               subject: str | None = None, office: str | None = "Town Hall reception") -> identity.StaffUser:
    """Starts a staff session for a demo member of staff and puts its cookie on ``client``; returns who they are."""
    now = datetime.now(UTC)
    with portal.state.sessionmaker() as db:
        member = identity.member_for(db, issuer="https://idp.test", subject=subject or name.lower().replace(" ", "-"),
                                     name=name, email=None, roles=frozenset(roles), office=office, now=now)
        raw = identity.start(db, member, now=now)
        db.commit()
        user = identity.load(db, raw, portal.state.settings, now)
    client.cookies.set(identity.COOKIE, raw)
    return user
