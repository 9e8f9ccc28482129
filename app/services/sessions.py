"""Browser sessions that the server issues, renews and ends.

A session is a random id in an HttpOnly cookie and a row in ``browser_sessions`` under a
SHA-256 of that id. The server never adopts an id it did not issue or has ended: an unknown,
ended or idle id gets a new one (so nobody can plant a session id in someone else's browser).

What a session reaches lives only while it does:
- the answers of "Check what you can get" (``check_sessions``, under the same hash);
- a draft claim, through the ``claim`` access cookie, an HMAC of the claim's reference and
  the session id (so it is worthless once the id is rotated or ended).

The id is rotated (``rotate``) when a claim is started or resumed and when a check result is
kept; "Save and come back later" cuts the browser off from the draft (``end_claim_link``);
"Finish and clear" and an idle timeout end the session (``end``): its row and its check
answers are deleted, its cookies expire and the browser is told to clear the site's data.
Draft claims stay, reachable again only with their reference and secret (or a one-time link).

Idle timeouts come from the council profile (``timeouts_for``): ``session_idle_minutes`` on
someone's own device, ``kiosk_idle_seconds`` + ``kiosk_countdown_seconds`` on a kiosk (a request
whose scope state holds ``kiosk_device``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import Response

from app.council import CouncilProfile
from app.models.browser_session import BrowserSession
from app.models.saved_result import CheckSession

SESSION_COOKIE = "session"
CLAIM_ACCESS_COOKIE = "claim"  # app.services.claim_journey.ACCESS_COOKIE (that module imports much more)
PERSONAL = "personal"
KIOSK = "kiosk"
TOUCH_AT_MOST_EVERY = 60
"""Seconds between updates of last_seen_at (one write a minute, not one a request)."""
PURGE_ONE_IN = 200
"""On average one new session in this many also deletes the rows of sessions long ended."""
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


def hash_id(session_id: str) -> str:
    """The stored key of a session id (the same key check_sessions uses)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def new_id() -> str:
    return secrets.token_urlsafe(32)


def csrf_token_for(secret_key: str, session_id: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + session_id.encode(), hashlib.sha256).hexdigest()


def is_kiosk(scope: Any) -> bool:
    return bool(scope.get("state", {}).get("kiosk_device"))


def timeouts_for(scope: Any, council: CouncilProfile) -> tuple[int, int]:
    """(seconds without activity after which the session ends, seconds before that end the warning shows)."""
    if is_kiosk(scope):
        return council.kiosk_idle_seconds + council.kiosk_countdown_seconds, council.kiosk_countdown_seconds
    end_after = max(1, round(council.session_idle_minutes * 60))
    return end_after, min(council.session_warning_seconds, end_after - 1) if end_after > 1 else 0


def _touch_every(end_after: int) -> int:
    return max(1, min(TOUCH_AT_MOST_EVERY, end_after // 10))


@dataclass(frozen=True)
class Opened:
    """The session a request runs in."""

    session_id: str
    is_new: bool
    personal_data: bool
    """The session holds someone's answers (a check in progress) or reaches a claim."""
    expires_in: int
    """Seconds left until the session ends if nothing else happens."""
    ended_idle: bool = False
    """The browser came back with a session that had ended through inactivity (and no new one was issued)."""


def open_session(
    db: Session, presented: str | None, *, scope: Any, council: CouncilProfile, now: datetime | None = None,
    issue_after_idle: bool = False,
) -> Opened:
    """The live session for the id the browser presented, or a newly issued one.

    One indexed look-up (the row, and whether it has check answers); at most one write a minute.
    """
    now = now or datetime.now(UTC)
    end_after, _warn = timeouts_for(scope, council)
    ended_idle = False
    if presented:
        key = hash_id(presented)
        has_answers = exists().where(CheckSession.session_key == key)
        found = db.execute(select(BrowserSession, has_answers).where(BrowserSession.id_hash == key)).one_or_none()
        if found is not None:
            row, answers = found
            limit = _end_after_for(row, end_after, council)
            idle = (now - _aware(row.last_seen_at)).total_seconds()
            if idle < limit:
                if idle >= _touch_every(limit):
                    row.last_seen_at = now
                    idle = 0
                db.commit()
                claim_cookie = _has_cookie(scope, CLAIM_ACCESS_COOKIE)
                return Opened(presented, False, bool(answers) or claim_cookie, int(limit - idle))
            _delete(db, key)
            db.commit()
            ended_idle = True
            if not issue_after_idle:
                return Opened("", False, False, 0, ended_idle=True)
    session_id = issue(db, scope=scope, now=now)
    if secrets.randbelow(PURGE_ONE_IN) == 0:
        purge_ended(db, council, now=now)
    db.commit()
    return Opened(session_id, True, False, end_after, ended_idle=ended_idle)


def _end_after_for(row: BrowserSession, end_after: int, council: CouncilProfile) -> int:
    if row.kind == KIOSK:
        return council.kiosk_idle_seconds + council.kiosk_countdown_seconds
    return end_after


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _has_cookie(scope: Any, name: str) -> bool:
    prefix = name.encode() + b"="
    for header, value in scope.get("headers", []):
        if header == b"cookie" and any(part.strip().startswith(prefix) for part in value.split(b";")):
            return True
    return False


def issue(db: Session, *, scope: Any, now: datetime | None = None) -> str:
    """A new session id, stored (as its hash) before it is handed to the browser."""
    now = now or datetime.now(UTC)
    device = scope.get("state", {}).get("kiosk_device")
    session_id = new_id()
    db.add(BrowserSession(
        id_hash=hash_id(session_id), created_at=now, last_seen_at=now,
        kind=KIOSK if device else PERSONAL,
        kiosk_device_id=(str(getattr(device, "id", "") or "") or None) if device else None,
    ))
    db.flush()
    return session_id


def keep_alive(db: Session, session_id: str, *, now: datetime | None = None) -> bool:
    """Counts as activity now; False if the session has already ended."""
    result = db.execute(
        update(BrowserSession).where(BrowserSession.id_hash == hash_id(session_id)).values(last_seen_at=now or datetime.now(UTC))
    )
    db.commit()
    return bool(result.rowcount)


def _delete(db: Session, key: str) -> None:
    db.execute(delete(CheckSession).where(CheckSession.session_key == key))
    db.execute(delete(BrowserSession).where(BrowserSession.id_hash == key))


def end_session(db: Session, session_id: str) -> None:
    """Deletes the session and what only it could reach (its check answers). Draft claims stay."""
    if session_id:
        _delete(db, hash_id(session_id))
    db.commit()


def purge_ended(db: Session, council: CouncilProfile, *, now: datetime | None = None) -> None:
    """Deletes sessions idle past every timeout, and check answers no live session reaches."""
    now = now or datetime.now(UTC)
    longest = max(council.session_idle_minutes * 60, council.kiosk_idle_seconds + council.kiosk_countdown_seconds)
    db.execute(delete(BrowserSession).where(BrowserSession.last_seen_at < now - timedelta(seconds=longest)))
    db.execute(delete(CheckSession).where(~CheckSession.session_key.in_(select(BrowserSession.id_hash))))


def move(db: Session, old_id: str, *, scope: Any, now: datetime | None = None) -> str:
    """A new id for the same session: the old row goes, its check answers move to the new id."""
    now = now or datetime.now(UTC)
    old_key = hash_id(old_id)
    row = db.get(BrowserSession, old_key)
    session_id = new_id()
    new_key = hash_id(session_id)
    db.add(BrowserSession(
        id_hash=new_key, created_at=row.created_at if row else now, last_seen_at=now,
        kind=row.kind if row else (KIOSK if is_kiosk(scope) else PERSONAL),
        kiosk_device_id=row.kiosk_device_id if row else None,
    ))
    db.flush()
    db.execute(update(CheckSession).where(CheckSession.session_key == old_key).values(session_key=new_key))
    if row is not None:
        db.delete(row)
    db.commit()
    return session_id


# ---------------------------------------------------------------------------- for routes


def _factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.sessionmaker


def _secret(request: Request) -> str:
    return request.app.state.settings.resolved_secret_key


def rotate(request: Request, response: Response, *, keep_claim: bool = True) -> str:
    """Gives this browser a new session id (new CSRF token too), keeping what the session holds.

    Call when a claim is started or resumed and when a result is kept. Access to a claim this
    browser already had is granted again under the new id (unless keep_claim is False).
    """
    from app.services import claim_journey as cj  # imported here: claim_journey imports a good deal

    state = request.scope.setdefault("state", {})
    old_id = state.get("session_id", "")
    with _factory(request)() as db:
        session_id = move(db, old_id, scope=request.scope)
    secret = _secret(request)
    state["session_id"] = session_id
    state["csrf_token"] = csrf_token_for(secret, session_id)
    state["session_cookie_pending"] = True
    if keep_claim:
        reference = cj.reference_from_access(secret, request.cookies.get(cj.ACCESS_COOKIE), old_id)
        if reference:
            response.set_cookie(
                cj.ACCESS_COOKIE, cj.access_value(secret, reference, session_id),
                path="/claim", httponly=True, samesite="lax", secure=request.url.scheme == "https",
            )
    return session_id


def end_claim_link(request: Request, response: Response) -> None:
    """This browser can no longer open the claim it was working on (it needs the reference and secret again).

    On a kiosk the person is about to walk away, so the session's check answers go too: the
    next person must not find them before the idle timeout ends the session.
    """
    session_id = rotate(request, response, keep_claim=False)
    if is_kiosk(request.scope):
        with _factory(request)() as db:
            db.execute(delete(CheckSession).where(CheckSession.session_key == hash_id(session_id)))
            db.commit()
    response.delete_cookie(CLAIM_ACCESS_COOKIE, path="/claim", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")


def end(request: Request) -> None:
    """Ends this browser's session; the session middleware expires its cookies and clears the site's data."""
    state = request.scope.setdefault("state", {})
    with _factory(request)() as db:
        end_session(db, state.get("session_id", ""))
    state["session_ended"] = True


def ending_headers(secure: bool) -> list[tuple[bytes, bytes]]:
    """Headers that make the browser forget the session: cookies expired, the site's data cleared."""
    flags = "; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
    gone = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    return [
        (b"set-cookie", f"{SESSION_COOKIE}{gone}; Path=/{flags}".encode()),
        (b"set-cookie", f"{CLAIM_ACCESS_COOKIE}{gone}; Path=/claim{flags}".encode()),
        (b"clear-site-data", CLEAR_SITE_DATA.encode()),
        (b"cache-control", b"no-store"),
    ]

