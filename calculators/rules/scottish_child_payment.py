"""Scottish Child Payment (Scottish Child Payment Regulations 2020, SSI 2020/351).

Paid for each child under 16 to a person living in Scotland who (or whose partner) gets a qualifying
benefit (reg. 11: Universal Credit, Pension Credit, Child Tax Credit, Working Tax Credit, Income
Support, income-based JSA, income-related ESA). The engine can only see Universal Credit and Pension
Credit; the legacy benefits have all but ended.
"""

from __future__ import annotations

from calculators.core.calc import Calc, benefit, rule
from calculators.core.money import ZERO, Money
from calculators.core.periods import WEEK

from .passported import receives


@rule(label="children Scottish Child Payment is paid for", legislation="ssi/2020/351/regulation/14")
def scp_eligible_children(c: Calc) -> int:
    """Reg. 14: each child under 16 the person is responsible for."""
    limit = c.param("scotland.scottish_child_payment.child_age_limit")
    return sum(1 for ch in c.household.children if ch.age_on(c.on) < limit)


@rule(label="Scottish Child Payment", period=WEEK, legislation="ssi/2020/351/regulation/20")
def scp_award(c: Calc) -> Money:
    """Regs. 11, 14 and 20: the weekly amount for each child under 16, for a household in Scotland on a
    qualifying benefit."""
    if c.household.home.country != "scotland":
        c.explain("Not eligible because Scottish Child Payment is only for people who live in Scotland")
        return ZERO
    n = c("scp_eligible_children")
    if n == 0:
        c.explain("Not eligible because there is no child under 16")
        return ZERO
    got = receives(c, "universal_credit", "pension_credit")
    if got is None:
        c.explain("Not eligible because nobody gets a qualifying benefit such as Universal Credit or Pension Credit")
        return ZERO
    amount = c.param("scotland.scottish_child_payment.amount")
    c.explain(f"£{amount} a week for each of {n} child{'ren' if n > 1 else ''}, because you get {got}")
    return amount * n


benefit("scottish_child_payment", label="Scottish Child Payment", amount="scp_award", period=WEEK,
        claim_url="https://www.mygov.scot/scottish-child-payment/how-to-apply")
