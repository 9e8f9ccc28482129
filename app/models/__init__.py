"""SQLAlchemy models. Importing this package registers every table on Base.metadata."""

from app.models.audit import ActorKind, AuditEvent
from app.models.base import Base

__all__ = ["ActorKind", "AuditEvent", "Base"]
