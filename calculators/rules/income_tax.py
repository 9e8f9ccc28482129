"""Income tax on non-savings income, per person, for the tax year that contains the calculation date.

Income Tax Act 2007 s. 23 (the calculation), s. 35 (personal allowance and its reduction above
£100,000), s. 10 (basic and higher rate limits) and, for Scottish taxpayers, ss. 6A/11A with the
Scottish rate resolution. Welsh taxpayers pay the same as England: the Welsh rates resolution sets
each Welsh rate at 10p (ITA 2007 s. 6B), which added to the reduced UK rates gives the UK rates.

What we count (Income Tax (Earnings and Pensions) Act 2003 and ITTOIA 2005):
- employment income: gross pay less the employee's workplace pension contributions. We assume a
  *net pay arrangement* (Finance Act 2004 s. 193(2)): contributions come out of pay before tax. Under
  relief at source the taxable pay would be higher and the basic rate band wider; we do not model that.
- trading profit from self-employment (ITTOIA 2005 Part 2);
- pension income: workplace and personal pensions, and the state pension (ITEPA 2003 Part 9, s. 577);
- taxable social security income (ITEPA 2003 s. 660 Table A): Carer's Allowance, contribution-based
  ESA and JSA, Widowed Parent's Allowance. PIP, DLA, Attendance Allowance, Adult Disability Payment,
  Maternity Allowance, Bereavement Support Payment, Industrial Injuries benefits (s. 677 Table B),
  war pensions (s. 639-641), Universal Credit, Housing Benefit, Child Benefit and Scottish Child Payment
  are not taxable.
Savings interest and dividends are out of scope (the household gives no such income), so the savings
and dividend allowances and rates are not modelled.

Marriage Allowance (ITA 2007 ss. 55A-55E): a spouse or civil partner who elects gives 10% of the personal
allowance (£1,260) to the other, whose tax is then reduced by 20% of it (£252 a year), if the other pays tax at
no more than the basic rate (Scottish intermediate rate); the giver's allowance falls by £1,260 (s. 55B(6)).
When a married couple could gain and does not claim, `it_marriage_allowance_unclaimed` says how much.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from calculators.core.calc import Calc, benefit, rule
from calculators.core.household import DISABILITY_BENEFITS, Person
from calculators.core.money import ZERO, Money
from calculators.core.periods import YEAR

PENNY = Decimal("0.01")

#: Benefits taxed as social security income (ITEPA 2003 s. 660, Table A).
TAXABLE_BENEFITS = ("carers_allowance", "esa_contribution", "jsa_contribution", "widowed_parents_allowance")
#: Benefits that are not taxable (ITEPA 2003 s. 677 Table B, ss. 639-641, and devolved equivalents).
EXEMPT_BENEFITS = (*DISABILITY_BENEFITS, "maternity_allowance")


def tax_year_start(on: date) -> date:
    """6 April of the tax year containing `on`."""
    start = date(on.year, 4, 6)
    return start if on >= start else date(on.year - 1, 4, 6)


def _band_portions(taxable: Money, bands) -> list[tuple[Money, Money]]:
    """(income in the band, rate) for each band the taxable income reaches; a band runs to the next threshold."""
    portions = []
    for i, band in enumerate(bands):
        if taxable <= band.threshold:
            break
        upper = bands[i + 1].threshold if i + 1 < len(bands) else None
        top = taxable if upper is None else min(taxable, upper)
        portions.append((top - band.threshold, band.rate))
    return portions


def tax_on_bands(taxable: Money, bands) -> Money:
    """Tax on `taxable` income charged band by band."""
    return sum((portion * rate for portion, rate in _band_portions(taxable, bands)), ZERO)


def personal_allowance_for(c: Calc, adjusted_net_income: Money) -> Money:
    """ITA 2007 s. 35: the allowance, less one-half of adjusted net income above the income limit, not below nil."""
    p = c.param("hmrc.income_tax.allowances")
    excess = max(adjusted_net_income - p.income_limit, ZERO)
    return max(p.personal_allowance - p.taper_rate * excess, ZERO)


def income_tax_for(c: Calc, total_income: Money) -> Money:
    """Tax on an amount of non-savings income for a taxpayer of this household's nation, unrounded.

    Used by `it_income_tax` and by rules that need the tax on part of someone's income
    (the Carer's Allowance earnings test)."""
    taxable = max(total_income - personal_allowance_for(c, total_income), ZERO)
    return tax_on_bands(taxable, _bands(c))


def _bands(c: Calc):
    if c.household.home.country == "scotland":
        return c.param("scotland.income_tax.rates")
    return c.param("hmrc.income_tax.rates.uk")


@rule(label="Scottish taxpayer", legislation="ukpga/1998/46/section/80D")
def it_scottish_taxpayer(c: Calc) -> bool:
    """Scotland Act 1998 s. 80D: a UK resident whose main place of residence is in Scotland pays Scottish rates."""
    scottish = c.household.home.country == "scotland"
    c.explain("your home is in Scotland, so Scottish rates and bands apply" if scottish
              else "your home is not in Scotland, so the UK rates and bands apply")
    return scottish


@rule(label="taxable pay from employment", period=YEAR, per_person=True, legislation="ukpga/2003/1/section/62")
def it_employment_income(c: Calc, person: Person) -> Money:
    """ITEPA 2003 s. 62 earnings, less workplace pension contributions under a net pay arrangement (FA 2004 s. 193(2))."""
    gross = person.earnings(YEAR)
    pension = sum((j.pension_contribution.per(YEAR) for j in person.jobs if j.pension_contribution), ZERO)
    if pension:
        c.explain("we assume your pension contributions are taken from your pay before tax (a net pay arrangement)")
    return max(gross - pension, ZERO)


@rule(label="self-employed profit", period=YEAR, per_person=True, legislation="ukpga/2005/5/part/2")
def it_trading_income(c: Calc, person: Person) -> Money:
    """ITTOIA 2005 Part 2: profits of a trade, as the person gives them."""
    se = person.self_employment
    return se.profit.per(YEAR) if se is not None else ZERO


@rule(label="taxable pension income", period=YEAR, per_person=True, legislation="ukpga/2003/1/section/577")
def it_pension_income(c: Calc, person: Person) -> Money:
    """ITEPA 2003 Part 9: workplace and personal pensions, and the state pension (s. 577)."""
    private = person.private_pension.per(YEAR) if person.private_pension is not None else ZERO
    return private + person.benefit("state_pension", period=YEAR)


@rule(label="taxable benefits", period=YEAR, per_person=True, legislation="ukpga/2003/1/section/660")
def it_social_security_income(c: Calc, person: Person) -> Money:
    """ITEPA 2003 s. 660 Table A: Carer's Allowance, contribution-based ESA and JSA, Widowed Parent's Allowance.

    Benefits in s. 677 Table B (PIP, DLA, AA, Maternity Allowance, ...) are not taxable. We cannot tell
    whether an 'other' benefit is taxable."""
    if person.gets("other"):
        raise c.cannot(
            "we can't work out income tax because we don't know whether the 'other' benefit you get is taxable; "
            "an advisor can help"
        )
    return person.benefit(*TAXABLE_BENEFITS, period=YEAR)


@rule(label="total taxable income", period=YEAR, per_person=True, legislation="ukpga/2007/3/section/23")
def it_total_income(c: Calc, person: Person) -> Money:
    """ITA 2007 s. 23 steps 1-2: the total of the income on which the person is charged to tax (net income)."""
    if person.other_income is not None and person.other_income.amount > 0:
        c.explain("we have not counted your other income: maintenance is not taxable; "
                  "if it is taxable (for example rent from a lodger above £7,500) your tax will be higher")
    return (
        c("it_employment_income", person=person)
        + c("it_trading_income", person=person)
        + c("it_pension_income", person=person)
        + c("it_social_security_income", person=person)
    )


@rule(label="adjusted net income", period=YEAR, per_person=True, legislation="ukpga/2007/3/section/58")
def it_adjusted_net_income(c: Calc, person: Person) -> Money:
    """ITA 2007 s. 58: net income less grossed-up Gift Aid and relief-at-source pension contributions (none modelled)."""
    return c("it_total_income", person=person)


@rule(label="personal allowance", period=YEAR, per_person=True, legislation="ukpga/2007/3/section/35")
def it_personal_allowance(c: Calc, person: Person) -> Money:
    """ITA 2007 s. 35: £12,570, reduced by one-half of adjusted net income above £100,000 (no allowance from £125,140);
    less the Marriage Allowance given to a spouse or civil partner who is entitled to the tax reduction (s. 55B(6))."""
    ani = c("it_adjusted_net_income", person=person)
    allowance = personal_allowance_for(c, ani)
    limit = c.param("hmrc.income_tax.allowances.income_limit")
    if ani > limit:
        c.explain(f"reduced by half of your income above £{limit:,}")
    recipient = _marriage_allowance_recipient(c)
    if recipient is not None and recipient is not person and c("it_marriage_allowance_reduction", person=recipient) > 0:
        given = c("it_marriage_allowance_transferable")
        c.explain(f"less £{given:,} given to your partner under Marriage Allowance")
        allowance = max(allowance - given, ZERO)
    return allowance


# --- Marriage Allowance (ITA 2007 Part 3 Chapter 3A) -------------------------------------------------------------


#: ITA 2007 ss. 45-46: Married Couple's Allowance (instead of Marriage Allowance, s. 55B(2)(d)) where either spouse
#: or civil partner was born before this day.
MARRIED_COUPLES_ALLOWANCE_BORN_BEFORE = date(1935, 4, 6)


def _marriage_allowance_recipient(c: Calc) -> Person | None:
    """The spouse or civil partner who gets Marriage Allowance (the other gave it), or None."""
    h = c.household
    if h.marriage_allowance_from is None or h.partner is None:
        return None
    return h.partner if h.marriage_allowance_from == "claimant" else h.claimant


def _liable_only_at_basic_rate(c: Calc, taxable: Money) -> bool:
    """s. 55B(2)(b): no income taxed above the basic rate (a Scottish taxpayer: above the intermediate rate)."""
    ma = c.param("hmrc.income_tax.marriage_allowance")
    highest = ma.highest_rate_scotland if c.household.home.country == "scotland" else ma.highest_rate_uk
    return all(rate <= highest for _portion, rate in _band_portions(taxable, _bands(c)))


@rule(label="Marriage Allowance that can be given", period=YEAR, legislation="ukpga/2007/3/section/55B")
def it_marriage_allowance_transferable(c: Calc) -> Money:
    """s. 55B(4)(b)-(5): 10% of the personal allowance in s. 35(1), rounded up to a multiple of £10 (£1,260)."""
    ma = c.param("hmrc.income_tax.marriage_allowance")
    full = c.param("hmrc.income_tax.allowances.personal_allowance")
    step = ma.round_up_to
    return (full * ma.transferable_share / step).to_integral_value(rounding=ROUND_CEILING) * step


@rule(label="Marriage Allowance tax reduction", period=YEAR, per_person=True, legislation="ukpga/2007/3/section/55B")
def it_marriage_allowance_reduction(c: Calc, person: Person) -> Money:
    """s. 55B(1)-(3): for the spouse or civil partner who gets it, 20% of the £1,260 given (£252), if they pay tax
    at no rate above the basic rate (for a Scottish taxpayer, the intermediate rate). A tax reduction cannot take
    the tax below nil (s. 23 step 6, s. 27)."""
    if _marriage_allowance_recipient(c) is not person:
        return ZERO
    taxable = c("it_taxable_income", person=person)
    if not _liable_only_at_basic_rate(c, taxable):
        c.explain("no Marriage Allowance: it is only for someone who pays no tax above the basic rate "
                  "(tell HMRC to cancel it)")
        return ZERO
    ma = c.param("hmrc.income_tax.marriage_allowance")
    full = ma.reduction_rate * c("it_marriage_allowance_transferable")
    tax = tax_on_bands(taxable, _bands(c)).quantize(PENNY, rounding=ROUND_DOWN)
    if tax < full:
        c.explain(f"Marriage Allowance can only take your tax down to nil: £{tax:,.2f} of £{full:,.2f}")
    return min(full, tax)


def _tax_rounded(c: Calc, taxable: Money) -> Money:
    return tax_on_bands(max(taxable, ZERO), _bands(c)).quantize(PENNY, rounding=ROUND_DOWN)


def _gain_if_given(c: Calc, giver: Person, getter: Person) -> Money:
    """The household's tax saving if `giver` gave Marriage Allowance to `getter`: the getter's reduction less the
    extra tax the giver pays on the allowance they lose."""
    getter_taxable = c("it_taxable_income", person=getter)
    if not _liable_only_at_basic_rate(c, getter_taxable):
        return ZERO
    given = c("it_marriage_allowance_transferable")
    rate = c.param("hmrc.income_tax.marriage_allowance").reduction_rate
    reduction = min(rate * given, _tax_rounded(c, getter_taxable))
    income = c("it_total_income", person=giver)
    allowance = c("it_personal_allowance", person=giver)
    extra = _tax_rounded(c, income - max(allowance - given, ZERO)) - _tax_rounded(c, income - allowance)
    return max(reduction - extra, ZERO)


@rule(label="Marriage Allowance you could claim", period=YEAR, legislation="ukpga/2007/3/section/55C")
def it_marriage_allowance_unclaimed(c: Calc) -> Money:
    """s. 55C: a married couple or civil partners who do not claim could elect for one to give 10% of their
    personal allowance to the other. The most the household's income tax would fall, either way round (nil
    when neither way saves tax, or when they already claim it)."""
    h = c.household
    if h.partner is None or h.married is False or h.marriage_allowance_from is not None:
        return ZERO
    if any(p.born_before(MARRIED_COUPLES_ALLOWANCE_BORN_BEFORE, c.on) is not False for p in h.adults):
        # s. 55B(2)(d): not with Married Couple's Allowance, which is worth more and which we don't work out
        c.explain("if one of you was born before 6 April 1935 you can get Married Couple's Allowance instead, which "
                  "is worth more: we don't work it out, an advisor or HMRC can help")
        return ZERO
    gain = max(_gain_if_given(c, h.claimant, h.partner), _gain_if_given(c, h.partner, h.claimant))
    if gain == 0:
        return ZERO
    if h.married is None:
        raise c.cannot(f"if you are married or in a civil partnership, Marriage Allowance could save you up to "
                       f"£{gain:,.2f} a year in tax: tell us whether you are", ask="married")
    c.explain(f"one of you can give £{c('it_marriage_allowance_transferable'):,} of personal allowance to the "
              f"other, saving £{gain:,.2f} a year in tax")
    return gain


@rule(label="taxable income", period=YEAR, per_person=True, legislation="ukpga/2007/3/section/23")
def it_taxable_income(c: Calc, person: Person) -> Money:
    """ITA 2007 s. 23 step 3: net income less the personal allowance."""
    return max(c("it_total_income", person=person) - c("it_personal_allowance", person=person), ZERO)


@rule(label="income tax", period=YEAR, per_person=True, legislation="ukpga/2007/3/section/23")
def it_income_tax(c: Calc, person: Person) -> Money:
    """ITA 2007 s. 23 step 4: the rates for each band applied to taxable income (Scottish rates for a
    Scottish taxpayer, ss. 6A and 11A). The Act sets no rounding; we round down to the penny."""
    taxable = c("it_taxable_income", person=person)
    if c("it_scottish_taxpayer"):
        bands = c.param("scotland.income_tax.rates")
    else:
        bands = c.param("hmrc.income_tax.rates.uk")
    for portion, rate in _band_portions(taxable, bands):
        c.explain(f"£{portion:,.2f} at {(rate * 100).normalize():f}%")
    tax = tax_on_bands(taxable, bands).quantize(PENNY, rounding=ROUND_DOWN)
    reduction = c("it_marriage_allowance_reduction", person=person)
    if reduction:
        c.explain(f"less £{reduction:,.2f} Marriage Allowance")
    return max(tax - reduction, ZERO)


@rule(label="income tax for the household", period=YEAR, legislation="ukpga/2007/3/section/23")
def it_income_tax_total(c: Calc) -> Money:
    """The income tax of each adult in the benefit unit, added up."""
    return sum((c("it_income_tax", person=p) for p in c.household.adults), ZERO)


benefit("income_tax", label="Income Tax", amount="it_income_tax_total", period=YEAR, kind="deduction")
benefit("marriage_allowance", label="Marriage Allowance", amount="it_marriage_allowance_unclaimed", period=YEAR,
        kind="relief", claim_url="https://www.gov.uk/apply-marriage-allowance")
