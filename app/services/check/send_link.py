"""'Send me a link' to a kept result, by email or text message, through the notifications client.

The message holds the resume link with the reference in its query
(``/check/resume?reference=ABCD2345``): opening it fills in the reference, and the
person presses Continue, so the guessing limits on resuming still apply and a mail
scanner that opens links changes nothing. The request log never records query strings.

Sends are limited per browser session (``SENDS_PER_SESSION`` in ``SEND_WINDOW``) and per
client address (``SENDS_PER_ADDRESS``), through the portal's shared guessing protection,
so the page cannot be used to send many messages to other people. The address or number
is sealed in the outbox by ``app.services.notify`` and is never logged; nor is the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.i18n import gettext as _
from app.services.notify import Notifier
from app.services.rate_limit import Blocked, key_for, limiter_for
from app.settings import Settings

from .fields import FieldError

TEMPLATE = "check-result-link"
SENDS_PER_SESSION = 3
SENDS_PER_ADDRESS = 20
SEND_WINDOW = timedelta(hours=1)
EMAIL_MAX_LENGTH = 254  # RFC 5321's limit on a forward path

_EMAIL = re.compile(r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s.]{2,}$")
_UK_MOBILE = re.compile(r"^07\d{9}$")


@dataclass(frozen=True)
class LinkRequest:
    """What was typed (kept on error), and the address or number to send to once it checks out."""

    how: str
    typed: dict[str, str]
    to: str | None
    errors: list[FieldError]


def read_request(form: Any) -> LinkRequest:  # noqa: ANN401 - a Starlette FormData or a dict
    """Check the choice and the address or number, with GOV.UK messages next to the field."""
    how = str(form.get("how") or "")
    typed = {"how": how, "email": str(form.get("email") or "").strip(), "mobile": str(form.get("mobile") or "").strip()}
    if how == "email":
        to, error = _email(typed["email"])
        target = "email"
    elif how == "sms":
        to, error = _mobile(typed["mobile"])
        target = "mobile"
    else:
        return LinkRequest(how, typed, None, [FieldError(_("Select how you want us to send the link"), "how")])
    return LinkRequest(how, typed, to, [FieldError(error, target)] if error else [])


def _email(text: str) -> tuple[str | None, str | None]:
    if not text:
        return None, _("Enter your email address")
    if len(text) > EMAIL_MAX_LENGTH:
        return None, _("Email address must be %(n)s characters or fewer") % {"n": EMAIL_MAX_LENGTH}
    if not _EMAIL.match(text) or ".." in text:
        return None, _("Enter an email address in the correct format, like name@example.com")
    return text, None


def _mobile(text: str) -> tuple[str | None, str | None]:
    """A UK mobile number, given back as 07... (spaces, brackets, dashes and +44 allowed)."""
    if not text:
        return None, _("Enter your mobile phone number")
    compact = re.sub(r"[\s()\-.]", "", text)
    if compact.startswith("+44"):
        compact = "0" + compact[3:].removeprefix("0")
    elif compact.startswith("0044"):
        compact = "0" + compact[4:].removeprefix("0")
    elif compact.startswith("+"):
        return None, _("Enter a UK mobile phone number, like 07700 900 982")
    if not compact.isdigit():
        return None, _("Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982")
    if re.fullmatch(r"0[1-9]\d{8,9}", compact) and not compact.startswith("07"):
        return None, _("Enter a mobile phone number. Text messages cannot be sent to a landline")
    if not _UK_MOBILE.match(compact):
        return None, _("Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982")
    return compact, None


class SendGuard:
    """How many links this session and this address may still ask for, shared by every worker."""

    def __init__(self, settings: Settings, db: Session) -> None:
        self.limiter = limiter_for(settings, db)
        self.secret = settings.resolved_secret_key

    def attempt(self, session_id: str, address: str, now: datetime) -> Blocked | None:
        """Count a send; refuse it if this session or address has asked for too many."""
        for kind, value, limit in (("check-send-session", session_id, SENDS_PER_SESSION),
                                   ("check-send-ip", address, SENDS_PER_ADDRESS)):
            decision = self.limiter.hit(key_for(kind, value, self.secret), limit=limit, window=SEND_WINDOW, now=now)
            if not decision.allowed:
                return Blocked("address" if kind == "check-send-ip" else "session", decision.retry_at or now + SEND_WINDOW)
        return None


def resume_link(base_url: str, reference: str) -> str:
    return base_url.rstrip("/") + f"/check/resume?reference={reference}"


def send_link(db: Session, notifier: Notifier, *, channel: str, to: str, reference: str, shown_reference: str,
              base_url: str) -> None:
    """Queue the message (the local outbox by default); the caller commits."""
    notifier.send(db, channel=channel, template=TEMPLATE, to=to,
                  personalisation={"link": resume_link(base_url, reference), "reference": shown_reference})
