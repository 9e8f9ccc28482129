"""Drafts: a reminder before expiry (once, only to those who gave an address), then deletion."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.claim import Claim, ClaimAnswer
from app.services import claims, drafts
from app.services.notify import Notifier, outbox
from app.settings import PROJECT_ROOT, Settings

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


@pytest.fixture
def sealer(settings):
    # The portal's own key: the outbox is shared with the page tests.
    from app.services.claims import sealer_for

    return sealer_for(settings)


def _draft(session, sealer, *, started: datetime, days: int = 28, contact: dict | None = None) -> Claim:
    claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=started.date(),
                               answers={"first_name": "Ann"}, sealer=sealer, draft_days=days, now=started)
    if contact:
        claim.contact_sealed = sealer.seal_json(contact, context=claims.CONTACT_CONTEXT)
    session.commit()
    return claim


def test_expired_drafts_and_their_answers_are_deleted_others_kept(engine, sealer):
    with Session(engine) as session:
        old = _draft(session, sealer, started=NOW - timedelta(days=29))
        fresh = _draft(session, sealer, started=NOW - timedelta(days=3))
        sent = _draft(session, sealer, started=NOW - timedelta(days=40))
        claims.mark_submitted(session, sent, NOW - timedelta(days=35))
        session.commit()
        old_id, fresh_id, sent_id = old.id, fresh.id, sent.id
        assert drafts.purge(session, now=NOW) >= 1
        session.expunge_all()
        assert session.get(Claim, old_id) is None
        assert session.scalars(select(ClaimAnswer).where(ClaimAnswer.claim_id == old_id)).all() == []
        assert session.get(Claim, fresh_id) is not None and session.get(Claim, sent_id) is not None


def test_a_council_can_keep_drafts_for_longer(engine, sealer):
    with Session(engine) as session:
        kept_id = _draft(session, sealer, started=NOW - timedelta(days=40), days=60).id
        drafts.purge(session, now=NOW)
        session.expunge_all()
        assert session.get(Claim, kept_id) is not None


def test_saving_a_page_moves_the_expiry_on(engine, sealer):
    with Session(engine) as session:
        claim = _draft(session, sealer, started=NOW - timedelta(days=20))
        claims.save_answers(session, claim, {"first_name": "Ann", "last_name": "Lee"}, sealer, now=NOW, draft_days=28)
        assert claim.expires_at == NOW + timedelta(days=28)


def test_a_reminder_goes_once_to_drafts_expiring_soon_with_an_address(engine, sealer):
    settings = Settings(draft_reminder_days=7)
    with Session(engine) as session:
        due = _draft(session, sealer, started=NOW - timedelta(days=23), contact={"channel": "email", "to": "ann@example.com"})
        no_address = _draft(session, sealer, started=NOW - timedelta(days=23))
        later = _draft(session, sealer, started=NOW - timedelta(days=5), contact={"channel": "sms", "to": "07700900982"})
        notifier = Notifier(settings, sealer)
        sent = drafts.remind(session, settings=settings, notifier=notifier, sealer=sealer, base_url="https://portal.example", now=NOW)
        assert sent >= 1
        messages = [m for m in outbox(session, sealer) if m.personalisation.get("reference") == due.reference]
        assert len(messages) == 1 and messages[0].template == "draft-reminder" and messages[0].to == "ann@example.com"
        assert messages[0].personalisation["expires"] == "4 December 2026"
        assert not [m for m in outbox(session, sealer) if m.personalisation.get("reference") in (no_address.reference, later.reference)]
        drafts.remind(session, settings=settings, notifier=notifier, sealer=sealer, base_url="https://portal.example", now=NOW)
        assert len([m for m in outbox(session, sealer) if m.personalisation.get("reference") == due.reference]) == 1


def test_the_purge_command_runs(database_url):
    result = subprocess.run([sys.executable, "-m", "app.services.drafts", "purge"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "expired draft claims" in result.stdout
    assert subprocess.run([sys.executable, "-m", "app.services.drafts", "nonsense"], cwd=PROJECT_ROOT, capture_output=True).returncode == 2
