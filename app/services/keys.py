"""Data encryption keys: the one place the portal gets its Sealer, and key rotation.

Personal data at rest is sealed with DATA_ENCRYPTION_KEYS (``app.settings``), never with
SECRET_KEY, which signs sessions and CSRF tokens: changing one never touches the other.
Values written before data keys existed were sealed with a key derived from SECRET_KEY;
they still open (the ring is given that old key) until ``reseal`` has rewritten them.

Rotating a key, with the portal running throughout:

1. ``python -m app.services.keys new`` prints a new ``id:secret`` entry.
2. Put it first in DATA_ENCRYPTION_KEYS, keeping the old ones after it
   (``new-id:...,old-id:...``), and restart or redeploy the web processes and workers.
   New values are sealed with the new key; old values still open.
3. ``python -m app.services.keys reseal`` rewrites every sealed value and evidence file
   that is not under the newest key, in small batches (each its own short transaction;
   a row changed meanwhile is left alone and picked up by the next run). It prints how
   many it rewrote per kind and ends with what is still left; run it again until nothing is.
4. Remove the old entry from DATA_ENCRYPTION_KEYS and restart. ``python -m app.services.keys
   check`` says whether anything still needs a key that is not listed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.services.crypto import CannotDecrypt, Sealer
from app.services.evidence.storage import write_atomically
from app.settings import Settings, new_data_key

log = logging.getLogger(__name__)

BATCH = 200


@lru_cache(maxsize=8)
def _sealer(keys: tuple[tuple[str, str], ...], legacy_secret: str) -> Sealer:
    return Sealer.from_keys(keys, legacy_secret=legacy_secret)


def sealer_for(settings: Settings) -> Sealer:
    """The Sealer for every piece of personal data the portal keeps: the newest data key seals,
    every listed key (and SECRET_KEY, for values sealed before data keys) opens."""
    return _sealer(tuple(settings.resolved_data_encryption_keys), settings.resolved_secret_key)


# ------------------------------------------------------------------ what is sealed, and where


@dataclass(frozen=True)
class SealedColumn:
    kind: str
    model: Any
    column: str
    context: bytes


def sealed_columns() -> list[SealedColumn]:
    """Every column holding a sealed value. (Evidence files on disk are handled beside these.)"""
    from app.models.claim import Claim, ClaimAnswer, ClaimAnswerHistory
    from app.models.delivery import Delivery
    from app.models.evidence import Evidence
    from app.models.notification import Notification
    from app.models.saved_result import CheckSession, SavedResult
    from app.models.staff import ClaimNote
    from app.services import claims, notify, saved_results
    from app.services.advisor import notes
    from app.services.evidence import records
    from app.services.submission import delivery

    return [
        SealedColumn("claim answers", ClaimAnswer, "value_sealed", claims.ANSWER_CONTEXT),
        SealedColumn("claim answer history", ClaimAnswerHistory, "value_sealed", claims.ANSWER_CONTEXT),
        SealedColumn("claim contacts", Claim, "contact_sealed", claims.CONTACT_CONTEXT),
        SealedColumn("evidence file names", Evidence, "filename_sealed", records.FILENAME_CONTEXT),
        SealedColumn("check answers", CheckSession, "state", saved_results.STATE_CONTEXT),
        SealedColumn("kept results", SavedResult, "state", saved_results.SAVED_CONTEXT),
        SealedColumn("notification recipients", Notification, "recipient_sealed", notify.CONTEXT),
        SealedColumn("notification contents", Notification, "personalisation_sealed", notify.CONTEXT),
        SealedColumn("delivery packages", Delivery, "package_sealed", delivery.PACKAGE_CONTEXT),
        SealedColumn("delivery summaries", Delivery, "summary_sealed", delivery.SUMMARY_CONTEXT),
        SealedColumn("claim notes", ClaimNote, "text_sealed", notes.CONTEXT),
    ]


def _batches(session: Session, model: Any, column: Any) -> Iterator[list[tuple[Any, bytes]]]:
    """(id, sealed value) in id order, a batch at a time; each batch read in a fresh transaction."""
    last = None
    while True:
        query = select(model.id, column).where(column.is_not(None)).order_by(model.id).limit(BATCH)
        if last is not None:
            query = query.where(model.id > last)
        rows = [(row[0], row[1]) for row in session.execute(query)]
        session.rollback()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def reseal_column(session: Session, sealer: Sealer, target: SealedColumn) -> int:
    """Rewrite the column's values that are not under the newest key. Commits each batch.

    A value no listed key opens is left as it is (``unreadable`` counts them)."""
    column = getattr(target.model, target.column)
    done = 0
    for rows in _batches(session, target.model, column):
        for row_id, token in rows:
            if sealer.is_current(token):
                continue
            try:
                fresh = sealer.reseal(token, context=target.context)
            except CannotDecrypt:
                log.warning("a %s value could not be opened with the listed keys; left as it is", target.kind)
                continue
            # Only if nobody changed it meanwhile: a concurrent save already wrote the newest key.
            result = session.execute(
                update(target.model).where(target.model.id == row_id, column == token).values({target.column: fresh})
                .execution_options(synchronize_session=False)
            )
            done += result.rowcount
        session.commit()
    return done


def evidence_files(session: Session, settings: Settings) -> Iterator[tuple[Path, str]]:
    """The path and storage key of every evidence file a row names (a missing file is skipped)."""
    from app.models.evidence import Evidence
    from app.services.evidence.storage import EvidenceStore

    store = EvidenceStore(settings.data_dir / "evidence", sealer_for(settings))
    for rows in _batches(session, Evidence, Evidence.storage_key):
        for _, key in rows:
            path = store.root / key[:2] / key
            if path.exists():
                yield path, key


def reseal_files(session: Session, settings: Settings, sealer: Sealer) -> int:
    """Rewrite evidence files on disk not sealed with the newest key (write, then rename)."""
    from app.services.evidence.storage import CONTEXT

    from app.models.evidence import Evidence

    done = 0
    for path, key in evidence_files(session, settings):
        try:
            token = path.read_bytes()
        except FileNotFoundError:  # deleted meanwhile (purged, erased)
            continue
        if sealer.is_current(token):
            continue
        try:
            fresh = sealer.reseal(token, context=CONTEXT)
        except CannotDecrypt:
            log.warning("an evidence file could not be opened with the listed keys; left as it is")
            continue
        write_atomically(path, fresh, prefix=".reseal-")
        # Deleted (purged, erased) while this was being rewritten: do not leave the file behind.
        if session.scalar(select(Evidence.id).where(Evidence.storage_key == key)) is None:
            path.unlink(missing_ok=True)
        session.rollback()
        done += 1
    return done


def reseal(session: Session, settings: Settings, *, report: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Reseal everything under the newest data key. Returns how many values per kind."""
    sealer = sealer_for(settings)
    counts: dict[str, int] = {}
    for target in sealed_columns():
        counts[target.kind] = counts.get(target.kind, 0) + reseal_column(session, sealer, target)
        if report:
            report(target.kind, counts[target.kind])
    counts["evidence files"] = reseal_files(session, settings, sealer)
    if report:
        report("evidence files", counts["evidence files"])
    return counts


def not_current(session: Session, settings: Settings) -> dict[str, int]:
    """How many values per kind are not yet under the newest key (0 everywhere: old keys can go)."""
    sealer = sealer_for(settings)
    left: dict[str, int] = {}
    for target in sealed_columns():
        column = getattr(target.model, target.column)
        left[target.kind] = left.get(target.kind, 0) + sum(
            1 for rows in _batches(session, target.model, column) for _, token in rows if not sealer.is_current(token)
        )
    left["evidence files"] = sum(1 for path, _ in evidence_files(session, settings) if not sealer.is_current(path.read_bytes()))
    return left


def unreadable(session: Session, settings: Settings) -> dict[str, int]:
    """How many values per kind the listed keys cannot open (a key removed too early)."""
    from app.services.evidence.storage import CONTEXT

    sealer = sealer_for(settings)

    def fails(token: bytes, context: bytes) -> bool:
        try:
            sealer.open(token, context=context)
        except CannotDecrypt:
            return True
        return False

    bad: dict[str, int] = {}
    for target in sealed_columns():
        column = getattr(target.model, target.column)
        bad[target.kind] = bad.get(target.kind, 0) + sum(
            1 for rows in _batches(session, target.model, column) for _, token in rows if fails(token, target.context)
        )
    bad["evidence files"] = sum(1 for path, _ in evidence_files(session, settings) if fails(path.read_bytes(), CONTEXT))
    return bad


def main(argv: list[str]) -> int:
    from app.db import make_engine, make_sessionmaker

    parser = argparse.ArgumentParser(prog="python -m app.services.keys", description="Data encryption keys.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("new", help="print a new id:secret entry for DATA_ENCRYPTION_KEYS")
    commands.add_parser("reseal", help="rewrite everything under the newest key, in small batches")
    commands.add_parser("check", help="count values not under the newest key, and values no listed key opens")
    args = parser.parse_args(argv)
    if args.command == "new":
        print(new_data_key())
        return 0
    settings = Settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as session:
            if args.command == "reseal":
                counts = reseal(session, settings)
                for kind, count in counts.items():
                    print(f"resealed {count} {kind}")
                left = sum(not_current(session, settings).values())
                print(f"still under an older key: {left}")
                return 0 if left == 0 else 1
            left, bad = not_current(session, settings), unreadable(session, settings)
            for kind in left:
                print(f"{kind}: {left[kind]} under an older key, {bad[kind]} unreadable")
            return 0 if not any(bad.values()) else 1
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
