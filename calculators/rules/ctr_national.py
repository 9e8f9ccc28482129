"""The means test the national Council Tax Reduction schemes share.

England's prescribed scheme for pensioners (SI 2012/2885 Sch. 1-2, 4-5), the Welsh scheme
(WSI 2013/3029: pensioners Schs. 1-5, others Schs. 6-10) and the two Scottish schemes (SSI 2012/319
for pension age, SSI 2021/249 for working age) all descend from Council Tax Benefit and work the same
way, each with its own figures:

    reduction = maximum - 20% of (income - applicable amount), never below nil
    maximum   = council tax liability - non-dependant deductions
    nil if capital is over £16,000 (unless, for a pensioner, on the guarantee credit)

The schemes work by the day (1/7 of each weekly figure, "2 6/7 per cent" of weekly excess income);
seven days make the week the engine shows, so the weekly sums here are exact.

Income other than earnings counts net of the income tax on it, and a pensioner's savings credit of
Pension Credit counts as income, as in Housing Benefit and Pension Credit.

What we do not work out (each says so rather than guess): self-employment, childcare charges, the
additional 30-hour/16-hour earnings disregard, ESA components, students, Universal Credit income in the
working-age schemes (whether the household says it gets Universal Credit or the engine works out an
award, `ctr_gets_universal_credit`), second adult rebate (alternative maximum), war pensions and unnamed
benefits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from calculators.core.calc import RULES, Calc, CannotCalculate, rule
from calculators.core.household import Person
from calculators.core.money import ZERO, Money, tariff_steps
from calculators.core.parameters import NotInForce
from calculators.core.pension_age import state_pension_age_date
from calculators.core.periods import WEEK, YEAR

from .income_tax import income_tax_for
from .pension_credit import weekly_tax_on_other_income


@dataclass(frozen=True)
class Scheme:
    """Where a national scheme keeps its figures, and how it is named and cited."""

    key: str
    title: str
    pensioner: bool
    params: str  # the scheme's own folder
    shared: str  # the nation's folder (earnings disregards, and non-dependant deductions when shared)
    non_dependants: str  # the file holding the non-dependant deduction figures
    legislation: str
    non_dependant_law: str
    uc_without_earnings_is_exempt: bool = False


SCHEMES = {
    "england_pensioners": Scheme(
        "england_pensioners", "England's prescribed scheme for pensioners", True,
        "council_tax_reduction.england_pensioners", "council_tax_reduction.england_pensioners",
        "council_tax_reduction.england_pensioners.non_dependant_deductions",
        "https://www.legislation.gov.uk/uksi/2012/2885/schedule/1",
        "SI 2012/2885 Sch. 1 para. 8",
    ),
    "wales_pensioners": Scheme(
        "wales_pensioners", "the Welsh scheme for pensioners", True,
        "wales.council_tax_reduction.pensioners", "wales.council_tax_reduction",
        "wales.council_tax_reduction.non_dependant_deductions",
        "https://www.legislation.gov.uk/wsi/2013/3029/schedule/1",
        "WSI 2013/3029 Sch. 1 para. 8", uc_without_earnings_is_exempt=True,
    ),
    "wales_working_age": Scheme(
        "wales_working_age", "the Welsh scheme for people who are not pensioners", False,
        "wales.council_tax_reduction.working_age", "wales.council_tax_reduction",
        "wales.council_tax_reduction.non_dependant_deductions",
        "https://www.legislation.gov.uk/wsi/2013/3029/schedule/6",
        "WSI 2013/3029 Sch. 6 para. 5", uc_without_earnings_is_exempt=True,
    ),
    "scotland_pension_age": Scheme(
        "scotland_pension_age", "the Scottish pension-age scheme", True,
        "scotland.council_tax_reduction.pension_age", "scotland.council_tax_reduction",
        "scotland.council_tax_reduction.pension_age.non_dependant_deductions",
        "https://www.legislation.gov.uk/ssi/2012/319/contents",
        "SSI 2012/319 reg. 48",
    ),
    "scotland_working_age": Scheme(
        "scotland_working_age", "the Scottish working-age scheme", False,
        "scotland.council_tax_reduction.working_age", "scotland.council_tax_reduction",
        "scotland.council_tax_reduction.working_age.non_dependant_deductions",
        "https://www.legislation.gov.uk/ssi/2021/249/contents",
        "SSI 2021/249 reg. 90",
    ),
}

#: Benefits counted in full as income (SI 2012/2885 Sch. 1 para. 16; WSI 2013/3029 Sch. 8; SSI 2021/249
#: Part 6). Disability benefits (PIP, DLA, AA, ADP) and Bereavement Support Payment are disregarded.
COUNTED_BENEFITS = (
    "state_pension",
    "carers_allowance",
    "esa_contribution",
    "jsa_contribution",
    "maternity_allowance",
    "widowed_parents_allowance",
    "industrial_injuries",
)
DISREGARDED_BENEFITS = (
    "pip_daily_living_standard", "pip_daily_living_enhanced", "pip_mobility_standard", "pip_mobility_enhanced",
    "dla_care_lowest", "dla_care_middle", "dla_care_highest", "dla_mobility_lower", "dla_mobility_higher",
    "attendance_allowance_lower", "attendance_allowance_higher",
    "adult_disability_payment_daily_living_standard", "adult_disability_payment_daily_living_enhanced",
    "bereavement_support",
)
#: Care benefits that stop non-dependant deductions when the claimant or partner gets one, and that
#: qualify for the severe disability premium (AA, DLA care middle/highest, PIP or ADP daily living).
CARE_BENEFITS = (
    "attendance_allowance_lower", "attendance_allowance_higher", "dla_care_middle", "dla_care_highest",
    "pip_daily_living_standard", "pip_daily_living_enhanced",
    "adult_disability_payment_daily_living_standard", "adult_disability_payment_daily_living_enhanced",
)
NON_DEP_CARE_EXEMPT = CARE_BENEFITS + ("dla_care_lowest",)
#: Disability benefits for the working-age disability premium.
DISABILITY_BENEFITS = (
    "pip_daily_living_standard", "pip_daily_living_enhanced", "pip_mobility_standard", "pip_mobility_enhanced",
    "dla_care_lowest", "dla_care_middle", "dla_care_highest", "dla_mobility_lower", "dla_mobility_higher",
    "adult_disability_payment_daily_living_standard", "adult_disability_payment_daily_living_enhanced",
)
ENHANCED_BENEFITS = ("pip_daily_living_enhanced", "dla_care_highest", "adult_disability_payment_daily_living_enhanced")

_SPA_CUT_OFF = date(2021, 4, 1)


# helpers ------------------------------------------------------------------------------------------------

def scheme_of(c: Calc) -> Scheme:
    key = c("ctr_national_scheme")
    if key is None:
        raise c.cannot("this household's Council Tax Reduction comes from the council's own scheme, not a national one")
    return SCHEMES[key]


def figure(c: Calc, values: Any, name: str, what: str) -> Decimal:
    """One figure from a parameter mapping; a figure nobody could verify stops the calculation."""
    value = values[name]
    if not isinstance(value, Decimal):
        start = c.on.year if c.on.month >= 4 else c.on.year - 1  # the financial year from 1 April
        raise c.cannot(
            f"we have not been able to check the {what} for {start}-{(start + 1) % 100:02d} against the "
            "law yet, so we cannot work out Council Tax Reduction; the council can"
        )
    return value


def param(c: Calc, folder: str, name: str) -> Any:
    return c.param(f"{folder}.{name}")


def reached_spa_before_cut_off(c: Calc, person: Person) -> bool:
    """Whether the person reached state pension age before 1 April 2021 (the higher personal allowances)."""
    if person.date_of_birth is not None:
        return state_pension_age_date(person.date_of_birth) < _SPA_CUT_OFF
    age = person.age_on(c.on)
    # Born between these dates; anyone born before 1 April 1955 reached pension age by then.
    latest_birth = date(c.on.year - age, c.on.month, min(c.on.day, 28))
    earliest_birth = date(c.on.year - age - 1, c.on.month, min(c.on.day, 28))
    if latest_birth < date(1955, 3, 1):
        return True
    if earliest_birth > date(1955, 4, 30):
        return False
    raise c.cannot("we need the date of birth to tell whether State Pension age was reached before 1 April 2021",
                   ask="date_of_birth")


def pension_credit_guarantee(c: Calc) -> bool | CannotCalculate:
    """True if the household gets (or we work out it would get) the guarantee credit; the reason if unknown."""
    if c.household.gets_pension_credit_guarantee:
        c.explain("you get the guarantee credit of Pension Credit")
        return True
    if "pc_guarantee_credit" not in RULES:
        return CannotCalculate("we cannot yet work out whether you get the guarantee credit of Pension Credit")
    try:
        return c("pc_guarantee_credit") > 0
    except CannotCalculate as exc:
        return exc
    except NotInForce:
        return CannotCalculate("we cannot work out Pension Credit for this date")


#: Second adults on these benefits give the passported 25% rebate (SI 2012/2885 Sch. 3 para. 1(a); WSI 2013/3029
#: Sch. 5; SSI 2012/319 Sch. 5 para. 1(a), which adds Universal Credit with no earned income).
SECOND_ADULT_PASSPORTS = ("pension_credit", "income_support", "jsa_income_based", "esa_income_related")
SECOND_ADULT_PASSPORTS_SCOTLAND = SECOND_ADULT_PASSPORTS + ("universal_credit_no_earnings",)


def second_adult_rebate(c: Calc, award: Money) -> Money:
    """A pensioner gets the greater of the main reduction (classes A and B) and the alternative maximum
    council tax reduction, the 'second adult rebate' (class C: SI 2012/2885 Sch. 1 paras. 4 and 9 and Sch. 3;
    WSI 2013/3029 Sch. 1 and Sch. 5; SSI 2012/319 regs. 14(6) and 56-57 and Sch. 5). Returns that greater
    amount for a week, unrounded.

    - A second adult is an adult (18 or over) who lives in the home, is not the applicant's partner and is not
      liable for the council tax; a pensioner who lives with a partner cannot have one (SSI 2012/319 reg. 57(b);
      the English and Welsh schemes say the same of class C).
    - The rebate is a share of the council tax for the day: 25% where every second adult gets Pension Credit,
      income support, income-based JSA or income-related ESA (in Scotland also Universal Credit with no earned
      income); otherwise 15% or 7.5% by their total gross weekly income, nothing above the upper figure; 100%
      where the home would be occupied only by students but for second adults on those benefits.
    - Attendance Allowance, DLA and PIP are left out of a second adult's gross income (Sch. 3 para. 2).

    We cannot work out the student cases (a student second adult, whose income is disregarded and whose home
    may qualify for all of it) and say so where they could win."""
    s = scheme_of(c)
    h = c.household
    adults = [nd for nd in h.non_dependants if nd.age >= 18 and not nd.away_or_in_hospital]
    if not adults:
        return award
    if h.is_couple:
        c.explain("no second adult rebate: it is only for someone who does not live with a partner")
        return award
    liability = c("ctr_weekly_council_tax")
    if award >= liability:
        return award
    p = c.param(f"{s.params}.second_adult")
    if any(nd.student for nd in adults):
        raise c.cannot(
            "a student lives with you, so you might get a 'second adult rebate' (alternative maximum Council Tax "
            "Reduction) of up to all of your council tax, which we cannot work out yet; the council can"
        )
    passports = SECOND_ADULT_PASSPORTS_SCOTLAND if s.key == "scotland_pension_age" else SECOND_ADULT_PASSPORTS
    others = [nd for nd in adults if not nd.gets(*passports)]
    if not others:
        share, why = p.passported, "every other adult who lives with you gets Pension Credit or an income-related benefit"
    else:
        if award >= p.lower_rate * liability:
            c.explain(f"a second adult rebate could be at most {p.lower_rate:.0%} of the council tax "
                      f"(£{p.lower_rate * liability:,.2f} a week), less than the reduction worked out")
            return award
        if any(nd.gets("universal_credit_no_earnings", "universal_credit_with_earnings") for nd in others):
            raise c.cannot(
                "another adult who lives with you gets Universal Credit, and we cannot yet tell how that counts for "
                "the 'second adult rebate' (alternative maximum Council Tax Reduction); the council can"
            )
        lower = figure(c, p, "lower_income_below", "second adult rebate income bands")
        upper = figure(c, p, "upper_income_below", "second adult rebate income bands")
        if any(nd.gross_income is None for nd in others):
            raise c.cannot("we need the income of each adult who lives with you to work out the 'second adult rebate'",
                           ask="non_dependant_income")
        income = sum((nd.gross_income.per(WEEK) for nd in others), ZERO)
        if any(nd.gets("pip_daily_living", "dla_care", "attendance_allowance") for nd in others):
            c.explain("we take the income you gave for the other adults to leave out Attendance Allowance, "
                      "Disability Living Allowance and Personal Independence Payment, which do not count")
        if income < lower:
            share, why = p.lower_rate, f"the other adults' gross income of £{income:,.2f} a week is under £{lower:,.2f}"
        elif income < upper:
            share, why = p.upper_rate, (f"the other adults' gross income of £{income:,.2f} a week is from £{lower:,.2f} "
                                        f"and under £{upper:,.2f}")
        else:
            c.explain(f"no second adult rebate: the other adults' gross income of £{income:,.2f} a week is £{upper:,.2f} "
                      "or more")
            return award
    rebate = share * liability
    if rebate > award:
        c.explain(f"second adult rebate: {share * 100:g}% of the council tax, £{rebate:,.2f} a week, because {why}; "
                  "it is more than the main calculation gives, so you get it instead")
        return rebate
    c.explain(f"a second adult rebate would be {share * 100:g}% of the council tax (£{rebate:,.2f} a week); the main "
              "calculation gives more")
    return award


# rules --------------------------------------------------------------------------------------------------

@rule(label="which national Council Tax Reduction scheme applies")
def ctr_national_scheme(c: Calc) -> str | None:
    """The national scheme for the home's nation and the claimant's class; None for England's working-age
    claimants, whose council's own scheme applies (Local Government Finance Act 1992 s. 13A)."""
    country = c.household.home.country
    pensioner = c("ctr_is_pension_age")
    if country == "england":
        return "england_pensioners" if pensioner else None
    if country == "wales":
        return "wales_pensioners" if pensioner else "wales_working_age"
    return "scotland_pension_age" if pensioner else "scotland_working_age"


@rule(label="what you are expected to need to live on (applicable amount)", period=WEEK,
      legislation="uksi/2012/2885/schedule/2")
def ctr_applicable_amount(c: Calc) -> Money:
    """Personal allowance + amounts for children + premiums. Pensioners: SI 2012/2885 Sch. 2, WSI 2013/3029
    Sch. 2, SSI 2012/319 Sch. 1. Not pensioners: WSI 2013/3029 Sch. 7, SSI 2021/249 reg. 35 and Sch. 1."""
    s = scheme_of(c)
    h = c.household
    if any(p.student for p in h.adults):
        raise c.cannot("most full-time students cannot get Council Tax Reduction and the exceptions are not worked out here")
    total = _personal_allowance(c, s) + _children(c, s) + _premiums(c, s)
    return total


def _personal_allowance(c: Calc, s: Scheme) -> Money:
    h = c.household
    pa = param(c, s.params, "personal_allowance")
    if s.pensioner:
        higher = any(c("pension_age_reached", person=p) and reached_spa_before_cut_off(c, p) for p in h.adults)
        key = ("couple" if h.is_couple else "single") + ("_spa_before_april_2021" if higher else "")
        c.explain(
            ("couple" if h.is_couple else "single person or lone parent")
            + (", pension age reached before 1 April 2021" if higher else ", pension age reached from 1 April 2021")
        )
        return figure(c, pa, key, "pensioner personal allowances")
    age = h.claimant.age_on(c.on)
    if age < 18:
        raise c.cannot("we do not work out Council Tax Reduction for someone under 18")
    if h.is_couple:
        key = "couple"
    elif h.children:
        key = "lone_parent"
    else:
        key = "single_25_or_over" if age >= 25 else "single_under_25"
    c.explain(key.replace("_", " "))
    return figure(c, pa, key, "personal allowances")


def _children(c: Calc, s: Scheme) -> Money:
    children = c.household.children
    if not children:
        return ZERO
    n = len(children)
    if s.key == "england_pensioners":
        each = figure(c, {"v": param(c, s.params, "child_allowance")}, "v", "amount for each child")
        c.explain(f"{n} × £{each} for each child (no family premium for claims since April 2016; no two-child limit)")
        return each * n
    if s.key == "wales_working_age":
        fam = param(c, s.params, "family")
        each = figure(c, fam, "child", "amount for each child")
        premium = figure(c, fam, "family_premium", "family premium")
        c.explain(f"{n} × £{each} for each child, and the family premium £{premium}")
        return each * n + premium
    if s.key == "scotland_working_age":
        each = figure(c, {"v": param(c, s.params, "child_premium")}, "v", "amount for each child")
        c.explain(f"{n} × £{each} for each child (reg. 35(b))")
        return each * n
    if s.key == "scotland_pension_age":
        each = figure(c, {"v": param(c, s.params, "child_allowance")}, "v", "amount for each child")
        premium = figure(c, param(c, s.params, "premiums"), "family_premium", "family premium")
        return each * n + premium
    raise c.cannot(f"we cannot yet work out the amounts for children in {s.title}")


def _premiums(c: Calc, s: Scheme) -> Money:
    h = c.household
    p = param(c, s.params, "premiums")
    total = ZERO
    notes = []
    for child in h.children:
        if child.disability != "none":
            total += figure(c, p, "disabled_child", "disabled child premium")
            notes.append("disabled child premium")
        if child.disability == "higher":
            total += figure(c, p, "enhanced_disability_child", "enhanced disability premium")
            notes.append("enhanced disability premium for a child")
    carers = [a for a in h.adults if a.gets("carers_allowance")]
    if carers:
        total += figure(c, p, "carer", "carer premium") * len(carers)
        notes.append(f"carer premium × {len(carers)}")
    severe = _severe_disability(c, s, p)
    if severe:
        total += severe
        notes.append("severe disability premium")
    if not s.pensioner:
        disabled = [a for a in h.adults if a.gets(*DISABILITY_BENEFITS) or a.registered_blind]
        if disabled:
            total += figure(c, p, "disability_couple" if h.is_couple else "disability_single", "disability premium")
            notes.append("disability premium")
        if any(a.gets(*ENHANCED_BENEFITS) for a in h.adults):
            total += figure(c, p, "enhanced_disability_couple" if h.is_couple else "enhanced_disability_single",
                            "enhanced disability premium")
            notes.append("enhanced disability premium")
    if notes:
        c.explain("premiums: " + ", ".join(notes))
    return total


def _severe_disability(c: Calc, s: Scheme, p: Any) -> Money:
    """Severe disability premium: the claimant (and, for a couple, the partner, or the partner is blind)
    gets a care benefit and no non-dependant lives with them; a couple gets the single rate if someone
    gets Carer's Allowance for caring for one of them (we take a partner's Carer's Allowance to be that)."""
    h = c.household
    if not h.claimant.gets(*CARE_BENEFITS):
        return ZERO
    if any(not nd.away_or_in_hospital and nd.age >= 18 for nd in h.non_dependants):
        c.explain("no severe disability premium: another adult lives with you")
        return ZERO
    if not h.is_couple:
        return figure(c, p, "severe_disability_single", "severe disability premium")
    partner = h.partner
    assert partner is not None
    if not (partner.gets(*CARE_BENEFITS) or partner.registered_blind):
        return ZERO
    if any(a.gets("carers_allowance") for a in h.adults):
        return figure(c, p, "severe_disability_single", "severe disability premium")
    return figure(c, p, "severe_disability_couple_both", "severe disability premium")


@rule(label="earnings counted, after the earnings disregard", period=WEEK, legislation="uksi/2012/2885/schedule/4")
def ctr_earnings(c: Calc) -> Money:
    """Net earnings: gross pay less income tax, National Insurance and half of pension contributions
    (SI 2012/2885 Sch. 1 para. 18; the same in Wales and Scotland), less the £5 single, £10 couple, £20
    disability or carer, or £25 lone parent disregard (SI 2012/2885 Sch. 4; WSI 2013/3029 Schs. 3 and 8;
    SSI 2012/319 Sch. 2; SSI 2021/249 Sch. 2). Income tax on earnings is the tax on the person's whole
    income less the tax they would pay without the earnings."""
    s = scheme_of(c)
    h = c.household
    if any(a.self_employment is not None for a in h.adults):
        raise c.cannot("we cannot yet work out Council Tax Reduction with self-employed earnings; the council works them out from your accounts")
    if h.childcare_costs is not None and h.childcare_costs.amount > 0:
        raise c.cannot("we cannot yet work out the childcare charges that Council Tax Reduction takes off earnings")
    net = ZERO
    for person in h.adults:
        if not person.jobs:
            continue
        gross = person.earnings(YEAR)
        total = c("it_total_income", person=person)
        tax = income_tax_for(c, total) - income_tax_for(c, total - c("it_employment_income", person=person))
        ni = c("ni_class1_employee", person=person)
        pension = sum((j.pension_contribution.per(YEAR) for j in person.jobs if j.pension_contribution), ZERO)
        net += max(gross - tax - ni - pension / 2, ZERO)
    if not net:
        return ZERO
    hours = [a.hours_per_week() for a in h.adults]
    if max(hours) >= 30 or (h.children and max(hours) >= 16) or (not s.pensioner and max(hours) >= 16
                                                                    and _has_disability_premium(h)):
        raise c.cannot("you may get an extra earnings disregard for working 16 or 30 hours a week, which we cannot work out yet")
    weekly = net / 52
    d = param(c, s.shared, "earnings_disregards")
    if any(a.gets("carers_allowance") for a in h.adults) or _has_disability(h):
        disregard, why = d.disabled_or_carer, "disability or carer"
    elif not h.is_couple and h.children:
        disregard, why = d.lone_parent, "lone parent"
    elif h.is_couple:
        disregard, why = d.couple, "couple"
    else:
        disregard, why = d.single, "single person"
    c.explain(f"£{weekly:.2f} net earnings a week, less the £{disregard} {why} disregard")
    return max(weekly - disregard, ZERO)


def _has_disability(h) -> bool:
    return any(a.gets(*DISABILITY_BENEFITS, *CARE_BENEFITS) or a.registered_blind for a in h.adults)


def _has_disability_premium(h) -> bool:
    return any(a.gets(*DISABILITY_BENEFITS) or a.registered_blind for a in h.adults)


@rule(label="pensions, benefits and other income counted", period=WEEK, legislation="uksi/2012/2885/schedule/1/paragraph/16")
def ctr_unearned_income(c: Calc) -> Money:
    """State and private pensions, taxable benefits and other regular income count, after the income tax
    on them; disability benefits, Bereavement Support Payment and (working age) Child Benefit do not
    (SI 2012/2885 Sch. 1 para. 16 and Sch. 5; WSI 2013/3029 Schs. 4 and 9; SSI 2012/319 reg. 27; SSI 2021/249
    Sch. 3). The tax is the person's income tax less the part that falls on their earnings (earnings are the
    top slice, as for Pension Credit and Housing Benefit): the pensioner schemes count income other than
    earnings net of "any amount payable by way of tax" (as SPC Regs 2002 reg. 17(9) and HB (SPC) Regs 2006
    reg. 33 do), the working-age schemes disregard "any amount paid by way of tax on income which is to be
    taken into account" (WSI 2013/3029 Sch. 9 para. 1; SSI 2021/249 Sch. 3 para. 1; HB Regs 2006 Sch. 5
    para. 1). A pensioner's savings credit of Pension Credit is added in `ctr_income`."""
    s = scheme_of(c)
    h = c.household
    total = ZERO
    for person in h.adults:
        for b in person.benefits:
            if b.kind in ("war_pension", "other"):
                raise c.cannot("we cannot yet tell how much of this benefit Council Tax Reduction ignores")
            if not s.pensioner and b.kind == "esa_contribution":
                raise c.cannot("we cannot yet work out Council Tax Reduction with Employment and Support Allowance at working age (its components)")
        gross = person.benefit(*COUNTED_BENEFITS, period=WEEK)
        for amount in (person.private_pension, person.other_income):
            if amount is not None:
                gross += amount.per(WEEK)
        tax = weekly_tax_on_other_income(c, person)
        if tax:
            c.explain(f"{person.id}: £{gross:,.2f} a week less £{tax:,.2f} income tax on it")
        total += max(gross - tax, ZERO)
    return total


@rule(label="savings credit counted as income", period=WEEK, legislation="uksi/2012/2885/schedule/1/paragraph/14")
def ctr_savings_credit(c: Calc) -> Money:
    """A pensioner who gets the savings credit of Pension Credit but not the guarantee credit has their
    income taken from the Secretary of State's Pension Credit assessment, with the savings credit added
    (SI 2012/2885 Sch. 1 para. 14 and para. 16(1) "savings credit"; the same in WSI 2013/3029 Sch. 1 and
    SSI 2012/319 regs. 24 and 27), as Housing Benefit does (HB (SPC) Regs 2006 regs. 27 and 29). A pensioner
    on the guarantee credit gets the maximum reduction whatever their income, so this only matters when
    there is savings credit and no guarantee credit."""
    if "pc_savings_credit" not in RULES:
        raise c.cannot("we cannot yet work out the savings credit of Pension Credit, which counts as income here")
    credit = c("pc_savings_credit")
    if credit:
        c.explain(f"£{credit:,.2f} a week savings credit of Pension Credit")
    return credit


def _most_savings_credit(c: Calc) -> Money:
    """The most savings credit there can be: the phase-in rate × (standard minimum guarantee - threshold)
    (SPC Regs 2002 reg. 7(1)(a)); £17.30 single and £19.36 a couple in 2025-26."""
    threshold = c.param("dwp.pension_credit.savings_credit_threshold")
    threshold = threshold.couple if c.household.is_couple else threshold.single
    rate = c.param("dwp.pension_credit.savings_credit_rates").phase_in
    return max(rate * (c("pc_standard_minimum_guarantee") - threshold), ZERO)


@rule(label="income assumed from savings (tariff income)", period=WEEK, legislation="uksi/2012/2885/schedule/1/paragraph/29")
def ctr_tariff_income(c: Calc) -> Money:
    """£1 a week for each £500 (pensioners) or £250 (working age), or part of it, above £10,000 or £6,000
    (SI 2012/2885 Sch. 1 para. 29; WSI 2013/3029 Schs. 1 and 6; SSI 2012/319 reg. 40; SSI 2021/249 reg. 73)."""
    s = scheme_of(c)
    m = param(c, s.params, "means_test")
    tariff = tariff_steps(c.household.capital, m.tariff_from, m.tariff_step)
    if tariff:
        c.explain(f"£1 for each £{m.tariff_step} or part of £{m.tariff_step} of £{c.household.capital:,} above £{m.tariff_from:,}")
    return tariff


#: Why a working-age household on Universal Credit is not worked out, by scheme. In Scotland the income of an
#: applicant with an award is average weekly earned income (reg. 49 for those with an award) plus unearned income,
#: which takes in the Universal Credit award as reg. 57(2)(d) adjusts it (SSI 2021/249 reg. 42(2)); the text of
#: regs. 49 and 57(2)(d) was not readable here. In Wales the applicable amount and income of a household on Universal Credit follow
#: their own paragraphs of WSI 2013/3029 Sch. 6, which were not readable here either.
_UC_INCOME_NOT_WORKED_OUT = {
    "scotland_working_age": (
        "you get (or would get) Universal Credit, and in Scotland the council then counts your earnings and some "
        "of your Universal Credit award as income (Council Tax Reduction (Scotland) Regulations 2021, "
        "regulations 42, 49 and 57); we cannot yet work out how much of the award counts, so the council works "
        "Council Tax Reduction out from your Universal Credit statement"
    ),
    "wales_working_age": (
        "you get (or would get) Universal Credit, and in Wales the council then uses special rules for households "
        "on Universal Credit (Council Tax Reduction Schemes and Prescribed Requirements (Wales) Regulations 2013, "
        "Schedule 6) that we cannot yet apply, so the council works Council Tax Reduction out from your Universal "
        "Credit statement"
    ),
    "default": (
        "we cannot yet work out Council Tax Reduction alongside Universal Credit here: the council works "
        "it out from your Universal Credit statement"
    ),
}


@rule(label="income for Council Tax Reduction", period=WEEK, legislation="uksi/2012/2885/schedule/1/paragraph/14")
def ctr_income(c: Calc) -> Money:
    """Earnings after disregards + other income + tariff income from capital."""
    s = scheme_of(c)
    if not s.pensioner and c("ctr_gets_universal_credit"):
        # No answer could help (ask=None): the missing piece is the rule for how the award counts, not a fact.
        raise c.cannot(_UC_INCOME_NOT_WORKED_OUT.get(s.key, _UC_INCOME_NOT_WORKED_OUT["default"]), ask=None)
    if not s.pensioner and any(a.limited_capability != "none" for a in c.household.adults):
        raise c.cannot("we cannot yet work out Council Tax Reduction with limited capability for work outside Universal Credit (ESA components)")
    income = c("ctr_earnings") + c("ctr_unearned_income") + c("ctr_tariff_income")
    if not s.pensioner:
        return income
    try:
        return income + c("ctr_savings_credit")
    except CannotCalculate as exc:
        # Whether there is savings credit cannot be told (for example, when State Pension age was reached
        # turns on the date of birth); it does not matter if income stays within the applicable amount with
        # the most savings credit there could be, or if the reduction is nil even without it.
        most = _most_savings_credit(c)
        applicable = c("ctr_applicable_amount")
        if income + most <= applicable:
            c.explain(f"with or without savings credit (at most £{most:,.2f} a week) income is within the applicable "
                      "amount, so it does not change the reduction")
            return income
        taper = param(c, s.params, "means_test").taper
        if c("ctr_maximum") - taper * max(income - applicable, ZERO) <= 0:
            c.explain("income is too high for a reduction even without savings credit")
            return income
        raise c.cannot(exc.reason, ask=exc.ask) from None


@rule(label="deductions for other adults who live with you", period=WEEK, legislation="uksi/2012/2885/schedule/1/paragraph/8")
def ctr_non_dependant_deductions(c: Calc) -> Money:
    """A weekly amount for each non-dependant aged 18 or over: the lower figure if not in remunerative work
    (16 hours or more) or on low gross income, higher figures by gross weekly income. None at all if the
    claimant or partner is registered blind or gets a care benefit; none for a non-dependant who is away,
    a full-time student, or on Pension Credit, income support, income-based JSA or income-related ESA
    (and, in Wales, Universal Credit with no earnings). SI 2012/2885 Sch. 1 para. 8; WSI 2013/3029 Sch. 1
    para. 8 and Sch. 6 para. 5; SSI 2012/319 reg. 48; SSI 2021/249 reg. 90."""
    s = scheme_of(c)
    h = c.household
    if not h.non_dependants:
        return ZERO
    if any(a.registered_blind or a.gets(*NON_DEP_CARE_EXEMPT) for a in h.adults):
        c.explain("no deductions: you or your partner are registered blind or get a care benefit")
        return ZERO
    nd = c.param(s.non_dependants)
    total = ZERO
    for person in h.non_dependants:
        label = f"non-dependant {person.id[len('nondep'):]}"
        if person.away_or_in_hospital or person.age < 18 or person.student:
            c.explain(f"{label}: no deduction (away, under 18 or a student)")
            continue
        if person.gets("pension_credit", "income_support", "jsa_income_based", "esa_income_related"):
            c.explain(f"{label}: no deduction (on Pension Credit or an income-related benefit)")
            continue
        if person.gets("universal_credit_no_earnings"):
            if s.uc_without_earnings_is_exempt:
                c.explain(f"{label}: no deduction (on Universal Credit with no earnings)")
                continue
            raise c.cannot("we cannot yet work out the deduction for another adult on Universal Credit with no earnings")
        if person.hours_per_week < 16:
            amount = figure(c, nd, "lower", "non-dependant deductions")
            c.explain(f"{label}: £{amount} (not in remunerative work)")
        else:
            if person.gross_income is None:
                raise c.cannot("we need the gross income of each adult who lives with you and works 16 hours or more",
                               ask="non_dependant_income")
            income = person.gross_income.per(WEEK)
            amount = figure(c, nd, "lower", "non-dependant deductions")
            for band in ("band_1", "band_2", "band_3"):
                if income >= figure(c, nd, f"{band}_from", "non-dependant income bands"):
                    amount = figure(c, nd, band, "non-dependant deductions")
            c.explain(f"{label}: £{amount} (works, gross income £{income:.2f} a week)")
        total += amount
    return total


@rule(label="most Council Tax Reduction you could get (maximum)", period=WEEK,
      legislation="uksi/2012/2885/schedule/1/paragraph/7")
def ctr_maximum(c: Calc) -> Money:
    """100% of the council tax liability less non-dependant deductions, never below nil (SI 2012/2885
    Sch. 1 para. 7; WSI 2013/3029 Sch. 1 para. 7 and Sch. 6 para. 4; SSI 2012/319 reg. 47; SSI 2021/249 reg. 79(1))."""
    return max(c("ctr_weekly_council_tax") - c("ctr_non_dependant_deductions"), ZERO)


@rule(label="Council Tax Reduction under the national scheme", period=WEEK, legislation="uksi/2012/2885/schedule/1/paragraph/10")
def ctr_national_award(c: Calc) -> Money:
    """Class A: income no more than the applicable amount (or on the guarantee credit) gets the maximum.
    Class B: the maximum less 20% of the excess income ("2 6/7 per cent" a day). Nil over the capital limit
    (pensioners on the guarantee credit have no capital limit). SI 2012/2885 Sch. 1 paras. 2-3, 10-11 and
    regs. 11-12; WSI 2013/3029 regs. 22-25 and 30; SSI 2012/319 regs. 14 and 40; SSI 2021/249 regs. 13 and 66."""
    s = scheme_of(c)
    m = param(c, s.params, "means_test")
    maximum = c("ctr_maximum")
    pc = pension_credit_guarantee(c) if s.pensioner else False
    if pc is True:
        c.explain("on the guarantee credit of Pension Credit, so you get the maximum whatever your income and savings")
        return maximum
    unknown_pc = pc if isinstance(pc, CannotCalculate) else None
    if c.household.capital > m.capital_limit:
        if unknown_pc is not None:
            raise c.cannot(unknown_pc.reason + "; with savings over £16,000 that decides whether you get Council Tax Reduction",
                           ask=unknown_pc.ask)
        c.explain(f"Not eligible because your savings of £{c.household.capital:,} are over £{m.capital_limit:,}")
        return ZERO
    excess = max(c("ctr_income") - c("ctr_applicable_amount"), ZERO)
    award = max(maximum - m.taper * excess, ZERO)
    if excess:
        c.explain(f"the maximum less {m.taper:.0%} of the £{excess:.2f} a week by which income is above the applicable amount")
    else:
        c.explain("income is no more than the applicable amount, so you get the maximum")
    if award < maximum and unknown_pc is not None:
        # The guarantee's standard minimum equals the pensioner personal allowance, so income above the
        # applicable amount ordinarily rules the guarantee credit out; we say what we assumed.
        c.explain(
            "we have not been able to check the guarantee credit of Pension Credit; with income above your "
            "applicable amount you would not normally get it, but if you do, you get the maximum reduction"
        )
    return award
