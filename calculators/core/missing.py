"""The facts a rule can be missing, by key.

A rule that cannot work an amount out names the fact that would let it (``c.cannot(reason,
ask="eldest_child_born_before_2017")``); the portal maps each key to the question that asks for
it, so the person can answer and see the amount. Each entry says, in plain English, what the
fact is. A rule leaves ``ask`` out only when no answer the person could give would help.
"""

FACTS: dict[str, str] = {
    "date_of_birth": "the date of birth of you or your partner",
    "postcode": "the postcode of your home",
    "brma": "which Broad Rental Market Area your home is in",
    "bedrooms": "how many bedrooms your home has",
    "council_tax": "your Council Tax bill, or your home's Council Tax band",
    "council_tax_band": "your home's Council Tax band",
    "children_dates_of_birth": "whether each of your children was born before 6 April 2017 (or their dates of birth)",
    "children_sex": "whether each of your children is a girl or a boy",
    "eldest_child_born_before_2017": "whether your eldest child was born before 6 April 2017",
    "uc_claim_start": "when your Universal Credit claim started",
    "non_dependant_income": "the gross income of each adult who lives with you",
    "pension_age_before_april_2016": "whether you or your partner reached State Pension age before 6 April 2016",
    "married": "whether you and your partner are married or in a civil partnership",
}
