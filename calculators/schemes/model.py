"""The shape of a council's working-age Council Tax Reduction scheme, as a council officer writes it.

One YAML file per council and year (`calculators/parameters/council/<code>/_ctr-<year>.yaml`). A scheme is
either *classic* (an applicable amount, income above it tapered away, a maximum-support percentage) or
*banded* (net weekly income placed in a band for the household's type, each band a percentage
discount). Both share the eligible liability (maximum support, band cap), the capital limit, the minimum
award and the non-dependant deductions. Every block cites the paragraph of the council's document it
comes from, so "How we worked this out" can link to it.

Amounts are written as quoted decimals ("12.50"): YAML floats lose pennies. A figure we could not read
from the council's document is written "unverified", and the calculator says so rather than guessing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from calculators.core.household import BenefitKind

UNVERIFIED = "unverified"

BANDS = ("A", "B", "C", "D", "E", "F", "G", "H")
#: Local Government Finance Act 1992 s. 5(1): the proportion each band bears to band D, in ninths.
BAND_NINTHS = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}

UCElement = Literal[
    "standard_allowance", "child", "disabled_child", "lcwra", "lcw", "carer", "childcare", "housing"
]
NonDependantExemption = Literal[
    "student",
    "away_or_in_hospital",
    "pension_credit",
    "income_related_benefit",
    "universal_credit_no_earnings",
    "universal_credit_with_earnings",
    "carer_for_household",
]
ClaimantExemption = Literal["blind", "gets_care_benefit"]
#: Households a scheme treats in a way the calculator does not hold yet (see `NotInCalculator`).
HouseholdGroup = Literal["disabled", "carer", "earner", "childcare_costs", "universal_credit_housing_costs"]


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"must be {what}, not yes/no")
    if isinstance(value, float):
        raise ValueError(f'write it in quotes, for example "{value}": numbers without quotes can lose pennies')
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.startswith("£"):
            text = text[1:]
        if text.endswith("%"):
            raise ValueError(f'write a percentage as a share of 1 in quotes: {value} is "{_percent_hint(text[:-1])}"')
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    raise ValueError(f"must be {what}, not {value!r}")


def _percent_hint(text: str) -> str:
    try:
        return str((Decimal(text) / 100).normalize())
    except InvalidOperation:
        return "0.75"


def _money(value: Any) -> Decimal:
    amount = _decimal(value, 'an amount in pounds such as "12.50"')
    if amount < 0:
        raise ValueError("must not be negative")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"has more than two decimal places ({amount}); amounts are in pounds and pence")
    return amount


def _ratio(value: Any) -> Decimal:
    share = _decimal(value, 'a share of 1 such as "0.75" (for 75%)')
    if share > 1:
        raise ValueError(f'is a share of 1: write {share}% as "{_percent_hint(str(share))}"')
    if share < 0:
        raise ValueError("must not be negative")
    return share


def _ratio_or_unverified(value: Any) -> Decimal | str:
    if value == UNVERIFIED:
        return UNVERIFIED
    return _ratio(value)


Money = Annotated[Decimal, BeforeValidator(_money)]
Ratio = Annotated[Decimal, BeforeValidator(_ratio)]
RatioOrUnverified = Annotated[Decimal | str, BeforeValidator(_ratio_or_unverified)]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Citation(_Block):
    """A paragraph of the council's published scheme document."""

    title: str = Field(min_length=3, description="What the paragraph is, e.g. 'Scheme para. 13 (maximum reduction)'.")
    href: str = Field(description="A link to the document (add #page=N where you can).")

    @field_validator("href")
    @classmethod
    def _link(cls, href: str) -> str:
        if not re.match(r"^https://\S+$", href):
            raise ValueError(f"must be a web link starting https:// (you wrote {href!r})")
        return href


class LargerHomeCap(_Block):
    """A higher cap for households whose size needs more bedrooms."""

    bedrooms_needed: int = Field(ge=1, le=6, description="From this many bedrooms under the size criteria...")
    band: Literal["A", "B", "C", "D", "E", "F", "G", "H"] = Field(description="...the cap is this band.")


class BandCap(_Block):
    band: Literal["A", "B", "C", "D", "E", "F", "G", "H"] = Field(description="Support is worked out as if the home were no higher than this band.")
    larger_homes: LargerHomeCap | None = None


class Liability(_Block):
    """The council tax that support is worked out on."""

    paragraph: Citation
    maximum_support: Ratio = Field(description="The share of the (capped) bill that can be met, e.g. '0.80'.")
    band_cap: BandCap | None = None


class Tariff(_Block):
    """Capital between `starts_above` and the limit is treated as weekly income."""

    starts_above: Money
    step: Money = Field(description="Each step of capital (or part of one) above the start counts as...")
    income_per_step: Money = Field(description="...this much weekly income.")

    @field_validator("step")
    @classmethod
    def _positive(cls, step: Decimal) -> Decimal:
        if step <= 0:
            raise ValueError("must be more than nothing")
        return step


def _money_or_unverified(value: Any) -> Decimal | str:
    if value == UNVERIFIED:
        return UNVERIFIED
    return _money(value)


MoneyOrUnverified = Annotated[Decimal | str, BeforeValidator(_money_or_unverified)]


class Capital(_Block):
    paragraph: Citation
    limit: MoneyOrUnverified = Field(
        description="No reduction when capital is more than this; 'unverified' when the document could not be read "
        "(then only households with no savings can be worked out)."
    )
    no_reduction_when: Literal["above_limit", "at_or_above_limit"] = Field(
        default="above_limit",
        description="'above_limit' (capital more than the limit) or 'at_or_above_limit' (the scheme says 'less than').",
    )
    tariff: Tariff | None = None


class NonDependantStep(_Block):
    from_: Money = Field(alias="from", description="Gross weekly income of the non-dependant from which...")
    deduction: Money = Field(description="...this weekly deduction applies.")


class NonDependantDeductions(_Block):
    paragraph: Citation
    applied: Literal["after_support", "before_discount"] = Field(
        default="after_support",
        description="'after_support': taken off the maximum support (classic schemes and most banded ones); "
        "'before_discount': taken off the bill before the band's percentage is applied.",
    )
    minimum_age: int = Field(default=18, ge=16, le=25)
    remunerative_work_hours: Decimal | None = Field(
        default=None, description="If given, non-dependants working fewer hours pay `not_in_remunerative_work`."
    )
    not_in_remunerative_work: Money | None = None
    by_gross_weekly_income: list[NonDependantStep] = Field(min_length=1)
    exempt_non_dependants: list[NonDependantExemption] = Field(default_factory=list)
    no_deduction_if_claimant_or_partner: list[ClaimantExemption] = Field(default_factory=list)

    @model_validator(mode="after")
    def _steps(self) -> NonDependantDeductions:
        froms = [s.from_ for s in self.by_gross_weekly_income]
        if froms[0] != 0:
            raise ValueError('by_gross_weekly_income must start from "0"')
        if any(b <= a for a, b in zip(froms, froms[1:])):
            raise ValueError("by_gross_weekly_income steps must go up in income, each `from` higher than the last")
        if (self.remunerative_work_hours is None) != (self.not_in_remunerative_work is None):
            raise ValueError("give remunerative_work_hours and not_in_remunerative_work together, or neither")
        return self


class PersonalAllowance(_Block):
    single_under_25: Money
    single_25_or_over: Money
    lone_parent: Money
    couple: Money


class ApplicableAmount(_Block):
    """The weekly living needs of a claimant not on Universal Credit."""

    paragraph: Citation
    personal_allowance: PersonalAllowance
    child_allowance: Money = Field(description="For each child or young person.")
    family_premium: Money = Decimal(0)
    disabled_child_premium: Money = Decimal(0)
    enhanced_disability_child_premium: Money = Decimal(0)
    carer_premium: Money = Decimal(0)
    disability_premium_single: Money = Decimal(0)
    disability_premium_couple: Money = Decimal(0)


class EarningsDisregard(_Block):
    single: Money
    couple: Money
    lone_parent: Money
    disabled_or_carer: Money


class Classic(_Block):
    """Applicable amount and taper (the old Council Tax Benefit design)."""

    paragraph: Citation
    taper: RatioOrUnverified = Field(description="Share of weekly income above the applicable amount taken off, e.g. '0.20'.")
    universal_credit: Literal["default_scheme"] = Field(
        default="default_scheme",
        description="For Universal Credit claimants the applicable amount is the UC maximum amount and income is "
        "UC's own income figure plus the award (Default Scheme 2012 Sch. 1 para. 37).",
    )
    applicable_amount: ApplicableAmount | None = Field(
        default=None, description="For claimants not on Universal Credit; leave out if the document could not be read."
    )
    earnings_disregard: EarningsDisregard | None = None
    disregarded_benefits: list[BenefitKind] = Field(default_factory=list)


class ChildAllowance(_Block):
    amount: Money = Field(description="Taken off weekly income for each child...")
    max_children: int = Field(ge=1, le=20, description="...up to this many children.")


class BandedIncome(_Block):
    """What counts as weekly income when choosing the band."""

    paragraph: Citation
    universal_credit_elements: list[UCElement] = Field(
        description="Universal Credit counts as these elements less UC's income reduction (never below nil); "
        "an empty list ignores Universal Credit."
    )
    earnings_disregard: Money = Decimal(0)
    disregarded_benefits: list[BenefitKind] = Field(default_factory=list)
    allowance_per_child: ChildAllowance | None = None
    earned_income_only: bool = Field(
        default=False,
        description="true when the bands use earnings alone: every benefit, pension and other income is left out.",
    )


class IncomeBand(_Block):
    from_: Money = Field(alias="from", description="Weekly income from (inclusive) ...")
    discount: Ratio = Field(description="... the share of the bill taken off.")


class HouseholdType(_Block):
    adults: Literal["single", "couple", "any"]
    children: str = Field(description="'0', '1', '2', ... a number; '2+' for that many or more; 'any'.")

    @field_validator("children", mode="before")
    @classmethod
    def _children(cls, value: Any) -> str:
        text = str(value).strip()
        if not re.fullmatch(r"any|\d+\+?", text):
            raise ValueError(f"must be a number of children such as 0, 1, '2+' or 'any', not {value!r}")
        return text

    def matches(self, couple: bool, children: int) -> bool:
        if self.adults != "any" and (self.adults == "couple") != couple:
            return False
        if self.children == "any":
            return True
        if self.children.endswith("+"):
            return children >= int(self.children[:-1])
        return children == int(self.children)

    def describe(self) -> str:
        who = {"single": "single people", "couple": "couples", "any": "any household"}[self.adults]
        if self.children == "any":
            return who
        n = self.children
        if n.endswith("+"):
            return f"{who} with {n[:-1]} or more children"
        return f"{who} with {'no' if n == '0' else n} {'child' if n == '1' else 'children'}"


class BandTable(_Block):
    household: HouseholdType
    bands: list[IncomeBand] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> BandTable:
        froms = [b.from_ for b in self.bands]
        if froms[0] != 0:
            raise ValueError(f'the bands for {self.household.describe()} must start from "0"')
        for a, b in zip(froms, froms[1:]):
            if b <= a:
                raise ValueError(
                    f"the bands for {self.household.describe()} must go up in income: "
                    f"£{b} comes after £{a}"
                )
        return self


class Banded(_Block):
    """Income bands by household type, each a percentage discount."""

    paragraph: Citation
    applies_to: Literal["everyone", "universal_credit"] = Field(
        default="everyone",
        description="'universal_credit' when the bands are only for Universal Credit claimants.",
    )
    income: BandedIncome
    tables: list[BandTable] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_household_has_one_table(self) -> Banded:
        for couple in (False, True):
            for children in range(0, 9):
                hits = [t for t in self.tables if t.household.matches(couple, children)]
                who = f"{'a couple' if couple else 'a single person'} with {children} {'child' if children == 1 else 'children'}"
                if not hits:
                    raise ValueError(f"no band table covers {who}: add a table (or use children: '{children}+')")
                if len(hits) > 1:
                    raise ValueError(
                        f"{who} matches more than one table ({' and '.join(t.household.describe() for t in hits)})"
                    )
        return self


class NotInCalculator(_Block):
    """A group of households the council's scheme treats in its own way (a protected group, extra income
    disregards) whose figures we could not read: the calculator tells them an advisor can help instead of
    working out an amount the council would not give.

    `who`: `disabled` (the claimant or partner gets PIP, DLA, Attendance Allowance or ADP, is registered
    blind or has limited capability for work, or a child is disabled), `carer` (the claimant or partner
    gets Carer's Allowance or cares 35 hours a week), `earner` (the claimant or partner has earnings or
    self-employed profit), `childcare_costs` (the family pays for childcare), `universal_credit_housing_costs`
    (the household gets Universal Credit that includes help with housing costs)."""

    who: HouseholdGroup
    paragraph: Citation
    what: str = Field(min_length=10, description="What the scheme does for them, in plain words, e.g. 'ignores more income for households with a disability benefit'.")


class Scheme(_Block):
    """One council's working-age scheme for one financial year."""

    council: str = Field(description="The council's code: lowercase words joined by hyphens, as its folder is named.")
    name: str = Field(min_length=3)
    year: str = Field(description="The financial year, e.g. '2026-27'.")
    starts: date
    ends: date | None = Field(default=None, description="Leave out when the scheme runs until the next file replaces it.")
    kind: Literal["classic", "banded"]
    fictional: bool = False
    source: Citation
    note: str | None = None
    last_checked: date | None = None
    liability: Liability
    capital: Capital
    minimum_award: Money = Decimal(0)
    non_dependant_deductions: NonDependantDeductions | Literal["unverified"] | None = None
    classic: Classic | None = None
    banded: Banded | None = None
    not_in_calculator: list[NotInCalculator] = Field(
        default_factory=list,
        description="Groups of households whose part of the scheme we could not read: they are told an advisor can help.",
    )

    @field_validator("council")
    @classmethod
    def _code(cls, code: str) -> str:
        if not re.fullmatch(r"[a-z]+(-[a-z]+)*", code):
            raise ValueError(f"must be lowercase words joined by hyphens, like 'bath-and-north-east-somerset' (not {code!r})")
        return code

    @field_validator("year")
    @classmethod
    def _year(cls, year: str) -> str:
        m = re.fullmatch(r"(\d{4})-(\d{2})", str(year))
        if not m or (int(m[1]) + 1) % 100 != int(m[2]):
            raise ValueError(f"must be a financial year written like '2026-27' (not {year!r})")
        return year

    @model_validator(mode="after")
    def _consistent(self) -> Scheme:
        first = int(self.year[:4])
        if self.starts.year != first:
            raise ValueError(f"starts ({self.starts}) is not in the year {self.year}: a {self.year} scheme starts in {first}")
        if self.ends is not None and self.ends < self.starts:
            raise ValueError(f"ends ({self.ends}) is before starts ({self.starts})")
        if self.kind == "classic" and self.classic is None:
            raise ValueError("kind is 'classic' but there is no `classic:` block (taper, applicable amount)")
        if self.kind == "banded" and self.banded is None:
            raise ValueError("kind is 'banded' but there is no `banded:` block (income and band tables)")
        if self.kind == "classic" and self.banded is not None:
            raise ValueError("kind is 'classic' but the file also has a `banded:` block: keep only one")
        if self.kind == "banded" and self.classic is not None:
            raise ValueError("kind is 'banded' but the file also has a `classic:` block: keep only one")
        if self.fictional and "fictional" not in (self.note or "").lower():
            raise ValueError("a fictional scheme must say so in its note (use the word 'fictional')")
        return self

    def covers(self, on: date) -> bool:
        return self.starts <= on and (self.ends is None or on <= self.ends)
