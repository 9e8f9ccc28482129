"""Staff roles and what each may do.

Roles come from the identity provider's groups, mapped in settings (``STAFF_ROLE_MAP``).
- advisor: helps claimants: the advisor console, co-browse, kiosk help requests;
- specialist: an advisor who also takes claims marked "needs a specialist" (welfare rights);
- supervisor: an advisor who also reads and exports the audit log and sees every office's work;
- admin: runs the portal: back-office deliveries and kiosk enrolment; not claimants' answers.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    ADVISOR = "advisor"
    SPECIALIST = "specialist"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# Roles whose holders help claimants (may open a claim under a grant, join a co-browse).
HELPS_CLAIMANTS = frozenset({Role.ADVISOR, Role.SPECIALIST, Role.SUPERVISOR})
READS_AUDIT = frozenset({Role.SUPERVISOR})
RUNS_PORTAL = frozenset({Role.ADMIN})
SEES_HELP_REQUESTS = frozenset({Role.ADVISOR, Role.SPECIALIST, Role.SUPERVISOR, Role.ADMIN})


def parse(text: str) -> frozenset[Role]:
    """Roles from their stored form (space separated); unknown words are dropped."""
    known = {r.value for r in Role}
    return frozenset(Role(word) for word in text.split() if word in known)


def stored(roles: frozenset[Role] | set[Role]) -> str:
    return " ".join(sorted(r.value for r in roles))


def from_groups(groups: list[str], role_map: dict[str, str]) -> frozenset[Role]:
    """The portal roles that an identity provider's groups map to (``role_map``: group -> role)."""
    known = {r.value for r in Role}
    return frozenset(Role(role_map[g]) for g in groups if g in role_map and role_map[g] in known)
