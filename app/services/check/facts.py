"""What the answers so far say about the household, for deciding which questions apply.

Answers are `{page slug: {field name: value}}`, as the question pages store them. Every
fact reads only answers that exist; a page not yet answered simply counts as "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from calculators.core.household import SIX_APRIL_2017, Child
from calculators.core.pension_age import state_pension_age_date
from calculators.core.periods import YEAR, Period, convert

Answers = Mapping[str, Mapping[str, Any]]

RENTING = ("private_rent", "social_rent", "supported_accommodation", "temporary_accommodation", "shared_ownership")
MEANS_TESTED = ("universal_credit", "pension_credit", "housing_benefit", "council_tax_reduction", "child_benefit")
"""Benefits the engine works out: ticking one says the person already gets it."""
RATED = ("pip_daily_living", "pip_mobility", "dla_care", "dla_mobility", "attendance_allowance")
WITH_AMOUNT = (
    "state_pension",
    *RATED,
    "carers_allowance",
    "esa_contribution",
    "jsa_contribution",
    "other",
)
"""Benefits the engine counts as income: we ask how much each is."""
TAXABLE_WITH_AMOUNT = ("state_pension", "carers_allowance", "esa_contribution", "jsa_contribution")
"""Of those, the ones that are taxable income (ITEPA 2003 ss. 577 and 660)."""
#: Born on or after this and before SAVINGS_CREDIT_WOMEN_BEFORE, whether State Pension age was reached before
#: 6 April 2016 turns on sex (Pensions Act 1995 Sch. 4): the savings credit question is asked only of them.
SAVINGS_CREDIT_MEN_BEFORE = date(1951, 4, 6)
SAVINGS_CREDIT_WOMEN_BEFORE = date(1953, 4, 6)


@dataclass(frozen=True)
class Facts:
    answers: Answers
    today: date

    def get(self, slug: str, name: str, default: Any = None) -> Any:
        return (self.answers.get(slug) or {}).get(name, default)

    @property
    def couple(self) -> bool:
        return self.get("partner", "partner") == "yes"

    def _pension_age(self, who: str) -> bool:
        born = self.get("date-of-birth", who)
        return bool(born) and state_pension_age_date(date.fromisoformat(born)) <= self.today

    @property
    def claimant_pension_age(self) -> bool:
        return self._pension_age("you")

    @property
    def partner_pension_age(self) -> bool:
        return self.couple and self._pension_age("partner")

    @property
    def anyone_pension_age(self) -> bool:
        return self.claimant_pension_age or self.partner_pension_age

    @property
    def pension_age_household(self) -> bool:
        """Pension-age rules apply only when everyone in the couple has reached State Pension age."""
        return self.claimant_pension_age and (not self.couple or self.partner_pension_age)

    @property
    def tenure(self) -> str | None:
        return self.get("home", "tenure")

    @property
    def renting(self) -> bool:
        return self.tenure in RENTING

    @property
    def private_renter(self) -> bool:
        return self.tenure == "private_rent"

    @property
    def children(self) -> int:
        return int(Decimal(self.get("people", "children", "0")))

    @property
    def other_adults(self) -> int:
        return int(Decimal(self.get("people", "adults", "0")))

    @property
    def child_ages(self) -> list[int]:
        """The ages given on the children page, in order (empty until it is answered)."""
        ages = []
        for i in range(1, self.children + 1):
            age = self.get("children", f"child{i}-age")
            if age is None:
                return []
            ages.append(int(age))
        return ages

    @property
    def eldest_child(self) -> int | None:
        """The number of the eldest child (the first of the greatest age, as the rules take it), or None."""
        ages = self.child_ages
        return max(range(len(ages)), key=lambda i: ages[i]) + 1 if ages else None

    @property
    def eldest_birth_open(self) -> bool:
        """The eldest child's age leaves open whether they were born before 6 April 2017, which decides
        the higher first-child amount of Universal Credit and Pension Credit."""
        ages = self.child_ages
        return bool(ages) and Child(age=max(ages)).born_before(SIX_APRIL_2017, self.today) is None

    def works(self, who: str) -> bool:
        slug = "your-work" if who == "you" else "partner-work"
        return self.get(slug, "work", "no") != "no"

    @property
    def anyone_works(self) -> bool:
        return self.works("you") or (self.couple and self.works("partner"))

    @property
    def benefits(self) -> list[str]:
        return [b for b in self.get("benefits", "benefits", []) if b != "none"]

    @property
    def benefits_with_amounts(self) -> list[str]:
        return [b for b in WITH_AMOUNT if b in self.benefits]

    @property
    def already_get(self) -> list[str]:
        return [b for b in MEANS_TESTED if b in self.benefits]

    @property
    def gets_universal_credit(self) -> bool:
        return "universal_credit" in self.benefits

    def circumstances(self, who: str) -> list[str]:
        return list(self.get("circumstances", who, []))

    @property
    def health_element_possible(self) -> bool:
        return any(
            c in ("lcw", "lcwra") for who in ("you", "partner") for c in self.circumstances(who)
        )

    def born(self, who: str) -> date | None:
        value = self.get("date-of-birth", who)
        return date.fromisoformat(value) if value else None

    def spa_2016_unclear(self, who: str) -> bool:
        """Born 6 April 1951 to 5 April 1953: the date of birth does not tell whether State Pension age was
        reached before 6 April 2016 (and so whether the savings credit can apply)."""
        born = self.born(who)
        return born is not None and SAVINGS_CREDIT_MEN_BEFORE <= born < SAVINGS_CREDIT_WOMEN_BEFORE

    @property
    def spa_2016_question_for(self) -> list[str]:
        """Who to ask whether they reached State Pension age before 6 April 2016: only a pension-age household,
        only people the date of birth leaves unclear, and nobody when one of the couple was born before
        6 April 1951 (that person did, which is enough)."""
        if not self.pension_age_household:
            return []
        people = ["you", "partner"] if self.couple else ["you"]
        if any((b := self.born(w)) is not None and b < SAVINGS_CREDIT_MEN_BEFORE for w in people):
            return []
        return [w for w in people if self.spa_2016_unclear(w)]

    def _yearly(self, value: Any) -> Decimal:
        if not value or value.get("unknown") or "amount" not in value:
            return Decimal(0)
        return convert(Decimal(value["amount"]), Period(value.get("period", "week")), YEAR)

    def taxable_income(self, who: str) -> Decimal:
        """Roughly the person's taxable income for a year from the answers so far (pay, profit, taxable benefits,
        pensions), to decide whether a tax question matters; the engine works the tax out exactly."""
        slug = "your-work" if who == "you" else "partner-work"
        total = Decimal(0)
        work = self.get(slug, "work", "no")
        if work == "employed":
            total += self._yearly(self.get(slug, "pay"))
        elif work == "self_employed":
            total += self._yearly(self.get(slug, "profit"))
        for kind in TAXABLE_WITH_AMOUNT:
            if kind in self.benefits:
                whose = self.get("benefit-amounts", f"{kind}-whose", "you") if self.couple else "you"
                if whose == who:
                    total += self._yearly(self.get("benefit-amounts", kind))
        total += self._yearly(self.get("pensions", who))
        return total
