"""What the person can do about each thing we could not work out: the question that asks for it.

A rule that cannot work an amount out names the missing fact (`c.cannot(reason, ask=key)`, with
the keys in calculators/core/missing.py FACTS). Here each key is mapped to the page of "Check
what you can get" that asks for it, with the words of the link. The results page links to that
page in "results" mode, so answering it comes straight back to the results.

A fact the check never asks is listed in NOT_ASKED with the reason; when no answer could help
(the rule gave no key), the results page says so and points to an advisor.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from app.i18n import gettext as _
from calculators.core.missing import FACTS

@dataclass(frozen=True)
class Question:
    """Where a fact is asked: the page, and the id of the input on it (the link goes straight to it)."""

    slug: str
    field_id: str


#: FACTS key -> the question of the check that asks it.
ASKED_ON: dict[str, Question] = {
    "date_of_birth": Question("date-of-birth", "you-day"),
    "postcode": Question("postcode", "postcode"),
    "brma": Question("area", "brma"),
    "bedrooms": Question("rent", "bedrooms"),
    "council_tax": Question("council-tax", "bill-amount"),
    "council_tax_band": Question("council-tax", "band"),
    "eldest_child_born_before_2017": Question("eldest-child", "born_before"),
    "uc_claim_start": Question("uc-start", "started"),
    "non_dependant_income": Question("other-adults", "adult1-income-amount"),
    "children_sex": Question("children", "child1-sex"),
    "pension_age_before_april_2016": Question("state-pension-age-2016", "you"),
    "married": Question("marriage-allowance", "married"),
}

#: FACTS keys the check does not ask, and why no question here could help.
NOT_ASKED: dict[str, str] = {
    "children_dates_of_birth": (
        "Only the two-child limit needs to know whether a third or later child was born before 6 April 2017, "
        "and it ended on 6 April 2026; the check works out what you can get today, so it never needs it. "
        "The API takes each child's date of birth (or born_before_6_april_2017) for earlier dates."
    ),
}

def _link_text(key: str) -> str:
    """The words of the link to the question: what the person does."""
    texts = {
        "date_of_birth": _("Give your date of birth"),
        "postcode": _("Give your postcode"),
        "brma": _("Choose the area you live in"),
        "bedrooms": _("Tell us how many bedrooms your home has"),
        "council_tax": _("Tell us your Council Tax bill or band"),
        "council_tax_band": _("Tell us your Council Tax band"),
        "eldest_child_born_before_2017": _("Tell us whether your eldest child was born before 6 April 2017"),
        "uc_claim_start": _("Tell us when your Universal Credit claim started"),
        "non_dependant_income": _("Tell us the income of the other adults who live with you"),
        "children_sex": _("Tell us whether each child is a girl or a boy"),
        "pension_age_before_april_2016": _("Tell us whether you reached State Pension age before 6 April 2016"),
        "married": _("Tell us whether you and your partner are married or in a civil partnership"),
    }
    return texts.get(key) or _("Tell us %(fact)s") % {"fact": FACTS.get(key, key)}


@dataclass(frozen=True)
class NotWorkedOut:
    """One thing we could not work out, why, and what the person can do."""

    label: str
    reason: str
    ask: str | None
    """The missing fact's key, or None when no answer could help."""
    href: str | None
    """The question that asks for it, coming back to the results; None when the check cannot ask it."""
    action: str
    """The link's words, or what to do instead."""


def question_href(question: Question) -> str:
    return f"/check/{question.slug}?results=1#{question.field_id}"


def not_worked_out(label: str, reason: str, ask: str | None, pages_shown: Collection[str]) -> NotWorkedOut:
    """What to offer for one decline. `pages_shown` are the slugs of the pages that apply to these answers."""
    question = ASKED_ON.get(ask) if ask else None
    if question is not None and question.slug in pages_shown:
        return NotWorkedOut(label, reason, ask, question_href(question), _link_text(ask))
    if ask:
        return NotWorkedOut(label, reason, ask, None, _(
            "We need %(fact)s, which these questions do not ask in your case. An advisor can work it out with you.")
            % {"fact": FACTS.get(ask, ask)})
    return NotWorkedOut(label, reason, None, None, _(
        "No answer to these questions would change this. An advisor can work it out with you."))
