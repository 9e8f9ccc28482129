"""The kinds of question on a "Check what you can get" page, each reading and checking its own inputs.

A field reads the submitted form (`parse`), returning the answer in a JSON-friendly shape
(strings, lists and small dicts; money as a string of pounds and pence) and any errors,
each with the id of the input the error summary links to. `shown` gives back what to put
in the inputs: what was typed when a page is shown again with errors, or the stored
answer when someone comes back to a page. `summary` is the answer in words for "Check
your answers". Messages follow the GOV.UK Design System's wording for each component.

Input names follow GOV.UK Frontend: a date `dob` is `dob-day`, `dob-month`, `dob-year`;
money `rent` is `rent-amount` and `rent-period`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from app.i18n import gettext as _
from app.services.money_input import PERIOD_CHOICES, MoneyError, format_money, parse_money, read_money
from calculators.core.periods import Period

UNKNOWN = "unknown"


class FormLike(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...


@dataclass(frozen=True)
class FieldError:
    message: str
    target: str
    """The id of the input the error summary links to."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str | None = None
    exclusive: bool = False
    """A 'None of these' checkbox, chosen on its own."""


def _text(form: FormLike, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _sentence(text: str) -> str:
    for lead in ("your ", "the ", "their "):
        if text.lower().startswith(lead):
            text = text[len(lead):]
            break
    return text[:1].upper() + text[1:]


@dataclass
class Field:
    """Common parts: the answer's key on the page, the words, and when it is shown."""

    name: str
    label: str
    hint: str | None = None
    show_if: tuple[str, str] | None = None
    """(radio field name, value): a follow-up revealed by choosing that radio option."""
    group: str | None = None
    """A heading over several fields about one person, such as 'Child 1'."""

    kind = "field"

    @property
    def id(self) -> str:
        return self.name

    def parse(self, form: FormLike) -> tuple[Any, list[FieldError]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def typed(self, form: FormLike) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def shown(self, value: Any) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def summary(self, value: Any) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class RadiosField(Field):
    options: list[Option] = field(default_factory=list)
    required_message: str = ""
    inline: bool = False
    kind = "radios"

    def parse(self, form: FormLike) -> tuple[Any, list[FieldError]]:
        value = _text(form, self.name)
        if value not in {o.value for o in self.options}:
            return None, [FieldError(self.required_message, self.id)]
        return value, []

    def typed(self, form: FormLike) -> dict[str, Any]:
        return {"value": _text(form, self.name)}

    def shown(self, value: Any) -> dict[str, Any]:
        return {"value": value or ""}

    def summary(self, value: Any) -> str:
        return next((o.label for o in self.options if o.value == value), "")


def yes_no(name: str, label: str, *, required_message: str, hint: str | None = None) -> RadiosField:
    return RadiosField(
        name=name,
        label=label,
        hint=hint,
        options=[Option("yes", _("Yes")), Option("no", _("No"))],
        required_message=required_message,
        inline=True,
    )


@dataclass
class CheckboxesField(Field):
    options: list[Option] = field(default_factory=list)
    required_message: str = ""
    exclusive_message: str = ""
    kind = "checkboxes"

    def parse(self, form: FormLike) -> tuple[Any, list[FieldError]]:
        known = {o.value: o for o in self.options}
        chosen = [v for v in dict.fromkeys(form.getlist(self.name)) if v in known]
        if not chosen:
            return None, [FieldError(self.required_message, self.id)]
        if len(chosen) > 1 and any(known[v].exclusive for v in chosen):
            return None, [FieldError(self.exclusive_message, self.id)]
        return chosen, []

    def typed(self, form: FormLike) -> dict[str, Any]:
        return {"values": list(form.getlist(self.name))}

    def shown(self, value: Any) -> dict[str, Any]:
        return {"values": list(value or [])}

    def summary(self, value: Any) -> str:
        return "\n".join(o.label for o in self.options if o.value in (value or []))


@dataclass
class NumberField(Field):
    error_name: str = ""
    """What is asked for, as it reads after 'Enter': 'the number of children'."""
    minimum: int = 0
    maximum: int = 100
    whole: bool = True
    suffix: str | None = None
    example: str = "2"
    kind = "number"

    def parse(self, form: FormLike) -> tuple[Any, list[FieldError]]:
        text = _text(form, self.name).replace(",", "")
        subject = _sentence(self.error_name)
        if not text:
            return None, [FieldError(_("Enter %(thing)s") % {"thing": self.error_name}, self.id)]
        pattern = r"^[0-9]+$" if self.whole else r"^[0-9]+(\.[0-9]{1,2})?$"
        if not re.match(pattern, text):
            message = (
                _("%(thing)s must be a whole number, like %(example)s")
                if self.whole
                else _("%(thing)s must be a number, like %(example)s")
            )
            return None, [FieldError(message % {"thing": subject, "example": self.example}, self.id)]
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            return None, [FieldError(_("Enter %(thing)s") % {"thing": self.error_name}, self.id)]
        if number < self.minimum:
            return None, [FieldError(_("%(thing)s must be %(n)s or more") % {"thing": subject, "n": self.minimum}, self.id)]
        if number > self.maximum:
            return None, [FieldError(_("%(thing)s must be %(n)s or less") % {"thing": subject, "n": self.maximum}, self.id)]
        return f"{number.normalize():f}", []

    def typed(self, form: FormLike) -> dict[str, Any]:
        return {"value": _text(form, self.name)}

    def shown(self, value: Any) -> dict[str, Any]:
        return {"value": value or ""}

    def summary(self, value: Any) -> str:
        return f"{value} {self.suffix}" if self.suffix and value is not None else str(value or "")


@dataclass
class MoneyField(Field):
    """An amount with how often it is paid (or, with `with_period` False, a sum such as savings)."""

    error_name: str = ""
    """What is asked for, as it reads after 'Enter': 'your rent'."""
    with_period: bool = True
    plural: bool = False
    """Whether error_name is plural ('your childcare costs are paid')."""
    dont_know: str | None = None
    """The words of an 'I do not know' checkbox, when there is a sensible way to go on without the figure."""
    maximum: Decimal = Decimal("100000")
    kind = "money"

    @property
    def id(self) -> str:
        return f"{self.name}-amount"

    def parse(self, form: FormLike) -> tuple[Any, list[FieldError]]:
        if self.dont_know and _text(form, f"{self.name}-unknown") == "yes":
            return {UNKNOWN: True}, []
        if not self.with_period:
            try:
                amount = parse_money(_text(form, f"{self.name}-amount"), name=self.error_name, maximum=self.maximum)
            except MoneyError as exc:
                return None, [FieldError(exc.message, self.id)]
            return {"amount": f"{amount:.2f}"}, []
        read = read_money(
            _text(form, f"{self.name}-amount"),
            _text(form, f"{self.name}-period"),
            name=self.error_name,
            maximum=self.maximum,
            period_question=_("Select how often") + " " + _how_often_subject(self.error_name, plural=self.plural),
        )
        errors = []
        if read.amount_error:
            errors.append(FieldError(read.amount_error, self.id))
        if read.period_error:
            errors.append(FieldError(read.period_error, f"{self.name}-period"))
        if read.value is None:
            return None, errors
        return {"amount": f"{read.value.amount:.2f}", "period": read.value.period.value}, []

    def typed(self, form: FormLike) -> dict[str, Any]:
        return {
            "amount": _text(form, f"{self.name}-amount"),
            "period": _text(form, f"{self.name}-period"),
            "unknown": _text(form, f"{self.name}-unknown") == "yes",
        }

    def shown(self, value: Any) -> dict[str, Any]:
        if not value:
            return {"amount": "", "period": "", "unknown": False}
        if value.get(UNKNOWN):
            return {"amount": "", "period": "", "unknown": True}
        return {"amount": value["amount"], "period": value.get("period", ""), "unknown": False}

    def summary(self, value: Any) -> str:
        if not value:
            return ""
        if value.get(UNKNOWN):
            return self.dont_know or _("I do not know")
        amount = format_money(Decimal(value["amount"]))
        if "period" not in value:
            return amount
        return f"{amount} {period_words(Period(value['period']))}"

    @property
    def period_options(self) -> list[Option]:
        return [Option(p.value, _(words)) for p, words in PERIOD_CHOICES]


def _how_often_subject(error_name: str, *, plural: bool = False) -> str:
    """'your rent' -> 'your rent is paid', 'your childcare costs' -> '... are paid'; the rest of "Select how often ..."."""
    if plural:
        return _("%(things)s are paid") % {"things": error_name}
    return _("%(thing)s is paid") % {"thing": error_name}


def period_words(period: Period) -> str:
    return {
        Period.WEEK: _("a week"),
        Period.FORTNIGHT: _("every 2 weeks"),
        Period.FOUR_WEEKS: _("every 4 weeks"),
        Period.MONTH: _("a month"),
        Period.YEAR: _("a year"),
    }[period]


@dataclass
class DateField(Field):
    error_name: str = ""
    """'your date of birth'."""
    kind = "date"

    @property
    def id(self) -> str:
        return f"{self.name}-day"

    def parse(self, form: FormLike) -> tuple[Any, list[FieldError]]:
        parts = {k: _text(form, f"{self.name}-{k}") for k in ("day", "month", "year")}
        subject = _sentence(self.error_name)
        missing = [k for k, v in parts.items() if not v]
        if len(missing) == 3:
            return None, [FieldError(_("Enter %(thing)s") % {"thing": self.error_name}, self.id)]
        words = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
        if missing:
            listed = _(" and ").join(words[k] for k in missing)
            return None, [FieldError(_("%(thing)s must include %(parts)s") % {"thing": subject, "parts": listed},
                                     f"{self.name}-{missing[0]}")]
        try:
            if not all(v.isascii() and v.isdigit() for v in parts.values()):
                raise ValueError
            if len(parts["year"]) != 4:
                return None, [FieldError(_("Year must include 4 numbers"), f"{self.name}-year")]
            value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            return None, [FieldError(_("%(thing)s must be a real date") % {"thing": subject}, self.id)]
        if value >= date.today():
            return None, [FieldError(_("%(thing)s must be in the past") % {"thing": subject}, self.id)]
        if value.year < 1900:
            return None, [FieldError(_("%(thing)s must be after 1900") % {"thing": subject}, f"{self.name}-year")]
        return value.isoformat(), []

    def typed(self, form: FormLike) -> dict[str, Any]:
        return {k: _text(form, f"{self.name}-{k}") for k in ("day", "month", "year")}

    def shown(self, value: Any) -> dict[str, Any]:
        if not value:
            return {"day": "", "month": "", "year": ""}
        d = date.fromisoformat(value)
        return {"day": str(d.day), "month": str(d.month), "year": str(d.year)}

    def summary(self, value: Any) -> str:
        return f"{date.fromisoformat(value):%-d %B %Y}" if value else ""


POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9][A-Z]{2})$")


def normalise_postcode(text: str) -> str | None:
    """'bs1 4dj' -> 'BS1 4DJ'; None when it is not the shape of a UK postcode."""
    squeezed = re.sub(r"\s+", "", text.upper())
    match = POSTCODE.match(squeezed)
    return f"{match[1]} {match[2]}" if match else None


@dataclass
class PostcodeField(Field):
    dont_know: str | None = None
    kind = "postcode"

    def parse(self, form: FormLike) -> tuple[Any, list[FieldError]]:
        if self.dont_know and _text(form, f"{self.name}-unknown") == "yes":
            return {UNKNOWN: True}, []
        text = _text(form, self.name)
        if not text:
            return None, [FieldError(_("Enter your postcode"), self.id)]
        postcode = normalise_postcode(text)
        if postcode is None:
            return None, [FieldError(_("Enter a real postcode, like BS1 4DJ"), self.id)]
        return {"postcode": postcode}, []

    def typed(self, form: FormLike) -> dict[str, Any]:
        return {"value": _text(form, self.name), "unknown": _text(form, f"{self.name}-unknown") == "yes"}

    def shown(self, value: Any) -> dict[str, Any]:
        if not value:
            return {"value": "", "unknown": False}
        return {"value": value.get("postcode", ""), "unknown": bool(value.get(UNKNOWN))}

    def summary(self, value: Any) -> str:
        if not value:
            return ""
        return self.dont_know or _("I do not know") if value.get(UNKNOWN) else value["postcode"]


def parse_fields(fields: list[Field], form: FormLike) -> tuple[dict[str, Any], list[FieldError]]:
    """Every field shown for what was chosen; follow-ups of radio options not chosen are left out."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for f in fields:
        if f.show_if is not None:
            radio, wanted = f.show_if
            if values.get(radio) != wanted:
                continue
        value, found = f.parse(form)
        errors += found
        if value is not None:
            values[f.name] = value
    return values, errors


def visible(fields: list[Field], values: Mapping[str, Any]) -> list[Field]:
    return [f for f in fields if f.show_if is None or values.get(f.show_if[0]) == f.show_if[1]]
