"""Notes on a claim: for the claimant (shown on their task list) or for colleagues. The text is sealed."""

from __future__ import annotations

CONTEXT = b"claim-note"
CLAIMANT = "claimant"
STAFF = "staff"
