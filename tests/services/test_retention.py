"""Retention: everything past the council's retention period is removed, files after rows, safely while serving."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.council import cached_profile
from app.models.audit import ActorKind, AuditEvent
from app.models.claim import Claim, ClaimResumeLink, RateLimitCounter
from app.models.evidence import Evidence
from app.models.notification import Notification
from app.models.saved_result import CheckSession, SavedResult
from app.services import claims, drafts, keys, retention
from app.settings import PROJECT_ROOT, Settings
from tests.services.fresh_database import emptied_after_each_test, module_database, is_postgresql

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
PAYSLIP = b"%PDF-1.4 a payslip\n%%EOF\n"


database_url, engine = module_database("retention")
empty_tables = emptied_after_each_test()


@pytest.fixture
def settings(database_url, tmp_path):
    return Settings(database_url=database_url, data_dir=tmp_path)


@pytest.fixture
def council(settings):
    return cached_profile(settings.council_profile)


def draft_with_evidence(session: Session, settings: Settings, *, started: datetime, files: int = 1) -> tuple[Claim, list[str]]:
    sealer = keys.sealer_for(settings)
    claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=started.date(),
                               answers={"first_name": "Ann"}, sealer=sealer, now=started)
    store = retention.store_for(settings)
    stored = []
    for _ in range(files):
        key = store.put(PAYSLIP)
        session.add(Evidence(claim_id=claim.id, item_key="payslips@jobs/1/pay", filename_sealed=sealer.seal(b"p.pdf", context=b"evidence-filename"),
                             content_type="application/pdf", size_bytes=len(PAYSLIP), sha256="0" * 64, storage_key=key,
                             scan_result="clean", uploaded_by_kind=ActorKind.CLAIMANT))
        stored.append(key)
    session.commit()
    return claim, stored


def test_purging_an_expired_draft_removes_its_evidence_files(engine, settings):
    store = retention.store_for(settings)
    with Session(engine) as session:
        old, old_files = draft_with_evidence(session, settings, started=NOW - timedelta(days=29))
        fresh, fresh_files = draft_with_evidence(session, settings, started=NOW - timedelta(days=3))
        old_id, fresh_id = old.id, fresh.id
        assert drafts.purge(session, now=NOW, settings=settings) == 1
        session.expunge_all()
        assert session.get(Claim, old_id) is None and session.get(Claim, fresh_id) is not None
        assert session.scalar(select(func.count(Evidence.id)).where(Evidence.claim_id == old_id)) == 0
    assert not any(store.exists(key) for key in old_files)
    assert all(store.exists(key) for key in fresh_files)


def test_a_submitted_claims_files_are_kept(engine, settings):
    store = retention.store_for(settings)
    with Session(engine) as session:
        sent, files = draft_with_evidence(session, settings, started=NOW - timedelta(days=40))
        claims.mark_submitted(session, sent, NOW - timedelta(days=35))
        session.commit()
        report = retention.run(session, settings, cached_profile(settings.council_profile), now=NOW)
    assert report.removed[retention.EXPIRED_DRAFTS] == 0 and all(store.exists(key) for key in files)


def old_and_new(session: Session, now: datetime) -> None:
    """Of each kind, one row past a default period and one within it."""
    for age in (timedelta(days=8), timedelta(days=6)):  # check answers: 7 days after their last change
        session.add(CheckSession(session_key=uuid.uuid4().hex, state=b"x", created_at=now - age, updated_at=now - age))
    for age in (timedelta(days=91), timedelta(days=89)):  # kept results: 90 days
        session.add(SavedResult(reference=uuid.uuid4().hex[:8].upper(), state=b"x", created_at=now - age))
    for age in (timedelta(days=31), timedelta(days=29)):  # notifications: 30 days
        session.add(Notification(channel="sms", template="resume-link", recipient_sealed=b"x", personalisation_sealed=b"x",
                                 backend="outbox", status="kept", created_at=now - age))
    for age in (timedelta(days=365 * 6 + 3), timedelta(days=365 * 5)):  # audit events: 6 years
        session.add(AuditEvent(at=now - age, actor_kind=ActorKind.SYSTEM, action="test", subject_ref="claim:test"))
    session.add(RateLimitCounter(key="resume-ip:ended", count=3, window_ends=now - timedelta(minutes=1)))
    session.add(RateLimitCounter(key="resume-ip:running", count=3, window_ends=now + timedelta(minutes=1)))
    session.commit()


def test_each_kind_past_its_period_is_removed_and_the_rest_kept(engine, settings, council):
    with Session(engine) as session:
        old_and_new(session, NOW)
        live, _ = draft_with_evidence(session, settings, started=NOW - timedelta(days=1))
        session.add(ClaimResumeLink(claim_id=live.id, token_hash="a" * 64, created_at=NOW - timedelta(days=4), expires_at=NOW - timedelta(days=1)))
        session.add(ClaimResumeLink(claim_id=live.id, token_hash="b" * 64, created_at=NOW, expires_at=NOW + timedelta(days=3)))
        session.commit()
        report = retention.run(session, settings, council, now=NOW)
        assert report.removed == {
            retention.EXPIRED_DRAFTS: 0, retention.DRAFT_EVIDENCE_FILES: 0, retention.CHECK_ANSWERS: 1, retention.KEPT_RESULTS: 1,
            retention.NOTIFICATIONS: 1, retention.RESUME_LINKS: 1, retention.RATE_LIMIT_COUNTERS: 1, retention.AUDIT_EVENTS: 1,
            retention.ORPHAN_FILES: 0,
        }
        for model in (CheckSession, SavedResult, Notification, ClaimResumeLink, RateLimitCounter):
            assert session.scalar(select(func.count()).select_from(model)) == 1, model
        # The audit event from the start of this claim and the 5-year-old one remain.
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "test")) == 1
        assert retention.run(session, settings, council, now=NOW).removed == dict.fromkeys(retention.KINDS, 0)


def test_a_dry_run_counts_and_removes_nothing(engine, settings, council):
    with Session(engine) as session:
        old_and_new(session, NOW)
        _, files = draft_with_evidence(session, settings, started=NOW - timedelta(days=30), files=2)
        report = retention.run(session, settings, council, now=NOW, dry_run=True)
        assert report.removed[retention.EXPIRED_DRAFTS] == 1 and report.removed[retention.DRAFT_EVIDENCE_FILES] == 2
        assert report.removed[retention.KEPT_RESULTS] == 1 and report.lines()[0] == "would remove 1 expired drafts"
        assert session.scalar(select(func.count()).select_from(SavedResult)) == 2
    assert all(retention.store_for(settings).exists(key) for key in files)


def test_periods_are_the_councils(engine, settings, council):
    longer = council.model_copy(update={"kept_result_days": 365, "check_answers_days": 30, "notification_days": 60, "audit_years": 7})
    with Session(engine) as session:
        old_and_new(session, NOW)
        report = retention.run(session, settings, longer, now=NOW)
    assert report.removed[retention.KEPT_RESULTS] == report.removed[retention.CHECK_ANSWERS] == 0
    assert report.removed[retention.NOTIFICATIONS] == report.removed[retention.AUDIT_EVENTS] == 0


def test_a_file_already_gone_is_not_an_error(engine, settings, council):
    with Session(engine) as session:
        claim, files = draft_with_evidence(session, settings, started=NOW - timedelta(days=30), files=2)
        retention.store_for(settings).delete(files[0])
        report = retention.run(session, settings, council, now=NOW)
    assert report.removed[retention.EXPIRED_DRAFTS] == 1 and report.removed[retention.DRAFT_EVIDENCE_FILES] == 1


def test_a_file_no_row_names_is_removed_after_the_grace_period(engine, settings, council):
    store = retention.store_for(settings)
    orphan = store.put(PAYSLIP)  # as if a run stopped between deleting the row and the file
    with Session(engine) as session:
        assert retention.run(session, settings, council, now=NOW).removed[retention.ORPHAN_FILES] == 0  # may be an upload in progress
        assert store.exists(orphan)
        assert retention.run(session, settings, council, now=NOW, orphan_grace_seconds=0).removed[retention.ORPHAN_FILES] == 1
    assert not store.exists(orphan)


def test_many_expired_drafts_go_in_batches(engine, settings, council, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 3)
    with Session(engine) as session:
        for _ in range(7):
            draft_with_evidence(session, settings, started=NOW - timedelta(days=30))
        report = retention.run(session, settings, council, now=NOW)
    assert report.removed[retention.EXPIRED_DRAFTS] == 7 and report.removed[retention.DRAFT_EVIDENCE_FILES] == 7


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgresql(), reason="needs PostgreSQL through TEST_DATABASE_URL")
def test_two_runs_at_once_share_the_work_and_neither_fails(engine, settings, council, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 5)
    with Session(engine) as session:
        for _ in range(40):
            draft_with_evidence(session, settings, started=NOW - timedelta(days=30))
        for _ in range(60):
            session.add(SavedResult(reference=uuid.uuid4().hex[:8].upper(), state=b"x", created_at=NOW - timedelta(days=100)))
        session.commit()
    reports, errors = [], []
    start = threading.Barrier(2)

    def one_run():
        try:
            with Session(engine) as session:
                start.wait()
                reports.append(retention.run(session, settings, council, now=NOW))
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert errors == []
    assert sum(r.removed[retention.EXPIRED_DRAFTS] for r in reports) == 40
    assert sum(r.removed[retention.DRAFT_EVIDENCE_FILES] for r in reports) == 40
    assert sum(r.removed[retention.KEPT_RESULTS] for r in reports) == 60
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0
    assert not any(Path(settings.data_dir / "evidence").glob("*/*"))


def test_the_command_prints_counts_per_kind_and_no_personal_data(database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path)}
    dry = subprocess.run([sys.executable, "-m", "app.services.retention", "run", "--dry-run"], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert dry.returncode == 0, dry.stderr
    assert "would remove 0 expired drafts" in dry.stdout and "would remove 0 kept results" in dry.stdout
    real = subprocess.run([sys.executable, "-m", "app.services.retention", "run"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert real.returncode == 0 and "removed 0 audit events" in real.stdout
    assert subprocess.run([sys.executable, "-m", "app.services.retention"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True).returncode == 2
