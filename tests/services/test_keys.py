"""Data keys: separate from SECRET_KEY, rotated with live data, old values resealed, then the old key dropped."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import ActorKind
from app.models.claim import Claim
from app.models.delivery import Delivery
from app.models.evidence import Evidence
from app.models.notification import Notification
from app.services import claims, keys, saved_results
from app.services.crypto import CannotDecrypt, Sealer, key_id_of
from app.services.evidence import records
from app.services.evidence.storage import EvidenceStore
from app.services.notify import notifier_for, outbox
from app.services.submission import delivery
from app.settings import Settings
from tests.services.fresh_database import emptied_after_each_test, module_database

OLD = "2026-01:" + "o" * 44
NEW = "2026-12:" + "n" * 44
SECRET = "the-session-signing-secret-for-these-tests"
PAYSLIP = b"%PDF-1.4 payslip for Ann Example\n%%EOF\n"


database_url, engine = module_database("keys")
empty_tables = emptied_after_each_test()


@pytest.fixture
def portal_settings(database_url, tmp_path):
    def settings(data_keys: str | None, secret: str = SECRET) -> Settings:
        return Settings(database_url=database_url, data_dir=tmp_path, secret_key=secret, data_encryption_keys=data_keys)

    return settings


def live_data(engine, settings: Settings) -> dict:
    """One of everything the portal seals, written through the services that write it."""
    sealer = keys.sealer_for(settings)
    with Session(engine) as session:
        claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 2),
                                   answers={"you.name": {"first": "Ann", "last": "Example"}}, sealer=sealer)
        claims.save_answers(session, claim, {"you.name": {"first": "Anne", "last": "Example"}}, sealer, actor=(ActorKind.ADVISOR, "a1"))
        claim.contact_sealed = sealer.seal_json({"channel": "sms", "to": "07700900982"}, context=claims.CONTACT_CONTEXT)
        store = records.store_for(settings)
        key = store.put(PAYSLIP)
        session.add(Evidence(claim_id=claim.id, item_key="payslips@jobs/1/pay",
                             filename_sealed=sealer.seal(b"Ann payslip.pdf", context=records.FILENAME_CONTEXT),
                             content_type="application/pdf", size_bytes=len(PAYSLIP), sha256="0" * 64, storage_key=key,
                             scan_result="clean", uploaded_by_kind=ActorKind.CLAIMANT))
        session.add(Delivery(claim_id=claim.id, package_sealed=sealer.seal(b'{"package": 1}', context=delivery.PACKAGE_CONTEXT),
                             summary_sealed=sealer.seal(b"%PDF summary", context=delivery.SUMMARY_CONTEXT)))
        notifier_for(settings, sealer).send(session, channel="email", template="resume-link", to="ann@example.com",
                                            personalisation={"reference": claim.reference})
        session.commit()
        browser = uuid.uuid4().hex
        state = saved_results.CheckState(answers={"postcode": "BA1 1AA"})
        saved_results.save_state(session, sealer, browser, state)
        kept = saved_results.keep_result(session, sealer, state)
        return {"claim": claim.reference, "browser": browser, "kept": kept, "evidence": key}


def everything_opens(engine, settings: Settings, data: dict) -> None:
    """Read each value back through the portal's own services; raise if any cannot be opened."""
    sealer = keys.sealer_for(settings)
    with Session(engine) as session:
        claim = claims.get_claim(session, data["claim"])
        assert claims.answers_of(session, claim, sealer)["you.name"]["first"] == "Anne"
        assert sealer.open_json(claim.contact_sealed, context=claims.CONTACT_CONTEXT)["to"] == "07700900982"
        row = session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).one()
        assert records.filename_of(row, sealer) == "Ann payslip.pdf"
        assert records.store_for(settings).get(data["evidence"]) == PAYSLIP
        sent = session.scalars(select(Delivery).where(Delivery.claim_id == claim.id)).one()
        assert sealer.open(sent.package_sealed, context=delivery.PACKAGE_CONTEXT) == b'{"package": 1}'
        assert sealer.open(sent.summary_sealed, context=delivery.SUMMARY_CONTEXT) == b"%PDF summary"
        assert any(m.to == "ann@example.com" for m in outbox(session, sealer))
        # load_state and find_saved quietly start afresh on a value they cannot open: check the answers came back.
        assert saved_results.load_state(session, sealer, data["browser"]).answers == {"postcode": "BA1 1AA"}
        assert saved_results.find_saved(session, sealer, data["kept"]).answers == {"postcode": "BA1 1AA"}
        from app.models.claim import ClaimAnswerHistory

        history = session.scalars(select(ClaimAnswerHistory).where(ClaimAnswerHistory.claim_id == claim.id)).all()
        assert len(history) == 2 and all(sealer.open_json(h.value_sealed, context=claims.ANSWER_CONTEXT) for h in history)


def test_data_is_sealed_with_the_data_key_not_the_secret_key(engine, portal_settings):
    settings = portal_settings(OLD)
    data = live_data(engine, settings)
    with Session(engine) as session:
        claim = claims.get_claim(session, data["claim"])
        assert key_id_of(claim.contact_sealed) == "2026-01"
    # Changing SECRET_KEY (sessions, CSRF) leaves every sealed value readable.
    everything_opens(engine, portal_settings(OLD, secret="a-completely-different-session-secret"), data)


def test_rotate_with_live_data_reseal_then_drop_the_old_key(engine, portal_settings):
    before = live_data(engine, portal_settings(OLD))
    rotated = portal_settings(NEW + "," + OLD)
    everything_opens(engine, rotated, before)  # the old key still opens what it sealed
    during = live_data(engine, rotated)  # new values are sealed with the new key
    with Session(engine) as session:
        assert key_id_of(claims.get_claim(session, during["claim"]).contact_sealed) == "2026-12"
        assert sum(keys.not_current(session, rotated).values()) > 0

        counts = keys.reseal(session, rotated)
        assert counts["claim answers"] >= 1 and counts["evidence files"] >= 1 and counts["kept results"] >= 1
        assert sum(keys.not_current(session, rotated).values()) == 0
        assert keys.reseal(session, rotated) == dict.fromkeys(counts, 0)  # a second run has nothing to do

    new_only = portal_settings(NEW, secret="the-session-secret-changed-too")
    for data in (before, during):
        everything_opens(engine, new_only, data)
    with Session(engine) as session:
        assert sum(keys.unreadable(session, new_only).values()) == 0


def test_values_sealed_before_data_keys_survive_the_upgrade_and_are_resealed(engine, portal_settings):
    # Before the upgrade everything was sealed with a key derived from SECRET_KEY, in the old format.
    legacy = Sealer.from_secret(SECRET)
    with Session(engine) as session:
        claim = claims.start_claim(session, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 2),
                                   answers={"you.name": {"first": "Old", "last": "Format"}}, sealer=legacy)
        store = EvidenceStore(portal_settings(OLD).data_dir / "evidence", legacy)
        key = store.put(PAYSLIP)
        session.commit()
        reference = claim.reference
    upgraded = portal_settings(OLD)
    with Session(engine) as session:
        claim = claims.get_claim(session, reference)
        assert key_id_of(claim.answers[0].value_sealed) is None
        assert claims.answers_of(session, claim, keys.sealer_for(upgraded))["you.name"]["first"] == "Old"
        session.add(Evidence(claim_id=claim.id, item_key="id@x", filename_sealed=legacy.seal(b"f", context=records.FILENAME_CONTEXT),
                             content_type="application/pdf", size_bytes=1, sha256="0" * 64, storage_key=key,
                             scan_result="clean", uploaded_by_kind=ActorKind.CLAIMANT))
        session.commit()
        assert records.store_for(upgraded).get(key) == PAYSLIP
        keys.reseal(session, upgraded)
    # Resealed: SECRET_KEY no longer matters to the data.
    changed = portal_settings(OLD, secret="a-new-session-secret-after-the-upgrade")
    with Session(engine) as session:
        claim = claims.get_claim(session, reference)
        assert claims.answers_of(session, claim, keys.sealer_for(changed))["you.name"]["first"] == "Old"
        assert records.store_for(changed).get(key) == PAYSLIP


def test_a_value_under_a_dropped_key_cannot_be_opened(portal_settings):
    token = keys.sealer_for(portal_settings(OLD)).seal(b"x", context=b"c")
    with pytest.raises(CannotDecrypt, match="no longer holds"):
        keys.sealer_for(portal_settings(NEW)).open(token, context=b"c")


def test_a_reseal_leaves_a_value_changed_meanwhile_alone(engine, portal_settings):
    rotated = portal_settings(NEW + "," + OLD)
    data = live_data(engine, portal_settings(OLD))
    with Session(engine) as session:
        target = next(t for t in keys.sealed_columns() if t.model is Claim)
        claim = claims.get_claim(session, data["claim"])
        newer = keys.sealer_for(rotated).seal_json({"channel": "email", "to": "new@example.com"}, context=claims.CONTACT_CONTEXT)
        old_token = claim.contact_sealed
        # A save lands between the reseal's read and its write: the write finds the value changed and skips it.
        claim.contact_sealed = newer
        session.commit()
        fresh = keys.sealer_for(rotated).reseal(old_token, context=target.context)
        from sqlalchemy import update

        result = session.execute(update(Claim).where(Claim.id == claim.id, Claim.contact_sealed == old_token)
                                 .values(contact_sealed=fresh))
        assert result.rowcount == 0
        session.commit()
        session.refresh(claim)
        assert keys.sealer_for(rotated).open_json(claim.contact_sealed, context=claims.CONTACT_CONTEXT)["to"] == "new@example.com"


def test_every_sealed_column_is_known_to_reseal():
    """A new sealed column must be added to keys.sealed_columns, or rotation would leave it behind."""
    from app.models import Base

    sealed = {(table.name, column.name) for table in Base.metadata.tables.values() for column in table.columns
              if column.name.endswith("_sealed") or (table.name in ("check_sessions", "saved_results") and column.name == "state")}
    known = {(t.model.__tablename__, t.column) for t in keys.sealed_columns()}
    assert sealed == known


def test_the_new_command_prints_a_usable_key(capsys):
    assert keys.main(["new"]) == 0
    entry = capsys.readouterr().out.strip()
    assert Settings(data_encryption_keys=entry).resolved_data_encryption_keys[0][0] == entry.split(":")[0]



def test_every_sealer_comes_from_one_function():
    """No module makes its own Sealer: all go through keys.sealer_for, so rotation reaches every use."""
    import re

    from app.settings import PROJECT_ROOT

    makers = re.compile(r"Sealer\(|Sealer\.from_")
    own = {PROJECT_ROOT / "app" / "services" / "crypto.py", PROJECT_ROOT / "app" / "services" / "keys.py"}
    found = [str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "app").rglob("*.py")
             if path not in own and makers.search(path.read_text())]
    assert found == []


def test_the_reseal_and_check_commands(engine, portal_settings, database_url):
    import os
    import subprocess
    import sys

    from app.settings import PROJECT_ROOT

    settings = portal_settings(OLD)
    live_data(engine, settings)
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(settings.data_dir), "SECRET_KEY": SECRET,
           "DATA_ENCRYPTION_KEYS": NEW + "," + OLD}

    def command(*args, keys_env=None):
        return subprocess.run([sys.executable, "-m", "app.services.keys", *args], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=120, env={**env, **({"DATA_ENCRYPTION_KEYS": keys_env} if keys_env else {})})

    resealed = command("reseal")
    assert resealed.returncode == 0, resealed.stderr
    assert "resealed 1 evidence files" in resealed.stdout and "still under an older key: 0" in resealed.stdout
    checked = command("check", keys_env=NEW)
    assert checked.returncode == 0 and "claim answers: 0 under an older key, 0 unreadable" in checked.stdout
