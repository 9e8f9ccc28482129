"""Council Tax: the year's bill, as given or, with only the band known, estimated from the band.

A council sets a Band D charge each year and every other band pays a fixed proportion of it: band
charge = Band D × N / D, with N the band's number and D band D's number in the statutory proportion
(Local Government Finance Act 1992 s. 36(1); the proportion is s. 5(1) for England, s. 5(1A) for Wales's
nine bands, s. 74(1) for Scotland, whose bands E to H pay more since 2017). The law gives the formula,
not a rounding: billing authorities set and bill each band's amount in pounds and pence (the amount set
under s. 30 is what the demand notice states: Council Tax (Demand Notices) (England) Regulations 2011
Sch. 1 para. 7), so the estimate rounds the band's amount to the penny, half a penny up.

Where only one adult lives in the home, the bill is 25% less (s. 11(1)(a) England; s. 11E and the 2026
Welsh regulations from 1 April 2026, the same 25%; s. 79(1)(a) Scotland). A "resident" is someone aged 18
or over whose only or main home it is (s. 6(5), s. 99(1)). Adults who are disregarded (full-time students,
people who are severely mentally impaired, some carers and others in Sch. 1) are not worked out here: we
count every adult who lives in the home and say so, so the estimate may be too high for such a home.

The Band D figure comes from the caller (`home.band_d_charge`, which the portal fills from the council's
profile: it may be a parish's own figure) or, failing that, from the area Band D the government publishes
for the councils whose own Council Tax Reduction schemes the engine ships (parameters/council_tax/area_band_d).
"""

from __future__ import annotations

from datetime import date

from calculators.core import parameters
from calculators.core.calc import Calc, benefit, rule
from calculators.core.money import ZERO, Money, pennies
from calculators.core.periods import YEAR

ADULT_AGE = 18  # s. 6(5) and s. 99(1): a resident is an individual who has attained the age of 18


@rule(label="Band D Council Tax where you live", period=YEAR, legislation="ukpga/1992/14/section/30")
def ct_band_d_charge(c: Calc) -> Money:
    """The year's Band D charge, including the county, police, fire and parish (community) precepts."""
    home = c.household.home
    if home.band_d_charge is not None:
        c.explain("the council's published Band D charge for the year, with the police, fire and other precepts")
        return home.band_d_charge
    published = _area_band_d(c)
    if published is None:
        raise c.cannot(
            "we need your Council Tax bill: we do not have the council's Band D charge to estimate it from your band",
            ask="council_tax",
        )
    c.explain("the government's published average Band D for the council's area, with the police, fire and parish precepts")
    return published


def _area_band_d(c: Calc) -> Money | None:
    home = c.household.home
    if not has_published_band_d(home.council, home.country, c.on):
        return None
    return c.param(f"council_tax.area_band_d.{home.country}")[home.council]


def has_published_band_d(council: str, country: str, on: date) -> bool:
    """Whether the engine ships the area Band D for this council on this date (so a band alone gives an estimate)."""
    try:
        table = parameters.node(f"council_tax.area_band_d.{country}")
        assert isinstance(table, parameters.ParameterFile)
        return council in table.at(on).value
    except (KeyError, parameters.NotInForce):
        return False


@rule(label="Council Tax for your band, before any discount", period=YEAR, legislation="ukpga/1992/14/section/36")
def ct_band_charge(c: Calc) -> Money:
    """Band D × N / D (s. 36(1)), to the penny as the council sets it."""
    home = c.household.home
    band = home.council_tax_band
    if band is None:
        raise c.cannot("we need your Council Tax bill, or your home's Council Tax band to estimate it", ask="council_tax")
    proportion = c.param(f"council_tax.band_proportions.{home.country}")
    if band not in proportion:
        raise c.cannot(f"there is no band {band} in {home.country.title()}", ask="council_tax_band")
    band_d = c("ct_band_d_charge")
    n, d = proportion[band], proportion["D"]
    c.explain(f"band {band} pays {n}/{d} of band D: £{band_d:,.2f} × {n} ÷ {d}, to the penny")
    return pennies(band_d * n / d)


@rule(label="adults who count for Council Tax", legislation="ukpga/1992/14/section/6")
def ct_adults_counted(c: Calc) -> int:
    """Residents: people aged 18 or over whose only or main home it is (s. 6(5)). Someone away, in hospital or in
    prison is not counted (they live elsewhere, or are disregarded: Sch. 1 paras. 1 and 6); joint tenants are.
    Other disregards are not worked out."""
    h = c.household
    adults = [p for p in h.adults if p.age_on(c.on) >= ADULT_AGE]
    others = [n for n in h.non_dependants if n.age >= ADULT_AGE and not n.away_or_in_hospital]
    joint = h.home.joint_tenants  # joint tenants outside the benefit unit live there too
    if any(p.student for p in adults) or any(n.student for n in others):
        c.explain(
            "full-time students are not counted for Council Tax (Sch. 1 para. 4), but we have counted everyone: "
            "if your bill has a discount for a student, it is lower than this estimate"
        )
    return len(adults) + len(others) + joint


@rule(label="single person discount", period=YEAR, legislation="ukpga/1992/14/section/11")
def ct_single_person_discount(c: Calc) -> Money:
    """25% off where only one adult counts as living in the home (s. 11(1)(a); Wales s. 11E; Scotland s. 79(1)(a))."""
    adults = c("ct_adults_counted")
    if adults == 0:
        raise c.cannot(
            "nobody aged 18 or over lives in the home, so the council decides who pays the Council Tax and what discount applies"
        )
    charge = c("ct_band_charge")
    if adults > 1:
        c.explain(f"{adults} adults live in the home, so there is no single person discount")
        return ZERO
    rate = c.param(f"council_tax.single_person_discount.{c.household.home.country}")
    c.explain(f"only one adult lives in the home: {rate * 100:.0f}% off £{charge:,.2f}, to the penny")
    return pennies(charge * rate)


@rule(label="Council Tax", period=YEAR, legislation="ukpga/1992/14/section/10")
def ct_annual_bill(c: Calc) -> Money:
    """The year's Council Tax after discounts, before any Council Tax Reduction: the bill as the person gives it or,
    with only the band known, an estimate (band charge less any single person discount)."""
    home = c.household.home
    if home.council_tax is not None:
        c.explain("the bill you told us, after any discounts")
        return home.council_tax.per(YEAR)
    if home.council_tax_band is None:
        raise c.cannot("we need your Council Tax bill, or your home's Council Tax band to estimate it", ask="council_tax")
    bill = c("ct_band_charge") - c("ct_single_person_discount")
    c.explain(f"an estimate from your band: about £{bill:,.2f} a year. Your bill may differ")
    return bill


@rule(label="Council Tax is an estimate")
def ct_bill_is_estimate(c: Calc) -> bool:
    """True when the bill was worked out from the band rather than given."""
    return c.household.home.council_tax is None


benefit("council_tax", label="Council Tax", amount="ct_annual_bill", period=YEAR, kind="deduction",
        estimate="ct_bill_is_estimate")
