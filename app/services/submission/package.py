"""The back-office package: what a submitted claim becomes, as versioned JSON.

The package is built once, when the claim is submitted, and stored with its delivery, so
every retry sends the same bytes and a later change to the form or the engine never
rewrites what the claimant sent. Its shape is ``schema.json`` (documented in
docs/back-office-package.md); ``SCHEMA_VERSION`` changes when that shape does.

    record = ClaimRecord(reference=..., answers=..., entered=..., evidence=...)
    package = build_package(record, form=definition_for(claim))
    body = package_bytes(package)          # the same bytes every time for the same claim

Everything here is pure: no database, no clock, no network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from forms import Form, Journey

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("schema.json")
# Documents sent after the claim: their own small manifest, with its own version and schema.
FOLLOW_UP_SCHEMA_VERSION = "1.0"
FOLLOW_UP_SCHEMA_PATH = Path(__file__).with_name("evidence_schema.json")
CALCULATION_NOTE = (
    "An estimate the portal worked out from these answers when the claim was sent. "
    "It is not a decision: the council assesses the claim."
)


@dataclass(frozen=True)
class Entered:
    """Who gave an answer and when: the claimant now, an advisor later, or the system (prefill)."""

    by: str
    at: datetime
    by_ref: str | None = None


@dataclass(frozen=True)
class EvidenceFile:
    """An uploaded document, as the package lists it. ``part`` names it in the delivery."""

    id: str
    item: str  # the evidence list's item id, e.g. "payslips"
    content_type: str
    sha256: str
    size: int | None = None
    filename: str | None = None
    uploaded_at: datetime | None = None
    item_key: str | None = None  # the item and the page that asked, e.g. "payslips@jobs/2/pay"
    scan_result: str | None = None  # "clean", or "not_scanned" where no virus scanner is set up


@dataclass(frozen=True)
class ClaimRecord:
    """A submitted claim, read from the database, as the package needs it.

    ``answers`` are the claim's answers (question id -> value, repeating group id -> list of
    items) and ``entered`` says who entered each, keyed by path: ``question`` or
    ``group/n/question`` with n from 1, or by a group's id for every answer in it (the
    claims store keeps one row per question and per repeating group).
    """

    reference: str
    form_id: str
    form_version: int
    council: str
    claim_date: date | None
    submitted_at: datetime
    answers: Mapping[str, Any]
    entered: Mapping[str, Entered] = field(default_factory=dict)
    evidence: Sequence[EvidenceFile] = ()


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second: the one way the package writes a time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the database keeps UTC; SQLite forgets the zone
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _entered(entered: Entered | None) -> dict[str, Any] | None:
    if entered is None:
        return None
    return {"by": entered.by, "by_ref": entered.by_ref, "at": timestamp(entered.at)}


def _raw(journey: Journey, question_id: str, group: str | None, item: int | None) -> Any:
    answers = journey.visible_answers
    if group is None:
        return answers.get(question_id)
    items = answers.get(group) or []
    return items[item - 1].get(question_id) if item and item <= len(items) else None


def sections_of(record: ClaimRecord, form: Form) -> list[dict[str, Any]]:
    """Every section the answers show, declaration included, with each question's label, the
    answer as entered, how the portal showed it, and who entered it when."""
    journey = Journey(form, record.answers, today=record.submitted_at.date())
    out = []
    for section in journey.sections:
        answers = []
        for row in journey.check_answers(section.id):
            path = row.question_id if row.group is None else f"{row.group}/{row.item}/{row.question_id}"
            answers.append({
                "path": path,
                "question_id": row.question_id,
                "label": row.key,
                "group": row.group,
                "item": row.item,
                "item_name": row.item_name,
                "value": _jsonable(_raw(journey, row.question_id, row.group, row.item)),
                "display": row.value,
                "entered": _entered(record.entered.get(path) or record.entered.get(row.group or row.question_id)),
            })
        out.append({"id": section.id, "title": section.title, "answers": answers})
    return out


def evidence_requested(record: ClaimRecord, form: Form) -> list[dict[str, Any]]:
    """The personalised evidence list the claimant was shown."""
    journey = Journey(form, record.answers, today=record.submitted_at.date())
    return [{"item": e.id, "text": e.text, "for": e.item_name} for e in journey.evidence()]


def evidence_manifest(record: ClaimRecord) -> list[dict[str, Any]]:
    files = sorted(record.evidence, key=lambda f: (f.item, f.uploaded_at or datetime.min.replace(tzinfo=UTC), f.id))
    return [
        {
            "id": f.id,
            "item": f.item,
            "item_key": f.item_key,
            "content_type": f.content_type,
            "sha256": f.sha256,
            "size": f.size,
            "filename": f.filename,
            "uploaded_at": timestamp(f.uploaded_at) if f.uploaded_at else None,
            "scan_result": f.scan_result,
            "part": f"evidence-{n}",
        }
        for n, f in enumerate(files, 1)
    ]


def estimate(record: ClaimRecord, form: Form) -> dict[str, Any] | None:
    """The engine's figures for the household these answers describe, on the day the claim was
    sent; None for forms that do not describe a household, or when the engine cannot start."""
    if record.form_id != "hb_ctr":
        return None
    import calculators
    from calculators.result import result_to_dict
    from forms.hb_ctr import household_from_answers

    on = record.submitted_at.date()
    journey = Journey(form, record.answers, today=on)
    try:
        household = household_from_answers(journey.visible_answers, on=on, council=record.council)
        result = calculators.calculate(household, on, trace=False)
    except (calculators.CannotCalculate, KeyError, ValueError, TypeError, ArithmeticError):
        # An estimate is a courtesy to the assessor; a claim is never held back for it.
        return None
    figures = result_to_dict(result, with_trace=False)
    return {"on": on.isoformat(), "note": CALCULATION_NOTE, "result": _jsonable(figures)}


def build_package(record: ClaimRecord, *, form: Form, with_estimate: bool = True) -> dict[str, Any]:
    if (form.id, form.version) != (record.form_id, record.form_version):
        raise ValueError(f"the claim was made on {record.form_id} v{record.form_version}, not {form.id} v{form.version}")
    return {
        "schema_version": SCHEMA_VERSION,
        "claim": {
            "reference": record.reference,
            "council": record.council,
            "form": {"id": record.form_id, "version": record.form_version, "title": form.title},
            "claim_date": record.claim_date.isoformat() if record.claim_date else None,
            "submitted_at": timestamp(record.submitted_at),
        },
        "sections": sections_of(record, form),
        "evidence_requested": evidence_requested(record, form),
        "evidence": evidence_manifest(record),
        "estimate": estimate(record, form) if with_estimate else None,
    }


def follow_up_manifest(*, reference: str, council: str, submitted_at: datetime, files: Sequence[EvidenceFile]) -> dict[str, Any]:
    """The manifest of documents uploaded after the claim was sent: which claim, and for each
    file its item, type, size, SHA-256, upload time and the part carrying it. Nothing else of
    the claim is repeated (the back office has it)."""
    listed = evidence_manifest(ClaimRecord(reference=reference, form_id="", form_version=0, council=council,
                                           claim_date=None, submitted_at=submitted_at, answers={}, evidence=files))
    return {
        "schema_version": FOLLOW_UP_SCHEMA_VERSION,
        "kind": "evidence",
        "claim": {"reference": reference, "council": council, "submitted_at": timestamp(submitted_at)},
        "evidence": listed,
    }


@cache
def follow_up_schema() -> dict[str, Any]:
    return json.loads(FOLLOW_UP_SCHEMA_PATH.read_text(encoding="utf-8"))


def package_bytes(package: Mapping[str, Any]) -> bytes:
    """The package as UTF-8 JSON: keys in a fixed order, so the same claim gives the same bytes."""
    return json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8") + b"\n"


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(package: Mapping[str, Any]) -> None:
    """Raise jsonschema.ValidationError when the package does not match schema.json."""
    import jsonschema

    jsonschema.validate(package, schema(), cls=jsonschema.Draft202012Validator)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
