"""Each question type parses good input and refuses bad input with the GOV.UK message."""

from datetime import date

import pytest

from forms.questions import Invalid, make_question
from forms.schema import QuestionDef

TODAY = date(2026, 11, 23)


def q(**kw):
    kw.setdefault("id", "x")
    kw.setdefault("label", "Label")
    return make_question(QuestionDef(**kw))


def parse(question, raw):
    return question.parse(raw, today=TODAY)


def error(question, raw):
    result = parse(question, raw)
    assert isinstance(result, Invalid), result
    return result.message


# ---------------------------------------------------------------- text
def test_text_strips_and_keeps():
    assert parse(q(type="text", error_name="your first name"), {"x": "  Ann "}) == "Ann"


def test_text_required_message():
    assert error(q(type="text", error_name="your first name"), {"x": " "}) == "Enter your first name"


def test_text_too_long():
    question = q(type="text", error_name="your first name", max_length=5)
    assert error(question, {"x": "Annabel"}) == "First name must be 5 characters or less"


def test_optional_text_blank_is_none():
    assert parse(q(type="text", required=False), {"x": ""}) is None


# ---------------------------------------------------------------- number
@pytest.mark.parametrize("raw, value", [("3", "3"), ("1,200", "1200"), ("37.5", "37.5")])
def test_number_good(raw, value):
    assert parse(q(type="number", error_name="the hours worked"), {"x": raw}) == value


@pytest.mark.parametrize("raw, value", [("37.25", "37.25"), ("37.250", "37.250"), ("1e1", "10")])
def test_number_within_its_decimal_places(raw, value):
    assert parse(q(type="number", error_name="the hours worked", decimal_places=2), {"x": raw}) == value


@pytest.mark.parametrize(
    "raw, kw, message",
    [
        ("", {}, "Enter the hours worked"),
        ("ten", {}, "The hours worked must be a number"),
        ("2.5", {"whole_number": True}, "The hours worked must be a whole number"),
        ("-1", {"min": 0}, "The hours worked must be 0 or more"),
        ("101", {"max": 100}, "The hours worked must be 100 or less"),
        ("16.125", {"decimal_places": 2}, "The hours worked must not have more than 2 numbers after the decimal point"),
        ("1e-30", {"decimal_places": 2}, "The hours worked must not have more than 2 numbers after the decimal point"),
        ("NaN", {}, "The hours worked must be a number"),
        ("Infinity", {"max": 100}, "The hours worked must be a number"),
        ("1e400", {"max": 100, "decimal_places": 2}, "The hours worked must be 100 or less"),
    ],
)
def test_number_bad(raw, kw, message):
    assert error(q(type="number", error_name="the hours worked", **kw), {"x": raw}) == message


# ---------------------------------------------------------------- money with period
@pytest.mark.parametrize("raw", ["123.45", "£123.45", "123.450"[:-1], " 1,23.45".replace(" 1,", "1")])
def test_money_good(raw):
    assert parse(q(type="money", error_name="your rent"), {"x-amount": raw, "x-period": "week"}) == {"amount": "123.45", "period": "week"}


def test_money_whole_pounds_get_pence():
    assert parse(q(type="money", error_name="your rent"), {"x-amount": "£1,250", "x-period": "month"}) == {"amount": "1250.00", "period": "month"}


@pytest.mark.parametrize("raw", ["12.345", "abc", "-5", "1.2.3", "12p"])
def test_money_format_message(raw):
    question = q(type="money", error_name="your rent")
    assert error(question, {"x-amount": raw, "x-period": "week"}) == "Enter an amount in pounds and pence, like 123.45"


def test_money_required():
    assert error(q(type="money", error_name="your rent"), {"x-amount": "", "x-period": "week"}) == "Enter your rent"


def test_money_needs_a_period():
    question = q(type="money", error_name="your rent")
    result = parse(question, {"x-amount": "100"})
    assert result == Invalid("Select how often you get or pay this", "x-period")


def test_money_single_period_needs_no_choice():
    assert parse(q(type="money", error_name="your loan", periods=["year"]), {"x-amount": "9000"}) == {"amount": "9000.00", "period": "year"}


def test_money_display():
    question = q(type="money", error_name="your rent")
    assert question.display({"amount": "1250.00", "period": "month"}) == "£1,250.00 a month"
    assert question.display({"amount": "80.00", "period": "fortnight"}) == "£80.00 every 2 weeks"


# ---------------------------------------------------------------- date
def dob(**kw):
    return q(type="date", error_name="your date of birth", date_must_be="past", **kw)


def d(day, month, year):
    return {"x-day": day, "x-month": month, "x-year": year}


def test_date_good():
    assert parse(dob(), d("27", "3", "1958")) == "1958-03-27"


def test_date_month_name():
    assert parse(dob(), d("1", "Sept", "1958")) == "1958-09-01"


@pytest.mark.parametrize(
    "raw, message, field",
    [
        (d("", "", ""), "Enter your date of birth", "x-day"),
        (d("", "3", "1958"), "Date of birth must include a day", "x-day"),
        (d("27", "", ""), "Date of birth must include a month and year", "x-month"),
        (d("31", "2", "1958"), "Date of birth must be a real date", "x-day"),
        (d("1", "13", "1958"), "Date of birth must be a real date", "x-day"),
        (d("1", "3", "58"), "Year must include 4 numbers", "x-year"),
        (d("23", "11", "2026"), "Date of birth must be in the past", "x-day"),
    ],
)
def test_date_bad(raw, message, field):
    assert parse(dob(), raw) == Invalid(message, field)


def test_date_today_or_past_allows_today():
    question = q(type="date", error_name="the date you moved in", date_must_be="today_or_past")
    assert parse(question, d("23", "11", "2026")) == "2026-11-23"
    assert error(question, d("24", "11", "2026")) == "The date you moved in must be today or in the past"


def test_date_earliest():
    assert error(dob(earliest=date(1900, 1, 1)), d("31", "12", "1899")) == "Date of birth must be the same as or after 1 January 1900"


def test_date_display():
    assert dob().display("1958-03-07") == "7 March 1958"


# ---------------------------------------------------------------- yes/no, radios, checkboxes
def test_yes_no():
    question = q(type="yes_no", error_name="you live with a partner")
    assert parse(question, {"x": "yes"}) is True
    assert parse(question, {"x": "no"}) is False
    assert error(question, {}) == "Select yes if you live with a partner"
    assert question.display(True) == "Yes"


OPTIONS = [{"value": "a", "label": "Apple"}, {"value": "b", "label": "Banana"}, {"value": "none", "label": "None of these", "exclusive": True}]


def test_radios():
    question = q(type="radios", error_name="a fruit", options=OPTIONS)
    assert parse(question, {"x": "b"}) == "b"
    assert question.display("b") == "Banana"
    assert error(question, {}) == "Select a fruit"
    assert error(question, {"x": "cherry"}) == "Select a fruit"


class MultiDict(dict):
    def getlist(self, key):
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def test_checkboxes_keep_form_order():
    question = q(type="checkboxes", error_name="the fruit you like", options=OPTIONS)
    assert parse(question, MultiDict(x=["b", "a"])) == ["a", "b"]
    assert question.display(["a", "b"]) == "Apple\nBanana"


def test_checkboxes_exclusive_option_stands_alone():
    question = q(type="checkboxes", error_name="the fruit you like", options=OPTIONS)
    assert error(question, MultiDict(x=["a", "none"])) == "Select the fruit you like, or select ‘None of these’"
    assert error(question, MultiDict()) == "Select the fruit you like"


# ---------------------------------------------------------------- address
def addr(**kw):
    base = {"x-line1": "1 High Street", "x-line2": "", "x-town": "Leeds", "x-county": "", "x-postcode": "ls1 4ap"}
    base.update({f"x-{k}": v for k, v in kw.items()})
    return base


def test_address_normalises_postcode():
    value = parse(q(type="address", error_name="your address"), addr())
    assert value["postcode"] == "LS1 4AP"
    assert q(type="address", error_name="your address").display(value) == "1 High Street\nLeeds\nLS1 4AP"


@pytest.mark.parametrize(
    "kw, message, field",
    [
        ({"line1": ""}, "Enter address line 1, typically the building and street", "x-line1"),
        ({"town": ""}, "Enter town or city", "x-town"),
        ({"postcode": ""}, "Enter postcode", "x-postcode"),
        ({"postcode": "LS1"}, "Enter a full UK postcode", "x-postcode"),
        ({"postcode": "12345"}, "Enter a full UK postcode", "x-postcode"),
    ],
)
def test_address_bad(kw, message, field):
    assert parse(q(type="address", error_name="your address"), addr(**kw)) == Invalid(message, field)


# ---------------------------------------------------------------- NI number
@pytest.mark.parametrize("raw", ["AB123456C", "ab 12 34 56 c", "AB-12-34-56-C"])
def test_ni_number_good(raw):
    question = q(type="ni_number", error_name="your National Insurance number")
    assert parse(question, {"x": raw}) == "AB123456C"
    assert question.display("AB123456C") == "AB 12 34 56 C"


@pytest.mark.parametrize("raw", ["QQ123456C", "AB123456E", "AB12345C", "GB123456A", "DA123456A", "AO123456A"])
def test_ni_number_bad(raw):
    question = q(type="ni_number", error_name="your National Insurance number")
    assert error(question, {"x": raw}) == "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"


def test_ni_number_required():
    assert error(q(type="ni_number", error_name="your National Insurance number"), {"x": ""}) == "Enter your National Insurance number"


# ---------------------------------------------------------------- phone, email
@pytest.mark.parametrize("raw, value", [("01632 960 001", "01632960001"), ("07700 900982", "07700900982"), ("+44 808 157 0192", "08081570192"), ("+33 1 23 45 67 89", "+33123456789")])
def test_phone_good(raw, value):
    assert parse(q(type="phone", error_name="your phone number"), {"x": raw}) == value


@pytest.mark.parametrize("raw", ["12345", "0770090098212345", "phone me"])
def test_phone_bad(raw):
    assert error(q(type="phone", error_name="your phone number"), {"x": raw}) == (
        "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
    )


def test_email():
    question = q(type="email", error_name="your email address")
    assert parse(question, {"x": "name@example.com"}) == "name@example.com"
    assert error(question, {"x": "name@example"}) == "Enter an email address in the correct format, like name@example.com"
    assert error(question, {"x": ""}) == "Enter your email address"


# ---------------------------------------------------------------- bank details
def bank(**kw):
    base = {"x-name": "Ann Smith", "x-sort_code": "30-94-30", "x-account_number": "00733445", "x-roll_number": ""}
    base.update({f"x-{k}": v for k, v in kw.items()})
    return base


def test_bank_details_good():
    question = q(type="bank_details")
    value = parse(question, bank())
    assert value == {"name": "Ann Smith", "sort_code": "309430", "account_number": "00733445", "roll_number": ""}
    assert question.display(value) == "Ann Smith\nSort code: 30-94-30\nAccount number: 00733445"


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"name": ""}, "Enter the name on the account"),
        ({"sort_code": ""}, "Enter a sort code"),
        ({"sort_code": "3094"}, "Enter a valid sort code like 309430"),
        ({"account_number": ""}, "Enter an account number"),
        ({"account_number": "0073A445"}, "Enter a valid account number like 00733445"),
        ({"account_number": "12345"}, "Account number must be between 6 and 8 digits"),
    ],
)
def test_bank_details_bad(kw, message):
    assert error(q(type="bank_details"), bank(**kw)) == message


# ---------------------------------------------------------------- file upload (metadata only)
def test_file_upload_metadata():
    question = q(type="file", error_name="a payslip", accept=["application/pdf", "image/jpeg"], max_size_mb=5)
    meta = {"u1": {"filename": "payslip.pdf", "content_type": "application/pdf", "size_bytes": 1000}}
    assert question.parse({"x-upload_id": "u1"}, metadata=meta) == [
        {"filename": "payslip.pdf", "content_type": "application/pdf", "size_bytes": 1000, "upload_id": "u1"}
    ]
    assert question.parse({}, metadata=meta).message == "Select a payslip"
    bad = {"u1": {"filename": "a.doc", "content_type": "application/msword", "size_bytes": 10}}
    assert question.parse({"x-upload_id": "u1"}, metadata=bad).message == "The selected file must be PDF or JPG"
    big = {"u1": {"filename": "a.pdf", "content_type": "application/pdf", "size_bytes": 6 * 1024 * 1024}}
    assert question.parse({"x-upload_id": "u1"}, metadata=big).message == "The selected file must be smaller than 5MB"


def test_custom_message_overrides_default():
    question = q(type="text", error_name="your name", messages={"required": "Tell us your name"})
    assert error(question, {}) == "Tell us your name"
