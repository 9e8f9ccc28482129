"""Answers to "Check what you can get", kept on the server, and results kept under a short reference.

The browser's cookie holds only its random session id; the answers are in
``check_sessions`` under a SHA-256 of that id, sealed (AES-GCM) with the portal's key.
One browser can reach only its own answers: the row is found from the cookie alone.

"Keep this result" copies the answers into ``saved_results`` under a reference of 8
characters from a 31-letter alphabet without look-alikes (31^8, about 8.5 x 10^11
possibilities), shown as "ABCD 2345". Typing it on any device, with no account, brings
the answers back into that browser's own session. Guessing is limited by
``CheckResumeGuard``, through the portal's shared guessing protection
(``app.services.rate_limit``: Redis when REDIS_URL is set, else the database, so every
worker and process counts together):

- per client (``rate_limit.client_key``: the address, or the kiosk device): after
  ``RESUME_FAILURE_LIMIT`` wrong references within ``RESUME_WINDOW`` it is refused until
  the window ends, so trying references at random would take centuries;
- per reference: at most ``REFERENCE_ATTEMPT_LIMIT`` attempts at one reference within
  ``REFERENCE_WINDOW``, whether it exists or not (so a refusal says nothing about
  whether a reference is real).

Counter keys are HMACs of the address or reference, never the values themselves.

For the claim: ``household_for(db, settings, council, reference)`` gives the rules
engine's Household for a kept result, which ``forms.hb_ctr.answers_from_household``
turns into a claim's prefilled answers; ``household_for_session`` does the same for the
answers a browser is working on now.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.council import CouncilProfile
from app.db import lock_row
from app.models.saved_result import CheckSession, SavedResult
from app.services.check import CheckContext, NotReady, household_from_answers
from app.services import keys
from app.services.crypto import CannotDecrypt, Sealer
from app.services.rate_limit import Blocked, Decision, key_for, limiter_for
from app.settings import Settings
from calculators.core.household import Household

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
RESUME_FAILURE_LIMIT = 10
RESUME_WINDOW = timedelta(minutes=15)
REFERENCE_ATTEMPT_LIMIT = 10
REFERENCE_WINDOW = timedelta(minutes=15)
STATE_CONTEXT = _STATE = b"check-state"
SAVED_CONTEXT = _SAVED = b"saved-result"


@dataclass
class CheckState:
    """What one browser is doing in the check and better-off journeys."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    before: dict[str, dict[str, Any]] | None = None
    """The answers before a "what if" change, while one is being looked at."""
    short: bool = False
    """Answering the short set of questions for "Better off in work?" on its own."""
    offer: dict[str, Any] | None = None
    """The job offer last entered in "Better off in work?", as typed."""
    reference: str | None = None
    """The reference of the result kept from these answers, if any."""

    def to_json(self) -> dict[str, Any]:
        return {"answers": self.answers, "before": self.before, "short": self.short, "offer": self.offer,
                "reference": self.reference}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckState:
        return cls(
            answers=data.get("answers") or {},
            before=data.get("before"),
            short=bool(data.get("short")),
            offer=data.get("offer"),
            reference=data.get("reference"),
        )


def sealer_for(settings: Settings) -> Sealer:
    """The portal's one Sealer (``app.services.keys.sealer_for``)."""
    return keys.sealer_for(settings)


def session_key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _row(db: Session, session_id: str) -> CheckSession | None:
    return db.scalars(select(CheckSession).where(CheckSession.session_key == session_key(session_id))).one_or_none()


def load_state(db: Session, sealer: Sealer, session_id: str) -> CheckState:
    """This browser's state; a fresh one if it has none (or it cannot be opened with today's key)."""
    row = _row(db, session_id)
    return CheckState() if row is None else _open(sealer, row)


def _open(sealer: Sealer, row: CheckSession) -> CheckState:
    try:
        return CheckState.from_json(sealer.open_json(row.state, context=_STATE))
    except CannotDecrypt:
        return CheckState()


def _locked_row(db: Session, sealer: Sealer, session_id: str) -> CheckSession:
    """This browser's row, locked until the transaction ends (made, empty, if it has none)."""
    key = session_key(session_id)
    row_id = db.scalars(select(CheckSession.id).where(CheckSession.session_key == key)).one_or_none()
    if row_id is None:
        # Another tab may be making it at this moment: then keep theirs.
        insert = postgresql_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
        empty = sealer.seal_json(CheckState().to_json(), context=_STATE)
        now = datetime.now(UTC)
        db.execute(
            insert(CheckSession)
            .values(id=uuid.uuid4(), session_key=key, state=empty, created_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["session_key"])
        )
        row_id = db.scalars(select(CheckSession.id).where(CheckSession.session_key == key)).one()
    row = lock_row(db, CheckSession, row_id)
    assert isinstance(row, CheckSession)
    return row


def update_state(db: Session, sealer: Sealer, session_id: str, change: Callable[[CheckState], None]) -> CheckState:
    """Apply ``change`` to this browser's state as stored now, and commit; returns the new state.

    The row is locked while ``change`` runs, so two tabs saving different pages at once both
    keep their answers: a save never writes back a state read before another tab's save.
    ``change`` must be quick (no engine calculations): others wait for the lock.
    """
    row = _locked_row(db, sealer, session_id)
    state = _open(sealer, row)
    change(state)
    row.state = sealer.seal_json(state.to_json(), context=_STATE)
    db.commit()
    return state


def save_state(db: Session, sealer: Sealer, session_id: str, state: CheckState) -> None:
    """Replace this browser's whole state (starting again, or a kept result brought back).

    To change part of it, use ``update_state``: this writes over anything saved meanwhile."""
    sealed = sealer.seal_json(state.to_json(), context=_STATE)
    row = _row(db, session_id)
    if row is None:
        db.add(CheckSession(session_key=session_key(session_id), state=sealed))
    else:
        row.state = sealed
    db.commit()


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(typed: str) -> str | None:
    """What was typed as a stored reference (spaces and dashes ignored, any case); None if it cannot be one."""
    compact = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(compact) != REFERENCE_LENGTH or any(ch not in REFERENCE_ALPHABET for ch in compact):
        return None
    return compact


def show_reference(reference: str) -> str:
    """'ABCD2345' -> 'ABCD 2345', easier to read out and copy."""
    return f"{reference[:4]} {reference[4:]}"


def keep_result(db: Session, sealer: Sealer, state: CheckState) -> str:
    """Keep these answers under a new reference; give the reference."""
    for _attempt in range(5):
        reference = new_reference()
        exists = db.scalars(select(SavedResult.id).where(SavedResult.reference == reference)).first()
        if exists is None:
            break
    else:  # pragma: no cover - 5 collisions in 8.5 x 10^11 is not going to happen
        raise RuntimeError("could not make a new reference")
    kept = {"answers": state.answers, "short": state.short, "offer": state.offer}
    db.add(SavedResult(reference=reference, state=sealer.seal_json(kept, context=_SAVED)))
    db.commit()
    return reference


def find_saved(db: Session, sealer: Sealer, reference: str) -> CheckState | None:
    row = db.scalars(select(SavedResult).where(SavedResult.reference == reference)).one_or_none()
    if row is None:
        return None
    try:
        state = CheckState.from_json(sealer.open_json(row.state, context=_SAVED))
    except CannotDecrypt:
        return None
    state.reference = reference
    return state


class CheckResumeGuard:
    """The limits on coming back to a kept result, shared by every worker (see the module's docstring).

    Every attempt is counted against the address BEFORE the reference is looked up, in one atomic
    step, so concurrent guesses cannot all be tried before the block; a reference that is found
    gives its attempt back (``found``), so only wrong references use up the allowance.
    Used by "Continue from a saved result" and by starting a claim from one.
    The caller owns the transaction: with the database limiter, commit after each attempt.
    """

    def __init__(self, settings: Settings, db: Session) -> None:
        self.limiter = limiter_for(settings, db)
        self.secret = settings.resolved_secret_key
        self._counted: Decision | None = None

    def _address(self, address: str) -> str:
        return key_for("check-resume-ip", address, self.secret)

    def attempt(self, address: str, reference: str | None, now: datetime) -> Blocked | None:
        """Before looking a reference up: count this attempt from the address (``client_key``) and at the reference."""
        counted = self.limiter.hit(self._address(address), limit=RESUME_FAILURE_LIMIT, window=RESUME_WINDOW, now=now)
        self._counted = counted
        if not counted.allowed:
            return Blocked("address", counted.retry_at or now + RESUME_WINDOW)
        if reference is None:
            return None
        decision = self.limiter.hit(key_for("check-resume-ref", reference, self.secret),
                                    limit=REFERENCE_ATTEMPT_LIMIT, window=REFERENCE_WINDOW, now=now)
        return None if decision.allowed else Blocked("locked", decision.retry_at or now + REFERENCE_WINDOW)

    def failed(self, address: str, now: datetime) -> Blocked | None:
        """A wrong reference from this address (already counted by ``attempt``); the block, if it started one."""
        counted, self._counted = self._counted, None
        if counted is None:
            raise RuntimeError("attempt() counts the attempt before the reference is looked up")
        if counted.count >= RESUME_FAILURE_LIMIT:
            return Blocked("address", counted.retry_at or now + RESUME_WINDOW)
        return None

    def found(self, address: str) -> None:
        """The reference was right: its attempt does not count against the address."""
        if self._counted is not None:
            self.limiter.refund(self._address(address))
            self._counted = None


def household_for(
    db: Session, settings: Settings, council: CouncilProfile, reference: str, *, today: date | None = None
) -> Household | None:
    """The rules engine's Household for a kept result (None for an unknown reference or unfinished answers).

    For a claim's prefill: ``forms.hb_ctr.answers_from_household(household_for(...))``.
    """
    normal = normalise_reference(reference)
    state = find_saved(db, sealer_for(settings), normal) if normal else None
    if state is None:
        return None
    return _household(council, state, today)


def household_for_session(
    db: Session, settings: Settings, council: CouncilProfile, session_id: str, *, today: date | None = None
) -> Household | None:
    """The Household for the answers this browser has given so far, if they are complete."""
    return _household(council, load_state(db, sealer_for(settings), session_id), today)


def household_of(council: CouncilProfile, state: CheckState, *, today: date | None = None) -> Household | None:
    """The Household for a kept result already found (None if its answers are unfinished)."""
    return _household(council, state, today)


def _household(council: CouncilProfile, state: CheckState, today: date | None) -> Household | None:
    try:
        built = household_from_answers(CheckContext(council, today or date.today()), state.answers, short=state.short)
    except NotReady:
        return None
    return built.household
