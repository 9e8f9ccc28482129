"""English councils' working-age Council Tax Reduction: each council's own scheme, read from its YAML file.

Local Government Finance Act 1992 s. 13A(2) and Sch. 1A make every billing authority in England design a
scheme for people who are not pensioners; the data lives in `calculators/parameters/council/<code>/`
(see docs/council-schemes.md) and `calculators.schemes` reads and checks it. Each step here is traced with
the paragraph of the council's document it applies, so "How we worked this out" links to the scheme
itself, not to a regulation the council did not adopt.

Two designs are supported:
- classic: maximum support (a share of the band-capped bill) less non-dependant deductions, less the
  taper on income above the applicable amount. A Universal Credit claimant's applicable amount is the UC
  maximum amount and their income is UC's own income figure plus the award (Council Tax Reduction Schemes
  (Default Scheme) (England) Regulations 2012 Sch. 1 para. 37, which local schemes almost all keep);
- banded: weekly net income, as the scheme defines it, falls in a band for the household's type, and the
  band's percentage of the (capped) bill is taken off.
Everything is weekly and unrounded until the award, which is rounded to the penny.

A household is "on Universal Credit" when it says so or when the engine works out a UC award for it
(`ctr_local_on_universal_credit`). Where a step cannot be worked out it says why: with `ask=` the fact the
person can give (the home's band for a band cap, a non-dependant's income); without it, a figure the
council's document has that the calculator does not hold yet, which no answer from the person could supply.
"""

from __future__ import annotations

from decimal import Decimal

from calculators.core.calc import Calc, rule
from calculators.core.household import Person
from calculators.core.money import ZERO, Money, pennies, tariff_steps
from calculators.core.periods import WEEK
from calculators.schemes import BAND_NINTHS, UNVERIFIED, Scheme, scheme_for
from calculators.schemes.model import Citation

from .income_tax import income_tax_for

DEFAULT_SCHEME_UC = "https://www.legislation.gov.uk/uksi/2012/2886/schedule/1/paragraph/37"
CARE_BENEFITS = (
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "dla_care_lowest",
    "dla_care_middle",
    "dla_care_highest",
    "attendance_allowance_lower",
    "attendance_allowance_higher",
    "adult_disability_payment_daily_living_standard",
    "adult_disability_payment_daily_living_enhanced",
)
DISABILITY_BENEFITS = CARE_BENEFITS + ("pip_mobility_standard", "pip_mobility_enhanced", "dla_mobility_lower", "dla_mobility_higher")
UC_ELEMENT_RULES = {
    "standard_allowance": "uc_standard_allowance",
    "child": "uc_child_element",
    "disabled_child": "uc_disabled_child_element",
    "lcwra": "uc_lcwra_element",
    "lcw": "uc_lcw_element",
    "carer": "uc_carer_element",
    "childcare": "uc_childcare_element",
    "housing": "uc_housing_element",
}


def financial_year(on) -> str:
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _cite(c: Calc, citation: Citation) -> None:
    """Link the step being worked out to the paragraph of the council's scheme it applies."""
    c.cite(citation.href, citation.title)


def _scheme(c: Calc) -> Scheme:
    council = c.household.home.council
    scheme = scheme_for(council, c.on)
    if scheme is None:
        raise c.cannot(
            f"we don't have {council}'s Council Tax Reduction scheme for {financial_year(c.on)} yet; an advisor can help"
        )
    return scheme


def _council(scheme: Scheme) -> str:
    return scheme.name.split(" Council Tax")[0] if " Council Tax" in scheme.name else scheme.council


def _weekly(monthly: Money) -> Money:
    """A monthly amount as a week: × 12 ÷ 52 (multiplied first, so whole-pound sums stay exact)."""
    return monthly * 12 / 52


# --- which scheme -----------------------------------------------------------------------------------


@rule(label="your council's Council Tax Reduction scheme")
def ctr_local_scheme(c: Calc) -> str:
    """The scheme the council has made for the financial year of the calculation date (LGFA 1992 s. 13A(2))."""
    if c.household.home.country != "england":
        raise c.cannot("council schemes are for homes in England; Wales and Scotland have national schemes")
    scheme = _scheme(c)
    _cite(c, scheme.source)
    if scheme.fictional:
        c.explain("this is a made-up council used for demonstrations, not a real scheme")
    if scheme.note:
        c.explain(scheme.note.strip())
    return f"{scheme.name} ({scheme.year})"


@rule(label="gets Universal Credit")
def ctr_local_on_universal_credit(c: Calc) -> bool:
    """Whether the claimant has an award of Universal Credit: local schemes treat them differently (and the
    Default Scheme, SI 2012/2886 Sch. 1 para. 37, counts UC's own figures as their income).

    Either the household told us it gets Universal Credit, or the engine itself works out a UC award from
    the answers: someone who would get UC is treated as getting it, so a household that has not said so
    is not left out of the UC rules their council applies."""
    award = c("uc_award")
    if award > 0:
        if c.household.gets_universal_credit:
            c.explain("you get Universal Credit")
        else:
            c.explain(f"because you would get Universal Credit (£{award:,.2f} a month, worked out from your answers)")
        return True
    if c.household.gets_universal_credit:
        c.explain("you told us you get Universal Credit; from your answers we work out none, so the council will use "
                  "the figures on your Universal Credit statement")
        return True
    c.explain("no Universal Credit: you have not said you get it, and from your answers you would not get any")
    return False


# --- the bill support is worked out on ----------------------------------------------------------------


@rule(label="council tax that support is worked out on", period=WEEK)
def ctr_local_eligible_liability(c: Calc) -> Money:
    """The weekly bill, no higher than the scheme's band cap: bill × cap band's ninths ÷ the home's band's
    ninths (the statutory band proportions, LGFA 1992 s. 5(1): A 6/9 ... D 9/9 ... H 18/9)."""
    c("ctr_local_scheme")
    scheme = _scheme(c)
    liability = c("ctr_weekly_council_tax")
    cap = scheme.liability.band_cap
    if cap is None:
        return liability
    _cite(c, scheme.liability.paragraph)
    band = c.household.home.council_tax_band
    if band is None:
        raise c.cannot(
            f"{_council(scheme)}'s scheme limits support to the bill for band {cap.band}, so we need your home's council tax band",
            ask="council_tax_band",
        )
    cap_band = cap.band
    if cap.larger_homes is not None and c("housing_bedroom_entitlement") >= cap.larger_homes.bedrooms_needed:
        cap_band = cap.larger_homes.band
        c.explain(f"your household needs {cap.larger_homes.bedrooms_needed} or more bedrooms, so the cap is band {cap_band}")
    if BAND_NINTHS[band] <= BAND_NINTHS[cap_band]:
        c.explain(f"your home is in band {band}, not above the band {cap_band} cap")
        return liability
    c.explain(f"support is limited to a band {cap_band} bill: {BAND_NINTHS[cap_band]}/9 ÷ {BAND_NINTHS[band]}/9 of your band {band} bill")
    return liability * BAND_NINTHS[cap_band] / BAND_NINTHS[band]


@rule(label="maximum support", period=WEEK)
def ctr_local_maximum_support(c: Calc) -> Money:
    """The share of the eligible bill the scheme can meet before any income is taken into account."""
    scheme = _scheme(c)
    _cite(c, scheme.liability.paragraph)
    share = scheme.liability.maximum_support
    if share != 1:
        c.explain(f"{_council(scheme)} meets at most {(share * 100).normalize():f}% of the bill: everyone pays at least {((1 - share) * 100).normalize():f}%")
    return c("ctr_local_eligible_liability") * share


# --- capital -----------------------------------------------------------------------------------------


@rule(label="savings within the scheme's limit")
def ctr_local_capital_within_limit(c: Calc) -> bool:
    """No reduction when the household's capital is more than the scheme's limit."""
    scheme = _scheme(c)
    _cite(c, scheme.capital.paragraph)
    limit = scheme.capital.limit
    if limit == UNVERIFIED:
        if c.household.capital == 0:
            c.explain("you have no savings, so the scheme's savings limit does not matter")
            return True
        raise c.cannot(
            f"you have savings and we don't have {_council(scheme)}'s savings limit yet; an advisor can help"
        )
    if scheme.capital.no_reduction_when == "at_or_above_limit":
        within = c.household.capital < limit
        c.explain(f"£{c.household.capital:,.2f} {'is less than' if within else 'is not less than'} £{limit:,.2f}")
    else:
        within = c.household.capital <= limit
        c.explain(f"£{c.household.capital:,.2f} {'is within' if within else 'is more than'} the £{limit:,.2f} limit")
    return within


@rule(label="assumed income from savings", period=WEEK)
def ctr_local_tariff_income(c: Calc) -> Money:
    """Capital above the scheme's starting point counts as weekly income for each step, or part of one."""
    scheme = _scheme(c)
    tariff = scheme.capital.tariff
    if tariff is None:
        return ZERO
    _cite(c, scheme.capital.paragraph)
    steps = tariff_steps(c.household.capital, tariff.starts_above, tariff.step)
    if not steps:
        return ZERO
    c.explain(f"{steps} lots of £{tariff.step} (or part) above £{tariff.starts_above:,} at £{tariff.income_per_step} each")
    return steps * tariff.income_per_step


# --- non-dependants ----------------------------------------------------------------------------------


def _claimant_exempt(c: Calc, exemptions: list[str]) -> str | None:
    for p in c.household.adults:
        if "blind" in exemptions and p.registered_blind:
            return "someone in your couple is registered blind"
        if "gets_care_benefit" in exemptions and p.gets(*CARE_BENEFITS):
            return "someone in your couple gets a disability benefit for care (PIP daily living, DLA care or Attendance Allowance)"
    return None


@rule(label="deductions for other adults in the home", period=WEEK)
def ctr_local_non_dependant_deductions(c: Calc) -> Money:
    """What the scheme expects each other adult (a non-dependant) to contribute each week."""
    scheme = _scheme(c)
    rules = scheme.non_dependant_deductions
    people = c.household.non_dependants
    if not people:
        return ZERO
    if rules is None:
        c.explain(f"{_council(scheme)}'s scheme makes no deduction for other adults")
        return ZERO
    if rules == UNVERIFIED:
        raise c.cannot(
            f"we don't have {_council(scheme)}'s deductions for other adults living with you yet; an advisor can help"
        )
    _cite(c, rules.paragraph)
    exempt = _claimant_exempt(c, rules.no_deduction_if_claimant_or_partner)
    if exempt:
        c.explain(f"no deductions, because {exempt}")
        return ZERO
    total = ZERO
    skip = set(rules.exempt_non_dependants)
    for nd in people:
        reason = None
        if nd.age < rules.minimum_age:
            reason = f"under {rules.minimum_age}"
        elif "student" in skip and nd.student:
            reason = "a full-time student"
        elif "away_or_in_hospital" in skip and nd.away_or_in_hospital:
            reason = "away, in hospital or in prison"
        elif "pension_credit" in skip and nd.gets("pension_credit"):
            reason = "gets Pension Credit"
        elif "income_related_benefit" in skip and nd.gets("income_support", "jsa_income_based", "esa_income_related"):
            reason = "gets income support, income-based JSA or income-related ESA"
        elif "universal_credit_no_earnings" in skip and nd.gets("universal_credit_no_earnings"):
            reason = "gets Universal Credit and has no earnings"
        elif "universal_credit_with_earnings" in skip and nd.gets("universal_credit_with_earnings"):
            reason = "gets Universal Credit"
        elif "carer_for_household" in skip and nd.is_carer_for_household:
            reason = "cares for you and gets Carer's Allowance for it"
        if reason:
            c.explain(f"{nd.id}: no deduction ({reason})")
            continue
        if rules.remunerative_work_hours is not None and nd.hours_per_week < rules.remunerative_work_hours:
            deduction = rules.not_in_remunerative_work
            c.explain(f"{nd.id}: £{deduction} (works under {rules.remunerative_work_hours:f} hours a week)")
        elif len(rules.by_gross_weekly_income) == 1:
            deduction = rules.by_gross_weekly_income[0].deduction
            c.explain(f"{nd.id}: £{deduction} (the same for everyone)")
        else:
            if nd.gross_income is None:
                raise c.cannot(
                    f"{_council(scheme)}'s deduction for another adult who lives with you depends on their income, "
                    "and we don't know it",
                    ask="non_dependant_income",
                )
            income = nd.gross_income.per(WEEK)
            deduction = [s.deduction for s in rules.by_gross_weekly_income if s.from_ <= income][-1]
            c.explain(f"{nd.id}: £{deduction} (gross income £{pennies(income):,.2f} a week)")
        total += deduction
    return total


# --- income (shared) -----------------------------------------------------------------------------------


def _net_earnings(c: Calc, person: Person) -> Money:
    """Weekly earnings less income tax and National Insurance on them and pension contributions."""
    gross = person.earnings(WEEK)
    profit = person.self_employment.profit.per(WEEK) if person.self_employment is not None else ZERO
    if gross == 0 and profit == 0:
        return ZERO
    pension = sum((j.pension_contribution.per(WEEK) for j in person.jobs if j.pension_contribution), ZERO)
    other = c("it_pension_income", person=person) + c("it_social_security_income", person=person)
    if other == 0:
        tax = c("it_income_tax", person=person, period=WEEK)
    else:
        total = c("it_total_income", person=person)
        earned = c("it_employment_income", person=person) + c("it_trading_income", person=person)
        tax = (income_tax_for(c, total) - income_tax_for(c, total - earned)) / WEEK.per_year
    ni = sum((c(n, person=person, period=WEEK) for n in ("ni_class1_employee", "ni_class2", "ni_class4")), ZERO)
    return max(gross + profit - tax - ni - pension, ZERO)


def _unearned(c: Calc, disregarded: list[str]) -> Money:
    total = ZERO
    for p in c.household.adults:
        for b in p.benefits:
            if b.kind in disregarded:
                continue
            if b.kind == "other":
                raise c.cannot("we don't know how the 'other' benefit you get counts under your council's scheme; an advisor can help")
            total += b.amount.per(WEEK)
        if p.private_pension is not None:
            total += p.private_pension.per(WEEK)
        if p.other_income is not None:
            total += p.other_income.per(WEEK)
    return total


# --- classic schemes ----------------------------------------------------------------------------------


def _classic(c: Calc):
    scheme = _scheme(c)
    if scheme.classic is None:
        raise c.cannot(f"{_council(scheme)}'s scheme uses income bands, not an applicable amount")
    return scheme, scheme.classic


def _disability_premium(c: Calc) -> bool:
    return any(p.gets(*DISABILITY_BENEFITS) or p.registered_blind for p in c.household.adults)


def _carer(c: Calc) -> bool:
    return any(p.is_carer or p.gets("carers_allowance") for p in c.household.adults)


@rule(label="applicable amount (weekly living needs)", period=WEEK)
def ctr_local_applicable_amount(c: Calc) -> Money:
    """The scheme's allowance for the household's weekly needs. On Universal Credit it is the UC maximum
    amount as a week (Default Scheme Sch. 1 para. 37(1)); otherwise personal allowance plus premiums."""
    scheme, classic = _classic(c)
    h = c.household
    if c("ctr_local_on_universal_credit"):
        _cite(c, Citation(title="Default Scheme 2012 Sch. 1 para. 37 (Universal Credit claimants)", href=DEFAULT_SCHEME_UC))
        c.explain("the Universal Credit maximum amount, as a week (× 12 ÷ 52)")
        return _weekly(c("uc_maximum_amount"))
    aa = classic.applicable_amount
    if aa is None:
        raise c.cannot(
            f"we don't have {_council(scheme)}'s living allowances for people not on Universal Credit yet; an advisor can help"
        )
    _cite(c, aa.paragraph)
    pa = aa.personal_allowance
    if h.is_couple:
        amount, what = pa.couple, "couple"
    elif h.children:
        amount, what = pa.lone_parent, "lone parent"
    elif h.claimant.age_on(c.on) < 25:
        amount, what = pa.single_under_25, "single, under 25"
    else:
        amount, what = pa.single_25_or_over, "single, 25 or over"
    parts = [f"£{amount} personal allowance ({what})"]
    if h.children:
        n = len(h.children)
        amount += aa.child_allowance * n + aa.family_premium
        parts.append(f"£{aa.child_allowance} × {n} for children")
        if aa.family_premium:
            parts.append(f"£{aa.family_premium} family premium")
        for child in h.children:
            if child.disability != "none":
                amount += aa.disabled_child_premium
                parts.append(f"£{aa.disabled_child_premium} disabled child premium")
            if child.disability == "higher":
                amount += aa.enhanced_disability_child_premium
                parts.append(f"£{aa.enhanced_disability_child_premium} enhanced disability premium (child)")
    if _disability_premium(c):
        premium = aa.disability_premium_couple if h.is_couple else aa.disability_premium_single
        amount += premium
        parts.append(f"£{premium} disability premium")
    carers = sum(1 for p in h.adults if p.is_carer or p.gets("carers_allowance"))
    if carers:
        amount += aa.carer_premium * carers
        parts.append(f"£{aa.carer_premium} carer premium × {carers}")
    c.explain(" + ".join(parts))
    return amount


@rule(label="income the scheme counts", period=WEEK)
def ctr_local_income(c: Calc) -> Money:
    """On Universal Credit: UC's own figures for earned and unearned income, plus the UC award, as a week
    (Default Scheme Sch. 1 para. 37(1), (3)). Otherwise: net earnings less the earnings disregard, the
    benefits and pensions the scheme counts, and assumed income from savings."""
    scheme, classic = _classic(c)
    if c("ctr_local_on_universal_credit"):
        _cite(c, Citation(title="Default Scheme 2012 Sch. 1 para. 37 (Universal Credit claimants)", href=DEFAULT_SCHEME_UC))
        monthly = c("uc_earned_income") + c("uc_unearned_income") + c("uc_award")
        c.explain("Universal Credit's earned and unearned income and the award, as a week (× 12 ÷ 52)")
        return _weekly(monthly)
    if classic.applicable_amount is None:
        raise c.cannot(
            f"we don't have {_council(scheme)}'s income rules for people not on Universal Credit yet; an advisor can help"
        )
    _cite(c, classic.paragraph)
    h = c.household
    earnings = sum((_net_earnings(c, p) for p in h.adults), ZERO)
    disregard = ZERO
    if earnings > 0:
        d = classic.earnings_disregard
        if d is None:
            raise c.cannot(f"we don't have {_council(scheme)}'s earnings disregards yet; an advisor can help")
        if _disability_premium(c) or _carer(c):
            disregard = d.disabled_or_carer
        elif h.is_couple:
            disregard = d.couple
        elif h.children:
            disregard = d.lone_parent
        else:
            disregard = d.single
        disregard = min(disregard, earnings)
        c.explain(f"net earnings £{pennies(earnings):,.2f} less £{disregard} disregarded")
    unearned = _unearned(c, list(classic.disregarded_benefits))
    return earnings - disregard + unearned + c("ctr_local_tariff_income")


@rule(label="income above the applicable amount", period=WEEK)
def ctr_local_excess_income(c: Calc) -> Money:
    return max(c("ctr_local_income") - c("ctr_local_applicable_amount"), ZERO)


@rule(label="reduction for income above the applicable amount", period=WEEK)
def ctr_local_taper_reduction(c: Calc) -> Money:
    """The scheme's taper (a share) of the weekly income above the applicable amount."""
    scheme, classic = _classic(c)
    excess = c("ctr_local_excess_income")
    if excess == 0:
        return ZERO
    _cite(c, classic.paragraph)
    if classic.taper == UNVERIFIED:
        raise c.cannot(
            f"your income is above {_council(scheme)}'s applicable amount and we don't have the scheme's taper yet; an advisor can help"
        )
    c.explain(f"{(classic.taper * 100).normalize():f}% of £{pennies(excess):,.2f}")
    return classic.taper * excess


# --- banded schemes -----------------------------------------------------------------------------------


def _banded(c: Calc):
    scheme = _scheme(c)
    if scheme.banded is None:
        raise c.cannot(f"{_council(scheme)}'s scheme uses an applicable amount and taper, not income bands")
    return scheme, scheme.banded


@rule(label="Universal Credit the scheme counts as income", period=WEEK)
def ctr_local_counted_universal_credit(c: Calc) -> Money:
    """The UC elements the scheme counts, less UC's income reduction, never below nil, as a week."""
    scheme, banded = _banded(c)
    elements = banded.income.universal_credit_elements
    if not elements or not c("ctr_local_on_universal_credit"):
        return ZERO
    _cite(c, banded.income.paragraph)
    counted = sum((c(UC_ELEMENT_RULES[e]) for e in elements), ZERO)
    monthly = max(counted - c("uc_income_reduction"), ZERO)
    c.explain(f"{', '.join(e.replace('_', ' ') for e in elements)} (£{counted:,.2f} a month) less the income reduction, × 12 ÷ 52")
    return _weekly(monthly)


@rule(label="weekly income for the bands", period=WEEK)
def ctr_local_banded_income(c: Calc) -> Money:
    """Net weekly income as the scheme defines it, to the penny: net earnings less any disregard, the
    Universal Credit it counts, other benefits and pensions it does not disregard, less any allowance for
    children."""
    scheme, banded = _banded(c)
    rules = banded.income
    _cite(c, rules.paragraph)
    h = c.household
    earnings = sum((_net_earnings(c, p) for p in h.adults), ZERO)
    disregard = min(rules.earnings_disregard, earnings)
    income = earnings - disregard + c("ctr_local_counted_universal_credit")
    parts = [f"net earnings £{pennies(earnings):,.2f}"]
    if rules.earned_income_only:
        parts.append("only earnings count: benefits, pensions and other income are left out")
    else:
        income += _unearned(c, list(rules.disregarded_benefits))
    if disregard:
        parts.append(f"less £{disregard} disregarded")
    if rules.allowance_per_child is not None and h.children:
        n = min(len(h.children), rules.allowance_per_child.max_children)
        allowance = rules.allowance_per_child.amount * n
        income -= allowance
        parts.append(f"less £{rules.allowance_per_child.amount} for each of {n} {'child' if n == 1 else 'children'}")
    c.explain(", ".join(parts))
    return pennies(max(income, ZERO))


@rule(label="discount from your income band")
def ctr_local_band_discount(c: Calc) -> Decimal:
    """The share of the bill taken off for the band the household's weekly income falls in."""
    scheme, banded = _banded(c)
    _check_not_in_calculator(c, scheme)
    _cite(c, banded.paragraph)
    h = c.household
    children = len(h.children)
    table = next(t for t in banded.tables if t.household.matches(h.is_couple, children))
    income = c("ctr_local_banded_income")
    band = [b for b in table.bands if b.from_ <= income][-1]
    index = table.bands.index(band)
    upper = table.bands[index + 1].from_ if index + 1 < len(table.bands) else None
    span = f"£{band.from_:,.2f} to £{upper - Decimal('0.01'):,.2f}" if upper is not None else f"£{band.from_:,.2f} or more"
    c.explain(f"table for {table.household.describe()}: £{income:,.2f} a week is in the band {span}: "
              f"{(band.discount * 100).normalize():f}% off")
    return band.discount


# --- households whose part of the scheme is not in the calculator ------------------------------------


def _in_group(c: Calc, who: str) -> bool:
    h = c.household
    if who == "disabled":
        return any(p.gets(*DISABILITY_BENEFITS) or p.registered_blind or p.limited_capability != "none" for p in h.adults) or any(
            ch.disability != "none" for ch in h.children
        )
    if who == "carer":
        return _carer(c)
    if who == "earner":
        return any(p.jobs or p.self_employment is not None for p in h.adults)
    if who == "childcare_costs":
        return h.childcare_costs is not None and h.childcare_costs.amount > 0
    if who == "universal_credit_housing_costs":
        return bool(c("ctr_local_on_universal_credit")) and c("uc_housing_element") > 0
    raise ValueError(who)


def _check_not_in_calculator(c: Calc, scheme: Scheme) -> None:
    """Refuse, with the reason, a household in a group whose part of the scheme we could not read. No question
    can help: the missing figure is in the council's document, not in the person's answers."""
    for group in scheme.not_in_calculator:
        if _in_group(c, group.who):
            _cite(c, group.paragraph)
            raise c.cannot(
                f"{_council(scheme)}'s scheme {group.what}; that part of the scheme is not in our calculator yet, so an advisor can help"
            )


# --- the award ---------------------------------------------------------------------------------------


@rule(label="Council Tax Reduction (your council's scheme)", period=WEEK)
def ctr_local_award(c: Calc) -> Money:
    """The weekly reduction under the council's working-age scheme, rounded to the penny, nil under the
    scheme's minimum award."""
    c("ctr_local_scheme")
    scheme = _scheme(c)
    if not c("ctr_local_capital_within_limit"):
        c.explain("Not eligible because your savings are more than the scheme's limit")
        return ZERO
    _check_not_in_calculator(c, scheme)
    maximum = c("ctr_local_maximum_support")
    deductions = c("ctr_local_non_dependant_deductions")
    if scheme.kind == "classic":
        award = maximum - deductions - c("ctr_local_taper_reduction")
    else:
        banded = scheme.banded
        assert banded is not None
        if banded.applies_to == "universal_credit" and not c("ctr_local_on_universal_credit"):
            raise c.cannot(
                f"{_council(scheme)}'s income bands are for people on Universal Credit; its rules for everyone else "
                "are not in the calculator yet; an advisor can help"
            )
        discount = c("ctr_local_band_discount")
        rules = scheme.non_dependant_deductions
        if rules not in (None, UNVERIFIED) and rules.applied == "before_discount":
            award = max(maximum - deductions, ZERO) * discount
        else:
            award = maximum * discount - deductions
    award = pennies(max(award, ZERO))
    if 0 < award < scheme.minimum_award:
        c.explain(f"Not paid: £{award} is less than the scheme's minimum award of £{scheme.minimum_award} a week")
        return ZERO
    return award
