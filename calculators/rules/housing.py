"""Housing costs: the size criteria, the Local Housing Allowance and the Universal Credit housing costs element.

The size criteria and the LHA rate are shared with Housing Benefit (`housing_bedroom_entitlement`,
`housing_lha_category`, `housing_lha_rate`, `housing_social_size_reduction_rate`). The rest is the
Universal Credit housing costs element for renters, Universal Credit Regulations 2013 Sch. 4:
- private renters: the lower of the eligible rent and the monthly LHA the rent officer determined for
  the Broad Rental Market Area and category (Part 4; Rent Officers (UC Functions) Order 2013 Sch. 1);
- social renters: the eligible rent, less 14% or 25% when the home has more bedrooms than the size
  criteria allow (Part 5, para. 36);
- then a housing cost contribution for each non-dependant who is not exempt (Part 3, paras. 13-16).
Supported ("exempt" or "specified") and temporary accommodation are outside Universal Credit: their rent
is not a "relevant payment" (Sch. 1 paras. 3(h) and 3A) and Housing Benefit pays it instead.
"""

from __future__ import annotations

from datetime import date

from calculators.core.calc import Calc, rule
from calculators.core.household import Child
from calculators.core.money import ZERO, Money, pennies
from calculators.core.parameters import load_data
from calculators.core.periods import MONTH, WEEK

#: Benefits that make a single under-35 "severely disabled", so not limited to the shared rate
#: (UC Regs Sch. 4 para. 29(2)(c); HB Regs reg. 2(1) "young individual" via the severe disability premium).
SEVERE_DISABILITY_BENEFITS = (
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "dla_care_middle",
    "dla_care_highest",
    "attendance_allowance_lower",
    "attendance_allowance_higher",
    "adult_disability_payment_daily_living_standard",
    "adult_disability_payment_daily_living_enhanced",
)

CATEGORIES = ("shared", "one_bedroom", "two_bedrooms", "three_bedrooms", "four_bedrooms")

_BRMAS: dict | None = None


def brmas() -> dict:
    """Every Broad Rental Market Area in England, Wales and Scotland: slug -> {name, nation}.

    Written with the rate files by scripts/import_lha.py from the published tables; every one has a
    weekly (`dwp.housing.lha.<slug>`) and a monthly (`dwp.housing.lha_monthly.<slug>`) rate file."""
    global _BRMAS
    if _BRMAS is None:
        _BRMAS = load_data("dwp/housing/lha/_brmas.yaml")
    return _BRMAS


def _unshared(children: list[Child], on: date, unknown_shares: bool) -> int:
    """How many children under 16 are left with no one to share with, when as many pairs share as can.

    Para. 10(1)(c)-(d) (HB reg. B13(5)(c)-(d)): two children under 10 share whatever their sex, two
    children under 16 of the same sex share. So a child of 10 to 15 can share only with a child of the
    same sex, and a child under 10 with any other child under 10 or an older child of the same sex.
    The best pairing follows by counting, not searching: older children of each sex pair up among
    themselves (two of them can only share with each other or a younger child of their sex, so pairing
    them together never costs a pair); an odd one out shares with a younger child of the same sex when
    there is one (it is otherwise left alone, and taking the younger child out of the under-10s leaves
    at most one fewer of them unpaired); the under-10s left pair up with each other. A child whose sex
    we were not told either shares with anyone (`unknown_shares`) or only as an under-10 with another
    under-10; one who can share with anyone takes an unpaired child first, then pairs with the rest.
    tests/calculators/test_housing.py checks this against an exhaustive search over every family of up
    to 6 children.
    """
    boys_under_10 = girls_under_10 = others_under_10 = boys = girls = alone = anyone = 0
    for child in children:
        under_10 = child.age_on(on) < 10
        if child.sex is None:
            if unknown_shares:
                anyone += 1
            elif under_10:
                others_under_10 += 1
            else:
                alone += 1
        elif child.sex == "male":
            boys_under_10 += under_10
            boys += not under_10
        else:
            girls_under_10 += under_10
            girls += not under_10
    under_10 = boys_under_10 + girls_under_10 + others_under_10
    odd_boy, odd_girl = boys % 2, girls % 2
    if odd_boy and boys_under_10:
        odd_boy, under_10 = 0, under_10 - 1
    if odd_girl and girls_under_10:
        odd_girl, under_10 = 0, under_10 - 1
    unshared = alone + odd_boy + odd_girl + under_10 % 2
    if anyone <= unshared:
        return unshared - anyone
    return (anyone - unshared) % 2


def child_bedrooms(children: list[Child], on: date) -> int | None:
    """Bedrooms for children: one for two under-16s of the same sex or two under-10s, one for any other
    child; one each from 16. None if it turns on a child's sex we were not told."""
    young = [ch for ch in children if ch.age_on(on) < 16]
    older = len(children) - len(young)
    unshared = _unshared(young, on, unknown_shares=True)
    if unshared != _unshared(young, on, unknown_shares=False):
        return None
    return older + (len(young) + unshared) // 2


@rule(label="bedrooms the household needs (size criteria)", legislation="uksi/2013/376/schedule/4/paragraph/10")
def housing_bedroom_entitlement(c: Calc) -> int:
    """UC Regs 2013 Sch. 4 para. 10 (and HB Regs 2006 reg. B13, worded alike): one bedroom for the
    claimant and any partner, one for each other person aged 16 or over who lives there, one for two
    children of the same sex under 16, one for two children under 10, one for any other child.

    Extra rooms for an overnight carer, a disabled child who cannot share, or foster children are not
    asked about, so not counted."""
    h = c.household
    rooms = 1
    nondeps = [n for n in h.non_dependants if not n.away_or_in_hospital]
    rooms += len(nondeps)
    kids = child_bedrooms(h.children, c.on)
    if kids is None:
        raise c.cannot(
            "we can't work out how many bedrooms you need because it depends on whether your children are "
            "boys or girls; tell us each child's sex, or an advisor can help",
            ask="children_sex",
        )
    rooms += kids
    c.explain(f"1 for you{' and your partner' if h.is_couple else ''}"
              + (f", {len(nondeps)} for other adults" if nondeps else "")
              + (f", {kids} for the children" if kids else ""))
    return rooms


@rule(label="Local Housing Allowance category", legislation="uksi/2013/376/schedule/4/paragraph/26")
def housing_lha_category(c: Calc) -> str:
    """UC Regs Sch. 4 paras. 26-29: the category is the number of bedrooms allowed, at most 4; a single
    renter under 35 with no children and no one else to house gets the shared accommodation rate unless
    severely disabled (para. 29: PIP daily living, DLA middle or highest care, AA, ADP daily living).

    The other exceptions (care leavers under 25, 3 months in a homeless hostel, MAPPA, domestic abuse or
    trafficking victims) are not asked about."""
    h = c.household
    rooms = min(c("housing_bedroom_entitlement"), c.param("dwp.housing.maximum_bedrooms"))
    age_limit = c.param("dwp.housing.shared_accommodation_age")
    claimant = h.claimant
    if (rooms == 1 and not h.is_couple and claimant.age_on(c.on) < age_limit
            and not claimant.gets(*SEVERE_DISABILITY_BENEFITS)):
        c.explain(f"single and under {age_limit} with no one else to house: the shared accommodation rate applies "
                  "(not if you are a care leaver under 25, have lived in a homeless hostel for 3 months, or "
                  "are a victim of domestic abuse: tell an advisor)")
        return "shared"
    return CATEGORIES[rooms]


def _brma(c: Calc) -> tuple[str, dict]:
    slug = c.household.home.brma
    if not slug:
        raise c.cannot("we can't work out the Local Housing Allowance because we don't know which Broad Rental "
                       "Market Area your home is in; give your postcode or an advisor can help", ask="postcode")
    info = brmas().get(slug)
    if info is None:
        raise c.cannot(f"we can't work out the Local Housing Allowance because we don't recognise the area "
                       f"'{slug}'; choose the area your home is in or an advisor can help", ask="brma")
    return slug, info


@rule(label="Local Housing Allowance (weekly)", period=WEEK, legislation="uksi/1997/1984/schedule/3B")
def housing_lha_rate(c: Calc) -> Money:
    """Rent Officers (HB Functions) Order 1997 Sch. 3B (in Scotland the (Scotland) Order 1997, SI
    1997/1995, Sch. 3B): the weekly LHA for the household's Broad Rental Market Area and category, as
    determined on 31 January 2024 and frozen for 2025 and 2026 (SIs 2025/5 and 2026/5). This is the
    Housing Benefit rate; Universal Credit uses `uc_lha_rate`."""
    slug, info = _brma(c)
    category = c("housing_lha_category")
    rate = c.param(f"dwp.housing.lha.{slug}")[category]
    c.explain(f"{info['name']}, {category.replace('_', ' ')} rate")
    return rate


@rule(label="Local Housing Allowance for Universal Credit (monthly)", period=MONTH,
      legislation="uksi/2013/382/schedule/1")
def uc_lha_rate(c: Calc) -> Money:
    """Rent Officers (UC Functions) Order 2013 Sch. 1: the rent officer determines a *monthly* LHA for
    Universal Credit from monthly rents; it is not the weekly Housing Benefit rate x 52 / 12 (in Bristol
    the 1-bedroom rates are £207.12 a week and £900.00 a month, not £897.52), so the published monthly
    table is used."""
    slug, info = _brma(c)
    category = c("housing_lha_category")
    c.explain(f"{info['name']}, {category.replace('_', ' ')} rate")
    return c.param(f"dwp.housing.lha_monthly.{slug}")[category]


@rule(label="under-occupation reduction (social housing)", legislation="uksi/2013/376/schedule/4/paragraph/36")
def housing_social_size_reduction_rate(c: Calc):
    """UC Regs Sch. 4 para. 36 (HB Regs reg. B13 alike): 14% for one bedroom more than the size criteria
    allow, 25% for two or more."""
    bedrooms = c.household.home.bedrooms
    if bedrooms is None:
        raise c.cannot("we can't work out your help with rent because we don't know how many bedrooms your home has", ask="bedrooms")
    extra = bedrooms - c("housing_bedroom_entitlement")
    p = c.param("dwp.housing.social_size_reduction")
    if extra <= 0:
        return ZERO
    c.explain(f"{extra} bedroom{'s' if extra > 1 else ''} more than the household needs")
    return p.one_extra_bedroom if extra == 1 else p.two_or_more_extra_bedrooms


# --- Universal Credit housing costs element --------------------------------------------------------


@rule(label="eligible rent (monthly)", period=MONTH, legislation="uksi/2013/376/schedule/4/paragraph/7")
def uc_eligible_rent(c: Calc) -> Money:
    """UC Regs Sch. 4 para. 7: rent and eligible service charges as a monthly amount (weekly x 52 / 12,
    two-weekly x 26 / 12, four-weekly x 13 / 12, yearly / 12), less charges that cannot be met (Sch. 1
    para. 8: meals, fuel, personal care). Rounded to the penny (reg. 6)."""
    home = c.household.home
    if home.rent is None:
        return ZERO
    rent = home.rent.per(MONTH)
    if home.ineligible_charges is not None:
        rent -= home.ineligible_charges.per(MONTH)
    return pennies(max(rent, ZERO))


@rule(label="housing costs before contributions", period=MONTH, legislation="uksi/2013/376/schedule/4")
def uc_housing_costs_before_contributions(c: Calc) -> Money:
    """Sch. 4 Part 4 para. 22 (private rented sector: the lower of the core rent and the cap rent, the
    LHA) and Part 5 para. 34-36 (social rented sector: the rent less any under-occupation reduction).

    Not in Universal Credit: supported and temporary accommodation (Sch. 1 paras. 3(h) and 3A: Housing
    Benefit pays that rent), owners (mortgage interest help is a separate loan), and living with family
    without a commercial tenancy."""
    home = c.household.home
    tenure = home.tenure
    if tenure in ("supported_accommodation", "temporary_accommodation"):
        c.explain("Universal Credit does not pay rent for supported or temporary accommodation: claim Housing "
                  "Benefit from the council for it")
        return ZERO
    if tenure == "owner":
        c.explain("owners get no housing costs element for a mortgage (Support for Mortgage Interest is a loan)")
        return ZERO
    if tenure == "living_with_others":
        c.explain("no housing costs element: you don't pay rent on a tenancy")
        return ZERO
    if tenure == "shared_ownership":
        raise c.cannot("we can't yet work out Universal Credit housing costs for shared ownership; an advisor can help")
    if home.joint_tenants:
        raise c.cannot("we can't yet work out Universal Credit housing costs when you share a tenancy with people "
                       "outside your household; an advisor can help")
    rent = c("uc_eligible_rent")
    if rent == 0:
        return ZERO
    if tenure == "private_rent":
        lha = c("uc_lha_rate")
        if rent > lha:
            c.explain(f"your rent is more than the Local Housing Allowance, so £{lha:,.2f} is used")
        return min(rent, lha)
    reduction = c("housing_social_size_reduction_rate")
    return pennies(rent * (1 - reduction))


def _nondep_exempt(c: Calc, nd) -> str | None:
    if nd.away_or_in_hospital:
        return "lives elsewhere, is in hospital or prison"
    if nd.age < 21:
        return "is under 21"
    if nd.gets("pension_credit"):
        return "gets Pension Credit"
    if nd.gets("pip_daily_living", "attendance_allowance", "dla_care"):
        return "gets a disability benefit for care (PIP daily living, Attendance Allowance or DLA care)"
    if nd.gets("carers_allowance"):
        return "gets Carer's Allowance"
    if nd.responsible_for_child_under_5:
        return "is responsible for a child under 5 (para. 16(2)(i))"
    return None


@rule(label="housing cost contributions for other adults", period=MONTH,
      legislation="uksi/2013/376/schedule/4/paragraph/13")
def uc_housing_cost_contributions(c: Calc) -> Money:
    """Sch. 4 paras. 13-16: a fixed contribution for each non-dependant, none if the renter or partner is
    blind or gets AA, DLA care (middle or highest), PIP or ADP daily living (para. 15), none for a
    non-dependant under 21, getting Pension Credit, AA, DLA care, PIP daily living or Carer's Allowance,
    in prison, or responsible for a child under 5 (para. 16(2)). We take 'DLA care' to be the middle or highest rate."""
    h = c.household
    for p in h.adults:
        if p.registered_blind or p.gets(*SEVERE_DISABILITY_BENEFITS):
            c.explain("no contributions: you or your partner are blind or get a care disability benefit")
            return ZERO
    amount = c.param("dwp.universal_credit.housing_cost_contribution")
    total = ZERO
    for nd in h.non_dependants:
        why = _nondep_exempt(c, nd)
        if why:
            c.explain(f"nothing for the adult aged {nd.age}: {why}")
        else:
            total += amount
    return total


@rule(label="housing costs element", period=MONTH, legislation="uksi/2013/376/schedule/4/paragraph/13")
def uc_housing_element(c: Calc) -> Money:
    """Sch. 4 para. 14(2)-(3): contributions come off last and cannot take the element below nil."""
    before = c("uc_housing_costs_before_contributions")
    if before == 0:
        return ZERO
    return max(before - c("uc_housing_cost_contributions"), ZERO)
