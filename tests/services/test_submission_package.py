"""The back-office package: schema-valid, versioned, the same bytes every time, with who
entered each answer; the PDF summary is a real tagged PDF that names the claim."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import jsonschema
import pypdf
import pytest

import calculators

from app.council import load_profile
from app.services.submission import signing
from app.services.submission.package import (
    SCHEMA_VERSION,
    ClaimRecord,
    Entered,
    EvidenceFile,
    build_package,
    package_bytes,
    schema,
    validate,
)
from app.services.submission.pdf import render_summary
from app.settings import DEFAULT_COUNCIL_PROFILE
from forms import default_registry
from forms.hb_ctr import household_from_answers
from tests.forms.test_hb_ctr import COUPLE, COUPLE_GROUPS, PENSIONER, PENSIONER_GROUPS, walk

SENT = datetime(2026, 11, 29, 15, 4, 31, 123456, tzinfo=UTC)
TYPED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
ADVISED = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def form():
    return default_registry().get("hb_ctr", 1)


@pytest.fixture(scope="module")
def couple_answers():
    journey, _ = walk({}, COUPLE, COUPLE_GROUPS)
    return journey.answers


def record(answers, **changes):
    values = dict(
        reference="HB-7K3M9QXW2P", form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 2),
        submitted_at=SENT, answers=answers,
        entered={"first_name": Entered("claimant", TYPED), "jobs": Entered("advisor", ADVISED, by_ref="advisor:7")},
        evidence=[EvidenceFile("e2", "payslips", "image/jpeg", "b" * 64, 20480, None, TYPED, "payslips@jobs/1/pay", "clean"),
                  EvidenceFile("e1", "identity", "application/pdf", "a" * 64, 1024, None, TYPED, "identity@name", "clean")],
    )
    values.update(changes)
    return ClaimRecord(**values)


def test_a_built_package_matches_its_published_schema(form, couple_answers):
    package = build_package(record(couple_answers), form=form)
    jsonschema.Draft202012Validator.check_schema(schema())
    validate(package)
    assert package["schema_version"] == SCHEMA_VERSION == "1.0"
    assert package["claim"] == {
        "reference": "HB-7K3M9QXW2P", "council": "demo",
        "form": {"id": "hb_ctr", "version": 1, "title": form.title},
        "claim_date": "2026-11-02", "submitted_at": "2026-11-29T15:04:31Z",
    }


def test_the_schema_rejects_a_package_that_breaks_it(form, couple_answers):
    package = json.loads(package_bytes(build_package(record(couple_answers), form=form)))
    package["schema_version"] = "2.0"
    with pytest.raises(jsonschema.ValidationError):
        validate(package)
    package["schema_version"] = "1.0"
    package["evidence"][0]["sha256"] = "not a hash"
    with pytest.raises(jsonschema.ValidationError):
        validate(package)


def test_building_twice_gives_the_same_bytes(form, couple_answers):
    first = package_bytes(build_package(record(couple_answers), form=form))
    again = package_bytes(build_package(record(json.loads(json.dumps(couple_answers))), form=form))
    assert first == again
    assert json.loads(first)["schema_version"] == "1.0"


def test_each_answer_keeps_its_question_what_was_entered_and_who_entered_it(form, couple_answers):
    package = build_package(record(couple_answers), form=form)
    answers = {a["path"]: a for s in package["sections"] for a in s["answers"]}
    first_name = answers["first_name"]
    assert first_name["label"] == "First name" and first_name["value"] == "Priya" and first_name["display"] == "Priya"
    assert first_name["entered"] == {"by": "claimant", "by_ref": None, "at": "2026-11-20T09:30:00Z"}
    pay = answers["jobs/1/job_pay"]
    assert pay["value"] == {"amount": "1420.00", "period": "month"}
    assert pay["group"] == "jobs" and pay["item"] == 1
    assert pay["entered"] == {"by": "advisor", "by_ref": "advisor:7", "at": "2026-11-27T14:00:00Z"}
    assert answers["last_name"]["entered"] is None  # no record given for it
    section_ids = [s["id"] for s in package["sections"]]
    assert section_ids[0] == "about_you" and package["sections"][-1]["answers"][-1]["question_id"] == "declaration"


def test_answers_the_journey_hides_are_left_out(form, couple_answers):
    hidden = dict(couple_answers, has_partner=False)
    package = build_package(record(hidden), form=form)
    paths = {a["path"] for s in package["sections"] for a in s["answers"]}
    assert "first_name" in paths and "partner_first_name" not in paths


def test_the_evidence_manifest_lists_each_file_with_its_hash_in_a_fixed_order(form, couple_answers):
    package = build_package(record(couple_answers), form=form)
    assert [(e["item"], e["sha256"], e["part"]) for e in package["evidence"]] == [
        ("identity", "a" * 64, "evidence-1"), ("payslips", "b" * 64, "evidence-2")]
    assert "payslips" in [e["item"] for e in package["evidence_requested"]]


def test_the_estimate_is_the_rules_engines_own_figures_in_pounds_and_pence(form):
    journey, _ = walk({}, PENSIONER, PENSIONER_GROUPS)
    package = build_package(record(journey.answers, entered={}), form=form)
    estimate = package["estimate"]
    assert estimate["on"] == "2026-11-29" and "not a decision" in estimate["note"]
    items = {i["key"]: i for i in estimate["result"]["items"]}
    engine = calculators.calculate(household_from_answers(journey.visible_answers, on=date(2026, 11, 29)), date(2026, 11, 29))
    assert items["pension_credit"]["weekly"] == str(engine.item("pension_credit").weekly)
    assert Decimal(items["pension_credit"]["weekly"]) > 0
    # What the engine cannot work out is said, not guessed.
    assert items["housing_benefit"]["weekly"] is None and "Broad Rental Market Area" in items["housing_benefit"]["cannot"]


def test_a_package_is_only_built_with_the_version_the_claim_started_on(form, couple_answers):
    with pytest.raises(ValueError, match="v2"):
        build_package(record(couple_answers, form_version=2), form=form)


def test_the_pdf_summary_is_a_tagged_pdf_naming_the_claim_and_its_answers(form, couple_answers):
    package = build_package(record(couple_answers), form=form)
    pdf = render_summary(package, load_profile(DEFAULT_COUNCIL_PROFILE))
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "HB-7K3M9QXW2P" in text
    assert "Demo Borough Council" in text
    assert "Leeds Teaching Hospitals" in text
    assert "2 November 2026" in text and "29 November 2026, 3:04pm" in text  # claim date, and sent in UK time
    assert "Claimant, 20 November 2026, 9:30am" in " ".join(text.split())  # who entered an answer, and when
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged for screen readers
    assert root["/Lang"] == "en"
    assert reader.metadata.title.startswith("Claim HB-7K3M9QXW2P")


def test_a_receiver_accepts_the_right_signature_and_refuses_any_change():
    body = b'{"claim": "HB-7K3M9QXW2P"}'
    delivery = "0b7c2d4e-1111-4222-8333-444455556666"
    header = signing.signature(body, "shared-secret", delivery_id=delivery, timestamp=1_800_000_000)
    signed = b"1800000000." + delivery.encode() + b"." + body
    assert header == "t=1800000000,v1=" + __import__("hmac").new(b"shared-secret", signed, hashlib.sha256).hexdigest()
    at = 1_800_000_060.0
    assert signing.verify(body, header, "shared-secret", delivery_id=delivery, now=at)
    assert not signing.verify(body + b" ", header, "shared-secret", delivery_id=delivery, now=at)
    assert not signing.verify(body, header, "another-secret", delivery_id=delivery, now=at)
    assert not signing.verify(body, None, "shared-secret", delivery_id=delivery, now=at)
    assert not signing.verify(body, header.split(",")[1], "shared-secret", delivery_id=delivery, now=at)


def test_a_signature_is_refused_for_another_delivery_or_when_too_old():
    body = b'{"claim": "HB-7K3M9QXW2P"}'
    header = signing.signature(body, "shared-secret", delivery_id="delivery-a", timestamp=1_800_000_000)
    assert not signing.verify(body, header, "shared-secret", delivery_id="delivery-b", now=1_800_000_000)
    assert not signing.verify(body, header, "shared-secret", delivery_id=None, now=1_800_000_000)
    # A request captured and replayed after the tolerance (5 minutes) is refused, as is one from the future.
    assert signing.verify(body, header, "shared-secret", delivery_id="delivery-a", now=1_800_000_300)
    assert not signing.verify(body, header, "shared-secret", delivery_id="delivery-a", now=1_800_000_301)
    assert not signing.verify(body, header, "shared-secret", delivery_id="delivery-a", now=1_799_999_699)
    # A timestamp changed to look fresh no longer matches the signature.
    fresh = header.replace("t=1800000000", "t=1800000900")
    assert not signing.verify(body, fresh, "shared-secret", delivery_id="delivery-a", now=1_800_000_900)
