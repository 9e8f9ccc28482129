"""The household the engine understands: one benefit unit and the people it lives with.

Every field has a plain-English description: the API schema, the validation messages
and the question pages are all built from it. Amounts are Decimal and carry their period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .money import ZERO
from .periods import Period, convert

NonNegative = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
#: Hours a week, to the hundredth of an hour: finer than that means nothing, and a job of 1e-30 hours
#: would make an hourly rate too large to work with.
Hours = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]

# The most of each list one household may hold. Generous for any real household (the largest
# families claiming are well under these), and they bound the work of one calculation: every rule
# is linear in the length of these lists. docs/engine-contract.md lists them.
MAX_CHILDREN = 30
MAX_NON_DEPENDANTS = 20
MAX_JOBS = 10
MAX_BENEFITS = 30
#: One of each kind a non-dependant can get.
MAX_NON_DEPENDANT_BENEFITS = 11


#: The first-child rate and the two-child limit turn on births before this day (UC Regs 2013 regs. 24 and
#: 24A, SPC Regs Sch. IIA).
SIX_APRIL_2017 = date(2017, 4, 6)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Amount(_Model):
    """A sum of money and how often it is paid."""

    amount: NonNegative = Field(description="The amount in pounds, for example 123.45.")
    period: Period = Field(
        default=Period.WEEK,
        description="How often: week, fortnight, four_weeks, month or year.",
    )

    def per(self, period: Period) -> Decimal:
        """The amount for another period, unrounded."""
        return convert(self.amount, self.period, period)


def _per(amount: Amount | None, period: Period) -> Decimal:
    return amount.per(period) if amount is not None else ZERO


class Job(_Model):
    """Paid work as an employee."""

    gross_pay: Amount = Field(description="Pay before tax and National Insurance.")
    hours_per_week: Hours = Field(description="Usual hours worked a week.")
    pension_contribution: Amount | None = Field(
        default=None, description="What the person pays into a workplace pension from this pay."
    )


class SelfEmployment(_Model):
    """Work for yourself."""

    profit: Amount = Field(description="Taxable profit: takings less allowable expenses.")
    hours_per_week: Hours = Field(description="Usual hours worked a week.")
    gainful: bool = Field(
        default=True,
        description="True if this is the person's main work, organised, developed and regular, done to make a profit.",
    )


BenefitKind = Literal[
    "state_pension",
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "pip_mobility_standard",
    "pip_mobility_enhanced",
    "dla_care_lowest",
    "dla_care_middle",
    "dla_care_highest",
    "dla_mobility_lower",
    "dla_mobility_higher",
    "attendance_allowance_lower",
    "attendance_allowance_higher",
    "adult_disability_payment_daily_living_standard",
    "adult_disability_payment_daily_living_enhanced",
    "carers_allowance",
    "esa_contribution",
    "jsa_contribution",
    "maternity_allowance",
    "widowed_parents_allowance",
    "bereavement_support",
    "industrial_injuries",
    "war_pension",
    "other",
]


#: The disability benefits, at every rate: PIP, DLA, Attendance Allowance and Adult Disability Payment.
DISABILITY_BENEFITS: tuple[str, ...] = tuple(
    kind for kind in get_args(BenefitKind)
    if kind.startswith(("pip_", "dla_", "attendance_allowance_", "adult_disability_payment_"))
)


class BenefitReceived(_Model):
    """A benefit or pension from the state that the person already gets."""

    kind: BenefitKind = Field(description="Which benefit.")
    amount: Amount = Field(description="How much is paid.")


class _Born(_Model):
    """Someone known by a date of birth or, failing that, an age in years."""

    date_of_birth: date | None
    age: int | None

    @model_validator(mode="after")
    def _age_known(self) -> _Born:
        if self.date_of_birth is None and self.age is None:
            raise ValueError("give a date of birth or an age")
        return self

    def age_on(self, on: date) -> int:
        if self.date_of_birth is None:
            assert self.age is not None
            return self.age
        years = on.year - self.date_of_birth.year
        if (on.month, on.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    def born_before(self, cutoff: date, on: date) -> bool | None:
        """Born before `cutoff`? None when only the age is known and it could go either way."""
        if self.date_of_birth is not None:
            return self.date_of_birth < cutoff
        age = self.age_on(on)
        latest_birth = date(on.year - age, on.month, min(on.day, 28))
        earliest_birth = date(on.year - age - 1, on.month, min(on.day, 28))
        if latest_birth < cutoff:
            return True
        if earliest_birth >= cutoff:
            return False
        return None


class Person(_Born):
    """An adult in the benefit unit (the claimant or their partner)."""

    id: str = Field(default="", description="Set by the household: 'claimant' or 'partner'.")
    date_of_birth: date | None = Field(default=None, description="Date of birth.")
    age: Annotated[int, Field(ge=16, le=120)] | None = Field(
        default=None, description="Age in years, if the date of birth is not given."
    )
    jobs: list[Job] = Field(default_factory=list, max_length=MAX_JOBS, description="Jobs as an employee.")
    self_employment: SelfEmployment | None = Field(default=None, description="Self-employment, if any.")
    benefits: list[BenefitReceived] = Field(
        default_factory=list, max_length=MAX_BENEFITS,
        description="Benefits and state pensions the person already gets."
    )
    private_pension: Amount | None = Field(
        default=None, description="Income from workplace or personal pensions, before tax."
    )
    other_income: Amount | None = Field(
        default=None, description="Any other regular income, such as maintenance for an adult."
    )
    limited_capability: Literal["none", "lcw", "lcwra"] = Field(
        default="none",
        description="Assessed as having limited capability for work (lcw) or for work and work-related activity (lcwra).",
    )
    severe_conditions: bool = Field(
        default=False,
        description="Meets the severe conditions criteria or is terminally ill (keeps the higher UC health element).",
    )
    is_carer: bool = Field(
        default=False,
        description="Cares for a severely disabled person for at least 35 hours a week.",
    )
    registered_blind: bool = Field(default=False, description="Registered as severely sight impaired.")
    student: bool = Field(default=False, description="In full-time education.")
    pregnant: bool = Field(
        default=False,
        description="Pregnant now (at least 10 weeks, for Healthy Start and Best Start Foods).",
    )
    reached_pension_age_before_april_2016: bool | None = Field(
        default=None,
        description="Reached State Pension age before 6 April 2016 (only asked of people born 6 April 1951 to "
        "5 April 1953, for whom the date of birth alone does not tell; it decides whether the savings credit "
        "of Pension Credit can apply). Leave empty if not known.",
    )


    def earnings(self, period: Period) -> Decimal:
        """Gross employed earnings for the period, unrounded."""
        return sum((job.gross_pay.per(period) for job in self.jobs), ZERO)

    def hours_per_week(self) -> Decimal:
        hours = sum((job.hours_per_week for job in self.jobs), ZERO)
        if self.self_employment is not None:
            hours += self.self_employment.hours_per_week
        return hours

    def benefit(self, *kinds: str, period: Period = Period.WEEK) -> Decimal:
        """The total of the named benefits the person gets, for the period."""
        return sum((b.amount.per(period) for b in self.benefits if b.kind in kinds), ZERO)

    def gets(self, *kinds: str) -> bool:
        return any(b.kind in kinds for b in self.benefits)


class Child(_Born):
    """A child or qualifying young person (under 20 and in non-advanced education) the family is responsible for."""

    id: str = Field(default="", description="Set by the household: 'child1', 'child2', ...")
    date_of_birth: date | None = Field(default=None, description="Date of birth.")
    age: Annotated[int, Field(ge=0, le=19)] | None = Field(
        default=None, description="Age in years, if the date of birth is not given."
    )
    disability: Literal["none", "lower", "higher"] = Field(
        default="none",
        description="Disability addition: 'lower' if they get DLA or PIP, 'higher' for the DLA highest care rate, PIP enhanced daily living, or if they are blind.",
    )
    in_education: bool = Field(
        default=True,
        description="For 16 to 19-year-olds: in full-time non-advanced education or approved training.",
    )
    sex: Literal["female", "male"] | None = Field(
        default=None,
        description="The child's sex: two children under 16 of the same sex are expected to share a bedroom (size criteria).",
    )
    two_child_limit_exception: bool = Field(
        default=False,
        description="An exception to the two-child limit applies (multiple birth, adoption, kinship care, non-consensual conception).",
    )
    born_before_6_april_2017: bool | None = Field(
        default=None,
        description="Born before 6 April 2017, when the date of birth is not given and the age leaves it open: it "
                    "decides the higher amount for an eldest child (UC, Pension Credit) and, before 6 April 2026, "
                    "the two-child limit. Ignored when the date of birth or the age already decides it.",
    )

    def born_before(self, cutoff: date, on: date) -> bool | None:
        """Born before `cutoff`? From the date of birth, else the age, else (for 6 April 2017 only) the answer
        to "was this child born before 6 April 2017?"; None when none of those decides it."""
        found = super().born_before(cutoff, on)
        if found is None and cutoff == SIX_APRIL_2017:
            return self.born_before_6_april_2017
        return found



NonDependantBenefit = Literal[
    "none",
    "pension_credit",
    "universal_credit_no_earnings",
    "universal_credit_with_earnings",
    "income_support",
    "jsa_income_based",
    "esa_income_related",
    "pip_daily_living",
    "dla_care",
    "attendance_allowance",
    "carers_allowance",
]


class NonDependant(_Model):
    """An adult who lives in the home but is not the claimant's partner: a grown-up son or daughter, a relative or a friend."""

    id: str = Field(default="", description="Set by the household: 'nondep1', ...")
    age: Annotated[int, Field(ge=16, le=120)] = Field(description="Age in years.")
    gross_income: Amount | None = Field(
        default=None, description="Their total gross income from work and other sources."
    )
    hours_per_week: Hours = Field(default=ZERO, description="Hours they work a week.")
    benefits: list[NonDependantBenefit] = Field(
        default_factory=list, max_length=MAX_NON_DEPENDANT_BENEFITS, description="Benefits they get that change what they are expected to contribute."
    )
    student: bool = Field(default=False, description="In full-time education.")
    away_or_in_hospital: bool = Field(
        default=False, description="In hospital, prison or normally living elsewhere."
    )
    is_carer_for_household: bool = Field(
        default=False, description="Cares for the claimant or partner and gets Carer's Allowance for it."
    )
    responsible_for_child_under_5: bool = Field(
        default=False,
        description="Responsible for a child under 5 (their own child, living in the home): no Universal Credit "
                    "housing cost contribution is taken for them (UC Regs 2013 Sch. 4 para. 16(2)(i)).",
    )

    def gets(self, *kinds: str) -> bool:
        return any(b in kinds for b in self.benefits)


Tenure = Literal[
    "private_rent",
    "social_rent",
    "supported_accommodation",
    "temporary_accommodation",
    "owner",
    "shared_ownership",
    "living_with_others",
]


class Home(_Model):
    """Where the household lives and what it pays."""

    tenure: Tenure = Field(description="Whether the home is rented, and from whom, or owned.")
    rent: Amount | None = Field(default=None, description="Rent, including any eligible service charges.")
    ineligible_charges: Amount | None = Field(
        default=None,
        description="Parts of the rent that cannot be met: meals, heating, hot water, lighting, personal care.",
    )
    bedrooms: Annotated[int, Field(ge=0, le=20)] | None = Field(
        default=None, description="Bedrooms in the home (for the size criteria in social housing)."
    )
    council: str = Field(
        default="demo", description="The council's code, for its Council Tax Reduction scheme."
    )
    country: Literal["england", "wales", "scotland"] = Field(
        default="england", description="The nation the home is in."
    )
    brma: str | None = Field(
        default=None,
        description="Broad Rental Market Area code for the Local Housing Allowance, set from the postcode.",
    )
    council_tax_band: Literal["A", "B", "C", "D", "E", "F", "G", "H", "I"] | None = Field(
        default=None, description="The home's council tax valuation band."
    )
    council_tax: Amount | None = Field(
        default=None, description="The council tax bill after any discounts such as the single person discount."
    )
    band_d_charge: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] | None = Field(
        default=None,
        description=(
            "The year's Band D Council Tax where the home is (the council's charge with the county, police, fire "
            "and parish or community precepts), for the year of the calculation. With the band and no bill, the "
            "engine estimates the bill from it. The portal fills it from the council's profile."
        ),
    )
    joint_tenants: Annotated[int, Field(ge=0, le=10)] = Field(
        default=0, description="How many joint tenants outside the benefit unit share the rent."
    )
    in_greater_london: bool = Field(
        default=False,
        description="The home is in Greater London (a London borough or the City), for the benefit cap level.",
    )

    @model_validator(mode="after")
    def _rent_for_renters(self) -> Home:
        if self.tenure in ("owner",) and self.rent is not None and self.rent.amount > 0:
            raise ValueError("an owner does not pay rent: choose a renting tenure or remove the rent")
        if self.council_tax_band == "I" and self.country != "wales":
            raise ValueError("council tax band I only exists in Wales")
        return self


class Household(_Model):
    """One benefit unit (claimant, any partner, their children) and the people who live with them."""

    claimant: Person = Field(description="The person claiming.")
    partner: Person | None = Field(default=None, description="Their partner, if they live together as a couple.")
    children: list[Child] = Field(
        default_factory=list, max_length=MAX_CHILDREN, description="Children and qualifying young people."
    )
    non_dependants: list[NonDependant] = Field(
        default_factory=list, max_length=MAX_NON_DEPENDANTS, description="Other adults living in the home."
    )
    home: Home = Field(default_factory=lambda: Home(tenure="living_with_others"), description="The home.")
    capital: NonNegative = Field(
        default=ZERO, description="Savings, investments and property other than the home, for the benefit unit."
    )
    childcare_costs: Amount | None = Field(
        default=None, description="What the family pays a registered childcare provider."
    )
    uc_claim_start: date | None = Field(
        default=None,
        description="When the Universal Credit claim started, if there is one (the health element rate depends on it).",
    )
    benefit_cap_grace_period: bool = Field(
        default=False,
        description="In the nine-month grace period after work ended, so the benefit cap does not apply yet.",
    )
    no_recourse_to_public_funds: bool = Field(
        default=False,
        description="The claimant's immigration status says 'no recourse to public funds'.",
    )
    gets_universal_credit: bool = Field(
        default=False, description="The household already gets Universal Credit."
    )
    gets_pension_credit_guarantee: bool = Field(
        default=False, description="The household already gets the guarantee part of Pension Credit."
    )
    married: bool | None = Field(
        default=None,
        description="For a couple: married or in a civil partnership (not just living together). Only Marriage "
        "Allowance turns on it; leave empty if not known.",
    )
    marriage_allowance_from: Literal["claimant", "partner"] | None = Field(
        default=None,
        description="Marriage Allowance: who gave 10% of their personal allowance to the other, if they get it.",
    )

    @model_validator(mode="after")
    def _marriage_allowance_needs_a_spouse(self) -> Household:
        if self.marriage_allowance_from is not None and (self.partner is None or self.married is False):
            raise ValueError("Marriage Allowance is only for a married couple or civil partners: add the partner "
                             "and say they are married, or remove marriage_allowance_from")
        return self

    @field_validator("partner", mode="after")
    @classmethod
    def _partner_id(cls, partner: Person | None) -> Person | None:
        return partner.model_copy(update={"id": "partner"}) if partner is not None else None

    @field_validator("claimant", mode="after")
    @classmethod
    def _claimant_id(cls, claimant: Person) -> Person:
        return claimant.model_copy(update={"id": "claimant"})

    @field_validator("children", mode="after")
    @classmethod
    def _child_ids(cls, children: list[Child]) -> list[Child]:
        return [c.model_copy(update={"id": f"child{i}"}) for i, c in enumerate(children, 1)]

    @field_validator("non_dependants", mode="after")
    @classmethod
    def _nondep_ids(cls, people: list[NonDependant]) -> list[NonDependant]:
        return [p.model_copy(update={"id": f"nondep{i}"}) for i, p in enumerate(people, 1)]

    @property
    def adults(self) -> list[Person]:
        return [self.claimant] + ([self.partner] if self.partner is not None else [])

    @property
    def is_couple(self) -> bool:
        return self.partner is not None

    def person(self, person_id: str) -> Person:
        for p in self.adults:
            if p.id == person_id:
                return p
        raise KeyError(person_id)
