"""Passported help: things a household may get because it gets a means-tested benefit.

Each rule returns a plain-English reason ("You may qualify because …") or None. A household gets a
benefit when it says it already does (`gets_universal_credit`, `gets_pension_credit_guarantee`) or when
the engine works out an award above nil. If a qualifying benefit cannot be worked out and no other
one qualifies, the rule cannot say either way and reports why.
"""

from __future__ import annotations

from collections.abc import Callable

from calculators.core.calc import Calc, CannotCalculate, passport, rule
from calculators.core.money import ZERO

# Each check: a label, what the household tells us it already gets, and the shared variable of the
# scheme that works the award out.
_CHECKS: dict[str, tuple[str, Callable[[Calc], bool], str]] = {
    "universal_credit": ("Universal Credit", lambda c: c.household.gets_universal_credit, "uc_award"),
    "pension_credit_guarantee": (
        "the guarantee credit of Pension Credit",
        lambda c: c.household.gets_pension_credit_guarantee,
        "pc_guarantee_credit",
    ),
    "pension_credit": ("Pension Credit", lambda c: c.household.gets_pension_credit_guarantee, "pc_award"),
    "pension_credit_savings": ("the savings credit of Pension Credit", lambda c: False, "pc_savings_credit"),
    "housing_benefit": ("Housing Benefit", lambda c: False, "hb_award"),
    "council_tax_reduction": ("Council Tax Reduction", lambda c: False, "ctr_award"),
}


def receives(c: Calc, *kinds: str) -> str | None:
    """The name of the first of these benefits the household gets, or None.

    What the household says it already gets is taken first; otherwise an award worked out above nil.
    A benefit that cannot be worked out is skipped; if none of the others is received, the first
    'cannot' is raised, since we then cannot tell whether the household qualifies."""
    for kind in kinds:
        label, already_gets, _ = _CHECKS[kind]
        if already_gets(c):
            return label
    first_cannot: CannotCalculate | None = None
    for kind in kinds:
        label, _, award = _CHECKS[kind]
        try:
            if c(award) > ZERO:
                return label
        except CannotCalculate as exc:
            first_cannot = first_cannot or exc
        except KeyError as exc:
            if repr(award) not in str(exc):
                raise
            # that scheme's rules are not installed
            first_cannot = first_cannot or CannotCalculate(
                f"we can't work out whether you get {label} yet; an advisor can help"
            )
    if first_cannot is not None:
        raise first_cannot
    return None


def first_reason(*routes: Callable[[], str | None]) -> str | None:
    """The reason from the first route (a way of qualifying) that applies. A route that cannot be worked
    out does not stop the others; only when none applies is the first 'cannot' raised."""
    first_cannot: CannotCalculate | None = None
    for route in routes:
        try:
            reason = route()
        except CannotCalculate as exc:
            first_cannot = first_cannot or exc
            continue
        if reason:
            return reason
    if first_cannot is not None:
        raise first_cannot
    return None


def _uc_take_home_pay(c: Calc):
    """Earned income in the UC assessment period (UC Regulations 2013 Part 6 Chapter 2), as the UC rules work it out."""
    try:
        return c("uc_earned_income")
    except KeyError as exc:
        if "'uc_earned_income'" not in str(exc):
            raise
        raise c.cannot("we can't work out your take-home pay for Universal Credit yet; an advisor can help") from None


def _children_aged(c: Calc, low: int, high: int) -> list:
    return [ch for ch in c.household.children if low <= ch.age_on(c.on) <= high]


def _country(c: Calc) -> str:
    return c.household.home.country


# --- Free school meals ----------------------------------------------------------------------------------

@rule(label="free school meals", legislation="ukpga/1996/56/section/512ZB")
def fsm_reason(c: Calc) -> str | None:
    """Education Act 1996 s. 512ZB (England and Wales) and Education (Scotland) Act 1980 s. 53.

    England: a parent on Universal Credit whose net earnings in the last assessment period were no more
    than £616.67 (SI 2018/148 reg. 4), or every UC household from September 2026; the guarantee credit of
    Pension Credit; every child in reception, year 1 and year 2 (s. 512ZB(4ZA), universal infant meals).
    Wales: the same earnings limit on UC (2019 Order); every primary school child (from 2024).
    Scotland: UC with net earnings of no more than £850 a month; every child in P1 to P5.
    School years are guessed from age: we do not ask which year a child is in."""
    school_age = _children_aged(c, 4, 18)
    if not school_age:
        c.explain("Not eligible because no child is of school age")
        return None
    country = _country(c)

    def universal_credit() -> str | None:
        if not receives(c, "universal_credit"):
            return None
        limit = c.param(f"passported.free_school_meals.{country}_uc_earnings_limit")
        if not limit.is_finite():
            return ("You may qualify because you get Universal Credit: since September 2026 every child in a "
                    "Universal Credit household in England can get free school meals, whatever you earn.")
        earnings = _uc_take_home_pay(c)
        if earnings <= limit:
            return (f"You may qualify because you get Universal Credit and your take-home pay (£{earnings:,.2f} a month) "
                    f"is no more than the free school meals limit of £{limit:,.2f} a month.")
        c.explain(f"take-home pay £{earnings:,.2f} a month is over the £{limit:,.2f} limit")
        return None

    def pension_credit() -> str | None:
        if country != "scotland" and receives(c, "pension_credit_guarantee"):
            return "You may qualify because you get the guarantee credit of Pension Credit."
        return None

    def universal_meals() -> str | None:
        if country == "england" and _children_aged(c, 4, 6):
            return ("Your child may qualify because every child in reception, year 1 and year 2 at a state school "
                    "in England gets free school lunches (universal infant free school meals).")
        if country == "wales" and _children_aged(c, 4, 10):
            return "Your child may qualify because every primary school child in Wales can get free school meals."
        if country == "scotland" and _children_aged(c, 4, 9):
            return "Your child may qualify because every child in primary 1 to 5 in Scotland gets free school meals."
        return None

    return first_reason(universal_credit, pension_credit, universal_meals)


# --- Healthy Start and Best Start Foods ------------------------------------------------------------------

@rule(label="Healthy Start or Best Start Foods", legislation="uksi/2005/3262/regulation/3")
def healthy_start_reason(c: Calc) -> str | None:
    """Healthy Start Scheme and Welfare Food (Amendment) Regulations 2005 reg. 3 (England, Wales): at least 10
    weeks pregnant or a child under 4, and Universal Credit with take-home pay of £408 a month or less, or
    Pension Credit with a child; or pregnant and under 18 on no benefit.
    Scotland, Welfare Foods (Best Start Foods) (Scotland) Regulations 2019 (SSI 2019/193) regs. 3 and 10:
    pregnant or a child under 3, and UC, Pension Credit or Housing Benefit at any income (income limits
    removed on 26 February 2024)."""
    pregnant = [p for p in c.household.adults if p.pregnant]
    if _country(c) == "scotland":
        age_limit = c.param("passported.healthy_start.best_start_foods_child_age_limit")
        scheme = "Best Start Foods"
    else:
        age_limit = c.param("passported.healthy_start.child_age_limit")
        scheme = "Healthy Start"
    young = _children_aged(c, 0, age_limit - 1)
    if not pregnant and not young:
        c.explain(f"Not eligible because nobody is pregnant and no child is under {age_limit}")
        return None
    who = "you are pregnant" if pregnant else f"you have a child under {age_limit}"
    if any(p.age_on(c.on) < 18 for p in pregnant):
        return f"You may qualify for {scheme} because you are pregnant and under 18."
    if _country(c) == "scotland":
        got = receives(c, "universal_credit", "pension_credit", "housing_benefit")
        if got:
            return f"You may qualify for {scheme} because {who} and you get {got} (there is no income limit)."
        return None

    def universal_credit() -> str | None:
        if not receives(c, "universal_credit"):
            return None
        limit = c.param("passported.healthy_start.uc_earnings_limit")
        earnings = _uc_take_home_pay(c)
        if earnings <= limit:
            return (f"You may qualify for {scheme} because {who}, you get Universal Credit and your family's "
                    f"take-home pay (£{earnings:,.2f} a month) is £{limit} or less.")
        c.explain(f"take-home pay £{earnings:,.2f} a month is over the £{limit} limit")
        return None

    def pension_credit() -> str | None:
        if young and receives(c, "pension_credit"):
            return f"You may qualify for {scheme} because you have a child under {age_limit} and you get Pension Credit."
        return None

    return first_reason(universal_credit, pension_credit)


# --- NHS help with health costs ----------------------------------------------------------------------------

@rule(label="help with NHS health costs", legislation="uksi/2003/2382/regulation/5")
def nhs_health_costs_reason(c: Calc) -> str | None:
    """NHS (Travel Expenses and Remission of Charges) Regulations 2003 reg. 5 (England; Wales and Scotland have
    matching rules): the guarantee credit of Pension Credit; or Universal Credit with take-home pay in the last
    assessment period of £435 or less, or £935 or less if the award has a child element or someone has
    limited capability for work."""
    country = _country(c)
    covers = ("free prescriptions, dental treatment and sight tests, and help with glasses and travel to hospital"
              if country == "england" else
              "free dental treatment and help with glasses and travel to hospital (prescriptions are free for "
              f"everyone in {country.title()})")

    def pension_credit() -> str | None:
        if receives(c, "pension_credit_guarantee"):
            return f"You may qualify for {covers} because you get the guarantee credit of Pension Credit."
        return None

    def universal_credit() -> str | None:
        if not receives(c, "universal_credit"):
            return None
        limits = c.param("passported.nhs_health_costs.uc_earnings_limits")
        higher = bool(c.household.children) or any(p.limited_capability != "none" for p in c.household.adults)
        limit = limits.with_child_or_lcw if higher else limits.standard
        earnings = _uc_take_home_pay(c)
        if earnings <= limit:
            return (f"You may qualify for {covers} because you get Universal Credit and your take-home pay "
                    f"(£{earnings:,.2f} a month) is £{limit} or less.")
        c.explain(f"take-home pay £{earnings:,.2f} a month is over the £{limit} limit")
        return None

    return first_reason(pension_credit, universal_credit)


# --- Warm Home Discount ---------------------------------------------------------------------------------------

@rule(label="Warm Home Discount",
      legislation="https://www.gov.uk/government/publications/warm-home-discount-eligibility-statement-england-and-wales-2025-to-2026-scheme-year")
def warm_home_discount_reason(c: Calc) -> str | None:
    """Warm Home Discount (England and Wales) Regulations 2022 as amended by the Warm Home Discount (Amendment)
    Regulations 2025: core group 1 is the guarantee credit of Pension Credit; from the 2025-26 scheme year core
    group 2 is every bill-payer on a means-tested benefit (the high-cost-to-heat test was removed).
    Scotland (Warm Home Discount (Scotland) Regulations 2022): the core group is the same; others on
    means-tested benefits apply to their supplier under its broader group rules."""

    def core_group_1() -> str | None:
        if receives(c, "pension_credit_guarantee"):
            return ("You may qualify for £150 off your electricity bill because you get the guarantee credit of "
                    "Pension Credit (Warm Home Discount core group 1); it is usually paid automatically.")
        return None

    return first_reason(core_group_1, lambda: _whd_means_tested(c))


def _whd_means_tested(c: Calc) -> str | None:
    got = receives(c, "universal_credit", "housing_benefit", "pension_credit_savings")
    if not got:
        return None
    if _country(c) == "scotland":
        return (f"You may qualify for £150 off your electricity bill because you get {got}: in Scotland you apply "
                "to your electricity supplier under its Warm Home Discount broader group.")
    return (f"You may qualify for £150 off your electricity bill because you get {got} (Warm Home Discount core "
            "group 2, open to every household on a means-tested benefit since the 2025-26 scheme year).")


# --- Social tariffs ----------------------------------------------------------------------------------------

@rule(label="broadband and phone social tariffs",
      legislation="https://www.ofcom.org.uk/phones-and-broadband/saving-money/social-tariffs")
def broadband_social_tariff_reason(c: Calc) -> str | None:
    """Ofcom's list of social tariffs: most providers offer cheaper broadband to people on Universal Credit or
    Pension Credit, and many also for income-related or contribution-based ESA and JSA, or PIP."""
    got = receives(c, "universal_credit", "pension_credit")
    if got is None:
        kinds = {"esa_contribution": "Employment and Support Allowance", "jsa_contribution": "Jobseeker's Allowance",
                 "pip_daily_living_standard": "PIP", "pip_daily_living_enhanced": "PIP",
                 "pip_mobility_standard": "PIP", "pip_mobility_enhanced": "PIP"}
        got = next((kinds[b.kind] for p in c.household.adults for b in p.benefits if b.kind in kinds), None)
    if got is None:
        return None
    return (f"You may qualify for a cheaper broadband and phone deal (a social tariff) because you get {got}; "
            "ask your provider.")


@rule(label="help with water bills", legislation="ukpga/1991/56/section/143A")
def water_social_tariff_reason(c: Calc) -> str | None:
    """England and Wales: every water company has a social tariff for customers on low incomes, under its
    charges scheme (Water Industry Act 1991 s. 143A and the social tariffs guidance); WaterSure caps metered
    bills for households on a means-tested benefit with three or more children (Water Industry (Charges)
    (Vulnerable Groups) Regulations 1999). Scotland: water and sewerage charges are reduced with Council Tax
    Reduction (Council Tax Reduction (Scotland) Regulations 2021)."""
    if _country(c) == "scotland":
        if receives(c, "council_tax_reduction"):
            return ("Your water and sewerage charges should be reduced too, because you get Council Tax Reduction "
                    "(in Scotland the reduction is applied to the water charges on your council tax bill).")
        return None
    got = receives(c, "universal_credit", "pension_credit", "housing_benefit", "council_tax_reduction")
    if got is None:
        return None
    young = [ch for ch in c.household.children if ch.age_on(c.on) < 19]
    extra = (" With three or more children you may also get WaterSure, which caps a metered bill."
             if len(young) >= 3 else "")
    return (f"You may qualify for your water company's social tariff (a lower bill) because you get {got}."
            + extra)


passport("free_school_meals", label="Free school meals", reason="fsm_reason",
         url="https://www.gov.uk/apply-free-school-meals")
passport("healthy_start", label="Healthy Start or Best Start Foods", reason="healthy_start_reason",
         url="https://www.healthystart.nhs.uk/")
passport("nhs_health_costs", label="Help with NHS health costs", reason="nhs_health_costs_reason",
         url="https://www.nhsbsa.nhs.uk/check-if-youre-eligible-help")
passport("warm_home_discount", label="Warm Home Discount", reason="warm_home_discount_reason",
         url="https://www.gov.uk/the-warm-home-discount-scheme")
passport("broadband_social_tariff", label="Cheaper broadband (social tariff)", reason="broadband_social_tariff_reason",
         url="https://www.ofcom.org.uk/phones-and-broadband/saving-money/social-tariffs")
passport("water_social_tariff", label="Help with water bills", reason="water_social_tariff_reason",
         url="https://www.ofwat.gov.uk/households/supply-and-standards/help-paying-bills/")
