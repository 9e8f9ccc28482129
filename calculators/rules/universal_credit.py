"""Universal Credit: entitlement, the maximum amount, income and the award, for one assessment period.

Welfare Reform Act 2012 ss. 3-8 and the Universal Credit Regulations 2013 (SI 2013/376), with the
amounts of the Up-rating Orders 2025 (SI 2025/295) and 2026 (SI 2026/148), the Universal Credit Act
2025 (the standard allowance uplift and the lower LCWRA element for new claims from 6 April 2026) and
the Universal Credit (Removal of Two Child Limit) Act 2026. The calculation date stands for the start
of the assessment period: new rates apply to assessment periods beginning on or after the first Monday
of April.

Award = maximum amount (standard allowance + child, disabled child, LCWRA, carer, childcare and housing
elements) - 55% of earned income above any work allowance - unearned income in full (s. 8, reg. 22),
then less any benefit cap reduction (rules/benefit_cap.py). Every amount is rounded to the penny,
a half penny up (reg. 6(1)).

Self-employment: the minimum income floor (regs. 62-64) treats a gainfully self-employed person as
earning at least their expected hours at the National Living Wage, less notional tax and NI, after a
12-month start-up period. Whether it applies turns on the start-up period and on individual expected
hours that we do not ask about, so when profit is below the highest possible floor (35 hours at the
National Living Wage) we say we cannot work it out, and above it we use the actual profit (the floor
cannot bite).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators.core.calc import Calc, benefit, rule
from calculators.core.household import DISABILITY_BENEFITS, Person
from calculators.core.money import ZERO, Money, pennies, tariff_steps
from calculators.core.periods import MONTH

from .income_tax import income_tax_for

#: Benefits counted in full as unearned income (reg. 66(1)(a)-(b)); PIP, DLA, AA, ADP, Bereavement
#: Support Payment and war pensions are not listed in reg. 66, so they are ignored.
UNEARNED_BENEFITS = (
    "state_pension",
    "carers_allowance",
    "esa_contribution",
    "jsa_contribution",
    "maternity_allowance",
    "widowed_parents_allowance",
    "industrial_injuries",
)

#: Disability benefits (reg. 14 student exception; reg. 83(1) benefit cap exemption).
# DISABILITY_BENEFITS (reg. 14 student exception; reg. 83(1) benefit cap exemption) comes from the household model.

#: Reg. 83(1): receipt by the claimant, partner or a child of any of these exempts from the benefit cap.
CAP_EXEMPT_BENEFITS = (
    *DISABILITY_BENEFITS,
    "carers_allowance",
    "industrial_injuries",
    "war_pension",
)

LCW_ABOLISHED = date(2017, 4, 3)
NEW_HEALTH_ELEMENT_FROM = date(2026, 4, 6)
FIRST_CHILD_CUTOFF = date(2017, 4, 6)


def eldest_born_before_cutoff(children, on: date) -> bool | None:
    """Was the eldest child born before 6 April 2017? True as soon as any child was (the eldest was born
    no later), False when every child was born on or after it, None when that is still open. Children of
    the same age in years are told apart by their dates of birth, not by the order they were listed in."""
    answers = [ch.born_before(FIRST_CHILD_CUTOFF, on) for ch in children]
    if any(answer is True for answer in answers):
        return True
    if all(answer is False for answer in answers):
        return False
    return None


# --- entitlement -----------------------------------------------------------------------------------


@rule(label="can claim Universal Credit", legislation="ukpga/2012/5/section/4")
def uc_eligible(c: Calc) -> bool:
    """WRA 2012 s. 4(1) basic conditions and s. 5 financial conditions:
    - aged 18 or over (16-17 only in cases prescribed by reg. 8, which we cannot check);
    - not over state pension age: a couple where only one is can claim (s. 4(1)(b), "mixed-age");
    - not subject to immigration control with no recourse to public funds (reg. 9; Immigration and
      Asylum Act 1999 s. 115);
    - capital not above £16,000 (reg. 18);
    - not receiving education (reg. 12-14), unless responsible for a child or with LCW and a disability
      benefit, or the partner is not a student."""
    h = c.household
    if h.no_recourse_to_public_funds:
        c.explain("not eligible: people with no recourse to public funds cannot get Universal Credit")
        return False
    if c("household_age_group") == "pension_age":
        c.explain("not eligible: you are over State Pension age; Pension Credit and Housing Benefit are for you")
        return False
    minimum = c.param("dwp.universal_credit.minimum_age")
    age = h.claimant.age_on(c.on)
    if age < minimum:
        if h.children or h.claimant.limited_capability != "none" or h.claimant.is_carer:
            raise c.cannot("we can't tell whether you can claim Universal Credit at 16 or 17; some young people "
                           "with a child, a health condition or caring responsibilities can: an advisor can help")
        c.explain(f"not eligible: you must usually be {minimum} or over")
        return False
    limit = c.param("dwp.universal_credit.means_test.capital_limit")
    if h.capital > limit:
        c.explain(f"not eligible: savings and capital of £{h.capital:,.2f} are over £{limit:,}")
        return False
    if all(_excluded_student(p, h) for p in h.adults):
        c.explain("not eligible: full-time students usually cannot get Universal Credit unless responsible for a "
                  "child or with a health condition and a disability benefit")
        return False
    return True


def _excluded_student(p: Person, h) -> bool:
    if not p.student:
        return False
    if h.children:
        return False
    if p.limited_capability != "none" and p.gets(*DISABILITY_BENEFITS):
        return False
    return True


# --- the maximum amount: elements ------------------------------------------------------------------


@rule(label="standard allowance", period=MONTH, legislation="uksi/2013/376/regulation/36")
def uc_standard_allowance(c: Calc) -> Money:
    """Reg. 36 table: single under 25 or 25 and over; joint claimants both under 25, or one or both 25
    and over."""
    sa = c.param("dwp.universal_credit.standard_allowance")
    ages = [p.age_on(c.on) for p in c.household.adults]
    if c.household.is_couple:
        key = "couple_one_or_both_25_or_over" if max(ages) >= 25 else "couple_both_under_25"
    else:
        key = "single_25_or_over" if ages[0] >= 25 else "single_under_25"
    c.explain(key.replace("_", " "))
    return sa[key]


@rule(label="children who count for the child element", legislation="uksi/2013/376/regulation/24A")
def uc_children_counted(c: Calc) -> int:
    """WRA 2012 s. 10(1A) and reg. 24A until 5 April 2026: the first two children, plus any child for
    whom an exception applies (multiple birth, adoption, kinship care, non-consensual conception) or born
    before 6 April 2017 when there were already two or more. Removed for assessment periods from
    6 April 2026 (Universal Credit (Removal of Two Child Limit) Act 2026)."""
    children = c.household.children
    limit = c.param("dwp.universal_credit.elements.child_limit")
    if len(children) <= limit:
        return len(children)
    # eldest first; children of the same age in years by date of birth (reg. 24A counts them in birth order)
    ordered = sorted(children, key=lambda ch: (-ch.age_on(c.on), ch.date_of_birth or date.max))
    counted = 0
    for ch in ordered:
        before = ch.born_before(FIRST_CHILD_CUTOFF, c.on)
        if counted < limit or ch.two_child_limit_exception or before:
            counted += 1
        elif before is None:
            raise c.cannot("we can't apply the two-child limit without knowing whether each child was born before "
                           "6 April 2017", ask="children_dates_of_birth")
    c.explain(f"{counted} of {len(children)} children count: the two-child limit applied before 6 April 2026")
    return counted


@rule(label="child element", period=MONTH, legislation="uksi/2013/376/regulation/24")
def uc_child_element(c: Calc) -> Money:
    """Reg. 24 and reg. 36: the higher amount for the first (eldest) child if born before 6 April 2017,
    the other amount for each other child who counts."""
    n = c("uc_children_counted")
    if n == 0:
        return ZERO
    p = c.param("dwp.universal_credit.elements.child")
    first_higher = eldest_born_before_cutoff(c.household.children, c.on)
    if first_higher is None:
        raise c.cannot("we need to know whether your eldest child was born before 6 April 2017: Universal Credit pays "
                       "more for a first child born before then", ask="eldest_child_born_before_2017")
    if first_higher:
        c.explain("higher amount for the first child, born before 6 April 2017")
        return p.first_child_born_before_6_april_2017 + p.other_child * (n - 1)
    return p.other_child * n


@rule(label="disabled child additions", period=MONTH, legislation="uksi/2013/376/regulation/24")
def uc_disabled_child_element(c: Calc) -> Money:
    """Reg. 24(2): the lower rate for a child getting DLA, CDP or PIP, the higher rate for the highest DLA
    care rate, PIP enhanced daily living, or a blind child. Paid for every disabled child, whatever the
    two-child limit."""
    p = c.param("dwp.universal_credit.elements.disabled_child_addition")
    total = ZERO
    for ch in c.household.children:
        if ch.disability == "lower":
            total += p.lower
        elif ch.disability == "higher":
            total += p.higher
    return total


def _is_pre_2026_claimant(c: Calc) -> bool | None:
    start = c.household.uc_claim_start
    if start is None:
        return None
    return start < NEW_HEALTH_ELEMENT_FROM


@rule(label="LCWRA (health) element", period=MONTH, legislation="uksi/2013/376/regulation/27")
def uc_lcwra_element(c: Calc) -> Money:
    """Reg. 27: one element if either joint claimant has limited capability for work and work-related
    activity. From 6 April 2026 (Universal Credit Act 2025 s. 2 and Sch. 1, new reg. 27A) the amount is
    £217.26 unless the claimant is a pre-2026 claimant (entitled to UC with the LCWRA element, or to the
    ESA support component, before 6 April 2026, continuously since), meets the severe conditions
    criteria, or is terminally ill; where each joint claimant qualifies the higher amount is used.

    We treat a claim that started before 6 April 2026 as a pre-2026 claim: strictly the LCWRA element
    (or ESA support group) must also have been in payment before then and continuously since."""
    people = [p for p in c.household.adults if p.limited_capability == "lcwra"]
    if not people:
        return ZERO
    standard = c.param("dwp.universal_credit.elements.lcwra")
    if c.on < NEW_HEALTH_ELEMENT_FROM:
        return standard
    if any(p.severe_conditions for p in people):
        c.explain("the protected rate: meets the severe conditions criteria or is terminally ill")
        return standard
    pre_2026 = _is_pre_2026_claimant(c)
    if pre_2026 is None:
        raise c.cannot("we need to know when your Universal Credit claim started: claims from 6 April 2026 get a "
                       "lower health element unless you meet the severe conditions criteria", ask="uc_claim_start")
    if pre_2026:
        c.explain("the protected rate: your claim started before 6 April 2026")
        return standard
    c.explain("the rate for claims from 6 April 2026 (you do not meet the severe conditions criteria)")
    return c.param("dwp.universal_credit.elements.lcwra_new_claim")


@rule(label="LCW element (protected, claims before 3 April 2017)", period=MONTH,
      legislation="uksi/2017/204/schedule/2")
def uc_lcw_element(c: Calc) -> Money:
    """The LCW element was abolished for new claims from 3 April 2017 (SI 2017/204) and kept only for
    claimants who had it then; it is never paid with the LCWRA element (reg. 27(4))."""
    if any(p.limited_capability == "lcwra" for p in c.household.adults):
        return ZERO
    if not any(p.limited_capability == "lcw" for p in c.household.adults):
        return ZERO
    start = c.household.uc_claim_start
    if start is None or start >= LCW_ABOLISHED:
        c.explain("no LCW element: it is only paid on claims from before 3 April 2017")
        return ZERO
    return c.param("dwp.universal_credit.elements.lcw")


@rule(label="carer element", period=MONTH, legislation="uksi/2013/376/regulation/29")
def uc_carer_element(c: Calc) -> Money:
    """Reg. 29: for a claimant with regular and substantial caring responsibilities for a severely
    disabled person (35 hours a week). Reg. 29(4): not for a claimant who has the LCWRA element in their
    own right; but where both joint claimants have LCWRA, the one element counts for the other and the
    carer keeps the carer element. Two carer elements only if caring for different people (reg. 29(2))."""
    h = c.household
    lcwra = [p for p in h.adults if p.limited_capability == "lcwra"]
    carers = []
    for p in h.adults:
        if not p.is_carer:
            continue
        if p.limited_capability == "lcwra" and not any(q is not p for q in lcwra):
            c.explain("no carer element for a carer who gets the LCWRA element (reg. 29(4))")
            continue
        carers.append(p)
    if len(carers) > 1:
        raise c.cannot("we can't tell whether you both care for the same person: a couple gets two carer elements "
                       "only for different people; an advisor can help")
    return c.param("dwp.universal_credit.elements.carer") if carers else ZERO


def _in_paid_work(p: Person) -> bool:
    return bool(p.jobs) or p.self_employment is not None


@rule(label="childcare costs element", period=MONTH, legislation="uksi/2013/376/regulation/34")
def uc_childcare_element(c: Calc) -> Money:
    """Regs. 31-34: 85% of childcare charges, up to the maximum for one child or two or more. Only when
    the claimant is in paid work and, for a couple, the other is too or cannot provide childcare because
    of limited capability for work or caring (reg. 32). Monthly equivalent per reg. 34A."""
    h = c.household
    if h.childcare_costs is None or h.childcare_costs.amount == 0 or not h.children:
        return ZERO
    if not _in_paid_work(h.claimant) and not (h.partner is not None and _in_paid_work(h.partner)):
        c.explain("no childcare element: you must be in paid work")
        return ZERO
    if h.partner is not None:
        for p in h.adults:
            if not _in_paid_work(p) and p.limited_capability == "none" and not p.is_carer:
                c.explain("no childcare element: both of you must be in paid work (or the other unable to care)")
                return ZERO
    p = c.param("dwp.universal_credit.elements")
    share = p.childcare_proportion
    maximum = p.childcare_maximum
    cap = maximum.one_child if len(h.children) == 1 else maximum.two_or_more_children
    costs = h.childcare_costs.per(MONTH)
    amount = pennies(share * costs)
    if amount > cap:
        c.explain(f"85% of your costs is over the £{cap:,.2f} maximum")
    return min(amount, cap)


@rule(label="maximum amount", period=MONTH, legislation="ukpga/2012/5/section/8")
def uc_maximum_amount(c: Calc) -> Money:
    """WRA 2012 s. 8(2): the standard allowance plus each element."""
    return (
        c("uc_standard_allowance")
        + c("uc_child_element")
        + c("uc_disabled_child_element")
        + c("uc_lcwra_element")
        + c("uc_lcw_element")
        + c("uc_carer_element")
        + c("uc_childcare_element")
        + c("uc_housing_element")
    )


# --- income ----------------------------------------------------------------------------------------


def _other_taxable(c: Calc, person: Person) -> Money:
    return c("it_pension_income", person=person) + c("it_social_security_income", person=person)


@rule(label="earnings after tax, NI and pension contributions", period=MONTH, per_person=True,
      legislation="uksi/2013/376/regulation/55")
def uc_person_earned_income(c: Calc, person: Person) -> Money:
    """Reg. 55(5): employed earnings less income tax and Class 1 contributions on them and pension
    contributions; reg. 57: self-employed profit less tax and Class 2 and 4 contributions. When the person
    has other taxable income (a pension, Carer's Allowance) only the tax on the earnings is deducted."""
    gross = person.earnings(MONTH)
    profit = person.self_employment.profit.per(MONTH) if person.self_employment is not None else ZERO
    if gross == 0 and profit == 0:
        return ZERO
    pension = sum((j.pension_contribution.per(MONTH) for j in person.jobs if j.pension_contribution), ZERO)
    if _other_taxable(c, person) == 0:
        tax = c("it_income_tax", person=person, period=MONTH)
    else:
        total = c("it_total_income", person=person)
        earned = c("it_employment_income", person=person) + c("it_trading_income", person=person)
        tax = (income_tax_for(c, total) - income_tax_for(c, total - earned)) / MONTH.per_year
    ni = (c("ni_class1_employee", person=person, period=MONTH) + c("ni_class4", person=person, period=MONTH)
          + c("ni_class2", person=person, period=MONTH))
    net = gross + profit - tax - ni - pension
    if person.self_employment is not None and person.self_employment.gainful:
        _check_minimum_income_floor(c, person, profit)
    c.explain(f"£{gross + profit:,.2f} less £{tax:,.2f} tax, £{ni:,.2f} National Insurance"
              + (f" and £{pension:,.2f} pension contributions" if pension else ""))
    return pennies(max(net, ZERO))


def _check_minimum_income_floor(c: Calc, person: Person, profit: Money) -> None:
    m = c.param("dwp.universal_credit.means_test")
    highest_floor = m.minimum_income_floor_hours * m.national_living_wage * 52 / 12
    if profit < highest_floor:
        raise c.cannot(
            "we can't work out Universal Credit for self-employment with profits below the minimum income floor "
            f"(up to £{pennies(highest_floor):,.2f} a month): it depends on your start-up period and expected hours; "
            "an advisor can help"
        )


@rule(label="earned income", period=MONTH, legislation="uksi/2013/376/regulation/54")
def uc_earned_income(c: Calc) -> Money:
    """Reg. 54: the earned income of each claimant, added together."""
    return sum((c("uc_person_earned_income", person=p) for p in c.household.adults), ZERO)


@rule(label="assumed income from capital", period=MONTH, legislation="uksi/2013/376/regulation/72")
def uc_capital_tariff_income(c: Calc) -> Money:
    """Reg. 72(1): capital over £6,000 (and up to £16,000) is treated as giving £4.35 a month for each
    £250, or part of £250, above £6,000."""
    t = c.param("dwp.universal_credit.means_test.capital_tariff")
    steps = tariff_steps(c.household.capital, t.threshold, t.step)  # each £250 or part of £250
    if not steps:
        return ZERO
    c.explain(f"{steps} lots of £{t.step} (or part) above £{t.threshold:,}")
    return steps * t.amount_per_step


@rule(label="unearned income", period=MONTH, legislation="uksi/2013/376/regulation/66")
def uc_unearned_income(c: Calc) -> Money:
    """Reg. 66: retirement pensions, contributory JSA and ESA, Carer's Allowance, Maternity Allowance,
    Widowed Parent's Allowance, industrial injuries benefit and maintenance paid to an adult, in full,
    as monthly amounts (reg. 73: weekly x 52 / 12), plus assumed income from capital (reg. 72). PIP, DLA,
    AA, Bereavement Support Payment, war pensions, Child Benefit and child maintenance are ignored."""
    total = ZERO
    for p in c.household.adults:
        if p.gets("other"):
            raise c.cannot("we can't work out your Universal Credit because we don't know how the 'other' benefit "
                           "you get counts; an advisor can help")
        total += p.benefit(*UNEARNED_BENEFITS, period=MONTH)
        if p.private_pension is not None:
            total += p.private_pension.per(MONTH)
        if p.other_income is not None and p.other_income.amount > 0:
            c.explain("other income counted in full as maintenance for an adult (reg. 66(1)(d)); "
                      "child maintenance does not count, so leave it out")
            total += p.other_income.per(MONTH)
    return pennies(total) + c("uc_capital_tariff_income")


@rule(label="work allowance", period=MONTH, legislation="uksi/2013/376/regulation/22")
def uc_work_allowance(c: Calc) -> Money:
    """Reg. 22(1)(b) and (2): only for a claimant responsible for a child or with limited capability for
    work; the lower amount when the award includes the housing costs element."""
    h = c.household
    if not h.children and all(p.limited_capability == "none" for p in h.adults):
        c.explain("no work allowance: only for people responsible for a child or with limited capability for work")
        return ZERO
    wa = c.param("dwp.universal_credit.means_test.work_allowance")
    if c("uc_housing_element") > 0:
        c.explain("the lower work allowance, because the award includes housing costs")
        return wa.with_housing
    return wa.without_housing


@rule(label="income reduction", period=MONTH, legislation="uksi/2013/376/regulation/22")
def uc_income_reduction(c: Calc) -> Money:
    """Reg. 22(1): 55% of earned income above the work allowance, plus unearned income in full."""
    taper = c.param("dwp.universal_credit.means_test.taper_rate")
    above = max(c("uc_earned_income") - c("uc_work_allowance"), ZERO)
    return pennies(taper * above) + c("uc_unearned_income")


@rule(label="Universal Credit before the benefit cap", period=MONTH, legislation="ukpga/2012/5/section/8")
def uc_award_before_cap(c: Calc) -> Money:
    """WRA 2012 s. 8(1)-(3): the maximum amount less the income reduction, not below nil."""
    if not c("uc_eligible"):
        return ZERO
    return max(c("uc_maximum_amount") - c("uc_income_reduction"), ZERO)


@rule(label="Universal Credit", period=MONTH, legislation="ukpga/2012/5/section/96")
def uc_award(c: Calc) -> Money:
    """The monthly award after the benefit cap (WRA 2012 s. 96; regs. 78-83). Not payable under a penny
    (reg. 17)."""
    before = c("uc_award_before_cap")
    if before == 0:
        return ZERO
    award = before - c("uc_benefit_cap_reduction")
    return award if award >= Decimal("0.01") else ZERO


benefit("universal_credit", label="Universal Credit", amount="uc_award", period=MONTH,
        claim_url="https://www.gov.uk/universal-credit/how-to-claim")
