"""One class per question type. Each parses its own raw form input and shows its own answer.

``parse(raw, today=...)`` takes the submitted form data (a plain mapping or Starlette's
``FormData``; checkboxes read every value with ``getlist``) and returns the answer as a
JSON-friendly value (Decimal as a string, dates ISO), ``None`` for an optional question
left blank, or an ``Invalid`` carrying a GOV.UK-style error message and the id of the input
the error summary should link to.

Input names follow GOV.UK Frontend: a question ``dob`` is inputs ``dob-day``,
``dob-month``, ``dob-year``; money is ``pay-amount`` and ``pay-period``; an address is
``home-line1``, ``home-line2``, ``home-town``, ``home-county``, ``home-postcode``; bank
details are ``bank-name``, ``bank-sort_code``, ``bank-account_number``, ``bank-roll_number``.

Error messages follow the GOV.UK Design System's wording for each component. They are
built from the question's ``error_name`` ("your date of birth"): "Enter your date of
birth", "Date of birth must be in the past" (a leading "your" is dropped where the phrase
starts the sentence). A definition can override any message by key in ``messages``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar, Mapping

from calculators.core.periods import Period

from .conditions import Ref
from .i18n import _

if TYPE_CHECKING:
    from .schema import QuestionDef


@dataclass(frozen=True)
class Invalid:
    """Why an answer was refused, and which input to link to from the error summary."""

    message: str
    field: str


def _get(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return "" if value is None else str(value).strip()


def _getlist(raw: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(raw, "getlist"):
        values = raw.getlist(name)
    else:
        value = raw.get(name)
        values = value if isinstance(value, list) else ([] if value is None else [value])
    return [str(v).strip() for v in values if str(v).strip()]


def _subject(error_name: str) -> str:
    """'your date of birth' -> 'Date of birth'; "your partner's date of birth" -> "Partner's date of birth"."""
    phrase = error_name[5:] if error_name.lower().startswith("your ") else error_name
    return phrase[:1].upper() + phrase[1:]


def long_date(value: date) -> str:
    """GOV.UK style: 5 January 2026 (no leading zero, no ordinal)."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def _money_text(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


class Question:
    """A question on a page: parses and shows its own answers."""

    type: ClassVar[str]
    kind: ClassVar[str] = "text"  # how conditions see the answer
    defaults: ClassVar[dict[str, str]] = {}

    def __init__(self, definition: QuestionDef) -> None:
        self.definition = definition
        self.id = definition.id
        self.label = definition.label
        self.hint = definition.hint
        self.required = definition.required

    # ----- messages
    def message(self, key: str, **values: Any) -> str:
        template = self.definition.messages.get(key) or _(self.defaults[key])
        name = self.definition.error_name or self.label.rstrip("?").lower()
        return template.format(name=name, Subject=_subject(name), **values)

    # ----- inputs
    @property
    def first_field(self) -> str:
        return self.id

    def parse(self, raw: Mapping[str, Any], *, today: date | None = None) -> Any:
        raise NotImplementedError

    def display(self, value: Any) -> str:
        return "" if value is None else str(value)

    def to_form(self, value: Any) -> dict[str, Any]:
        """The input values that show ``value`` again (for a page being revisited)."""
        return {self.id: "" if value is None else str(value)}

    def reference(self) -> Ref:
        return Ref(self.kind)

    def is_blank(self, raw: Mapping[str, Any]) -> bool:
        return not _get(raw, self.id)

    def _missing(self) -> Invalid | None:
        return Invalid(self.message("required"), self.first_field) if self.required else None


class TextQuestion(Question):
    type = "text"
    defaults = {
        "required": "Enter {name}",
        "too_long": "{Subject} must be {max_length} characters or less",
    }

    def parse(self, raw, *, today=None):
        text = _get(raw, self.id)
        if not text:
            return self._missing()
        limit = self.definition.max_length
        if limit is not None and len(text) > limit:
            return Invalid(self.message("too_long", max_length=limit), self.id)
        return text


class NumberQuestion(Question):
    type = "number"
    kind = "number"
    defaults = {
        "required": "Enter {name}",
        "not_a_number": "{Subject} must be a number",
        "not_whole": "{Subject} must be a whole number",
        "too_precise": "{Subject} must not have more than {places} numbers after the decimal point",
        "too_small": "{Subject} must be {min} or more",
        "too_big": "{Subject} must be {max} or less",
    }

    def parse(self, raw, *, today=None):
        text = _get(raw, self.id).replace(",", "")
        if not text:
            return self._missing()
        try:
            number = Decimal(text)
        except InvalidOperation:
            return Invalid(self.message("not_a_number"), self.id)
        if not number.is_finite():
            return Invalid(self.message("not_a_number"), self.id)
        d = self.definition
        if d.whole_number and number != number.to_integral_value():
            return Invalid(self.message("not_whole"), self.id)
        if d.min is not None and number < d.min:
            return Invalid(self.message("too_small", min=_plain(d.min)), self.id)
        if d.max is not None and number > d.max:
            return Invalid(self.message("too_big", max=_plain(d.max)), self.id)
        if d.decimal_places is not None and -number.normalize().as_tuple().exponent > d.decimal_places:
            return Invalid(self.message("too_precise", places=d.decimal_places), self.id)
        return _plain(number)

    def display(self, value):
        return "" if value is None else str(value)


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")
    return text


_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")


class MoneyQuestion(Question):
    """An amount in pounds and pence and how often it is paid; stored as {"amount": "123.45", "period": "week"}."""

    type = "money"
    kind = "money"
    defaults = {
        "required": "Enter {name}",
        "format": "Enter an amount in pounds and pence, like 123.45",
        "too_small": "{Subject} must be {min} or more",
        "too_big": "{Subject} must be {max} or less",
        "period": "Select how often you get or pay this",
    }

    @property
    def first_field(self) -> str:
        return f"{self.id}-amount"

    @property
    def periods(self) -> list[Period]:
        return [Period(p) for p in self.definition.periods] if self.definition.periods else list(Period)

    def is_blank(self, raw):
        return not _get(raw, f"{self.id}-amount")

    def parse(self, raw, *, today=None):
        text = _get(raw, f"{self.id}-amount").replace(",", "").replace(" ", "")
        if text.startswith("£"):
            text = text[1:]
        period_text = _get(raw, f"{self.id}-period")
        if len(self.periods) == 1 and not period_text:
            period_text = self.periods[0].value
        if not text:
            return self._missing()
        if not _MONEY.match(text):
            return Invalid(self.message("format"), f"{self.id}-amount")
        amount = Decimal(text).quantize(Decimal("0.01"))
        d = self.definition
        if d.min is not None and amount < d.min:
            return Invalid(self.message("too_small", min=_money_text(d.min)), f"{self.id}-amount")
        if d.max is not None and amount > d.max:
            return Invalid(self.message("too_big", max=_money_text(d.max)), f"{self.id}-amount")
        if period_text not in {p.value for p in self.periods}:
            return Invalid(self.message("period"), f"{self.id}-period")
        return {"amount": str(amount), "period": period_text}

    def display(self, value):
        if value is None:
            return ""
        return f"{_money_text(Decimal(value['amount']))} {Period(value['period']).noun}"

    def to_form(self, value):
        if value is None:
            return {f"{self.id}-amount": "", f"{self.id}-period": ""}
        return {f"{self.id}-amount": value["amount"], f"{self.id}-period": value["period"]}


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}


class _PartsQuestion(Question):
    """A question answered in several fields, named ``<id>-<part>`` (a date, an address, bank details)."""

    parts: tuple[str, ...] = ()

    @property
    def first_field(self) -> str:
        return f"{self.id}-{self.parts[0]}"

    def is_blank(self, raw):
        return not any(_get(raw, f"{self.id}-{p}") for p in self.parts)

    def part_values(self, raw) -> dict[str, str]:
        return {p: _get(raw, f"{self.id}-{p}") for p in self.parts}


class DateQuestion(_PartsQuestion):
    """GOV.UK date input: day, month and year boxes. Stored as an ISO date."""

    type = "date"
    kind = "date"
    parts = ("day", "month", "year")
    defaults = {
        "required": "Enter {name}",
        "missing": "{Subject} must include a {parts}",
        "year_digits": "Year must include 4 numbers",
        "real": "{Subject} must be a real date",
        "past": "{Subject} must be in the past",
        "future": "{Subject} must be in the future",
        "today_or_past": "{Subject} must be today or in the past",
        "today_or_future": "{Subject} must be today or in the future",
        "earliest": "{Subject} must be the same as or after {date}",
        "latest": "{Subject} must be the same as or before {date}",
    }

    def parse(self, raw, *, today=None):
        today = today or date.today()
        parts = self.part_values(raw)
        if not any(parts.values()):
            return self._missing()
        missing = [p for p in self.parts if not parts[p]]
        if missing:
            names = " and ".join(missing) if len(missing) < 3 else "day, month and year"
            return Invalid(self.message("missing", parts=names), f"{self.id}-{missing[0]}")
        month_text = parts["month"].lower()
        month = _MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else None)
        if not parts["day"].isdigit() or month is None:
            field = "day" if not parts["day"].isdigit() else "month"
            return Invalid(self.message("real"), f"{self.id}-{field}")
        if not (parts["year"].isdigit() and len(parts["year"]) == 4):
            return Invalid(self.message("year_digits"), f"{self.id}-year")
        try:
            value = date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            return Invalid(self.message("real"), f"{self.id}-day")
        rule = self.definition.date_must_be
        broken = {
            "past": value >= today,
            "future": value <= today,
            "today_or_past": value > today,
            "today_or_future": value < today,
        }
        if rule and broken[rule]:
            return Invalid(self.message(rule), f"{self.id}-day")
        d = self.definition
        if d.earliest is not None and value < d.earliest:
            return Invalid(self.message("earliest", date=long_date(d.earliest)), f"{self.id}-day")
        if d.latest is not None and value > d.latest:
            return Invalid(self.message("latest", date=long_date(d.latest)), f"{self.id}-day")
        return value.isoformat()

    def display(self, value):
        return "" if value is None else long_date(date.fromisoformat(value))

    def to_form(self, value):
        if value is None:
            return {f"{self.id}-{p}": "" for p in self.parts}
        d = date.fromisoformat(value)
        return {f"{self.id}-day": str(d.day), f"{self.id}-month": str(d.month), f"{self.id}-year": str(d.year)}


class YesNoQuestion(Question):
    """Two radios, Yes and No; stored as true or false."""

    type = "yes_no"
    kind = "bool"
    defaults = {"required": "Select yes if {name}"}

    def parse(self, raw, *, today=None):
        text = _get(raw, self.id).lower()
        if text in ("yes", "true"):
            return True
        if text in ("no", "false"):
            return False
        if not text:
            return self._missing()
        return Invalid(self.message("required"), self.id)

    def display(self, value):
        return "" if value is None else (_("Yes") if value else _("No"))

    def to_form(self, value):
        return {self.id: "" if value is None else ("yes" if value else "no")}


class RadiosQuestion(Question):
    type = "radios"
    defaults = {"required": "Select {name}"}

    @property
    def options(self):
        return self.definition.options or []

    def parse(self, raw, *, today=None):
        text = _get(raw, self.id)
        if not text:
            return self._missing()
        if text not in {o.value for o in self.options}:
            return Invalid(self.message("required"), self.id)
        return text

    def display(self, value):
        labels = {o.value: o.label for o in self.options}
        return "" if value is None else labels.get(value, value)

    def reference(self):
        return Ref("text", tuple(o.value for o in self.options))


class CheckboxesQuestion(Question):
    """Stored as a list of option values. An ``exclusive`` option ("None of these") stands alone."""

    type = "checkboxes"
    kind = "list"
    defaults = {
        "required": "Select {name}",
        "exclusive": "Select {name}, or select ‘{option}’",
    }

    @property
    def options(self):
        return self.definition.options or []

    def parse(self, raw, *, today=None):
        chosen = _getlist(raw, self.id)
        if not chosen:
            return self._missing() if self.required else []
        known = [o.value for o in self.options]
        if any(c not in known for c in chosen):
            return Invalid(self.message("required"), self.id)
        exclusive = [o for o in self.options if o.exclusive and o.value in chosen]
        if exclusive and len(chosen) > 1:
            return Invalid(self.message("exclusive", option=exclusive[0].label), self.id)
        return [v for v in known if v in chosen]  # in the order the form shows them

    def is_blank(self, raw):
        return not _getlist(raw, self.id)

    def display(self, value):
        labels = {o.value: o.label for o in self.options}
        return "\n".join(labels.get(v, v) for v in value or [])

    def to_form(self, value):
        return {self.id: list(value or [])}

    def reference(self):
        return Ref("list", tuple(o.value for o in self.options))


# A full UK postcode, as GOV.UK's address pattern checks it (format only; no lookup).
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_postcode(text: str) -> str | None:
    compact = re.sub(r"\s+", "", text.upper())
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


class AddressQuestion(_PartsQuestion):
    """A UK address typed in (GOV.UK 'Addresses' pattern, manual entry)."""

    type = "address"
    kind = "text"
    parts = ("line1", "line2", "town", "county", "postcode")
    defaults = {
        "line1": "Enter address line 1, typically the building and street",
        "town": "Enter town or city",
        "postcode": "Enter postcode",
        "postcode_format": "Enter a full UK postcode",
        "required": "Enter {name}",
    }

    def parse(self, raw, *, today=None):
        values = self.part_values(raw)
        if not any(values.values()):
            return self._missing()
        if not values["line1"]:
            return Invalid(self.message("line1"), f"{self.id}-line1")
        if not values["town"]:
            return Invalid(self.message("town"), f"{self.id}-town")
        if not values["postcode"]:
            return Invalid(self.message("postcode"), f"{self.id}-postcode")
        postcode = normalise_postcode(values["postcode"])
        if postcode is None:
            return Invalid(self.message("postcode_format"), f"{self.id}-postcode")
        values["postcode"] = postcode
        return values

    def display(self, value):
        if value is None:
            return ""
        return "\n".join(value[p] for p in self.parts if value.get(p))

    def to_form(self, value):
        return {f"{self.id}-{p}": (value or {}).get(p, "") for p in self.parts}


# HMRC's rules for a National Insurance number's format: two prefix letters (D, F, I, Q, U,
# V never used; O never second; BG, GB, KN, NK, NT, TN, ZZ never allocated), six digits,
# a suffix A to D.
_NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")


class NationalInsuranceQuestion(Question):
    type = "ni_number"
    defaults = {
        "required": "Enter {name}",
        "format": "Enter a National Insurance number in the correct format, like QQ 12 34 56 C",
    }

    def parse(self, raw, *, today=None):
        text = re.sub(r"[\s-]", "", _get(raw, self.id).upper())
        if not text:
            return self._missing()
        if not _NINO.match(text):
            return Invalid(self.message("format"), self.id)
        return text

    def display(self, value):
        if not value:
            return ""
        return f"{value[:2]} {value[2:4]} {value[4:6]} {value[6:8]} {value[8:]}"


class PhoneQuestion(Question):
    """A UK or international phone number: spaces, brackets and dashes are allowed."""

    type = "phone"
    defaults = {
        "required": "Enter {name}",
        "format": "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
    }

    def parse(self, raw, *, today=None):
        text = _get(raw, self.id)
        if not text:
            return self._missing()
        compact = re.sub(r"[\s()\-.]", "", text)
        if compact.startswith("+44"):
            national = "0" + compact[3:].lstrip("0")
        elif compact.startswith("0044"):
            national = "0" + compact[4:].lstrip("0")
        elif compact.startswith("+"):
            if re.fullmatch(r"\+\d{8,15}", compact):
                return compact
            return Invalid(self.message("format"), self.id)
        else:
            national = compact
        if not re.fullmatch(r"0\d{9,10}", national):
            return Invalid(self.message("format"), self.id)
        return national

    def display(self, value):
        return value or ""


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


class EmailQuestion(Question):
    type = "email"
    defaults = {
        "required": "Enter {name}",
        "format": "Enter an email address in the correct format, like name@example.com",
    }

    def parse(self, raw, *, today=None):
        text = _get(raw, self.id)
        if not text:
            return self._missing()
        if not _EMAIL.match(text) or ".." in text:
            return Invalid(self.message("format"), self.id)
        return text

    def display(self, value):
        return value or ""


class BankDetailsQuestion(_PartsQuestion):
    """GOV.UK 'Bank details' pattern: name on the account, sort code, account number, roll number."""

    type = "bank_details"
    parts = ("name", "sort_code", "account_number", "roll_number")
    defaults = {
        "required": "Enter the name on the account",
        "name": "Enter the name on the account",
        "sort_code": "Enter a sort code",
        "sort_code_format": "Enter a valid sort code like 309430",
        "account_number": "Enter an account number",
        "account_number_format": "Enter a valid account number like 00733445",
        "account_number_length": "Account number must be between 6 and 8 digits",
        "roll_number_length": "Building society roll number must be between 1 and 18 characters",
    }

    def parse(self, raw, *, today=None):
        values = self.part_values(raw)
        if not any(values.values()):
            return self._missing()
        if not values["name"]:
            return Invalid(self.message("name"), f"{self.id}-name")
        sort_code = re.sub(r"[\s\-]", "", values["sort_code"])
        if not sort_code:
            return Invalid(self.message("sort_code"), f"{self.id}-sort_code")
        if not re.fullmatch(r"\d{6}", sort_code):
            return Invalid(self.message("sort_code_format"), f"{self.id}-sort_code")
        account = re.sub(r"[\s\-]", "", values["account_number"])
        if not account:
            return Invalid(self.message("account_number"), f"{self.id}-account_number")
        if not account.isdigit():
            return Invalid(self.message("account_number_format"), f"{self.id}-account_number")
        if not 6 <= len(account) <= 8:
            return Invalid(self.message("account_number_length"), f"{self.id}-account_number")
        roll = values["roll_number"]
        if len(roll) > 18:
            return Invalid(self.message("roll_number_length"), f"{self.id}-roll_number")
        return {"name": values["name"], "sort_code": sort_code, "account_number": account, "roll_number": roll}

    def display(self, value):
        if value is None:
            return ""
        sc = value["sort_code"]
        lines = [value["name"], f"Sort code: {sc[:2]}-{sc[2:4]}-{sc[4:]}", f"Account number: {value['account_number']}"]
        if value.get("roll_number"):
            lines.append(f"Building society roll number: {value['roll_number']}")
        return "\n".join(lines)

    def to_form(self, value):
        return {f"{self.id}-{p}": (value or {}).get(p, "") for p in self.parts}


class FileUploadQuestion(Question):
    """A document the person uploads. This engine only checks the metadata the upload service
    records; the upload itself (virus scan, storage) is the web layer's work.

    The answer is a list of ``{"upload_id", "filename", "content_type", "size_bytes"}``; the
    form posts ``<id>-upload_id`` values the upload service issued and ``metadata`` maps each
    id to its record.
    """

    type = "file"
    kind = "list"
    defaults = {
        "required": "Select {name}",
        "type": "The selected file must be {types}",
        "size": "The selected file must be smaller than {size}MB",
        "empty": "The selected file is empty",
    }
    TYPES = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG", "image/heic": "HEIC"}

    @property
    def first_field(self) -> str:
        return self.id

    def is_blank(self, raw):
        return not _getlist(raw, f"{self.id}-upload_id")

    def parse(self, raw, *, today=None, metadata: Mapping[str, Mapping[str, Any]] | None = None):
        ids = _getlist(raw, f"{self.id}-upload_id")
        if not ids:
            return self._missing() if self.required else []
        files = []
        for upload_id in ids:
            meta = (metadata or {}).get(upload_id)
            if meta is None:
                return self._missing() or Invalid(self.message("required"), self.id)
            problem = self.check_metadata(meta)
            if problem:
                return problem
            files.append({k: meta[k] for k in ("filename", "content_type", "size_bytes")} | {"upload_id": upload_id})
        return files

    def check_metadata(self, meta: Mapping[str, Any]) -> Invalid | None:
        accept = self.definition.accept or list(self.TYPES)
        if meta.get("content_type") not in accept:
            names = [self.TYPES.get(t, t) for t in accept]
            types = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
            return Invalid(self.message("type", types=types), self.id)
        size = int(meta.get("size_bytes") or 0)
        if size == 0:
            return Invalid(self.message("empty"), self.id)
        limit = self.definition.max_size_mb or 10
        if size > limit * 1024 * 1024:
            return Invalid(self.message("size", size=limit), self.id)
        return None

    def display(self, value):
        return "\n".join(f["filename"] for f in value or [])

    def to_form(self, value):
        return {f"{self.id}-upload_id": [f["upload_id"] for f in value or []]}


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (
        TextQuestion, NumberQuestion, MoneyQuestion, DateQuestion, YesNoQuestion, RadiosQuestion,
        CheckboxesQuestion, AddressQuestion, NationalInsuranceQuestion, PhoneQuestion, EmailQuestion,
        BankDetailsQuestion, FileUploadQuestion,
    )
}


def make_question(definition: QuestionDef) -> Question:
    return QUESTION_TYPES[definition.type](definition)
