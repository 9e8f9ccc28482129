"""Housing Benefit: who can claim it, the eligible rent, the maximum, the means test and the award, for a week.

Social Security Contributions and Benefits Act 1992 s. 130, with two sets of regulations:
- pension age: the Housing Benefit (Persons who have attained the qualifying age for state pension credit)
  Regulations 2006 (SI 2006/214, "HB (SPC)"), for a single person over state pension age or a couple who both are;
- working age: the Housing Benefit Regulations 2006 (SI 2006/213), now only for rent on supported ("specified")
  or temporary accommodation, which Universal Credit does not pay (UC Regs Sch. 1 paras. 3(h) and 3A).
Everyone else of working age - and, since 15 May 2019, a couple where only one has reached state pension age -
claims the Universal Credit housing costs element instead.

Award = maximum HB (eligible rent less non-dependant deductions) for someone on the guarantee credit of Pension
Credit or on Universal Credit (all their income and capital is then disregarded: HB Regs Sch. 5 para. 4 and
Sch. 6 para. 5; HB (SPC) Regs reg. 26); otherwise maximum HB less 65% of income above the applicable amount
(s. 130(3), reg. 71 / HB (SPC) reg. 51). No award under 50p a week (reg. 75 / HB (SPC) reg. 56).

Amounts are those of the Up-rating Orders 2025 (SI 2025/295) and 2026 (SI 2026/148), in force for rent due
weekly from the first Monday of April. Not modelled (we say so rather than guess): shared ownership, joint
tenancies, rent paid to someone you live with, more than two children (the two-child rules), ESA components for
working-age claimants with limited capability for work, working-age students, the benefit cap on Housing
Benefit in temporary accommodation (noted), and the family premium (only for claims from before May 2016).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators.core.calc import Calc, benefit, rule
from calculators.core.household import DISABILITY_BENEFITS
from calculators.core.money import ZERO, Money, pennies, tariff_steps
from calculators.core.periods import WEEK

from .pension_credit import (
    carer_count,
    check_two_children,
    net_earnings_week,
    other_income_week,
    reached_pension_age_before,
    severe_disability_count,
)

SPA_RATE_CUTOFF = date(2021, 4, 1)

#: Disability benefits for the working-age disability premium (HB Regs Sch. 3 para. 13(1)(a)).
DISABILITY_PREMIUM_BENEFITS = DISABILITY_BENEFITS

#: Enhanced disability premium (HB Regs Sch. 3 para. 15): the highest DLA care rate, enhanced PIP or ADP daily living.
ENHANCED_DISABILITY_BENEFITS = (
    "dla_care_highest",
    "pip_daily_living_enhanced",
    "adult_disability_payment_daily_living_enhanced",
)

#: No non-dependant deductions if the claimant or partner is blind or gets one of these (reg. 74(6)(b);
#: HB (SPC) reg. 55(6)(b)): Attendance Allowance, any DLA care rate, PIP or ADP daily living.
NO_NON_DEPENDANT_DEDUCTION_BENEFITS = (
    "attendance_allowance_lower",
    "attendance_allowance_higher",
    "dla_care_lowest",
    "dla_care_middle",
    "dla_care_highest",
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "adult_disability_payment_daily_living_standard",
    "adult_disability_payment_daily_living_enhanced",
)

RENTING = ("private_rent", "social_rent", "supported_accommodation", "temporary_accommodation")


def _pension_age(c: Calc) -> bool:
    return c("hb_scheme") == "pension_age"


# --- who can claim ---------------------------------------------------------------------------------------


@rule(label="which Housing Benefit rules apply", legislation="uksi/2006/214/regulation/5")
def hb_scheme(c: Calc) -> str | None:
    """'pension_age' (HB (SPC) Regs, reg. 5: a single person over state pension age or a couple who both are),
    'working_age' (HB Regs 2006, only for supported or temporary accommodation: UC Transitional Provisions
    Regs 2014 reg. 5 and Sch. 1 para. 5), or None when the household claims Universal Credit for its rent."""
    h = c.household
    group = c("household_age_group")
    if group == "pension_age":
        return "pension_age"
    if h.home.tenure in ("supported_accommodation", "temporary_accommodation"):
        return "working_age"
    if group == "mixed":
        c.explain("Housing Benefit is not for you: your partner has not reached State Pension age, so you claim "
                  "Universal Credit instead, which can include help with rent (unless you have had Housing Benefit "
                  "or Pension Credit since before 15 May 2019: tell an advisor)")
    else:
        c.explain("Housing Benefit is not for you: people of working age claim Universal Credit instead, which can "
                  "include help with rent (Housing Benefit is only for supported or temporary accommodation)")
    return None


@rule(label="on a benefit that gives maximum Housing Benefit", legislation="uksi/2006/214/regulation/26")
def hb_passported(c: Calc) -> bool:
    """Pension age: the guarantee credit of Pension Credit (HB (SPC) reg. 26: all income and capital is
    disregarded). Working age: Universal Credit (HB Regs Sch. 5 para. 4, Sch. 6 para. 5)."""
    h = c.household
    if _pension_age(c):
        if h.gets_pension_credit_guarantee:
            c.explain("you get the guarantee credit of Pension Credit, so you get maximum Housing Benefit")
            return True
        if c("pc_guarantee_credit") > 0:
            c.explain("you can get the guarantee credit of Pension Credit, so you get maximum Housing Benefit")
            return True
        return False
    if h.gets_universal_credit:
        c.explain("you get Universal Credit, so you get maximum Housing Benefit")
        return True
    if c("uc_award") > 0:
        c.explain("you can get Universal Credit, so you get maximum Housing Benefit")
        return True
    return False


@rule(label="can claim Housing Benefit", legislation="ukpga/1992/4/section/130")
def hb_eligible(c: Calc) -> bool:
    """SSCBA 1992 s. 130(1): liable to pay rent for the home they live in, capital not above the limit (£16,000;
    no limit on the guarantee credit of Pension Credit: HB (SPC) reg. 43), and not someone with no recourse to
    public funds."""
    h = c.household
    if h.no_recourse_to_public_funds:
        c.explain("not eligible: people with no recourse to public funds cannot get Housing Benefit")
        return False
    scheme = c("hb_scheme")
    if scheme is None:
        return False
    tenure = h.home.tenure
    if tenure == "owner":
        c.explain("not eligible: Housing Benefit helps with rent, not a mortgage")
        return False
    if tenure == "shared_ownership":
        raise c.cannot("we can't yet work out Housing Benefit on the rent part of a shared ownership home; "
                       "an advisor can help")
    if tenure == "living_with_others":
        if h.home.rent is None or h.home.rent.amount == 0:
            c.explain("not eligible: you don't pay rent")
            return False
        raise c.cannot("we can't tell whether the rent you pay to the people you live with counts for Housing "
                       "Benefit (it must be a commercial arrangement); an advisor can help")
    if h.home.rent is None or h.home.rent.amount == 0:
        c.explain("not eligible: you don't pay rent")
        return False
    if h.home.joint_tenants:
        raise c.cannot("we can't yet work out Housing Benefit when you share a tenancy with people outside your "
                       "household; an advisor can help")
    if scheme == "working_age" and any(p.student for p in h.adults):
        raise c.cannot("we can't yet work out Housing Benefit for full-time students; an advisor can help")
    p = c.param("dwp.housing_benefit.capital_pension_age" if scheme == "pension_age"
                else "dwp.housing_benefit.capital_working_age")
    if h.capital > p.limit and not c("hb_passported"):
        c.explain(f"not eligible: savings and capital of £{h.capital:,.2f} are over £{p.limit:,}")
        return False
    return True


# --- the maximum ------------------------------------------------------------------------------------------


@rule(label="eligible rent (weekly)", period=WEEK, legislation="uksi/2006/213/regulation/12")
def hb_eligible_rent(c: Calc) -> Money:
    """Reg. 12 and 80 (HB (SPC) regs. 12 and 61): the rent as a weekly amount (monthly x 12 / 52, and so on),
    less charges that cannot be met (meals, fuel, personal care: Sch. 1). Private tenants: no more than the
    Local Housing Allowance for their area and household (reg. 12D, 13D). Social tenants over pension age: the
    rent (the size criteria, reg. B13, only reach working-age tenants, who now claim Universal Credit).
    Supported and temporary accommodation: the rent, which the council may still restrict if it is unreasonably
    high (reg. 13 as saved for exempt accommodation)."""
    home = c.household.home
    if home.rent is None:
        return ZERO
    rent = home.rent.per(WEEK)
    if home.ineligible_charges is not None:
        rent -= home.ineligible_charges.per(WEEK)
    rent = pennies(max(rent, ZERO))
    if home.tenure == "private_rent":
        lha = c("housing_lha_rate")
        if rent > lha:
            c.explain(f"your rent is more than the Local Housing Allowance, so £{lha:,.2f} is used")
        return min(rent, lha)
    if home.tenure in ("supported_accommodation", "temporary_accommodation"):
        c.explain("the council can restrict a rent it finds unreasonably high: your award could be lower")
    return rent


def _non_dependant_deduction(c: Calc, nd, d, work_hours) -> tuple[Money, str]:
    if nd.away_or_in_hospital:
        return ZERO, "lives elsewhere, is in hospital or prison"
    if nd.age < 18:
        return ZERO, "is under 18"
    if nd.student:
        return ZERO, "is a full-time student"
    if nd.gets("pension_credit"):
        return ZERO, "gets Pension Credit"
    if nd.age < 25 and nd.gets("income_support", "jsa_income_based", "esa_income_related",
                               "universal_credit_no_earnings"):
        return ZERO, "is under 25 and gets Universal Credit with no earnings or another income-related benefit"
    if nd.hours_per_week < work_hours:
        return d.lower, f"is not working {work_hours} hours a week or more"
    if nd.gross_income is None:
        return d.top, "works, and we don't know their income (tell us and it may be less)"
    income = nd.gross_income.per(WEEK)
    for upto, amount in ((d.band_1_from, d.lower), (d.band_2_from, d.band_1), (d.band_3_from, d.band_2),
                         (d.band_4_from, d.band_3), (d.top_from, d.band_4)):
        if income < upto:
            return amount, f"works, gross income £{pennies(income):,.2f} a week is below £{upto:,.2f}"
    return d.top, f"works, gross income £{pennies(income):,.2f} a week is £{d.top_from:,.2f} or more"


@rule(label="deductions for other adults (non-dependants)", period=WEEK, legislation="uksi/2006/213/regulation/74")
def hb_non_dependant_deductions(c: Calc) -> Money:
    """Reg. 74 (HB (SPC) reg. 55, the same amounts): none if the claimant or partner is blind or gets AA, DLA
    care, PIP or ADP daily living (para. 6); none for a non-dependant under 18, away, a full-time student, on
    Pension Credit, or under 25 on UC without earnings, income support, JSA(IB) or ESA(IR) (paras. 7-8: we
    assume ESA(IR) under 25 is not the main phase); the lower deduction for one not in remunerative work (under
    16 hours); otherwise by normal gross weekly income. A couple who are non-dependants should have one
    deduction between them: we cannot tell that they are a couple."""
    h = c.household
    for p in h.adults:
        if p.registered_blind or p.gets(*NO_NON_DEPENDANT_DEDUCTION_BENEFITS):
            c.explain("no deductions: you or your partner are blind or get a care disability benefit")
            return ZERO
    if not h.non_dependants:
        return ZERO
    d = c.param("dwp.housing_benefit.non_dependant_deductions")
    hours = c.param("dwp.housing_benefit.remunerative_work_hours")
    total = ZERO
    for nd in h.non_dependants:
        amount, why = _non_dependant_deduction(c, nd, d, hours)
        c.explain(f"£{amount:,.2f} for the adult aged {nd.age}: {why}")
        total += amount
    return total


@rule(label="maximum Housing Benefit", period=WEEK, legislation="uksi/2006/213/regulation/70")
def hb_maximum(c: Calc) -> Money:
    """Reg. 70 (HB (SPC) reg. 50): 100% of the eligible rent less non-dependant deductions, not below nil."""
    return max(c("hb_eligible_rent") - c("hb_non_dependant_deductions"), ZERO)


# --- the applicable amount --------------------------------------------------------------------------------


def _child_amounts(c: Calc) -> Money:
    children = c.household.children
    if not children:
        return ZERO
    check_two_children(c, "Housing Benefit")
    allowance = c.param("dwp.housing_benefit.child_allowance")
    p = c.param("dwp.housing_benefit.premiums")
    total = allowance * len(children)
    for ch in children:
        if ch.disability != "none":
            total += p.disabled_child
        if ch.disability == "higher":
            total += p.enhanced_disability_child
    return total


def _severe_and_carer_premiums(c: Calc) -> Money:
    p = c.param("dwp.housing_benefit.premiums")
    severe = severe_disability_count(c)
    total = {0: ZERO, 1: p.severe_disability_single, 2: p.severe_disability_couple_both}[severe]
    if severe:
        c.explain("severe disability premium")
    carers = carer_count(c)
    if carers:
        c.explain("carer premium")
    return total + p.carer * carers


def _disability_premium(c: Calc) -> Money:
    """HB Regs Sch. 3 paras. 12-13 and 15: the disability premium if the claimant or partner gets a disability
    benefit or is blind; the enhanced disability premium for the highest care rates."""
    h = c.household
    p = c.param("dwp.housing_benefit.premiums")
    total = ZERO
    if any(a.registered_blind or a.gets(*DISABILITY_PREMIUM_BENEFITS) for a in h.adults):
        total += p.disability_couple if h.is_couple else p.disability_single
        c.explain("disability premium")
    if any(a.gets(*ENHANCED_DISABILITY_BENEFITS) for a in h.adults):
        total += p.enhanced_disability_couple if h.is_couple else p.enhanced_disability_single
        c.explain("enhanced disability premium")
    return total


def _working_age_personal_allowance(c: Calc) -> Money:
    h = c.household
    pa = c.param("dwp.housing_benefit.personal_allowance")
    ages = [p.age_on(c.on) for p in h.adults]
    if h.is_couple:
        key = "couple_one_or_both_18_or_over" if max(ages) >= 18 else "couple_both_under_18"
    elif h.children:
        key = "lone_parent_18_or_over" if ages[0] >= 18 else "lone_parent_under_18"
    else:
        key = "single_25_or_over" if ages[0] >= 25 else "single_under_25"
    c.explain(f"personal allowance: {key.replace('_', ' ')}")
    return pa[key]


def _pension_age_personal_allowance(c: Calc) -> Money:
    h = c.household
    pa = c.param("dwp.housing_benefit.personal_allowance_pension_age")
    answers = [reached_pension_age_before(c, p, SPA_RATE_CUTOFF) for p in h.adults]
    if any(a is True for a in answers):
        earlier = True
    elif any(a is None for a in answers):
        raise c.cannot("we need your date of birth to work out your Housing Benefit: the amount for living costs is "
                       "higher if you reached State Pension age before 1 April 2021", ask="date_of_birth")
    else:
        earlier = False
    key = ("couple" if h.is_couple else "single") + ("_spa_before_april_2021" if earlier else "")
    c.explain("personal allowance: " + ("couple" if h.is_couple else "single")
              + (", State Pension age reached before 1 April 2021" if earlier else ""))
    return pa[key]


@rule(label="applicable amount", period=WEEK, legislation="uksi/2006/214/schedule/3")
def hb_applicable_amount(c: Calc) -> Money:
    """The weekly amount the law allows for living costs (reg. 22 and Sch. 3 of each set of regulations):
    the personal allowance, an allowance for each child, and the premiums that apply.

    Pension age (HB (SPC) Sch. 3): no disability premium, but severe disability, carer and child premiums.
    Working age (HB Regs Sch. 3): disability and enhanced disability premiums too. A working-age claimant or
    partner with limited capability for work would have an ESA component instead, which we don't work out."""
    if _pension_age(c):
        personal = _pension_age_personal_allowance(c)
        premiums = ZERO
    else:
        if c("household_age_group") == "mixed":
            raise c.cannot("we can't yet work out Housing Benefit for a couple where only one of you has reached "
                           "State Pension age and you don't get Universal Credit; an advisor can help")
        if any(p.limited_capability != "none" for p in c.household.adults):
            raise c.cannot("we can't yet work out Housing Benefit with limited capability for work unless you get "
                           "Universal Credit; an advisor can help")
        personal = _working_age_personal_allowance(c)
        premiums = _disability_premium(c)
    return personal + _child_amounts(c) + premiums + _severe_and_carer_premiums(c)


# --- income -------------------------------------------------------------------------------------------------


def _childcare_children(c: Calc) -> int:
    """Children whose care counts (HB Regs reg. 28(11); HB (SPC) reg. 31(11)): under 15, or under 16 if
    disabled. A child stays until the first Monday in September after that birthday, which we do not ask
    about, so a 15-year-old (16 if disabled) is not counted."""
    return sum(1 for ch in c.household.children
               if ch.age_on(c.on) < (16 if ch.disability != "none" else 15))


@rule(label="childcare costs taken off earnings", period=WEEK, legislation="uksi/2006/213/regulation/27")
def hb_childcare_deduction(c: Calc) -> Money:
    """Reg. 27(1)(c) and 28 (HB (SPC) regs. 30-31): registered childcare charges, up to £175 a week for one
    child or £300 for two or more, for a lone parent in work of 16 hours or more or a couple who both are."""
    h = c.household
    if h.childcare_costs is None or h.childcare_costs.amount == 0:
        return ZERO
    if not all(p.hours_per_week() >= 16 for p in h.adults):
        c.explain("no childcare deduction: it needs you (and any partner) to work 16 hours a week or more")
        return ZERO
    n = _childcare_children(c)
    if n == 0:
        c.explain("no childcare deduction: it is for children under 15 (16 if disabled)")
        return ZERO
    limits = c.param("dwp.housing_benefit.childcare_limits")
    limit = limits.one_child if n == 1 else limits.two_or_more_children
    costs = h.childcare_costs.per(WEEK)
    return pennies(min(costs, limit))


@rule(label="earnings disregarded", period=WEEK, legislation="uksi/2006/213/schedule/4")
def hb_earnings_disregard(c: Calc) -> Money:
    """HB Regs Sch. 4 / HB (SPC) Sch. 4: £25 for a lone parent; £20 where a disability, severe disability or
    carer premium applies or the claimant or partner gets a disability benefit or is blind; otherwise £10 for
    a couple or £5 single. Plus £17.10 for someone working 30 hours a week, or 16 hours for a lone parent, a
    couple with a child or where the disability premium applies (HB Regs Sch. 4 para. 17; HB (SPC) Sch. 4
    para. 9)."""
    h = c.household
    d = c.param("dwp.housing_benefit.earnings_disregards")
    disabled = any(p.registered_blind or p.gets(*DISABILITY_PREMIUM_BENEFITS) for p in h.adults)
    if not h.is_couple and h.children:
        basic = d.lone_parent
    elif disabled or carer_count(c) or severe_disability_count(c):
        basic = d.disabled_or_carer
    else:
        basic = d.couple if h.is_couple else d.single
    hours = [p.hours_per_week() for p in h.adults]
    additional = ZERO
    if any(x >= 30 for x in hours) or (any(x >= 16 for x in hours) and (h.children or disabled)):
        additional = d.additional
        c.explain(f"£{d.additional} more because of the hours worked")
    return basic + additional


@rule(label="earnings counted", period=WEEK, legislation="uksi/2006/213/regulation/36")
def hb_earnings(c: Calc) -> Money:
    """Reg. 36 (HB (SPC) reg. 36): earnings net of tax, National Insurance and half of pension contributions,
    less childcare costs and the earnings disregards, not below nil."""
    net = sum((net_earnings_week(c, p) for p in c.household.adults), ZERO)
    if net == 0:
        return ZERO
    return pennies(max(net - c("hb_childcare_deduction") - c("hb_earnings_disregard"), ZERO))


@rule(label="pensions, benefits and other income", period=WEEK, legislation="uksi/2006/214/regulation/29")
def hb_unearned_income(c: Calc) -> Money:
    """HB (SPC) reg. 29 and HB Regs reg. 40: State Pension and private pensions, Carer's Allowance,
    contribution-based ESA and JSA, Maternity Allowance, industrial injuries benefit and other income, after
    income tax on them (HB Regs Sch. 5 para. 1). PIP, DLA, AA and ADP are ignored. For pension age, any savings
    credit of Pension Credit counts too (HB (SPC) reg. 27)."""
    for p in c.household.adults:
        if p.gets("widowed_parents_allowance"):
            raise c.cannot("we can't yet work out how Widowed Parent's Allowance counts for Housing Benefit; "
                           "an advisor can help")
    total = pennies(max(other_income_week(c, "Housing Benefit"), ZERO))
    if _pension_age(c):
        savings_credit = c("pc_savings_credit")
        if savings_credit:
            c.explain(f"includes £{savings_credit} savings credit")
        total += savings_credit
    return total


@rule(label="income from capital", period=WEEK, legislation="uksi/2006/213/regulation/52")
def hb_tariff_income(c: Calc) -> Money:
    """Working age (HB Regs reg. 52): £1 a week for each £250, or part of £250, over £6,000. Pension age
    (HB (SPC) reg. 29(2)): £1 for each £500, or part of £500, over £10,000."""
    p = c.param("dwp.housing_benefit.capital_pension_age" if _pension_age(c)
                else "dwp.housing_benefit.capital_working_age")
    steps = tariff_steps(c.household.capital, p.tariff_from, p.tariff_step)
    if not steps:
        return ZERO
    c.explain(f"{steps} lots of £{p.tariff_step} (or part) above £{p.tariff_from:,}")
    return Decimal(steps)


@rule(label="income", period=WEEK, legislation="uksi/2006/213/regulation/27")
def hb_income(c: Calc) -> Money:
    """The claimant's and partner's weekly income: earnings, other income and income from capital."""
    return c("hb_earnings") + c("hb_unearned_income") + c("hb_tariff_income")


# --- the award -------------------------------------------------------------------------------------------------


@rule(label="Housing Benefit (week)", period=WEEK, legislation="ukpga/1992/4/section/130")
def hb_award(c: Calc) -> Money:
    """s. 130(3): maximum HB where income is no more than the applicable amount (or on a passport benefit);
    otherwise maximum HB less 65% of the excess income (reg. 71; HB (SPC) reg. 51), rounded to the penny.
    Not paid under 50p a week (reg. 75; HB (SPC) reg. 56)."""
    if not c("hb_eligible"):
        return ZERO
    maximum = c("hb_maximum")
    if maximum == 0:
        return ZERO
    if c("hb_passported"):
        award = maximum
    else:
        excess = max(c("hb_income") - c("hb_applicable_amount"), ZERO)
        taper = c.param("dwp.housing_benefit.taper")
        award = pennies(max(maximum - taper * excess, ZERO))
        if excess:
            c.explain(f"maximum £{maximum:,.2f} less {taper:.0%} of income above the applicable amount "
                      f"(£{excess:,.2f}) = £{award:,.2f}")
        if (c.household.home.tenure == "temporary_accommodation" and not _pension_age(c)):
            c.explain("the benefit cap can reduce Housing Benefit in temporary accommodation if your other benefits "
                      "are high: an advisor can check")
    minimum = c.param("dwp.housing_benefit.minimum_award")
    if ZERO < award < minimum:
        c.explain(f"£{award:,.2f} is less than {minimum * 100:.0f}p a week, so it is not paid")
        return ZERO
    return award


benefit("housing_benefit", label="Housing Benefit", amount="hb_award", period=WEEK,
        claim_url="https://www.gov.uk/housing-benefit/how-to-claim")

