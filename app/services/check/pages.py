"""The questions of "Check what you can get": one thing per page, each shown only when it applies.

`pages(context)` builds the whole definition in the active language. Each page knows
when it applies (from the answers so far) and which fields it shows (a page about
children shows one set of fields per child). Pages marked `short` are the few questions
"Better off in work?" asks when it is used on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.council import CouncilProfile
from app.i18n import gettext as _
from calculators.core import parameters
from calculators.core.household import MAX_CHILDREN, MAX_NON_DEPENDANTS
from calculators.rules.council_tax import has_published_band_d

from .area import brma_choices, brma_name, brmas_for_postcode, districts_of, outward_code
from .facts import RATED, Facts
from .fields import (
    UNKNOWN,
    CheckboxesField,
    DateField,
    Field,
    FieldError,
    MoneyField,
    NumberField,
    Option,
    PostcodeField,
    RadiosField,
    yes_no,
)


@dataclass(frozen=True)
class CheckContext:
    council: CouncilProfile
    today: date


Validator = Callable[[dict[str, Any], Facts], list[FieldError]]


@dataclass
class Page:
    slug: str
    title: str
    build: Callable[[Facts], list[Field]]
    applies: Callable[[Facts], bool] = lambda facts: True
    short: bool = False
    intro: str | None = None
    validate: Validator | None = None
    summary_title: str | None = None
    """The row's name on "Check your answers" when the page has a single question."""
    title_when: Callable[[Facts], str] | None = None
    """The heading for these answers, where it depends on them (one person or a couple)."""

    def fields(self, facts: Facts) -> list[Field]:
        return self.build(facts)

    def heading(self, facts: Facts) -> str:
        return self.title_when(facts) if self.title_when is not None else self.title

    @property
    def single_question(self) -> bool:
        return False


@dataclass
class QuestionPage(Page):
    """A page that is one question: the question is the page's heading."""

    @property
    def single_question(self) -> bool:
        return True


@dataclass
class _Names:
    you: str = field(default_factory=lambda: _("You"))
    partner: str = field(default_factory=lambda: _("Your partner"))


def pages(context: CheckContext) -> list[Page]:
    council = context.council
    names = _Names()

    def whose_options(facts: Facts) -> list[Option]:
        return [Option("you", names.you), Option("partner", names.partner)]

    # --- who you are -------------------------------------------------------------
    partner = QuestionPage(
        slug="partner",
        title=_("Do you live with a partner?"),
        short=True,
        build=lambda f: [
            yes_no(
                "partner",
                _("Do you live with a partner?"),
                hint=_("A partner is someone you are married to, in a civil partnership with, or live with as a couple."),
                required_message=_("Select yes if you live with a partner"),
            )
        ],
    )

    def dob_fields(f: Facts) -> list[Field]:
        fields: list[Field] = [
            DateField("you", _("Your date of birth") if f.couple else _("What is your date of birth?"),
                      hint=_("For example, 27 3 1985"), error_name=_("your date of birth"))
        ]
        if f.couple:
            fields.append(DateField("partner", _("Your partner's date of birth"), hint=_("For example, 14 8 1987"),
                                    error_name=_("your partner's date of birth")))
        return fields

    date_of_birth = Page(
        slug="date-of-birth",
        title=_("Your dates of birth"),
        title_when=lambda f: _("Your dates of birth") if f.couple else _("Your date of birth"),
        short=True,
        intro=_("Age decides which benefits you can get and how much, including whether pension-age rules apply."),
        build=dob_fields,
    )

    # --- your home ------------------------------------------------------------------
    home = QuestionPage(
        slug="home",
        title=_("Which of these best describes your home?"),
        short=True,
        build=lambda f: [
            RadiosField(
                "tenure",
                _("Which of these best describes your home?"),
                options=[
                    Option("private_rent", _("I rent from a private landlord or letting agent")),
                    Option("social_rent", _("I rent from the council or a housing association")),
                    Option("supported_accommodation", _("I live in supported housing"),
                           hint=_("Housing with care, support or supervision, such as a hostel or refuge")),
                    Option("temporary_accommodation", _("I live in temporary accommodation the council arranged")),
                    Option("shared_ownership", _("I part-own and part-rent my home (shared ownership)")),
                    Option("owner", _("I own my home, outright or with a mortgage")),
                    Option("living_with_others", _("I live with family or friends and do not pay rent to a landlord")),
                ],
                required_message=_("Select which best describes your home"),
            )
        ],
    )

    def postcode_in_area(values: dict[str, Any], f: Facts) -> list[FieldError]:
        value = values.get("postcode") or {}
        if value.get(UNKNOWN) or not value.get("postcode"):
            return []
        if not brmas_for_postcode(council, value["postcode"]):
            return [FieldError(
                _("Enter a postcode in the %(council)s area. If you live somewhere else, contact your own council")
                % {"council": council.name},
                "postcode",
            )]
        return []

    postcode = QuestionPage(
        slug="postcode",
        title=_("What is your postcode?"),
        short=True,
        applies=lambda f: f.private_renter,
        build=lambda f: [
            PostcodeField(
                "postcode",
                _("What is your postcode?"),
                hint=_("Private rents are compared with the Local Housing Allowance for your area, which we find from your postcode."),
                dont_know=_("I do not know my postcode"),
            )
        ],
        validate=postcode_in_area,
    )

    def area_needed(f: Facts) -> bool:
        if not f.private_renter:
            return False
        value = f.get("postcode", "postcode") or {}
        return bool(value.get(UNKNOWN)) or len(brmas_for_postcode(council, value.get("postcode", ""))) > 1

    def area_fields(f: Facts) -> list[Field]:
        code = (f.get("postcode", "postcode") or {}).get("postcode")
        split = len(brmas_for_postcode(council, code)) > 1 if code else False
        hint = (_("Your postcode district, %(district)s, is split between these areas. Choose the one your home is in. "
                  "If you are not sure, ask your landlord or the council.") % {"district": outward_code(code.upper().strip())}
                if split else _("Choose the area your home is in. Each covers the postcode districts listed."))
        return [
            RadiosField(
                "brma",
                _("Which area do you live in?"),
                hint=hint,
                options=[
                    Option(c, brma_name(c), hint=_("Postcodes starting %(districts)s")
                           % {"districts": ", ".join(districts_of(council, c))})
                    for c in brma_choices(council, code)
                ],
                required_message=_("Select the area you live in"),
            )
        ]

    area = QuestionPage(slug="area", title=_("Which area do you live in?"), short=True, applies=area_needed,
                        build=area_fields)

    rent = Page(
        slug="rent",
        title=_("Your rent"),
        short=True,
        applies=lambda f: f.renting,
        build=lambda f: [
            MoneyField(
                "rent",
                _("How much is your rent?"),
                hint=_("Include service charges you pay with your rent. Do not include water rates, or heating or meals you pay for as well."),
                error_name=_("your rent"),
            ),
            NumberField("bedrooms", _("How many bedrooms does your home have?"), error_name=_("the number of bedrooms"),
                        minimum=0, maximum=20, example="2"),
        ],
    )

    can_estimate_council_tax = (council.band_d_charge(context.today) is not None
                                or has_published_band_d(council.code, council.country, context.today))
    council_tax = Page(
        slug="council-tax",
        title=_("Your Council Tax"),
        short=True,
        intro=_("Both are on your Council Tax bill."),
        applies=lambda f: f.tenure is not None and f.tenure != "living_with_others",
        build=lambda f: [
            RadiosField(
                "band",
                _("What is your home's Council Tax band?"),
                # Band I exists only in Wales (LGFA 1992 s. 5(1A)).
                options=[Option(b, _("Band %(band)s") % {"band": b})
                         for b in ("ABCDEFGHI" if council.country == "wales" else "ABCDEFGH")]
                + [Option(UNKNOWN, _("I do not know"))],
                required_message=_("Select your home's Council Tax band, or 'I do not know'"),
                inline=True,
            ),
            MoneyField(
                "bill",
                _("How much Council Tax do you pay?"),
                hint=(_("The amount after any discount, such as the single person discount, but before any Council Tax Reduction. "
                        "If you do not know, we will estimate it from your band.")
                      if can_estimate_council_tax else
                      _("The amount after any discount, such as the single person discount, but before any Council Tax Reduction.")),
                error_name=_("your Council Tax"),
                dont_know=_("I do not know how much Council Tax I pay"),
            ),
        ],
    )

    def parish_needed(f: Facts) -> bool:
        """Only where the council lists parishes with their own Band D, and the bill is to be estimated from the band."""
        if council.council_tax is None or not council.council_tax.parishes or not council_tax.applies(f):
            return False
        band = f.get("council-tax", "band")
        bill = f.get("council-tax", "bill") or {}
        return band not in (None, UNKNOWN) and bool(bill.get(UNKNOWN))

    parish_word = _("community") if council.country == "wales" else _("parish")
    parish = QuestionPage(
        slug="parish",
        title=_("Which %(parish)s do you live in?") % {"parish": parish_word},
        short=True,
        applies=parish_needed,
        build=lambda f: [
            RadiosField(
                "parish",
                _("Which %(parish)s do you live in?") % {"parish": parish_word},
                hint=_("Each %(parish)s adds its own charge to the Council Tax, so we use it to estimate your bill. "
                       "It is on your Council Tax bill.") % {"parish": parish_word},
                options=[Option(p.name, p.name) for p in council.council_tax.parishes]
                + [Option(UNKNOWN, _("I do not know"))],
                required_message=_("Select the %(parish)s you live in, or 'I do not know'") % {"parish": parish_word},
            )
        ] if council.council_tax is not None else [],
    )

    # --- who lives with you -----------------------------------------------------------
    people = Page(
        slug="people",
        title=_("Who lives with you"),
        short=True,
        build=lambda f: [
            NumberField(
                "children",
                _("How many children live with you?"),
                hint=_("Children under 16, and young people aged 16 to 19 in full-time school or college or approved training, who you are responsible for. Enter 0 if none."),
                error_name=_("the number of children"),
                maximum=MAX_CHILDREN,
                example="2",
            ),
            NumberField(
                "adults",
                _("How many other adults live with you?"),
                hint=_("Not your partner. For example, grown-up sons or daughters, relatives or friends. Do not count joint tenants or lodgers. Enter 0 if none."),
                error_name=_("the number of other adults"),
                maximum=MAX_NON_DEPENDANTS,
                example="1",
            ),
        ],
    )

    def child_fields(f: Facts) -> list[Field]:
        fields: list[Field] = []
        for i in range(1, f.children + 1):
            group = _("Child %(n)s") % {"n": i}
            fields.append(NumberField(f"child{i}-age", _("Age"), error_name=_("the age of child %(n)s") % {"n": i},
                                      minimum=0, maximum=19, suffix=_("years old"), example="7", group=group,
                                      hint=_("Enter 0 for a baby under 1")))
            if f.renting:
                fields.append(RadiosField(
                    f"child{i}-sex", _("Sex"), group=group, inline=True,
                    hint=_("Two children of the same sex under 16 are expected to share a bedroom."),
                    options=[Option("female", _("Girl")), Option("male", _("Boy"))],
                    required_message=_("Select whether child %(n)s is a girl or a boy") % {"n": i},
                ))
            fields.append(RadiosField(
                f"child{i}-disability", _("Do they get a disability benefit?"), group=group,
                options=[
                    Option("none", _("No")),
                    Option("lower", _("Yes, Disability Living Allowance or Personal Independence Payment")),
                    Option("higher", _("Yes, the highest rate of the DLA care part or the enhanced daily living rate of PIP, or they are registered blind")),
                ],
                required_message=_("Select whether child %(n)s gets a disability benefit") % {"n": i},
            ))
        return fields

    children = Page(slug="children", title=_("About your children"), short=True, applies=lambda f: f.children > 0,
                    build=child_fields)

    eldest_child = QuestionPage(
        slug="eldest-child",
        title=_("Was your eldest child born before 6 April 2017?"),
        short=True,
        applies=lambda f: f.eldest_birth_open,
        build=lambda f: [
            yes_no(
                "born_before",
                _("Was your eldest child born before 6 April 2017?"),
                hint=_("Universal Credit and Pension Credit pay more for a first child born before 6 April 2017. "
                       "Your eldest child is %(age)s, so we cannot tell from their age.")
                % {"age": max(f.child_ages) if f.child_ages else ""},
                required_message=_("Select yes if your eldest child was born before 6 April 2017"),
            )
        ],
    )

    def adult_fields(f: Facts) -> list[Field]:
        fields: list[Field] = []
        for i in range(1, f.other_adults + 1):
            group = _("Adult %(n)s") % {"n": i}
            fields += [
                NumberField(f"adult{i}-age", _("Age"), error_name=_("the age of adult %(n)s") % {"n": i},
                            minimum=16, maximum=120, suffix=_("years old"), example="22", group=group),
                NumberField(f"adult{i}-hours", _("Hours they work a week"), hint=_("Enter 0 if they do not work"),
                            error_name=_("the hours adult %(n)s works") % {"n": i}, whole=False,
                            minimum=0, maximum=100, example="16", group=group),
                MoneyField(f"adult{i}-income", _("Their income before tax"),
                           hint=_("Pay and any other income. Enter 0 if they have none."),
                           error_name=_("the income of adult %(n)s") % {"n": i},
                           dont_know=_("I do not know their income"), group=group),
                RadiosField(
                    f"adult{i}-benefit", _("Do they get any of these?"), group=group,
                    options=[
                        Option("none", _("None of these")),
                        Option("pension_credit", _("Pension Credit")),
                        Option("universal_credit_no_earnings", _("Universal Credit, and they do not work")),
                        Option("universal_credit_with_earnings", _("Universal Credit, and they work")),
                        Option("pip_daily_living", _("Personal Independence Payment (daily living) or Disability Living Allowance (care)")),
                        Option("attendance_allowance", _("Attendance Allowance")),
                    ],
                    required_message=_("Select whether adult %(n)s gets any of these benefits") % {"n": i},
                ),
            ]
            if f.renting and not f.pension_age_household:
                # Universal Credit takes no housing cost contribution for them (UC Regs 2013 Sch. 4
                # para. 16(2)(i)); Housing Benefit has no such exception, so pension-age renters are not asked.
                fields.append(RadiosField(
                    f"adult{i}-child-under-5", _("Are they responsible for a child under 5?"), group=group,
                    hint=_("For example, their own baby or toddler who lives with them. Universal Credit takes nothing off your help with rent for them."),
                    options=[Option("yes", _("Yes")), Option("no", _("No"))], inline=True,
                    required_message=_("Select yes if adult %(n)s is responsible for a child under 5") % {"n": i},
                ))
        return fields

    other_adults = Page(slug="other-adults", title=_("About the other adults who live with you"), short=True,
                        applies=lambda f: f.other_adults > 0, build=adult_fields)

    # --- work --------------------------------------------------------------------
    def work_fields(who: str) -> Callable[[Facts], list[Field]]:
        def build(f: Facts) -> list[Field]:
            you = who == "you"
            return [
                RadiosField(
                    "work",
                    _("Do you work?") if you else _("Does your partner work?"),
                    options=[
                        Option("no", _("No")),
                        Option("employed", _("Yes, for an employer")),
                        Option("self_employed", _("Yes, self-employed")),
                    ],
                    required_message=_("Select whether you work") if you else _("Select whether your partner works"),
                ),
                MoneyField("pay", _("Pay before tax and National Insurance"), show_if=("work", "employed"),
                           error_name=_("your pay") if you else _("your partner's pay")),
                NumberField("hours", _("Hours a week"), show_if=("work", "employed"), whole=False,
                            error_name=_("the hours worked a week"), minimum=0, maximum=100, example="16"),
                MoneyField("profit", _("Profit: takings less business expenses"), show_if=("work", "self_employed"),
                           error_name=_("the profit")),
                NumberField("se_hours", _("Hours a week"), show_if=("work", "self_employed"), whole=False,
                            error_name=_("the hours worked a week"), minimum=0, maximum=100, example="30"),
            ]

        return build

    your_work = QuestionPage(slug="your-work", title=_("Do you work?"), short=True, build=work_fields("you"))
    partner_work = QuestionPage(slug="partner-work", title=_("Does your partner work?"), short=True,
                                applies=lambda f: f.couple, build=work_fields("partner"))

    childcare = QuestionPage(
        slug="childcare",
        title=_("How much do you pay for childcare?"),
        short=True,
        applies=lambda f: f.children > 0 and f.anyone_works,
        build=lambda f: [
            MoneyField("childcare", _("How much do you pay for childcare?"),
                       hint=_("Only registered or approved childcare, such as a nursery or registered childminder, so that you can work. Enter 0 if you do not pay for childcare."),
                       error_name=_("your childcare costs"), plural=True),
        ],
    )

    # --- benefits and circumstances ------------------------------------------------
    benefits = QuestionPage(
        slug="benefits",
        title=_("Which of these do you or your partner get now?"),
        build=lambda f: [
            CheckboxesField(
                "benefits",
                _("Which of these do you or your partner get now?") if f.couple else _("Which of these do you get now?"),
                hint=_("Select all that apply."),
                options=[
                    Option("universal_credit", _("Universal Credit")),
                    Option("pension_credit", _("Pension Credit"), hint=_("The guarantee part")),
                    Option("housing_benefit", _("Housing Benefit")),
                    Option("council_tax_reduction", _("Council Tax Reduction")),
                    Option("child_benefit", _("Child Benefit")),
                    Option("state_pension", _("State Pension")),
                    Option("pip_daily_living", _("Personal Independence Payment (PIP) daily living part")),
                    Option("pip_mobility", _("Personal Independence Payment (PIP) mobility part")),
                    Option("dla_care", _("Disability Living Allowance (DLA) care part")),
                    Option("dla_mobility", _("Disability Living Allowance (DLA) mobility part")),
                    Option("attendance_allowance", _("Attendance Allowance")),
                    Option("carers_allowance", _("Carer's Allowance")),
                    Option("esa_contribution", _("New Style Employment and Support Allowance")),
                    Option("jsa_contribution", _("New Style Jobseeker's Allowance")),
                    Option("other", _("Another benefit or pension from the state")),
                    Option("none", _("None of these"), exclusive=True),
                ],
                required_message=_("Select the benefits you get, or 'None of these'"),
                exclusive_message=_("Select the benefits you get, or select 'None of these' on its own"),
            )
        ],
    )

    benefit_names = {
        "state_pension": _("State Pension"),
        "pip_daily_living": _("PIP daily living part"),
        "pip_mobility": _("PIP mobility part"),
        "dla_care": _("DLA care part"),
        "dla_mobility": _("DLA mobility part"),
        "attendance_allowance": _("Attendance Allowance"),
        "carers_allowance": _("Carer's Allowance"),
        "esa_contribution": _("New Style Employment and Support Allowance"),
        "jsa_contribution": _("New Style Jobseeker's Allowance"),
        "other": _("Another benefit or pension from the state"),
    }
    rates = {
        "pip_daily_living": [("lower", _("Standard rate")), ("higher", _("Enhanced rate"))],
        "pip_mobility": [("lower", _("Standard rate")), ("higher", _("Enhanced rate"))],
        "dla_care": [("lowest", _("Lowest rate")), ("middle", _("Middle rate")), ("highest", _("Highest rate"))],
        "dla_mobility": [("lower", _("Lower rate")), ("higher", _("Higher rate"))],
        "attendance_allowance": [("lower", _("Lower rate")), ("higher", _("Higher rate"))],
    }

    def amount_fields(f: Facts) -> list[Field]:
        fields: list[Field] = []
        for kind in f.benefits_with_amounts:
            group = benefit_names[kind]
            if f.couple:
                fields.append(RadiosField(f"{kind}-whose", _("Who gets it?"), group=group, inline=True,
                                          options=whose_options(f),
                                          required_message=_("Select who gets %(benefit)s") % {"benefit": group}))
            if kind in RATED:
                fields.append(RadiosField(f"{kind}-rate", _("Which rate?"), group=group, inline=True,
                                          options=[Option(v, label) for v, label in rates[kind]],
                                          required_message=_("Select the rate of %(benefit)s") % {"benefit": group}))
            fields.append(MoneyField(kind, _("How much?"), group=group,
                                     error_name=_("the amount of %(benefit)s") % {"benefit": group}))
        return fields

    benefit_amounts = Page(
        slug="benefit-amounts",
        title=_("How much you get"),
        intro=_("It is on your award letter or bank statement."),
        applies=lambda f: bool(f.benefits_with_amounts),
        build=amount_fields,
    )

    def circumstance_fields(f: Facts) -> list[Field]:
        def options(pension_age: bool, you: bool) -> list[Option]:
            found = []
            if not pension_age:
                found += [
                    Option("lcwra", _("A work capability assessment found limited capability for work and work-related activity (LCWRA)")),
                    Option("lcw", _("A work capability assessment found limited capability for work (LCW)")),
                    Option("severe_conditions", _("Terminally ill, or meets the severe conditions criteria")),
                ]
            found += [
                Option("carer", _("Cares for someone who is disabled for 35 hours a week or more")),
                Option("blind", _("Registered blind or severely sight impaired")),
                Option("pregnant", _("Pregnant")),
                Option("student", _("In full-time education")),
                Option("none", _("None of these"), exclusive=True),
            ]
            return found

        fields: list[Field] = [
            CheckboxesField(
                "you",
                _("Does any of this apply to you?"),
                hint=_("Select all that apply."),
                options=options(f.claimant_pension_age, True),
                required_message=_("Select what applies to you, or 'None of these'"),
                exclusive_message=_("Select what applies to you, or select 'None of these' on its own"),
            )
        ]
        if f.couple:
            fields.append(CheckboxesField(
                "partner",
                _("Does any of this apply to your partner?"),
                hint=_("Select all that apply."),
                options=options(f.partner_pension_age, False),
                required_message=_("Select what applies to your partner, or 'None of these'"),
                exclusive_message=_("Select what applies to your partner, or select 'None of these' on its own"),
            ))
        return fields

    def one_capability(values: dict[str, Any], f: Facts) -> list[FieldError]:
        errors = []
        for who in ("you", "partner"):
            chosen = values.get(who) or []
            if "lcw" in chosen and "lcwra" in chosen:
                errors.append(FieldError(_("Select either LCW or LCWRA, not both"), who))
        return errors

    circumstances = Page(
        slug="circumstances",
        title=_("Health, caring and other circumstances"),
        build=circumstance_fields,
        validate=one_capability,
    )

    uc_start = QuestionPage(
        slug="uc-start",
        title=_("When did your Universal Credit claim start?"),
        applies=lambda f: f.gets_universal_credit and f.health_element_possible and not f.pension_age_household,
        build=lambda f: [
            RadiosField(
                "started",
                _("When did your Universal Credit claim start?"),
                hint=_("The health part of Universal Credit is less for claims from 6 April 2026, unless you meet the severe conditions criteria."),
                options=[
                    Option("before_2017", _("Before 3 April 2017")),
                    Option("before_2026", _("From 3 April 2017 to 5 April 2026")),
                    Option("from_2026", _("On or after 6 April 2026")),
                    Option(UNKNOWN, _("I do not know")),
                ],
                required_message=_("Select when your Universal Credit claim started"),
            )
        ],
    )

    pensions = Page(
        slug="pensions",
        title=_("Pensions from work or private pensions"),
        applies=lambda f: f.anyone_pension_age,
        build=lambda f: [
            MoneyField("you", _("Your pensions from work or private pensions"),
                       hint=_("Before tax. Not the State Pension. Enter 0 if none."), error_name=_("your pension income")),
            *([MoneyField("partner", _("Your partner's pensions from work or private pensions"),
                          hint=_("Before tax. Not the State Pension. Enter 0 if none."),
                          error_name=_("your partner's pension income"))] if f.couple else []),
        ],
    )

    # --- Pension Credit savings credit: only for people born 6 April 1951 to 5 April 1953 ------------------
    def spa_2016_fields(f: Facts) -> list[Field]:
        questions = {
            "you": (_("Did you reach State Pension age before 6 April 2016?"),
                    _("Select whether you reached State Pension age before 6 April 2016")),
            "partner": (_("Did your partner reach State Pension age before 6 April 2016?"),
                        _("Select whether your partner reached State Pension age before 6 April 2016")),
        }
        return [
            RadiosField(
                who,
                questions[who][0],
                hint=_("A woman born before 6 April 1953 did. A man born on or after 6 April 1951 did not."),
                options=[Option("yes", _("Yes")), Option("no", _("No")), Option(UNKNOWN, _("I do not know"))],
                required_message=questions[who][1],
            )
            for who in f.spa_2016_question_for
        ]

    spa_2016 = Page(
        slug="state-pension-age-2016",
        title=_("When you reached State Pension age"),
        intro=_("Pension Credit has an extra part, the savings credit, only for people who reached State Pension "
                "age before 6 April 2016. For people born between 6 April 1951 and 5 April 1953 that depended on "
                "whether they are a man or a woman, so the date of birth does not tell us."),
        applies=lambda f: bool(f.spa_2016_question_for),
        build=spa_2016_fields,
    )

    # --- Marriage Allowance: only for a couple where one pays basic-rate tax and the other no tax ----------
    def marriage_allowance_matters(f: Facts) -> bool:
        if not f.couple:
            return False
        if any((b := f.born(w)) is not None and b < date(1935, 4, 6) for w in ("you", "partner")):
            return False  # Married Couple's Allowance instead (ITA 2007 s. 55B(2)(d)), which we don't work out
        allowance = parameters.node("hmrc.income_tax.allowances.personal_allowance").at(context.today).value
        bands = parameters.node("scotland.income_tax.rates" if council.country == "scotland"
                                else "hmrc.income_tax.rates.uk").at(context.today).value
        ma = parameters.node("hmrc.income_tax.marriage_allowance").at(context.today).value
        highest = ma.highest_rate_scotland if council.country == "scotland" else ma.highest_rate_uk
        basic_top = next((b.threshold for b in bands if b.rate > highest), None)
        you, partner = f.taxable_income("you"), f.taxable_income("partner")

        def gains(giver: Decimal, getter: Decimal) -> bool:
            return giver < allowance and getter > allowance and (basic_top is None or getter <= allowance + basic_top)

        return gains(you, partner) or gains(partner, you)

    marriage_allowance = QuestionPage(
        slug="marriage-allowance",
        title=_("Are you and your partner married or in a civil partnership?"),
        applies=marriage_allowance_matters,
        build=lambda f: [
            yes_no(
                "married",
                _("Are you and your partner married or in a civil partnership?"),
                hint=_("A married couple or civil partners can share part of a tax allowance, called Marriage "
                       "Allowance, when one of them earns less than £12,570 a year."),
                required_message=_("Select yes if you and your partner are married or in a civil partnership"),
            ),
            RadiosField(
                "allowance",
                _("Does either of you get Marriage Allowance?"),
                show_if=("married", "yes"),
                options=[
                    Option("no", _("No")),
                    Option("from_you", _("Yes, I gave part of my Personal Allowance to my partner")),
                    Option("from_partner", _("Yes, my partner gave part of their Personal Allowance to me")),
                    Option(UNKNOWN, _("I do not know")),
                ],
                required_message=_("Select whether either of you gets Marriage Allowance"),
            ),
        ],
    )

    savings = QuestionPage(
        slug="savings",
        title=_("How much do you have in savings?"),
        short=True,
        build=lambda f: [
            MoneyField(
                "savings",
                _("How much do you and your partner have in savings?") if f.couple else _("How much do you have in savings?"),
                hint=_("Include bank and building society accounts, cash, shares, and property that is not your home. Enter 0 if none."),
                error_name=_("your savings"),
                with_period=False,
                maximum=Decimal("10000000"),
            )
        ],
    )

    return [
        partner, date_of_birth, home, postcode, area, rent, council_tax, parish, people, children, eldest_child,
        other_adults, your_work, partner_work, childcare, benefits, benefit_amounts, circumstances, uc_start, pensions,
        spa_2016, marriage_allowance, savings,
    ]
