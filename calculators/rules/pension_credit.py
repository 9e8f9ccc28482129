"""Pension Credit: the guarantee credit and the savings credit, for one week.

State Pension Credit Act 2002 and the State Pension Credit Regulations 2002 (SI 2002/1792), with the amounts
of the Up-rating Orders 2025 (SI 2025/295) and 2026 (SI 2026/148).

- Who: someone over state pension age; a couple only if both are (since 15 May 2019 a "mixed-age" couple
  claims Universal Credit instead: Welfare Reform Act 2012 s. 4(1A), State Pension Credit Act s. 4(1A)).
- Guarantee credit (s. 2): the appropriate minimum guarantee (the standard minimum guarantee plus any
  additional amounts for severe disability, caring and children) less income, if income is lower.
- Savings credit (s. 3): only where the claimant or partner reached state pension age before 6 April 2016
  (s. 3(1A)); 60% of qualifying income above the threshold, up to a maximum, less 40% of income above the
  appropriate minimum guarantee.
- Income (s. 15, regs. 15-17): earnings net of tax, National Insurance and half of pension contributions, less
  a £5/£10/£20 disregard; state and private pensions and most other benefits (after tax on them); PIP, DLA,
  AA and Adult Disability Payment are ignored; capital over £10,000 is deemed to give £1 a week for each £500
  or part of £500. There is no upper capital limit.

The helpers for net earnings and tax on other income are shared with Housing Benefit (rules/housing_benefit.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators.core.calc import Calc, benefit, rule
from calculators.core.household import Person
from calculators.core.money import ZERO, Money, pennies, tariff_steps
from calculators.core.pension_age import state_pension_age_date
from calculators.core.periods import WEEK

from .income_tax import income_tax_for
from .universal_credit import eldest_born_before_cutoff

#: Benefits that count as income in full for Pension Credit and pension-age Housing Benefit
#: (SPC Regs reg. 15(1); HB (SPC) Regs reg. 29). PIP, DLA, AA and ADP are not income (reg. 15(1)(a)-(b)).
COUNTED_BENEFITS = (
    "state_pension",
    "carers_allowance",
    "esa_contribution",
    "jsa_contribution",
    "maternity_allowance",
    "industrial_injuries",
)

#: "Qualifying benefits" for the severe disability addition and premium (SPC Regs Sch. I para. 1; HB Regs
#: Sch. 3 para. 14; HB (SPC) Regs Sch. 3 para. 6): AA, the middle or highest DLA care rate, PIP or ADP daily living.
SEVERE_DISABILITY_QUALIFYING = (
    "attendance_allowance_lower",
    "attendance_allowance_higher",
    "dla_care_middle",
    "dla_care_highest",
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "adult_disability_payment_daily_living_standard",
    "adult_disability_payment_daily_living_enhanced",
)

#: Non-dependants getting one of these do not stop the severe disability addition (Sch. I para. 2(2)).
_NON_DEPENDANT_CARE_BENEFITS = ("attendance_allowance", "dla_care", "pip_daily_living")

MIXED_AGE_COUPLES_FROM = date(2019, 5, 15)
FIRST_CHILD_CUTOFF = date(2017, 4, 6)


# --- shared helpers (also used by Housing Benefit) ------------------------------------------------------


def reached_pension_age_before(c: Calc, person: Person, cutoff: date) -> bool | None:
    """Did the person reach state pension age before `cutoff`? None when only the age is given and it is unclear.

    Everyone born before 6 October 1954 reached it by 5 October 2020 whatever the rules for their sex, and later
    births reach it at 66 or more (pension_age.py), so the date of birth settles it; from the age alone it is
    settled when the person was old enough to have turned 66 before the cutoff on any birthday."""
    if person.date_of_birth is not None:
        return state_pension_age_date(person.date_of_birth) < cutoff
    age = person.age_on(c.on)
    earliest_birth = date(c.on.year - age - 1, c.on.month, min(c.on.day, 28))
    latest_birth = date(c.on.year - age, c.on.month, min(c.on.day, 28))
    if state_pension_age_date(latest_birth) < cutoff:
        return True
    if earliest_birth >= date(1954, 10, 6) and state_pension_age_date(earliest_birth) >= cutoff:
        return False
    return None


def _other_taxable(c: Calc, person: Person) -> Money:
    return c("it_pension_income", person=person) + c("it_social_security_income", person=person)


def weekly_tax_on_earnings(c: Calc, person: Person) -> Money:
    """Income tax on the person's earnings for a week, unrounded: earnings are the top slice of their income
    (as for Universal Credit), so when they also have a pension only the tax the earnings add is deducted."""
    earned = c("it_employment_income", person=person) + c("it_trading_income", person=person)
    if earned == 0:
        return ZERO
    if _other_taxable(c, person) == 0:
        return c("it_income_tax", person=person, period=WEEK)
    total = c("it_total_income", person=person)
    return (income_tax_for(c, total) - income_tax_for(c, total - earned)) / WEEK.per_year


def weekly_tax_on_other_income(c: Calc, person: Person) -> Money:
    """Income tax on the person's pensions and taxable benefits for a week, unrounded: their income tax less the
    part that falls on their earnings."""
    if _other_taxable(c, person) == 0:
        return ZERO
    return max(c("it_income_tax", person=person, period=WEEK) - weekly_tax_on_earnings(c, person), ZERO)


def net_earnings_week(c: Calc, person: Person) -> Money:
    """Weekly earnings as the income-related benefits count them (SPC Regs reg. 17A; HB Regs reg. 36(3);
    HB (SPC) Regs reg. 36): gross pay and self-employed profit, less income tax and National Insurance on them
    and one-half of pension contributions. Unrounded."""
    gross = person.earnings(WEEK)
    profit = person.self_employment.profit.per(WEEK) if person.self_employment is not None else ZERO
    if gross == 0 and profit == 0:
        return ZERO
    pension = sum((j.pension_contribution.per(WEEK) for j in person.jobs if j.pension_contribution), ZERO)
    tax = weekly_tax_on_earnings(c, person)
    ni = (c("ni_class1_employee", person=person, period=WEEK) + c("ni_class4", person=person, period=WEEK)
          + c("ni_class2", person=person, period=WEEK))
    c.explain(f"{person.id}: £{pennies(gross + profit):,.2f} earnings less £{pennies(tax):,.2f} tax, "
              f"£{pennies(ni):,.2f} National Insurance"
              + (f" and half of £{pennies(pension):,.2f} pension contributions" if pension else ""))
    return max(gross + profit - tax - ni - pension / 2, ZERO)


def severe_disability_count(c: Calc) -> int:
    """How many members of the family count as severely disabled (SPC Regs Sch. I paras. 1-2; HB Regs Sch. 3
    para. 14; HB (SPC) Regs Sch. 3 para. 6): 0, 1 or 2.

    Each must get a qualifying benefit (AA, DLA care middle or highest, PIP or ADP daily living); for a couple
    both must, though a partner registered blind is treated as if they did. No non-dependant aged 18 or over may
    live there unless they get a care benefit themselves or are away. None counts for whom someone is paid
    Carer's Allowance: we take a partner paid Carer's Allowance to be caring for the other partner, and cannot
    see carers living elsewhere."""
    h = c.household
    if not h.claimant.gets(*SEVERE_DISABILITY_QUALIFYING):
        return 0
    if h.is_couple:
        partner = h.partner
        if not (partner.gets(*SEVERE_DISABILITY_QUALIFYING) or partner.registered_blind):
            c.explain("no severe disability amount: for a couple, both must get a care disability benefit")
            return 0
    others = [nd for nd in h.non_dependants
              if nd.age >= 18 and not nd.away_or_in_hospital and not nd.gets(*_NON_DEPENDANT_CARE_BENEFITS)]
    if others:
        c.explain("no severe disability amount: another adult lives with you")
        return 0
    members = 2 if h.is_couple else 1
    cared_for = sum(1 for p in h.adults if p.benefit("carers_allowance") > 0) if h.is_couple else 0
    count = max(members - cared_for, 0)
    c.explain("severe disability amount: if someone living elsewhere is paid Carer's Allowance for looking after "
              "you, tell us, because it is then not paid")
    return count


def carer_count(c: Calc) -> int:
    """Members entitled to Carer's Allowance, including an underlying entitlement not paid because of a State
    Pension (a Carer's Allowance entry of £0): SPC Regs Sch. I para. 4; HB Regs Sch. 3 para. 17."""
    return sum(1 for p in c.household.adults if p.gets("carers_allowance"))


def check_two_children(c: Calc, scheme: str) -> None:
    if len(c.household.children) > 2:
        raise c.cannot(f"we can't yet work out {scheme} for more than two children: the two-child rules and their "
                       "exceptions need an advisor")


# --- eligibility ---------------------------------------------------------------------------------------------


@rule(label="can claim Pension Credit", legislation="ukpga/2002/16/section/1")
def pc_eligible(c: Calc) -> bool:
    """State Pension Credit Act 2002 s. 1(2): in Great Britain and over the qualifying age (state pension age,
    s. 1(6)); for a couple, since 15 May 2019, both must be (s. 4(1A), Welfare Reform Act 2012 (Commencement
    No. 31) Order 2019). People with no recourse to public funds cannot claim. There is no capital limit."""
    h = c.household
    if h.no_recourse_to_public_funds:
        c.explain("not eligible: people with no recourse to public funds cannot get Pension Credit")
        return False
    group = c("household_age_group")
    if group == "working_age":
        c.explain("not eligible: you have not reached State Pension age")
        return False
    if group == "mixed":
        c.explain("not eligible: your partner has not reached State Pension age, so you claim Universal Credit "
                  "instead (unless you have had Pension Credit or pension-age Housing Benefit since before "
                  "15 May 2019: tell an advisor)")
        return False
    return True


# --- the appropriate minimum guarantee ------------------------------------------------------------------------


@rule(label="standard minimum guarantee", period=WEEK, legislation="uksi/2002/1792/regulation/6")
def pc_standard_minimum_guarantee(c: Calc) -> Money:
    """Reg. 6(1): £227.10 single, £346.60 a couple in 2025-26 (£238.00 and £363.25 in 2026-27)."""
    smg = c.param("dwp.pension_credit.standard_minimum_guarantee")
    return smg.couple if c.household.is_couple else smg.single


@rule(label="severe disability additional amount", period=WEEK, legislation="uksi/2002/1792/schedule/I")
def pc_severe_disability_addition(c: Calc) -> Money:
    """Reg. 6(4) and Sch. I paras. 1-2: the amount for each member who counts as severely disabled."""
    n = severe_disability_count(c)
    return c.param("dwp.pension_credit.additional_amounts").severe_disability * n


@rule(label="carer additional amount", period=WEEK, legislation="uksi/2002/1792/schedule/I/paragraph/4")
def pc_carer_addition(c: Calc) -> Money:
    """Reg. 6(6)(a) and Sch. I para. 4: the amount for each member entitled to Carer's Allowance."""
    n = carer_count(c)
    if n == 0 and any(p.is_carer for p in c.household.adults):
        c.explain("if you claim Carer's Allowance (even if it is not paid because of your State Pension) you may get "
                  "the carer amount: add Carer's Allowance with £0 to include it")
    return c.param("dwp.pension_credit.additional_amounts").carer * n


@rule(label="child additional amounts", period=WEEK, legislation="uksi/2002/1792/schedule/IIA")
def pc_child_addition(c: Calc) -> Money:
    """Reg. 6(6)(c) and Sch. IIA: for each child, the higher amount for the eldest if born before 6 April 2017,
    the standard amount for the others, plus the disabled or severely disabled child amount."""
    children = c.household.children
    if not children:
        return ZERO
    check_two_children(c, "Pension Credit")
    a = c.param("dwp.pension_credit.additional_amounts")
    before = eldest_born_before_cutoff(children, c.on)
    if before is None:
        raise c.cannot("we need to know whether your eldest child was born before 6 April 2017: the amount "
                       "for a first child born before then is higher", ask="eldest_child_born_before_2017")
    total = ZERO
    for i, ch in enumerate(children):
        if i == 0:  # one child, any one, takes the eldest's amount: only the total matters
            total += a.child_first_born_before_6_april_2017 if before else a.child
        else:
            total += a.child
        if ch.disability == "lower":
            total += a.disabled_child
        elif ch.disability == "higher":
            total += a.severely_disabled_child
    return total


@rule(label="appropriate minimum guarantee", period=WEEK, legislation="ukpga/2002/16/section/2")
def pc_appropriate_minimum_guarantee(c: Calc) -> Money:
    """s. 2(3)-(4) and reg. 6: the standard minimum guarantee plus the additional amounts."""
    return (c("pc_standard_minimum_guarantee") + c("pc_severe_disability_addition") + c("pc_carer_addition")
            + c("pc_child_addition"))


# --- income ------------------------------------------------------------------------------------------------------


@rule(label="earnings counted", period=WEEK, legislation="uksi/2002/1792/schedule/VI")
def pc_earnings(c: Calc) -> Money:
    """Reg. 17A and Sch. VI: net earnings of the claimant and partner, less £20 if the carer amount is included,
    otherwise £10 for a couple or £5 for a single claimant (the £20 also covers some disabled workers we do not
    ask about)."""
    net = sum((net_earnings_week(c, p) for p in c.household.adults), ZERO)
    if net == 0:
        return ZERO
    d = c.param("dwp.pension_credit.earnings_disregards")
    if c("pc_carer_addition") > 0:
        disregard = d.carer
    else:
        disregard = d.couple if c.household.is_couple else d.single
    c.explain(f"£{disregard} of earnings is ignored")
    return pennies(max(net - disregard, ZERO))


def other_income_week(c: Calc, scheme: str) -> Money:
    """Pensions, benefits that count and other income of the claimant and partner for a week, after income tax
    on them, unrounded. Refuses benefits whose treatment we cannot tell."""
    total = ZERO
    for p in c.household.adults:
        for kind, label in (("war_pension", "a war pension (part of it may be ignored)"),
                            ("bereavement_support", "Bereavement Support Payment"),
                            ("other", "the 'other' benefit you get")):
            if p.gets(kind):
                raise c.cannot(f"we can't yet work out {scheme} with {label}; an advisor can help")
        total += p.benefit(*COUNTED_BENEFITS)
        if p.private_pension is not None:
            total += p.private_pension.per(WEEK)
        if p.other_income is not None:
            total += p.other_income.per(WEEK)
        total -= weekly_tax_on_other_income(c, p)
    return total


@rule(label="pensions, benefits and other income", period=WEEK, legislation="uksi/2002/1792/regulation/15")
def pc_unearned_income(c: Calc) -> Money:
    """Reg. 15(1) and 17: State Pension and private pensions, Carer's Allowance, contribution-based ESA and JSA,
    Maternity Allowance, industrial injuries benefit and other income, after income tax on them, as weekly
    amounts; £10 of Widowed Parent's Allowance is ignored (Sch. IV para. 7)."""
    total = other_income_week(c, "Pension Credit")
    for p in c.household.adults:
        wpa = p.benefit("widowed_parents_allowance")
        total += max(wpa - Decimal("10"), ZERO)
    return pennies(max(total, ZERO))


@rule(label="deemed income from capital", period=WEEK, legislation="uksi/2002/1792/regulation/15")
def pc_deemed_income_from_capital(c: Calc) -> Money:
    """Reg. 15(6): £1 a week for each £500, or part of £500, of capital above £10,000."""
    d = c.param("dwp.pension_credit.deemed_income")
    steps = tariff_steps(c.household.capital, d.threshold, d.step)
    if not steps:
        return ZERO
    c.explain(f"{steps} lots of £{d.step} (or part) above £{d.threshold:,}")
    return Decimal(steps)


@rule(label="income", period=WEEK, legislation="ukpga/2002/16/section/15")
def pc_income(c: Calc) -> Money:
    """s. 15: earnings, pensions and benefits, and deemed income from capital, for the claimant and partner."""
    return c("pc_earnings") + c("pc_unearned_income") + c("pc_deemed_income_from_capital")


# --- the credits -------------------------------------------------------------------------------------------------


@rule(label="guarantee credit", period=WEEK, legislation="ukpga/2002/16/section/2")
def pc_guarantee_credit(c: Calc) -> Money:
    """s. 2(2): the appropriate minimum guarantee less income, if income is lower; nil otherwise."""
    if not c("pc_eligible"):
        return ZERO
    shortfall = c("pc_appropriate_minimum_guarantee") - c("pc_income")
    if shortfall <= 0:
        c.explain("no guarantee credit: your income is at least the minimum guarantee")
        return ZERO
    return shortfall


#: State Pension Credit Act 2002 s. 3(1A): the savings credit is only for someone who reached State Pension age
#: before this day (or whose partner did).
SAVINGS_CREDIT_CUTOFF = date(2016, 4, 6)
#: Pensions Act 1995 Sch. 4 (as amended by the Pensions Act 2011 s. 1): a man born before 6 April 1951 reached
#: State Pension age (65) before 6 April 2016, and one born on or after it did not; a woman born before
#: 6 April 1953 reached it by 6 March 2016 (para. 1 table, births 6 March to 5 April 1953), and one born on or
#: after it did not (6 July 2016 at the earliest, Pensions Act 2011 Sch. 1). So between these two days of birth
#: the answer turns on the person's sex, which is the only case the date of birth does not settle.
_MEN_REACHED_BEFORE_CUTOFF_IF_BORN_BEFORE = date(1951, 4, 6)
_WOMEN_REACHED_BEFORE_CUTOFF_IF_BORN_BEFORE = date(1953, 4, 6)


def reached_pension_age_before_april_2016(c: Calc, person: Person) -> bool | None:
    """Did the person reach State Pension age before 6 April 2016? None when neither their answer nor their date
    of birth (or age) settles it: born 6 April 1951 to 5 April 1953 (a woman did, a man did not)."""
    if person.reached_pension_age_before_april_2016 is not None:
        return person.reached_pension_age_before_april_2016
    if person.date_of_birth is not None:
        earliest = latest = person.date_of_birth
    else:
        age = person.age_on(c.on)
        earliest = date(c.on.year - age - 1, c.on.month, min(c.on.day, 28))
        latest = date(c.on.year - age, c.on.month, min(c.on.day, 28))
    if latest < _MEN_REACHED_BEFORE_CUTOFF_IF_BORN_BEFORE:
        return True
    if earliest >= _WOMEN_REACHED_BEFORE_CUTOFF_IF_BORN_BEFORE:
        return False
    return None


@rule(label="reached State Pension age before 6 April 2016", legislation="ukpga/2002/16/section/3")
def pc_savings_credit_age_condition(c: Calc) -> bool | None:
    """s. 3(1A) (Pensions Act 2014 Sch. 12 para. 43): savings credit only for a claimant who, or whose partner,
    reached State Pension age before 6 April 2016. None when that is not known: someone born between 6 April 1951
    and 5 April 1953 who has not said (pc_savings_credit then works the credit out and asks only if it matters)."""
    answers = [reached_pension_age_before_april_2016(c, p) for p in c.household.adults]
    if any(a is True for a in answers):
        return True
    if any(a is None for a in answers):
        c.explain("we don't know whether you reached State Pension age before 6 April 2016: for people born between "
                  "6 April 1951 and 5 April 1953 a woman did and a man did not")
        return None
    c.explain("no savings credit: it is only for people who reached State Pension age before 6 April 2016")
    return False


@rule(label="qualifying income for savings credit", period=WEEK, legislation="uksi/2002/1792/regulation/9")
def pc_qualifying_income(c: Calc) -> Money:
    """Reg. 9: income less contribution-based ESA and JSA, Maternity Allowance and maintenance (other income)."""
    excluded = ZERO
    for p in c.household.adults:
        excluded += p.benefit("esa_contribution", "jsa_contribution", "maternity_allowance")
        if p.other_income is not None:
            excluded += p.other_income.per(WEEK)
    return max(c("pc_income") - pennies(excluded), ZERO)


@rule(label="savings credit", period=WEEK, legislation="uksi/2002/1792/regulation/7")
def pc_savings_credit(c: Calc) -> Money:
    """s. 3 and reg. 7: 60% of qualifying income above the savings credit threshold, at most 60% of the standard
    minimum guarantee above the threshold; less 40% of income above the appropriate minimum guarantee. Rounded
    to the penny."""
    if not c("pc_eligible"):
        return ZERO
    age_condition = c("pc_savings_credit_age_condition")
    if age_condition is False:
        return ZERO
    threshold = c.param("dwp.pension_credit.savings_credit_threshold")
    threshold = threshold.couple if c.household.is_couple else threshold.single
    rates = c.param("dwp.pension_credit.savings_credit_rates")
    maximum = pennies(rates.phase_in * (c("pc_standard_minimum_guarantee") - threshold))
    earned = min(rates.phase_in * max(c("pc_qualifying_income") - threshold, ZERO), maximum)
    reduction = rates.withdrawal * max(c("pc_income") - c("pc_appropriate_minimum_guarantee"), ZERO)
    credit = pennies(max(earned - reduction, ZERO))
    c.explain(f"60% of qualifying income above £{threshold} (at most £{maximum}) = £{pennies(earned)}"
              + (f", less 40% of income above the minimum guarantee = £{pennies(reduction)}" if reduction else ""))
    if age_condition is None:
        if credit == 0:
            c.explain("no savings credit whether or not you reached State Pension age before 6 April 2016")
            return ZERO
        raise c.cannot(f"you could get a savings credit of £{credit} a week, but only if you (or your partner) "
                       "reached State Pension age before 6 April 2016: tell us whether you did",
                       ask="pension_age_before_april_2016")
    return credit


@rule(label="Pension Credit (week)", period=WEEK, legislation="ukpga/2002/16/section/1")
def pc_award(c: Calc) -> Money:
    """s. 1(3): the guarantee credit plus the savings credit; nothing is paid when the total is under 10p a
    week (reg. 13)."""
    if not c("pc_eligible"):
        return ZERO
    total = pennies(c("pc_guarantee_credit") + c("pc_savings_credit"))
    minimum = c.param("dwp.pension_credit.minimum_payment")
    if ZERO < total < minimum:
        c.explain(f"£{total} is less than {minimum * 100:.0f}p a week, so it is not paid")
        return ZERO
    return total


benefit("pension_credit", label="Pension Credit", amount="pc_award", period=WEEK,
        claim_url="https://www.gov.uk/pension-credit/how-to-claim")

