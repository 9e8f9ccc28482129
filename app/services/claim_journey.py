"""The web layer's glue around the form engine (forms.Journey) for the HB/CTR claim.

Routes stay thin: they ask this module which claim a browser may see, build the
journey from the stored answers, save a bound page, and set up the ways back to a
draft (a secret the person chooses, or a one-time link by email or text).

Which claim a browser may see: after starting or resuming, the browser gets a
``claim`` cookie holding the reference and an HMAC of it with the browser's session id
under SECRET_KEY. The cookie lasts until the browser closes, so a shared computer does
not keep the claim open; the answers are saved on every page, and the reference with
the secret (or a link) brings the person back on any device. References never appear
in page addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

import forms
from app.council import CouncilProfile
from app.i18n import gettext as _
from app.models.audit import ActorKind
from app.models.claim import Claim, ClaimResumeLink
from app.services import claims, saved_results
from app.services.crypto import Sealer
from app.services.evidence import records
from app.services.notify import Notifier
from app.services.rate_limit import Blocked, ResumeGuard, aware
from app.settings import Settings
from forms.hb_ctr import answers_from_household
from forms.questions import Invalid, long_date, make_question
from forms.schema import QuestionDef

FORM_ID = "hb_ctr"
ACCESS_COOKIE = "claim"
SECRET_MIN_LENGTH = 8
SECRET_MAX_LENGTH = 200
CLAIMANT = (ActorKind.CLAIMANT, None)

# Argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()

# ---------------------------------------------------------------------------- access


def access_value(secret_key: str, reference: str, session_id: str) -> str:
    mac = hmac.new(secret_key.encode(), f"claim-access:{reference}:{session_id}".encode(), hashlib.sha256).hexdigest()
    return f"{reference}.{mac}"


def reference_from_access(secret_key: str, cookie: str | None, session_id: str | None) -> str | None:
    """The reference this browser was given access to, if the cookie is genuine and for this session."""
    if not cookie or not session_id or "." not in cookie:
        return None
    reference = cookie.split(".", 1)[0]
    expected = access_value(secret_key, reference, session_id)
    return reference if hmac.compare_digest(expected, cookie) else None


# ---------------------------------------------------------------------------- addresses


def url_for(address: str) -> str:
    """The portal path for an engine address ("tasks", "check/home", "submit", "jobs/2/employer")."""
    if address in ("tasks", "check", "submit"):
        return f"/claim/{address}"
    if address.startswith("check/"):
        return f"/claim/{address}"
    return f"/claim/page/{address}"


# ---------------------------------------------------------------------------- journey


@dataclass
class ClaimState:
    claim: Claim
    answers: dict[str, Any]
    journey: forms.Journey


def load(session: Session, claim: Claim, sealer: Sealer, *, today: date | None = None) -> ClaimState:
    answers = claims.answers_of(session, claim, sealer)
    journey = forms.Journey(forms.definition_for(claim), answers, today=today or date.today())
    return ClaimState(claim, answers, journey)


def start(
    session: Session,
    *,
    council: CouncilProfile,
    sealer: Sealer,
    today: date | None = None,
    prefill: dict[str, Any] | None = None,
) -> Claim:
    """A new draft on the latest form version, prefilled when answers are given."""
    draft = forms.default_registry().start(FORM_ID, prefill or {})
    return claims.start_claim(
        session,
        form_id=draft.form_id,
        form_version=draft.version,
        council=council.code,
        claim_date=today or date.today(),
        answers=draft.answers,
        sealer=sealer,
        draft_days=council.draft_days,
    )


def prefill_from_check(
    session: Session, settings: Settings, council: CouncilProfile, check_reference: str | None, *,
    client: str, now: datetime,
) -> dict[str, Any] | Blocked | None:
    """Answers from a kept "Check what you can get" result, so nothing is asked twice.

    Typing a reference here is a guess like any on "Continue from a saved result", so it goes
    through the same limits (``saved_results.CheckResumeGuard``); Blocked when they refuse it.
    ``client`` is ``rate_limit.client_key(request)``. The caller commits.
    """
    if not check_reference:
        return None
    guard = saved_results.CheckResumeGuard(settings, session)
    normal = saved_results.normalise_reference(check_reference)
    blocked = guard.attempt(client, normal, now)
    if blocked is not None:
        return blocked
    state = saved_results.find_saved(session, saved_results.sealer_for(settings), normal) if normal else None
    if state is None:
        return guard.failed(client, now)
    guard.found(client)
    household = saved_results.household_of(council, state)
    return answers_from_household(household) if household is not None else None


FROM_THIS_CHECK = "check"


def prefill_from_session(
    session: Session, settings: Settings, council: CouncilProfile, session_id: str | None
) -> dict[str, Any] | None:
    """Answers from the "Check what you can get" this browser finished, so nothing is asked twice.

    Only this browser's own answers: they are found from its session id, never from anything in
    the address. The short set of questions for "Better off in work?" is not used: it takes
    things (no benefits, no pensions) that were never asked.
    """
    if not session_id:
        return None
    if saved_results.load_state(session, saved_results.sealer_for(settings), session_id).short:
        return None
    household = saved_results.household_for_session(session, settings, council, session_id)
    return answers_from_household(household) if household is not None else None


@dataclass(frozen=True)
class TaskRow:
    title: str
    status: forms.Status
    href: str | None


def tasks(journey: forms.Journey) -> list[TaskRow]:
    """The task list. The last section ("Check and send") opens with the final check of every answer."""
    rows = []
    for task in journey.task_list():
        section = journey.form.section(task.section_id)
        href = url_for(task.href) if task.href else None
        if section.definition.declaration and href and task.status is forms.Status.NOT_STARTED:
            href = url_for("check")
        rows.append(TaskRow(task.title, task.status, href))
    return rows


def declaration_start(journey: forms.Journey) -> str:
    """Where the final check's Continue goes: the first page of the declaration section."""
    for section in journey.sections:
        if section.definition.declaration:
            return url_for(journey.resume(section.id))
    return url_for("submit")


# ---------------------------------------------------------------------------- saving a page
#
# A page is saved onto the answers as they are when it is saved, not as they were when it was
# shown: another window (or an advisor) may have saved other pages since. The form carries
# ``seen``: for a page of answers, a digest of what it showed, so a save can tell whether this
# page itself was changed elsewhere meanwhile; for the first page of a new item ("add another
# job"), "new:" and a random mark, remembered under "<group>:added" once that item is saved, so
# a second click adds nothing while another window's new item is added as one more.

SEEN_FIELD = "seen"
REMOVING_FIELD = "removing"
NEW_ITEM = "new:"
ADDED_MARKS_KEPT = 20


class PageChangedElsewhere(Exception):
    """The page was changed elsewhere after it was shown; nothing was saved.

    ``bound`` is the page as it is now with what the person typed, to show again (None if the
    page no longer applies)."""

    def __init__(self, bound: forms.BoundPage | None, seen: str | None = None) -> None:
        super().__init__("page changed elsewhere")
        self.bound = bound
        self.seen = seen  # what the page shows now, for the form shown again


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:20]


def removing(view: Any) -> str:
    """For a page asking to confirm deleting answers: a digest of the answers it lists ("" otherwise)."""
    removed = getattr(view, "removed", None) if getattr(view, "needs_confirmation", False) else None
    return _digest([(r.key, r.value, r.address) for r in removed]) if removed else ""


def _unconfirmed(form_data: Any) -> FormData:
    return FormData([(k, v) for k, v in form_data.multi_items() if k != forms.CONFIRM_REMOVAL])


def _added_key(group_id: str) -> str:
    return f"{group_id}:added"


def seen(view: Any) -> str:
    """What this page shows, in short, for its form to send back ("" for an add-another list)."""
    if view.kind == "list":
        return ""
    answers = view.journey.answers
    if view.group is None:
        return _digest({q.id: answers.get(q.id) for q in view.questions})
    items = answers.get(view.group.id) or []
    if view.index > len(items):
        return NEW_ITEM + secrets.token_urlsafe(9)
    entry = items[view.index - 1]
    if view.kind == "remove":
        return _digest(entry)
    return _digest({q.id: entry.get(q.id) for q in view.questions})


def _page(journey: forms.Journey, address: str) -> Any:
    try:
        return journey.page(address)
    except (forms.OutOfTurn, forms.PageNotFound):
        raise PageChangedElsewhere(None) from None


def _page_now(journey: forms.Journey, address: str, was: str | None, form_data: Any) -> Any:
    """The page to save ``form_data`` on, in the answers as they are now; None if already saved."""
    group_id, _slash, rest = address.partition("/")
    if was is not None and was.startswith(NEW_ITEM):
        if was in (journey.answers.get(_added_key(group_id)) or []):
            return None  # this item was saved by an earlier click
        view = _page(journey, address)
        if view.group is not None and seen(view).startswith(NEW_ITEM):
            return view
        # Another window added an item in this place since: this one is one more.
        try:
            return journey.new_item_page(group_id, rest.rpartition("/")[2])
        except (forms.OutOfTurn, forms.PageNotFound):
            raise PageChangedElsewhere(None) from None
    if was is not None and rest.endswith("/remove"):
        # Remove the item the page showed, wherever it is in the list now.
        items = journey.answers.get(group_id) or []
        now_at = next((n for n, entry in enumerate(items, 1) if _digest(entry) == was), None)
        return None if now_at is None else _page(journey, f"{group_id}/{now_at}/remove")
    view = _page(journey, address)
    shown_now = seen(view)
    if was is None or view.kind == "list" or shown_now == was:
        return view
    bound = view.bind(form_data)
    if not bound.errors and bound.cleaned == bound.before:
        return None  # already saved just so (a second click)
    raise PageChangedElsewhere(bound, shown_now)


def save_page(
    session: Session,
    claim: Claim,
    address: str,
    form_data: Any,
    sealer: Sealer,
    *,
    council: CouncilProfile,
    today: date | None = None,
    actor: tuple[ActorKind, str | None] = CLAIMANT,
    actor_for: Callable[[str], tuple[ActorKind, str | None]] | None = None,
) -> str:
    """Save one page as typed onto the claim's answers as stored now; returns the address to go to next.

    The answers are recorded as entered by ``actor`` (the claimant unless an advisor saved the
    page), or per answer by ``actor_for(key)`` (a page saved during co-browse).

    Under the claim's lock (``claims.change_answers``): only this page's answers, and the
    answers its change makes irrelevant, are written; pages saved elsewhere meanwhile are kept.
    Raises PageChangedElsewhere if the page itself changed since it was shown (what the person
    typed is in it, to show again), claims.ClaimSubmitted if the claim has been sent.
    """
    raw_seen = form_data.get(SEEN_FIELD)
    was = str(raw_seen) if raw_seen is not None else None
    after: list[str] = []

    def apply(current: dict[str, Any]) -> dict[str, Any]:
        journey = forms.Journey(forms.definition_for(claim), current, today=today or date.today())
        view = _page_now(journey, address, was, form_data)
        if view is None:
            group = journey.form.groups.get(address.partition("/")[0])
            if group is not None and address.endswith("/remove"):
                after.append(group.list_slug)
            else:
                try:
                    after.append(journey.after(address))
                except (forms.OutOfTurn, forms.PageNotFound):
                    after.append("tasks")
            return current
        shown_now = seen(view)
        bound = view.bind(form_data)
        if bound.errors:
            raise PageChangedElsewhere(bound, shown_now)
        listed = form_data.get(REMOVING_FIELD)
        if bound.removed and listed is not None:
            # Confirmed from a list of answers to delete: if the change would now delete others
            # (saved elsewhere since), ask again with the list as it is now.
            again = _page(forms.Journey(journey.form, current, today=journey.today), view.address).bind(_unconfirmed(form_data))
            if again.needs_confirmation and removing(again) != str(listed):
                raise PageChangedElsewhere(again, shown_now)
        after.append(view.journey.after(view.address))
        answers = bound.cleaned
        if was is not None and was.startswith(NEW_ITEM) and view.group is not None:
            key = _added_key(view.group.id)
            answers[key] = ([*(answers.get(key) or []), was])[-ADDED_MARKS_KEPT:]
        return answers

    claims.change_answers(session, claim, apply, sealer, actor=actor, actor_for=actor_for, draft_days=council.draft_days)
    return after[0]


def first_contact(claim: Claim, answers: dict[str, Any], *, today: date | None = None) -> date:
    """The date the claim can start from: the day it was started here, or the day the person
    says they first contacted the council if that counts (``forms.first_contact``).
    Pass ``journey.visible_answers``, so a date given and then taken back is not used."""
    raw = answers.get("first_contact_date") if answers.get("contacted_before") else None
    contacted = date.fromisoformat(raw) if isinstance(raw, str) and raw else None
    return forms.first_contact(claim.claim_date, contacted, today or date.today())


def claim_date_sentence(claim: Claim, answers: dict[str, Any] | None = None) -> str:
    """The sentence: If you send this by <one month later>, your claim can start from <first contact>."""
    return _(forms.claim_date_sentence(first_contact(claim, answers or {})))


def claim_starts_from_sentence(claim: Claim, answers: dict[str, Any]) -> str:
    """For a sent claim: the day it can start from, now that the day it was sent is known."""
    sent_on = (claim.submitted_at or datetime.now(UTC)).date()
    starts = forms.claim_starts_from(first_contact(claim, answers, today=sent_on), sent_on)
    return _("Your claim can start from %(date)s.") % {"date": long_date(starts)}


def start_page_sentence(today: date | None = None) -> str:
    return _(forms.claim_date_sentence(today or date.today()))


# ---------------------------------------------------------------------------- secrets


def secret_errors(secret: str, confirm: str) -> list[tuple[str, str]]:
    """GOV.UK-style errors for a chosen secret: [(input id, message)]."""
    if not secret:
        return [("secret", _("Enter a secret word or phrase"))]
    if len(secret) < SECRET_MIN_LENGTH:
        return [("secret", _("Secret word or phrase must be %(n)s characters or more") % {"n": SECRET_MIN_LENGTH})]
    if len(secret) > SECRET_MAX_LENGTH:
        return [("secret", _("Secret word or phrase must be %(n)s characters or less") % {"n": SECRET_MAX_LENGTH})]
    if not confirm:
        return [("secret-confirm", _("Enter your secret word or phrase again"))]
    if secret != confirm:
        return [("secret-confirm", _("The secret words or phrases do not match"))]
    return []


def set_secret(session: Session, claim: Claim, secret: str) -> None:
    claim.secret_hash = _hasher.hash(secret)
    claims.record_event(session, claim, "secret-set", actor=CLAIMANT)
    session.flush()


def secret_matches(claim: Claim | None, secret: str) -> bool:
    """Whether this is the claim's secret. Exactly one Argon2 verification whatever the case (no
    claim, no secret set, a wrong or a right secret), so timing does not say which."""
    if claim is None or not claim.secret_hash or not secret:
        _hasher_dummy_verify(secret)
        return False
    try:
        _hasher.verify(claim.secret_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(claim.secret_hash):
        claim.secret_hash = _hasher.hash(secret)
    return True


_DUMMY_HASH = _hasher.hash("not-a-real-secret")


def _hasher_dummy_verify(secret: str) -> None:
    try:
        _hasher.verify(_DUMMY_HASH, secret or "-")
    except VerificationError:
        pass


def sign_in_with_secret(
    session: Session,
    settings: Settings,
    *,
    typed_reference: str,
    secret: str,
    client: str,
    now: datetime,
    drafts_only: bool,
    events: tuple[str, str],
) -> Claim | Blocked | None:
    """The claim when its reference and secret match; Blocked when guessing is refused; else None.

    Used by "continue your claim" (``drafts_only``) and by signing in to send documents;
    ``events`` are the claim events for a right and a wrong secret.

    Commits twice, on purpose: the attempt is counted and committed before the secret is
    checked, so concurrent guesses cannot overtake the count, and no write transaction is
    held open during the slow Argon2 check; then the outcome is committed.
    """
    guard = ResumeGuard(settings, session)
    blocked = guard.attempt_from(client, now)
    if blocked is not None:
        session.commit()
        return blocked
    reference = claims.normalise_reference(typed_reference)
    claim = claims.get_claim(session, reference)
    usable = claim if claim is not None and (claim.is_draft or not drafts_only) else None
    blocked = guard.begin(reference, usable, now)
    session.commit()
    if blocked is not None:
        return blocked
    if secret_matches(usable, secret):
        guard.succeeded(usable)
        claims.record_event(session, usable, events[0], actor=CLAIMANT, at=now)
        session.commit()
        return usable
    blocked = guard.failed(reference, usable, now)
    if claim is not None:
        claims.record_event(session, claim, events[1], actor=CLAIMANT, at=now)
    session.commit()
    return blocked


# ---------------------------------------------------------------------------- one-time links


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def contact_errors(channel: str, value: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The address or number, checked the way the claim form checks them."""
    if channel not in ("email", "sms"):
        return None, [("channel", _("Select how you want us to send the link"))]
    if channel == "email":
        question = make_question(
            QuestionDef(id="contact_email", type="email", label="Email address", error_name="your email address")
        )
    else:
        question = make_question(
            QuestionDef(id="contact_phone", type="phone", label="Mobile phone number", error_name="your mobile phone number")
        )
    result = question.parse({question.id: value})
    if isinstance(result, Invalid):
        return None, [(result.field.replace("_", "-"), result.message)]
    return result, []


def create_link(session: Session, claim: Claim, *, hours: int, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    session.add(ClaimResumeLink(claim_id=claim.id, token_hash=_token_hash(token), created_at=now, expires_at=now + timedelta(hours=hours)))
    session.flush()
    return token


def send_link(
    session: Session,
    claim: Claim,
    *,
    channel: str,
    to: str,
    base_url: str,
    settings: Settings,
    notifier: Notifier,
    sealer: Sealer,
    now: datetime | None = None,
) -> None:
    """Send a one-time link to this draft, and keep the address (sealed) for the expiry reminder."""
    token = create_link(session, claim, hours=settings.claim_resume_link_hours, now=now)
    link = base_url.rstrip("/") + f"/claim/resume/link/{token}"
    notifier.send(
        session,
        channel=channel,
        template="resume-link",
        to=to,
        personalisation={"link": link, "reference": claim.reference, "hours": str(settings.claim_resume_link_hours)},
    )
    claim.contact_sealed = sealer.seal_json({"channel": channel, "to": to}, context=claims.CONTACT_CONTEXT)
    claims.record_event(session, claim, "link-sent", actor=CLAIMANT, at=now)
    session.flush()


def link_claim(session: Session, token: str, *, now: datetime | None = None) -> Claim | None:
    """The draft a link opens, if the link is unused and in date (the link is not used up)."""
    now = now or datetime.now(UTC)
    link = session.scalars(select(ClaimResumeLink).where(ClaimResumeLink.token_hash == _token_hash(token))).one_or_none()
    if link is None or link.used_at is not None or aware(link.expires_at) <= now:
        return None
    claim = session.get(Claim, link.claim_id)
    return claim if claim is not None and claim.is_draft else None


def use_link(session: Session, token: str, *, now: datetime | None = None) -> Claim | None:
    """Open the draft a link points to, using the link up.

    One UPDATE ... RETURNING marks the link used, so of two requests at once only one gets the claim.
    """
    now = now or datetime.now(UTC)
    table = ClaimResumeLink.__table__
    row = session.execute(
        update(table)
        .where(table.c.token_hash == _token_hash(token), table.c.used_at.is_(None), table.c.expires_at > now)
        .values(used_at=now)
        .returning(table.c.claim_id)
    ).one_or_none()
    if row is None:
        return None
    claim = session.get(Claim, row[0])
    if claim is None or not claim.is_draft:
        return None
    claims.record_event(session, claim, "resumed", actor=CLAIMANT, at=now)
    session.flush()
    return claim


# ---------------------------------------------------------------------------- evidence


EVIDENCE_PATH = "/claim/evidence"


def evidence(journey: forms.Journey) -> list[forms.EvidenceNeeded]:
    return journey.evidence()


@dataclass(frozen=True)
class EvidenceItem:
    """One document of the personalised list, where to upload it, and whether something has been."""

    needed: forms.EvidenceNeeded
    href: str
    uploaded: int


def evidence_items(session: Session, claim: Claim, journey: forms.Journey, sealer: Sealer) -> list[EvidenceItem]:
    """The claim's evidence list, each item linked to its upload on the evidence page.

    The anchors are the evidence page's own headings (``item-<n>``), numbered in the same order.
    """
    listed = records.evidence_list(session, claim, journey.evidence(), sealer)
    return [EvidenceItem(item.needed, f"{EVIDENCE_PATH}#item-{n}", len(item.files)) for n, item in enumerate(listed, 1)]


def evidence_task(items: list[EvidenceItem]) -> TaskRow | None:
    """"Upload your evidence" on the task list, once the answers call for any documents."""
    if not items:
        return None
    done = sum(1 for item in items if item.uploaded)
    status = forms.Status.COMPLETED if done == len(items) else forms.Status.IN_PROGRESS if done else forms.Status.NOT_STARTED
    return TaskRow("Upload your evidence", status, EVIDENCE_PATH)
