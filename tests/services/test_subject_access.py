"""Subject access and erasure: a readable export of everything held about a claim, and its erasure, both audited."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.audit import ActorKind, AuditEvent
from app.models.claim import Claim, ClaimAnswer, ClaimAnswerHistory, ClaimEvent, RateLimitCounter
from app.models.delivery import DELIVERED, Delivery
from app.models.evidence import Evidence
from app.models.notification import Notification
from app.services import claims, keys, retention, saved_results, subject_access
from app.services.evidence import records
from app.services.notify import notifier_for
from app.services.rate_limit import key_for
from app.settings import PROJECT_ROOT, Settings
from tests.services.fresh_database import emptied_after_each_test, module_database

PAYSLIP = b"%PDF-1.4 payslip for Ann Example\n%%EOF\n"
STARTED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


database_url, engine = module_database("access")
empty_tables = emptied_after_each_test()


@pytest.fixture
def settings(database_url, tmp_path):
    return Settings(database_url=database_url, data_dir=tmp_path / "data")


def a_claim(session: Session, settings: Settings, *, delivered: bool = False, name: str = "Ann") -> Claim:
    sealer = keys.sealer_for(settings)
    claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 2),
                               answers={"you.first_name": name, "you.ni_number": "QQ123456C"}, sealer=sealer, now=STARTED)
    claims.save_answers(session, claim, {"you.first_name": name, "you.ni_number": "QQ123456C", "rent": "450.00"}, sealer,
                        actor=(ActorKind.ADVISOR, "advisor-7"), now=STARTED + timedelta(hours=1))
    claim.contact_sealed = sealer.seal_json({"channel": "sms", "to": "07700900982"}, context=claims.CONTACT_CONTEXT)
    key = records.store_for(settings).put(PAYSLIP)
    session.add(Evidence(claim_id=claim.id, item_key="payslips@jobs/1/pay", content_type="application/pdf",
                         filename_sealed=sealer.seal(f"{name} payslip.pdf".encode(), context=records.FILENAME_CONTEXT),
                         size_bytes=len(PAYSLIP), sha256="0" * 64, storage_key=key, scan_result="clean",
                         uploaded_at=STARTED + timedelta(hours=2), uploaded_by_kind=ActorKind.CLAIMANT))
    if delivered:
        session.add(Delivery(claim_id=claim.id, status=DELIVERED, attempts=2, delivered_at=STARTED + timedelta(days=1)))
    notifier_for(settings, sealer).send(session, channel="sms", template="resume-link", to="07700900982",
                                        personalisation={"reference": claim.reference, "link": "https://x/claim/resume/link/t"})
    session.add(RateLimitCounter(key=key_for("resume-ref", claim.reference, settings.resolved_secret_key), count=2,
                                 window_ends=datetime.now(UTC) + timedelta(minutes=10)))
    session.commit()
    return claim


def audit_rows(session: Session) -> list[AuditEvent]:
    return session.scalars(select(AuditEvent).where(AuditEvent.action.like("subject-%")).order_by(AuditEvent.at)).all()


def test_an_export_holds_everything_about_the_claim_readably(engine, settings, tmp_path):
    with Session(engine) as session:
        claim = a_claim(session, settings, delivered=True)
        a_claim(session, settings, name="Bob")  # someone else's claim: none of it is exported
        reference, claim_id = claim.reference, claim.id
        folder = subject_access.export(session, settings, out=tmp_path / "out", claim=reference.lower(), by="staff-42")
    data = json.loads((folder / "data.json").read_text())
    assert data["claim"]["reference"] == reference and data["claim"]["contact_for_reminder"]["to"] == "07700900982"
    assert {a["question"]: a["answer"] for a in data["answers"]}["rent"] == "450.00"
    assert ("rent", "advisor advisor-7") in {(h["question"], h["entered_by"]) for h in data["history"]}
    assert ("you.first_name", "claimant") in {(h["question"], h["entered_by"]) for h in data["history"]}
    assert data["events"][0]["what"] == "started"
    assert data["evidence"][0]["file_name"] == "Ann payslip.pdf"
    assert (folder / data["evidence"][0]["saved_as"]).read_bytes() == PAYSLIP
    assert data["deliveries_to_back_office"][0]["status"] == DELIVERED
    assert [m["to"] for m in data["messages"]] == ["07700900982"]
    page = (folder / "summary.html").read_text()
    assert f"<title>What we hold about claim {reference}</title>" in page
    assert "QQ123456C" in page and "advisor advisor-7" in page and "Bob" not in page
    with Session(engine) as session:
        (event,) = audit_rows(session)
        assert (event.action, event.subject_ref, event.actor_kind, event.actor_ref) == (
            subject_access.EXPORTED, f"claim:{claim_id}", ActorKind.ADVISOR, "staff-42")


def test_erasing_a_claim_removes_rows_files_messages_and_counters_and_says_it_was_delivered(engine, settings):
    store = records.store_for(settings)
    with Session(engine) as session:
        claim = a_claim(session, settings, delivered=True)
        other = a_claim(session, settings, name="Bob")
        claim_id, reference, other_id = claim.id, claim.reference, other.id
        file_key = session.scalar(select(Evidence.storage_key).where(Evidence.claim_id == claim_id))
        erased = subject_access.erase_claim(session, settings, reference, by="staff-42")
    assert erased.delivered == 1 and erased.files == 1 and erased.messages == 1
    assert "erase its copy there too" in " ".join(erased.lines())
    assert not store.exists(file_key)
    with Session(engine) as session:
        for model in (ClaimAnswer, ClaimAnswerHistory, ClaimEvent, Evidence, Delivery):
            assert session.scalar(select(func.count()).select_from(model).where(model.claim_id == claim_id)) == 0
        assert session.get(Claim, claim_id) is None and session.get(Claim, other_id) is not None
        assert session.scalar(select(func.count()).select_from(Notification)) == 1  # Bob's message stays
        assert session.get(RateLimitCounter, key_for("resume-ref", reference, settings.resolved_secret_key)) is None
        events = audit_rows(session)
        assert {e.action for e in events} == {subject_access.ERASED, subject_access.ERASED_AFTER_DELIVERY}
        # The audit record names the internal id and the staff id, nothing about the person or the reference.
        for event in events:
            assert event.subject_ref == f"claim:{claim_id}" and reference not in event.subject_ref
        with pytest.raises(subject_access.NotFound):
            subject_access.claim_bundle(session, settings, reference)


def test_a_kept_result_can_be_exported_and_erased(engine, settings, tmp_path):
    sealer = keys.sealer_for(settings)
    with Session(engine) as session:
        reference = saved_results.keep_result(session, sealer, saved_results.CheckState(answers={"postcode": "BA1 1AA"}))
        shown = saved_results.show_reference(reference)
        folder = subject_access.export(session, settings, out=tmp_path, kept=shown.lower())
        data = json.loads((folder / "data.json").read_text())
        assert data["kept_result"]["answers"]["answers"] == {"postcode": "BA1 1AA"}
        assert subject_access.erase_kept_result(session, settings, shown).reference == shown
        assert saved_results.find_saved(session, sealer, reference) is None
        assert [e.action for e in audit_rows(session)] == [subject_access.EXPORTED, subject_access.ERASED]


def test_the_commands_export_and_erase_and_refuse_an_unknown_reference(engine, settings, database_url, tmp_path):
    with Session(engine) as session:
        reference = a_claim(session, settings).reference
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(settings.data_dir)}

    def command(*args):
        return subprocess.run([sys.executable, "-m", "app.services.subject_access", *args], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    exported = command("export", "--claim", reference, "--out", str(tmp_path / "bundle"), "--by", "staff-1")
    assert exported.returncode == 0, exported.stderr
    assert "exported to" in exported.stdout and list((tmp_path / "bundle").glob("*/summary.html"))
    erased = command("erase", "--claim", reference)
    assert erased.returncode == 0 and f"erased {reference}" in erased.stdout
    missing = command("erase", "--claim", reference)
    assert missing.returncode == 1 and "no claim or kept result" in missing.stderr
    assert command("export").returncode == 2


