"""SQLAlchemy models. Importing this package registers every table on Base.metadata."""

from app.models.audit import ActorKind, AuditEvent
from app.models.base import Base
from app.models import claim, notification  # noqa: F401,E402  (claims and the notifications outbox)
from app.models import evidence  # noqa: F401,E402  (evidence files uploaded against a claim)
from app.models import saved_result  # noqa: F401,E402  (check answers in progress and saved results)
from app.models import delivery  # noqa: F401,E402  (the back-office outbox)
from app.models import browser_session  # noqa: F401,E402  (server-side browser sessions)

__all__ = ["ActorKind", "AuditEvent", "Base"]
from app.models import kiosk  # noqa: F401,E402  (enrolled kiosks and help requests made on them)
from app.models import staff  # noqa: F401,E402  (staff, their sessions, claim access, notes, flags, co-browse)
