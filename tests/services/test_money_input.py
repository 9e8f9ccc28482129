"""Money as people type it: exact parsing, specific messages, exact conversion."""

from decimal import Decimal

import pytest

from app.services.money_input import (
    PERIOD_CHOICES,
    MoneyAmount,
    MoneyError,
    format_money,
    format_money_per,
    parse_money,
    parse_period,
    read_money,
)
from calculators.core.money import pennies
from calculators.core.periods import FORTNIGHT, FOUR_WEEKS, MONTH, WEEK, YEAR


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("£1,200.50", "1200.50"),
        ("1200", "1200.00"),
        (" 45.5 ", "45.50"),
        ("£ 450", "450.00"),
        ("0", "0.00"),
        (".5", "0.50"),
        ("450.", "450.00"),
        ("12,345", "12345.00"),
        ("100000", "100000.00"),
        ("99.990", "99.99"),  # a trailing zero adds no precision
    ],
)
def test_amounts_people_type_are_read_exactly(typed, expected):
    amount = parse_money(typed, name="your rent")
    assert isinstance(amount, Decimal)
    assert amount == Decimal(expected)
    assert str(amount) == expected


def test_an_empty_box_asks_for_the_field_by_name():
    for typed in ("", "   ", None):
        with pytest.raises(MoneyError) as err:
            parse_money(typed, name="your rent")
        assert err.value.message == "Enter your rent"


@pytest.mark.parametrize("typed", ["abc", "1,2,3", "12,34", "1e3", "NaN", "Infinity", "£", ".", "4 5 0", "٤٥٠", "1" * 41])
def test_text_that_is_not_a_number_gets_the_number_message(typed):
    with pytest.raises(MoneyError) as err:
        parse_money(typed, name="your rent")
    assert err.value.message == "Enter your rent as a number, like 450 or 450.50"


def test_negative_amounts_are_refused_with_the_minimum():
    for typed in ("-50", "£-50", "\u221250", "-0.01"):
        with pytest.raises(MoneyError) as err:
            parse_money(typed, name="your rent")
        assert err.value.message == "Rent must be £0 or more"


def test_the_maximum_is_allowed_and_a_penny_more_is_not():
    assert parse_money("100,000.00", name="your rent") == Decimal("100000")
    with pytest.raises(MoneyError) as err:
        parse_money("100000.01", name="your rent")
    assert err.value.message == "Rent must be £100,000 or less"


def test_too_many_decimal_places_gets_its_own_message():
    with pytest.raises(MoneyError) as err:
        parse_money("450.505", name="your rent")
    assert err.value.message == "Rent must not have more than 2 numbers after the decimal point, like 450.50"


def test_limits_and_examples_can_be_set_per_question():
    with pytest.raises(MoneyError) as err:
        parse_money("5", name="the childcare costs", minimum=Decimal("10.50"), example=("300", "300.25"))
    assert err.value.message == "Childcare costs must be £10.50 or more"
    with pytest.raises(MoneyError) as err:
        parse_money("x", name="the childcare costs", example=("300", "300.25"))
    assert err.value.message == "Enter the childcare costs as a number, like 300 or 300.25"


@pytest.mark.parametrize(
    ("typed", "period"),
    [
        ("week", WEEK), ("weekly", WEEK),
        ("fortnight", FORTNIGHT), ("2 weeks", FORTNIGHT), ("Every 2 weeks", FORTNIGHT),
        ("four_weeks", FOUR_WEEKS), ("4 weeks", FOUR_WEEKS),
        ("month", MONTH), ("Monthly", MONTH),
        ("year", YEAR), ("annually", YEAR),
        (MONTH, MONTH),
    ],
)
def test_periods_are_read_from_their_values_or_words(typed, period):
    assert parse_period(typed, name="your rent") is period


def test_every_radio_choice_reads_back_as_its_period():
    for period, words in PERIOD_CHOICES:
        assert parse_period(period.value, name="x") is period
        assert parse_period(words, name="x") is period


def test_a_missing_period_asks_how_often():
    with pytest.raises(MoneyError) as err:
        parse_period("", name="your rent")
    assert err.value.message == "Select how often your rent is paid"
    with pytest.raises(MoneyError) as err:
        parse_period("daily", name="your rent", question="Select how often you pay rent")
    assert err.value.message == "Select how often you pay rent"


def test_weekly_and_monthly_conversion_is_exact():
    rent = MoneyAmount(Decimal("450.00"), MONTH)
    assert rent.weekly == Decimal("450.00") * 12 / 52
    assert pennies(rent.weekly) == Decimal("103.85")  # 450 × 12 ÷ 52 = 103.846…
    assert rent.monthly == Decimal("450.00")
    assert MoneyAmount(Decimal("100"), WEEK).monthly == Decimal("100") * 52 / 12
    assert MoneyAmount(Decimal("200"), FORTNIGHT).weekly == Decimal("100")
    assert MoneyAmount(Decimal("400"), FOUR_WEEKS).weekly == Decimal("100")
    assert MoneyAmount(Decimal("5200"), YEAR).weekly == Decimal("100")
    assert MoneyAmount(Decimal("1200"), YEAR).monthly == Decimal("100")


def test_an_answer_becomes_the_engines_amount():
    amount = MoneyAmount(Decimal("98.50"), WEEK).to_amount()
    assert amount.amount == Decimal("98.50") and amount.period is WEEK


def test_both_fields_are_checked_and_what_was_typed_is_kept():
    field = read_money("4S0", "", name="your rent")
    assert not field.ok and field.value is None
    assert field.amount_text == "4S0"
    assert field.errors == {
        "amount": "Enter your rent as a number, like 450 or 450.50",
        "period": "Select how often your rent is paid",
    }
    good = read_money(" £1,200.50 ", "2 weeks", name="your rent")
    assert good.ok and good.errors == {}
    assert good.value == MoneyAmount(Decimal("1200.50"), FORTNIGHT)
    assert good.value.weekly == Decimal("600.25")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1234.56", "£1,234.56"),
        ("0", "£0.00"),
        ("1234567.891", "£1,234,567.89"),
        ("0.005", "£0.01"),  # half a penny up
        ("-12.5", "\u2212£12.50"),
    ],
)
def test_money_is_written_in_pounds_and_pence(amount, text):
    assert format_money(Decimal(amount)) == text


def test_whole_pounds_round_once_half_up():
    assert format_money(Decimal("0.495"), pence=False) == "£0"
    assert format_money(Decimal("1499.50"), pence=False) == "£1,500"
    assert format_money_per(Decimal("424.9"), MONTH) == "£424.90 a month"


def test_floats_are_refused():
    with pytest.raises(TypeError):
        format_money(12.5)  # type: ignore[arg-type]
