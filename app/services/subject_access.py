"""Subject access and erasure: everything the portal holds about a claim (or a kept result), for staff.

    python -m app.services.subject_access export --claim HB-7K3M9QXW2P [--out DIR] [--by STAFF-ID]
    python -m app.services.subject_access export --kept ABCD2345 [--out DIR]
    python -m app.services.subject_access erase --claim HB-7K3M9QXW2P [--by STAFF-ID]
    python -m app.services.subject_access erase --kept ABCD2345

``export`` writes a folder: ``summary.html`` (for a person to read), ``data.json`` (the same,
for a machine) and ``evidence/`` (the files, opened). For a claim it holds the claim's
details, its current answers, the history of every answer with who entered it and when,
its events, its evidence files and their names, the status of each back-office delivery,
the contact kept for a reminder, and the messages sent about it. ``erase`` deletes all of
that (rows, then files), the messages, and the guessing-protection counters for the
reference. A claim already delivered to the back office cannot be erased there from
here: the erasure says so, and the council erases the back-office copy itself.

Both record an audit event (``subject-access-export``, ``subject-erasure``; for an erasure
after delivery, also ``subject-erasure-back-office-copy``) naming the claim's or result's
internal id and the staff id given with ``--by``: nothing about the person.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models.audit import ActorKind, AuditEvent
from app.models.claim import Claim, ClaimAnswer, ClaimAnswerHistory, ClaimEvent
from app.models.delivery import DELIVERED, Delivery
from app.models.evidence import Evidence
from app.models.notification import Notification
from app.models.saved_result import SavedResult
from app.services import claims, retention, saved_results
from app.services.crypto import CannotDecrypt, Sealer
from app.services.evidence import records
from app.services.evidence.storage import NoSuchFile
from app.services.keys import sealer_for
from app.services.notify import CONTEXT as NOTIFICATION_CONTEXT
from app.services.rate_limit import key_for, limiter_for
from app.settings import Settings

EXPORTED = "subject-access-export"
ERASED = "subject-erasure"
ERASED_AFTER_DELIVERY = "subject-erasure-back-office-copy"
STAFF_REF = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_BATCH = 200


class NotFound(LookupError):
    """No claim or kept result has that reference."""


def _when(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def audit(session: Session, action: str, subject: str, by: str | None) -> None:
    """An audit event with no personal data: a fixed verb, an internal id, an opaque staff id."""
    if by is not None and not STAFF_REF.match(by):
        raise ValueError("the staff id is up to 64 letters, digits, dots, dashes, underscores or @")
    session.add(AuditEvent(at=datetime.now(UTC), actor_kind=ActorKind.ADVISOR if by else ActorKind.SYSTEM,
                           actor_ref=by, action=action, subject_ref=subject))


def _messages_about(session: Session, sealer: Sealer, references: set[str]) -> Iterator[tuple[Notification, str, dict]]:
    """Outbox messages whose content names one of the references (messages are not linked by row)."""
    last = None
    while True:
        query = select(Notification).order_by(Notification.id).limit(_BATCH)
        if last is not None:
            query = query.where(Notification.id > last)
        rows = session.scalars(query).all()
        if not rows:
            return
        for row in rows:
            try:
                content = sealer.open_json(row.personalisation_sealed, context=NOTIFICATION_CONTEXT)
            except CannotDecrypt:
                continue
            if str(content.get("reference", "")).replace(" ", "").upper() in references:
                yield row, sealer.open_json(row.recipient_sealed, context=NOTIFICATION_CONTEXT), content
        last = rows[-1].id


def _message(row: Notification, to: str, content: dict) -> dict[str, Any]:
    return {"sent_at": _when(row.created_at), "channel": row.channel, "template": row.template, "to": to,
            "content": content, "status": row.status}


# ------------------------------------------------------------------ what is held


@dataclass
class Bundle:
    """Everything held about one claim or kept result, opened."""

    kind: str  # "claim" | "kept result"
    reference: str
    subject: str
    data: dict[str, Any] = field(default_factory=dict)
    files: list[tuple[str, bytes]] = field(default_factory=list)


def claim_bundle(session: Session, settings: Settings, reference: str) -> Bundle:
    sealer = sealer_for(settings)
    claim = claims.get_claim(session, claims.normalise_reference(reference))
    if claim is None:
        raise NotFound(reference)
    store = records.store_for(settings)

    def opened(token: bytes | None) -> Any:
        return None if token is None else sealer.open_json(token, context=claims.ANSWER_CONTEXT)

    answers = session.scalars(select(ClaimAnswer).where(ClaimAnswer.claim_id == claim.id).order_by(ClaimAnswer.key)).all()
    history = session.scalars(select(ClaimAnswerHistory).where(ClaimAnswerHistory.claim_id == claim.id)
                              .order_by(ClaimAnswerHistory.entered_at, ClaimAnswerHistory.key)).all()
    events = session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.at)).all()
    evidence = session.scalars(select(Evidence).where(Evidence.claim_id == claim.id).order_by(Evidence.uploaded_at)).all()
    deliveries = session.scalars(select(Delivery).where(Delivery.claim_id == claim.id).order_by(Delivery.created_at)).all()
    bundle = Bundle("claim", claim.reference, f"claim:{claim.id}")
    files = []
    for number, row in enumerate(evidence, start=1):
        name = records.filename_of(row, sealer)
        saved_as = f"evidence/{number}-{_safe(name)}"
        try:
            bundle.files.append((saved_as, store.get(row.storage_key)))
        except NoSuchFile:
            saved_as = None
        files.append({"item": row.item_key, "file_name": name, "content_type": row.content_type, "size_bytes": row.size_bytes,
                      "uploaded_at": _when(row.uploaded_at), "uploaded_by": _who(row.uploaded_by_kind, row.uploaded_by_ref),
                      "virus_scan": row.scan_result, "saved_as": saved_as})
    contact = sealer.open_json(claim.contact_sealed, context=claims.CONTACT_CONTEXT) if claim.contact_sealed else None
    bundle.data = {
        "claim": {"reference": claim.reference, "status": claim.status, "council": claim.council, "form": claim.form_id,
                  "form_version": claim.form_version, "claim_date": _when(claim.claim_date), "started_at": _when(claim.created_at),
                  "last_saved_at": _when(claim.updated_at), "submitted_at": _when(claim.submitted_at),
                  "draft_deleted_after": _when(claim.expires_at) if claim.is_draft else None,
                  "saved_with_secret": claim.secret_hash is not None, "contact_for_reminder": contact},
        "answers": [{"question": a.key, "answer": opened(a.value_sealed), "entered_by": _who(a.entered_by_kind, a.entered_by_ref),
                     "entered_at": _when(a.entered_at)} for a in answers],
        "history": [{"question": h.key, "answer": opened(h.value_sealed), "removed": h.value_sealed is None,
                     "entered_by": _who(h.entered_by_kind, h.entered_by_ref), "entered_at": _when(h.entered_at)} for h in history],
        "events": [{"what": e.kind, "by": _who(e.actor_kind, e.actor_ref), "at": _when(e.at)} for e in events],
        "evidence": files,
        "deliveries_to_back_office": [{"kind": d.kind, "status": d.status, "attempts": d.attempts,
                                       "last_attempt_at": _when(d.last_attempt_at), "delivered_at": _when(d.delivered_at),
                                       "last_error": d.last_error} for d in deliveries],
        "messages": [_message(*found) for found in _messages_about(session, sealer, {claim.reference})],
    }
    session.rollback()
    return bundle


def kept_result_bundle(session: Session, settings: Settings, reference: str) -> Bundle:
    sealer = sealer_for(settings)
    normal = saved_results.normalise_reference(reference)
    row = session.scalars(select(SavedResult).where(SavedResult.reference == normal)).one_or_none() if normal else None
    if row is None:
        raise NotFound(reference)
    bundle = Bundle("kept result", row.reference, f"saved-result:{row.id}")
    bundle.data = {
        "kept_result": {"reference": saved_results.show_reference(row.reference), "kept_at": _when(row.created_at),
                        "answers": sealer.open_json(row.state, context=saved_results.SAVED_CONTEXT)},
        "messages": [_message(*found) for found in _messages_about(session, sealer, {row.reference})],
    }
    session.rollback()
    return bundle


def _who(kind: ActorKind | str, ref: str | None) -> str:
    kind = kind.value if isinstance(kind, ActorKind) else str(kind)
    return f"{kind} {ref}" if ref else kind


def _safe(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", name).strip(" .") or "file"
    return cleaned[:80]


# ------------------------------------------------------------------ export


def write_bundle(bundle: Bundle, out: Path) -> Path:
    """The bundle as a folder under ``out``: summary.html, data.json and the files. Returns the folder."""
    folder = out / f"{bundle.reference}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    (folder / "evidence").mkdir(parents=True, mode=0o700)
    (folder / "data.json").write_text(json.dumps(bundle.data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    (folder / "summary.html").write_text(summary_html(bundle), encoding="utf-8")
    for name, data in bundle.files:
        (folder / name).write_bytes(data)
    return folder


def export(session: Session, settings: Settings, *, out: Path, claim: str | None = None, kept: str | None = None,
           by: str | None = None) -> Path:
    bundle = claim_bundle(session, settings, claim) if claim else kept_result_bundle(session, settings, kept or "")
    folder = write_bundle(bundle, out)
    audit(session, EXPORTED, bundle.subject, by)
    session.commit()
    return folder


def _value(value: Any) -> str:
    if value is None:
        return "<em>(none)</em>"
    if isinstance(value, str | int | float | bool):
        return html.escape(str(value))
    return "<pre>" + html.escape(json.dumps(value, indent=2, ensure_ascii=False)) + "</pre>"


def _table(caption: str, rows: list[dict[str, Any]]) -> str:
    if not rows:
        return f"<h2>{html.escape(caption)}</h2><p>None.</p>"
    heads = list(rows[0])
    head = "".join(f'<th scope="col">{html.escape(h.replace("_", " ").capitalize())}</th>' for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{_value(row[h])}</td>" for h in heads) + "</tr>" for row in rows)
    return f"<h2>{html.escape(caption)}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def summary_html(bundle: Bundle) -> str:
    """A page a person can read: each section of data.json as a table."""
    title = f"What we hold about {bundle.kind} {bundle.reference}"
    sections = []
    for name, content in bundle.data.items():
        caption = name.replace("_", " ").capitalize()
        if isinstance(content, dict):
            sections.append(_table(caption, [{"detail": k.replace("_", " "), "value": v} for k, v in content.items()]))
        else:
            sections.append(_table(caption, content))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}"
        "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}th,td{border:1px solid #b1b4b6;padding:.4em;"
        "text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p>Exported {html.escape(datetime.now(UTC).strftime('%d %B %Y at %H:%M UTC'))}. Times are in UTC. "
        "Files uploaded as evidence are in the <code>evidence</code> folder beside this page.</p>"
        + "".join(sections)
        + "</body></html>\n"
    )


# ------------------------------------------------------------------ erasure


@dataclass(frozen=True)
class Erasure:
    reference: str
    delivered: int  # deliveries the back office had already received: it holds a copy
    cancelled: int  # deliveries not yet sent, now never sent
    files: int
    messages: int

    def lines(self) -> list[str]:
        out = [f"erased {self.reference}: {self.files} evidence files, {self.messages} messages"]
        if self.delivered:
            out.append(f"the back office had already received this claim ({self.delivered} deliveries): erase its copy there too")
        if self.cancelled:
            out.append(f"{self.cancelled} deliveries not yet sent were cancelled")
        return out


def _reset_counters(session: Session, settings: Settings, *keys: str) -> None:
    limiter = limiter_for(settings, session)
    for key in keys:
        limiter.reset(key)


def _erase_messages(session: Session, settings: Settings, references: set[str]) -> int:
    ids = [row.id for row, _, _ in _messages_about(session, sealer_for(settings), references)]
    if ids:
        session.execute(delete(Notification).where(Notification.id.in_(ids)), execution_options=retention.NO_SYNC)
    return len(ids)


def erase_claim(session: Session, settings: Settings, reference: str, *, by: str | None = None) -> Erasure:
    """Erase a claim: its rows and files, messages about it, and counters for its reference. Commits."""
    claim = claims.get_claim(session, claims.normalise_reference(reference))
    if claim is None:
        raise NotFound(reference)
    claim_id, reference = claim.id, claim.reference
    deliveries = session.scalars(select(Delivery.status).where(Delivery.claim_id == claim_id)).all()
    delivered = sum(1 for status in deliveries if status == DELIVERED)
    messages = _erase_messages(session, settings, {reference})
    _reset_counters(session, settings, key_for("resume-ref", reference, settings.resolved_secret_key))
    subject = f"claim:{claim_id}"
    audit(session, ERASED, subject, by)
    if delivered:
        audit(session, ERASED_AFTER_DELIVERY, subject, by)
    _, storage_keys = retention.delete_claim_rows(session, [claim_id])
    session.commit()
    # Files only once the rows are gone for good (the retention job sweeps any a crash leaves).
    files = retention.delete_files(retention.store_for(settings), storage_keys)
    return Erasure(reference, delivered, len(deliveries) - delivered, files, messages)


def erase_kept_result(session: Session, settings: Settings, reference: str, *, by: str | None = None) -> Erasure:
    normal = saved_results.normalise_reference(reference)
    row = session.scalars(select(SavedResult).where(SavedResult.reference == normal)).one_or_none() if normal else None
    if row is None:
        raise NotFound(reference)
    row_id, normal = row.id, row.reference
    messages = _erase_messages(session, settings, {normal})
    _reset_counters(session, settings, key_for("check-resume-ref", normal, settings.resolved_secret_key))
    audit(session, ERASED, f"saved-result:{row_id}", by)
    session.execute(delete(SavedResult).where(SavedResult.id == row_id), execution_options=retention.NO_SYNC)
    session.commit()
    return Erasure(saved_results.show_reference(normal), 0, 0, 0, messages)


def main(argv: list[str]) -> int:
    from app.db import make_engine, make_sessionmaker

    parser = argparse.ArgumentParser(prog="python -m app.services.subject_access",
                                     description="Export or erase everything held about a claim or a kept result.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("export", "write everything held to a folder"), ("erase", "erase everything held")):
        command = commands.add_parser(name, help=text)
        which = command.add_mutually_exclusive_group(required=True)
        which.add_argument("--claim", help="a claim reference, e.g. HB-7K3M9QXW2P")
        which.add_argument("--kept", help="a kept result's reference, e.g. ABCD 2345")
        command.add_argument("--by", help="the staff member's id, for the audit record")
        if name == "export":
            command.add_argument("--out", type=Path, default=Path("."), help="folder to write the export in (default: here)")
    args = parser.parse_args(argv)
    settings = Settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as session:
            if args.command == "export":
                folder = export(session, settings, out=args.out, claim=args.claim, kept=args.kept, by=args.by)
                print(f"exported to {folder}")
            else:
                erase = erase_claim if args.claim else erase_kept_result
                for line in erase(session, settings, args.claim or args.kept, by=args.by).lines():
                    print(line)
    except NotFound:
        print("no claim or kept result has that reference", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
