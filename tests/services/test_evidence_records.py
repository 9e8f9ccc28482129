"""Evidence rows for a claim: the list with its files, adding, removing, reading back, tidying."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from app.db import make_engine, make_sessionmaker, upgrade_to_head
from app.models.claim import SUBMITTED, ClaimEvent
from app.models.evidence import Evidence
from app.services import claims
from app.services.crypto import Sealer
from app.services.evidence import records
from app.services.evidence.checks import Policy, check_file
from app.services.evidence.storage import EvidenceStore
from tests.services.evidence_support import document_photo, minimal_pdf

SEALER = Sealer.from_secret("a-test-secret-of-enough-length")
RENT = forms.EvidenceNeeded("rent_proof", "Proof of your rent", ("tenancy agreement",), "rent", "rent")
PAYSLIPS = forms.EvidenceNeeded("payslips", "Payslips from Acme", (), "pay", "jobs/1/pay", "Acme")


@pytest.fixture(scope="module")
def sessions(database_url: str):  # noqa: ANN201
    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def db(sessions) -> Session:  # noqa: ANN001
    with sessions() as session:
        yield session


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence", SEALER)


def new_claim(db: Session):  # noqa: ANN201
    claim = claims.start_claim(
        db, form_id="hb_ctr", form_version=1, council="demo", claim_date=date(2026, 11, 29), answers=None, sealer=SEALER
    )
    db.commit()
    return claim


def checked(data: bytes):  # noqa: ANN201
    result = check_file(data, policy=Policy(), scanner=None)
    assert not hasattr(result, "reason")
    return result


def test_files_appear_against_their_item_with_their_own_name(db: Session, store: EvidenceStore) -> None:
    claim = new_claim(db)
    records.add(db, claim, item=records.item_key(RENT), filename="Tenancy – J Smith.pdf", checked=checked(minimal_pdf()), store=store, sealer=SEALER)
    db.commit()
    listed = records.evidence_list(db, claim, [RENT, PAYSLIPS], SEALER)
    assert [item.key for item in listed] == ["rent_proof@rent", "payslips@jobs/1/pay"]
    assert [f.filename for f in listed[0].files] == ["Tenancy – J Smith.pdf"]
    assert listed[1].files == ()


def test_the_file_name_is_kept_only_sealed(db: Session, store: EvidenceStore) -> None:
    claim = new_claim(db)
    row = records.add(db, claim, item="rent_proof@rent", filename="Jane Smith payslip.pdf", checked=checked(minimal_pdf()), store=store, sealer=SEALER)
    db.commit()
    assert b"Jane" not in row.filename_sealed
    assert records.filename_of(row, SEALER) == "Jane Smith payslip.pdf"


def test_a_row_records_type_size_hash_scan_and_who(db: Session, store: EvidenceStore) -> None:
    claim = new_claim(db)
    file = checked(document_photo(500, 700))
    row = records.add(db, claim, item="rent_proof@rent", filename="x.jpg", checked=file, store=store, sealer=SEALER)
    db.commit()
    assert (row.content_type, row.size_bytes, row.sha256, row.scan_result) == ("image/jpeg", file.size, file.sha256, "not_scanned")
    assert row.notices == "too_small" and row.uploaded_by_kind.value == "claimant"
    assert records.read(row, store) == file.data
    kinds = db.scalars(select(ClaimEvent.kind).where(ClaimEvent.claim_id == claim.id)).all()
    assert "evidence-added" in kinds


def test_a_draft_claims_file_can_be_removed(db: Session, store: EvidenceStore) -> None:
    claim = new_claim(db)
    row = records.add(db, claim, item="rent_proof@rent", filename="x.pdf", checked=checked(minimal_pdf()), store=store, sealer=SEALER)
    db.commit()
    key = records.remove(db, claim, row.id)
    db.commit()
    store.delete(key)
    assert records.files_of(db, claim) == [] and not store.exists(key)


def test_another_claims_file_cannot_be_seen_or_removed(db: Session, store: EvidenceStore) -> None:
    mine, theirs = new_claim(db), new_claim(db)
    row = records.add(db, theirs, item="rent_proof@rent", filename="x.pdf", checked=checked(minimal_pdf()), store=store, sealer=SEALER)
    db.commit()
    assert records.file_of(db, mine, row.id) is None
    assert records.file_of(db, mine, "not-a-uuid") is None
    with pytest.raises(records.CannotRemove):
        records.remove(db, mine, row.id)
    assert records.evidence_list(db, mine, [RENT], SEALER)[0].files == ()


def test_after_submission_files_can_be_added_but_not_removed(db: Session, store: EvidenceStore) -> None:
    claim = new_claim(db)
    claim.status = SUBMITTED
    claim.submitted_at = datetime.now(UTC)
    db.commit()
    row = records.add(db, claim, item="rent_proof@rent", filename="late.pdf", checked=checked(minimal_pdf()), store=store, sealer=SEALER)
    db.commit()
    with pytest.raises(records.CannotRemove):
        records.remove(db, claim, row.id)
    kinds = db.scalars(select(ClaimEvent.kind).where(ClaimEvent.claim_id == claim.id)).all()
    assert "evidence-added-after-submission" in kinds


def test_files_no_row_names_are_swept_after_a_grace_period(db: Session, store: EvidenceStore) -> None:
    claim = new_claim(db)
    kept = records.add(db, claim, item="rent_proof@rent", filename="x.pdf", checked=checked(minimal_pdf()), store=store, sealer=SEALER)
    db.commit()
    orphan = store.put(b"left over from a failed upload")
    fresh = store.put(b"row not committed yet")
    old = time.time() - 2 * records.ORPHAN_GRACE_SECONDS
    for key in (orphan, kept.storage_key):
        os.utime(store.root / key[:2] / key, (old, old))
    assert records.sweep_orphans(db, store) == 1
    assert not store.exists(orphan) and store.exists(fresh) and store.exists(kept.storage_key)


def test_deleting_a_claim_deletes_its_rows(db: Session, store: EvidenceStore) -> None:
    claim = new_claim(db)
    row = records.add(db, claim, item="rent_proof@rent", filename="x.pdf", checked=checked(minimal_pdf()), store=store, sealer=SEALER)
    db.commit()
    row_id = row.id
    db.delete(claim)
    db.commit()
    db.expunge_all()
    assert db.get(Evidence, row_id) is None
