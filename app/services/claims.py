"""Claims: start, read, save answers, record events, submit.

The API other parts of the portal use:

    claim = get_claim(session, "HB-7K3M9QXW2P")          # None if there is no such claim
    answers = answers_of(session, claim, sealer_for(settings))   # the whole answers dict forms/ expects
    mark_submitted(session, claim, at=datetime.now(UTC))  # once; a second call changes nothing

Code that must run when a claim is submitted (building the back-office package, for
instance) registers a function in ``SUBMITTED_HOOKS``; ``mark_submitted`` calls each one
with ``(session, claim)`` once, inside the same transaction, the first time a claim is
submitted.

Two tabs, a double click, or an advisor and the claimant may save the same claim at once.
``change_answers`` takes the claim's lock, re-reads the answers inside it and applies one
page's change to them, so a save never writes back answers it read before someone else's
save; ``mark_submitted`` re-reads the claim under the same lock, so a second "Send" changes
nothing.

Answers are stored one row per top-level key of the answers dict (a question id, a
repeating group's id, ``"<group>:add_another"``, or ``"<group>:added"``: the marks of new items
already saved, see claim_journey.save_page), sealed with the Sealer. Every change
also adds a ``claim_answer_history`` row (a null value: removed), so who entered each
answer and when is kept even after it changes.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import lock_row
from app.models.audit import ActorKind
from app.models.claim import DRAFT, SUBMITTED, Claim, ClaimAnswer, ClaimAnswerHistory, ClaimEvent
from app.services import keys
from app.services.crypto import Sealer
from app.settings import Settings

ANSWER_CONTEXT = b"claim-answer"
CONTACT_CONTEXT = b"claim-contact"
REFERENCE_PREFIX = "HB-"
# No 0/O, 1/I/L, 5/S, 8/B: easy to read aloud and to type from a letter.
REFERENCE_ALPHABET = "234679ACDEFGHJKMNPQRTUVWXYZ"
REFERENCE_LENGTH = 10
DEFAULT_DRAFT_DAYS = 28

SubmittedHook = Callable[[Session, Claim], None]
SUBMITTED_HOOKS: list[SubmittedHook] = []


class ClaimSubmitted(Exception):
    """The claim has been submitted and can no longer be changed."""


def sealer_for(settings: Settings) -> Sealer:
    """The portal's one Sealer for personal data (``app.services.keys.sealer_for``: DATA_ENCRYPTION_KEYS)."""
    return keys.sealer_for(settings)


def new_reference() -> str:
    """A random reference such as "HB-7K3M9QXW2P" (10 characters from 27: about 47 bits)."""
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(typed: str) -> str:
    """What a person typed, as a stored reference: spaces and dashes ignored, upper case, "HB" added."""
    compact = "".join(ch for ch in typed.upper() if ch.isalnum())
    if compact.startswith("HB"):
        compact = compact[2:]
    return REFERENCE_PREFIX + compact


def get_claim(session: Session, reference: str) -> Claim | None:
    return session.scalars(select(Claim).where(Claim.reference == reference)).one_or_none()


def start_claim(
    session: Session,
    *,
    form_id: str,
    form_version: int,
    council: str,
    claim_date: date,
    answers: dict[str, Any] | None,
    sealer: Sealer,
    draft_days: int = DEFAULT_DRAFT_DAYS,
    now: datetime | None = None,
    actor: tuple[ActorKind, str | None] = (ActorKind.CLAIMANT, None),
) -> Claim:
    """A new draft with a fresh reference, and its answers (prefilled ones, say). Flushed, not committed."""
    now = now or datetime.now(UTC)
    for _ in range(5):
        reference = new_reference()
        if get_claim(session, reference) is None:
            break
    else:  # pragma: no cover - 27**10 references
        raise RuntimeError("could not find an unused claim reference")
    claim = Claim(
        reference=reference,
        form_id=form_id,
        form_version=form_version,
        council=council,
        status=DRAFT,
        claim_date=claim_date,
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(days=draft_days),
        failed_resumes=0,
    )
    session.add(claim)
    session.flush()
    record_event(session, claim, "started", actor=actor, at=now)
    if answers:
        save_answers(session, claim, answers, sealer, actor=actor, now=now)
    return claim


def _answer_rows(claim: Claim):  # noqa: ANN202
    # As stored now, not as this session may have read them earlier in the request.
    return select(ClaimAnswer).where(ClaimAnswer.claim_id == claim.id).execution_options(populate_existing=True)


def lock(session: Session, claim: Claim) -> Claim:
    """Take the claim's write lock until the transaction ends, and re-read it (``claim`` is refreshed)."""
    session.flush()
    fresh = lock_row(session, Claim, claim.id)
    if fresh is None:  # pragma: no cover - claims are deleted only by the draft purge
        raise LookupError(claim.reference)
    return fresh


def change_answers(
    session: Session,
    claim: Claim,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    sealer: Sealer,
    *,
    actor: tuple[ActorKind, str | None] = (ActorKind.CLAIMANT, None),
    now: datetime | None = None,
    draft_days: int | None = None,
    actor_for: Callable[[str], tuple[ActorKind, str | None]] | None = None,
) -> list[str]:
    """Apply ``change`` to the answers as stored now, under the claim's lock; returns the keys that changed.

    ``change`` gets the current answers and returns the new whole answers dict; an exception
    from it leaves everything as it was (the caller rolls back). Raises ClaimSubmitted if the
    claim has been sent, even by a request that finished a moment ago. Flushes; the caller
    commits, promptly: the lock is held until then.
    """
    lock(session, claim)
    if claim.status != DRAFT:
        raise ClaimSubmitted(claim.reference)
    answers = change(answers_of(session, claim, sealer))
    return save_answers(session, claim, answers, sealer, actor=actor, now=now, draft_days=draft_days, actor_for=actor_for)


def answers_of(session: Session, claim: Claim, sealer: Sealer) -> dict[str, Any]:
    """The claim's whole answers dict, as forms.Journey expects it."""
    rows = session.scalars(_answer_rows(claim)).all()
    return {row.key: sealer.open_json(row.value_sealed, context=ANSWER_CONTEXT) for row in rows}


def save_answers(
    session: Session,
    claim: Claim,
    answers: dict[str, Any],
    sealer: Sealer,
    *,
    actor: tuple[ActorKind, str | None] = (ActorKind.CLAIMANT, None),
    now: datetime | None = None,
    draft_days: int | None = None,
    actor_for: Callable[[str], tuple[ActorKind, str | None]] | None = None,
) -> list[str]:
    """Make the stored answers equal ``answers`` (the whole dict); returns the keys that changed.

    Each changed answer is recorded as entered by ``actor``, or by ``actor_for(key)`` when given
    (a page saved during co-browse, where the advisor typed some answers and the claimant others).

    Only changed keys are written, each with a history row. Refused once submitted.
    Flushes; the caller commits. ``answers`` must have been worked out from what is stored now:
    for a claim others may be saving too, go through ``change_answers``, which holds the lock.
    """
    if claim.status != DRAFT:
        raise ClaimSubmitted(claim.reference)
    now = now or datetime.now(UTC)
    current = {row.key: row for row in session.scalars(_answer_rows(claim))}
    changed: list[str] = []
    for key, value in answers.items():
        row = current.get(key)
        if row is not None and sealer.open_json(row.value_sealed, context=ANSWER_CONTEXT) == value:
            continue
        kind, ref = actor_for(key) if actor_for is not None else actor
        sealed = sealer.seal_json(value, context=ANSWER_CONTEXT)
        if row is None:
            session.add(
                ClaimAnswer(
                    claim_id=claim.id, key=key, value_sealed=sealed, entered_by_kind=kind, entered_by_ref=ref, entered_at=now
                )
            )
        else:
            row.value_sealed, row.entered_by_kind, row.entered_by_ref, row.entered_at = sealed, kind, ref, now
        session.add(
            ClaimAnswerHistory(
                claim_id=claim.id, key=key, value_sealed=sealed, entered_by_kind=kind, entered_by_ref=ref, entered_at=now
            )
        )
        changed.append(key)
    for key in set(current) - set(answers):
        kind, ref = actor_for(key) if actor_for is not None else actor
        session.delete(current[key])
        session.add(
            ClaimAnswerHistory(claim_id=claim.id, key=key, value_sealed=None, entered_by_kind=kind, entered_by_ref=ref, entered_at=now)
        )
        changed.append(key)
    if changed:
        claim.updated_at = now
        if draft_days is not None:
            claim.expires_at = now + timedelta(days=draft_days)
            claim.reminder_sent_at = None
        record_event(session, claim, "saved", actor=actor, at=now)
    session.flush()
    return changed


def history_of(session: Session, claim: Claim) -> list[ClaimAnswerHistory]:
    return list(
        session.scalars(
            select(ClaimAnswerHistory).where(ClaimAnswerHistory.claim_id == claim.id).order_by(ClaimAnswerHistory.entered_at)
        )
    )


def record_event(
    session: Session,
    claim: Claim,
    kind: str,
    *,
    actor: tuple[ActorKind, str | None] = (ActorKind.CLAIMANT, None),
    at: datetime | None = None,
) -> ClaimEvent:
    event = ClaimEvent(claim_id=claim.id, kind=kind, actor_kind=actor[0], actor_ref=actor[1], at=at or datetime.now(UTC))
    session.add(event)
    return event


def events_of(session: Session, claim: Claim) -> list[ClaimEvent]:
    return list(session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.at)))


def mark_submitted(
    session: Session,
    claim: Claim,
    at: datetime,
    *,
    actor: tuple[ActorKind, str | None] = (ActorKind.CLAIMANT, None),
    hooks: Iterable[SubmittedHook] | None = None,
) -> bool:
    """Submit the claim: immutable from now on. Returns False (and does nothing) if it already was.

    Draft-only data goes: the expiry and the contact kept for the reminder. The resume
    secret stays, so the claimant can add evidence later with the reference and secret. Each of ``SUBMITTED_HOOKS`` runs once, in this transaction. Flushes; the
    caller commits.
    """
    # Re-read under the claim's lock, so a second "Send" (at once, or a moment later with a page
    # read before the first was saved) finds the claim sent and changes nothing.
    fresh = lock(session, claim)
    if fresh.status != DRAFT:
        return False
    fresh.status = SUBMITTED
    fresh.submitted_at = at
    fresh.updated_at = at
    fresh.expires_at = None
    fresh.contact_sealed = None
    fresh.locked_until = None
    record_event(session, fresh, "submitted", actor=actor, at=at)
    session.flush()
    for hook in list(SUBMITTED_HOOKS if hooks is None else hooks):
        hook(session, fresh)
    session.flush()
    return True
