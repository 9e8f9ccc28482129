"""The claim date: the day the person first started a claim, or first contacted the council.

Housing Benefit treats a claim as made on the day the authority first heard the person
meant to claim, if the completed claim arrives within one month of it (Housing Benefit
Regulations 2006, reg. 83 (time and manner of claims) and, for pension age, the Housing
Benefit (State Pension Credit) Regulations 2006, reg. 64; the English prescribed Council Tax
Reduction scheme has the same rule for its applications). "One month" is a calendar month:
from 31 January it ends on the last day of February.

The first contact is the earlier of the day the claim was started here and the day the person
says they first contacted the council (``first_contact``). An earlier contact counts only if it
is not in the future and the claim was started within one month of it: otherwise no claim
started that late could arrive in time, and the day it was started is the first contact.
"""

from __future__ import annotations

import calendar
from datetime import date

from .i18n import _
from .questions import long_date


def send_by(first_contact: date) -> date:
    """The last day the claim can be sent and still start from ``first_contact``."""
    year, month = (first_contact.year + 1, 1) if first_contact.month == 12 else (first_contact.year, first_contact.month + 1)
    day = min(first_contact.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def claim_date_sentence(first_contact: date) -> str:
    """'If you send this by 23 December 2026, your claim can start from 23 November 2026.'"""
    return _("If you send this by {send_by}, your claim can start from {first_contact}.").format(
        send_by=long_date(send_by(first_contact)), first_contact=long_date(first_contact)
    )


def claim_starts_from(first_contact: date, sent_on: date) -> date:
    """The date the claim counts from: the first contact if it is sent in time, otherwise the day it is sent."""
    return first_contact if sent_on <= send_by(first_contact) else sent_on


def first_contact(started: date, contacted: date | None, today: date) -> date:
    """The date the claim can start from: the earlier of ``started`` and ``contacted``.

    ``contacted`` (the day the person says they first contacted the council) is used only if
    it is before ``started``, not after ``today``, and no more than one month before
    ``started`` (``started`` is on or before ``send_by(contacted)``).
    """
    if contacted is None or contacted >= started or contacted > today:
        return started
    return contacted if started <= send_by(contacted) else started
