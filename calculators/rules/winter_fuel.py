"""Winter Fuel Payment (England and Wales) and Pension Age Winter Heating Payment (Scotland): one payment a year.

- England and Wales: the Social Fund Winter Fuel Payment Regulations 2025 (SI 2025/969), for the 2025 and later
  qualifying weeks. Scotland: the Winter Heating Assistance (Pension Age) (Scotland) Regulations 2024 (SSI
  2024/351) as amended by SSI 2025/282, which from the 2025 qualifying week pay the same cases in the same way.
- Who (reg. 2): someone who has reached State Pension age in or before the qualifying week, the week beginning
  the third Monday in September, and lives in the nation that week. People with no recourse to public funds are
  not paid (a social fund payment is a public fund).
- How much (reg. 3): £200, or £300 from age 80, for someone on a relevant benefit (Pension Credit, Universal
  Credit, income-based JSA, income-related ESA, Income Support) or who lives with nobody else entitled; a couple
  on a relevant benefit gets one payment, £300 if either is 80 or over (the partner of the person paid is not
  entitled). Otherwise each person entitled who lives with another is paid a share: £100 under 80; from 80, £150
  if another person entitled they live with is also 80 or over, £200 if not. Scotland's amounts are up-rated.
- Taken back (Income Tax (Earnings and Pensions) Act 2003 s. 681I, inserted by Finance Act 2026 Sch. 10, from
  2025-26): a person paid it whose total income for the tax year is over £35,000, and who was not entitled to a
  relevant benefit in the qualifying week, is charged income tax equal to the payment.

We show the payment for the winter whose qualifying week falls in the tax year of the calculation date, as a
yearly amount (it is paid once, in November or December). Not modelled: people in care homes, in hospital for
over a year or in prison, and Pension Credit or Universal Credit that someone else in the home claims.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from calculators.core.calc import Calc, CannotCalculate, benefit, rule
from calculators.core.household import Person, _Born
from calculators.core.money import ZERO, Money
from calculators.core.pension_age import state_pension_age_date
from calculators.core.periods import YEAR

from .income_tax import tax_year_start

_NON_DEPENDANT_SPA_UNCLEAR = 66


def qualifying_week_start(on: date) -> date:
    """The Monday that starts the qualifying week of the tax year containing `on`: the third Monday in September
    (reg. 1(3) "qualifying week")."""
    year = tax_year_start(on).year
    first = date(year, 9, 1)
    first_monday = first + timedelta(days=(calendar.MONDAY - first.weekday()) % 7)
    return first_monday + timedelta(days=14)


def _reached(c: Calc, who: _Born, years: int | None, week_end: date) -> bool | None:
    """Had `who` reached State Pension age (years None) or the age of `years` by the end of the qualifying week?
    None when only an age in years is known and the birthday decides it."""
    def by(born: date) -> bool:
        if years is None:
            return state_pension_age_date(born) <= week_end
        try:
            birthday = born.replace(year=born.year + years)
        except ValueError:  # 29 February
            birthday = date(born.year + years, 3, 1)
        return birthday <= week_end

    if who.date_of_birth is not None:
        return by(who.date_of_birth)
    age = who.age_on(c.on)
    latest = date(c.on.year - age, c.on.month, min(c.on.day, 28))          # born no later than this
    earliest = date(c.on.year - age - 1, c.on.month, min(c.on.day, 28)) + timedelta(days=1)
    if by(latest):
        return True
    if not by(earliest):
        return False
    return None


@rule(label="qualifying week for the winter payment", legislation="uksi/2025/969/regulation/1")
def wfp_qualifying_week(c: Calc) -> date:
    """Reg. 1(3): the week beginning on the third Monday in September of the tax year's first calendar year."""
    c.param("dwp.winter_fuel_payment.amounts")  # a date outside the years the engine covers stops here, as elsewhere
    start = qualifying_week_start(c.on)
    c.explain(f"the qualifying week is {start:%-d} to {start + timedelta(days=6):%-d %B %Y}")
    return start


def _week_end(c: Calc) -> date:
    return c("wfp_qualifying_week") + timedelta(days=6)


@rule(label="entitled to a winter payment", per_person=True, legislation="uksi/2025/969/regulation/2")
def wfp_entitled(c: Calc, person: Person) -> bool:
    """Reg. 2 (SSI 2024/351 reg. 6): State Pension age reached in or before the qualifying week; not someone with
    no recourse to public funds."""
    if c.household.no_recourse_to_public_funds:
        c.explain("not entitled: people with no recourse to public funds cannot get it")
        return False
    reached = _reached(c, person, None, _week_end(c))
    if reached is None:
        raise c.cannot("we need the date of birth to tell whether State Pension age was reached by the qualifying "
                       "week in September", ask="date_of_birth")
    if not reached:
        c.explain("not entitled: State Pension age is reached after the qualifying week in September")
    return reached


@rule(label="80 or over in the qualifying week", per_person=True, legislation="uksi/2025/969/regulation/3")
def wfp_80_or_over(c: Calc, person: Person) -> bool:
    """Reg. 3: the higher amounts are for someone who has reached 80 in or before the qualifying week."""
    older = _reached(c, person, 80, _week_end(c))
    if older is None:
        raise c.cannot("we need the date of birth to tell whether you were 80 by the qualifying week in September",
                       ask="date_of_birth")
    return older


def _gets_relevant_benefit(c: Calc) -> bool | None:
    """Pension Credit or Universal Credit in the qualifying week (the relevant benefits this engine knows): from the
    answers, or from the award it works out. None when that award cannot be worked out."""
    h = c.household
    if h.gets_pension_credit_guarantee or h.gets_universal_credit:
        return True
    # a household where everyone has reached State Pension age claims Pension Credit; a mixed-age couple claims
    # Universal Credit (Welfare Reform Act 2012 s. 4(1A)); nobody else is entitled to a winter payment
    try:
        return c(_award_claimed(c)) > 0
    except CannotCalculate:
        return None


def _award_claimed(c: Calc) -> str:
    return "pc_award" if c("household_age_group") == "pension_age" else "uc_award"


def _cannot_without_the_benefit(c: Calc) -> CannotCalculate:
    """Cannot: the amount turns on Pension Credit or Universal Credit, which cannot be worked out; ask for what that
    award is missing."""
    try:
        c(_award_claimed(c))
    except CannotCalculate as exc:
        return c.cannot("we can't work out the winter payment until we know whether you can get Pension Credit or "
                        "Universal Credit (see what we could not work out)", ask=exc.ask)
    # not reached: called only when that award cannot be worked out (wfp_relevant_benefit is None)
    return c.cannot("we can't work out the winter payment because we can't tell whether you can get Pension Credit "
                    "or Universal Credit; an advisor can help")


@rule(label="on a relevant benefit", legislation="uksi/2025/969/regulation/1")
def wfp_relevant_benefit(c: Calc) -> bool | None:
    """Reg. 1(3) "relevant benefit": Pension Credit, Universal Credit, income-based JSA, income-related ESA or
    Income Support. None when we cannot tell (the winter payment is then worked out both ways)."""
    on = _gets_relevant_benefit(c)
    if on:
        c.explain("you get (or can get) Pension Credit or Universal Credit")
    return on


def _other_entitled_people(c: Calc, person: Person) -> list[bool]:
    """For each other person entitled to a winter payment living with `person`, whether they are 80 or over.
    The partner counts, and so do other adults in the home who have reached State Pension age (we know only their
    age: at 67 or over they have, under 66 they have not)."""
    h = c.household
    others: list[bool] = []
    for p in h.adults:
        if p is not person and c("wfp_entitled", person=p):
            others.append(c("wfp_80_or_over", person=p))
    for nd in h.non_dependants:
        if nd.away_or_in_hospital:
            continue
        age = nd.age
        if age < _NON_DEPENDANT_SPA_UNCLEAR:
            continue
        if age == _NON_DEPENDANT_SPA_UNCLEAR:
            raise c.cannot("we can't tell whether the other adult of 66 who lives with you had reached State Pension "
                           "age in September, which changes your share of the winter payment; an advisor can help")
        if age == 80:
            raise c.cannot("we can't tell whether the other adult of 80 who lives with you was 80 by September, which "
                           "changes your share of the winter payment; an advisor can help")
        others.append(age > 80)
    return others


def _amount(c: Calc, person: Person, on_benefit: bool) -> Money:
    h = c.household
    a = c.param("scotland.winter_heating.amounts" if h.home.country == "scotland" else "dwp.winter_fuel_payment.amounts")
    older = c("wfp_80_or_over", person=person)
    if on_benefit:
        # a couple on a relevant benefit gets one payment, to the claimant; £300 if either is 80 or over (reg. 3(3)-(4))
        if person is not h.claimant and c("wfp_entitled", person=h.claimant):
            c.explain("a couple on Pension Credit or Universal Credit gets one payment, made to the claimant")
            return ZERO
        partner_older = any(c("wfp_80_or_over", person=p) for p in h.adults
                            if p is not person and c("wfp_entitled", person=p))
        c.explain("the full amount: you get (or can get) Pension Credit or Universal Credit"
                  + (", and one of you is 80 or over" if older or partner_older else ""))
        return a.full_80_or_over if older or partner_older else a.full_under_80
    others = _other_entitled_people(c, person)
    if not others:
        c.explain("the full amount: nobody else you live with gets it" + (", and you are 80 or over" if older else ""))
        return a.full_80_or_over if older else a.full_under_80
    if not older:
        c.explain("a share: you live with someone else who gets it, and neither of you gets Pension Credit or "
                  "Universal Credit")
        return a.shared_under_80
    c.explain("a share for someone of 80 or over who lives with someone else who gets it"
              + (" and is also 80 or over" if any(others) else " and is under 80"))
    return a.shared_80_or_over_with_80_or_over if any(others) else a.shared_80_or_over_with_under_80


@rule(label="winter payment", period=YEAR, per_person=True, legislation="uksi/2025/969/regulation/3")
def wfp_amount(c: Calc, person: Person) -> Money:
    """Reg. 3 (SSI 2024/351 reg. 10): the person's payment for the winter, from their age, whether they are on a
    relevant benefit and who else entitled they live with."""
    if not c("wfp_entitled", person=person):
        return ZERO
    on_benefit = c("wfp_relevant_benefit")
    if on_benefit is None:
        with_benefit, without = _amount(c, person, True), _amount(c, person, False)
        if with_benefit != without:
            raise _cannot_without_the_benefit(c)
        return with_benefit
    return _amount(c, person, on_benefit)


@rule(label="Winter Fuel Payment (a year)", period=YEAR, legislation="uksi/2025/969/regulation/3")
def wfp_award(c: Calc) -> Money:
    """The winter payment for the claimant and partner together, paid once in November or December: the Winter
    Fuel Payment in England and Wales, the Pension Age Winter Heating Payment in Scotland."""
    adults = c.household.adults
    if c("wfp_relevant_benefit") is None:
        # a couple on a relevant benefit gets one payment, without one a share each: often the same total
        entitled = [p for p in adults if c("wfp_entitled", person=p)]
        both = {sum((_amount(c, p, on) for p in entitled), ZERO) for on in (True, False)}
        if len(both) > 1:
            raise _cannot_without_the_benefit(c)
        total = both.pop()
    else:
        total = sum((c("wfp_amount", person=p) for p in adults), ZERO)
    if total:
        name = ("Pension Age Winter Heating Payment" if c.household.home.country == "scotland"
                else "Winter Fuel Payment")
        c.explain(f"the {name} is paid once, in November or December, for the winter after the qualifying week")
    return total


@rule(label="winter payment taken back through tax", period=YEAR, per_person=True,
      legislation="ukpga/2003/1/section/681I")
def wfp_charge(c: Calc, person: Person) -> Money:
    """ITEPA 2003 s. 681I: income tax equal to the winter payment made to the person, when their total income for
    the tax year is more than £35,000 and they were not entitled to a relevant benefit in the qualifying week."""
    paid = c("wfp_amount", person=person)
    if paid == 0:
        return ZERO
    limit = c.param("hmrc.winter_fuel_payment_charge.income_threshold")
    income = c("it_total_income", person=person)
    if income <= limit:
        c.explain(f"not taken back: total income £{income:,.2f} is not more than £{limit:,}")
        return ZERO
    if c("wfp_relevant_benefit"):
        c.explain("not taken back: you were entitled to a relevant benefit in the qualifying week")
        return ZERO
    c.explain(f"taken back through tax: total income £{income:,.2f} is more than £{limit:,}")
    return paid


@rule(label="winter payment taken back through tax (household)", period=YEAR,
      legislation="ukpga/2003/1/section/681I")
def wfp_charge_total(c: Calc) -> Money:
    """The charge for the claimant and partner together."""
    return sum((c("wfp_charge", person=p) for p in c.household.adults), ZERO)


benefit("winter_fuel_payment", label="Winter Fuel Payment (Pension Age Winter Heating Payment in Scotland)",
        amount="wfp_award", period=YEAR, claim_url="https://www.gov.uk/winter-fuel-payment")
benefit("winter_fuel_payment_charge", label="Winter Fuel Payment taken back through tax", amount="wfp_charge_total",
        period=YEAR, kind="deduction")
