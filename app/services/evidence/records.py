"""Evidence for a claim: the personalised list with the files against each item, adding
and removing files, reading them back, and tidying files no row points to.

Services flush; the route commits. A file is written to the store before its row is
flushed, and removed from the store only after the row's removal is committed, so a
failure leaves at worst a sealed file no row names, which ``sweep_orphans`` deletes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from app.models.audit import ActorKind
from app.models.claim import Claim
from app.models.evidence import Evidence
from app.services import claims
from app.services.crypto import Sealer
from app.services.evidence.checks import CheckedFile, Policy, notice_message
from app.services.evidence.clamav import ClamdClient
from app.services.evidence.filenames import safe_filename
from app.services.evidence.storage import EvidenceStore
from app.settings import Settings

FILENAME_CONTEXT = b"evidence-filename"
ORPHAN_GRACE_SECONDS = 3600


# Functions ``(session, claim, row)`` run in the upload's transaction after a file is added
# (the back-office outbox registers one, to send files added after the claim was sent).
AddedHook = Callable[[Session, Claim, Evidence], None]
ADDED_HOOKS: list[AddedHook] = []


class CannotRemove(Exception):
    """Files can be removed only from a draft claim, and only the claim's own."""


@dataclass(frozen=True)
class StoredFile:
    id: uuid.UUID
    filename: str
    content_type: str
    size_bytes: int
    notices: tuple[str, ...]
    uploaded_at: datetime

    @property
    def warnings(self) -> list[str]:
        return [notice_message(n) for n in self.notices]

    @property
    def description(self) -> str:
        """For example "PDF, 12 KB"."""
        return f"{KIND_NAMES.get(self.content_type, '')}, {size_text(self.size_bytes)}"


KIND_NAMES = {"image/jpeg": "JPG", "image/png": "PNG", "image/heic": "HEIC", "application/pdf": "PDF"}


def size_text(size_bytes: int) -> str:
    if size_bytes < 1_000_000:
        return f"{max(1, round(size_bytes / 1000))} KB"
    return f"{size_bytes / 1_000_000:.1f} MB"


@dataclass(frozen=True)
class ListItem:
    key: str
    needed: forms.EvidenceNeeded
    files: tuple[StoredFile, ...]


# ------------------------------------------------------------------ from settings


def store_for(settings: Settings) -> EvidenceStore:
    return EvidenceStore(settings.data_dir / "evidence", claims.sealer_for(settings))


def scanner_for(settings: Settings) -> ClamdClient | None:
    """A clamd client when CLAMD_SOCKET or CLAMD_HOST is set; otherwise files are not scanned."""
    if not settings.clamd_socket and not settings.clamd_host:
        return None
    return ClamdClient(
        socket_path=settings.clamd_socket,
        host=settings.clamd_host,
        port=settings.clamd_port,
        timeout=settings.clamd_timeout_seconds,
    )


def policy_for(settings: Settings) -> Policy:
    return Policy(
        max_bytes=settings.evidence_max_bytes,
        min_short_side=settings.evidence_min_image_side,
        blur_threshold=settings.evidence_blur_threshold,
        max_pixels=settings.evidence_max_image_pixels,
        checks_at_once=settings.evidence_checks_at_once,
    )


# ------------------------------------------------------------------ the list


def item_key(needed: forms.EvidenceNeeded) -> str:
    """Which list item a file is for: the evidence id and the page that asked, e.g. "payslips@jobs/2/pay"."""
    return f"{needed.id}@{needed.address}"


def evidence_list(session: Session, claim: Claim, needed: list[forms.EvidenceNeeded], sealer: Sealer) -> list[ListItem]:
    by_item: dict[str, list[StoredFile]] = {}
    for row in files_of(session, claim):
        by_item.setdefault(row.item_key, []).append(_stored(row, sealer))
    return [ListItem(item_key(n), n, tuple(by_item.get(item_key(n), ()))) for n in needed]


def files_of(session: Session, claim: Claim) -> list[Evidence]:
    return list(
        session.scalars(select(Evidence).where(Evidence.claim_id == claim.id).order_by(Evidence.uploaded_at, Evidence.id))
    )


def file_of(session: Session, claim: Claim, evidence_id: uuid.UUID | str) -> Evidence | None:
    """One of this claim's files; None for another claim's file or no such file."""
    try:
        wanted = evidence_id if isinstance(evidence_id, uuid.UUID) else uuid.UUID(str(evidence_id))
    except ValueError:
        return None
    row = session.get(Evidence, wanted)
    return row if row is not None and row.claim_id == claim.id else None


def filename_of(row: Evidence, sealer: Sealer) -> str:
    return sealer.open(row.filename_sealed, context=FILENAME_CONTEXT).decode()


def _stored(row: Evidence, sealer: Sealer) -> StoredFile:
    notices = tuple(n for n in row.notices.split(",") if n)
    return StoredFile(row.id, filename_of(row, sealer), row.content_type, row.size_bytes, notices, row.uploaded_at)


# ------------------------------------------------------------------ changes


def add(
    session: Session,
    claim: Claim,
    *,
    item: str,
    filename: str | None,
    checked: CheckedFile,
    store: EvidenceStore,
    sealer: Sealer,
    actor: tuple[ActorKind, str | None] = (ActorKind.CLAIMANT, None),
    now: datetime | None = None,
) -> Evidence:
    """Store a checked file against an item of the claim's list (drafts and submitted claims alike)."""
    now = now or datetime.now(UTC)
    name = safe_filename(filename, fallback="file" + checked.accepted.extension)
    storage_key = store.put(checked.data)
    row = Evidence(
        claim_id=claim.id,
        item_key=item,
        filename_sealed=sealer.seal(name.encode(), context=FILENAME_CONTEXT),
        content_type=checked.accepted.content_type,
        size_bytes=checked.size,
        sha256=checked.sha256,
        storage_key=storage_key,
        scan_result=checked.scan_result,
        notices=",".join(n.reason for n in checked.notices),
        uploaded_at=now,
        uploaded_by_kind=actor[0],
        uploaded_by_ref=actor[1],
    )
    session.add(row)
    session.flush()
    kind = "evidence-added" if claim.is_draft else "evidence-added-after-submission"
    claims.record_event(session, claim, kind, actor=actor, at=now)
    for hook in list(ADDED_HOOKS):
        hook(session, claim, row)
    return row


def remove(
    session: Session,
    claim: Claim,
    evidence_id: uuid.UUID | str,
    *,
    actor: tuple[ActorKind, str | None] = (ActorKind.CLAIMANT, None),
) -> str:
    """Delete a draft claim's file row; returns its storage key, for the caller to delete after commit."""
    if not claim.is_draft:
        raise CannotRemove("the claim has been submitted")
    row = file_of(session, claim, evidence_id)
    if row is None:
        raise CannotRemove("no such file on this claim")
    storage_key = row.storage_key
    session.delete(row)
    session.flush()
    claims.record_event(session, claim, "evidence-removed", actor=actor)
    return storage_key


def read(row: Evidence, store: EvidenceStore) -> bytes:
    """The file's bytes (for the back-office package or a member of staff)."""
    return store.get(row.storage_key)


def sweep_orphans(session: Session, store: EvidenceStore, *, grace_seconds: int = ORPHAN_GRACE_SECONDS) -> int:
    """Delete stored files that no evidence row names (a failed upload, or a deleted claim's files).

    Files younger than ``grace_seconds`` are left: their row may not be committed yet.
    """
    known = set(session.scalars(select(Evidence.storage_key)))
    cutoff = time.time() - grace_seconds
    removed = 0
    if not store.root.exists():
        return 0
    for path in store.root.glob("*/*"):
        # Half-written ".incoming-" files from a crash are swept the same way.
        if path.name not in known and path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
