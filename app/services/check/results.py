"""The results page, worked out from the answers: every figure comes from `calculators.calculate`.

Totals are the engine's `Result.total_benefits`; each benefit's weekly and monthly
figures are the engine's `Item.weekly` / `Item.monthly`; "How we worked this out" is the
engine's trace in words (app/services/explanation.py). Nothing here adds up money of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Collection
from typing import Any

from app.i18n import gettext as _
from app.services.comparison import Comparison, MissingMoney, compare_results, missing_money
from app.services.explanation import Explanation
from app.services.money_input import format_money
from app.services.engine_memo import calculate_once, explanations_once
from calculators.core.money import ZERO
from calculators.core.periods import MONTH, WEEK
from calculators.result import Result

from .asks import NotWorkedOut, not_worked_out
from .fields import period_words
from .household import HouseholdFromAnswers, household_from_answers
from .pages import CheckContext

UNIVERSAL_CREDIT_HOW_TO_CLAIM = "https://www.gov.uk/universal-credit/how-to-claim"
PENSION_CREDIT_HOW_TO_CLAIM = "https://www.gov.uk/pension-credit/how-to-claim"
# The claim starts from this browser's own answers (never from an address someone could share).
CLAIM_FROM_THIS_CHECK = "/claim?from=check"


@dataclass(frozen=True)
class BenefitLine:
    key: str
    label: str
    amount: Decimal
    amount_text: str
    """In the benefit's own period: '£648.23 a month'."""
    weekly: Decimal
    monthly: Decimal
    explanation: Explanation | None
    estimate: bool = False
    """Worked out from an estimate of the Council Tax bill (from the band): the card says so."""

    @property
    def weekly_text(self) -> str:
        return format_money(self.weekly)

    @property
    def monthly_text(self) -> str:
        return format_money(self.monthly)


@dataclass(frozen=True)
class CouncilTaxLine:
    """The year's Council Tax as the results page states it: the bill given, an estimate from the band
    (always said to be one), or not known with the reason and where to give it. Never a bare £0.00."""

    text: str
    estimate: bool
    known: bool
    change_href: str | None
    explanation: Explanation | None


def _council_tax_label(result: Result) -> str | None:
    return next((i.label for i in result.items if i.key == "council_tax"), None)


def council_tax_line(result: Result, explanations: dict[str, Explanation]) -> CouncilTaxLine | None:
    try:
        item = result.item("council_tax")
    except StopIteration:
        return None
    home = result.household.home
    # The council-tax question is asked of everyone but those living with family or friends rent-free.
    href = "/check/council-tax?change=1" if home.tenure != "living_with_others" else None
    if item.amount is None:
        if href is None:
            # Not asked of someone living rent-free with family or friends (usually not the one who pays it);
            # where that matters, the Council Tax Reduction line under "What we could not work out" says why.
            return None
        return CouncilTaxLine(_("Not known: %(reason)s.") % {"reason": item.cannot}, False, False, href, None)
    yearly = format_money(item.per(item.period))
    if item.estimate:
        text = _("About %(amount)s a year: an estimate from your band; your bill may differ.") % {"amount": yearly}
    else:
        text = _("%(amount)s a year, from the bill you told us about.") % {"amount": yearly}
    return CouncilTaxLine(text, item.estimate, True, href if item.estimate else None, explanations.get("council_tax"))


@dataclass(frozen=True)
class NextStep:
    text: str
    href: str
    external: bool
    why: str


@dataclass(frozen=True)
class ResultsView:
    result: Result
    benefits: tuple[BenefitLine, ...]
    not_due: tuple[str, ...]
    cannot: tuple[NotWorkedOut, ...]
    """Each thing we could not work out, why, and the question that would let us (or why none would)."""
    passported: tuple[tuple[str, str, str | None], ...]
    missing: MissingMoney
    assumptions: tuple[str, ...]
    next_steps: tuple[NextStep, ...]
    council_tax: CouncilTaxLine | None = None

    @property
    def total_weekly(self) -> Decimal:
        return self.result.total_benefits(WEEK)

    @property
    def total_monthly(self) -> Decimal:
        return self.result.total_benefits(MONTH)

    @property
    def total_weekly_text(self) -> str:
        return format_money(self.total_weekly)

    @property
    def total_monthly_text(self) -> str:
        return format_money(self.total_monthly)

    @property
    def missing_text(self) -> str | None:
        total = self.missing.total_missing_yearly
        return _("You may be missing %(amount)s a year") % {"amount": format_money(total)} if total > ZERO else None


def signed_money(amount: Decimal) -> str:
    """'+£12.00', '−£3.50' or '£0.00': a difference, with its direction."""
    return ("+" if amount > ZERO else "") + format_money(amount)


def _line(item: Any, explanations: dict[str, Explanation]) -> BenefitLine:
    own = item.per(item.period)
    return BenefitLine(
        key=item.key,
        label=item.label,
        amount=own,
        amount_text=f"{format_money(own)} {period_words(item.period)}",
        weekly=item.weekly,
        monthly=item.monthly,
        explanation=explanations.get(item.key),
        estimate=item.estimate,
    )


def results_view(built: HouseholdFromAnswers, result: Result, *, claim_available: bool,
                 pages_shown: Collection[str] = ()) -> ResultsView:
    """`pages_shown`: the slugs of the question pages that apply to these answers (each "we could not work
    this out" links to the one that asks for what is missing, when it is one of them)."""
    benefits = [i for i in result.benefits if i.amount is not None and i.per(i.period) > ZERO]
    not_due = [i.label for i in result.benefits if i.amount is not None and i.per(i.period) == ZERO]
    amounts = {i.key: i for i in result.benefits}
    explanations = explanations_once(result)
    steps: list[NextStep] = []

    def due_or_unknown(key: str) -> bool:
        item = amounts.get(key)
        return item is not None and (item.amount is None or item.per(item.period) > ZERO)

    if claim_available and (due_or_unknown("housing_benefit") or due_or_unknown("council_tax_reduction")):
        steps.append(NextStep(_("Claim Housing Benefit or Council Tax Reduction"), CLAIM_FROM_THIS_CHECK, False,
                              _("Apply online to the council. Your answers here are carried over, so you are not asked twice.")))
    if due_or_unknown("universal_credit") and "universal_credit" not in built.already_get:
        steps.append(NextStep(_("How to claim Universal Credit (GOV.UK)"), UNIVERSAL_CREDIT_HOW_TO_CLAIM, True,
                              _("Universal Credit is claimed from the Department for Work and Pensions.")))
    if due_or_unknown("pension_credit") and "pension_credit" not in built.already_get:
        steps.append(NextStep(_("How to claim Pension Credit (GOV.UK)"), PENSION_CREDIT_HOW_TO_CLAIM, True,
                              _("Pension Credit is claimed from the Pension Service.")))
    steps.append(NextStep(_("Get help from an advisor"), "/help", False,
                          _("Talk to someone at the council about your results or about claiming.")))
    return ResultsView(
        result=result,
        benefits=tuple(_line(i, explanations) for i in benefits),
        not_due=tuple(not_due),
        # The Council Tax itself is not a benefit: "Your Council Tax" says when it is not known.
        cannot=tuple(not_worked_out(label, reason, result.asks.get(label), pages_shown)
                     for label, reason in result.not_worked_out if label != _council_tax_label(result)),
        passported=tuple((p.label, p.reason, p.url) for p in result.passported),
        missing=missing_money(result, built.already_get),
        assumptions=built.assumptions,
        next_steps=tuple(steps),
        council_tax=council_tax_line(result, explanations),
    )


def work_out(context: CheckContext, answers: dict[str, dict[str, Any]], *, short: bool = False) -> tuple[HouseholdFromAnswers, Result]:
    built = household_from_answers(context, answers, short=short)
    return built, calculate_once(built.household, context.today)


def what_if(context: CheckContext, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> Comparison:
    """Old and new results side by side, for answers before and after a change."""
    _old_built, old = work_out(context, before)
    _new_built, new = work_out(context, after)
    return compare_results(old, new)
